"""Span helpers for the recogniser: candidate spans and how conflicts between them resolve,
word boundaries, headlines, name tokens, surnames, acronyms and literal matches."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

import ahocorasick_rs

from reader.entities.lexicon import (
    _ACRONYM_IN_PARENS,
    _CONNECTORS,
    _HEADLINE_WORD,
    _HYPHEN_AFFIXES,
    _NAME_PARTICLES,
    _PREFIX_WORD,
    _ROMAN,
    _WINDOW_WORD,
    EVENT_HEADS,
    ORG_HEADS,
    PERSON_TITLES,
    PORTFOLIO_WORDS,
    STOP_WORDS,
)


@dataclass(slots=True)
class _Candidate:
    """A span a pass proposes. Built with positional arguments (rank last but `generic`): there are
    tens of thousands a round, and keywords made each construction half as slow again."""

    start: int
    end: int
    type: str
    key: str
    rule: str
    rank: int  # lower wins a conflict
    generic: bool = False


def _resolve(candidates: list[_Candidate], length: int) -> list[_Candidate]:
    """Non-overlapping candidates: a lower rank wins, then the longer span, then the earlier one.

    Here and in the passes, a span's mask is a bytearray of 0 and 1, searched with `find(1, …)`
    (a C loop) rather than `any()` over a copied slice."""
    # Most calls merge spans that do not overlap (a pass's new ones lie where nothing was): all
    # of them, by place, is then the answer, and a sort in C finds it.
    by_place = sorted(candidates, key=_START)
    reach = 0
    for c in by_place:
        if c.start < reach or c.end <= c.start:
            break
        reach = c.end
    else:
        return by_place
    occupied = bytearray(length)
    chosen = []
    # (rank, start - end, start) as one integer: the sort compares integers in C, not tuples. A
    # span that is empty or reversed gets a key out of its rank's range, and is skipped anyway.
    size = length + 1
    for c in sorted(candidates, key=lambda c: (c.rank * size + length + c.start - c.end) * size + c.start):
        if c.end <= c.start or occupied.find(1, c.start, c.end) >= 0:
            continue
        occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
        chosen.append(c)
    chosen.sort(key=_START)
    return chosen


_START = attrgetter("start")


def _word_bounded(form: str, start: int, end: int, starts: set[int], ends: set[int]) -> bool:
    """A gazetteer match must be a whole word: no letters glued on, possessive ’s allowed."""
    if start > 0:
        before = form[start - 1]
        if before.isalnum() or before == "_":
            return False
        if before == "-":
            word = _PREFIX_WORD.search(form[max(0, start - 20) : start])
            if word and not (
                word.group(1).lower() in _HYPHEN_AFFIXES or word.group(1).islower() or (start - 1) in ends
            ):
                return False
        if before == "'" and start > 1 and form[start - 2].isalnum():
            return False
    if end < len(form):
        after = form[end]
        if after.isalnum() or after == "_":
            return False
        if after == "'" and end + 1 < len(form) and form[end + 1].isalnum():
            return form[end + 1] == "s" and (end + 2 == len(form) or not form[end + 2].isalnum())
        if after == "-" and end + 1 < len(form) and form[end + 1].isalpha():
            return form[end + 1].islower() or (end + 1) in starts
    return True


_span = re.Match.span


def _is_headline(line: str) -> bool:
    """Headline case: most longer words capitalised, so capitals say nothing about names."""
    stripped = line.rstrip()
    if stripped.endswith((".", '"', "”", ":", ";")) or len(stripped) > 200:
        return False  # prose: a sentence full of names is not a headline
    words = _HEADLINE_WORD.findall(line)
    if len(words) < 3:
        return False
    capitalised = sum([w[0].isupper() for w in words])
    return capitalised / len(words) >= 0.7


def _is_abbreviation(word: str) -> bool:
    return (
        len(word) == 1
        or "." in word
        or word
        in {"St", "Mr", "Mrs", "Ms", "Dr", "Jr", "Sr", "Gen", "Sen", "Rep", "Prof", "Lt", "Col", "Capt", "Gov", "Rev"}
    )


# What a hyphen joins to a place before a name without making it part of the name.
_AFFIX_AFTER = frozenset("based born led backed owned run funded financed controlled dominated bound area".split())
# Sentence words that name a part of an organisation: "Second Circuit Court of Appeals".
_ORDINALS = frozenset("First Second Third".split())
# Sentence words that start place names: "… Authority of New York", "… of Great Britain".
_PLACE_STARTS = frozenset({"New", "Great"})


def _headed_span(
    words: list[str], heads: frozenset[str], joinable: Callable[[str], bool] | None = None
) -> tuple[int, int] | None:
    """The span of a headed name: capitalised words before the head, "of/for …" after it.
    `joinable`: which words "and" may join before the head ("National Oceanic and Atmospheric
    Administration"; not places: "Kazakhstan and Uzbekistan Institute")."""
    for index, word in enumerate(words):
        if word not in heads:
            continue
        while index + 1 < len(words) and words[index + 1] in heads:
            index += 1  # "Eurasian Research Institute": the last of adjacent heads
        first = index
        while first > 0:
            before = words[first - 1]
            if (
                before == "and"
                and joinable is not None
                and first >= 2
                and index - first < 3
                and words[first - 2][:1].isupper()
                and words[first - 2] not in STOP_WORDS
                and words[first - 2] not in heads  # "Senate and House of Representatives" is two
                and joinable(words[first - 2])
                and joinable(words[first])
            ):
                first -= 2
                continue
            if before in _CONNECTORS or (before in STOP_WORDS and before not in _ORDINALS):
                break
            if "-" in before and before.rsplit("-", 1)[-1] in _AFFIX_AFTER:
                break  # "Virginia-based Symplicity Corporation": the place is not in the name
            title = before.rstrip(".")
            if title in PERSON_TITLES and title not in heads and title not in PORTFOLIO_WORDS and title != "Crown":
                break  # a title that is no head ("President") is not part of the name ("Justice Department" is)
            first -= 1
        last = index
        probe = index + 1
        linked = False  # "and" joins words only inside an "of/for/on …" tail
        while probe < len(words):
            word_at = words[probe]
            if word_at in _CONNECTORS:
                if word_at == "and" and (
                    not linked or (probe + 1 < len(words) and (words[probe + 1] in heads or words[probe + 1] == "the"))
                ):
                    break  # "University of Washington and Center for …", "X and the Y Court" are two names
                linked = linked or word_at in ("of", "for", "on")
                probe += 1
                continue
            if not linked or (
                word_at in STOP_WORDS
                and word_at not in _ORDINALS  # "Court of Appeals for the Third Circuit"
                and not (
                    word_at in _PLACE_STARTS
                    and probe + 1 < len(words)
                    and words[probe + 1] not in STOP_WORDS
                    and words[probe + 1] not in _CONNECTORS
                )
            ):
                break  # "… Committee of Indonesia on Monday": dates are not part of names
            if (
                word_at.rstrip(".") in PERSON_TITLES
                and word_at not in heads
                and probe + 1 < len(words)
                and words[probe + 1] not in _CONNECTORS
            ):
                break  # "… House of Representatives Speaker Nancy Pelosi": a title starts a person
            last = probe
            probe += 1
        if first == last:
            continue  # a head word alone ("Council") is not a name; a later head may make one
        return first, last
    return None


def _name_tokens(form: str, tokens: list[tuple[int, int]], words: list[str]) -> list[tuple[int, int]]:
    """Person-name tokens after a title: up to four capitalised words, particles allowed."""
    name: list[tuple[int, int]] = []
    for token, word in zip(tokens, words):
        if (word in STOP_WORDS or word in _CONNECTORS) and not name:
            return []
        if name and _ROMAN.fullmatch(word):
            name.append(token)  # "Elizabeth II"
            break
        if (word.isupper() and len(word) > 1) or (word in _CONNECTORS and word not in _NAME_PARTICLES):
            break  # "Hassan Rouhani of Iran": the name ends before "of"
        name.append(token)
        if len(name) == 4:
            break
    while name and form[name[-1][0] : name[-1][1]] in _CONNECTORS:
        name.pop()
    return name


class _LowerCaseWords:
    """Which words an article writes in lower case as whole words, asked one word at a time.

    Each answer is looked up in the text with `str.find` until the scans have read the text a few
    times over (most articles never get there); then its words are indexed once, which costs as
    much as a few dozen scans: a long article asks about more names, and would otherwise be read
    once per name (quadratic)."""

    def __init__(self, form: str) -> None:
        self._form = form
        self._answers: dict[str, bool] = {}
        self._scan_budget = _SCANS_BEFORE_INDEX * len(form)
        self._runs: frozenset[str] | None = None
        self._run_starts: dict[str, list[int]] | None = None

    def looks_like_surname(self, word: str) -> bool:
        """A sentence-initial single word is a name only if the article never writes it in lower case."""
        if word in STOP_WORDS:
            return False
        lower = word.lower()
        written = self._answers.get(lower)
        if written is None:
            written = self._answers[lower] = self._written(lower)
        return not written

    def _written(self, lower: str) -> bool:
        form = self._form
        if self._scan_budget > 0:
            at = _whole_word_at(form, lower, 0, len(form))
            self._scan_budget -= at + len(lower) if at >= 0 else len(form)
            return at >= 0
        if self._runs is None:
            self._runs = frozenset(_WORD_RUN.findall(form))
        runs = [(match.group(), match.start()) for match in _WORD_RUN.finditer(lower)]
        if not runs:  # no word character in it: no capitalised word lowers to that
            return _whole_word_at(form, lower, 0, len(form)) >= 0
        # Written as a whole word, each of its runs of word characters is a whole run of the text.
        if any(run not in self._runs for run, _ in runs):
            return False
        if len(runs) == 1 and len(runs[0][0]) == len(lower):
            return True
        # "al-shabaab", "o'brien": looked for only where its rarest run starts in the text.
        if self._run_starts is None:
            self._run_starts = {}
            for match in _WORD_RUN.finditer(form):
                self._run_starts.setdefault(match.group(), []).append(match.start())
        starts = self._run_starts
        rarest, offset = min(runs, key=lambda run: len(starts[run[0]]))
        size = len(lower)
        return any(
            _whole_word_at(form, lower, at, at + size) >= 0
            for at in (start - offset for start in starts[rarest])
            if at >= 0
        )


# How many times over the scans may read the text before its words are indexed: indexing costs
# about as much as eighty scans that find nothing.
_SCANS_BEFORE_INDEX = 8
_WORD_RUN = re.compile(r"\w+")


def _whole_word_at(form: str, lower: str, begin: int, stop: int) -> int:
    """Where `lower` first stands in `form[begin:stop]` as a whole word (no word character glued
    on either side), or -1. str.find and a look at the characters around each hit: a regex per
    word costs more to compile than the search."""
    at = form.find(lower, begin, stop)
    size = len(lower)
    while at >= 0:
        before = form[at - 1] if at else " "
        after = form[at + size] if at + size < len(form) else " "
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return at
        at = form.find(lower, at + 1, stop)
    return -1


@lru_cache(maxsize=4096)
def _whole_word(word: str) -> re.Pattern:
    return re.compile(rf"\b{re.escape(word)}\b")


def _acronym_definitions(form: str) -> Iterator[tuple[int, str]]:
    """Each "(ACR)" that may define an acronym: where the phrase before it would end (before
    the spaces and any possessive 's in front of the parenthesis), and the acronym. Found from
    each "(" rather than by a regex search, which would try its optional start at every offset."""
    paren = form.find("(")
    while paren >= 0:
        body = _ACRONYM_IN_PARENS.match(form, paren)
        if body is None:
            paren = form.find("(", paren + 1)
            continue
        start = paren
        while start > 0 and form[start - 1] in " \t":
            start -= 1
        if start >= 2 and form.startswith("'s", start - 2):
            start -= 2
        yield start, body.group(1)
        paren = form.find("(", body.end())


def _literal_matches(
    form: str, ordered: tuple[str, ...], glued_before: re.Pattern, fits_end: Callable[[int], bool]
) -> Iterator[tuple[int, int]]:
    """Spans of the strings in `ordered` in `form`, as a regex `(?<!glued_before)(s1|s2|…)` with
    `fits_end` as lookahead would find them: left to right, not overlapping, and at each place
    the first string in order that fits. Compiling such a regex for every article costs more
    than the whole search, and a `str.find` loop per string reads the text once per string (a
    long article names more people: quadratic), so past a few strings one automaton finds every
    occurrence of each."""
    if len(ordered) <= _FIND_STRINGS_AT_MOST:
        found = []
        for index, literal in enumerate(ordered):
            start = form.find(literal)
            while start >= 0:
                found.append((start, index))
                start = form.find(literal, start + 1)
    else:
        matcher = ahocorasick_rs.AhoCorasick(ordered, matchkind=_EVERY_MATCH, implementation=_NFA, store_patterns=False)
        found = [(start, index) for index, start, _ in matcher.find_matches_as_indexes(form, overlapping=True)]
    # By place, then in the order of `ordered`: the alternation's preference at each place.
    found.sort()
    position = 0
    glued_at = -1
    for start, index in found:
        if start < position or start == glued_at:
            continue
        if start > 0 and glued_before.match(form, start - 1):
            glued_at = start
            continue
        end = start + len(ordered[index])
        if fits_end(end):
            position = end
            yield start, end


def _counts(form: str, literals: tuple[str, ...]) -> dict[str, int]:
    """`form.count(literal)` for each literal (occurrences that do not overlap, left to right),
    from one pass over the text rather than one per literal."""
    if not literals:
        return {}
    matcher = ahocorasick_rs.AhoCorasick(literals, matchkind=_EVERY_MATCH, implementation=_NFA, store_patterns=False)
    counts = dict.fromkeys(literals, 0)
    free_from = [0] * len(literals)
    for index, start, end in sorted(matcher.find_matches_as_indexes(form, overlapping=True), key=_by_start):
        if start >= free_from[index]:
            counts[literals[index]] += 1
            free_from[index] = end
    return counts


def _by_start(match: tuple[int, int, int]) -> int:
    return match[1]


# Up to this many strings, a str.find loop per string costs less than building and running the
# automaton (which reads each character more slowly, and is rebuilt per article and pass).
_FIND_STRINGS_AT_MOST = 16
# Every occurrence of every string, overlapping ones included (what a str.find loop per string
# finds); the contiguous NFA is the quickest to build for the few strings of one article.
_EVERY_MATCH = ahocorasick_rs.MatchKind.Standard
_NFA = ahocorasick_rs.Implementation.ContiguousNFA


def _expansion_chunk(form: str, paren: int, acronym: str) -> _Candidate | None:
    """The capitalised words before "(ACR)" whose initials spell the acronym; short lower-case
    words may sit between them, spelling a letter or not ("Notes from Poland (NFP)"). The type is
    the head's ("… Council" ORG, "… Summit" EVENT), or "" where no head says it (the caller
    decides: "Grand Master (GM)" defines an abbreviation, not an organisation)."""
    line_start = form.rfind("\n", 0, paren) + 1
    window = form[line_start:paren].rstrip()
    if window.endswith("'s"):
        window = window[:-2]
    words = list(_WINDOW_WORD.finditer(window))
    letters = [ch for ch in acronym if ch.isalpha()]
    picked: list[re.Match] = []
    for match in reversed(words):
        word = match.group()
        if word.lower() in _CONNECTORS or (word.islower() and len(word) <= 4 and word.isalpha()):
            if not picked:
                return None
            picked.insert(0, match)
            continue
        if not word[0].isupper():
            break
        picked.insert(0, match)
        capitals = [w.group()[0] for w in picked if w.group()[0].isupper()]
        every = [w.group()[0].upper() for w in picked]
        if capitals == letters or every == letters:
            a = line_start + picked[0].start()
            b = line_start + picked[-1].end()
            names = [w.group() for w in picked]
            if any(w in EVENT_HEADS for w in names):
                kind = "EVENT"
            elif any(w in ORG_HEADS for w in names):
                kind = "ORG"
            else:
                kind = ""
            return _Candidate(a, b, kind, form[a:b], "acronym-definition", 1)
        if len(capitals) > len(letters):
            break
    return None


def _offset_after_paragraphs(form: str, count: int) -> int:
    """Where the first `count` non-blank lines end. A line of whitespace only is blank: front
    matter is blanked to spaces (newlines kept), and its lines are not paragraphs."""
    position = 0
    for _ in range(count):
        while True:
            following = form.find("\n", position)
            if following < 0:
                return len(form)
            if form[position:following].strip():
                break
            position = following + 1
        position = following
    return position
