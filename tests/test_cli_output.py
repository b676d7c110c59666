"""The CLI's own line renderer measures and cuts text as Rich does."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len, set_cell_size

from reader.cli.output import NARROW, NARROW_RANGES, _fit, cells

NARROW_CHARACTERS = [chr(c) for low, high in NARROW_RANGES for c in range(low, high + 1)]


def test_every_narrow_character_is_one_column_for_rich():
    assert len(NARROW_CHARACTERS) > 1000
    assert all(NARROW.fullmatch(c) for c in NARROW_CHARACTERS)
    assert [c for c in NARROW_CHARACTERS if cell_len(c) != 1] == []


@given(st.text(alphabet=st.sampled_from(NARROW_CHARACTERS), max_size=120), st.integers(0, 130))
def test_narrow_text_is_measured_and_cut_as_rich_does(text, columns):
    assert cells(text) == cell_len(text)
    assert _fit(text, columns) == set_cell_size(text, columns)


@given(st.text(max_size=60), st.integers(0, 70))
def test_any_text_is_measured_and_cut_as_rich_does(text, columns):
    assert cells(text) == cell_len(text)
    assert _fit(text, columns) == set_cell_size(text, columns)


def test_wide_and_combining_text_goes_to_rich():
    for text in ["中文", "e\u0301", "a\u200db", "🇫🇷"]:
        assert not NARROW.fullmatch(text)
        assert cells(text) == cell_len(text)


ENVIRONMENTS = [
    {},
    {"FORCE_COLOR": "1"},
    {"FORCE_COLOR": ""},
    {"NO_COLOR": "1"},
    {"FORCE_COLOR": "1", "NO_COLOR": "1"},
    {"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"},
    {"TTY_COMPATIBLE": "1"},
    {"TERM": "dumb"},
    {"TERM": "unknown", "COLUMNS": "120"},
    {"TERM": "dumb", "COLUMNS": "120", "LINES": "30"},
    {"COLUMNS": "33"},
    {"COLUMNS": "0", "LINES": "10"},
    {"COLUMNS": "wide"},
    {"TERM": "xterm-256color", "COLORTERM": "truecolor"},
]


@pytest.mark.parametrize("environ", ENVIRONMENTS)
@pytest.mark.parametrize("tty", [True, False])
@pytest.mark.parametrize("size", [None, 0, 97])
def test_the_terminal_is_what_richs_console_finds(monkeypatch, environ, tty, size):
    """`terminal()` answers without importing Rich; it must answer as Rich's Console would."""
    import io
    import os
    import sys

    from reader.cli import output

    class Stdout(io.StringIO):
        def isatty(self) -> bool:
            return tty

    def terminal_size(descriptor: int = 1) -> os.terminal_size:
        if size is None:
            raise OSError("not a terminal")
        return os.terminal_size((size, 24))

    for name in (
        "FORCE_COLOR",
        "NO_COLOR",
        "TTY_COMPATIBLE",
        "TERM",
        "COLUMNS",
        "LINES",
        "COLORTERM",
        "TTY_INTERACTIVE",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "stdout", Stdout())
    monkeypatch.setattr(os, "get_terminal_size", terminal_size)
    console = output.console()
    assert output.terminal() == output.Terminal(
        console.is_terminal, console.width, console.color_system is not None, console.no_color
    )
