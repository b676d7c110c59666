"""The compare view (`CompareView`): every outlet's sentences about one entity, a Line-API list
with one cursor over the sentences. Rows are worked out from each sentence's wrapped spans (kept
per width), and only the rows on screen are rendered, so the most mentioned entity of 10,000
articles scrolls like a short list. The screen around it, which reads the sections and holds
the keys, is reader.tui.compare_screen.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader import collector
from reader.corpus.compare import (
    BY_DATE,
    Sentence,
    SourceSection,
    header_line,
    order_key,
    sort_sections,
    wrap,
)
from reader.ingest.sanitize import safe_name
from reader.tui.reading_pane import TYPE_CLASSES

# Row kinds. A row is (kind, a, b, c, d): a source header (section number), a row of an article's
# title (section number, start, end in the title, which title), a row of a sentence (item, start,
# end in its display text, whether it is its first row), a blank, or a note (its text as d).
_SOURCE, _TITLE, _SENTENCE, _BLANK, _NOTE = range(5)
TITLE_GUTTER = "  "
BULLET, CONTINUED = "  • ", "    "
CURSOR_BULLET, CURSOR_CONTINUED, CURSOR_TITLE = "▌ • ", "▌   ", "▌ "
GUTTER = len(BULLET)


class CompareView(ScrollView, can_focus=True, inherit_bindings=False):
    """The sections and their sentences, one cursor over the sentences; the screen's bindings
    drive it (ScrollView's own would scroll without moving the cursor: not inherited)."""

    COMPONENT_CLASSES = {
        "compare--source",
        "compare--title",
        "compare--note",
        "compare--cursor",
        "mention--active",
        *TYPE_CLASSES.values(),
    }

    def __init__(self, entity: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entity = entity
        self.order = BY_DATE
        self.sections: list[SourceSection] = []  # in `order`
        self.words: list[str] = []
        self.note = "Loading…"  # shown when there is no sentence to show
        self.items: list[Sentence] = []  # the sentences shown, in screen order
        self.cursor: int | None = None  # into `items`
        self._rows: list[tuple] = []
        self._item_rows: list[int] = []  # first row of each item
        self._item_tops: list[int] = []  # the row to show with it: its section's header for a first sentence
        self._shown: list[list[Sentence]] = []  # each section's sentences that pass the filter
        self._width = 0
        self._wraps: dict[int, list[tuple[int, int]]] = {}
        self._titles: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self._folded: dict[int, str] = {}
        self._strips: OrderedDict[tuple, Strip] = OrderedDict()
        self._names = sorted(self.COMPONENT_CLASSES)
        self._sources: list | None = None
        self._styles: dict[str, Style] = {}
        self._base = Style()

    # ------------------------------------------------------------ content

    @property
    def sentence(self) -> Sentence | None:
        """The sentence under the cursor."""
        return self.items[self.cursor] if self.cursor is not None and self.items else None

    @property
    def sentence_count(self) -> int:
        """Every sentence read so far, shown or filtered out."""
        return sum(len(section.sentences) for section in self.sections)

    def add(self, sections: list[SourceSection]) -> None:
        """More sections (read so far): added in order; rows already laid out stay where they are
        when the new ones sort after them."""
        if not sections:
            return
        batch = sort_sections(sections, self.order)
        if self.sections and order_key(batch[0], self.order) < order_key(self.sections[-1], self.order):
            self.sections = sort_sections([*self.sections, *batch], self.order)
            self.relayout(keep_cursor=True)
            return
        self.sections.extend(batch)
        if not self._width:
            return  # laid out on the first resize
        self._strips.clear()  # the note row, if any, gives way to the new rows
        self._append_rows(batch, len(self.sections) - len(batch))
        self._fit()
        self.refresh()

    def fold(self, folded: dict[int, str]) -> None:
        """Casefolded sentence texts for the filter, by id(sentence), worked out in advance."""
        self._folded.update(folded)

    def set_order(self, order: str) -> None:
        """Sort the sections in `order` (BY_DATE or BY_COUNT); the cursor stays on its sentence."""
        self.order = order
        self.sections = sort_sections(self.sections, order)
        self.relayout(keep_cursor=True)
        self.reveal(top=True)

    def set_filter(self, text: str) -> None:
        """Show only the sentences with every word of `text` (case-insensitive)."""
        words = text.casefold().split()
        if words == self.words:
            return
        # Each old word inside a new one (typing on): the new matches are among the shown ones.
        narrower = bool(self.words) and all(any(old in new for new in words) for old in self.words)
        self.words = words
        self.relayout(keep_cursor=True, within=self._shown if narrower else None)
        self.reveal()

    def set_note(self, note: str) -> None:
        """What to say when there is no sentence to show (once everything is read)."""
        self.note = note
        if not self.items:
            self.relayout()

    def relayout(self, keep_cursor: bool = False, within: list[list[Sentence]] | None = None) -> None:
        """Lay every section out again (a new width, order or filter); `within`: each section's
        sentences to filter, when known to hold every match."""
        kept = self.sentence if keep_cursor else None
        self._rows, self._item_rows, self._item_tops, self._shown = [], [], [], []
        self.items = []
        self._strips.clear()
        if self._width:
            with collector.paused():  # rows of ints, no cycles: no collector pass over them
                self._append_rows(self.sections, 0, within)
        if kept is not None and self.items:
            self.cursor = next((n for n, item in enumerate(self.items) if item is kept), 0)
        self._fit()
        self.refresh()

    def _append_rows(
        self, sections: list[SourceSection], first_number: int, within: list[list[Sentence]] | None = None
    ) -> None:
        """Lay out `sections` (numbered from `first_number` in `self.sections`) after the rows."""
        rows, items, item_rows, item_tops = self._rows, self.items, self._item_rows, self._item_tops
        if rows and rows[-1][0] == _NOTE:
            rows.pop()
        width = self._width
        for number, section in enumerate(sections, first_number):
            shown = self._matching(section.sentences if within is None else within[number])
            self._shown.append(shown)
            if not shown:
                continue
            if rows:
                rows.append((_BLANK, 0, 0, 0, 0))
            top = len(rows)
            rows.append((_SOURCE, number, 0, 0, 0))
            article = -1
            for sentence in shown:
                # The first sentence of an article is shown with its title, the first of a
                # section with the source's header.
                reveal_from = len(rows)
                if sentence.article != article:
                    article = sentence.article
                    if not sentence.headline:  # else the headline sentence is the title
                        which = section.articles.index(article)
                        for start, end in self._title_rows(article, section.titles[which], width):
                            rows.append((_TITLE, number, start, end, which))
                item = len(items)
                items.append(sentence)
                item_rows.append(len(rows))
                item_tops.append(top if sentence is shown[0] else reveal_from)
                first = True
                for start, end in self._wrap(sentence, width):
                    rows.append((_SENTENCE, item, start, end, first))
                    first = False
        if not items:
            note = f"No sentence has “{' '.join(self.words)}”" if self.words and self.sections else self.note
            rows.append((_NOTE, 0, 0, 0, note))
        if self.cursor is None or self.cursor >= len(items):
            self.cursor = 0 if items else None

    def _matching(self, sentences: list[Sentence]) -> list[Sentence]:
        """The sentences with every word of the filter."""
        words = self.words
        if not words:
            return sentences
        folded = self._folded
        for sentence in sentences:
            if id(sentence) not in folded:
                folded[id(sentence)] = sentence.safe.casefold()
        if len(words) == 1:
            word = words[0]
            return [s for s in sentences if word in folded[id(s)]]
        return [s for s in sentences if all(w in folded[id(s)] for w in words)]

    def _wrap(self, sentence: Sentence, width: int) -> list[tuple[int, int]]:
        """The sentence's rows at this width (kept until the width changes)."""
        spans = self._wraps.get(id(sentence))
        if spans is None:
            gutter = len(TITLE_GUTTER) if sentence.headline else GUTTER
            spans = self._wraps[id(sentence)] = wrap(sentence.shown, width - gutter, cell_len)
        return spans

    def _title_rows(self, article: int, title: str, width: int) -> list[tuple[int, int]]:
        """An article title's rows at this width."""
        spans = self._titles.get((article, width))
        if spans is None:
            spans = self._titles[(article, width)] = wrap(safe_name(title), width - len(TITLE_GUTTER), cell_len)
        return spans

    def _fit(self) -> None:
        """The scrollable size follows the rows."""
        self.virtual_size = Size(self._width, len(self._rows))

    def on_resize(self) -> None:
        """A new width wraps every sentence again."""
        # The scrollbar's column is kept whether it shows or not: it comes and goes with the rows
        # (more sections read, a filter) without a resize to wrap the text again.
        width = self.size.width - self.styles.gutter.width - self.styles.scrollbar_size_vertical
        if width != self._width and width > 0:
            self._width = max(width, GUTTER + 8)
            self._wraps.clear()
            self._titles.clear()
            self.relayout(keep_cursor=True)
            self.reveal()

    # ------------------------------------------------------------ the cursor

    def move_to(self, item: int, top: bool = False) -> None:
        """Put the cursor on sentence `item` (within bounds) and show it."""
        if not self.items:
            return
        self.cursor = max(0, min(len(self.items) - 1, item))
        self.reveal(top)
        self.refresh()

    def move(self, step: int) -> None:
        """The cursor `step` sentences on (back when negative)."""
        if self.cursor is None:
            self.move_to(0)
        else:
            self.move_to(self.cursor + step)

    @property
    def page(self) -> int:
        """Rows in a page: a screenful less one, so a line stays in view."""
        return max(1, self.scrollable_content_region.height - 1)

    def page_by(self, step: int) -> None:
        """Scroll a page and move the cursor a page's rows on (at least one sentence)."""
        if self.cursor is None:
            return
        page = self.page
        row = self._item_rows[self.cursor] + step * page
        target = max(0, bisect.bisect_right(self._item_rows, row) - 1)
        if target == self.cursor:
            target += 1 if step > 0 else -1
        height = self.scrollable_content_region.height
        y = max(0, min(int(self.scroll_y) + step * page, len(self._rows) - height))
        self.scroll_to(y=y, animate=False, immediate=True, force=True)
        self.move_to(target)

    def reveal(self, top: bool = False) -> None:
        """Scroll the least that shows the cursor's sentence (and its section's header when it
        is the first; with `top`, at the top of the screen)."""
        height = self.scrollable_content_region.height
        if self.cursor is None or height <= 0 or not self.items:
            return
        first = self._item_tops[self.cursor]
        start = self._item_rows[self.cursor]
        end = self._item_rows[self.cursor + 1] if self.cursor + 1 < len(self.items) else len(self._rows)
        while end > start + 1 and self._rows[end - 1][0] != _SENTENCE:
            end -= 1  # the blank and the next header are not part of it
        y = int(self.scroll_y)
        if top or first < y or end - first > height:
            y = first if end - first <= height else start
        elif end > y + height:
            y = end - height
        else:
            return
        # force: a list that just grew has no scrollbar until the next layout, and without it
        # Textual ignores the scroll.
        self.scroll_to(y=max(0, y), animate=False, immediate=True, force=True)

    def item_at(self, y: int) -> int | None:
        """The item drawn at content row `y` of the widget."""
        row = int(self.scroll_y) + y
        if not 0 <= row < len(self._rows) or self._rows[row][0] != _SENTENCE:
            return None
        return self._rows[row][1]

    class Chosen(Message):
        """A click on the cursor's sentence: open it."""

    def on_click(self, event: events.Click) -> None:
        """A click moves the cursor to a sentence; a click on the cursor's opens it."""
        where = event.get_content_offset(self)
        item = None if where is None else self.item_at(where.y)
        if item is None:
            return
        event.stop()
        if item == self.cursor:
            self.post_message(self.Chosen())
        else:
            self.move_to(item)

    # ------------------------------------------------------------ rendering

    def notify_style_update(self) -> None:
        """A theme change: resolved styles and the rows drawn with them are stale."""
        self._sources = None
        self._strips.clear()
        super().notify_style_update()

    def _resolve_styles(self) -> dict[str, Style]:
        """The component styles, looked up again only when the stylesheet replaced them."""
        # Resolved again only when the stylesheet replaced the component styles (a theme). The
        # mention colours partial, as the reading pane has them; the others full (alpha blended).
        sources = [self._component_styles.get(name) for name in self._names]
        if self._sources is None or any(a is not b for a, b in zip(sources, self._sources)):
            self._sources = sources
            self._styles = {
                name: self.get_component_rich_style(name, partial=name.startswith("mention--")) for name in self._names
            }
            self._base = self.rich_style
            self._strips.clear()
        return self._styles

    def render_lines(self, crop):
        """Styles are resolved once per paint, not per row."""
        # Once per paint, not per row: looking styles up walks the DOM.
        self._resolve_styles()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """Row `y` of the widget, from the cache when drawn before."""
        styles = self._styles or self._resolve_styles()
        width = self.scrollable_content_region.width
        row_number = int(self.scroll_y) + y
        if width <= 0 or row_number >= len(self._rows):
            return Strip.blank(max(width, 0), self._base)
        row = self._rows[row_number]
        on_cursor = row[0] == _SENTENCE and row[1] == self.cursor
        key = (row_number, width, on_cursor)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strip(self._row_text(row, on_cursor, styles), width, styles if on_cursor else None)
            self._strips[key] = strip
            if len(self._strips) > 512:
                self._strips.popitem(last=False)
        else:
            self._strips.move_to_end(key)
        return strip

    def _row_text(self, row: tuple, on_cursor: bool, styles: dict[str, Style]) -> Text:
        """The text of one row: a source header, a title, a sentence row, a blank or a note."""
        kind = row[0]
        if kind == _SOURCE:
            section = self.sections[row[1]]
            text = Text(header_line(section), style=styles["compare--source"])
            if self.words and len(self._shown[row[1]]) != len(section.sentences):
                text.append(f" · {len(self._shown[row[1]])} of {len(section.sentences)} sentences")
            text.truncate(self._width, overflow="ellipsis")
            return text
        if kind == _TITLE:
            title = safe_name(self.sections[row[1]].titles[row[4]])
            return Text(TITLE_GUTTER) + Text(title[row[2] : row[3]], style=styles["compare--title"])
        if kind == _NOTE:
            return Text(TITLE_GUTTER + row[4], style=styles["compare--note"])
        if kind == _BLANK:
            return Text("")
        sentence = self.items[row[1]]
        if sentence.headline:
            gutter = CURSOR_TITLE if on_cursor else TITLE_GUTTER
        elif on_cursor:
            gutter = CURSOR_BULLET if row[4] else CURSOR_CONTINUED
        else:
            gutter = BULLET if row[4] else CONTINUED
        return self._sentence_row(sentence, row[2], row[3], gutter, styles)

    def _sentence_row(self, sentence: Sentence, start: int, end: int, gutter: str, styles: dict[str, Style]) -> Text:
        """One row of a sentence (display text start:end), its mentions styled as the reading
        pane has them, the entity's as the active one."""
        text = Text(gutter)
        text.append(sentence.shown[start:end], style=styles["compare--title"] if sentence.headline else "")
        active = styles["mention--active"]
        offset = len(gutter) - start
        base = sentence.start
        for mention in sentence.mentions:
            first, last = mention.start - base, mention.end - base
            if last <= start or first >= end:
                continue
            style = styles[TYPE_CLASSES.get(mention.type, "mention--person")]
            if mention.entity == self.entity:
                style += active
            text.stylize(style, max(first, start) + offset, min(last, end) + offset)
        return text

    def _strip(self, text: Text, width: int, styles: dict[str, Style] | None) -> Strip:
        """The row as a strip of `width` cells; `styles` given for the cursor's rows."""
        if styles is not None:  # the cursor's rows: the whole width, under the mention colours
            text.pad_right(max(0, width - text.cell_len))
            text.stylize_before(styles["compare--cursor"])
        text.no_wrap = True
        text.end = ""
        segments = Segment.apply_style(text.render(self.app.console), self._base)
        return Strip(segments, text.cell_len).crop_extend(0, width, self._base)
