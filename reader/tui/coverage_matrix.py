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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import overload

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

    @property
    def folded(self) -> str:
        """The name casefolded, as rows are sorted by."""
        return self.name.casefold()


class Rows(Sequence[Row]):
    """The matrix's rows, most mentioned first, kept as arrays: each entity's name, its total,
    and its counts that are not 0 by column (a large corpus has over 100,000 rows, mostly of
    one or two outlets, and an object and an array each were 40 MB). A `Row` is made when asked
    for (the rows on screen)."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.names: list[str] = []
        self.totals = array("Q")
        self._starts = array("I", [0])
        self._columns = array("H")
        self._counts = array("I")

    def append(self, name: str, total: int, counts: dict[int, int]) -> None:
        """The next row: `counts` by column, none of them 0."""
        self.names.append(name)
        self.totals.append(total)
        for column in sorted(counts):
            self._columns.append(column)
            self._counts.append(counts[column])
        self._starts.append(len(self._columns))

    def __len__(self) -> int:
        return len(self.names)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self[at] for at in range(*index.indices(len(self)))]
        name, total = self.names[index], self.totals[index]  # raises IndexError past the end
        if index < 0:
            index += len(self.names)
        counts = array("I", bytes(4 * self.width))
        columns, values = self._columns, self._counts
        for at in range(self._starts[index], self._starts[index + 1]):
            counts[columns[at]] = values[at]
        return Row(name, total, counts)

    def column(self, column: int) -> list[int]:
        """Every row's count in outlet column `column` (what sorting by it compares)."""
        found = [0] * len(self.names)
        starts, columns, values = self._starts, self._columns, self._counts
        for row in range(len(found)):
            for at in range(starts[row], starts[row + 1]):
                if columns[at] == column:
                    found[row] = values[at]
        return found


@dataclass(slots=True)
class Coverage:
    """The matrix: its columns, its rows and, per article, the column it counts in."""

    columns: list[Column]
    rows: Rows  # most mentioned first
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
    per_outlet = [0] * len(outlets)
    # Each entity's counts by outlet, as arrays in entity order: which outlets get a column is
    # known only once every entity is counted.
    names: list[str] = []
    totals = array("Q")
    starts = array("I", [0])
    by_outlet = array("I")
    counts = array("I")
    for number, (name, tally) in enumerate(_tallies(corpus, outlet_ids, len(outlets) <= 1)):
        if not number & 255 and cancelled():
            raise Cancelled
        total = 0
        for outlet, count in tally.items():
            by_outlet.append(outlet)
            counts.append(count)
            per_outlet[outlet] += count
            total += count
        names.append(name)
        totals.append(total)
        starts.append(len(by_outlet))
    # Named outlets by mentions, the most first; "other" (no outlet known) after them; the rest
    # folded into the last column.
    labels = {number: label for label, number in outlets.items()}
    named = sorted((n for n in labels if labels[n] is not None), key=lambda n: (-per_outlet[n], str(labels[n])))
    shown, folded = named[:top], named[top:]
    if None in outlets:
        shown.append(outlets[None])
    column_at = {outlet: column for column, outlet in enumerate(shown)}
    for outlet in folded:
        column_at[outlet] = len(shown)
    members = [0] * (len(shown) + bool(folded))
    column_of = [column_at[outlet] for outlet in outlet_ids]
    for column in column_of:
        members[column] += 1
    columns = [
        Column(safe_name(labels[outlet] or OTHER), members[column], per_outlet[outlet])
        for column, outlet in enumerate(shown)
    ]
    if folded:
        columns.append(Column(f"{len(folded):,} others", members[-1], sum(per_outlet[outlet] for outlet in folded)))
    # Most mentioned first, then by name: two stable sorts on one key each are quicker than one
    # on a tuple.
    order = sorted(range(len(names)), key=[name.casefold() for name in names].__getitem__)
    order.sort(key=totals.__getitem__, reverse=True)
    column_of_outlet = [column_at.get(outlet, 0) for outlet in range(len(outlets))]
    rows = Rows(len(columns))
    peaks = [0] * len(columns)
    for number, entity in enumerate(order):
        if not number & 1023 and cancelled():
            raise Cancelled
        row: dict[int, int] = {}
        for at in range(starts[entity], starts[entity + 1]):
            column = column_of_outlet[by_outlet[at]]
            value = row[column] = row.get(column, 0) + counts[at]
            if value > peaks[column]:
                peaks[column] = value
        rows.append(names[entity], totals[entity], row)
    return Coverage(columns, rows, column_of, peaks)


def _tallies(corpus: Corpus, ids: list[int], single: bool) -> Iterator[tuple[str, dict[int, int]]]:
    """(name, mentions per outlet) of each mentioned entity, in the corpus's order (`ids`: each
    article's outlet). A stored corpus counts from its places in one pass, none kept: loading
    every entity's places would keep them all (as much memory again as the corpus)."""
    entities = corpus.entities
    if single:  # one column: an entity's count is its row (its mentions need not be read)
        for entity in entities.values():
            if entity.count:
                yield entity.name, {0: entity.count}
    elif corpus.stored_sources is not None:
        for name, stored in corpus.each_source(ids):
            if entities[name].count:
                yield name, stored
    else:
        for entity in entities.values():
            if not entity.count:
                continue
            places = entity.occurrences
            if len(places) == 1:  # most entities of a large corpus: mentioned once
                yield entity.name, {ids[places[0][0]]: 1}
            elif len(places) < 32:
                tally: dict[int, int] = {}
                for article, _ in places:
                    outlet = ids[article]
                    tally[outlet] = tally.get(outlet, 0) + 1
                yield entity.name, tally
            else:
                yield entity.name, Counter(map(ids.__getitem__, map(_first, places)))


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
