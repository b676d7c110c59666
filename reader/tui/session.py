"""What the reader keeps of a session, without Textual: which articles were read, where each
was left, the last article and the active entity, and the status line's arithmetic.

`ReadingSession` wraps the reading-state database (`reader.store.reading_state`) with the
app's rules: an article opened in this session is read, whatever the database says; which
articles were read is known by path before any text is read; positions are saved only when
they changed.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, MutableSet, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.corpus.corpus import Corpus
from reader.ingest.article import Article
from reader.store.keys import presumed_state_keys, session_key, state_key
from reader.store.reading_state import ReadingState, digest


class IndexSet(MutableSet[int]):
    """A set of article numbers, one byte each: the unread markers of 100,000 articles in 100 KB,
    where a set of ints took 4 MB of hash table and 2.8 MB of ints."""

    __slots__ = ("_flags", "_count")
    __hash__ = None  # type: ignore[assignment]  # mutable, as a set is

    def __init__(self, members: Iterable[int] = ()) -> None:
        self._flags = bytearray()
        self._count = 0
        for number in members:
            self.add(number)

    @classmethod
    def from_flags(cls, flags: bytearray) -> IndexSet:
        """The numbers whose byte in `flags` is 1 (each byte 0 or 1); `flags` is taken, not copied."""
        made = cls()
        made._flags = flags
        made._count = flags.count(1)
        return made

    def __contains__(self, number: object) -> bool:
        return isinstance(number, int) and 0 <= number < len(self._flags) and self._flags[number] == 1

    def __iter__(self) -> Iterator[int]:
        flags = self._flags
        at = flags.find(1)
        while at >= 0:
            yield at
            at = flags.find(1, at + 1)

    def __len__(self) -> int:
        return self._count

    def add(self, number: int) -> None:
        if number < 0:
            raise ValueError(f"an article number is not negative: {number}")
        flags = self._flags
        if number >= len(flags):
            flags.extend(bytes(number + 1 - len(flags)))
        if not flags[number]:
            flags[number] = 1
            self._count += 1

    def discard(self, number: int) -> None:
        if number in self:
            self._flags[number] = 0
            self._count -= 1

    def __eq__(self, other: object) -> bool:
        if isinstance(other, IndexSet):
            return self._count == other._count and self._flags.rstrip(b"\0") == other._flags.rstrip(b"\0")
        return super().__eq__(other)

    def __repr__(self) -> str:
        return f"IndexSet({list(self)!r})"


@dataclass(slots=True)
class StatusFields:
    """What the status line shows (see `StatusLine.show`)."""

    entity: str
    ordinal: int
    total: int
    source: str
    in_article: tuple[int, int] | None
    article_position: tuple[int, int]
    # A summit's: the meeting of the stop (without the series' name), and what n/N walk,
    # "series" or "meeting" ("" for other entities). A total of -1 is not counted yet.
    instance: str = ""
    mode: str = ""


class ReadingSession:
    """Read markers, saved positions, the last article and the active entity of one folder set."""

    def __init__(self, state: ReadingState, paths: Sequence[Path]) -> None:
        self.state = state
        self.key = session_key(paths)
        self.active = ""
        # Article path -> its exact reading-state key, for the few whose key is not the presumed
        # one (a symlinked file's), as the last check of the files found them.
        self._unpresumed: dict[str, str] = {}
        self._article_keys: dict[str, tuple[str, str]] = {}  # article path -> article_key
        # Articles opened in this session: read, whatever the state database says (it says
        # nothing without saving, and a corpus that arrives later marks from it again).
        self._opened: set[str] = set()
        self._saved_position: tuple[str, int] | None = None

    # ------------------------------------------------------------ read markers

    def learn_state_keys(self, keys: dict[str, str]) -> bool:
        """The exact reading-state keys that differ from the presumed ones, found off the UI
        thread for every article of the checked corpus; they replace those known before (a
        symlink made a plain file since differs no more). Whether they changed."""
        changed = keys != self._unpresumed
        self._unpresumed = dict(keys)
        return changed

    def unread(self, paths: list[str]) -> IndexSet:
        """Which of these articles were not read: by their presumed state keys (no system call
        per file) but where a file is known to differ (only a symlinked file can), and never
        one opened in this session."""
        keys = presumed_state_keys(paths)
        if self._unpresumed:
            keys = [self._unpresumed.get(path, key) for path, key in zip(paths, keys)]
        read = self.state.read_paths(keys)
        opened = self._opened
        return IndexSet.from_flags(bytearray(key not in read and path not in opened for path, key in zip(paths, keys)))

    def article_key(self, article: Article) -> tuple[str, str]:
        """(state key, digest of the text): saved positions apply only to the same text. Kept
        per article: it asks the file system (is the file a symlink?) and reads the text."""
        key = self._article_keys.get(article.path)
        if key is None:
            key = self._article_keys[article.path] = (state_key(article.path), digest(article.text))
        return key

    # ------------------------------------------------------------ articles and positions

    def opened(self, article: Article, read: bool = True) -> int:
        """Record that `article` is open; opened by the reader means read, even if the app is
        closed before scrolling (`read=False`: shown at start, not read until looked at). Returns
        the scroll position saved for it."""
        key = self.article_key(article)
        was_read, scroll = self.state.article(*key)
        if self.state.saving:
            self.state.save_article(*key, read or was_read, scroll)
            self._saved_position = (key[0], scroll)
        if read:
            self._opened.add(article.path)
        self.state.save_session(self.key, "article", article.path)
        return scroll

    def set_read(self, article: Article, read: bool) -> None:
        """Mark `article` read or unread (`m`), keeping its saved place."""
        key = self.article_key(article)
        scroll = self.state.article(*key)[1]
        self.state.save_article(*key, read, scroll)
        if read:
            self._opened.add(article.path)
        else:
            self._opened.discard(article.path)

    def remember_position(self, article: Article, scroll: int) -> None:
        """One short write when the place in `article` changed, none otherwise."""
        if not self.state.saving:
            return
        path, text_digest = self.article_key(article)
        position = (path, scroll)
        if position != self._saved_position:
            self.state.save_article(path, text_digest, True, scroll)
            self._saved_position = position

    def start_article(self, paths: list[str]) -> int:
        """The article the last session on these folders ended on, else the first."""
        path = self.state.session(self.key).get("article")
        return paths.index(path) if path in paths else 0

    def saved_entity(self) -> str:
        return self.state.session(self.key).get("entity", "")

    def set_active(self, entity: str) -> None:
        self.active = entity
        self.state.save_session(self.key, "entity", entity)

    def close(self) -> None:
        self.state.close()


def status_fields(
    corpus: Corpus, active: str, current: int, index: int | None, on_active: bool, hidden: bool = False
) -> StatusFields:
    """The status line for article `current` and the mention at `index` (a jump's, or the
    cursor's; `on_active`: it is a mention of `active`), counted among the stops `n` visits
    (`hidden`: those in hidden text too, as in the raw view)."""
    article_position = (current + 1, len(corpus.articles))
    if not active:
        return StatusFields("", 0, 0, "", None, article_position)
    places = corpus.stops(active, hidden)[0]
    ordinal = corpus.position(active, current, index, hidden=hidden).ordinal if index is not None and on_active else 0
    # This article's stretch of the entity's mentions (in corpus order): bisect, not a scan,
    # so a jump in an article with thousands of mentions stays instant.
    first = bisect.bisect_left(places, (current, -1))
    last = bisect.bisect_left(places, (current + 1, -1))
    in_article = None
    if last > first:
        at = bisect.bisect_left(places, (current, index if index is not None else -1), first, last)
        here = at - first + 1 if index is not None and at < last and places[at] == (current, index) else 0
        in_article = (here, last - first)
    return StatusFields(active, ordinal, len(places), corpus.articles[current].source, in_article, article_position)


def skipped_notice(problems: Sequence[object]) -> str:
    """One line for the files that were skipped: the first, and how many more."""
    more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
    return f"Skipped {len(problems)} file(s): {problems[0]}{more}"
