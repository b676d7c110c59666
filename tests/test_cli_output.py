"""The CLI's own line renderer measures and cuts text as Rich does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len, set_cell_size

from reader.cli.output import NARROW, NARROW_RANGES, _cells, _fit

NARROW_CHARACTERS = [chr(c) for low, high in NARROW_RANGES for c in range(low, high + 1)]


def test_every_narrow_character_is_one_column_for_rich():
    assert len(NARROW_CHARACTERS) > 1000
    assert all(NARROW.fullmatch(c) for c in NARROW_CHARACTERS)
    assert [c for c in NARROW_CHARACTERS if cell_len(c) != 1] == []


@given(st.text(alphabet=st.sampled_from(NARROW_CHARACTERS), max_size=120), st.integers(0, 130))
def test_narrow_text_is_measured_and_cut_as_rich_does(text, columns):
    assert _cells(text) == cell_len(text)
    assert _fit(text, columns) == set_cell_size(text, columns)


@given(st.text(max_size=60), st.integers(0, 70))
def test_any_text_is_measured_and_cut_as_rich_does(text, columns):
    assert _cells(text) == cell_len(text)
    assert _fit(text, columns) == set_cell_size(text, columns)


def test_wide_and_combining_text_goes_to_rich():
    for text in ["中文", "e\u0301", "a\u200db", "🇫🇷"]:
        assert not NARROW.fullmatch(text)
        assert _cells(text) == cell_len(text)
