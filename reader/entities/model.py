"""The records the engine produces: a Mention is a span of one article, an Entity is what it names."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

# The entity types, in the order panels list them, with what each is called: spaCy's labels,
# so output can be compared with other tools. A new type is one entry here, plus its colour
# (`.mention--<type>`) in the stylesheet.
TYPE_NAMES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "country, city or state",
    "LOC": "region",
    "EVENT": "event or summit",
    "NORP": "nationality or group",
}
ENTITY_TYPES = tuple(TYPE_NAMES)


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    type: str
    # The recogniser's identity hint: a gazetteer canonical name, or the name as written.
    key: str = ""
    # Set by linking: the canonical name shared by every mention of the same referent.
    entity: str = ""
    instance: str = ""
    generic: bool = False
    # Which rule found it, for debugging and for the corrections file.
    rule: str = ""

    def record(self, doc: str, content: str) -> dict:
        """The JSON Lines form of `reader entities --json`; `text` is `content[start:end]` of the
        decoded file text (JSON escaping keeps any control character in it harmless)."""
        row = {
            "doc": doc,
            "start": self.start,
            "end": self.end,
            "text": content[self.start : self.end],
            "type": self.type,
            "entity": self.entity,
        }
        if self.instance:
            row["instance"] = self.instance
        if self.generic:
            row["generic"] = True
        return row


class Entity:
    """What mentions name: a canonical name, a type, the spellings it was written in, and its
    mentions in corpus order. A corpus restored from the cache loads `occurrences` on first use
    (its `count` is known without them). `occurrences` is complete when given: the article count
    is worked out from it once."""

    __slots__ = ("name", "type", "aliases", "_count", "_article_count", "_occurrences", "_load_occurrences")

    def __init__(
        self,
        name: str,
        type: str,
        aliases: Collection[str] | None = None,
        occurrences: Sequence[tuple[int, int]] | None = None,
        *,
        count: int = 0,
        article_count: int = 0,
        load_occurrences: Callable[[Entity], Sequence[tuple[int, int]]] | None = None,
    ) -> None:
        self.name = name
        self.type = type
        # A set while linking; a tuple in a restored corpus (a fifth the size: nothing adds to it).
        self.aliases = aliases if aliases is not None else ()
        self._count = count
        self._article_count = article_count
        self._load_occurrences = load_occurrences
        self._occurrences = occurrences if occurrences is not None or load_occurrences else []

    @property
    def occurrences(self) -> Sequence[tuple[int, int]]:
        """(article index, mention index) pairs: article list order, then offset."""
        if self._occurrences is None:
            assert self._load_occurrences is not None  # set whenever occurrences are not given
            self._occurrences = self._load_occurrences(self)
        return self._occurrences

    @property
    def count(self) -> int:
        return self._count if self._occurrences is None else len(self._occurrences)

    @property
    def article_count(self) -> int:
        """In how many articles it is mentioned (known without loading the occurrences)."""
        if self._occurrences is None or self._article_count:
            return self._article_count
        self._article_count = len({article for article, _ in self._occurrences})
        return self._article_count

    @property
    def articles(self) -> list[int]:
        return sorted({article for article, _ in self.occurrences})

    def __repr__(self) -> str:
        return f"Entity({self.name!r}, {self.type!r}, count={self.count})"
