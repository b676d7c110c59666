"""`?`: every key binding, read from the bindings themselves so the list cannot go stale."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.entities.model import TYPE_NAMES


def _keys(binding: Binding) -> str:
    return ", ".join(key.replace("shift+", "⇧").replace("ctrl+", "^") for key in binding.key.split(","))


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 76; max-width: 100%; height: 90%; border: round $accent; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help_close")]

    def __init__(self, groups: list[tuple[str, list[Binding]]], legend: list[tuple[str, str]]) -> None:
        super().__init__()
        self.groups = groups
        self.legend = legend

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True)
        table.add_column()
        for title, bindings in self.groups:
            table.add_row(Text(title, style="bold underline"), "")
            for binding in bindings:
                table.add_row(Text(_keys(binding), style="bold"), Text(binding.tooltip or binding.description))
            table.add_row("", "")
        table.add_row(Text("Highlight colours", style="bold underline"), "")
        for kind, style in self.legend:
            table.add_row(Text(kind, style=style), Text(TYPE_NAMES.get(kind, kind)))
        with VerticalScroll():
            yield Static(table)
