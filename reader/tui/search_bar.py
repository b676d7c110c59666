"""The search bar: a query box and results that update on every keystroke.

The results are a Line-API list (`ResultRows`): showing a keystroke's results stores the list
and renders only the rows on screen (an OptionList rebuilt its options and re-measured them on
every keystroke, and relaid the screen when the list emptied and refilled).

A keystroke's letter and its results are painted in the same frame: from the moment the query
changes, the screen holds its next frame until that query's results are in the list (or
HOLD_SECONDS pass, for a slow query). Painting the letter at once and the results a frame later
cost a whole frame, often two: Textual's update timer, woken from a pause, waits 17–33 ms before
its next tick.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

from reader.entities.normalize import search_form
from reader.ingest.sanitize import safe_name
from reader.tui.search_worker import SearchThread

_WORD = re.compile(r"\w+")
# Names and titles are untrusted: control characters would drive the terminal (one for one,
# so the emphasis spans still fit).
_CONTROLS = {c: " " for c in [*range(0x20), *range(0x7F, 0xA0)]}

# The longest a keystroke's frame waits for its results before the letter is painted alone.
HOLD_SECONDS = 0.05
# The longest Enter waits for the typed query's results, holding the keys typed after it.
PICK_WAIT_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class Result:
    kind: str  # "entity", "article" or "text" (a plain-text search for `key`)
    key: str  # entity name, or article index
    prompt: Text


@lru_cache(maxsize=8192)
def _letters(name: str) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    """Each character of the name in search form, and the name's word spans. Kept per name:
    the same names come back keystroke after keystroke, and folding them character by
    character was a third of a keystroke's search."""
    return tuple(search_form(c) for c in name), tuple(match.span() for match in _WORD.finditer(name))


@lru_cache(maxsize=256)
def _query_words(query: str) -> tuple[str, ...]:
    return tuple(search_form(query).split())


def _matched_in_word(letters: tuple[str, ...], start: int, end: int, wanted: str) -> list[int]:
    """Offsets of the word letters[start:end] that spell `wanted` in order (greedy)."""
    found: list[int] = []
    position = 0
    for offset in range(start, end):
        if position < len(wanted) and letters[offset] == wanted[position]:
            found.append(offset)
            position += 1
    return found


def emphasise(name: str, query: str) -> Text:
    """The name with the characters the query matched emphasised, word by word: each query
    word marks the letters it spells in the name word it fits best (a word it starts first),
    so "tokaev" marks T-o-k-a-e-v in "Tokayev", not scattered letters of "Kassym-Jomart"."""
    text = Text(safe_name(name))  # one for one: the emphasis offsets still apply
    letters, spans = _letters(name)
    used: set[int] = set()
    for wanted in _query_words(query):
        best: tuple[tuple[int, int], int, list[int]] | None = None
        for number, (start, end) in enumerate(spans):
            if number in used:
                continue
            offsets = _matched_in_word(letters, start, end, wanted)
            rank = (len(offsets), int(bool(offsets) and offsets[0] == start))
            if offsets and (best is None or rank > best[0]):
                best = (rank, number, offsets)
        if best is None:
            continue
        used.add(best[1])
        for offset in best[2]:
            text.stylize("bold underline", offset, offset + 1)
    return text


class ResultRows(ScrollView, can_focus=True, inherit_bindings=False):
    """The results, one row each; only the rows on screen are rendered. `option_count`,
    `get_option_at_index` and `highlighted` read like an OptionList's."""

    COMPONENT_CLASSES = {"search-results--highlight", "search-results--hover"}
    BINDINGS = [
        Binding("enter", "select", "Select", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
    ]
    DEFAULT_CSS = """
    ResultRows {
        height: 1fr;
        color: $foreground;
        overflow-x: hidden;
        /* Always there: a scrollbar coming or going would lay the whole screen out again. */
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        & > .search-results--highlight {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        & > .search-results--hover {
            background: $block-hover-background;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .search-results--highlight {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    # A new number of rows changes the virtual size, which would lay the whole screen out again
    # (and repaint every scroll view's scrollbar); `_fit` updates the scrollbar's thumb instead.
    virtual_size = Reactive(Size(0, 0), layout=False)

    class Selected(Message):
        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.results: list[Result] = []
        self._highlighted: int | None = None
        self._hover: int | None = None
        self._names = sorted(self.COMPONENT_CLASSES)
        self._sources: list | None = None
        self._styles: dict[str, Style] = {}
        self._base = Style()
        self._strips: dict[tuple[int, int, str], Strip] = {}

    # ------------------------------------------------------------ content

    @property
    def option_count(self) -> int:
        return len(self.results)

    def get_option_at_index(self, index: int) -> Result:
        return self.results[index]

    @property
    def highlighted(self) -> int | None:
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None:
            index = max(0, min(len(self.results) - 1, index)) if self.results else None
        if index != self._highlighted:
            self._highlighted = index
            self.reveal()
            self.refresh()

    def set_results(self, results: Sequence[Result]) -> None:
        """Show these results, the first highlighted, scrolled to the top."""
        self.results = list(results)
        self._strips.clear()
        self._highlighted = 0 if results else None
        self._hover = None
        self._fit()
        if self.scroll_y:
            self.scroll_to(y=0, animate=False, immediate=True, force=True)
        self.refresh()

    def _fit(self) -> None:
        size = Size(self.scrollable_content_region.width, len(self.results))
        if size != self.virtual_size:
            self.virtual_size = size
            # As OptionList does (the thumb's size and place).
            self._scroll_update(size)

    def reveal(self) -> None:
        """Scroll the least that shows the highlighted row."""
        height = self.scrollable_content_region.height
        at = self._highlighted
        if at is None or height <= 0:
            return
        y = int(self.scroll_y)
        if at < y:
            y = at
        elif at >= y + height:
            y = at - height + 1
        else:
            return
        self.scroll_to(y=y, animate=False, immediate=True, force=True)

    def on_resize(self) -> None:
        self._strips.clear()
        self._fit()
        self.reveal()

    # ------------------------------------------------------------ keys and mouse

    def action_select(self) -> None:
        if self._highlighted is not None:
            self.post_message(self.Selected(self._highlighted))

    async def _on_key(self, event: events.Key) -> None:
        bar = self.parent
        if isinstance(bar, SearchBar):
            await bar.take_key_now(self, event)

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self.results) - 1

    def action_page(self, step: int) -> None:
        page = max(1, self.scrollable_content_region.height - 1)
        self.highlighted = (self._highlighted or 0) + step * page

    def _row_at(self, event: events.MouseEvent) -> int | None:
        where = event.get_content_offset(self)
        if where is None:
            return None
        row = int(self.scroll_y) + where.y
        return row if 0 <= row < len(self.results) else None

    def on_click(self, event: events.Click) -> None:
        row = self._row_at(event)
        if row is not None:
            event.stop()
            self.highlighted = row
            self.post_message(self.Selected(row))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        row = self._row_at(event)
        if row != self._hover:
            self._hover = row
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    # ------------------------------------------------------------ rendering

    def _resolve_styles(self) -> dict[str, Style]:
        # The stylesheet replaces the component styles when they may have changed (focus, the
        # theme): resolve them again only then. Full styles: colours with alpha are blended here.
        sources = [self._component_styles.get(name) for name in self._names]
        if self._sources is None or any(a is not b for a, b in zip(sources, self._sources)):
            self._sources = sources
            self._styles = {name: self.get_component_styles(name).rich_style for name in self._names}
            self._base = self.rich_style
            self._strips.clear()
        return self._styles

    def render_lines(self, crop):
        # Once per paint, not per row: looking styles up walks the DOM.
        self._resolve_styles()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        styles = self._styles or self._resolve_styles()
        width = self.scrollable_content_region.width
        row = int(self.scroll_y) + y
        if width <= 0 or row >= len(self.results):
            return Strip.blank(max(width, 0), self._base)
        look = (
            "search-results--highlight"
            if row == self._highlighted
            else "search-results--hover"
            if row == self._hover
            else ""
        )
        key = (row, width, look)
        strip = self._strips.get(key)
        if strip is None:
            text = self.results[row].prompt.copy()
            text.plain = text.plain.translate(_CONTROLS)
            text.truncate(width, overflow="ellipsis", pad=True)
            text.no_wrap = True
            text.end = ""
            if look:
                text.style = styles[look]
            segments = Segment.apply_style(text.render(self.app.console), self._base)
            strip = self._strips[key] = Strip(segments, width).crop_extend(0, width, self._base)
        return strip


class QueryBox(Input):
    """The query box: a change of its text holds the screen's next frame for the results."""

    # An Input sets its virtual size (its text's width) on every change, and a widget's virtual
    # size asks for a layout of the whole screen. The box's own size is fixed by the bar and it
    # has no scrollbars, so a repaint is enough (its scrolling reads the attribute itself).
    virtual_size = Reactive(Size(0, 0), layout=False)

    async def _on_key(self, event: events.Key) -> None:
        # Before Input's own handler, which is next unless this one prevents it.
        bar = self.parent
        if isinstance(bar, SearchBar):
            await bar.take_key_now(self, event)

    def watch_value(self, value: str) -> None:
        # Synchronous with the change, so before the screen can paint the new text alone.
        bar = self.parent
        if isinstance(bar, SearchBar):
            bar.hold_frame()
            # Straight to the search thread: Input.Changed reaches a handler only after more hops.
            bar.submit(value)


class SearchBar(Vertical):
    DEFAULT_CSS = """
    SearchBar { dock: bottom; height: 12; display: none; layer: overlay; }
    SearchBar.-open { display: block; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close search", id="search_close"),
        Binding("down", "move(1)", "Next result", show=False, id="search_down"),
        Binding("up", "move(-1)", "Previous result", show=False, id="search_up"),
    ]

    def __init__(
        self,
        search: Callable[[str], list[Result] | None] | None = None,
        pick: Callable[[Result], None] | None = None,
        close: Callable[[], None] | None = None,
        *,
        id: str | None = None,
    ) -> None:
        """`search(query)` gives a query's rows (None: nothing to search yet); it runs in the
        search thread, and its newest answer is shown. `pick(result)` is called when a result
        is chosen and `close()` when the bar is closed without one; both are called at once,
        not sent as messages, so that focus moves before the next key is handled."""
        super().__init__(id=id)
        self._pick = pick or (lambda result: None)
        self._close = close or (lambda: None)
        self.searcher = SearchThread(search or (lambda query: None), self._deliver)
        self.results: list[Result] = []
        self.shown_query: str | None = None  # the query whose results `results` are
        self._pick_when_shown: str | None = None  # Enter came before this query's results
        # Keys typed after that Enter, held until its jump (then given to where focus went).
        self._held_keys: list[events.Key] | None = None
        self._pick_timer: Timer | None = None
        self._held: AbstractContextManager[None] | None = None
        self._held_size = Size(0, 0)
        self._hold_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        # No blinking cursor: over SSH every blink is a repaint sent down the wire.
        yield QueryBox(
            placeholder="search leaders, countries, organisations, summits, titles",
            id="search-input",
            classes="no-blink",
        )
        yield ResultRows(id="search-results")

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def list(self) -> ResultRows:
        return self.query_one("#search-results", ResultRows)

    def open(self) -> None:
        self.add_class("-open")
        # Focus now, not on a later callback (`focus()`): letters typed right after `/` (a fast
        # typist, a paste, keys arriving together over SSH) must reach the query box.
        self.screen.set_focus(self.input)
        if self.input.value:
            self.submit(self.input.value)

    def submit(self, query: str) -> None:
        """Search for `query` (the newest query wins; keys never queue up)."""
        self.searcher.submit(query)

    def _deliver(self, query: str, results: Sequence[Result]) -> None:
        try:
            self.app.call_from_thread(self.show_results, query, results)
        except RuntimeError:
            pass  # the app is shutting down

    def action_close(self) -> None:
        self._pick_when_shown = None
        self.release_frame()
        self.remove_class("-open")
        self._close()
        self._release_held_keys()

    async def take_key_now(self, widget: Widget, event: events.Key) -> None:
        """Handle a key as `widget` (the query box or the results) takes it, in order with the
        keys around it.

        Keys typed together (fast typing, keys arriving together over SSH) are all given to
        the focused widget before it handles the first, and a binding runs only once its key
        has bubbled up to the app, after the keys behind it: `/putn`, Enter, `n` typed the
        `n` into the query box before Enter jumped. Here a binding of the bar, the box or the
        results runs as its key is taken; a key that reaches `widget` after focus left it goes
        where focus is now; and keys typed after an Enter that waits for its results are held
        until the jump.
        """
        if self._held_keys is not None:
            event.stop()
            event.prevent_default()
            self._held_keys.append(events.Key(event.key, event.character))
            return
        if widget.screen.focused is not widget:  # `has_focus` changes only once Blur is handled
            event.stop()
            event.prevent_default()
            await self._pass_on(events.Key(event.key, event.character))
            return
        if event.is_printable:
            return  # a letter of the query (Input's own handler)
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.action_pick()
            return
        # The bindings from the focused widget up, as the app checks them when the key bubbles
        # up to it (priority bindings ran before the key was given to the widget).
        if await self.app._check_bindings(event.key):
            event.stop()
            event.prevent_default()

    async def _pass_on(self, key: events.Key) -> None:
        """Handle `key` now as the app does a key from the terminal: its priority bindings, then
        the focused widget. Posted to the app instead, it would wait behind keys typed after it.
        (Textual 8.2.8's `App.on_event`, pinned in pyproject.toml.)"""
        app = self.app
        if not await app._check_bindings(key.key, priority=True):
            target = app.screen.focused or app.screen
            target._forward_event(key)

    def _release_held_keys(self) -> None:
        """Give the keys held since Enter to where focus is now, in the order they came."""
        if self._pick_timer is not None:
            self._pick_timer.stop()
            self._pick_timer = None
        held, self._held_keys = self._held_keys, None
        if held:
            self.call_next(self._pass_on_all, held)

    async def _pass_on_all(self, keys: Sequence[events.Key]) -> None:
        for key in keys:
            await self._pass_on(key)

    def _picked(self, result: Result) -> None:
        """Jump to `result`; an Enter waiting for its results waits no more (a click came first)."""
        self._pick_when_shown = None
        self._pick(result)
        self._release_held_keys()

    def _stop_waiting(self) -> None:
        """The typed query's results did not come in time: no jump, and the held keys go on."""
        self._pick_when_shown = None
        self._release_held_keys()

    def on_unmount(self) -> None:
        self.searcher.stop()
        self.release_frame()

    # ------------------------------------------------------------ one frame per keystroke

    def hold_frame(self) -> None:
        """Hold the screen's next frame until the current query's results are shown, or for
        HOLD_SECONDS at most (counted from the first change not yet painted)."""
        if self._held is not None or not self.is_mounted:
            return
        held = self.app.batch_update()
        held.__enter__()
        self._held = held
        self._held_size = self.app.size
        self._hold_timer = self.set_timer(HOLD_SECONDS, self.release_frame, name="search hold")

    def release_frame(self) -> None:
        """Let the held frame be painted (idempotent)."""
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        held, self._held = self._held, None
        if held is None:
            return
        held.__exit__(None, None, None)
        if self.app.size != self._held_size:
            # A resize while held was laid out but its frame dropped: paint all of it.
            self.screen.refresh()
        self.screen.check_idle()

    def action_move(self, step: int) -> None:
        if self.results:
            current = self.list.highlighted or 0
            self.list.highlighted = (current + step) % len(self.results)

    def show_results(self, query: str, results: Sequence[Result]) -> None:
        if query != self.input.value:
            return  # an older query's answer: the newer one's is on its way
        self.results = list(results)
        self.shown_query = query
        self.list.set_results(self.results)
        self.release_frame()
        if self._pick_when_shown == query:
            if results:
                self._picked(results[0])
            else:
                self._stop_waiting()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()  # the query box has sent the query already

    def action_pick(self) -> None:
        """Jump to the highlighted result, or to the first of the typed query's."""
        query = self.input.value
        if self.shown_query == query:
            if self.results:
                self._picked(self.results[self.list.highlighted or 0])
            return
        # Typed fast and Enter at once: the rows on screen answer an older query. Pick the
        # first of the typed query's results when the search thread gives them (searching
        # here could wait for the search tables being made), and hold the keys typed meanwhile.
        self._pick_when_shown = query
        self._held_keys = []
        self._pick_timer = self.set_timer(PICK_WAIT_SECONDS, self._stop_waiting, name="search pick wait")

    def on_result_rows_selected(self, event: ResultRows.Selected) -> None:
        event.stop()
        self._picked(self.results[event.index])
