"""A corpus you can search and walk, mention by mention.

`Corpus` is what the CLI and the app talk to: the article list, each article's mentions,
the entity table, search (see `reader.corpus.search`), and the corpus order of an entity's
mentions for next / previous.
"""

from __future__ import annotations

import bisect
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reader.corpus.search import ArticleHit, EntityHit, FormRows, SearchIndex
from reader.entities.model import Entity, Mention
from reader.entities.pairs import Pairs
from reader.ingest.article import Article, Problem

if TYPE_CHECKING:
    from reader.entities.gazetteer import Gazetteer

Progress = Callable[[int, int], None]


@dataclass(slots=True)
class Position:
    """A mention located in the corpus."""

    article: int
    index: int  # into corpus.mentions[article]
    mention: Mention
    ordinal: int  # 1-based place among the entity's mentions
    total: int
    wrapped: bool = False


@dataclass(eq=False)
class Corpus:
    """`mentions[i]` are article i's mentions in offset order: a list, or a `StoredMentions` that
    reads them from the index cache when first asked for."""

    articles: list[Article]
    mentions: Sequence[list[Mention]]
    entities: dict[str, Entity]
    problems: list[Problem] = field(default_factory=list)
    gazetteer: Gazetteer | None = field(default=None, repr=False)
    # The key of the stored snapshot this corpus is (see reader.store.snapshots), if any.
    key: str = ""
    _step_keys: dict[str, Sequence[tuple[int, int]]] = field(default_factory=dict, repr=False)
    # The end offset of each of an entity's mentions, when the stored corpus gave them.
    _ends: dict[str, Sequence[int]] = field(default_factory=dict, repr=False)
    _shown_stops: dict[str, tuple[Sequence[tuple[int, int]], Sequence[tuple[int, int]]]] = field(
        default_factory=dict, repr=False
    )
    _search_index: SearchIndex | None = field(default=None, repr=False)
    # The search forms kept with the stored snapshot (None when it has none, or they cannot be read).
    stored_search_forms: Callable[[], FormRows | None] | None = field(default=None, repr=False)
    # Loads a gazetteer when the search forms must be made from the entities and none is set (a
    # command shows a stored corpus before it loads one: see reader.cli.commands).
    load_gazetteer: Callable[[], Gazetteer] | None = field(default=None, repr=False)
    # One query answered from the stored snapshot's answer tables (None when it cannot be).
    stored_search: Callable[[str, int], list[EntityHit] | None] | None = field(default=None, repr=False)
    # Every entity's mention count per article, from the stored snapshot in one read, one entity
    # at a time (entity name, its counts), none of them kept.
    stored_sources: Callable[[Sequence[int] | None], Iterator[tuple[str, dict[int, int]]]] | None = field(
        default=None, repr=False
    )
    _search_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # ------------------------------------------------------------ building (see reader.corpus.build)

    @classmethod
    def build(
        cls,
        articles: list[Article],
        gazetteer: Gazetteer | None = None,
        problems: Iterable[Problem] = (),
        progress: Progress | None = None,
    ) -> Corpus:
        from reader.corpus.build import build_corpus

        return build_corpus(articles, gazetteer, problems, progress)

    @classmethod
    def from_mentions(
        cls,
        articles: list[Article],
        documents: list[list[Mention]],
        gazetteer: Gazetteer,
        problems: Iterable[Problem] = (),
    ) -> Corpus:
        """A corpus from recognised (not yet linked) mentions, e.g. restored from the cache."""
        from reader.corpus.build import link_corpus

        return link_corpus(articles, documents, gazetteer, problems)

    @classmethod
    def load(
        cls, paths: Iterable[Path | str], gazetteer: Gazetteer | None = None, progress: Progress | None = None
    ) -> Corpus:
        from reader.corpus.build import load_corpus

        return load_corpus(paths, gazetteer, progress)

    def close(self) -> None:
        """Let go of the index cache (a stored corpus reads from it until then)."""
        close = getattr(self.mentions, "close", None)
        if close is not None:
            close()

    def prepare_search(self) -> SearchIndex:
        """Build the search tables (once; the first search does it if nobody did before). The app
        calls this in a worker right after loading, so start-up does not wait for it."""
        with self._search_lock:
            if self._search_index is None:
                self._search_index = self._build_search()
            return self._search_index

    def _build_search(self) -> SearchIndex:
        forms = self.stored_search_forms() if self.stored_search_forms is not None else None
        if forms is not None:
            try:
                return SearchIndex(self.entities, self.articles, self.gazetteer, forms)
            except (ValueError, TypeError):
                pass  # the stored table is damaged: made from the entities instead, as when it is missing
        if self.gazetteer is None and self.load_gazetteer is not None:
            self.gazetteer = self.load_gazetteer()
        return SearchIndex(self.entities, self.articles, self.gazetteer)

    @property
    def aliases(self) -> list[str]:
        """The de-duplicated search forms of every entity name and alias."""
        return self.prepare_search().choices

    # ------------------------------------------------------------ search

    def search(self, query: str, limit: int = 20) -> list[EntityHit]:
        """Entities whose name or an alias matches `query`, best first."""
        return self.prepare_search().search(query, limit)

    def search_once(self, query: str, limit: int = 20) -> list[EntityHit]:
        """`search` for a command that asks one query: a stored corpus answers it from its answer
        tables (see reader.store.answers) rather than building the search tables first."""
        if self._search_index is None and self.stored_search is not None:
            found = self.stored_search(query, limit)
            if found is not None and all(hit.entity.name in self.entities for hit in found):
                return [EntityHit(self.entities[hit.entity.name], hit.score, hit.matched) for hit in found]
        return self.search(query, limit)

    def search_titles(self, query: str, limit: int = 10) -> list[ArticleHit]:
        return self.prepare_search().search_titles(query, limit)

    # ------------------------------------------------------------ navigation

    def occurrences(self, entity: str) -> Sequence[tuple[int, int]]:
        found = self.entities.get(entity)
        return found.occurrences if found else []

    def _keys(self, entity: str) -> Sequence[tuple[int, int]]:
        """(article, start offset) of each of the entity's mentions, in corpus order."""
        keys = self._step_keys.get(entity)
        if keys is None:  # built once per entity: a press of `n` is then a binary search
            keys = self._step_keys[entity] = [(a, self.mentions[a][i].start) for a, i in self.occurrences(entity)]
        return keys

    def stops(self, entity: str, hidden: bool = True) -> tuple[Sequence[tuple[int, int]], Sequence[tuple[int, int]]]:
        """The mentions `n`/`N` visit: (article, mention index) and (article, start) of each. Without
        `hidden`, those in text hidden while reading (page debris, front matter) are left out: a
        stop must show something (the raw view shows them, and visits them)."""
        places = self.occurrences(entity)
        if hidden:
            return places, self._keys(entity)
        found = self._shown_stops.get(entity)
        if found is None:
            keys = self._keys(entity)
            kept = [n for n, (article, start) in enumerate(keys) if not _covered(self.articles[article].debris, start)]
            found = self._shown_stops[entity] = (_take(places, kept), _take(keys, kept))
        return found

    def position(self, entity: str, article: int, index: int, wrapped: bool = False, hidden: bool = True) -> Position:
        places = self.stops(entity, hidden)[0]
        ordinal = bisect.bisect_left(places, (article, index)) + 1
        return Position(article, index, self.mentions[article][index], ordinal, len(places), wrapped)

    def first_mention(self, entity: str, article: int | None = None, hidden: bool = True) -> Position | None:
        """The entity's first mention (stop) in `article`, else its first one anywhere."""
        places = self.stops(entity, hidden)[0]
        if not places:
            return None
        if article is not None:
            at = bisect.bisect_left(places, (article, 0))
            if at < len(places) and places[at][0] == article:
                return self.position(entity, *places[at], hidden=hidden)
        return self.position(entity, *places[0], hidden=hidden)

    def step(
        self, entity: str, article: int, offset: int, forward: bool = True, hidden: bool = True
    ) -> Position | None:
        """The next (or previous) mention of `entity` after (before) `offset` in `article`,
        continuing through the following articles and wrapping around the ends."""
        places, keys = self.stops(entity, hidden)
        if not places:
            return None
        if forward:
            at = bisect.bisect_right(keys, (article, offset))
            wrapped = at == len(places)
            target = places[0 if wrapped else at]
        else:
            at = bisect.bisect_left(keys, (article, offset)) - 1
            wrapped = at < 0
            target = places[-1 if wrapped else at]
        return self.position(entity, *target, wrapped=wrapped, hidden=hidden)

    def set_step_keys(self, entity: str, keys: Sequence[tuple[int, int]], ends: Sequence[int] | None = None) -> None:
        """(article, start offset) of each of the entity's mentions, and their end offsets, when
        already known."""
        self._step_keys[entity] = keys
        if ends is not None:
            self._ends[entity] = ends

    def stop_spans(self, entity: str, hidden: bool = True) -> list[tuple[int, int, int]]:
        """(article, start, end) of each of the entity's stops (see `stops`). A stored corpus
        knows them without reading any article's mentions (`reader search` prints thousands)."""
        places, keys = self.stops(entity, hidden)
        ends = self._ends.get(entity)
        if ends is None:
            return [(a, start, self.mentions[a][i].end) for (a, i), (_, start) in zip(places, keys)]
        end_of = dict(zip(self._keys(entity), ends))  # every mention's; the stops may be fewer
        return [(a, start, end_of[a, start]) for a, start in keys]

    def mention_at(self, article: int, offset: int) -> int | None:
        """Index of the mention of `article` that covers `offset`."""
        mentions = self.mentions[article]
        at = bisect.bisect_right([m.start for m in mentions], offset) - 1
        if at >= 0 and mentions[at].start <= offset < mentions[at].end:
            return at
        return None

    # ------------------------------------------------------------ summaries

    def sources_of(self, entity: str) -> dict[int, int]:
        """Mention counts per article index."""
        counts: dict[int, int] = {}
        for article, _ in self.occurrences(entity):
            counts[article] = counts.get(article, 0) + 1
        return counts

    def every_source(self) -> dict[str, dict[int, int]]:
        """`sources_of` of every entity at once (`reader entities` lists them all)."""
        return dict(self.each_source())

    def each_source(self, groups: Sequence[int] | None = None) -> Iterator[tuple[str, dict[int, int]]]:
        """(entity name, `sources_of` it) of every entity, one after another; with `groups` (each
        article's group: its outlet), its mention count per group instead. A stored corpus reads
        them in one pass over its places and keeps none of them (loading each entity's places
        would keep them all: at 10,000 articles, as much memory again as the whole corpus)."""
        if self.stored_sources is not None:
            yield from self.stored_sources(groups)
            return
        for name in self.entities:
            if groups is None:
                yield name, self.sources_of(name)
            else:
                yield name, dict(Counter(groups[article] for article, _ in self.occurrences(name)))

    @property
    def words(self) -> int:
        return sum(a.words for a in self.articles)


def _take(pairs: Sequence[tuple[int, int]], kept: list[int]) -> Sequence[tuple[int, int]]:
    """The pairs at the indexes `kept`, kept as compactly as `pairs` are."""
    if isinstance(pairs, Pairs):
        return pairs.take(kept)
    return [pairs[n] for n in kept]


def _covered(ranges: tuple[tuple[int, int], ...], offset: int) -> bool:
    return any(start <= offset < end for start, end in ranges)
