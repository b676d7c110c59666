"""One line under the reading pane: the active entity and where you are among its mentions,
and, always at the right edge, the article's place in the list. For a summit series, the meeting
of the stop and what `n`/`N` walk: "SCO summit · 2024 Astana  meeting 2/10"."""

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
        # A summit's line in parts, cut one at a time when even `left_without_place` is too wide:
        # (the series, the meeting, the counts); None for any other line.
        self._summit: tuple[Text, Text, Text] | None = None

    def show(
        self,
        entity: str,
        ordinal: int,
        total: int,
        source: str,
        in_article: tuple[int, int] | None,
        article_position: tuple[int, int],
        instance: str = "",
        mode: str = "",
    ) -> None:
        left = Text()
        # Entity and meeting names can come from entities.toml, the source from sources.toml.
        entity, source, instance, mode = safe_name(entity), safe_name(source), safe_name(instance), safe_name(mode)
        self._summit = None
        if entity:
            name = Text(entity, style="bold")
            meeting = Text(f" · {instance}") if instance else Text("")
            counted = "…" if total < 0 else f"{ordinal}/{total}" if ordinal else f"–/{total}"
            counts = Text(f"  {mode} {counted}" if mode else f"  {counted}")
            left.append_text(name)
            left.append_text(meeting)
            left.append_text(counts)
            if instance:
                self._summit = (name, meeting, counts)
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
            fields.entity,
            fields.ordinal,
            fields.total,
            fields.source,
            fields.in_article,
            fields.article_position,
            fields.instance,
            fields.mode,
        )

    def message(self, note: str) -> None:
        self.left = self.left_without_place = Text(safe_name(note))
        self.right = Text("")
        self._summit = None
        self.refresh()

    def render(self) -> Text:
        # The article's place is never cut off: the left part gives way, with an ellipsis.
        width = self.content_region.width or 80
        gap = 2 if self.right else 0
        room = max(0, width - self.right.cell_len - gap)
        if self.left.cell_len <= room:
            left = self.left.copy()
        elif self.left_without_place.cell_len <= room or self._summit is None:
            left = self.left_without_place.copy()
        else:
            left = _cut_summit(*self._summit, room)
        left.truncate(room, overflow="ellipsis")
        padding = max(gap, width - left.cell_len - self.right.cell_len)
        line = Text.assemble(left, " " * padding, self.right, no_wrap=True, overflow="ellipsis")
        return line


SERIES_AT_LEAST = 10  # cells of a summit series' name kept before its meeting's is cut
MEETING_AT_LEAST = 6  # cells of a meeting's name (" · " and an ellipsis included) kept, or none
SERIES_LAST = 4  # cells of the series' name kept, at the very least, before the counts are cut


def _cut_summit(name: Text, meeting: Text, counts: Text, room: int) -> Text:
    """A summit's line in `room` cells: the series' name cut first (to SERIES_AT_LEAST), then the
    meeting's (dropped below MEETING_AT_LEAST), then the series' name again (to SERIES_LAST), each
    cut with an ellipsis; the counts are cut only when nothing else is left to cut."""
    name, meeting = name.copy(), meeting.copy()

    def shorten(text: Text, least: int) -> None:
        over = name.cell_len + meeting.cell_len + counts.cell_len - room
        if over > 0 and text.cell_len > least:
            text.truncate(max(least, text.cell_len - over), overflow="ellipsis")

    shorten(name, SERIES_AT_LEAST)
    if name.cell_len + meeting.cell_len + counts.cell_len > room:
        keep = room - name.cell_len - counts.cell_len
        if keep >= MEETING_AT_LEAST:
            meeting.truncate(keep, overflow="ellipsis")
        else:
            meeting = Text("")
    shorten(name, SERIES_LAST)
    return Text.assemble(name, meeting, counts)
