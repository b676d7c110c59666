"""The side panel: every loaded article, filterable, with an unread marker.

The rows are a Line-API ScrollView (`ArticleRows`): `set_articles` stores the list and one
casefolded haystack per article, and only the rows on screen are ever rendered, so 10,000
articles open, filter and scroll as fast as ten. Each article takes two rows: "● title" and
"  source · 1.2k words". Colours come from COMPONENT_CLASSES, so the stylesheet and themes
decide them.
"""

from __future__ import annotations

import bisect

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input

from reader.ingest.article import Article

ROWS_PER_ARTICLE = 2
# Titles and sources are untrusted: control characters would drive the terminal. They are
# replaced when articles are loaded; the list does not rely on it.
_CONTROLS = {c: " " for c in [*range(0x20), *range(0x7F, 0xA0)]}


def _size(words: int) -> str:
    return f"{words / 1000:.1f}k words" if words >= 1000 else f"{words} words"


def _haystack(article: Article) -> str:
    return f"{article.title}\n{article.source}".casefold()


class ArticleRows(ScrollView, can_focus=True, inherit_bindings=False):
    """The list rows: two per shown article, only the visible ones rendered."""

    COMPONENT_CLASSES = {
        "article-list--highlight",
        "article-list--unread",
        "article-list--byline",
    }
    # ScrollView's own bindings would scroll without moving the highlight: not inherited.
    BINDINGS = [
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="page_down"),
        Binding("pageup,b", "page(-1)", "Page up", show=False, id="page_up"),
        Binding("home,g", "first", "Top", show=False, id="top"),
        Binding("end,G", "last", "Bottom", show=False, id="bottom"),
    ]
    DEFAULT_CSS = """
    ArticleRows {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.articles: list[Article] = []
        self.unread: set[int] = set()
        self.shown: list[int] = []  # article indexes passing the filter, ascending
        self.cursor: int | None = None  # position in `shown`
        self._names = sorted(self.COMPONENT_CLASSES)
        self._sources: list | None = None
        self._styles: dict[str, Style] = {}
        self._base = Style()

    @property
    def highlighted(self) -> int | None:
        """The highlighted article's index in the article list (not its row), or None."""
        if self.cursor is None or not self.shown:
            return None
        return self.shown[self.cursor]

    def position_of(self, index: int) -> int | None:
        at = bisect.bisect_left(self.shown, index)
        return at if at < len(self.shown) and self.shown[at] == index else None

    def show(self, shown: list[int], highlight: int | None, reveal: bool = True) -> None:
        """Show these articles, highlighting `highlight` if it is among them, else the first.
        `reveal=False` keeps the scroll position (more articles arrived; the user may have
        scrolled away from the highlight with the wheel)."""
        self.shown = shown
        at = self.position_of(highlight) if highlight is not None else None
        self.cursor = at if at is not None else (0 if shown else None)
        self.virtual_size = Size(self.scrollable_content_region.width, len(shown) * ROWS_PER_ARTICLE)
        if reveal:
            self.reveal()
        self.refresh()

    def move_to(self, position: int) -> None:
        if not self.shown:
            return
        self.cursor = max(0, min(len(self.shown) - 1, position))
        self.reveal()
        self.refresh()

    def reveal(self) -> None:
        """Scroll the least that shows both rows of the highlighted article."""
        height = self.scrollable_content_region.height
        if self.cursor is None or height <= 0:
            return  # not laid out yet (or folded away): on_resize reveals it
        top = self.cursor * ROWS_PER_ARTICLE
        y = int(self.scroll_y)
        if top < y:
            y = top
        elif top + ROWS_PER_ARTICLE > y + height:
            y = top + ROWS_PER_ARTICLE - height
        else:
            return
        # force: a list that just grew has no scrollbar yet until the next layout, and without it
        # Textual ignores the scroll.
        self.scroll_to(y=max(0, y), animate=False, immediate=True, force=True)

    @property
    def page(self) -> int:
        return max(1, self.scrollable_content_region.height // ROWS_PER_ARTICLE - 1)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.shown) * ROWS_PER_ARTICLE)
        self.reveal()

    def action_page(self, step: int) -> None:
        self.move_to((self.cursor or 0) + step * self.page)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.shown) - 1)

    def article_at(self, y: int) -> int | None:
        """The position in `shown` of the article drawn at widget content row `y`."""
        position = (int(self.scroll_y) + y) // ROWS_PER_ARTICLE
        return position if 0 <= position < len(self.shown) else None

    def on_click(self, event: events.Click) -> None:
        where = event.get_content_offset(self)
        if where is None:
            return
        position = self.article_at(where.y)
        if position is not None:
            event.stop()
            self.move_to(position)
            self.post_message(ArticleList.Chosen(self.shown[position]))

    # ------------------------------------------------------------ rendering

    def _resolve_styles(self) -> dict[str, Style]:
        # The stylesheet replaces the component styles whenever they may have changed (focus in
        # the list or its filter, the theme): resolve them again only then. Full styles, not
        # partial ones: colours with alpha ($text-muted, the blurred highlight) are blended with
        # the background here.
        sources = [self._component_styles.get(name) for name in self._names]
        if self._sources is None or any(a is not b for a, b in zip(sources, self._sources)):
            self._sources = sources
            self._styles = {name: self.get_component_styles(name).rich_style for name in self._names}
            self._base = self.rich_style
        return self._styles

    def render_lines(self, crop):
        # Once per paint, not per row: looking styles up walks the DOM.
        self._resolve_styles()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        styles = self._styles or self._resolve_styles()
        base = self._base
        width = self.scrollable_content_region.width
        row = int(self.scroll_y) + y
        position, line = divmod(row, ROWS_PER_ARTICLE)
        if width <= 0 or position >= len(self.shown):
            if row == 0 and width > 0 and self.articles:
                return self._strip(Text("  no article matches", style=styles["article-list--byline"]), width)
            return Strip.blank(width, base)
        index = self.shown[position]
        article = self.articles[index]
        if line == 0:
            text = Text("● " if index in self.unread else "  ", style=styles["article-list--unread"])
            text.append(cut_at_word(article.title.translate(_CONTROLS), width - 2))
        else:
            parts = (article.source, article.date[:10], _size(article.words))
            byline = cut_at_word("  " + " · ".join(p for p in parts if p).translate(_CONTROLS), width)
            text = Text(byline, style=styles["article-list--byline"])
        highlight = styles["article-list--highlight"] if position == self.cursor else None
        return self._strip(text, width, highlight)

    def _strip(self, text: Text, width: int, highlight: Style | None = None) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        if highlight is not None:
            text.stylize(highlight)
        text.no_wrap = True
        text.end = ""
        segments = Segment.apply_style(text.render(self.app.console), self._base)
        return Strip(segments, width).crop_extend(0, width, self._base)


class ArticleList(Vertical):
    """Filter box above the article rows."""

    DEFAULT_CSS = """
    ArticleList { width: 26; }
    ArticleList > Input { height: 3; }
    """

    # Keys that work from the filter box too (type a few letters, arrow, Enter). Paging and
    # top/bottom are on the rows, under the reading pane's ids: a remapped page key pages both.
    BINDINGS = [
        Binding("down,j", "move(1)", "Next article in the list", show=False, id="list_down"),
        Binding("up,k", "move(-1)", "Previous article in the list", show=False, id="list_up"),
        Binding("enter", "choose", "Open the highlighted article", show=False, id="list_open"),
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
        self._haystacks: list[str] = []
        self._words: list[str] = []
        self._rows = ArticleRows(id="article-options")

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter articles", id="article-filter", classes="no-blink")
        yield self._rows

    @property
    def rows(self) -> ArticleRows:
        return self._rows

    @property
    def highlighted(self) -> int | None:
        """The highlighted article's index, or None when the filter matches nothing."""
        return self._rows.highlighted

    @property
    def shown(self) -> list[int]:
        """The indexes of the articles that pass the filter, in list order."""
        return self._rows.shown

    # ------------------------------------------------------------ content

    def set_articles(self, articles: list[Article], unread: set[int], current: int) -> None:
        """Show `articles`. Called again as more arrive: the list may grow; the highlighted
        article and the scroll position stay where they were."""
        old = self.articles
        known = len(old) if len(articles) >= len(old) and all(a is b for a, b in zip(old, articles)) else 0
        self._haystacks = self._haystacks[:known] + [_haystack(a) for a in articles[known:]]
        self.articles = list(articles)
        self.unread = set(unread)
        keep = self._rows.highlighted if known else None
        self.current = current
        rows = self._rows
        rows.articles = self.articles
        rows.unread = self.unread
        rows.show(self._match(self._words), current if keep is None else keep, reveal=keep is None)

    def extend(self, articles: list[Article], unread: set[int] | None = None) -> None:
        """Add articles at the end (indexing found more); nothing already listed moves."""
        self.set_articles([*self.articles, *articles], self.unread if unread is None else unread, self.current)

    def mark(self, current: int, unread: set[int]) -> None:
        """Follow the current article and its unread marker: only the visible rows are redrawn."""
        self.current = current
        self.unread = set(unread)
        rows = self._rows
        rows.unread = self.unread
        at = rows.position_of(current)
        if at is not None:
            rows.move_to(at)
        rows.refresh()

    def set_unread(self, unread: set[int]) -> None:
        """New unread markers; the highlight stays where the reader left it."""
        self.unread = set(unread)
        self._rows.unread = self.unread
        self._rows.refresh()

    def _match(self, words: list[str], within: list[int] | None = None) -> list[int]:
        haystacks = self._haystacks
        if not words:
            return list(range(len(haystacks)))
        if within is None:
            within = list(range(len(haystacks)))
        if len(words) == 1:
            word = words[0]
            return [i for i in within if word in haystacks[i]]
        return [i for i in within if all(w in haystacks[i] for w in words)]

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        words = event.value.casefold().split()
        # Each old word inside a new one: the new matches are among the old ones.
        narrower = all(any(old in new for new in words) for old in self._words)
        shown = self._match(words, self._rows.shown if narrower and self._words else None)
        self._words = words
        highlight = self._rows.highlighted
        self._rows.show(shown, highlight if highlight is not None else self.current)

    # ------------------------------------------------------------ keys

    def action_move(self, step: int) -> None:
        rows = self._rows
        rows.move_to((rows.cursor if rows.cursor is not None else -step) + step)

    def action_choose(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Chosen(self.highlighted))

    def action_leave(self) -> None:
        self.post_message(self.Left())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_choose()


def cut_at_word(text: str, width: int) -> str:
    """`text` in at most `width` cells: cut at the last word that fits, with one ellipsis (a
    word longer than most of the width is cut where the width ends)."""
    if width <= 0 or cell_len(text) <= width:
        return text
    cut = text
    while cut and cell_len(cut) > width - 1:
        cut = cut[:-1]
    space = cut.rfind(" ")
    if space > len(cut) * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ·,;:-") + "…"
