"""Recognition takes time linear in the length of one article: the work is counted, not timed.

A long article names more people and organisations as it goes, so a search of the whole text per
name is quadratic. The article here is news paragraphs repeated with new names in each copy; the
work counted is what the recogniser's own code runs (lines, through a trace function) and how
much of the text `str` methods read (through a `str` subclass handed to the passes). Both grow
in step with the text. The helpers that replaced the per-name searches are checked against what
those searches answered.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import reader.entities.recognize as recognize_module
from reader.entities import spans
from reader.entities.recognize import Recognizer
from support.work import invented_word, lines_run

_ENGINE = str(Path(spans.__file__).parent)
_ENDINGS = ("ov", "ian", "er", "ek", "is", "um")

# Invented news paragraphs: every {field} is a new name in each copy.
_PARAGRAPHS = (
    "{given} {surname}, a senior fellow at the {org} Research Institute, said on Monday that the talks in "
    "Vienna had stalled over the terms of a ceasefire.",
    "{surname} said the {org} Research Institute would publish its findings next week. Officials in Vienna "
    "declined to comment, and the foreign ministry said only that contacts continued.",
    "The {place} Farmers Alliance ({acronym}) met on Tuesday. The {acronym} said its members would return to "
    "the capital if the government did not answer their letter.",
    "Notes from {place} ({short}) reported the vote. {short} editors said turnout was low in {region}; "
    "retailer {company} said sales had fallen since the spring.",
    "{company} shares rose two percent. {other} told reporters the mood was calm, and {other} added that the "
    "{org} Research Institute had not been consulted.",
)


def _word(number: int, kind: int) -> str:
    """A capitalised word of its own for each (number < 240, kind): letters only, no real name."""
    return invented_word(number, _ENDINGS[kind])


def _acronym(number: int) -> str:
    return "QA" + string.ascii_uppercase[number // 26 % 26] + string.ascii_uppercase[number % 26]


def long_article(copies: int) -> str:
    """A title and `copies` copies of the paragraphs, each copy with new names."""
    paragraphs = ["Talks stall as farmers return"]
    for copy in range(copies):
        fields = {
            "given": "Anna",
            "surname": _word(copy, 0),
            "org": _word(copy, 1),
            "place": _word(copy, 2),
            "region": _word(copy, 3),
            "company": _word(copy, 4),
            "other": _word(copy, 5),
            "acronym": _acronym(copy),
        }
        fields["short"] = "NF" + fields["place"][0]  # its words' initials: "Notes from Poland (NFP)"
        paragraphs.extend(paragraph.format(**fields) for paragraph in _PARAGRAPHS)
    return "\n\n".join(paragraphs) + "\n"


class _CountedText(str):
    """The article's match form, counting the characters that searches in it read."""

    read = 0

    def find(self, sub, start=None, end=None):
        begin, stop = _bounds(self, start, end)
        at = str.find(self, sub, begin, stop)
        _CountedText.read += (at + len(sub) if at >= 0 else stop) - begin
        return at

    def rfind(self, sub, start=None, end=None):
        begin, stop = _bounds(self, start, end)
        at = str.rfind(self, sub, begin, stop)
        _CountedText.read += stop - (at if at >= 0 else begin)
        return at

    def count(self, sub, start=None, end=None):
        begin, stop = _bounds(self, start, end)
        _CountedText.read += stop - begin
        return str.count(self, sub, begin, stop)

    def __contains__(self, sub):
        return self.find(sub) >= 0


def _bounds(text: str, start: int | None, end: int | None) -> tuple[int, int]:
    return slice(start, end).indices(len(text))[:2]


def _work(recognizer: Recognizer, text: str, monkeypatch) -> tuple[int, int, int]:
    """(lines of the engine run, characters its searches read, mentions) for one article."""
    real = recognize_module.match_form
    monkeypatch.setattr(recognize_module, "match_form", lambda text: _CountedText(real(text)))
    _CountedText.read = 0
    try:
        lines, mentions = lines_run(
            lambda file: file.startswith(_ENGINE), lambda: recognizer.recognize(text, (), "2024-05-01")
        )
    finally:
        monkeypatch.setattr(recognize_module, "match_form", real)
    return lines, _CountedText.read, len(mentions)


def test_the_work_of_one_article_grows_with_its_length(gazetteer, monkeypatch):
    # Up to 16 strings, a pass looks for each with str.find (16 reads of the text at most); past
    # them one automaton reads it once, which is the way a long article goes, counted here.
    monkeypatch.setattr(spans, "_FIND_STRINGS_AT_MOST", 0)
    recognizer = Recognizer(gazetteer)
    sizes = (1, 5, 25)
    texts = [long_article(copies) for copies in sizes]
    work = [_work(recognizer, text, monkeypatch) for text in texts]
    (lines_1, read_1, found_1), (lines_5, read_5, found_5), (lines_25, read_25, found_25) = work
    # The article is recognised, names and all, at every size.
    assert found_1 >= 10 and found_5 >= 5 * found_1 * 0.9 and found_25 >= 5 * found_5 * 0.9
    # Five times the text, at most six times the lines run (a fixed part makes the first step less).
    assert lines_5 <= 6 * lines_1 and lines_25 <= 6 * lines_5, work
    # Searches read the text a bounded number of times over, whatever its length: the scans for
    # lower-case words until their budget is spent, the last of them, and a fixed number of whole
    # reads by the passes (line ends, parentheses, summit words: about six). A search of the
    # whole text per name read the 25-copy article 265 times over.
    bound = spans._SCANS_BEFORE_INDEX + 12
    for text, (_, read, _) in zip(texts, work):
        assert read <= bound * len(text), (len(text), read)


@pytest.mark.parametrize("setting", ["_SCANS_BEFORE_INDEX", "_FIND_STRINGS_AT_MOST"])
def test_the_long_article_ways_find_the_mentions_the_short_ones_find(gazetteer, monkeypatch, setting):
    """Words answered from the index, and strings found by the automaton, from the start: the
    mentions that the scans and the str.find loops give."""
    text = long_article(6)
    scanned = Recognizer(gazetteer).recognize(text, (), "2024-05-01")
    monkeypatch.setattr(spans, setting, 0)
    indexed = Recognizer(gazetteer).recognize(text, (), "2024-05-01")
    assert [(m.start, m.end, m.type, m.key, m.rule) for m in indexed] == [
        (m.start, m.end, m.type, m.key, m.rule) for m in scanned
    ]


def _scanned_answer(form: str, word: str) -> bool:
    """What `looks_like_surname` answered by scanning the whole text for each word."""
    if word in spans.STOP_WORDS:
        return False
    lower = word.lower()
    at = form.find(lower)
    while at >= 0:
        before = form[at - 1] if at else " "
        after = form[at + len(lower)] if at + len(lower) < len(form) else " "
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return False
        at = form.find(lower, at + 1)
    return True


_PIECES = st.sampled_from(["al", "Al", "-", "'", "o", "O'", "brien", "Brien", " ", "_", ".", "é", "x", "İ", "Li", "\n"])
_TEXTS = st.lists(_PIECES, max_size=30).map("".join)
_WORDS = st.lists(_PIECES, min_size=1, max_size=5).map("".join)
_TEXTS_WITH_NAMES = st.lists(
    st.sampled_from(["Li", "Hui", " ", "ASEAN", "'s", "-", "s", "x", "(", "\t", "Zhou", "é"]), max_size=30
).map("".join)


@pytest.mark.parametrize("budget", [0, 8])
@given(form=_TEXTS, words=st.lists(_WORDS, min_size=1, max_size=6))
def test_lower_case_words_answer_what_a_scan_answers(budget, form, words):
    saved = spans._SCANS_BEFORE_INDEX
    spans._SCANS_BEFORE_INDEX = budget
    try:
        lower_case = spans._LowerCaseWords(form)
        assert [lower_case.looks_like_surname(w) for w in words] == [_scanned_answer(form, w) for w in words]
    finally:
        spans._SCANS_BEFORE_INDEX = saved


@given(_TEXTS, st.lists(st.sampled_from(["al", "ala", "lal", "AA", "A", "o'", "Li", "é"]), min_size=1, unique=True))
def test_counts_are_what_str_count_says(form, literals):
    counts = spans._counts(form, tuple(literals))
    assert counts == {literal: form.count(literal) for literal in literals}


@given(_TEXTS_WITH_NAMES, st.lists(st.sampled_from(["Li", "Li Hui", "Hui", "ASEAN", "AS", "s", "i H"]), min_size=1))
def test_the_automaton_finds_what_the_find_loops_find(form, parts):
    from reader.entities.lexicon import _NAME_FOLLOWS, _SURNAME_GLUED, _WORD_OR_APOSTROPHE

    ordered = tuple(sorted(set(parts), key=len, reverse=True))
    fits = lambda end: not _SURNAME_GLUED.match(form, end) and not _NAME_FOLLOWS.match(form, end)  # noqa: E731
    by_find = list(spans._literal_matches(form, ordered, _WORD_OR_APOSTROPHE, fits))
    saved = spans._FIND_STRINGS_AT_MOST
    spans._FIND_STRINGS_AT_MOST = 0
    try:
        assert list(spans._literal_matches(form, ordered, _WORD_OR_APOSTROPHE, fits)) == by_find
    finally:
        spans._FIND_STRINGS_AT_MOST = saved
