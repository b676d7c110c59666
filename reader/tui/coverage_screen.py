"""`E`: who covers whom, every entity × the outlets, with mention counts.

The matrix is worked out in a worker thread (`build_coverage`: each entity's mentions counted
per outlet) while the screen shows "Loading…"; keys pressed meanwhile are kept and applied in
order once it is there. It is kept per corpus, so opening it again is immediate. The grid
(`CoverageGrid`) is a Line-API ScrollView that renders only the cells on screen: the entity
and "All" columns stay at the left and the header row at the top while the outlet columns
scroll under them, so 13,000 entities × 32 columns move as fast as ten.

Columns are outlets, not files: the articles of one outlet add up, the files whose outlet is
not known (their source is their file name) are one column, "other", and past the TOP_SOURCES
outlets with the most mentions the rest are folded into one column ("12 others").
"""

from __future__ import annotations

import bisect
import threading
import weakref
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter, itemgetter

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static
from textual.worker import get_current_worker

from reader.corpus.corpus import Corpus
from reader.ingest.sanitize import safe_name
from reader.tui.article_list import OTHER, outlet_of

TOP_SOURCES = 30  # outlet columns; the rest are folded into one
ENTITY_COLUMN = 24  # a fixed, modest name column: one long name must not push every outlet off screen
SOURCE_COLUMN = 12  # the widest an outlet column gets (its name is cut with an ellipsis)
MIN_COLUMN = 4
FIXED_COLUMNS = 2  # the entity and "All": they stay put while the outlets scroll
FIRST_PAINT_WAIT_S = 0.2  # the longest the counting waits for "Loading…" to be drawn
TITLE = "Who covers whom: mentions per source · Enter jumps · s sorts by the column"
_CONTROLS = {c: " " for c in [*range(0x20), *range(0x7F, 0xA0)]}
_first = itemgetter(0)


@dataclass(slots=True)
class Column:
    label: str
    articles: int  # how many
    mentions: int


@dataclass(slots=True)
class Row:
    name: str
    total: int
    counts: array[int]  # per outlet column
    folded: str  # the name casefolded, for sorting


@dataclass(slots=True)
class Coverage:
    columns: list[Column]
    rows: list[Row]  # most mentioned first
    column_of: list[int]  # each article's column
    peaks: list[int]  # the largest count of each column (its width)

    def first_article(self, corpus: Corpus, row: Row, column: int) -> int | None:
        """The first article of outlet column `column` that mentions the row's entity."""
        column_of = self.column_of
        return next((a for a, _ in corpus.occurrences(row.name) if column_of[a] == column), None)


class Cancelled(Exception):
    pass


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
    for number, entity in enumerate(entities):
        if not number & 255 and cancelled():
            raise Cancelled
        tally: dict[int, int]
        if single:
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


# What was built, per corpus: opening `E` again shows it at once. A corpus is never changed once
# shown (more articles make a new one), so it stays right; it goes with its corpus.
_BUILT: weakref.WeakKeyDictionary[Corpus, Coverage] = weakref.WeakKeyDictionary()
_BUILT_LOCK = threading.Lock()


def kept_coverage(corpus: Corpus) -> Coverage | None:
    with _BUILT_LOCK:
        return _BUILT.get(corpus)


def keep_coverage(corpus: Corpus, coverage: Coverage) -> None:
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


class CoverageGrid(ScrollView, can_focus=True, inherit_bindings=False):
    """The matrix: column 0 the entity, 1 its mentions in all, 2… one per outlet column. Only
    the visible rows and, of each, only the visible cells are rendered. The cursor is a cell."""

    COMPONENT_CLASSES = {
        "coverage-grid--header",
        "coverage-grid--cursor",
        "coverage-grid--stripe",
        "coverage-grid--muted",
    }
    DEFAULT_CSS = """
    CoverageGrid {
        height: 1fr;
        background: $surface;
        color: $foreground;
        scrollbar-size-vertical: 1;
        scrollbar-size-horizontal: 1;
        & > .coverage-grid--header { text-style: bold; background: $panel; color: $foreground; }
        & > .coverage-grid--stripe { background: $surface-lighten-1 50%; }
        & > .coverage-grid--muted { color: $text-muted; }
        & > .coverage-grid--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .coverage-grid--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    App.-no-color CoverageGrid > .coverage-grid--cursor { text-style: reverse bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.coverage: Coverage | None = None
        self.order: list[int] = []  # rows of `coverage.rows`, in the order shown
        self.row = 0  # the cursor: a place in `order`
        self.column = 0  # and a column (0 entity, 1 all, 2… outlets)
        self.sorted_by: tuple[int, bool] = (1, True)  # column, descending
        self.widths: list[int] = [ENTITY_COLUMN, MIN_COLUMN + 1]
        self._starts: list[int] = []  # where each outlet column starts, in the scrolled part
        self._names = sorted(self.COMPONENT_CLASSES)
        self._sources: list | None = None
        self._styles: dict[str, Style] = {}
        self._base = Style()
        self.painted = threading.Event()  # set once a line has been drawn (the worker waits for it)

    # ------------------------------------------------------------ content

    def set_coverage(self, coverage: Coverage) -> None:
        self.coverage = coverage
        self.order = list(range(len(coverage.rows)))
        self.sorted_by = (1, True)
        top = coverage.rows[0].total if coverage.rows else 0
        widths = [ENTITY_COLUMN, max(MIN_COLUMN, len(f"{top:,}") + 1, 4) + 1]
        for column, most in zip(coverage.columns, coverage.peaks, strict=True):
            widths.append(min(SOURCE_COLUMN, max(MIN_COLUMN, len(column.label) + 1, len(f"{most:,}") + 1)) + 1)
        self.widths = widths
        starts, x = [], 0
        for width in widths[FIXED_COLUMNS:]:
            starts.append(x)
            x += width
        self._starts = starts
        self._clamp()
        self._fit()
        self.reveal()
        self.refresh()

    @property
    def fixed_width(self) -> int:
        return sum(self.widths[:FIXED_COLUMNS])

    @property
    def column_count(self) -> int:
        return len(self.widths) if self.coverage is not None else FIXED_COLUMNS

    def _fit(self) -> None:
        rows = len(self.order) + 1  # the header
        self.virtual_size = Size(sum(self.widths), rows)

    def _clamp(self) -> None:
        self.row = max(0, min(len(self.order) - 1, self.row))
        self.column = max(0, min(self.column_count - 1, self.column))

    @property
    def current(self) -> Row | None:
        if self.coverage is None or not self.order:
            return None
        return self.coverage.rows[self.order[self.row]]

    def value(self, row: Row, column: int) -> int:
        return row.total if column == 1 else row.counts[column - FIXED_COLUMNS]

    def sort(self, column: int | None = None) -> None:
        """Sort by `column` (the cursor's): counts the most first, names A to Z; again: the
        other way. The cursor goes to the top of the column."""
        coverage = self.coverage
        if coverage is None:
            return
        column = self.column if column is None else column
        by, descending = self.sorted_by
        descending = not descending if by == column else column != 0
        rows = coverage.rows
        # The rows are kept most mentioned first, then by name: a stable sort on one column's values
        # (reverse=True keeps that order among equals too) breaks its ties that way, and a key that
        # is a list's __getitem__ sorts 100,000 rows in milliseconds.
        if column == 0:
            values: list[int] | list[str] = [row.folded for row in rows]
        elif column == 1:
            values = [row.total for row in rows]
        else:
            at = column - FIXED_COLUMNS
            values = [row.counts[at] for row in rows]
        self.order = sorted(range(len(rows)), key=values.__getitem__, reverse=descending)
        self.sorted_by = (column, descending)
        self.row = 0
        self.column = column
        self.scroll_to(y=0, animate=False, immediate=True, force=True)
        self.reveal()
        self.refresh()

    # ------------------------------------------------------------ the cursor

    def move(self, rows: int = 0, columns: int = 0) -> None:
        self.row += rows
        self.column += columns
        self._clamp()
        self.reveal()
        self.refresh()

    def move_to(self, row: int | None = None, column: int | None = None) -> None:
        if row is not None:
            self.row = row if row >= 0 else len(self.order) + row
        if column is not None:
            self.column = column if column >= 0 else self.column_count + column
        self._clamp()
        self.reveal()
        self.refresh()

    @property
    def page(self) -> int:
        return max(1, self.scrollable_content_region.height - 2)

    def reveal(self) -> None:
        """Scroll the least that shows the cursor cell."""
        region = self.scrollable_content_region
        if region.height <= 1 or region.width <= 0:
            return  # not laid out yet: on_resize reveals it
        x, y = int(self.scroll_x), int(self.scroll_y)
        rows = region.height - 1  # under the header
        if self.row < y:
            y = self.row
        elif self.row >= y + rows:
            y = self.row - rows + 1
        if self.column >= FIXED_COLUMNS and self._starts:
            at = self.column - FIXED_COLUMNS
            start, end = self._starts[at], self._starts[at] + self.widths[self.column]
            visible = max(1, region.width - self.fixed_width)
            if start < x:
                x = start
            elif end > x + visible:
                # The first column that lets the cursor's end show: whole columns, none cut at the left.
                x = next((s for s in self._starts if s >= end - visible), start)
                x = min(x, start)
        if (x, y) != (int(self.scroll_x), int(self.scroll_y)):
            self.scroll_to(x=x, y=y, animate=False, immediate=True, force=True)

    def on_resize(self) -> None:
        self._fit()
        self.reveal()

    def cell_at(self, x: int, y: int) -> tuple[int | None, int | None]:
        """(row in `order` or None for the header, column or None) at content offset x, y."""
        column: int | None = None
        if x < self.widths[0]:
            column = 0
        elif x < self.fixed_width:
            column = 1
        elif self._starts:
            at = x - self.fixed_width + int(self.scroll_x)
            for number, start in enumerate(self._starts):
                if start <= at < start + self.widths[number + FIXED_COLUMNS]:
                    column = number + FIXED_COLUMNS
                    break
        if y == 0:
            return None, column
        row = int(self.scroll_y) + y - 1
        return (row if 0 <= row < len(self.order) else None), column

    # ------------------------------------------------------------ rendering

    def _resolve_styles(self) -> dict[str, Style]:
        # As ArticleRows: the component styles are replaced when they may have changed (focus,
        # the theme); resolve them again only then.
        sources = [self._component_styles.get(name) for name in self._names]
        if self._sources is None or any(a is not b for a, b in zip(sources, self._sources, strict=True)):
            self._sources = sources
            self._styles = {name: self.get_component_styles(name).rich_style for name in self._names}
            self._base = self.rich_style
        return self._styles

    def render_lines(self, crop):
        self._resolve_styles()  # once per paint, not per row
        return super().render_lines(crop)

    def _cell(self, content: str, width: int, right: bool, mark: str = "") -> Text:
        """One cell: a separating space, then the content cut to fit (and the sort arrow)."""
        text = Text(content.translate(_CONTROLS), no_wrap=True, end="")
        text.truncate(width - 1 - len(mark), overflow="ellipsis")
        text.append(mark)
        pad = " " * max(0, width - 1 - text.cell_len)
        return Text.assemble(" ", pad, text) if right else Text.assemble(" ", text, pad)

    def _visible_columns(self, width: int) -> range:
        """The outlet columns (numbered from 0) that overlap the scrolled part of a line."""
        x, visible = int(self.scroll_x), width - self.fixed_width
        starts, widths = self._starts, self.widths
        if visible <= 0 or not starts:
            return range(0)
        first = bisect.bisect_right(starts, x) - 1
        if first >= 0 and starts[first] + widths[first + FIXED_COLUMNS] <= x:
            first += 1
        first = max(first, 0)
        last = bisect.bisect_left(starts, x + visible)
        return range(first, max(first, last))

    def _header_cell(self, column: int) -> Text:
        assert self.coverage is not None
        by, descending = self.sorted_by
        mark = ("▼" if descending else "▲") if column == by else ""
        if column < FIXED_COLUMNS:
            label = ("Entity", "All")[column]
        else:
            label = self.coverage.columns[column - FIXED_COLUMNS].label
        return self._cell(label, self.widths[column], column > 0, mark)

    def _row_cell(self, row: Row, column: int) -> Text:
        if column == 0:
            return self._cell(safe_name(row.name), self.widths[0], False)
        value = self.value(row, column)
        return self._cell(f"{value:,}" if value else "", self.widths[column], True)

    def _message(self, text: str, width: int) -> Strip:
        line = Text(text, style=self._styles["coverage-grid--muted"], no_wrap=True, end="")
        line.truncate(width, overflow="ellipsis", pad=True)
        return self._paint(line, width)

    def _paint(self, text: Text, width: int) -> Strip:
        segments = Segment.apply_style(text.render(self.app.console), self._base)
        return Strip(segments, text.cell_len).crop_extend(0, width, self._base)

    def render_line(self, y: int) -> Strip:
        styles = self._styles or self._resolve_styles()
        width = self.scrollable_content_region.width
        if width <= 0:
            return Strip.blank(0, self._base)
        coverage = self.coverage
        if coverage is None:
            self.painted.set()
            return self._message("  Loading…", width) if y == 0 else Strip.blank(width, self._base)
        if not coverage.rows:
            return self._message("  No entities in these articles.", width) if y == 0 else Strip.blank(width)
        columns = self._visible_columns(width)
        shown = [*range(FIXED_COLUMNS), *(n + FIXED_COLUMNS for n in columns)]
        if y == 0:
            cells = [self._header_cell(n) for n in shown]
            line_style: Style | str = styles["coverage-grid--header"]
        else:
            at = int(self.scroll_y) + y - 1
            if at >= len(self.order):
                return Strip.blank(width, self._base)
            row = coverage.rows[self.order[at]]
            cells = [self._row_cell(row, n) for n in shown]
            line_style = styles["coverage-grid--stripe"] if at % 2 else ""
            if at == self.row and self.column in shown:
                cells[shown.index(self.column)].stylize(styles["coverage-grid--cursor"])
        fixed_width = min(width, self.fixed_width)
        strips = [self._paint(Text.assemble(*cells[:FIXED_COLUMNS], style=line_style), fixed_width)]
        visible = width - fixed_width
        if visible > 0:
            # The outlet columns that overlap the visible part, cut to it.
            scrolled = Text.assemble(*cells[FIXED_COLUMNS:], style=line_style)
            offset = int(self.scroll_x) - self._starts[columns[0]] if columns else 0
            strip = self._paint(scrolled, scrolled.cell_len).crop(offset, offset + visible)
            strips.append(strip.extend_cell_length(visible, self._base_for(line_style)))
        return Strip.join(strips).crop_extend(0, width, self._base)

    def _base_for(self, line_style: Style | str) -> Style:
        """The style of the blank past the last column: the line's own (a header, a stripe)."""
        return self._base + line_style if isinstance(line_style, Style) else self._base


class CoverageScreen(ModalScreen[tuple[str, int] | None]):
    """Entities × sources with mention counts; choosing a cell returns (entity, article)."""

    AUTO_FOCUS = "*"  # the app's own choice (the reading pane) is not on this screen
    DEFAULT_CSS = """
    CoverageScreen { align: center middle; }
    CoverageScreen > Vertical { width: 95%; height: 90%; border: round $accent; }
    CoverageScreen #coverage-title { height: 1; }
    """
    BINDINGS = [
        Binding("escape,q,E", "close", "Close", id="coverage_close", tooltip="Close the coverage"),
        Binding(
            "s", "sort", "Sort by this column", id="coverage_sort", tooltip="Sort by this column (again: the other way)"
        ),
        Binding("enter", "choose", "Jump", id="coverage_jump", tooltip="Jump to this source's first mention"),
        Binding("down,j", "move(1, 0)", "Down", show=False, id="coverage_down", tooltip="Next entity"),
        Binding("up,k", "move(-1, 0)", "Up", show=False, id="coverage_up", tooltip="Previous entity"),
        Binding("right,l", "move(0, 1)", "Right", show=False, id="coverage_right", tooltip="Next column"),
        Binding("left,h", "move(0, -1)", "Left", show=False, id="coverage_left", tooltip="Previous column"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="coverage_page_down", tooltip="Page down"),
        Binding("pageup,b", "page(-1)", "Page up", show=False, id="coverage_page_up", tooltip="Page up"),
        Binding("home,g", "ends(0)", "Top", show=False, id="coverage_top", tooltip="The first entity"),
        Binding("end,G", "ends(-1)", "Bottom", show=False, id="coverage_bottom", tooltip="The last entity"),
    ]

    def __init__(self, corpus: Corpus) -> None:
        super().__init__()
        self.corpus = corpus
        # Keys pressed while the matrix is being built: applied, in order, once it is there.
        self._pending: list[Callable[[], None]] = []
        self._finished = False

    @property
    def grid(self) -> CoverageGrid:
        return self.query_one(CoverageGrid)

    @property
    def ready(self) -> bool:
        return self.grid.coverage is not None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(TITLE, no_wrap=True, overflow="ellipsis"), id="coverage-title")
            yield CoverageGrid(id="coverage-grid")

    def on_mount(self) -> None:
        self.grid.focus()
        built = kept_coverage(self.corpus)
        if built is not None:
            self._show(built)
        else:
            self._build(self.grid.painted)

    @work(thread=True, exclusive=True, group="coverage")
    def _build(self, painted: threading.Event) -> None:
        worker = get_current_worker()
        # "Loading…" is drawn first: counting competes with the frame for the interpreter. (From
        # call_after_refresh the count began three or four frames later, ~80 ms, at 10,000 articles.)
        painted.wait(FIRST_PAINT_WAIT_S)
        try:
            coverage = build_coverage(self.corpus, TOP_SOURCES, cancelled=lambda: worker.is_cancelled or self._finished)
        except Cancelled:
            return
        except Exception as exc:  # the index cache went away under the app, say: said, not a crash
            if not worker.is_cancelled and not self._finished:
                self.app.call_from_thread(self._failed, exc)
            return
        keep_coverage(self.corpus, coverage)
        if not worker.is_cancelled and not self._finished:
            self.app.call_from_thread(self._show, coverage)

    def _show(self, coverage: Coverage) -> None:
        if self._finished or not self.is_attached:
            return
        self.grid.set_coverage(coverage)
        sources = len(coverage.columns)
        self.query_one("#coverage-title", Static).update(
            Text(
                f"Who covers whom: {len(coverage.rows):,} entities × {sources:,} source{'s' if sources != 1 else ''}"
                " · Enter jumps · s sorts",
                no_wrap=True,
                overflow="ellipsis",
            )
        )
        pending, self._pending = self._pending, []
        for action in pending:
            if self._finished:
                break
            action()

    def _failed(self, exc: Exception) -> None:
        if self._finished or not self.is_attached:
            return
        self._pending.clear()
        self.query_one("#coverage-title", Static).update(
            Text(f"Who covers whom: the mentions could not be counted ({safe_name(str(exc))}).", no_wrap=True)
        )

    def _when_ready(self, action: Callable[[], None]) -> None:
        if self.ready:
            action()
        else:
            self._pending.append(action)

    # ------------------------------------------------------------ keys

    def action_close(self) -> None:
        self._finished = True
        self.dismiss(None)

    def action_sort(self) -> None:
        self._when_ready(self.grid.sort)

    def action_move(self, rows: int, columns: int) -> None:
        self._when_ready(lambda: self.grid.move(rows, columns))

    def action_page(self, step: int) -> None:
        self._when_ready(lambda: self.grid.move(step * self.grid.page, 0))

    def action_ends(self, row: int) -> None:
        self._when_ready(lambda: self.grid.move_to(row=row))

    def action_choose(self) -> None:
        self._when_ready(self._choose)

    def _choose(self) -> None:
        grid, coverage = self.grid, self.grid.coverage
        row = grid.current
        if coverage is None or row is None:
            self.app.bell()
            return
        if grid.column < FIXED_COLUMNS:
            first = self.corpus.first_mention(row.name)
            article = first.article if first else None
        else:
            article = coverage.first_article(self.corpus, row, grid.column - FIXED_COLUMNS)
        if article is None:
            self.app.bell()  # that outlet does not mention it
            return
        self._finished = True
        self.dismiss((row.name, article))

    # ------------------------------------------------------------ mouse

    def on_click(self, event: events.Click) -> None:
        grid = self.grid
        where = event.get_content_offset(grid)
        if where is None or grid.coverage is None:
            return
        row, column = grid.cell_at(where.x, where.y)
        if column is None:
            return
        event.stop()
        if row is None:
            grid.sort(column)  # a click on a header sorts by it
        elif (row, column) == (grid.row, grid.column):
            self._choose()
        else:
            grid.move_to(row=row, column=column)
