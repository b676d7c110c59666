"""ReaderApp: composes the article list, the reading pane, the search bar and the status line,
and routes keys and messages between them.

State lives elsewhere: the session (read markers, positions, the active entity) in
`reader.tui.session`, loading in `reader.tui.loader`, the search thread in
`reader.tui.search_worker`. Article-derived text reaches widgets only as `rich.text.Text` built
from the safe text, never as markup.
"""

from __future__ import annotations

import importlib
import os
import threading
from functools import partial
from pathlib import Path
from typing import Any

from textual import events, work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.filter import Monochrome, NoColor
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, ProgressBar
from textual.worker import get_current_worker

from reader.config import config_dir, data_dir
from reader.corpus.corpus import Corpus, Position
from reader.ingest.sanitize import safe_name
from reader.resources import styles_dir
from reader.store.reading_state import ReadingState
from reader.store.snapshots import CorpusUnavailable
from reader.tui.article_list import ArticleList
from reader.tui.bindings import APP_BINDINGS
from reader.tui.commands import ReaderCommands
from reader.tui.help_screen import help_groups
from reader.tui.key_footer import KeyFooter
from reader.tui.keymap import load_keymap
from reader.tui.legend import Legend, legend_text, type_styles
from reader.tui.loader import CorpusLoader, HeadStart, IdleCollector, LoadCallbacks, reload_if_lost
from reader.tui.meeting_walk import MeetingWalking
from reader.tui.reading_pane import ReadingPane
from reader.tui.search_bar import Result, SearchBar
from reader.tui.search_results import search_rows
from reader.tui.session import IndexSet, ReadingSession, skipped_notice, status_fields
from reader.tui.status_line import StatusLine
from reader.tui.text_walk import TextSearching
from reader.tui.textual_guards import install as install_textual_guards
from reader.tui.toggles import NARROW, THEMES, PanelsAndToggles

install_textual_guards()

SAVE_EVERY_SECONDS = 5.0
IDLE_SECONDS = 2.0  # no key for this long: a full collection cannot land in the middle of typing


class ReaderApp(TextSearching, MeetingWalking, PanelsAndToggles):
    """reader: news from several outlets side by side, entities linked across sources."""

    TITLE = "reader"
    CSS_PATH = str(styles_dir() / "reader.tcss")
    # Keys go to the reading pane from the first frame: while articles load, the first focusable
    # widget would be the article filter, and `/` or `n` typed early would land in it.
    AUTO_FOCUS = "ReadingPane"
    COMMANDS = App.COMMANDS | {ReaderCommands}
    LOOKED_AT_SECONDS = 3.0  # the article shown at start counts as read once open this long
    BINDINGS = APP_BINDINGS  # type: ignore[assignment]  # a list of Bindings is what App expects

    def __init__(self, paths: list[Path], *, use_state: bool = True, theme: str | None = None) -> None:
        super().__init__()
        if self.no_color:
            # NO_COLOR means no colour: Textual's Monochrome filter still sends greys.
            self._filters = [f for f in self._filters if not isinstance(f, Monochrome)] + [NoColor()]
        # Smooth scrolling redraws the pane for every frame: over SSH a page-down cost ~70 KB
        # instead of ~4 KB. Reading jumps straight to where it goes.
        self.animation_level = "none"
        self.paths = paths
        self.corpus: Corpus | None = None
        self.current = 0
        self.unread = IndexSet()
        self.state = ReadingState(data_dir() / "state.db" if use_state else None)
        self.session = ReadingSession(self.state, paths)
        self._requested_theme = theme
        # The user's [keys] remapping, by binding id; the help screen shows these keys.
        self.keymap, self._keymap_notice = load_keymap(config_dir() / "config.toml", help_groups(ReaderApp))
        if self.keymap:
            self.set_keymap(self.keymap)
        # Whether the article list should show when the terminal is wide enough (ctrl+b).
        self._articles_wanted = True
        self._indexing = False  # files are being read (the progress bar shows)
        self._files_in_all: int | None = None  # how many files this load reads or restores
        self._focus_before_search: Widget | None = None
        self.text = None  # a plain-text search that n/N walk instead of an entity
        self.collector = IdleCollector(IDLE_SECONDS)
        self._head_start = HeadStart(paths)  # the gazetteer and the last corpus, while Textual starts

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:
        """Every notice as plain text through the sanitiser: notices quote entity names, paths and
        keys from the user's files (a name holding OSC 52 would write to the clipboard)."""
        kwargs["markup"] = False
        super().notify(safe_name(message), *args, **kwargs)

    @property
    def active(self) -> str:
        """The active entity: what `n`/`N` walk and the status line follows (see the session)."""
        return self.session.active

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield ArticleList(id="articles")
            with Vertical(id="main"):
                yield ProgressBar(id="progress", show_eta=False)
                yield ReadingPane(id="pane")
                yield Legend(legend_text(type_styles(None)), id="legend")
                yield StatusLine(id="status")
        yield SearchBar(
            lambda query: self._search_results(query), self._search_picked, self._search_closed, id="search"
        )
        yield KeyFooter()

    @property
    def pane(self) -> ReadingPane:
        return self.query_one(ReadingPane)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    def legend(self) -> list[tuple[str, str]]:
        """Each entity type's style in the theme in use."""
        panes = self.query(ReadingPane)
        return type_styles(panes.first() if panes else None)

    def on_mount(self) -> None:
        self.set_class(self.no_color, "-no-color")  # the stylesheet tells types apart by style then
        for field in self.query(".no-blink"):
            field.cursor_blink = False  # type: ignore[attr-defined]
        theme = self._requested_theme or self.state.setting("theme")
        if theme in self.available_themes:
            self.theme = theme
        elif self._requested_theme:
            self.notify(
                f"No theme called {self._requested_theme!r}; try one of: {', '.join(THEMES)}",
                severity="warning",
                markup=False,
            )
        for notice in (self.state.notice, self._keymap_notice):
            if notice:
                self.notify(notice, severity="warning", markup=False, timeout=10)
        self.query_one("#legend").display = False
        self.status.message("Loading articles…")
        self._load()  # at once: the article reaches the screen sooner than after a first empty frame

    def on_resize(self, event: events.Resize) -> None:
        # Narrow terminals fold the list away; widening brings it back unless ctrl+b hid it.
        self.query_one(ArticleList).display = self._articles_wanted and event.size.width >= NARROW

    # ------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        current = get_current_worker()
        call = self.call_from_thread
        CorpusLoader(
            self.paths,
            LoadCallbacks(
                notify=lambda notice: call(self.notify, notice, severity="warning", markup=False),
                progress=partial(call, self._progress),
                show=partial(call, self._loaded),
                after_paint=lambda painted: call(self.call_after_refresh, painted.set),
                cancelled=lambda: current.is_cancelled,
            ),
            self._head_start,
        ).run()

    def _progress(self, done: int, total: int) -> None:
        self._indexing = done < total
        self._files_in_all = total
        bar = self.query_one(ProgressBar)
        bar.update(total=total, progress=done)
        if self.corpus is not None and self.corpus.articles and done < total:
            bar.display = True
            # Short: the status line beside the list is some 55 cells at 80 columns.
            self.status.message(f"Indexing {done:,} of {total:,} files; {len(self.corpus.articles):,} can be read now")

    def _loaded(self, corpus: Corpus, final: bool = True, state_keys: dict[str, str] | None = None) -> None:
        """Show `corpus`: the final one, or (`final=False`) one of the articles indexed so far, which
        a bigger one replaces later; the article being read stays open across the swap.
        `state_keys`, once every file is checked: the exact reading-state keys that are not the
        presumed ones (a symlinked article's), most often none."""
        first = self.corpus is None
        previous = self.corpus.articles[self.current].path if self.corpus is not None and self.corpus.articles else None
        marks_changed = state_keys is not None and self.session.learn_state_keys(state_keys)
        if final:
            _import_later()
        if corpus is self.corpus:  # what was shown first is what the files hold
            self.query_one(ProgressBar).display = False
            self.status.message("")
            if marks_changed:
                self._correct_read_marks()
            self._update_status()
            return
        self.corpus = corpus
        # The bar shows while files are being read; not while the last corpus is checked.
        self.query_one(ProgressBar).display = not final and self._indexing
        if final and corpus.problems:
            self.notify(skipped_notice(corpus.problems), severity="warning", markup=False, timeout=10)
        if not corpus.articles:
            if final:
                self.status.message("No readable articles. Quit with q and open a folder of .txt or .md files.")
            return
        paths = [a.path for a in corpus.articles]
        self.unread = self.session.unread(paths)
        if first:
            start = self.session.start_article(paths)
            self.query_one(ArticleList).set_articles(corpus.articles, self.unread, start)
            self.open_article(start, restore=True)
            entity = self.session.saved_entity()
            if entity in corpus.entities:
                self.session.active = entity
                self.pane.set_active(entity)
                self._update_status()
            self._focus(self.pane)
            # A terminal closed without q (or a crash) loses at most this much of the scroll position.
            self.set_interval(SAVE_EVERY_SECONDS, self._remember_position)
            self.set_interval(IDLE_SECONDS, self.collector.tick)
        else:
            index = paths.index(previous) if previous in paths else 0
            self.current = index
            self.query_one(ArticleList).set_articles(corpus.articles, self.unread, index)
            if self.active and self.active not in corpus.entities:
                self.session.active = ""
            # Same article, same place; its mentions are now linked across the larger corpus.
            self.pane.show(corpus.articles[index], corpus.mentions[index], scroll_y=int(self.pane.scroll_y))
            self.pane.set_active(self.active)
            self._update_status()
        if final and not first:
            self.status.message("")
            self._update_status()
        elif not final and self._files_in_all is not None and not self._indexing:
            # Every file read or restored, and these are the first articles linked: the rest are
            # being linked (from the cache, after an upgrade changed how articles are linked).
            self.status.message(f"Linking {self._files_in_all:,} files; {len(corpus.articles):,} can be read now")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.collector.key_pressed()
        await super().on_event(event)

    def _corpus_lost(self, exc: CorpusUnavailable) -> None:
        """The index cache went away under the app (deleted, damaged): say so and index again."""
        self.notify(f"Reloading the articles: {exc}", severity="warning", markup=False, timeout=10)
        self.corpus = None
        self._files_in_all = None
        self.status.message("Loading articles…")
        self._load()

    # ------------------------------------------------------------ articles

    def _correct_read_marks(self) -> None:
        """Mark the list again now that the state keys that differ from the presumed ones changed."""
        assert self.corpus is not None
        unread = self.session.unread([a.path for a in self.corpus.articles])
        if unread != self.unread:
            self.unread = unread
            self.query_one(ArticleList).set_unread(unread)

    def _remember_position(self) -> None:
        if self.corpus is None or not self.corpus.articles:
            return
        panes = self.query(ReadingPane)
        if not panes:  # the app is closing (the timer can fire once its widgets are gone)
            return
        self.session.remember_position(self.corpus.articles[self.current], int(panes.first().scroll_y))

    @reload_if_lost
    def open_article(self, index: int, restore: bool = False) -> None:
        corpus = self.corpus
        if corpus is None or not (0 <= index < len(corpus.articles)):
            return
        if index != self.current or restore:
            if not restore:
                self._remember_position()
            self.current = index
        # Shown at start, an article counts as read only once it is looked at (LOOKED_AT_SECONDS).
        read = not restore
        scroll = self.session.opened(corpus.articles[index], read=read)
        self.pane.show(corpus.articles[index], corpus.mentions[index], scroll_y=scroll)
        self.pane.set_active(self.active)
        if self.text is not None:
            self.pane.set_matches(self.text.in_article(index))
        if read:
            self.unread.discard(index)
        elif index in self.unread:
            self.set_timer(max(self.LOOKED_AT_SECONDS, 0.01), partial(self._looked_at, corpus.articles[index].path))
        self.query_one(ArticleList).mark(index, self.unread)
        self._update_status()

    def _looked_at(self, path: str) -> None:
        """The article shown at start is still open after a while: it has been read."""
        if not self.query(ArticleList):  # the app is closing (the timer can fire once its widgets are gone)
            return
        if self.corpus is not None and self.corpus.articles and self.corpus.articles[self.current].path == path:
            self._set_read(self.current, True)

    def _set_read(self, index: int, read: bool) -> None:
        assert self.corpus is not None
        self.session.set_read(self.corpus.articles[index], read)
        (self.unread.discard if read else self.unread.add)(index)
        self.query_one(ArticleList).mark(self.current, self.unread)

    def action_toggle_read(self) -> None:
        """`m`: the article highlighted in the list (when it has focus), else the one open."""
        if self.corpus is None or not self.corpus.articles:
            return
        articles = self.query_one(ArticleList)
        in_list = self.focused is not None and articles in self.focused.ancestors_with_self
        index = articles.highlighted if in_list and articles.highlighted is not None else self.current
        self._set_read(index, index in self.unread)
        self.notify("Marked read" if index not in self.unread else "Marked unread", timeout=2)

    def open_article_from_palette(self, index: int) -> None:
        self.open_article(index)
        self._focus(self.pane)

    def action_article(self, step: int) -> None:
        if self.corpus and self.corpus.articles:
            # The next article in the list as it is ordered now (o), not in load order.
            self.open_article(self.query_one(ArticleList).neighbour(self.current, step))
            self._focus(self.pane)

    def on_article_list_chosen(self, event: ArticleList.Chosen) -> None:
        self.open_article(event.index)
        self._leave_articles()

    # ------------------------------------------------------------ entities and jumps

    def _make_active(self, entity: str, article: int | None = None) -> None:
        """`entity` becomes the active one (remembered, highlighted); with `article`, jump to its
        first mention there, or in the first article with one."""
        self.session.set_active(entity)
        self.pane.set_active(entity)
        self._walk_series()  # n/N walk a summit's every meeting until asked to walk one
        if article is None or self.corpus is None:
            self._update_status()
            return
        position = self.corpus.first_mention(entity, article, hidden=self.pane.raw)
        if position is not None:
            self.go_to(position)
        self._focus(self.pane)

    @reload_if_lost
    def activate(self, entity: str) -> None:
        """Make `entity` active and jump to its first mention here, or in the first article with one."""
        if self.corpus is None or entity not in self.corpus.entities:
            return
        self._end_text_search()
        self._make_active(entity, self.current)

    def go_to(self, position: Position) -> None:
        if position.article != self.current:
            self.open_article(position.article)
        self.pane.reveal(position.index)
        self._update_status(position)

    @reload_if_lost
    def action_step(self, step: int) -> None:
        corpus = self.corpus
        if corpus is None:
            return
        if self.text is not None:
            self._step_text(step)
            return
        if not self.active:
            self.notify("No active entity: search with / or pick one with Tab and Enter", markup=False)
            return
        if self._step_meeting(step):
            return
        offset = self.pane.step_origin(forward=step > 0)
        position = corpus.step(self.active, self.current, offset, forward=step > 0, hidden=self.pane.raw)
        if position is None:
            return
        if position.wrapped:
            where = "first" if step > 0 else "last"
            self.notify(f"Wrapped around to the {where} mention of {self.active}", markup=False, timeout=3)
        self.go_to(position)

    def on_reading_pane_mention_chosen(self, event: ReadingPane.MentionChosen) -> None:
        self._end_text_search()
        self._make_active(event.mention.entity)

    def _update_status(self, position: Position | None = None) -> None:
        corpus = self.corpus
        if corpus is None or not corpus.articles:
            return
        pane = self.pane
        index = position.index if position else pane.cursor
        on_active = index is not None and index < len(pane.mentions) and pane.mentions[index].entity == self.active
        fields = status_fields(corpus, self.active, self.current, index, on_active, self.pane.raw)
        self.status.show_fields(self._summit_fields(fields, index, on_active))

    # ------------------------------------------------------------ search

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # `/` is a priority binding, handled in order with the keys after it, so that `/putn`
        # typed at once searches for "putn"; in a text field it is just a character.
        if action in ("search", "search_anywhere") and isinstance(self.screen, ModalScreen):
            return False  # a panel's own `/` (the compare view's filter) must reach it
        return not (action == "search" and isinstance(self.focused, Input))

    def action_search_anywhere(self) -> None:
        self.action_search()

    def action_search(self) -> None:
        if self.corpus is not None:
            self._focus_before_search = self.focused
            self.query_one(SearchBar).open()

    def _search_results(self, query: str) -> list[Result] | None:
        """The search bar's rows for `query` (entities, then article titles); runs in the search thread."""
        return search_rows(self.corpus, query) if self.corpus is not None else None

    def _search_picked(self, result: Result) -> None:
        """A search result was chosen: close the bar, move focus to the pane and go there."""
        self.query_one(SearchBar).remove_class("-open")
        self._focus(self.pane)
        if result.kind == "entity":
            self.activate(result.key)
        elif result.kind == "text":
            self.status.message(f"Finding “{result.key}” in the articles…")
            self._find_text(result.key, self.pane.raw)
        else:
            self.open_article(int(result.key))

    def _search_closed(self) -> None:
        """Esc gives focus back to where it was (the article filter, say), else to the pane."""
        previous = self._focus_before_search
        self._focus_before_search = None
        if previous is not None and previous.is_attached and previous.display and previous.focusable:
            self._focus(previous)
        else:
            self._focus(self.pane)

    async def action_quit(self) -> None:
        self.query_one(SearchBar).searcher.stop()
        self._remember_position()
        self.session.close()
        self.exit()

    @staticmethod
    def _focus(widget: Widget) -> None:
        """Move focus now: `Widget.focus()` waits for a later callback, and keys typed in between
        (fast typing, or keys arriving together over SSH) would go to the old widget."""
        widget.screen.set_focus(widget)


# What the first frame does without: imported in a thread of their own once the files are
# checked, so that the first E, c, Tab or Markdown article does not wait for them either.
IMPORTED_LATER = ("reader.tui.compare_screen", "reader.tui.entity_panel", "reader.ingest.markdown")
_imports_started = threading.Event()


def _import_later() -> None:
    if not _imports_started.is_set():
        _imports_started.set()
        threading.Thread(
            target=lambda: [importlib.import_module(name) for name in IMPORTED_LATER],
            name="reader-imports",
            daemon=True,
        ).start()


def run_app(paths: list[Path], mouse: bool = True, use_state: bool = True, theme: str | None = None) -> int:
    """Run the app; its exit status: 0, or non-zero after an unhandled error."""
    app = ReaderApp(paths, use_state=use_state, theme=theme)
    app.run(mouse=mouse and not os.environ.get("READER_NO_MOUSE"))
    return app.return_code or 0
