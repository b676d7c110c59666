"""The sentence splitter: abbreviations, quotes and headlines, and the properties every split keeps
(in bounds, sorted, apart, trimmed, covering the text, never cutting a mention)."""

from __future__ import annotations

import bisect

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.corpus.corpus import Corpus
from reader.corpus.sentences import sentences_at, split_sentences
from support.paths import CORPUS, SEEDS


def sentences(text: str, **kwargs) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text, **kwargs)]


# ------------------------------------------------------------ the rules


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith met Dr. Jones.",
        "Gen. Milley and Lt. Col. Vindman testified.",
        "The talks in the U.S. capital ended at 10 a.m. on Monday.",
        "He flew to St. Petersburg on Jan. 5 with J. R. R. Tolkien's heirs.",
        "Wayne A. I. Frederick, president of Howard University, spoke.",
        "“I’m not sure this is greeted with enthusiasm,” tweeted Carl Bildt.",
        '"Why?" he asked.',
        "The U.S.-led coalition, e.g. Britain, met.",
        "Prices rose 3.5 per cent.",
    ],
)
def test_abbreviations_initials_and_quotes_inside_a_sentence_do_not_end_it(text):
    assert sentences(text) == [text]


def test_a_sentence_ends_at_its_final_punctuation_and_closing_quotes():
    text = "He left. “We will win.” Then he spoke! Did it work? Yes… Maybe."
    assert sentences(text) == ["He left.", "“We will win.”", "Then he spoke!", "Did it work?", "Yes…", "Maybe."]


def test_an_abbreviation_ends_a_sentence_before_a_word_that_starts_one():
    text = "The summit was held in the U.S. The talks ended at 10 p.m. He left."
    assert sentences(text) == ["The summit was held in the U.S.", "The talks ended at 10 p.m.", "He left."]


def test_a_closing_quote_set_apart_by_a_thin_space_closes_the_sentence():
    text = "Trump said, 'Let's talk about it tomorrow.'\u2009\"\n\nReportedly, they met."
    assert sentences(text) == ["Trump said, 'Let's talk about it tomorrow.'\u2009\"", "Reportedly, they met."]


def test_headlines_bullets_and_captions_end_at_their_line_break():
    text = (
        "Xi Snubs Putin Amid Summit With Central Asia Power Play\n\n"
        "  • China’s President Xi Jinping has made a power move \n"
        "  • He set up a new meeting of Central Asian countries\n"
        "Photo: Reuters\n"
        "Friday, January 4, 2019\n\n"
        "The body starts here. It goes on."
    )
    assert sentences(text) == [
        "Xi Snubs Putin Amid Summit With Central Asia Power Play",
        "• China’s President Xi Jinping has made a power move",
        "• He set up a new meeting of Central Asian countries",
        "Photo: Reuters",
        "Friday, January 4, 2019",
        "The body starts here.",
        "It goes on.",
    ]


def test_hard_wrapped_prose_and_a_line_that_plainly_goes_on_are_one_sentence():
    wrapped = (
        "This is a paragraph of prose that goes on and on for a while and\n"
        "keeps going past the end of the line, because the writer wrapped\n"
        "it at seventy columns. It ends here."
    )
    assert sentences(wrapped) == [wrapped[: wrapped.index(" It ends")], "It ends here."]
    assert sentences("The leaders met\nin Astana on Wednesday.") == ["The leaders met\nin Astana on Wednesday."]


def test_no_sentence_crosses_a_cut_nor_cuts_a_kept_span():
    text = "Share this article Putin met Xi. They talked."
    cut = text.index("Putin")
    assert sentences(text, cuts=[cut]) == ["Share this article", "Putin met Xi.", "They talked."]
    # A kept span across the cut (a mention) keeps its sentence whole.
    assert sentences(text, cuts=[cut], keep=[(cut - 8, cut + 5)]) == [
        "Share this article Putin met Xi.",
        "They talked.",
    ]
    # ... and across a sentence end.
    text = "They met Xi. Jinping was there."
    assert sentences(text) == ["They met Xi.", "Jinping was there."]
    assert sentences(text, keep=[(text.index("Xi"), text.index(" was"))]) == [text]


# ------------------------------------------------------------ properties

_PIECES = st.sampled_from(
    [
        "Putin",
        "Xi",
        "met",
        "the",
        "U.S.",
        "Mr.",
        "Dr.",
        "St.",
        "Gen.",
        "Jan.",
        "a.m.",
        "J.",
        "R.",
        "e.g.",
        "etc.",
        "1.",
        "No.",
        ".",
        "...",
        "…",
        "!",
        "?",
        "?!",
        ",",
        "“",
        "”",
        '"',
        "'",
        "’",
        "(",
        ")",
        "[",
        "•",
        "-",
        "The",
        "He",
        "said.",
        "said,",
        "3.5",
        "U.S.-led",
    ]
)
_GAPS = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", " \n", "\n \n", "\t", "\u2009", "\xa0", ""])


@st.composite
def texts(draw) -> str:
    """Text made of news-like pieces (abbreviations, quotes, line breaks), or any text at all."""
    if draw(st.booleans()):
        return draw(st.text(max_size=200))
    pieces = draw(st.lists(st.tuples(_PIECES, _GAPS), max_size=60))
    return "".join(piece + gap for piece, gap in pieces)


@st.composite
def kept_spans(draw, text: str) -> list[tuple[int, int]]:
    """Non-overlapping spans that start and end on non-blank characters, as mentions do."""
    solid = [i for i, char in enumerate(text) if not char.isspace()]
    if not solid:
        return []
    edges = sorted(set(draw(st.lists(st.sampled_from(solid), max_size=12))))
    spans = []
    for start, last in zip(edges[::2], edges[1::2]):
        spans.append((start, last + 1))
    return spans


def assert_well_formed(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> None:
    end = len(text) if end is None else end
    previous_end = start
    for a, b in spans:
        assert start <= a < b <= end, "in bounds and not empty"
        assert a >= previous_end, "sorted and apart"
        assert not text[a].isspace() and not text[b - 1].isspace(), "trimmed"
        previous_end = b
    covered = bytearray(len(text))
    for a, b in spans:
        covered[a:b] = b"\1" * (b - a)
    assert all(covered[i] or text[i].isspace() for i in range(start, end)), "every non-blank character is covered"


@given(st.data())
def test_every_split_is_in_bounds_sorted_apart_trimmed_and_covers_the_text(data):
    text = data.draw(texts())
    assert_well_formed(text, split_sentences(text))
    # A part of the text is split on its own, inside its bounds.
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert_well_formed(text, split_sentences(text, start, end), start, end)


@given(st.data())
def test_kept_spans_sit_in_exactly_one_sentence_and_cuts_are_never_crossed(data):
    text = data.draw(texts())
    keep = data.draw(kept_spans(text))
    cuts = data.draw(st.lists(st.integers(0, len(text)), max_size=6))
    spans = split_sentences(text, cuts=cuts, keep=keep)
    assert_well_formed(text, spans)
    for a, b in keep:
        assert sum(1 for s, e in spans if s <= a and b <= e) == 1
    kept_cuts = [c for c in cuts if not any(a < c < b for a, b in keep)]
    for s, e in spans:
        assert not any(s < c < e for c in kept_cuts)


@given(st.data())
def test_the_sentences_at_offsets_are_those_of_the_whole_split(data):
    text = data.draw(texts())
    keep = data.draw(kept_spans(text))
    cuts = data.draw(st.lists(st.integers(0, len(text)), max_size=6))
    offsets = data.draw(st.lists(st.integers(0, max(0, len(text) - 1)), max_size=10)) if text else []
    whole = split_sentences(text, cuts=cuts, keep=keep)
    found = sentences_at(text, offsets, cuts=cuts, keep=keep)
    expected = {span for span in whole for offset in offsets if span[0] <= offset < span[1]}
    assert found == sorted(expected)


# ------------------------------------------------------------ real articles


@pytest.fixture(scope="module")
def real_corpus(gazetteer) -> Corpus:
    return Corpus.load([SEEDS, CORPUS / "wikinews"], gazetteer)


def test_every_mention_of_a_real_corpus_is_in_exactly_one_sentence(real_corpus):
    checked = 0
    for number, article in enumerate(real_corpus.articles):
        text = article.text
        mentions = real_corpus.mentions[number]
        cuts = [edge for span in article.debris for edge in span]
        # Without being told about them: the rules alone never cut a name in two...
        alone = split_sentences(text, cuts=cuts)
        starts = [start for start, _ in alone]
        for mention in mentions:
            at = bisect.bisect_right(starts, mention.start) - 1
            assert at >= 0 and alone[at][0] <= mention.start and mention.end <= alone[at][1], (
                article.path,
                mention,
            )
        # ... and told, every mention is in exactly one sentence, the same one `sentences_at` gives.
        keep = [(m.start, m.end) for m in mentions]
        spans = split_sentences(text, cuts=cuts, keep=keep)
        assert_well_formed(text, spans)
        at_mentions = sentences_at(text, [m.start for m in mentions], cuts=cuts, keep=keep)
        assert set(at_mentions) <= set(spans)
        for mention in mentions:
            assert sum(1 for s, e in spans if s <= mention.start and mention.end <= e) == 1
            assert sum(1 for s, e in at_mentions if s <= mention.start and mention.end <= e) == 1
            checked += 1
    assert checked > 1000
