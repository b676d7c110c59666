"""Writing to the terminal: one-line errors on stderr, plain lines on stdout, Rich's console
with markup off, and a mention cut out in its context; every string from a file made inert."""

from __future__ import annotations

import sys

KWIC_WIDTH = 60


def error(message: str) -> None:
    """One line on stderr; paths and values in it (from argv, file names, corrections) made inert."""
    from reader.ingest.sanitize import safe_name

    print(safe_name(message), file=sys.stderr)


def console():
    from rich.console import Console

    return Console(markup=False, highlight=False, emoji=False, soft_wrap=False)


# The styles the CLI's listings use (Rich's names) as SGR parameters, and which are colours.
_SGR = {"dim": "2", "bold": "1", "bold reverse": "1;7", "cyan": "36"}
_COLOURS = frozenset({"cyan"})


def render_lines(console, lines: list[list[tuple[str, str]]]) -> str:
    """Lines of (text, style) runs as `console` would print them with no wrapping: each cut at
    its width with an ellipsis, styled only when it sends styles, and without colour under
    NO_COLOR. Written here because Rich's cost per line was most of a long listing's time."""
    from rich.cells import cell_len, set_cell_size

    width = console.width
    styled = console.color_system is not None
    colour = styled and not console.no_color
    out = []
    for runs in lines:
        cut = sum(cell_len(text) for text, _ in runs) > width
        room = width - 1 if cut else width
        parts = []
        for text, style in runs:
            if room <= 0:
                break
            size = cell_len(text)
            if size > room:
                text, size = set_cell_size(text, room), room
            room -= size
            if styled and style and (colour or style not in _COLOURS):
                parts.append(f"\x1b[{_SGR[style]}m{text}\x1b[0m")
            else:
                parts.append(text)
        if cut:
            parts.append("…")
        out.append("".join(parts))
    return "".join(line + "\n" for line in out)


def write(line: str) -> None:
    sys.stdout.write(line + "\n")


def safe(text: str) -> str:
    from reader.ingest.sanitize import safe_text

    return safe_text(text).replace("\n", " ").replace("\t", " ")


def keyword_in_context(
    text: str, start: int, end: int, width: int = KWIC_WIDTH, hidden: tuple[tuple[int, int], ...] = ()
) -> tuple[str, str, str]:
    """(left, mention, right) around a mention, on one line, cut at word boundaries; never into
    the `hidden` ranges (page debris: "Accessibility links Breaking News…")."""
    low, high = max(0, start - width), min(len(text), end + width)
    for a, b in hidden:
        if b <= start:
            low = max(low, b)
        elif a >= end:
            high = min(high, a)
    left = text[low:start].replace("\n", " ")
    right = text[end:high].replace("\n", " ")
    if start > width and " " in left and low == start - width:
        left = "…" + left[left.index(" ") + 1 :]
    if end + width < len(text) and " " in right and high == end + width:
        right = right[: right.rindex(" ")] + "…"
    return left, text[start:end].replace("\n", " "), right
