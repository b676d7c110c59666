"""Shared by the tests that count work instead of timing it: invented names and a line counter."""

from __future__ import annotations

import sys
from collections.abc import Callable

_SYLLABLES = ("ka", "lo", "mir", "ve", "dra", "su", "tan", "po", "rel", "qui", "zan", "bo")


def invented_word(number: int, ending: str) -> str:
    """A capitalised word of its own for each (number < 240, ending): letters only, no real name."""
    code, syllables = number * 7 + 17, []
    for _ in range(3):
        code, digit = divmod(code, len(_SYLLABLES))
        syllables.append(_SYLLABLES[digit])
    return ("".join(syllables) + ending).capitalize()


def lines_run(where: Callable[[str], bool], call: Callable[[], object]) -> tuple[int, object]:
    """(lines run in the files `where` accepts, what `call()` returned)."""
    lines = 0

    def trace(frame, event, arg):
        nonlocal lines
        if not where(frame.f_code.co_filename):
            return None
        if event == "line":
            lines += 1
        return trace

    sys.settrace(trace)
    try:
        result = call()
    finally:
        sys.settrace(None)
    return lines, result
