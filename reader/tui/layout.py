"""Article text → screen rows: which part of the text each row of the reading pane shows.

Pure (no Textual): rows are (start, end) offsets into the article text, wrapped by terminal
cell width so CJK and emoji align. Debris ranges are left out unless the raw view is asked for.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from rich.cells import cell_len

from reader.ingest.debris import visible_ranges


@dataclass(frozen=True, slots=True)
class Row:
    start: int
    end: int


def _wrap(text: str, start: int, end: int, width: int, rows: list[Row]) -> None:
    """Append rows for text[start:end] (one line, no newline), greedy at spaces."""
    line = text[start:end]
    if len(line) <= width and (line.isascii() or cell_len(line) <= width):
        rows.append(Row(start, end))
        return
    position = start
    while position < end:
        # Take as many characters as fit in `width` cells.
        cells = 0
        cut = position
        while cut < end:
            char_cells = cell_len(text[cut])
            if cells + char_cells > width:
                break
            cells += char_cells
            cut += 1
        if cut >= end:
            rows.append(Row(position, end))
            return
        space = text.rfind(" ", position, cut + 1)
        if space > position:
            rows.append(Row(position, space))
            position = space + 1
        else:  # one very long word: cut it where the width ends
            cut = max(cut, position + 1)
            rows.append(Row(position, cut))
            position = cut


def layout(
    text: str,
    debris: tuple[tuple[int, int], ...],
    width: int,
    raw: bool = False,
    body_start: int = 0,
    title_span: tuple[int, int] = (0, 0),
) -> list[Row]:
    """The rows of the body. The title line is left out (the header shows it) unless raw."""
    width = max(width, 8)
    hidden = () if raw else tuple(sorted((*debris, title_span) if title_span[1] > title_span[0] else debris))
    rows: list[Row] = []
    blank_run = 0
    for start, end in visible_ranges(len(text), hidden):
        position = start
        while position <= end:
            newline = text.find("\n", position, end)
            line_end = end if newline < 0 else newline
            if line_end > position or newline >= 0:
                if text[position:line_end].strip():
                    blank_run = 0
                    _wrap(text, position, line_end, width, rows)
                else:
                    # Hidden debris leaves runs of blank lines; keep at most one.
                    blank_run += 1
                    if blank_run == 1 and rows:
                        rows.append(Row(position, position))
            if newline < 0:
                break
            position = newline + 1
    while rows and rows[-1].start == rows[-1].end:
        rows.pop()
    return rows


def row_of(rows: list[Row], offset: int) -> int:
    """Index of the row that shows `offset` (or the nearest one before it)."""
    starts = [row.start for row in rows]
    return max(0, bisect.bisect_right(starts, offset) - 1)
