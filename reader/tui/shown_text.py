"""The text as the reading pane shows it, and where each shown character is in the file.

Pure (no Textual). Markdown syntax is hidden inside lines (`**`, a link's URL), which the
debris ranges of `layout` never are: the rows are laid out over the shown text, so they wrap
by what is on screen, then turned back into file offsets, so that mentions, matches, `n` and
the saved place all keep working in file offsets. Plain text (and the raw view) is shown as
it is, and every offset maps to itself.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from reader.ingest.debris import visible_ranges
from reader.tui.layout import Row, layout

if TYPE_CHECKING:
    from reader.ingest.markdown import MarkdownView


class Shown:
    __slots__ = ("text", "length", "identity", "_files", "_shown", "_style_starts", "_styles")

    def __init__(self, safe: str, view: MarkdownView | None = None) -> None:
        self.length = len(safe)
        self.identity = view is None or not (view.hidden or view.marks)
        self._style_starts: list[int] = []
        self._styles: list[tuple[int, int, str]] = []
        if view is None or self.identity:
            self.text = safe
            self._files, self._shown = [0], [0]
        else:
            pieces: list[str] = []
            self._files, self._shown = [], []
            marks = view.marks
            at = 0  # the next mark
            shown = 0
            for start, end in visible_ranges(self.length, view.hidden):
                self._files.append(start)
                self._shown.append(shown)
                shown += end - start
                # A mark is one character for one, so it changes the piece, never the offsets.
                while at < len(marks) and marks[at][0] < start:
                    at += 1
                cut = start
                while at < len(marks) and marks[at][0] < end:
                    offset, char = marks[at]
                    pieces.append(safe[cut:offset])
                    pieces.append(char)
                    cut = offset + 1
                    at += 1
                pieces.append(safe[cut:end])
            self.text = "".join(pieces)
            if not self._files:
                self._files, self._shown = [0], [0]
        if view is not None:
            self._index_styles(view)

    def _index_styles(self, view: MarkdownView) -> None:
        # Cut at the shown newlines: a row then needs only the styles that start on its line.
        text = self.text
        styles: list[tuple[int, int, str]] = []
        for start, end, kind in view.styles:
            a, b = self.index(start), self.index(end)
            while a < b:
                newline = text.find("\n", a, b)
                stop = b if newline < 0 else newline
                if stop > a:
                    styles.append((a, stop, kind))
                a = stop + 1
        styles.sort()
        self._styles = styles
        self._style_starts = [a for a, _, _ in styles]

    def index(self, offset: int) -> int:
        """Where file `offset` is in the shown text (a hidden one: where the next shown one is)."""
        if self.identity:
            return offset
        at = bisect.bisect_right(self._files, offset) - 1
        if at < 0:
            return 0
        stop = self._shown[at + 1] if at + 1 < len(self._shown) else len(self.text)
        return min(self._shown[at] + offset - self._files[at], stop)

    def offset(self, index: int) -> int:
        """The file offset of shown character `index`."""
        if self.identity:
            return index
        at = max(0, bisect.bisect_right(self._shown, index) - 1)
        return self._files[at] + index - self._shown[at]

    def file_row(self, start: int, end: int) -> Row:
        """Shown [start, end) as file offsets, with the hidden text before its first character
        (a heading's `#`, a bold run's `**`) and before the next row's."""
        if self.identity:
            return Row(start, end)
        first = self.offset(start - 1) + 1 if start > 0 else 0
        last = self.length if end >= len(self.text) else self.offset(end)
        return Row(first, max(first, last))

    def styles_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """The Markdown styles over shown [start, end), in shown offsets."""
        if not self._styles:
            return []
        line = self.text.rfind("\n", 0, start) + 1
        first = bisect.bisect_left(self._style_starts, line)
        last = bisect.bisect_left(self._style_starts, end)
        return [style for style in self._styles[first:last] if style[1] > start]

    def layout(
        self,
        debris: tuple[tuple[int, int], ...],
        width: int,
        raw: bool,
        body_start: int,
        title_span: tuple[int, int],
    ) -> list[Row]:
        """`layout` of the shown text, in file offsets."""
        if self.identity:
            return layout(self.text, debris, width, raw, body_start, title_span)
        shown_debris = tuple((self.index(a), self.index(b)) for a, b in debris)
        title = (self.index(title_span[0]), self.index(title_span[1]))
        rows = layout(self.text, shown_debris, width, raw, self.index(body_start), title)
        return [self.file_row(row.start, row.end) for row in rows]
