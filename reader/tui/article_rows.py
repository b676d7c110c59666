"""The article list's rows: a Line-API ScrollView (`ArticleRows`) that renders only the rows on
screen, two per article ("● title" and "  source · date · 1.2k words"), under a header row per
source when grouped. Colours come from COMPONENT_CLASSES, so the stylesheet and themes decide
them. The filter box and the orders are the list's (reader.tui.article_list)."""

from __future__ import annotations

import bisect
from collections.abc import Set as AbstractSet

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.ingest.article import Article
from reader.tui.article_row_text import CONTROLS, cut_at_word, shown_date, size_label

ROWS_PER_ARTICLE = 2


class Chosen(Message, namespace="article_list"):
    """An article chosen (Enter, or a click on its row): `ArticleList.Chosen`, handled as
    `on_article_list_chosen`; defined here so that the rows need not import the list."""

    def __init__(self, index: int) -> None:
        self.index = index
        super().__init__()


class ArticleRows(ScrollView, can_focus=True, inherit_bindings=False):
    """The list rows: two per shown article, only the visible ones rendered."""

    COMPONENT_CLASSES = {
        "article-list--highlight",
        "article-list--unread",
        "article-list--byline",
        "article-list--group",
    }
    # ScrollView's own bindings would scroll without moving the highlight: not inherited.
    BINDINGS = [
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="page_down", tooltip="Page down the list"),
        Binding("pageup,b", "page(-1)", "Page up", show=False, id="page_up", tooltip="Page up the list"),
        Binding("home,g", "first", "Top", show=False, id="top", tooltip="The first article in the list"),
        Binding("end,G", "last", "Bottom", show=False, id="bottom", tooltip="The last article in the list"),
    ]
    DEFAULT_CSS = """
    ArticleRows {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        & > .article-list--group {
            color: $text-accent;
            text-style: bold underline;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.articles: list[Article] = []
        self.unread: AbstractSet[int] = frozenset()
        self.shown: list[int] = []  # article indexes passing the filter, in the order shown
        self.cursor: int | None = None  # position in `shown`
        self._positions: dict[int, int] | None = None  # article index → position in `shown`
        # Grouped by source: the row of each shown article's title, and the header rows (row →
        # "VOA · 12"). None when not grouped: article p is then at row p * ROWS_PER_ARTICLE.
        self._tops: list[int] | None = None
        self._heads: dict[int, str] = {}
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
        if self._positions is None:
            self._positions = {article: at for at, article in enumerate(self.shown)}
        return self._positions.get(index)

    def show(
        self,
        shown: list[int],
        highlight: int | None,
        reveal: bool = True,
        groups: list[tuple[str, int]] | None = None,
    ) -> None:
        """Show these articles in this order, highlighting `highlight` if it is among them, else
        the first. `groups`: (header, how many of `shown` follow it) runs that cover `shown`, each
        drawn under a header row. `reveal=False` keeps the scroll position (more articles arrived;
        the user may have scrolled away from the highlight with the wheel)."""
        self.shown = shown
        self._positions = None
        self._tops = None
        self._heads = {}
        if groups is not None:
            tops: list[int] = []
            row = 0
            for label, count in groups:
                self._heads[row] = label
                row += 1
                tops.extend(range(row, row + count * ROWS_PER_ARTICLE, ROWS_PER_ARTICLE))
                row += count * ROWS_PER_ARTICLE
            self._tops = tops
        at = self.position_of(highlight) if highlight is not None else None
        self.cursor = at if at is not None else (0 if shown else None)
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count)
        if reveal:
            self.reveal()
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self.shown) * ROWS_PER_ARTICLE + len(self._heads)

    def top_of(self, position: int) -> int:
        """The row of the title of the article at `position` in `shown`."""
        return position * ROWS_PER_ARTICLE if self._tops is None else self._tops[position]

    def entry_at(self, row: int) -> tuple[int | None, int]:
        """What content row `row` shows: (position in `shown`, 0 title / 1 byline), or (None, 0)
        for a group header or past the end."""
        if self._tops is None:
            position, line = divmod(row, ROWS_PER_ARTICLE)
        elif row in self._heads:
            return None, 0
        else:
            position = bisect.bisect_right(self._tops, row) - 1
            line = row - self._tops[position] if position >= 0 else 0
        if 0 <= position < len(self.shown) and 0 <= line < ROWS_PER_ARTICLE:
            return position, line
        return None, 0

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
        top = self.top_of(self.cursor)
        bottom = top + ROWS_PER_ARTICLE
        if top - 1 in self._heads:
            top -= 1  # the first of its group: its header comes into view with it
        y = int(self.scroll_y)
        if top < y:
            y = top
        elif bottom > y + height:
            y = min(top, bottom - height)  # the header and title first when it cannot all show
        else:
            return
        # force: a list that just grew has no scrollbar yet until the next layout, and without it
        # Textual ignores the scroll.
        self.scroll_to(y=max(0, y), animate=False, immediate=True, force=True)

    @property
    def page(self) -> int:
        return max(1, self.scrollable_content_region.height // ROWS_PER_ARTICLE - 1)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count)
        self.reveal()

    def action_page(self, step: int) -> None:
        self.move_to((self.cursor or 0) + step * self.page)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.shown) - 1)

    def article_at(self, y: int) -> int | None:
        """The position in `shown` of the article drawn at widget content row `y`."""
        return self.entry_at(int(self.scroll_y) + y)[0]

    def on_click(self, event: events.Click) -> None:
        where = event.get_content_offset(self)
        if where is None:
            return
        position = self.article_at(where.y)
        if position is not None:
            event.stop()
            self.move_to(position)
            self.post_message(Chosen(self.shown[position]))

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
        position, line = self.entry_at(row)
        if width <= 0 or position is None:
            if width > 0 and row in self._heads:
                return self._strip(
                    Text(self._heads[row].translate(CONTROLS), style=styles["article-list--group"]), width
                )
            if row == 0 and width > 0 and self.articles and not self.shown:
                return self._strip(Text("  no article matches", style=styles["article-list--byline"]), width)
            return Strip.blank(max(width, 0), base)
        index = self.shown[position]
        article = self.articles[index]
        if line == 0:
            text = Text("● " if index in self.unread else "  ", style=styles["article-list--unread"])
            text.append(cut_at_word(article.title.translate(CONTROLS), width - 2))
        else:
            parts = (article.source, shown_date(article.date), size_label(article.words))
            byline = cut_at_word("  " + " · ".join(p for p in parts if p).translate(CONTROLS), width)
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
