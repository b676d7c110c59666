"""Who covers whom, as numbers: every entity's mentions counted per outlet (`build_coverage`),
and the matrix kept per corpus so that `E` opens at once the second time. Plain Python, no
Textual: the grid (reader.tui.coverage_grid) draws it, the screen (reader.tui.coverage_screen)
counts it in a worker thread.

Columns are outlets, not files: the articles of one outlet add up, the files whose outlet is
not known (their source is their file name) are one column, "other", and past the TOP_SOURCES
outlets with the most mentions the rest are folded into one column ("12 others").
"""

from __future__ import annotations

import threading
import weakref
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter, itemgetter

from reader.corpus.corpus import Corpus
from reader.ingest.sanitize import safe_name
from reader.tui.article_order import OTHER, outlet_of

TOP_SOURCES = 30  # outlet columns; the rest are folded into one
_first = itemgetter(0)


@dataclass(slots=True)
class Column:
    """One outlet column (or "other", or the folded rest): its label, articles and mentions."""

    label: str
    articles: int  # how many
    mentions: int


@dataclass(slots=True)
class Row:
    """One entity: its mentions in all and per outlet column."""

    name: str
    total: int
    counts: array[int]  # per outlet column
    folded: str  # the name casefolded, for sorting


@dataclass(slots=True)
class Coverage:
    """The matrix: its columns, its rows and, per article, the column it counts in."""

    columns: list[Column]
    rows: list[Row]  # most mentioned first
    column_of: list[int]  # each article's column
    peaks: list[int]  # the largest count of each column (its width)

    def first_article(self, corpus: Corpus, row: Row, column: int) -> int | None:
        """The first article of outlet column `column` that mentions the row's entity."""
        column_of = self.column_of
        return next((a for a, _ in corpus.occurrences(row.name) if column_of[a] == column), None)


class Cancelled(Exception):
    """The count was given up (the screen closed)."""


def build_coverage(corpus: Corpus, top: int = TOP_SOURCES, cancelled: Callable[[], bool] = lambda: False) -> Coverage:
    """Count every entity's mentions per outlet. Raises Cancelled when `cancelled()` says so
    (it is asked every few hundred entities)."""
    articles = corpus.articles
    outlets: dict[str | None, int] = {}
    outlet_ids = [outlets.setdefault(outlet_of(a), len(outlets)) for a in articles]
    entities = [e for e in corpus.entities.values() if e.count]
    single = len(outlets) <= 1  # one column: an entity's count is its row (its mentions need not be read)
    tallies: list[dict[int, int]] = []
    per_outlet = [0] * len(outlets)
    ids = outlet_ids
    # A stored corpus counts from its places in one pass, none kept: loading every entity's
    # places would keep them all (as much memory again as the corpus).
    stored = _stored_tallies(corpus, ids, cancelled) if not single and corpus.stored_sources is not None else None
    for number, entity in enumerate(entities):
        if not number & 255 and cancelled():
            raise Cancelled
        tally: dict[int, int]
        if stored is not None:
            tally = stored.get(entity.name, {})
        elif single:
            tally = {0: entity.count}
        else:
            places = entity.occurrences
            if len(places) == 1:  # most entities of a large corpus: mentioned once
                tally = {ids[places[0][0]]: 1}
            elif len(places) < 32:
                tally = {}
                for article, _ in places:
                    outlet = ids[article]
                    tally[outlet] = tally.get(outlet, 0) + 1
            else:
                tally = Counter(map(ids.__getitem__, map(_first, places)))
        for outlet, count in tally.items():
            per_outlet[outlet] += count
        tallies.append(tally)
    # Named outlets by mentions, the most first; "other" (no outlet known) after them; the rest
    # folded into the last column.
    names = {number: name for name, number in outlets.items()}
    named = sorted((n for n in names if names[n] is not None), key=lambda n: (-per_outlet[n], str(names[n])))
    shown, folded = named[:top], named[top:]
    if None in outlets:
        shown.append(outlets[None])
    column_at = {outlet: column for column, outlet in enumerate(shown)}
    if folded:
        for outlet in folded:
            column_at[outlet] = len(shown)
    members = [0] * (len(shown) + bool(folded))
    column_of = [column_at[outlet] for outlet in outlet_ids]
    for column in column_of:
        members[column] += 1
    columns = [
        Column(safe_name(names[outlet] or OTHER), members[column], per_outlet[outlet])
        for column, outlet in enumerate(shown)
    ]
    if folded:
        columns.append(Column(f"{len(folded):,} others", members[-1], sum(per_outlet[outlet] for outlet in folded)))
    rows: list[Row] = []
    width = len(columns)
    column_of_outlet = [column_at.get(outlet, 0) for outlet in range(len(outlets))]
    zeros = array("I", bytes(4 * width))
    peaks = [0] * width
    for entity, tally in zip(entities, tallies, strict=True):
        counts = zeros[:]
        total = 0
        for outlet, count in tally.items():
            column = column_of_outlet[outlet]
            value = counts[column] = counts[column] + count
            if value > peaks[column]:
                peaks[column] = value
            total += count
        rows.append(Row(entity.name, total, counts, entity.name.casefold()))
    # Most mentioned first, then by name: two stable sorts on one attribute each are quicker than
    # one on a tuple.
    rows.sort(key=attrgetter("folded"))
    rows.sort(key=attrgetter("total"), reverse=True)
    return Coverage(columns, rows, column_of, peaks)


def _stored_tallies(corpus: Corpus, ids: list[int], cancelled: Callable[[], bool]) -> dict[str, dict[int, int]]:
    """Each entity's mentions per outlet (`ids`: each article's outlet), from `each_source`."""
    tallies: dict[str, dict[int, int]] = {}
    for number, (name, tally) in enumerate(corpus.each_source(ids)):
        if not number & 255 and cancelled():
            raise Cancelled
        tallies[name] = tally
    return tallies


# What was built, per corpus: opening `E` again shows it at once. A corpus is never changed once
# shown (more articles make a new one), so it stays right; it goes with its corpus.
_BUILT: weakref.WeakKeyDictionary[Corpus, Coverage] = weakref.WeakKeyDictionary()
_BUILT_LOCK = threading.Lock()


def kept_coverage(corpus: Corpus) -> Coverage | None:
    """The matrix counted before for `corpus`, if any."""
    with _BUILT_LOCK:
        return _BUILT.get(corpus)


def keep_coverage(corpus: Corpus, coverage: Coverage) -> None:
    """Keep the matrix counted for `corpus` (as long as the corpus lives)."""
    with _BUILT_LOCK:
        _BUILT[corpus] = coverage


def prepare_coverage(corpus: Corpus) -> Coverage:
    """Count the matrix now, from any thread, and keep it for `corpus`: `E` then shows it at once.
    (It reads every entity's mentions, which a corpus restored from the cache reads lazily.)"""
    coverage = kept_coverage(corpus)
    if coverage is None:
        coverage = build_coverage(corpus, TOP_SOURCES)
        keep_coverage(corpus, coverage)
    return coverage
