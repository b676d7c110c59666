"""Sentences of an article's text, as (start, end) spans, so that a mention can be quoted whole.

Rules, not a model: a sentence ends at . ! ? or … (with any closing quotes or brackets after
them) before a capital, a digit or an opening quote, unless the word before the full stop is an
abbreviation ("Mr.", "Gen.", "St.", "Jan. 5"), an initial ("J. R. Tolkien") or a dotted acronym
("U.S.", "a.m."); those end a sentence only before a word that usually starts one ("… in the
U.S. The talks …"). A blank line always ends a sentence, and so does a single line break unless
the next line plainly goes on with the same sentence (it starts in lower case, or the paragraph
is hard-wrapped prose): headlines, bullets, captions and datelines carry no final punctuation.

Spans never start or end with whitespace, never overlap, and cover every non-blank character.
`keep` spans (mentions) are never cut in two, and `cuts` (the edges of page debris) are never
crossed, so a sentence is either all hidden text or none of it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

Span = tuple[int, int]

_OPENERS = "\"'“‘«„([{"
_CLOSERS = "\"'”’»)]}"
# A run of final punctuation with what may close it, followed by whitespace (a full stop inside
# "U.S.-led" or "3.5" is no candidate).
_END = re.compile(r"[.!?…]+[\"'”’»)\]}]*(?=\s)")
_TOKEN_BEFORE = re.compile(r"\S*\Z")
_WORD = re.compile(r"[^\W\d_]+")
_ACRONYM = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")
_LIST_ITEM = re.compile(r"(?:[-*+–—>]|#{1,6}|\d{1,3}[.)])\s|[•·▪‣◦●○■□►▶]")
_FINAL = re.compile(r"[.!?…:][\"'”’»)\]}]*\Z")

# Before a name or a number, never at the end of a sentence.
_NEVER_FINAL = frozenset(
    "mr mrs ms mx dr prof gen lt col maj capt cmdr cpt sgt cpl adm brig gov sen rep rev fr hon pres "
    "messrs mme mlle mssrs supt insp det amb vs cf e.g i.e viz".split()
)
# Abbreviations that can also end a sentence: they do only before a usual first word.
_ABBREVIATIONS = frozenset(
    "st mt ft jr sr jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun "
    "inc corp ltd co plc llc bros no nos nr vol vols p pp fig figs ch art sec approx est dept univ assn ave blvd "
    "rd hwy etc al ca min max op ed eds govt intl natl".split()
)
# Words that usually begin a sentence: after an abbreviation, one of them means a new sentence.
_STARTERS = frozenset(
    "a an the he she it i we you they his her its our their my your this that these those there here "
    "but and or so yet if when while after before as at in on of for from to by with without since "
    "although though however meanwhile still also then now later earlier today yesterday tomorrow "
    "according some many most several few all both each every no not one two three such what who why how "
    "where which last next other another".split()
)
# A hard-wrapped paragraph: lines of about one length, no longer than a terminal or an e-mail.
_WRAP_MAX = 100
_WRAP_MIN = 40
_WRAP_RAGGED = 0.7


def split_sentences(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    cuts: Iterable[int] = (),
    keep: Sequence[Span] = (),
) -> list[Span]:
    """The sentences of text[start:end], sorted. No sentence crosses an offset of `cuts`, nor
    cuts a span of `keep` (sorted, not overlapping) in two."""
    end = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    keep_starts = [s for s, _ in keep]
    spans: list[Span] = []
    for lo, hi in _regions(start, end, cuts, keep, keep_starts):
        spans.extend(_keep_whole(_split_range(text, lo, hi), keep, keep_starts))
    return spans


def sentences_at(
    text: str,
    offsets: Iterable[int],
    *,
    cuts: Iterable[int] = (),
    keep: Sequence[Span] = (),
) -> list[Span]:
    """The sentences (as `split_sentences(text, cuts=cuts, keep=keep)` finds them) that hold
    these offsets, sorted, each once. Only the paragraphs around the offsets are split, so a few
    mentions in a long article cost a few paragraphs."""
    keep_starts = [s for s, _ in keep]
    regions = _regions(0, len(text), cuts, keep, keep_starts)
    region_starts = [lo for lo, _ in regions]
    found: dict[Span, list[Span]] = {}
    result: list[Span] = []
    for offset in sorted(set(offsets)):
        if not 0 <= offset < len(text) or (result and result[-1][0] <= offset < result[-1][1]):
            continue
        lo, hi = regions[bisect.bisect_right(region_starts, offset) - 1]
        solid = offset
        if text[offset].isspace() and _blank(text, _line_start(text, lo, offset), _line_end(text, offset, hi)):
            # Between paragraphs: in a sentence only if a kept span joins them, the one after it.
            solid = _solid_after(text, offset, hi)
            if solid >= hi:
                continue
        group = _group_at(text, lo, hi, solid, keep, keep_starts)
        spans = found.get(group)
        if spans is None:
            spans = found[group] = _keep_whole(_split_range(text, *group), keep, keep_starts)
        at = bisect.bisect_right(spans, (offset, len(text) + 1)) - 1
        if at >= 0 and spans[at][0] <= offset < spans[at][1]:
            result.append(spans[at])
    return sorted(set(result))


# ------------------------------------------------------------ regions and paragraphs


def _regions(start: int, end: int, cuts: Iterable[int], keep: Sequence[Span], keep_starts: list[int]) -> list[Span]:
    """[start, end) split at the cuts, except where a cut falls inside a kept span."""
    edges = [start]
    for cut in sorted(set(cuts)):
        if start < cut < end and not _crosses(keep, keep_starts, cut):
            edges.append(cut)
    edges.append(end)
    return list(zip(edges, edges[1:]))


def _crosses(keep: Sequence[Span], keep_starts: list[int], point: int) -> bool:
    """Whether a kept span starts before `point` and ends after it."""
    at = bisect.bisect_left(keep_starts, point) - 1
    return at >= 0 and keep[at][1] > point


def _line_start(text: str, lo: int, at: int) -> int:
    """Where the line holding `at` starts (not before lo)."""
    newline = text.rfind("\n", lo, at)
    return lo if newline < 0 else newline + 1


def _line_end(text: str, at: int, hi: int) -> int:
    """Where the line holding `at` ends, before its newline (not after hi)."""
    newline = text.find("\n", at, hi)
    return hi if newline < 0 else newline


def _blank(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is empty or only whitespace."""
    return start >= end or text[start:end].isspace()


def _paragraphs(text: str, lo: int, hi: int) -> Iterable[Span]:
    """Runs of non-blank lines of text[lo:hi], from the first line's start to the last one's end."""
    first = -1
    last = lo
    position = lo
    while True:
        line_end = _line_end(text, position, hi)
        if _blank(text, position, line_end):
            if first >= 0:
                yield first, last
                first = -1
        else:
            if first < 0:
                first = position
            last = line_end
        if line_end >= hi:
            break
        position = line_end + 1
    if first >= 0:
        yield first, last


def _split_range(text: str, lo: int, hi: int) -> list[Span]:
    """The sentences of text[lo:hi], paragraph by paragraph (kept spans not considered)."""
    spans: list[Span] = []
    for start, end in _paragraphs(text, lo, hi):
        spans.extend(_split_paragraph(text, start, end))
    return spans


def _paragraph_at(text: str, lo: int, hi: int, offset: int) -> Span:
    """The paragraph of text[lo:hi] (as `_paragraphs` finds them) around a non-blank offset."""
    start = _line_start(text, lo, offset)
    while start > lo:
        previous = _line_start(text, lo, start - 1)
        if _blank(text, previous, start - 1):
            break
        start = previous
    end = _line_end(text, offset, hi)
    while end < hi:
        following = _line_end(text, end + 1, hi)
        if _blank(text, end + 1, following):
            break
        end = following
    return start, end


def _group_at(text: str, lo: int, hi: int, offset: int, keep: Sequence[Span], keep_starts: list[int]) -> Span:
    """The paragraph around `offset`, with its neighbours while a kept span joins them (a span
    crossing the first non-blank character of a paragraph joins it to the one before)."""
    start, end = _paragraph_at(text, lo, hi, offset)
    while True:
        before = start - 1
        while before >= lo and text[before].isspace():
            before -= 1
        if before >= lo and _crosses(keep, keep_starts, _solid_after(text, start, hi)):
            start = _paragraph_at(text, lo, hi, before)[0]
            continue
        after = _solid_after(text, end, hi)
        if after < hi and _crosses(keep, keep_starts, after):
            end = _paragraph_at(text, lo, hi, after)[1]
            continue
        return start, end


def _solid_after(text: str, at: int, hi: int) -> int:
    """The first non-blank offset from `at` (hi when there is none)."""
    while at < hi and text[at].isspace():
        at += 1
    return at


# ------------------------------------------------------------ within a paragraph


def _split_paragraph(text: str, start: int, end: int) -> list[Span]:
    """The sentences of one paragraph, block by block."""
    spans: list[Span] = []
    for block_start, block_end in _blocks(text, start, end):
        spans.extend(_split_block(text, block_start, block_end))
    return spans


def _blocks(text: str, start: int, end: int) -> list[Span]:
    """The paragraph cut at every line break that ends a sentence by itself."""
    lines: list[Span] = []
    position = start
    while True:
        line_end = _line_end(text, position, end)
        lines.append((position, line_end))
        if line_end >= end:
            break
        position = line_end + 1
    if len(lines) == 1:
        return lines
    stripped = [text[a:b].strip() for a, b in lines]
    wrapped = _hard_wrapped(stripped)
    blocks: list[Span] = []
    block_start = lines[0][0]
    for number in range(len(lines) - 1):
        if not (wrapped or _goes_on(stripped[number], stripped[number + 1])):
            blocks.append((block_start, lines[number][1]))
            block_start = lines[number + 1][0]
    blocks.append((block_start, lines[-1][1]))
    return blocks


def _hard_wrapped(lines: list[str]) -> bool:
    """Prose wrapped at a fixed width: every line but the last about as long as the longest."""
    if any(_LIST_ITEM.match(line) for line in lines):
        return False
    lengths = [len(line) for line in lines[:-1]]
    longest = max(lengths)
    return (
        _WRAP_MIN <= longest <= _WRAP_MAX and min(lengths) >= _WRAP_RAGGED * longest and len(lines[-1]) <= longest + 2
    )


def _goes_on(line: str, following: str) -> bool:
    """Whether the next line continues this line's sentence."""
    if not following or _LIST_ITEM.match(following) or _FINAL.search(line):
        return False
    return following[0].islower() or line[-1] in ",;(-–—/&"


def _split_block(text: str, start: int, end: int) -> list[Span]:
    """The sentences of text between two line breaks that end sentences, trimmed."""
    spans: list[Span] = []
    sentence = start
    for match in _END.finditer(text, start, end):
        stop = following = match.end()
        while True:
            while following < end and text[following].isspace():
                following += 1
            # A closing quote set apart by a (thin) space still closes this sentence: 'it.' "
            if following < end and text[following] in _CLOSERS and _closes(text, following + 1, end):
                stop = following = following + 1
                continue
            break
        if following >= end:
            break
        if _ends_here(text, start, match, following, end):
            spans.append((sentence, stop))
            sentence = following
    spans.append((sentence, end))
    return [trimmed for trimmed in (_trim(text, a, b) for a, b in spans) if trimmed is not None]


def _closes(text: str, at: int, end: int) -> bool:
    """Whether what comes at `at` lets the quote before it be a closing one."""
    return at >= end or text[at].isspace() or text[at] in _CLOSERS


def _ends_here(text: str, block_start: int, match: re.Match[str], following: int, end: int) -> bool:
    """Whether the punctuation `match` ends a sentence, the next one starting at `following`."""
    first = text[following]
    if first.islower() or first in ",;:":
        return False
    if text[match.start()] != "." or text[match.start() + 1 : match.end()].startswith("."):
        return True  # ! ? … and "...": only the case of what follows decides
    token_match = _TOKEN_BEFORE.search(text, max(block_start, match.start() - 40), match.start())
    token = token_match.group() if token_match else ""
    bare = token.lstrip(_OPENERS).rstrip(_CLOSERS)
    word = bare.lower()
    if word in _NEVER_FINAL:
        return False
    if bare.isdigit() and token_match is not None and not text[block_start : token_match.start()].strip():
        return False  # "1. The first point": a numbered list
    if word in _ABBREVIATIONS or (len(bare) == 1 and bare.isalpha()) or _ACRONYM.fullmatch(bare):
        if first in _OPENERS:
            return True
        next_word = _WORD.match(text, following, end)
        if next_word is None or (len(next_word.group()) == 1 and text.startswith(".", next_word.end())):
            return False  # "J. R. R. Tolkien", "Wayne A. I. Frederick": another initial
        return next_word.group().lower() in _STARTERS
    return True


def _trim(text: str, start: int, end: int) -> Span | None:
    """The span without the whitespace at its ends, or None when nothing else is in it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _keep_whole(spans: list[Span], keep: Sequence[Span], keep_starts: list[int]) -> list[Span]:
    """Join neighbouring sentences wherever a kept span would be cut between them."""
    if not keep or len(spans) < 2:
        return spans
    result = [spans[0]]
    for span in spans[1:]:
        if _crosses(keep, keep_starts, span[0]):
            result[-1] = (result[-1][0], span[1])
        else:
            result.append(span)
    return result
