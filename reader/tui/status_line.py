"""One line under the reading pane: the active entity and where you are among its mentions."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: 1; dock: bottom; }
    """

    def show(self, entity: str, ordinal: int, total: int, source: str, in_article: tuple[int, int] | None,
             article_position: tuple[int, int]) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        if entity:
            text.append(entity, style="bold")
            text.append(f"  {ordinal}/{total}" if ordinal else f"  –/{total}")
            if in_article:
                short = source if len(source) <= 14 else source[:13] + "…"
                text.append(f"  {short} ({in_article[0]}/{in_article[1]})")
        else:
            text.append("/ search   n/N next/previous mention   ]/[ article   ? help", style="dim")
        text.append(f"  art {article_position[0]}/{article_position[1]}", style="dim")
        self.update(text)

    def message(self, note: str) -> None:
        self.update(Text(note, no_wrap=True, overflow="ellipsis"))
