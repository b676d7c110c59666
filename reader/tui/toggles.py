"""The app's panels and toggles: the entity panel (`e`), coverage (`E`), raw text, the legend,
the article list, the theme and the help. Each opens a screen or flips one setting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

from reader.tui.article_list import ArticleList
from reader.tui.help_screen import HelpScreen, help_groups
from reader.tui.legend import Legend

if TYPE_CHECKING:
    from textual.widget import Widget

    from reader.corpus.corpus import Corpus, Position
    from reader.store.reading_state import ReadingState
    from reader.tui.meeting_index import MeetingIndex
    from reader.tui.reading_pane import ReadingPane

NARROW = 70  # below this many columns the article list folds away
THEMES = ("textual-dark", "textual-light")


class PanelsAndToggles(App[None]):
    """ReaderApp's panels and toggles (see the module's docstring)."""

    if TYPE_CHECKING:  # what ReaderApp gives it
        corpus: Corpus | None
        current: int
        state: ReadingState
        keymap: dict[str, str]
        meeting_index: MeetingIndex
        _articles_wanted: bool

        @property
        def pane(self) -> ReadingPane: ...

        @property
        def active(self) -> str: ...

        def activate(self, entity: str) -> None: ...

        def walk_meeting_of(self, entity: str, instance: str) -> None: ...

        def legend(self) -> list[tuple[str, str]]: ...

        def _make_active(self, entity: str, article: int | None = None) -> None: ...

        def go_to(self, position: Position) -> None: ...

        def _update_status(self) -> None: ...

        @staticmethod
        def _focus(widget: Widget) -> None: ...

    def action_entities(self) -> None:
        if self.corpus and self.corpus.articles:
            from reader.tui.entity_panel import EntityPanel

            self.push_screen(EntityPanel(self.corpus, self.current, self.meeting_index), self._chosen_entity)

    def _chosen_entity(self, choice: tuple[str, str] | None) -> None:
        """An entity (`n`/`N` walk all its mentions), or one meeting of a summit series (only it)."""
        if choice:
            name, instance = choice
            if instance:
                self.walk_meeting_of(name, instance)
            else:
                self.activate(name)

    def action_coverage(self) -> None:
        if self.corpus and self.corpus.articles:
            from reader.tui.entity_panel import CoverageScreen

            self.push_screen(CoverageScreen(self.corpus), self._chosen_cell)

    def _chosen_cell(self, choice: tuple[str, int] | None) -> None:
        if choice:
            name, article = choice
            self._make_active(name, article)

    def action_compare(self) -> None:
        """`c`: every source's sentences about the active entity, side by side."""
        if self.corpus is None or not self.corpus.articles:
            return
        if not self.active:
            self.notify("No active entity: search with / or pick one with Tab and Enter", timeout=4)
            return
        from reader.tui.compare_screen import CompareScreen

        self.push_screen(CompareScreen(self.corpus, self.active, hidden=self.pane.raw), self._compared)

    def _compared(self, choice: tuple[int, int] | None) -> None:
        if choice and self.corpus is not None:
            article, index = choice
            # The pane's cursor lands there, so n/N go on from that mention.
            self.go_to(self.corpus.position(self.active, article, index, hidden=self.pane.raw))
            self._focus(self.pane)

    def action_raw(self) -> None:
        self.pane.set_raw(not self.pane.raw)
        self._update_status()  # the stops are counted again: hidden text has its own now, or not
        self.notify("Showing the raw text, page debris included" if self.pane.raw else "Page debris hidden", timeout=2)

    def action_legend(self) -> None:
        legend = self.query_one(Legend)
        legend.show_styles(self.legend())
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
        self.push_screen(HelpScreen(help_groups(type(self)), self.legend(), self.keymap))
