"""The colour legend (`l`): each entity type in the colour the reading pane gives it now."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from reader.entities.model import ENTITY_TYPES
from reader.tui.reading_pane import TYPE_CLASSES, ReadingPane


def type_styles(pane: ReadingPane | None) -> list[tuple[str, str]]:
    """(type, style) for each entity type, as the pane's stylesheet colours it in this theme."""
    if pane is None:
        return [(kind, "") for kind in ENTITY_TYPES]
    return [(kind, str(pane.get_component_rich_style(cls, partial=True))) for kind, cls in TYPE_CLASSES.items()]


class Legend(Static):
    """One line under the reading pane, hidden until `l`."""

    def show_styles(self, styles: list[tuple[str, str]]) -> None:
        self.update(legend_text(styles))


def legend_text(styles: list[tuple[str, str]]) -> Text:
    text = Text("Colours: ")
    for kind, style in styles:
        text.append(f" {kind} ", style=style)
        text.append(" ")
    return text
