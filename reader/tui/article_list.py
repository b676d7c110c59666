"""The side panel: every loaded article, filterable, sortable, with an unread marker.

`ArticleList` is the filter box above the rows (`ArticleRows`, reader.tui.article_rows: a
Line-API ScrollView that renders only the rows on screen, so 10,000 articles open, filter and
scroll as fast as ten). `set_articles` stores the list; the first filter makes one casefolded haystack per article.
`o` cycles the order (as loaded, newest first, by source, by title) and `O` groups the articles
by source under a header row each (reader.tui.article_order works both out); the order shows in
the filter box's top edge.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import TypeAlias

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input

from reader.ingest.article import Article
from reader.tui.article_order import (
    ORDER_LABELS,
    ORDERS,
    OTHER,
    SortFields,
    arranged,
    date_key,
    group_runs,
    outlet_of,
)
from reader.tui.article_row_text import cut_at_word, haystack
from reader.tui.article_rows import ROWS_PER_ARTICLE, ArticleRows
from reader.tui.article_rows import Chosen as ArticleChosen

# Kept importable from here, where they were first.
__all__ = [
    "ORDERS",
    "ORDER_LABELS",
    "OTHER",
    "ROWS_PER_ARTICLE",
    "ArticleList",
    "ArticleRows",
    "cut_at_word",
    "date_key",
    "outlet_of",
]


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

    # Defined with the rows, which post it on a click (they cannot import the list): the same class.
    Chosen: TypeAlias = ArticleChosen

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.articles: list[Article] = []
        self.unread: AbstractSet[int] = frozenset()
        self.current = 0
        self.order = ORDERS[0]
        self.grouped = False
        self._haystacks: list[str] = []
        self._fields: list[SortFields] = []
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

    def set_articles(self, articles: list[Article], unread: AbstractSet[int], current: int) -> None:
        """Show `articles`. Called again as more arrive: the list may grow; the highlighted
        article and the scroll position stay where they were."""
        old = self.articles
        known = len(old) if len(articles) >= len(old) and all(a is b for a, b in zip(old, articles)) else 0
        del self._haystacks[known:]  # made on the first filter (`_match`), not for every list shown
        del self._fields[known:]  # worked out again, when needed
        self.articles = list(articles)
        self.unread = unread  # the app's own: it marks the list again after each change
        keep = self._rows.highlighted if known else None
        self.current = current
        rows = self._rows
        rows.articles = self.articles
        rows.unread = self.unread
        self._arrange()
        self._show(self._match(self._words), current if keep is None else keep, reveal=keep is None)

    def extend(self, articles: list[Article], unread: AbstractSet[int] | None = None) -> None:
        """Add articles at the end (indexing found more); nothing already listed moves."""
        self.set_articles([*self.articles, *articles], self.unread if unread is None else unread, self.current)

    def mark(self, current: int, unread: AbstractSet[int]) -> None:
        """Follow the current article and its unread marker: only the visible rows are redrawn."""
        self.current = current
        self.unread = unread
        rows = self._rows
        rows.unread = self.unread
        at = rows.position_of(current)
        if at is not None:
            rows.move_to(at)
        rows.refresh()

    def set_unread(self, unread: AbstractSet[int]) -> None:
        """New unread markers; the highlight stays where the reader left it."""
        self.unread = unread
        self._rows.unread = self.unread
        self._rows.refresh()

    # ------------------------------------------------------------ order and groups

    def _sort_fields(self) -> list[SortFields]:
        """Each article's sort fields, worked out when an order or the groups first need them."""
        fields = self._fields
        if len(fields) < len(self.articles):
            fields.extend(SortFields(a) for a in self.articles[len(fields) :])
        return fields

    def _arrange(self) -> None:
        """Work out `_sequence` for the order and grouping chosen."""
        if self.order == "files" and not self.grouped:
            self._sequence = self._rank = None
            return
        self._sequence, self._rank = arranged(self._sort_fields(), self.order, self.grouped)

    def _groups(self, shown: list[int]) -> list[tuple[str, int]] | None:
        """The header runs over `shown` when grouped: ("VOA · 12", 12), …"""
        if not self.grouped:
            return None
        return group_runs(shown, self._sort_fields(), self.articles)

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
        if within is None:
            within = self.sequence if self._sequence is not None else list(range(len(self.articles)))
        if not words:
            return list(within)
        haystacks = self._haystacks
        if len(haystacks) < len(self.articles):
            haystacks.extend(haystack(a) for a in self.articles[len(haystacks) :])
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
