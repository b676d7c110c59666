"""`e`: the current article's entities grouped by type (a summit series with its meetings under
it); `E` (entities × sources, who covers whom) is in reader.tui.coverage_screen and re-exported
here."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.corpus.corpus import Corpus
from reader.entities.model import ENTITY_TYPES, TYPE_NAMES
from reader.ingest.sanitize import safe_name
from reader.store.snapshots import CorpusUnavailable
from reader.tui.bindings import ENTITY_PANEL_BINDINGS
from reader.tui.coverage_screen import CoverageScreen
from reader.tui.meeting_index import SUMMITS, MeetingIndex, is_event, meeting_label

__all__ = ["CoverageScreen", "EntityPanel"]


class EntityPanel(ModalScreen[tuple[str, str] | None]):
    """Choose an entity of this article, or one meeting of a summit series in it (its rows are
    under the series', with the meeting's mentions in all articles): the result is (the entity,
    the meeting or "") or None. A series' meetings not known yet are found in a worker and their
    rows added when they are."""

    AUTO_FOCUS = "*"  # the app's own choice (the reading pane) is not on this screen
    DEFAULT_CSS = """
    EntityPanel { align: center middle; }
    EntityPanel > Vertical { width: 70; max-width: 100%; height: 80%; border: round $accent; }
    EntityPanel OptionList { height: 1fr; }
    """
    BINDINGS = ENTITY_PANEL_BINDINGS

    def __init__(self, corpus: Corpus, article: int, meetings: MeetingIndex | None = None) -> None:
        super().__init__()
        self.corpus = corpus
        self.article = article
        self.meetings = meetings if meetings is not None else MeetingIndex()
        self.counts = Counter(m.entity for m in corpus.mentions[article])
        self._choices: dict[str, tuple[str, str]] = {}  # option id -> (entity, meeting or "")

    def _options(self) -> list[Option | None]:
        self._choices.clear()
        counts = self.counts
        options: list[Option | None] = []
        for kind in ENTITY_TYPES:
            names = sorted((n for n in counts if self.corpus.entities[n].type == kind), key=lambda n: (-counts[n], n))
            if not names:
                continue
            options.append(Option(Text(TYPE_NAMES[kind].capitalize(), style="bold"), disabled=True))
            for name in names:
                label = Text(f"  {safe_name(name)}")
                label.append(f"  {counts[name]}", style="dim")
                options.append(self._option(label, name, ""))
                for instance, count in (self.meetings.series(self.corpus, name) or []) if kind == SUMMITS else []:
                    row = Text(f"    {safe_name(meeting_label(name, instance))}")
                    row.append(f"  {count} in all", style="dim")
                    options.append(self._option(row, name, instance))
        return options

    def _option(self, label: Text, entity: str, instance: str) -> Option:
        key = str(len(self._choices))  # not the name: entity names are the user's (entities.toml)
        self._choices[key] = (entity, instance)
        return Option(label, id=key)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Text(f"Entities in: {self.corpus.articles[self.article].title}", no_wrap=True, overflow="ellipsis")
            )
            yield OptionList(*self._options())

    def on_mount(self) -> None:
        series = [n for n in self.counts if is_event(self.corpus, n) and self.meetings.known(self.corpus, n) is None]
        if series:
            self._find_meetings(series)

    @work(thread=True, exclusive=True, group="panel-meetings")
    def _find_meetings(self, series: list[str]) -> None:
        try:
            for name in series:
                self.meetings.find(self.corpus, name)
        except CorpusUnavailable:
            return  # the app finds out and loads again; the panel lists the entities it has
        if any(self.meetings.series(self.corpus, name) for name in series):
            self.app.call_from_thread(self._add_meetings)

    def _add_meetings(self) -> None:
        if not self.is_attached:
            return
        options = self.query_one(OptionList)
        at = options.highlighted
        chosen = self._choices.get(options.get_option_at_index(at).id or "") if at is not None else None
        options.set_options(self._options())
        if chosen is not None:  # the row the user is on stays highlighted
            key = next(key for key, pair in self._choices.items() if pair == chosen)
            options.highlighted = options.get_option_index(key)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._choices.get(event.option.id or ""))
