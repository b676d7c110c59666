"""Writing to the terminal: one-line errors on stderr, plain lines on stdout, Rich's console
with markup off, and a mention cut out in its context; every string from a file made inert."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from typing import NamedTuple

KWIC_WIDTH = 60

# Characters one terminal column wide that never join a neighbour into one grapheme: printable
# ASCII, Latin, Greek and Cyrillic letters, general punctuation (quotes, dashes, "…") and
# currency signs. Text of these alone is measured and cut by its length
# (tests/test_cli_output.py checks each against Rich).
NARROW_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0xAC),  # not U+00AD, the soft hyphen
    (0xAE, 0x2FF),
    (0x370, 0x377),
    (0x37A, 0x37F),
    (0x384, 0x38A),
    (0x38C, 0x38C),
    (0x38E, 0x3A1),
    (0x3A3, 0x482),  # not U+0483-0489, Cyrillic combining marks
    (0x48A, 0x52F),
    (0x2010, 0x2027),
    (0x2030, 0x205E),
    (0x20A0, 0x20C0),
)
NARROW = re.compile(
    "[" + "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in NARROW_RANGES) + "]*"
)


def error(message: str) -> None:
    """One line on stderr; paths and values in it (from argv, file names, corrections) made inert."""
    from reader.ingest.sanitize import safe_name

    print(safe_name(message), file=sys.stderr)


def console():
    from rich.console import Console

    return Console(markup=False, highlight=False, emoji=False, soft_wrap=False)


class Terminal(NamedTuple):
    """What `console()` would find of standard output: whether it is a terminal (FORCE_COLOR
    and TTY_COMPATIBLE count, as Rich has it), its width, whether it takes styles, and NO_COLOR."""

    is_terminal: bool
    width: int
    styled: bool
    no_color: bool


def terminal(environ: Mapping[str, str] = os.environ) -> Terminal:
    """`Terminal` as Rich's Console works it out on POSIX (tests/test_cli_output.py checks it
    against Rich), without importing Rich: that import was a good part of a quick search."""
    compatible = environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        is_terminal = compatible == "1"
    elif "FORCE_COLOR" in environ:
        is_terminal = environ["FORCE_COLOR"] != ""
    else:
        try:
            is_terminal = sys.stdout.isatty()
        except (ValueError, AttributeError):
            is_terminal = False
    dumb = is_terminal and environ.get("TERM", "").lower() in ("dumb", "unknown")
    columns, lines = environ.get("COLUMNS", ""), environ.get("LINES", "")
    fixed = int(columns) if columns.isdigit() else None
    if fixed is not None and lines.isdigit():
        width = fixed
    elif dumb:
        width = 80
    else:
        found = 0
        for descriptor in (0, 1, 2):
            try:
                found = os.get_terminal_size(descriptor).columns
            except (AttributeError, ValueError, OSError):
                continue
            break
        width = fixed if fixed is not None else (found or 80)
    return Terminal(is_terminal, width, is_terminal and not dumb, environ.get("NO_COLOR", "") != "")


# The styles the CLI's listings use (Rich's names) as SGR parameters, and which are colours.
_SGR = {"dim": "2", "bold": "1", "bold reverse": "1;7", "cyan": "36"}
_COLOURS = frozenset({"cyan"})


def render_lines(shown: Terminal, lines: list[list[tuple[str, str]]]) -> str:
    """Lines of (text, style) runs as Rich's console would print them to `shown` with no
    wrapping: each cut at its width with an ellipsis, styled only when it takes styles, and
    without colour under NO_COLOR. Written here because Rich's cost per line was most of a long
    listing's time."""
    width = shown.width
    styled = shown.styled
    colour = styled and not shown.no_color
    out = []
    for runs in lines:
        cut = sum(cells(text) for text, _ in runs) > width
        room = width - 1 if cut else width
        parts = []
        for text, style in runs:
            if room <= 0:
                break
            size = cells(text)
            if size > room:
                text, size = _fit(text, room), room
            room -= size
            if styled and style and (colour or style not in _COLOURS):
                parts.append(f"\x1b[{_SGR[style]}m{text}\x1b[0m")
            else:
                parts.append(text)
        if cut:
            parts.append("…")
        out.append("".join(parts))
    return "".join(line + "\n" for line in out)


def cells(text: str) -> int:
    """Terminal columns of `text`, as Rich counts them; NARROW text is one column a character
    (most of a listing, and Rich's grapheme splitting was most of its time)."""
    if NARROW.fullmatch(text):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def fit_left(text: str, columns: int) -> str:
    """The end of `text` in at most `columns` columns: cut at a word when it can be, with "…"
    in front of what was cut (the context before a mention, which must leave it room)."""
    if cells(text) <= columns:
        return text
    if columns <= 1:
        return "…" if columns == 1 else ""
    if NARROW.fullmatch(text):
        at = len(text) - (columns - 1)
    else:
        used, at = 0, len(text)
        while at > 0 and used + cells(text[at - 1]) <= columns - 1:
            at -= 1
            used += cells(text[at])
    tail = text[at:]
    if text[at - 1] != " ":  # cut inside a word: from the next one (none: only the space before the mention)
        space = tail.find(" ")
        tail = tail[space + 1 :] if 0 <= space < len(tail) - 1 else tail[space:] if space >= 0 else ""
    return "…" + tail


def _fit(text: str, columns: int) -> str:
    """`text` cut (or padded) to `columns` columns, as Rich's `set_cell_size` does."""
    if NARROW.fullmatch(text):
        return text[:columns].ljust(columns)
    from rich.cells import set_cell_size

    return set_cell_size(text, columns)


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
