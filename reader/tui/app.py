"""ReaderApp: the article list, the reading pane, the search bar and the jumps between mentions.

Every keystroke is one call into the engine (`reader.index.Corpus`); loading and searching run
in worker threads so the screen never waits. Article-derived text reaches widgets only as
`rich.text.Text` built from the safe text, never as markup.
"""

from __future__ import annotations

import bisect
import functools
import gc
import os
import threading
import time
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, ProgressBar, Static
from textual.worker import get_current_worker

from reader import collector
from reader.config import config_dir, corrections_file, data_dir
from reader.entities.gazetteer import GazetteerError, load_gazetteer
from reader.entities.model import ENTITY_TYPES
from reader.index import Corpus, Position
from reader.indexer import IndexCancelled, index_paths, last_corpus
from reader.stored_corpus import CorpusUnavailable
from reader.reading_state import ReadingState, corpus_key, digest, presumed_state_paths, state_path
from reader.resources import styles_dir
from reader.tui.article_list import ArticleList
from reader.tui.entity_panel import CoverageScreen, EntityPanel
from reader.tui.key_footer import KeyFooter
from reader.tui.help_screen import HelpScreen
from reader.tui.reading_pane import TYPE_CLASSES, ReadingPane
from reader.tui.search_bar import Result, SearchBar, emphasise
from reader.tui.status_line import StatusLine

NARROW = 70  # below this many columns the article list folds away
SAVE_EVERY_SECONDS = 5.0
FIRST_FRAME_WAIT_S = 2.0  # at most this long before checking the files of a corpus already shown
FULL_COLLECTION_AFTER = 100  # middle-generation collections between full ones (Python's default: 10)
IDLE_SECONDS = 2.0  # no key for this long: a full collection cannot land in the middle of typing
THEMES = ("textual-dark", "textual-light")


class ReaderCommands(Provider):
    """The command palette offers articles and entities (display text built as Text, not markup)."""

    async def search(self, query: str) -> Hits:
        app = self.app
        if not isinstance(app, ReaderApp) or app.corpus is None:
            return
        matcher = self.matcher(query)

        def display(kind: str, candidate: str) -> Text:
            # Built as Text with the matched characters styled: `Matcher.highlight` would parse
            # the candidate (an article title) as markup.
            text = Text(f"{kind}: ", style="dim")
            name = Text(candidate)
            for offset in matcher.fuzzy_search.match(query, candidate)[1]:
                name.stylize("bold underline", offset, offset + 1)
            return text.append_text(name)

        for index, article in enumerate(app.corpus.articles):
            score = matcher.match(article.title)
            if score > 0:
                yield Hit(score, display("Article", article.title), partial(app.open_article_from_palette, index),
                          text=article.title)
        for name in app.corpus.entities:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, display("Entity", name), partial(app.activate, name), text=name)


def _reload_if_lost(method):
    """For what reads the stored corpus (an article's mentions, an entity's occurrences): if the
    index cache went away under the app, say so and load again instead of crashing."""

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except CorpusUnavailable as exc:
            self._corpus_lost(exc)

    return guarded


class ReaderApp(App[None]):
    """reader: news from several outlets side by side, entities linked across sources."""

    TITLE = "reader"
    CSS_PATH = str(styles_dir() / "reader.tcss")
    # Keys go to the reading pane from the first frame: while articles load, the first focusable
    # widget would be the article filter, and `/` or `n` typed early would land in it.
    AUTO_FOCUS = "ReadingPane"
    COMMANDS = App.COMMANDS | {ReaderCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit (your place is remembered)"),
        Binding("slash", "search", "Search", id="search", priority=True, tooltip="Search entities and titles; Enter jumps"),
        Binding("ctrl+f", "search_anywhere", "Search", show=False, id="search_anywhere", priority=True,
                tooltip="Search, even from a text field"),
        Binding("n", "step(1)", "Next", id="next_mention", tooltip="Next mention of the active entity, across articles"),
        Binding("N", "step(-1)", "Prev", id="previous_mention", tooltip="Previous mention of the active entity"),
        Binding("right_square_bracket", "article(1)", "Article", id="next_article", tooltip="Next article in the list"),
        Binding("left_square_bracket", "article(-1)", "Prev article", show=False, id="previous_article", tooltip="Previous article in the list"),
        Binding("e", "entities", "Entities", id="entity_panel", tooltip="This article's entities by type"),
        Binding("E", "coverage", "Coverage", show=False, id="coverage", tooltip="Entities × sources: who covers whom"),
        Binding("r", "raw", "Raw text", show=False, id="toggle_raw", tooltip="Show or hide page debris (raw text)"),
        Binding("l", "legend", "Legend", show=False, id="legend", tooltip="Show or hide the colour legend"),
        Binding("a", "focus_articles", "Articles", show=False, id="focus_articles",
                tooltip="The article list: type to filter, ↑/↓, Enter"),
        Binding("ctrl+b", "sidebar", "Articles", show=False, id="toggle_articles", tooltip="Show or hide the article list"),
        Binding("ctrl+t", "theme", "Theme", show=False, id="toggle_theme", tooltip="Dark or light theme (remembered)"),
        Binding("question_mark", "help", "Help", id="help", tooltip="This help"),
    ]

    def __init__(self, paths: list[Path], *, use_state: bool = True, theme: str | None = None) -> None:
        super().__init__()
        # Smooth scrolling redraws the pane for every frame: over SSH a page-down cost ~70 KB
        # instead of ~4 KB. Reading jumps straight to where it goes.
        self.animation_level = "none"
        self.paths = paths
        self.corpus: Corpus | None = None
        self.current = 0
        self.active = ""
        self.unread: set[int] = set()
        self.state = ReadingState(data_dir() / "state.db" if use_state else None)
        self.session = corpus_key(paths)
        self._requested_theme = theme
        # The user's [keys] remapping, by binding id; the help screen shows these keys.
        self.keymap: dict[str, str] = {}
        self._keymap_notice = self._load_keymap()
        # Whether the article list should show when the terminal is wide enough (ctrl+b).
        self._articles_wanted = True
        self._saved_position: tuple[str, int] | None = None
        self._indexing = False  # files are being read (the progress bar shows)
        self._focus_before_search = None
        self._state_keys: dict[str, str] = {}  # article path -> reading-state key (see _state_key)
        # Articles opened in this session: read, whatever the state database says (it says
        # nothing without saving, and a corpus that arrives later marks from it again).
        self._opened: set[str] = set()
        self._last_key = 0.0  # time.monotonic() of the last key (see _collect_when_idle)
        # The newest query not yet taken by the search thread, and whether that thread runs.
        self._search_wakeup = threading.Condition()
        self._search_wanted: str | None = None
        self._search_running = False
        self._search_stopping = False

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield ArticleList(id="articles")
            with Vertical(id="main"):
                yield ProgressBar(id="progress", show_eta=False)
                yield ReadingPane(id="pane")
                yield Static(self._legend_text(), id="legend")
                yield StatusLine(id="status")
        yield SearchBar(id="search")
        yield KeyFooter()

    @property
    def pane(self) -> ReadingPane:
        return self.query_one(ReadingPane)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    def _legend_text(self) -> Text:
        text = Text("Colours: ")
        for kind, style in self.legend():
            text.append(f" {kind} ", style=style)
            text.append(" ")
        return text

    def legend(self) -> list[tuple[str, str]]:
        try:
            pane = self.query_one(ReadingPane)
            return [(kind, str(pane.get_component_rich_style(cls, partial=True))) for kind, cls in TYPE_CLASSES.items()]
        except Exception:  # before the pane exists
            return [(kind, "") for kind in ENTITY_TYPES]

    def on_mount(self) -> None:
        for field in self.query(".no-blink"):
            field.cursor_blink = False
        theme = self._requested_theme or self.state.setting("theme")
        if theme in self.available_themes:
            self.theme = theme
        elif self._requested_theme:
            self.notify(f"No theme called {self._requested_theme!r}; try one of: {', '.join(THEMES)}", severity="warning", markup=False)
        for notice in (self.state.notice, self._keymap_notice):
            if notice:
                self.notify(notice, severity="warning", markup=False, timeout=10)
        self.query_one("#legend").display = False
        self.status.message("Loading articles…")
        self.call_after_refresh(self._load)  # paint first: the loading thread competes for the GIL

    def on_resize(self, event) -> None:
        # Narrow terminals fold the list away; widening brings it back unless ctrl+b hid it.
        self.query_one(ArticleList).display = self._articles_wanted and event.size.width >= NARROW

    # ------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        # Everything loaded here lives as long as the corpus: no collector passes over it while
        # it is made (see reader.collector); the end of _load_corpus sets how it is collected after.
        with collector.paused():
            self._load_corpus(get_current_worker())

    def _load_corpus(self, worker) -> None:
        try:
            gazetteer = load_gazetteer(corrections_file())
        except GazetteerError as exc:
            self.call_from_thread(self.notify, f"Corrections ignored: {exc}", severity="warning", markup=False)
            gazetteer = load_gazetteer(None)

        def progress(done: int, total: int) -> None:
            if not worker.is_cancelled:
                self.call_from_thread(self._progress, done, total)

        def so_far(corpus: Corpus) -> None:
            if not worker.is_cancelled:
                self.call_from_thread(self._loaded, corpus, False)

        # What these folders showed last time, at once; then the files are checked, and the
        # checked corpus replaces it only if something changed.
        shown = last_corpus(self.paths, gazetteer)
        if shown is not None and not worker.is_cancelled:
            painted = threading.Event()
            self.call_from_thread(self._loaded, shown, False)
            self.call_from_thread(self.call_after_refresh, painted.set)
            # Checking the files competes with the first frame for the interpreter: let the
            # article reach the screen first.
            painted.wait(FIRST_FRAME_WAIT_S)
        try:
            result = index_paths(self.paths, gazetteer, progress=progress, partial=so_far,
                                 cancelled=lambda: worker.is_cancelled)
        except IndexCancelled:
            return  # quitting: what was read is in the cache for next time
        for notice in result.notices:
            self.call_from_thread(self.notify, notice, severity="warning", markup=False)
        corpus = result.corpus
        if shown is not None:
            if corpus.key and corpus.key == shown.key:
                corpus.close()
                corpus = shown
            else:
                shown.close()
        if not worker.is_cancelled:
            # The read markers by each file's exact state key (a symlinked article is kept
            # under its target): a system call per file, made here rather than on the UI
            # thread, where the list was first marked with presumed keys.
            exact = {article.path: state_path(article.path) for article in corpus.articles}
            self.call_from_thread(self._loaded, corpus, True, exact)
            # The search tables are built here rather than on the first keystroke.
            corpus.prepare_search()
            # What is loaded now lives as long as the corpus: one full collection here (what an
            # earlier corpus left is freed), then out of the collector's full passes, which would
            # otherwise scan all of it (~75 ms at 10,000 articles) in the middle of a keystroke.
            gc.collect()
            gc.freeze()
            # Full passes over what is made after this (caches, opened articles) took 12–17 ms
            # every 30–50 keystrokes at 10,000 articles: let them come 10x less often, and do
            # them while no key is coming in (`_collect_when_idle`).
            young, middle, _ = gc.get_threshold()
            gc.set_threshold(young, middle, FULL_COLLECTION_AFTER)

    def _progress(self, done: int, total: int) -> None:
        self._indexing = done < total
        bar = self.query_one(ProgressBar)
        bar.update(total=total, progress=done)
        if self.corpus is not None and self.corpus.articles and done < total:
            bar.display = True
            self.status.message(f"Indexing {done:,} of {total:,} files; the {len(self.corpus.articles):,} "
                                "articles listed can be read and searched now.")

    def _loaded(self, corpus: Corpus, final: bool = True, state_keys: dict[str, str] | None = None) -> None:
        """Show `corpus`: the final one, or (`final=False`) one of the articles indexed so far, which
        a bigger one replaces later; the article being read stays open across the swap.
        `state_keys`: each article's exact reading-state key, once known (see `_state_key`)."""
        first = self.corpus is None
        previous = self.corpus.articles[self.current].path if not first and self.corpus.articles else None
        if state_keys:
            self._state_keys.update(state_keys)
        if corpus is self.corpus:  # what was shown first is what the files hold
            self.query_one(ProgressBar).display = False
            self.status.message("")
            if state_keys:
                self._correct_read_marks()
            self._update_status()
            return
        self.corpus = corpus
        # The bar shows while files are being read; not while the last corpus is checked.
        self.query_one(ProgressBar).display = not final and self._indexing
        if final and corpus.problems:
            first_problem = corpus.problems[0]
            more = f" and {len(corpus.problems) - 1} more" if len(corpus.problems) > 1 else ""
            self.notify(f"Skipped {len(corpus.problems)} file(s): {first_problem}{more}", severity="warning",
                        markup=False, timeout=10)
        if not corpus.articles:
            if final:
                self.status.message("No readable articles. Quit with q and open a folder of .txt or .md files.")
            return
        paths = [a.path for a in corpus.articles]
        self.unread = self._unread(paths)
        if first:
            # Digests need the text, which is read only when an article is opened; which
            # articles were read is known by path alone.
            self._digests: dict[str, str] = {}
            session = self.state.session(self.session)
            start = paths.index(session["article"]) if session.get("article") in paths else 0
            self.query_one(ArticleList).set_articles(corpus.articles, self.unread, start)
            self.open_article(start, restore=True)
            entity = session.get("entity", "")
            if entity in corpus.entities:
                self.active = entity
                self.pane.set_active(entity)
                self._update_status()
            self._focus(self.pane)
            # A terminal closed without q (or a crash) loses at most this much of the scroll position.
            self.set_interval(SAVE_EVERY_SECONDS, self._remember_position)
            self.set_interval(IDLE_SECONDS, self._collect_when_idle)
        else:
            index = paths.index(previous) if previous in paths else 0
            self.current = index
            self.query_one(ArticleList).set_articles(corpus.articles, self.unread, index)
            if self.active and self.active not in corpus.entities:
                self.active = ""
            # Same article, same place; its mentions are now linked across the larger corpus.
            self.pane.show(corpus.articles[index], corpus.mentions[index], scroll_y=int(self.pane.scroll_y))
            self.pane.set_active(self.active)
            self._update_status()
        if final and not first:
            self.status.message("")
            self._update_status()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self._last_key = time.monotonic()
        await super().on_event(event)

    def _collect_when_idle(self) -> None:
        # gc.get_count()[2]: middle-generation collections since the last full one; none means
        # nothing new to look at.
        if time.monotonic() - self._last_key >= IDLE_SECONDS and gc.get_count()[2]:
            gc.collect()

    def _corpus_lost(self, exc: CorpusUnavailable) -> None:
        """The index cache went away under the app (deleted, damaged): say so and index again."""
        self.notify(f"Reloading the articles: {exc}", severity="warning", markup=False, timeout=10)
        self.corpus = None
        self.status.message("Loading articles…")
        self._load()

    # ------------------------------------------------------------ articles

    def _unread(self, paths: list[str]) -> set[int]:
        """Which of these articles were not read: by their exact state keys where known, else by
        presumed ones (no system call per file; only a symlinked file can differ), and never
        one opened in this session."""
        missing = [path for path in paths if path not in self._state_keys]
        presumed = dict(zip(missing, presumed_state_paths(missing)))
        keys = [self._state_keys.get(path) or presumed[path] for path in paths]
        read = self.state.read_paths(keys)
        return {i for i, (path, key) in enumerate(zip(paths, keys)) if key not in read and path not in self._opened}

    def _correct_read_marks(self) -> None:
        """Mark the list again now that every exact state key is known (almost always no change)."""
        unread = self._unread([a.path for a in self.corpus.articles])
        if unread != self.unread:
            self.unread = unread
            self.query_one(ArticleList).set_unread(unread)

    def _state_key(self, path: str) -> str:
        # Kept: finding it costs a system call per file (is it a symlink?), and every corpus
        # shown (the last start's, those of a cold index, the checked one) lists the same files.
        key = self._state_keys.get(path)
        if key is None:
            key = self._state_keys[path] = state_path(path)
        return key

    def _article_key(self, index: int) -> tuple[str, str]:
        article = self.corpus.articles[index]
        if article.path not in self._digests:
            self._digests[article.path] = digest(article.text)
        return self._state_key(article.path), self._digests[article.path]

    def _remember_position(self) -> None:
        if self.corpus is None or not self.corpus.articles or not self.state.saving:
            return
        path, text_digest = self._article_key(self.current)
        position = (path, int(self.pane.scroll_y))
        if position != self._saved_position:  # one short write when something changed, none otherwise
            self.state.save_article(path, text_digest, True, position[1])
            self._saved_position = position

    @_reload_if_lost
    def open_article(self, index: int, restore: bool = False) -> None:
        corpus = self.corpus
        if corpus is None or not (0 <= index < len(corpus.articles)):
            return
        if index != self.current or restore:
            if not restore:
                self._remember_position()
            self.current = index
        key = self._article_key(index)
        scroll = self.state.article(*key)[1]
        self.pane.show(corpus.articles[index], corpus.mentions[index], scroll_y=scroll)
        if self.state.saving:  # opened means read, even if the app is closed before scrolling
            self.state.save_article(*key, True, scroll)
            self._saved_position = (key[0], scroll)
        self.pane.set_active(self.active)
        self._opened.add(corpus.articles[index].path)
        self.unread.discard(index)
        self.query_one(ArticleList).mark(index, self.unread)
        self.state.save_session(self.session, "article", corpus.articles[index].path)
        self._update_status()

    def open_article_from_palette(self, index: int) -> None:
        self.open_article(index)
        self._focus(self.pane)

    def action_article(self, step: int) -> None:
        if self.corpus and self.corpus.articles:
            self.open_article((self.current + step) % len(self.corpus.articles))
            self._focus(self.pane)

    def on_article_list_chosen(self, event: ArticleList.Chosen) -> None:
        self.open_article(event.index)
        self._leave_articles()

    # ------------------------------------------------------------ entities and jumps

    @_reload_if_lost
    def activate(self, entity: str) -> None:
        """Make `entity` active and jump to its first mention here, or in the first article with one."""
        if self.corpus is None or entity not in self.corpus.entities:
            return
        self.active = entity
        self.state.save_session(self.session, "entity", entity)
        self.pane.set_active(entity)
        position = self.corpus.first_mention(entity, self.current)
        if position is not None:
            self.go_to(position)
        self._focus(self.pane)

    def go_to(self, position: Position) -> None:
        if position.article != self.current:
            self.open_article(position.article)
        self.pane.reveal(position.index)
        self._update_status(position)

    @_reload_if_lost
    def action_step(self, step: int) -> None:
        corpus = self.corpus
        if corpus is None:
            return
        if not self.active:
            self.notify("No active entity: search with / or pick one with Tab and Enter", markup=False)
            return
        pane = self.pane
        if pane.cursor is not None and pane.cursor < len(pane.mentions):
            offset = pane.mentions[pane.cursor].start
        else:
            visible = pane.visible_mentions()
            offset = pane.mentions[visible[0]].start - 1 if visible else -1
            if step < 0:
                offset = pane.mentions[visible[0]].start if visible else 0
        position = corpus.step(self.active, self.current, offset, forward=step > 0)
        if position is None:
            return
        if position.wrapped:
            where = "first" if step > 0 else "last"
            self.notify(f"Wrapped around to the {where} mention of {self.active}", markup=False, timeout=3)
        self.go_to(position)

    def on_reading_pane_mention_chosen(self, event: ReadingPane.MentionChosen) -> None:
        self.active = event.mention.entity
        self.state.save_session(self.session, "entity", self.active)
        self.pane.set_active(self.active)
        self._update_status()

    def _update_status(self, position: Position | None = None) -> None:
        corpus = self.corpus
        if corpus is None or not corpus.articles:
            return
        article_position = (self.current + 1, len(corpus.articles))
        if not self.active:
            self.status.show("", 0, 0, "", None, article_position)
            return
        places = corpus.occurrences(self.active)
        pane = self.pane
        index = position.index if position else pane.cursor
        ordinal = 0
        if index is not None and index < len(pane.mentions) and pane.mentions[index].entity == self.active:
            ordinal = corpus.position(self.active, self.current, index).ordinal
        # This article's stretch of the entity's mentions (in corpus order): bisect, not a scan,
        # so a jump in an article with thousands of mentions stays instant.
        first = bisect.bisect_left(places, (self.current, -1))
        last = bisect.bisect_left(places, (self.current + 1, -1))
        in_article = None
        if last > first:
            at = bisect.bisect_left(places, (self.current, index if index is not None else -1), first, last)
            here = at - first + 1 if index is not None and at < last and places[at] == (self.current, index) else 0
            in_article = (here, last - first)
        self.status.show(self.active, ordinal, len(places), corpus.articles[self.current].source, in_article, article_position)

    # ------------------------------------------------------------ search

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # `/` is a priority binding, handled in order with the keys after it, so that `/putn`
        # typed at once searches for "putn"; in a text field it is just a character.
        if action == "search" and isinstance(self.focused, Input):
            return False
        return True

    def action_search_anywhere(self) -> None:
        self.action_search()

    def action_search(self) -> None:
        if self.corpus is not None:
            self._focus_before_search = self.focused
            self.query_one(SearchBar).open()

    def on_search_bar_query(self, event: SearchBar.Query) -> None:
        # One search thread, started with the first query and kept: it always takes the newest
        # query, so a key typed while a query runs replaces the one waiting and keys never queue
        # up. (A worker per query cost a thread start and three state messages per keystroke,
        # handled by the UI thread while the search needed the interpreter.)
        with self._search_wakeup:
            self._search_wanted = event.text
            self._search_wakeup.notify()
            if self._search_running:
                return
            self._search_running = True
        self._search(self.query_one(SearchBar))

    @work(thread=True, group="search")
    def _search(self, bar: SearchBar) -> None:
        worker = get_current_worker()
        try:
            while True:
                with self._search_wakeup:
                    while self._search_wanted is None and not self._search_stopping and not worker.is_cancelled:
                        # Woken by a query or by quitting; the timeout notices a cancel.
                        self._search_wakeup.wait(0.1)
                    if self._search_stopping or worker.is_cancelled:
                        return
                    query, self._search_wanted = self._search_wanted, None
                results = self._search_results(query)
                with self._search_wakeup:
                    stale = self._search_wanted is not None  # a newer query is waiting: skip this one
                if results is not None and not stale and not worker.is_cancelled:
                    self.call_from_thread(bar.show_results, query, results)
        finally:
            with self._search_wakeup:
                self._search_running = False

    def _stop_search(self) -> None:
        with self._search_wakeup:
            self._search_stopping = True
            self._search_wakeup.notify_all()

    def _search_results(self, query: str) -> list[Result] | None:
        """The search bar's rows for `query` (entities, then article titles)."""
        corpus = self.corpus
        if corpus is None:
            return None
        results: list[Result] = []
        for hit in corpus.search(query, limit=12):
            entity = hit.entity
            prompt = Text(f"{entity.type:<7}", style="dim")
            prompt.append_text(emphasise(entity.name, query))
            sources = entity.article_count
            prompt.append(f"  {entity.count} mention{'s' * (entity.count != 1)}, {sources} source{'s' * (sources != 1)}", style="dim")
            results.append(Result("entity", entity.name, prompt))
        for hit in corpus.search_titles(query, limit=5):
            prompt = Text("article ", style="dim")
            prompt.append_text(emphasise(corpus.articles[hit.article].title, query))
            results.append(Result("article", str(hit.article), prompt))
        return results

    def on_search_bar_picked(self, event: SearchBar.Picked) -> None:
        self.query_one(SearchBar).remove_class("-open")
        if event.result.kind == "entity":
            self.activate(event.result.key)
        else:
            self.open_article(int(event.result.key))
            self._focus(self.pane)

    def on_search_bar_closed(self, event: SearchBar.Closed) -> None:
        # Esc gives focus back to where it was (the article filter, say), else to the pane.
        previous = self._focus_before_search
        self._focus_before_search = None
        if previous is not None and previous.is_attached and previous.display and previous.focusable:
            self._focus(previous)
        else:
            self._focus(self.pane)

    # ------------------------------------------------------------ panels and toggles

    def action_entities(self) -> None:
        if self.corpus and self.corpus.articles:
            self.push_screen(EntityPanel(self.corpus, self.current), self._chosen_entity)

    def _chosen_entity(self, name: str | None) -> None:
        if name:
            self.activate(name)

    def action_coverage(self) -> None:
        if self.corpus and self.corpus.articles:
            self.push_screen(CoverageScreen(self.corpus), self._chosen_cell)

    def _chosen_cell(self, choice: tuple[str, int] | None) -> None:
        if choice:
            name, article = choice
            self.active = name
            self.state.save_session(self.session, "entity", name)
            self.pane.set_active(name)
            position = self.corpus.first_mention(name, article)
            if position is not None:
                self.go_to(position)
            self._focus(self.pane)

    def action_raw(self) -> None:
        self.pane.set_raw(not self.pane.raw)
        self.notify("Showing the raw text, page debris included" if self.pane.raw else "Page debris hidden", timeout=2)

    def action_legend(self) -> None:
        legend = self.query_one("#legend", Static)
        legend.update(self._legend_text())
        legend.display = not legend.display

    def action_focus_articles(self) -> None:
        articles = self.query_one(ArticleList)
        articles.display = True
        self._focus(self.query_one("#article-filter"))

    def on_article_list_left(self, event: ArticleList.Left) -> None:
        self._leave_articles()

    def _leave_articles(self) -> None:
        if self.size.width < NARROW or not self._articles_wanted:
            self.query_one(ArticleList).display = False  # it was shown only to pick an article
        self._focus(self.pane)

    def action_sidebar(self) -> None:
        articles = self.query_one(ArticleList)
        articles.display = not articles.display
        if self.size.width >= NARROW:
            self._articles_wanted = articles.display
        if not articles.display and self.focused is not None and articles in self.focused.ancestors:
            self._focus(self.pane)

    def action_theme(self) -> None:
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]
        self.state.save_setting("theme", self.theme)
        self.pane.set_active(self.active)  # component colours follow the theme

    def action_help(self) -> None:
        self.push_screen(HelpScreen(help_groups(), self.legend(), self.keymap))

    async def action_quit(self) -> None:
        self._stop_search()
        self._remember_position()
        self.state.close()
        self.exit()

    # ------------------------------------------------------------ keys

    @staticmethod
    def _focus(widget) -> None:
        """Move focus now: `Widget.focus()` waits for a later callback, and keys typed in between
        (fast typing, or keys arriving together over SSH) would go to the old widget."""
        widget.screen.set_focus(widget)

    def _load_keymap(self) -> str:
        """`[keys]` in config.toml remaps bindings by id: `next_mention = "n,ctrl+n"`."""
        path = config_dir() / "config.toml"
        if not path.exists():
            return ""
        import tomllib  # here: most starts have no config file

        try:
            with path.open("rb") as handle:
                keys = tomllib.load(handle).get("keys", {})
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            return f"Key settings in {path} ignored: {exc}"
        if not isinstance(keys, dict):
            return f"Key settings in {path} ignored: [keys] is not a table"
        self.keymap = {str(k): str(v) for k, v in keys.items()}
        self.set_keymap(self.keymap)
        unknown = sorted(set(self.keymap) - {b.id for _, bindings in help_groups() for b in bindings})
        if unknown:
            return f"Unknown key ids in {path} ignored: {', '.join(unknown)}"
        return ""


def help_groups() -> list[tuple[str, list[Binding]]]:
    """Every binding of the app, by where it works; the help screen lists them all."""
    def bindings(owner) -> list[Binding]:
        return [b for b in owner.BINDINGS if isinstance(b, Binding)]

    return [("Reader", bindings(ReaderApp)), ("Reading pane", bindings(ReadingPane)),
            ("Search bar", bindings(SearchBar)), ("Article list (a)", bindings(ArticleList)), ("Entity panel (e)", bindings(EntityPanel)),
            ("Coverage (E)", bindings(CoverageScreen)), ("Help (?)", bindings(HelpScreen))]


def run_app(paths: list[Path], mouse: bool = True, use_state: bool = True, theme: str | None = None) -> int:
    app = ReaderApp(paths, use_state=use_state, theme=theme)
    app.run(mouse=mouse and not os.environ.get("READER_NO_MOUSE"))
    return 0
