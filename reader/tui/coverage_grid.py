"""The coverage grid (`CoverageGrid`): a Line-API ScrollView that renders only the cells on
screen. The entity and "All" columns stay at the left and the header row at the top while the
outlet columns scroll under them, so 13,000 entities × 32 columns move as fast as ten. The
matrix it draws is reader.tui.coverage_matrix's; the screen around it reader.tui.coverage_screen.
"""

from __future__ import annotations

import bisect
import threading
from array import array

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.ingest.sanitize import safe_name
from reader.tui.coverage_matrix import Coverage, Row

ENTITY_COLUMN = 24  # a fixed, modest name column: one long name must not push every outlet off screen
SOURCE_COLUMN = 12  # the widest an outlet column gets (its name is cut with an ellipsis)
MIN_COLUMN = 4
FIXED_COLUMNS = 2  # the entity and "All": they stay put while the outlets scroll
_CONTROLS = {c: " " for c in [*range(0x20), *range(0x7F, 0xA0)]}


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
            values: list[int] | list[str] | array[int] = [name.casefold() for name in rows.names]
        elif column == 1:
            values = rows.totals
        else:
            values = rows.column(column - FIXED_COLUMNS)
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
