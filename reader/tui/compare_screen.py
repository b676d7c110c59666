"""`c`: what each source says about one entity, every outlet's sentences side by side.

The sentences are a Line-API list (`CompareView`, reader.tui.compare_view) that renders only
the rows on screen; the filter box under it is reader.tui.compare_filter_box. The sections are
read in a thread and shown as they come (reading every article that names a country takes a
second or two), so the screen opens at once with "Loading…".
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from reader import collector
from reader.corpus.compare import (
    BY_COUNT,
    BY_DATE,
    SourceSection,
    fill_section,
    other_order,
    plan,
)
from reader.corpus.corpus import Corpus
from reader.ingest.sanitize import safe_name
from reader.tui.bindings import COMPARE_BINDINGS
from reader.tui.compare_filter_box import FilterBox
from reader.tui.compare_view import CompareView
from reader.tui.help_screen import keys_of

# Kept importable from here, where they were first. (`fill_section` is read from this module's
# names when the screen reads the sections: tests replace it here.)
__all__ = ["CompareScreen", "CompareView", "FilterBox", "fill_section"]

# The first batch of sections is shown as soon as it fills a screen, the rest now and then: each
# batch lays out only its own rows, but a paint per section would slow the reading down.
FIRST_BATCH_SECONDS = 0.03
BATCH_SECONDS = 0.25
FIRST_BATCH_SENTENCES = 30
WHAT = "What each source says: "
_ORDER_NAMES = {BY_DATE: "by date", BY_COUNT: "by mentions"}
# The keys line: (binding id, its pair's id, which of its keys: the vim-style alias, last, or the
# first, label).
_HINTS = [
    ("compare_down", "compare_up", -1, "move"),
    ("compare_page_down", "compare_page_up", -1, "page"),
    ("compare_first", "compare_last", -1, "ends"),
    ("compare_open", "", 0, "open"),
    ("compare_order", "", 0, "order"),
    ("compare_filter", "", 0, "filter"),
    ("compare_close", "", 0, "close"),
]


class CompareScreen(ModalScreen[tuple[int, int] | None]):
    """One entity, every source's sentences that mention it. Dismissed with (article index,
    mention index) of the chosen sentence's first mention of the entity, or None."""

    AUTO_FOCUS = "CompareView"
    # Not scoped: the mention colours follow the app's theme classes (`App.-light-mode …`).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    CompareScreen { background: $background; }
    CompareScreen > Vertical { width: 100%; height: 100%; background: $surface; }
    CompareScreen #compare-title { height: 1; padding: 0 1; background: $panel; color: $text; }
    CompareScreen #compare-keys { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    CompareScreen FilterBox, CompareScreen FilterBox:focus {
        height: 1; border: none; padding: 0 1; display: none; background: $boost;
    }
    CompareScreen FilterBox.-open { display: block; }
    CompareView { height: 1fr; padding: 0 1; overflow-x: hidden; scrollbar-size-vertical: 1; }
    CompareView > .compare--source { color: $accent; text-style: bold; }
    CompareView > .compare--title { color: $text; text-style: bold; }
    CompareView > .compare--note { color: $text-muted; }
    CompareView > .compare--cursor { background: $block-cursor-blurred-background; }
    CompareView:focus > .compare--cursor { background: $block-cursor-background 60%; }
    /* The reading pane's colours (styles/reader.tcss), for the same component classes. */
    CompareView > .mention--person { color: #ffaf00; text-style: underline; }
    CompareView > .mention--org { color: #7b9cff; text-style: underline; }
    CompareView > .mention--gpe { color: #87d75f; text-style: underline; }
    CompareView > .mention--loc { color: #5fd7d7; text-style: underline; }
    CompareView > .mention--event { color: #ff5f87; text-style: underline; }
    CompareView > .mention--norp { color: #d787ff; text-style: underline; }
    App.-light-mode CompareView > .mention--person { color: #875f00; }
    App.-light-mode CompareView > .mention--org { color: #005fd7; }
    App.-light-mode CompareView > .mention--gpe { color: #008700; }
    App.-light-mode CompareView > .mention--loc { color: #008787; }
    App.-light-mode CompareView > .mention--event { color: #d70000; }
    App.-light-mode CompareView > .mention--norp { color: #8700af; }
    App.-no-color CompareView > .mention--person { text-style: bold underline; }
    App.-no-color CompareView > .mention--org { text-style: underline; }
    App.-no-color CompareView > .mention--gpe { text-style: italic underline; }
    App.-no-color CompareView > .mention--loc { text-style: italic; }
    App.-no-color CompareView > .mention--event { text-style: bold italic underline; }
    App.-no-color CompareView > .mention--norp { text-style: bold; }
    CompareView > .mention--active { text-style: bold underline; background: $foreground 15%; }
    """
    BINDINGS = COMPARE_BINDINGS

    def __init__(self, corpus: Corpus, entity_name: str, *, hidden: bool = False, order: str = BY_DATE) -> None:
        """`hidden`: include sentences in hidden text (page debris), as the raw view shows it."""
        super().__init__()
        self.corpus = corpus
        self.entity_name = entity_name
        self.hidden = hidden
        self.order = order
        self.reading = True
        self.source_count = 0  # sources that mention the entity (known before their text is read)
        self.mention_count = 0
        self._read = 0
        self._articles = 0
        self.view = CompareView(entity_name, id="compare-view")
        self.view.order = order

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="compare-title")
            yield self.view
            yield FilterBox(
                placeholder="only sentences with… (Enter keeps it, Esc clears)", id="compare-filter", classes="no-blink"
            )
            yield Static(id="compare-keys")

    def on_mount(self) -> None:
        """Start reading the sentences."""
        self.query_one(FilterBox).cursor_blink = False  # over SSH every blink is a repaint
        self.query_one("#compare-keys", Static).update(self._key_hint())
        self._update_title()
        self._build()

    # ------------------------------------------------------------ reading, in a thread

    @work(thread=True, exclusive=True, group="compare")
    def _build(self) -> None:
        """Plan the sections, then read them and hand them to the view in batches."""
        worker = get_current_worker()
        sections = plan(self.corpus, self.entity_name, hidden=self.hidden, order=self.order)
        total = sum(len(s.articles) for s in sections)
        if not self._post(self._planned, len(sections), sum(s.count for s in sections), total):
            return
        batch: list[SourceSection] = []
        folded: dict[int, str] = {}
        sentences = read = 0
        shown_any = False
        last = time.monotonic()
        for section in sections:
            if worker.is_cancelled:
                return
            # What is read lives as long as the screen, and holds no cycles (see reader.collector).
            with collector.paused():
                fill_section(self.corpus, section, self.entity_name, hidden=self.hidden)
                # Folded here, off the UI thread: the first letter typed in the filter needs them all.
                folded.update((id(s), s.safe.casefold()) for s in section.sentences)
            batch.append(section)
            sentences += len(section.sentences)
            read += len(section.articles)
            waited = time.monotonic() - last
            if (not shown_any and (sentences >= FIRST_BATCH_SENTENCES or waited >= FIRST_BATCH_SECONDS)) or (
                waited >= BATCH_SECONDS
            ):
                if not self._post(self._add, batch, folded, read, False):
                    return
                batch, folded, shown_any, last = [], {}, True, time.monotonic()
        self._post(self._add, batch, folded, read, True)

    def _post(self, callback, *args) -> bool:
        """Run `callback` on the UI thread; False when the screen or the app has gone."""
        if get_current_worker().is_cancelled:
            return False
        try:
            self.app.call_from_thread(callback, *args)
        except RuntimeError:
            return False  # the app is shutting down
        return True

    def _planned(self, sources: int, mentions: int, articles: int) -> None:
        """What the plan knows before any text is read: sources, mentions, articles to read."""
        self.source_count, self.mention_count, self._articles = sources, mentions, articles
        self._update_title()

    def _add(self, sections: list[SourceSection], folded: dict[int, str], read: int, done: bool) -> None:
        """A batch of sections read (the last one when `done`)."""
        if not self.is_attached:
            return
        self.view.fold(folded)
        self._read = read
        if done:
            self.reading = False
            if self.entity_name not in self.corpus.entities:
                note = "No such entity"
            elif self.mention_count == 0:
                note = "Every mention of it is in hidden text (page debris)"
            else:
                note = "No sentence could be read (the files changed since they were indexed)"
            self.view.set_note(note)
        self.view.add(sections)
        self._update_title()

    def on_resize(self) -> None:
        """The title line says more when there is room."""
        self._update_title()

    def _update_title(self) -> None:
        """The title line: the entity, what is shown of it, the order."""
        title = Text(safe_name(self.entity_name), style="bold")
        if self.reading and self._articles:
            title.append(f" · Loading… {self._read:,} of {self._articles:,} articles")
        elif self.reading:
            title.append(" · Loading…")
        elif self.view.words:
            title.append(f" · “{safe_name(' '.join(self.view.words))}” in {len(self.view.items):,}")
            title.append(f" of {self.view.sentence_count:,} sentences")
        else:
            title.append(f" · {self.source_count:,} source{'s' if self.source_count != 1 else ''}")
            title.append(f" · {self.mention_count:,} mention{'s' if self.mention_count != 1 else ''}")
        title.append(f" · {_ORDER_NAMES.get(self.view.order, self.view.order)}")
        if title.cell_len + len(WHAT) + 2 <= self.size.width:  # said when there is room
            title = Text(WHAT) + title
        title.no_wrap = True
        title.overflow = "ellipsis"
        self.query_one("#compare-title", Static).update(title)

    # ------------------------------------------------------------ keys

    def _key_hint(self) -> Text:
        """The keys line, from the bindings (a key remapped in config.toml shows as remapped)."""
        keymap = getattr(self.app, "keymap", None) or {}
        by_id = {b.id: b for b in self.BINDINGS if isinstance(b, Binding)}

        def key(binding_id: str, which: int) -> str:
            return keys_of(by_id[binding_id], keymap).split(", ")[which]

        parts = [
            f"{key(first, which)}/{key(second, which)} {label}" if second else f"{key(first, which)} {label}"
            for first, second, which, label in _HINTS
        ]
        return Text("  ".join(parts), no_wrap=True, overflow="ellipsis")

    def action_close(self) -> None:
        """Back to the article, nothing chosen."""
        self.dismiss(None)

    def action_move(self, step: int) -> None:
        """The cursor to the next (previous) sentence."""
        self.view.move(step)

    def action_page(self, step: int) -> None:
        """A page down (up)."""
        self.view.page_by(step)

    def action_first(self) -> None:
        """The first sentence, its source's header at the top."""
        self.view.move_to(0, top=True)

    def action_last(self) -> None:
        """The last sentence."""
        self.view.move_to(len(self.view.items) - 1)

    def action_choose(self) -> None:
        """Close with the cursor sentence's first mention of the entity, for the app to open."""
        sentence = self.view.sentence
        if sentence is None:
            self.app.bell()
            return
        self.dismiss((sentence.article, sentence.first))

    def action_order(self) -> None:
        """Sources by date, or by mention count."""
        self.view.set_order(other_order(self.view.order))
        self._update_title()

    def action_filter(self) -> None:
        """Open the filter box at the bottom."""
        box = self.query_one(FilterBox)
        box.add_class("-open")
        self.query_one("#compare-keys").display = False
        # At once, not on a later callback: letters typed right after `/` must reach the box.
        self.set_focus(box)

    def close_filter(self) -> None:
        """Close the filter box (its filter stays unless it was cleared)."""
        self.query_one(FilterBox).remove_class("-open")
        self.query_one("#compare-keys").display = True
        self.set_focus(self.view)

    def on_compare_view_chosen(self, event: CompareView.Chosen) -> None:
        """A click on the cursor's sentence opens it, as Enter does."""
        self.action_choose()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Each letter typed in the filter box filters at once."""
        event.stop()
        self.view.set_filter(event.value)
        self._update_title()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the box keeps the filter and gives the keys back to the sentences."""
        event.stop()
        self.close_filter()  # the filter stays; Esc in the box clears it
