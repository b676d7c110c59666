"""The records the engine produces: a Mention is a span of one article, an Entity is what it names."""

from __future__ import annotations

from dataclasses import dataclass, field

# spaCy's labels, so output can be compared with other tools.
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "EVENT", "NORP")
TYPE_NAMES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "country, city or state",
    "LOC": "region",
    "EVENT": "event or summit",
    "NORP": "nationality or group",
}


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
        row = {"doc": doc, "start": self.start, "end": self.end, "text": content[self.start : self.end],
               "type": self.type, "entity": self.entity}
        if self.instance:
            row["instance"] = self.instance
        if self.generic:
            row["generic"] = True
        return row


@dataclass(slots=True)
class Entity:
    name: str
    type: str
    aliases: set[str] = field(default_factory=set)
    # (article index, mention index) in corpus order: article list order, then offset.
    occurrences: list[tuple[int, int]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.occurrences)

    @property
    def articles(self) -> list[int]:
        return sorted({article for article, _ in self.occurrences})
