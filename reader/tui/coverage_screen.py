"""`E`: who covers whom, every entity × the outlets, with mention counts.

The matrix is worked out in a worker thread (`build_coverage`, reader.tui.coverage_matrix:
each entity's mentions counted per outlet) while the screen shows "Loading…"; keys pressed
meanwhile are kept and applied in order once it is there. It is kept per corpus, so opening it
again is immediate. The grid (`CoverageGrid`, reader.tui.coverage_grid) renders only the cells
on screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import get_current_worker

from reader.corpus.corpus import Corpus
from reader.ingest.sanitize import safe_name
from reader.tui.bindings import COVERAGE_BINDINGS
from reader.tui.coverage_grid import FIXED_COLUMNS, CoverageGrid
from reader.tui.coverage_matrix import (
    TOP_SOURCES,
    Cancelled,
    Column,
    Coverage,
    Row,
    build_coverage,
    keep_coverage,
    kept_coverage,
    prepare_coverage,
)

# Kept importable from here, where they were first. (`build_coverage` and TOP_SOURCES are read
# from this module's names when the screen counts: tests replace them here.)
__all__ = [
    "TOP_SOURCES",
    "Column",
    "Coverage",
    "CoverageGrid",
    "CoverageScreen",
    "Row",
    "build_coverage",
    "keep_coverage",
    "kept_coverage",
    "prepare_coverage",
]

FIRST_PAINT_WAIT_S = 0.2  # the longest the counting waits for "Loading…" to be drawn
TITLE = "Who covers whom: mentions per source · Enter jumps · s sorts by the column"


class CoverageScreen(ModalScreen[tuple[str, int] | None]):
    """Entities × sources with mention counts; choosing a cell returns (entity, article)."""

    AUTO_FOCUS = "*"  # the app's own choice (the reading pane) is not on this screen
    DEFAULT_CSS = """
    /* Opaque: a translucent modal re-renders the whole screen beneath it on every frame,
       which was most of the time to E's first frame at 10,000 articles. */
    CoverageScreen { align: center middle; background: $background; }
    CoverageScreen > Vertical { width: 95%; height: 90%; border: round $accent; }
    CoverageScreen #coverage-title { height: 1; }
    """
    BINDINGS = COVERAGE_BINDINGS

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
