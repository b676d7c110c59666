"""One line under the reading pane: the active entity and where you are among its mentions,
and, always at the right edge, the article's place in the list."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from reader.ingest.sanitize import safe_name
from reader.tui.session import StatusFields

HINT = "/ search  n/N mention  ]/[ article  ? help"


class StatusLine(Widget):
    DEFAULT_CSS = """
    StatusLine { height: 1; dock: bottom; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.left = Text("")
        # The left part without the article's source and place, for when the whole does not fit:
        # a cut source and a cut line would show two ellipses.
        self.left_without_place = Text("")
        self.right = Text("")

    def show(
        self,
        entity: str,
        ordinal: int,
        total: int,
        source: str,
        in_article: tuple[int, int] | None,
        article_position: tuple[int, int],
    ) -> None:
        left = Text()
        entity, source = safe_name(entity), safe_name(source)  # entity names can come from entities.toml
        if entity:
            left.append(entity, style="bold")
            left.append(f"  {ordinal}/{total}" if ordinal else f"  –/{total}")
        else:
            left.append(HINT, style="dim")
        self.left_without_place = left.copy()
        if entity and in_article:
            short = source if len(source) <= 14 else source[:13] + "…"
            left.append(f"  {short} ({in_article[0]}/{in_article[1]})")
        self.left = left
        self.right = Text(f"art {article_position[0]}/{article_position[1]}", style="dim")
        self.refresh()

    def show_fields(self, fields: StatusFields) -> None:
        self.show(
            fields.entity, fields.ordinal, fields.total, fields.source, fields.in_article, fields.article_position
        )

    def message(self, note: str) -> None:
        self.left = self.left_without_place = Text(safe_name(note))
        self.right = Text("")
        self.refresh()

    def render(self) -> Text:
        # The article's place is never cut off: the left part gives way, with an ellipsis.
        width = self.content_region.width or 80
        gap = 2 if self.right else 0
        room = max(0, width - self.right.cell_len - gap)
        left = (self.left if self.left.cell_len <= room else self.left_without_place).copy()
        left.truncate(max(0, width - self.right.cell_len - gap), overflow="ellipsis")
        padding = max(gap, width - left.cell_len - self.right.cell_len)
        line = Text.assemble(left, " " * padding, self.right, no_wrap=True, overflow="ellipsis")
        return line
