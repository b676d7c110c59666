"""The reading pane: one article, entity mentions highlighted, on Textual's Line API.

Only the visible rows are rendered (`render_line`), and rendered rows are kept in an LRU
cache keyed by what changes their look (active entity, cursor, flash), so a 1 MB article opens
and scrolls without rendering the whole text. Colours come from COMPONENT_CLASSES, so the
stylesheet and themes decide them.

A Markdown article is shown rendered (headings, emphasis, lists, links as their text) from the
file text with its syntax hidden (`reader.tui.shown_text`); the raw view shows the file as it is.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from urllib.parse import urlsplit

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from reader.entities.model import ENTITY_TYPES, Mention
from reader.ingest.address import is_url
from reader.ingest.article import Article
from reader.ingest.names import MARKDOWN_SUFFIXES
from reader.ingest.sanitize import safe_name, safe_url
from reader.tui.layout import Row, row_of
from reader.tui.shown_text import Shown

# One component class per entity type (its colour is in the stylesheet, `.mention--<type>`).
TYPE_CLASSES = {kind: f"mention--{kind.lower()}" for kind in ENTITY_TYPES}
MARKDOWN_KINDS = ("heading", "bold", "italic", "code", "quote", "link")
MARKDOWN_CLASSES = {kind: f"markdown--{kind}" for kind in MARKDOWN_KINDS}
HEADER_ROWS = 3  # title, source line, blank
READING_MEASURE = 100  # columns of text at most: longer lines are hard to follow
FLASH_SECONDS = 0.8


class ReadingPane(ScrollView, can_focus=True):
    """Shows one article; knows nothing of the corpus beyond the article's mentions."""

    COMPONENT_CLASSES = {
        "title",
        "byline",
        "mention--active",
        "mention--cursor",
        "mention--flash",
        "text--match",
        "text--current",
        *TYPE_CLASSES.values(),
        *MARKDOWN_CLASSES.values(),
    }
    BINDINGS = [
        Binding("down,j", "scroll_down", "Down", show=False, id="scroll_down"),
        Binding("up,k", "scroll_up", "Up", show=False, id="scroll_up"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="page_down"),
        Binding("pageup,b", "page_up", "Page up", show=False, id="page_up"),
        Binding("home,g", "scroll_home", "Top", show=False, id="top"),
        Binding("end,G", "scroll_end", "Bottom", show=False, id="bottom"),
        Binding("tab", "cursor(1)", "Next mention on screen", show=False, id="cursor_next", priority=True),
        Binding(
            "shift+tab", "cursor(-1)", "Previous mention on screen", show=False, id="cursor_previous", priority=True
        ),
        Binding("enter", "choose_cursor", "Follow mention", show=False, id="follow_mention"),
    ]
    DEFAULT_CSS = """
    ReadingPane { height: 1fr; }
    ReadingPane > .markdown--heading { text-style: bold; }
    ReadingPane > .markdown--bold { text-style: bold; }
    ReadingPane > .markdown--italic { text-style: italic; }
    ReadingPane > .markdown--code { color: $text-muted; }
    ReadingPane > .markdown--quote { text-style: italic; }
    """

    class MentionChosen(Message):
        """The user picked a mention (cursor + Enter, or a click): make its entity active."""

        def __init__(self, mention: Mention) -> None:
            self.mention = mention
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.mentions: list[Mention] = []
        self._starts: list[int] = []
        self.rows: list[Row] = []
        # What is on screen: the safe text, or a Markdown article's with its syntax hidden.
        self.shown = Shown("")
        self._markdown: tuple[Article, str, Shown | None] | None = None
        # The headline, when it is the text's own first line: shown in the header with its
        # mentions highlighted, so that a mention there is a stop that shows something.
        self.title_row: Row | None = None
        # Plain-text matches of a text search in this article, and which one is the current stop.
        self.matches: list[tuple[int, int]] = []
        self.current_match: int | None = None
        self.raw = False
        self.active_entity = ""
        self.cursor: int | None = None  # index into self.mentions
        self.flash: int | None = None
        self._flash_timer: Timer | None = None
        self._cache: OrderedDict[tuple, Strip] = OrderedDict()
        self._layout_width = 0
        # Resolved component styles: looking them up walks the DOM, too slow for every row.
        self._styles: dict[str, Style] = {}

    # ------------------------------------------------------------ content

    def show(self, article: Article | None, mentions: list[Mention], scroll_y: int = 0) -> None:
        """Show `article` with its mentions; none when the file changed since it was indexed (the
        offsets are of another text)."""
        if article is not None:
            length = len(article.text)  # read now: whether its mentions still apply is known then
            if article.stale:
                mentions = []
            elif mentions and mentions[-1].end > length:  # cut short: the tail of the list goes
                mentions = [m for m in mentions if m.end <= length]
        self.article = article
        self.matches, self.current_match = [], None
        self.mentions = mentions
        self._starts = [m.start for m in mentions]
        self.cursor = None
        self.flash = None
        self._relayout(force=True)
        # force: the scrollbars of the new length are not set up until the next layout, and
        # without them Textual ignores the scroll (a restored place, a jump into a long article).
        self.scroll_to(y=scroll_y, animate=False, immediate=True, force=True)
        self.call_after_refresh(self._sync_scrollbar)

    def _sync_scrollbar(self) -> None:
        # A scrollbar that appeared after the scroll (the article got longer) starts at the top.
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.position = self.scroll_y

    def set_raw(self, raw: bool) -> None:
        self.raw = raw
        self._relayout(force=True)

    def set_active(self, entity: str) -> None:
        self.active_entity = entity
        self._cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        # A theme or stylesheet change: rows and resolved styles are stale.
        self._styles.clear()
        self._cache.clear()
        super().notify_style_update()

    def _relayout(self, force: bool = False) -> None:
        width = max(self.scrollable_content_region.width, 20)
        if not force and width == self._layout_width:
            return
        self._layout_width = width
        self._cache.clear()
        self.title_row = None
        if self.article is None:
            self.rows = []
            self.shown = Shown("")
        else:
            a = self.article
            self.shown = self._shown_text(a)
            # Lines no longer than a readable measure, however wide the terminal.
            measure = min(width, READING_MEASURE)
            self.rows = self.shown.layout(a.debris, measure - 1, self.raw, a.body_start, a.title_span)
            start, end = a.title_span
            shows = self.shown.index(end) > self.shown.index(start)  # not a headline of syntax alone
            if (
                not self.raw
                and end > start
                and shows
                and " ".join(a.safe[start:end].split()) == " ".join(a.title.split())
            ):
                self.title_row = Row(start, end)
        self.virtual_size = Size(width, len(self.rows) + HEADER_ROWS)
        self.refresh()

    def _shown_text(self, article: Article) -> Shown:
        safe = article.safe
        cached = self._markdown
        # Once per article: a resize or the raw view toggled back does not scan it again (nor,
        # for a URL, read its stored copy to know whether it is Markdown).
        if cached is None or cached[0] is not article or cached[1] is not safe:
            rendered = None
            if is_url(article.path) or article.path.lower().endswith(MARKDOWN_SUFFIXES):
                # Imported with the first article that may be Markdown (a first frame of plain
                # text needs none of it).
                from reader.ingest.markdown import is_markdown, markdown_view

                if is_markdown(article.path):
                    rendered = Shown(safe, markdown_view(safe, article.body_start))
            cached = self._markdown = (article, safe, rendered)
        rendered = cached[2]
        return Shown(safe) if self.raw or rendered is None else rendered

    def on_resize(self) -> None:
        self._relayout()

    # ------------------------------------------------------------ navigation

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False)

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False)

    def reveal(self, mention_index: int, flash: bool = True) -> None:
        """Scroll so the mention sits a third of the way down, and flash it."""
        if not 0 <= mention_index < len(self.mentions):
            return  # not shown (the article changed since it was indexed)
        mention = self.mentions[mention_index]
        row = 0 if self._in_title(mention.start) else row_of(self.rows, mention.start) + HEADER_ROWS
        height = self.scrollable_content_region.height
        if not (self.scroll_y + 1 <= row < self.scroll_y + height - 1):
            self.scroll_to(y=max(0, row - height // 3), animate=False, immediate=True, force=True)
        self.cursor = mention_index
        if flash:
            self.flash = mention_index
            # Each jump flashes for the full time: the previous jump's timer must not end it early.
            if self._flash_timer is not None:
                self._flash_timer.stop()
            self._flash_timer = self.set_timer(FLASH_SECONDS, self._end_flash)
        self._cache.clear()
        self.refresh()

    def _end_flash(self) -> None:
        self.flash = None
        self._cache.clear()
        self.refresh()

    def step_origin(self, forward: bool) -> int:
        """The offset `n` (forward) or `N` goes on from: the cursor's mention, else the first
        mention on screen (just before it going forward, so that it is the next stop)."""
        if self.cursor is not None and self.cursor < len(self.mentions):
            return self.mentions[self.cursor].start
        visible = self.visible_mentions()
        if not visible:
            return -1 if forward else 0
        start = self.mentions[visible[0]].start
        return start - 1 if forward else start

    def set_matches(self, matches: list[tuple[int, int]], current: int | None = None) -> None:
        """Highlight these (start, end) spans of the text, `current` (an index) as the stop."""
        self.matches, self.current_match = matches, current
        if current is not None and 0 <= current < len(matches):
            start = matches[current][0]
            row = 0 if self._in_title(start) else row_of(self.rows, start) + HEADER_ROWS
            height = self.scrollable_content_region.height
            if not (self.scroll_y + 1 <= row < self.scroll_y + height - 1):
                self.scroll_to(y=max(0, row - height // 3), animate=False, immediate=True, force=True)
        self._cache.clear()
        self.refresh()

    def _in_title(self, offset: int) -> bool:
        return self.title_row is not None and self.title_row.start <= offset < self.title_row.end

    def visible_mentions(self) -> list[int]:
        """The mentions on screen, the headline's included, in text order."""
        found: list[int] = []
        if self.title_row is not None and int(self.scroll_y) == 0:
            first = bisect.bisect_left(self._starts, self.title_row.start)
            last = bisect.bisect_left(self._starts, self.title_row.end)
            found.extend(range(first, last))
        if not self.rows:
            return found
        top = max(0, int(self.scroll_y) - HEADER_ROWS)
        bottom = min(
            len(self.rows), top + self.scrollable_content_region.height - max(0, HEADER_ROWS - int(self.scroll_y))
        )
        if top >= bottom:
            return found
        first = bisect.bisect_left(self._starts, self.rows[top].start)
        last = bisect.bisect_left(self._starts, self.rows[bottom - 1].end + 1)
        found.extend(index for index in range(first, last) if index not in found)
        return found

    def action_cursor(self, step: int) -> None:
        visible = self.visible_mentions()
        if not visible:
            self.app.bell()
            return
        if self.cursor in visible:
            at = visible.index(self.cursor) + step
            self.cursor = visible[at % len(visible)]
        else:
            self.cursor = visible[0] if step > 0 else visible[-1]
        self._cache.clear()
        self.refresh()

    def action_choose_cursor(self) -> None:
        if self.cursor is not None and self.cursor < len(self.mentions):
            self.post_message(self.MentionChosen(self.mentions[self.cursor]))

    def on_click(self, event) -> None:
        # Content coordinates: the pane's padding is not part of the text (a click on the space
        # before a name must not pick it).
        where = event.get_content_offset(self)
        if where is None:
            return
        offset = self._offset_at(where.y, where.x + int(self.scroll_x))
        if offset is None:
            return
        at = bisect.bisect_right(self._starts, offset) - 1
        if at >= 0 and self.mentions[at].start <= offset < self.mentions[at].end:
            self.cursor = at
            self.post_message(self.MentionChosen(self.mentions[at]))

    def _offset_at(self, y: int, x: int) -> int | None:
        row_index = int(self.scroll_y) + y - HEADER_ROWS
        if row_index == -HEADER_ROWS and self.title_row is not None:
            row = self.title_row
        elif not (0 <= row_index < len(self.rows)) or self.article is None:
            return None
        else:
            row = self.rows[row_index]
        if self.article is None:
            return None
        shown = self.shown
        cells = 0
        for index in range(shown.index(row.start), shown.index(row.end)):
            cells += Text(shown.text[index]).cell_len
            if cells > x:
                return shown.offset(index)
        return None

    # ------------------------------------------------------------ rendering

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row_index = scroll_y + y
        width = self.scrollable_content_region.width
        key = (row_index, width, self.active_entity, self.cursor, self.flash, self.raw, self.current_match)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(row_index, width)
            self._cache[key] = strip
            if len(self._cache) > 512:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return strip.crop_extend(scroll_x, scroll_x + width, self.rich_style)

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name, partial=True)
        return style

    def _render_row(self, row_index: int, width: int) -> Strip:
        article = self.article
        if article is None:
            return Strip.blank(width, self.rich_style)
        if row_index == 0 and self.title_row is not None:
            text = self._text_row(article, self.title_row)
            text.stylize(self._style("title"), 0, len(text))
            text.overflow = "ellipsis"
            text.truncate(width, overflow="ellipsis")
        elif row_index == 0:
            text = Text(article.title, style=self._style("title"))
        elif row_index == 1:
            parts = [article.source, article.date, f"{article.words:,} words"]
            text = Text(" · ".join(p for p in parts if p), style=self._style("byline"))
            url = safe_url(article.url)
            if url:  # a link the terminal can open (OSC 8), made from the checked URL only
                host = urlsplit(url).hostname or url
                text.append(" · ")
                text.append(safe_name(host.removeprefix("www.")), style=Style(link=url, underline=True))
        elif row_index < HEADER_ROWS or row_index - HEADER_ROWS >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        else:
            text = self._text_row(article, self.rows[row_index - HEADER_ROWS])
        text.no_wrap = True
        text.end = ""
        segments = list(text.render(self.app.console))
        return Strip(Segment.apply_style(segments, self.rich_style), text.cell_len)

    def _text_row(self, article: Article, row: Row) -> Text:
        """One row of the text with its mentions styled by type (and active, cursor, flash).

        Offsets are the file's; `at` turns one into the row's (where hidden syntax is left out)."""
        shown = self.shown
        left, right = shown.index(row.start), shown.index(row.end)
        # Made from a string, never parsed as markup: `[link=…]` in an article stays text.
        text = Text(shown.text[left:right].rstrip("\n"))
        markdown = shown.styles_in(left, right)
        for start, end, kind in markdown:
            text.stylize(self._style(MARKDOWN_CLASSES[kind]), max(start, left) - left, min(end, right) - left)
        # Without colour the types differ by bold and italic alone: Markdown's must not add to them.
        plain = Style(bold=False, italic=False) if markdown and getattr(self.app, "no_color", False) else Style()

        def at(offset: int) -> int:
            return shown.index(min(max(offset, row.start), row.end)) - left

        first = bisect.bisect_left(self._starts, row.start)
        # A mention that began on an earlier row may continue on this one.
        if first > 0 and self.mentions[first - 1].end > row.start:
            first -= 1
        for index in range(first, len(self.mentions)):
            mention = self.mentions[index]
            if mention.start >= row.end:
                break
            style = plain + self._style(TYPE_CLASSES.get(mention.type, "mention--person"))
            if mention.entity == self.active_entity:
                style += self._style("mention--active")
            if index == self.cursor:
                style += self._style("mention--cursor")
            if index == self.flash:
                style += self._style("mention--flash")
            text.stylize(style, at(mention.start), at(mention.end))
        for number, (start, end) in enumerate(self.matches):
            if start < row.end and end > row.start:
                style = self._style("text--current" if number == self.current_match else "text--match")
                text.stylize(style, at(start), at(end))
        return text
