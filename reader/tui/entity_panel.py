"""`e`: the current article's entities grouped by type; `E` (entities × sources, who covers
whom) is in reader.tui.coverage_screen and re-exported here."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.corpus.corpus import Corpus
from reader.entities.model import ENTITY_TYPES, TYPE_NAMES
from reader.ingest.sanitize import safe_name
from reader.tui.coverage_screen import CoverageScreen

__all__ = ["CoverageScreen", "EntityPanel"]


class EntityPanel(ModalScreen[str | None]):
    """Choose an entity of this article; the result is its name (or None)."""

    AUTO_FOCUS = "*"  # the app's own choice (the reading pane) is not on this screen
    DEFAULT_CSS = """
    EntityPanel { align: center middle; }
    EntityPanel > Vertical { width: 70; max-width: 100%; height: 80%; border: round $accent; }
    EntityPanel OptionList { height: 1fr; }
    """
    BINDINGS = [Binding("escape,q,e", "dismiss(None)", "Close", id="entities_close", tooltip="Close the entity panel")]

    def __init__(self, corpus: Corpus, article: int) -> None:
        super().__init__()
        self.corpus = corpus
        self.article = article

    def compose(self) -> ComposeResult:
        counts = Counter(m.entity for m in self.corpus.mentions[self.article])
        options: list[Option | None] = []
        for kind in ENTITY_TYPES:
            names = sorted((n for n in counts if self.corpus.entities[n].type == kind), key=lambda n: (-counts[n], n))
            if not names:
                continue
            options.append(Option(Text(TYPE_NAMES[kind].capitalize(), style="bold"), disabled=True))
            for name in names:
                label = Text(f"  {safe_name(name)}")
                label.append(f"  {counts[name]}", style="dim")
                options.append(Option(label, id=name))
        with Vertical():
            yield Static(
                Text(f"Entities in: {self.corpus.articles[self.article].title}", no_wrap=True, overflow="ellipsis")
            )
            yield OptionList(*options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
