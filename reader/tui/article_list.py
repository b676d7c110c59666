"""The side panel: every loaded article, filterable, with an unread marker."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from reader.articles import Article


def _size(words: int) -> str:
    return f"{words / 1000:.1f}k words" if words >= 1000 else f"{words} words"


class ArticleList(Vertical):
    """Filter box above an OptionList (virtualised: cheap per article, unlike ListView)."""

    DEFAULT_CSS = """
    ArticleList { width: 26; }
    ArticleList > Input { height: 3; }
    ArticleList > OptionList { height: 1fr; }
    """

    BINDINGS = [
        Binding("down", "move(1)", "Next article in the list", show=False, id="list_down"),
        Binding("up", "move(-1)", "Previous article in the list", show=False, id="list_up"),
        Binding("escape", "leave", "Back to the reading pane", show=False, id="list_leave"),
    ]

    class Left(Message):
        """Esc in the list: the reader goes back to the reading pane."""

    class Chosen(Message):
        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.articles: list[Article] = []
        self.unread: set[int] = set()
        self.current = 0
        self._shown: list[int] = []

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter articles", id="article-filter", classes="no-blink")
        yield OptionList(id="article-options")

    @property
    def options(self) -> OptionList:
        return self.query_one("#article-options", OptionList)

    def set_articles(self, articles: list[Article], unread: set[int], current: int) -> None:
        self.articles = articles
        self.unread = set(unread)
        self.current = current
        self._rebuild(self.query_one("#article-filter", Input).value)

    def mark(self, current: int, unread: set[int]) -> None:
        """Follow the current article and redraw only the entries whose marker changed: a list of
        10,000 articles is not rebuilt for every jump."""
        changed = (self.unread ^ unread) | {self.current, current}
        self.current = current
        self.unread = set(unread)
        positions = {index: at for at, index in enumerate(self._shown)}
        for index in changed:
            if index in positions:
                self.options.replace_option_prompt_at_index(positions[index], self._prompt(index))
        if current in positions:
            self.options.highlighted = positions[current]

    def _prompt(self, index: int) -> Text:
        article = self.articles[index]
        width = max((self.options.size.width or 26) - 3, 10)
        marker = "●" if index in self.unread else " "
        title = Text(f"{marker} ", style="bold")
        title.append(article.title.replace("\n", " "), style="not bold")
        title.truncate(width, overflow="ellipsis")
        byline = Text(f"  {article.source} · {_size(article.words)}", style="dim")
        byline.truncate(width, overflow="ellipsis")
        return Text.assemble(title, "\n", byline)

    def _rebuild(self, pattern: str) -> None:
        words = pattern.casefold().split()
        self._shown = [i for i, a in enumerate(self.articles)
                       if all(w in f"{a.title} {a.source}".casefold() for w in words)]
        options = self.options
        options.clear_options()
        options.add_options([Option(self._prompt(i), id=str(i)) for i in self._shown])
        if self.current in self._shown:
            options.highlighted = self._shown.index(self.current)

    def on_resize(self) -> None:
        if self.articles:
            self._rebuild(self.query_one("#article-filter", Input).value)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._rebuild(event.value)

    def action_move(self, step: int) -> None:
        # Up and down work from the filter box too: type a few letters, arrow, Enter.
        if self._shown:
            options = self.options
            current = options.highlighted if options.highlighted is not None else -step
            options.highlighted = max(0, min(len(self._shown) - 1, current + step))

    def action_leave(self) -> None:
        self.post_message(self.Left())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._shown:
            self.post_message(self.Chosen(self._shown[self.options.highlighted or 0]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(int(event.option.id)))
