"""Debris rules: page furniture is found by general rules, section headers and prose are not,
and the ranges are always well-formed (in bounds, sorted, non-overlapping; text untouched)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.ingest.debris import INTERFACE_WORDS, find_debris, is_interface_line, visible_ranges

DEBRIS_LINES = [
    # interface lines
    "Accessibility links",
    "Back to top button",
    "Listen 5 min Comment on this story Comment Gift Article Share",
    "16x9 Image",
    "Skip to main content",
    "Advertisement",
    "Share this article",
    "Related Topics",
    "More on this story",
    "Getty Images",
    "Copy link",
    "Play video",
    "• Share on Facebook",
    "  Sign in to comment  ",
    # size pickers
    "XS SM MD LG",
    "A- A A+",
]
NOT_DEBRIS = [
    # short section headers and names that share a word with page chrome
    "Economic priorities",
    "War in Ukraine",
    "What happens next",
    "Background",
    "Europe",
    "Next steps",
    "Live from Kyiv",
    "Save the Children",
    "Home Secretary",
    "Open Society Foundations",
    "Search and Rescue",
    # sentences, even made of interface words
    "Share prices fell sharply on Monday.",
    "Follow the money.",
    "Read this first:",
    "Comment on this story?",
    # long lines
    "Share " * 30,
]


@pytest.mark.parametrize("line", DEBRIS_LINES)
def test_interface_lines_are_debris(line):
    assert is_interface_line(line)
    text = f"Headline\n\nA paragraph of prose, long enough.\n{line}\nMore prose follows here.\n"
    start = text.index(line)
    assert (start, start + len(line)) in find_debris(text)


@pytest.mark.parametrize("line", NOT_DEBRIS)
def test_section_headers_and_sentences_are_not_debris(line):
    assert not is_interface_line(line)
    text = f"Headline\n\n{line}\nThe paragraph under it.\n"
    assert find_debris(text) == []


def test_a_repeated_caption_is_debris_once_and_short_repeats_are_not():
    caption = "Protesters gather outside parliament in Kyiv"
    text = f"Title\n\n{caption}\n\n{caption}\nOK\nOK\nProse.\n"
    second = text.index(caption, text.index(caption) + 1)
    assert find_debris(text) == [(second, second + len(caption))]


def test_a_promo_inside_a_paragraph_is_cut_out_and_the_paragraph_stays():
    text = (
        "Troops moved north on Monday. We're tracking the war. Get the Morning Briefing newsletter for "
        "updates. ArrowRight Officials said more would follow.\n"
    )
    [(start, end)] = find_debris(text)
    assert text[start:end] == ("We're tracking the war. Get the Morning Briefing newsletter for updates. ArrowRight")
    assert text[:start].strip() == "Troops moved north on Monday."
    assert text[end:].strip() == "Officials said more would follow."


def test_start_skips_front_matter_and_offsets_are_absolute():
    text = "---\ntitle: Share\n---\nAdvertisement\nBody text.\n"
    start = text.index("Advertisement")
    assert find_debris(text, start) == [(start, start + len("Advertisement"))]


def test_visible_ranges_complement_debris():
    assert visible_ranges(10, [(2, 4), (6, 8)]) == [(0, 2), (4, 6), (8, 10)]
    assert visible_ranges(10, [(0, 10)]) == []
    assert visible_ranges(10, [(3, 6), (0, 4)]) == [(6, 10)]
    assert visible_ranges(0, []) == []


# ------------------------------------------------------------ properties

_PIECES = st.sampled_from(
    [
        *DEBRIS_LINES,
        *NOT_DEBRIS,
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "We're here. ",
        "Get the Daily newsletter now. ",
        "ArrowRight",
        "Protesters gather outside parliament",
        "\u2028",
        "\x1b[2J",
        "“",
        ".",
    ]
)
_WORDS = st.sampled_from(sorted(INTERFACE_WORDS))
_TEXT = st.lists(st.one_of(_PIECES, _WORDS.map(lambda w: w + " "), st.text(max_size=30)), max_size=40).map("".join)


@given(_TEXT, st.integers(min_value=0, max_value=50))
def test_debris_ranges_are_well_formed(text, start):
    start = min(start, len(text))
    before = str(text)
    ranges = find_debris(text, start)
    assert text == before
    previous_end = start
    for begin, end in ranges:
        assert start <= begin < end <= len(text)
        assert begin >= previous_end  # sorted and non-overlapping
        assert "\n" not in text[begin:end]
        previous_end = end
    visible = visible_ranges(len(text), ranges)
    covered = sorted([*ranges, *visible])
    position = 0
    for begin, end in covered:
        assert begin == position
        position = end
    assert position == len(text) or (not covered and not text)


@given(st.text(max_size=200))
def test_is_interface_line_never_fails(line):
    assert is_interface_line(line) in (True, False)
