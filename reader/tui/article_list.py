"""The side panel: every loaded article, filterable, sortable, with an unread marker.

The rows are a Line-API ScrollView (`ArticleRows`): `set_articles` stores the list and one
casefolded haystack per article, and only the rows on screen are ever rendered, so 10,000
articles open, filter and scroll as fast as ten. Each article takes two rows: "● title" and
"  source · date · 1.2k words". `o` cycles the order (as loaded, newest first, by source, by
title) and `O` groups the articles by source under a header row each; the order shows in the
filter box's top edge. Colours come from COMPONENT_CLASSES, so the stylesheet and themes
decide them.
"""

from __future__ import annotations

import bisect
import os
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache

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
from reader.ingest.sanitize import safe_name

ROWS_PER_ARTICLE = 2
# Titles and sources are untrusted: control characters would drive the terminal. They are
# replaced when articles are loaded; the list does not rely on it.
_CONTROLS = {c: " " for c in [*range(0x20), *range(0x7F, 0xA0)]}


def _size(words: int) -> str:
    return f"{words / 1000:.1f}k words" if words >= 1000 else f"{words} words"


def _haystack(article: Article) -> str:
    return f"{article.title}\n{article.source}".casefold()


def outlet_of(article: Article) -> str | None:
    """The article's outlet, or None when none is known: `Article.source` is then the file's
    name, which groups nothing (one "outlet" per file)."""
    source = article.source
    if not source:
        return None
    name = _basename(article.path)  # PurePath(…).name took ten times as long
    if source == name:
        return None
    if name.isprintable() and "\u2424" not in name and name == name.strip():
        return source  # a name with nothing to make safe is its own fallback: this is an outlet
    return None if source == safe_name(name).replace("\u2424", " ").strip() else source


_basename = os.path.basename if os.altsep else (lambda path: path.rpartition(os.sep)[2])


OTHER = "other"  # the group (and the coverage column) of the articles without a known outlet

# The orders `o` cycles through, and how the filter box's edge names them ("" for the first).
ORDERS = ("files", "date", "source", "title")
ORDER_LABELS = {"files": "", "date": "by date", "source": "by source", "title": "by title"}

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?")
_YEAR = re.compile(r"\b\d{4}\b")
_DATE_FORMATS = ("%B %d, %Y", "%A, %B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%d.%m.%Y")
_LEADING_PUNCTUATION = " \"'“”‘’«»‹›([{¿¡-–—…*#"


@lru_cache(maxsize=4096)
def date_key(date: str) -> str:
    """`date` as "YYYY-MM-DD HH:MM" (sortable as text), or "" when it cannot be read as one:
    ISO dates (front matter, sources.toml, feeds), "March 22, 2023", "22 March 2023", RFC 2822."""
    date = date.strip()
    if not date:
        return ""
    match = _ISO_DATE.match(date)
    if match:
        year, month, day, hour, minute = match.groups()
        return f"{int(year):04}-{int(month):02}-{int(day):02} {int(hour or 0):02}:{int(minute or 0):02}"
    if not _YEAR.search(date):
        return ""  # every spelling read below names the year
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(date, form).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(date).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError, IndexError, OverflowError):
        return ""


def _shown_date(date: str) -> str:
    """The byline's date: the day, read like the order reads it, else the first characters."""
    return date_key(date)[:10] or date[:10]


class _SortFields:
    """What the orders compare, worked out once per article."""

    __slots__ = ("date", "outlet", "title")

    def __init__(self, article: Article) -> None:
        self.date = date_key(article.date)
        outlet = outlet_of(article)
        self.outlet = outlet.casefold() if outlet is not None else None
        self.title = article.title.casefold().lstrip(_LEADING_PUNCTUATION)


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
        self.unread: set[int] = set()
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
        position, line = self.entry_at(row)
        if width <= 0 or position is None:
            if width > 0 and row in self._heads:
                return self._strip(
                    Text(self._heads[row].translate(_CONTROLS), style=styles["article-list--group"]), width
                )
            if row == 0 and width > 0 and self.articles and not self.shown:
                return self._strip(Text("  no article matches", style=styles["article-list--byline"]), width)
            return Strip.blank(max(width, 0), base)
        index = self.shown[position]
        article = self.articles[index]
        if line == 0:
            text = Text("● " if index in self.unread else "  ", style=styles["article-list--unread"])
            text.append(cut_at_word(article.title.translate(_CONTROLS), width - 2))
        else:
            parts = (article.source, _shown_date(article.date), _size(article.words))
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

    # Keys that work from the filter box too (type a few letters, arrow, Enter; letters are the
    # filter's there, so j/k and o/O work from the rows). Paging and top/bottom are on the rows,
    # under the reading pane's ids: a remapped page key pages both.
    BINDINGS = [
        Binding(
            "down,j",
            "move(1)",
            "Next article in the list",
            show=False,
            id="list_down",
            tooltip="Next article in the list",
        ),
        Binding(
            "up,k",
            "move(-1)",
            "Previous article in the list",
            show=False,
            id="list_up",
            tooltip="Previous article in the list",
        ),
        Binding(
            "enter",
            "choose",
            "Open the highlighted article",
            show=False,
            id="list_open",
            tooltip="Open the highlighted article",
        ),
        Binding(
            "escape",
            "leave",
            "Back to the reading pane",
            show=False,
            id="list_leave",
            tooltip="Back to the reading pane",
        ),
        Binding(
            "o",
            "cycle_order",
            "Order",
            show=False,
            id="list_order",
            tooltip="Order: as loaded, newest first, by source, by title",
        ),
        Binding(
            "O",
            "toggle_groups",
            "Group",
            show=False,
            id="list_group",
            tooltip="Group the list by source, under a header each",
        ),
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
        self.order = ORDERS[0]
        self.grouped = False
        self._haystacks: list[str] = []
        self._fields: list[_SortFields] = []
        self._words: list[str] = []
        # Every article in the order shown (sorted, grouped), and each one's place in it; None
        # for the order the articles were loaded in, ungrouped.
        self._sequence: list[int] | None = None
        self._rank: list[int] | None = None
        self._rows = ArticleRows(id="article-options")

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter articles", id="article-filter", classes="no-blink")
        yield self._rows

    def on_mount(self) -> None:
        self._relabel()

    @property
    def rows(self) -> ArticleRows:
        return self._rows

    @property
    def highlighted(self) -> int | None:
        """The highlighted article's index, or None when the filter matches nothing."""
        return self._rows.highlighted

    @property
    def shown(self) -> list[int]:
        """The indexes of the articles that pass the filter, in the order shown."""
        return self._rows.shown

    @property
    def sequence(self) -> list[int]:
        """Every article's index in the order the list shows them (the filter aside)."""
        return list(range(len(self.articles))) if self._sequence is None else list(self._sequence)

    def neighbour(self, index: int, step: int) -> int:
        """The article `step` places after `index` in the list's order (the filter aside),
        wrapping around the ends: what `]` and `[` open."""
        count = len(self.articles)
        if not count:
            return index
        if self._sequence is None or self._rank is None:
            return (index + step) % count
        return self._sequence[(self._rank[index] + step) % count]

    # ------------------------------------------------------------ content

    def set_articles(self, articles: list[Article], unread: set[int], current: int) -> None:
        """Show `articles`. Called again as more arrive: the list may grow; the highlighted
        article and the scroll position stay where they were."""
        old = self.articles
        known = len(old) if len(articles) >= len(old) and all(a is b for a, b in zip(old, articles)) else 0
        self._haystacks = self._haystacks[:known] + [_haystack(a) for a in articles[known:]]
        del self._fields[known:]  # worked out again, when needed
        self.articles = list(articles)
        self.unread = set(unread)
        keep = self._rows.highlighted if known else None
        self.current = current
        rows = self._rows
        rows.articles = self.articles
        rows.unread = self.unread
        self._arrange()
        self._show(self._match(self._words), current if keep is None else keep, reveal=keep is None)

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

    # ------------------------------------------------------------ order and groups

    def _sort_fields(self) -> list[_SortFields]:
        """Each article's sort fields, worked out when an order or the groups first need them."""
        fields = self._fields
        if len(fields) < len(self.articles):
            fields.extend(_SortFields(a) for a in self.articles[len(fields) :])
        return fields

    def _arrange(self) -> None:
        """Work out `_sequence` for the order and grouping chosen."""
        if self.order == "files" and not self.grouped:
            self._sequence = self._rank = None
            return
        fields = self._sort_fields()
        count = len(fields)
        indexes: list[int] = list(range(count))
        # Stable sorts, least significant first, each on a list's __getitem__ (100,000 articles sort
        # in milliseconds); ties keep the order the articles came in.
        if self.order in ("date", "source"):
            # Newest first ("" for no date sorts last); within an outlet too.
            indexes.sort(key=[f.date for f in fields].__getitem__, reverse=True)
        elif self.order == "title":
            indexes.sort(key=[f.title for f in fields].__getitem__)
        if self.order == "source" or self.grouped:
            indexes.sort(key=[_outlet_key(f.outlet) for f in fields].__getitem__)
        rank = [0] * count
        for place, index in enumerate(indexes):
            rank[index] = place
        self._sequence, self._rank = indexes, rank

    def _groups(self, shown: list[int]) -> list[tuple[str, int]] | None:
        """The header runs over `shown` when grouped: ("VOA · 12", 12), …"""
        if not self.grouped:
            return None
        fields = self._sort_fields()
        runs: list[tuple[str, int]] = []
        label: str | None = None
        count = 0
        first = -1
        for index in shown:
            outlet = fields[index].outlet
            if count and outlet == label:
                count += 1
                continue
            if count:
                runs.append((self._group_label(first, count), count))
            label, count, first = outlet, 1, index
        if count:
            runs.append((self._group_label(first, count), count))
        return runs

    def _group_label(self, index: int, count: int) -> str:
        outlet = outlet_of(self.articles[index])
        return f"{safe_name(outlet) if outlet is not None else OTHER} · {count:,}"

    def _show(self, shown: list[int], highlight: int | None, reveal: bool = True) -> None:
        self._rows.show(shown, highlight, reveal=reveal, groups=self._groups(shown))

    def _relabel(self) -> None:
        """The order and grouping in the filter box's top edge (nothing for the default)."""
        parts = [ORDER_LABELS[self.order]] if ORDER_LABELS[self.order] else []
        if self.grouped:
            parts.append("grouped" if parts else "grouped by source")
        title = " · ".join(parts)
        for box in self.query("#article-filter"):
            box.border_title = title or None

    def _reorder(self) -> None:
        """Show the list in its new order: the article open stays highlighted and in view."""
        self._arrange()
        self._relabel()
        self._show(self._match(self._words), self.current)

    def action_cycle_order(self) -> None:
        self.order = ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]
        self._reorder()

    def action_toggle_groups(self) -> None:
        self.grouped = not self.grouped
        self._reorder()

    def set_order(self, order: str, grouped: bool | None = None) -> None:
        """Choose the order (one of ORDERS) and, if given, the grouping."""
        if order not in ORDERS:
            raise ValueError(f"no order called {order!r}")
        self.order = order
        if grouped is not None:
            self.grouped = grouped
        self._reorder()

    # ------------------------------------------------------------ filter

    def _match(self, words: list[str], within: list[int] | None = None) -> list[int]:
        """The articles whose title or source holds every word, in the order of `within` (by
        default every article in the list's order)."""
        haystacks = self._haystacks
        if within is None:
            within = self.sequence if self._sequence is not None else list(range(len(haystacks)))
        if not words:
            return list(within)
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
        self._show(shown, highlight if highlight is not None else self.current)

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


def _outlet_key(outlet: str | None) -> str:
    """Outlets alphabetically, the articles without one ("other") after them (a string: quicker
    to compare than a tuple)."""
    return "\x01" if outlet is None else "\x00" + outlet


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
