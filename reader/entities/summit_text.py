"""How news writes about summits, as text patterns the summit passes read: generic references
("the three-day summit", "next year's summit", "the alliance's 2008 summit"), the sentence and clause
around a reference, the article's lead and dateline, and the time words that say a reference is
another meeting than the one the article is about ("last year", "a year ago", "next year's").

Pure functions of the matchable text (`match_form`: apostrophes and dashes folded)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from reader.entities.lexicon import _TOKEN

_DETERMINER = (
    r"the|this|that|a|an|its|this year's|last year's|next year's|this week's|next month's"
    r"|the (?:alliance|bloc|group|organisation|organization|union|club|forum|grouping)'s"
)
# A modifier may be written in front of the head noun: "the three-day summit", "the 2008 summit";
# "event" is a summit's noun only so ("the three-day event").
_MODIFIER = (
    r"(?:(?:two|three|four|five|one|\d+)[- ]day[- ]|(?:two|three|four|five|six|seven|eight)-way[ \t]+"
    r"|(?:next|informal|rival|security|annual|anniversary"
    r"|emergency|extraordinary|19\d\d|20\d\d)[ \t]+)"
)
_CAPITALISED = "|".join(word[:1].upper() + word[1:] for word in _DETERMINER.split("|"))
GENERIC = re.compile(
    rf"\b(?P<det>{_DETERMINER}|{_CAPITALISED})[ \t]+(?P<span>{_MODIFIER}{{0,2}}(?P<head>summit|meeting|gathering|(?<=day[- ])event))\Z"
)
GENERIC_HEADS = re.compile(r"summit|meeting|gathering|event")
# "the Kazan summit", "the US-Nordic leaders' summit" after a name, "(SCO)" between.
SUMMIT_AFTER = re.compile(r"[ \t]*(?:\(([A-Z][A-Z0-9\-]{0,9})\)[ \t]*)?[ \t]+(?:[Ll]eaders'[ \t]+)?[Ss]ummit\b")
# "NATO's anniversary gathering", "the Communist Party's congress", "Organization's (NATO) summit".
POSSESSIVE_HEAD = re.compile(
    r"'s[ \t]+(?:\(([A-Z][A-Z0-9\-]{0,9})\)[ \t]+)?((?:[a-z][a-z\-]+[ \t]+){0,2}?(summit|gathering|congress))\b"
)
# "of the North Atlantic Treaty Organization", "of Vietnam's ruling Communist Party": what may come
# between "of" and the organisation.
OF_ORGANISER = re.compile(rf"[ \t]+of[ \t]+(?:the[ \t]+)?(?:{_TOKEN}'s[ \t]+)?(?:[a-z]+[ \t]+)?")
IN_PLACE = re.compile(rf"[ \t]+(?:in|at)[ \t]+({_TOKEN}(?:[ \t]+{_TOKEN})?)")
# "in the ancient Uzbek city of Samarkand", "to the Volga city of Kazan".
CITY_OF = re.compile(
    rf"[ \t]+(?:in|at|to)[ \t]+the[ \t]+(?:[a-z]+[ \t]+)?(?:{_TOKEN}[ \t]+)?(?:city|capital|town|resort|port)"
    rf"[ \t]+of[ \t]+({_TOKEN}(?:[ \t]+{_TOKEN})?)"
)
# "when Vilnius hosted the Eastern Partnership summit": the host city before the reference.
HOSTED_BEFORE = re.compile(
    rf"({_TOKEN}(?:[ \t]+{_TOKEN})?)[ \t]+(?:hosted|hosts|is hosting|was hosting|will host)[ \t]+"
    r"(?:the[ \t]+|a[ \t]+|an[ \t]+)?(?:first[ \t]+|\d+(?:st|nd|rd|th)[ \t]+)?$"
)
# "China, which will host the next summit", "the next summit will be hosted by Brazil": the host.
HOST_BEFORE = re.compile(
    rf"({_TOKEN}(?:[ \t]+{_TOKEN})?)(?:,[ \t]+which)?[ \t]+(?:will host|is to host|is due to host|is hosting)[ \t]+"
    r"(?:the[ \t]+)?$"
)
HOSTED_BY_AFTER = re.compile(
    rf"[ \t]+(?:will be|is to be|is due to be)[ \t]+hosted[ \t]+by[ \t]+({_TOKEN}(?:[ \t]+{_TOKEN})?)"
)
# "France's President Emmanuel Macron", "German counterpart Olaf Scholz": what lies between a
# country (or its demonym) and the name of the leader it says is its.
LEADER_ROLE = re.compile(
    r"(?:'s)?[ \t]+(?:[Pp]resident|[Pp]rime[ \t]+[Mm]inister|[Pp]remier|[Cc]hancellor|[Ll]eader|[Kk]ing|[Ee]mir"
    r"|[Cc]ounterpart)[ \t]+\Z"
)
# "his summit with …", "Xi's summit with …", "a summit between …": a summit of two leaders.
SUMMIT_WITH = re.compile(
    rf"\b(?P<owner>[Hh]is|[Hh]er|{_TOKEN}'s|[Tt]he|[Aa]n?)[ \t]+(?P<span>(?:(?:two|three|\d+)[- ]day[- ])?summit)"
    r"[ \t]+(?P<with>with|between)[ \t]+"
)
# "after a planned meeting in Sydney was called off": a meeting that did not take place.
CALLED_OFF = re.compile(
    r"\b(?:a|an|the|A|An|The)[ \t]+(?P<span>(?:planned|scheduled|proposed)[ \t]+(?P<head>summit|meeting))\b"
)
CANCELLED = re.compile(
    r"\b(?:was|were|had been|has been|is being)[ \t]+(?:called off|cancelled|canceled|postponed|scrapped|shelved)\b"
)
# "Putin was visiting Xi in Beijing as part of the three-day summit": a visit, in its clause.
VISITING = re.compile(r"\b(?:visiting|visited|visits|visit to)\b")
# "… in Beijing as part of the three-day summit": the city, then the summit it is part of.
CITY_THEN_SUMMIT = re.compile(
    rf"[ \t]+in[ \t]+{_TOKEN}(?:[ \t]+{_TOKEN})?[ \t]+(?:as part of|for|during)[ \t]+(?:a|an|the|their|his|her)[ \t]+\Z"
)
ORGANISATION_NOUN = re.compile(r"[ \t]+(?:group|bloc|alliance|grouping|organisation|organization)\b")
IN_YEAR = re.compile(r"[ \t]+(?:of|in)[ \t]+(19[5-9]\d|20\d\d)\b")
SAME_CITY = re.compile(r"[ \t]+in[ \t]+the[ \t]+same[ \t]+city\b")
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "on September 7", "September 7": a day of a month, with no year after it.
MONTH_DAY = re.compile(rf"\b(?:{_MONTHS})[ \t]+\d{{1,2}}\b(?!,?[ \t]+(?:19|20)\d\d)")
_FULL_DATE_END = re.compile(rf"\b(?:{_MONTHS})[ \t]+\d{{1,2}},[ \t]+(19[5-9]\d|20\d\d)\Z")
_MONTH_YEAR_END = re.compile(rf"\b(?:{_MONTHS})[ \t]+(?:\d{{1,2}},[ \t]+)?(19[5-9]\d|20\d\d)\Z")
# The time words of a clause, by what they do to the article's year.
_YEAR_BEFORE = re.compile(r"\b(?:last year|a year ago|the previous year|a year earlier)\b", re.IGNORECASE)
_YEAR_AFTER = re.compile(r"\b(?:next year)\b", re.IGNORECASE)
_EARLIER = re.compile(
    rf"\b(?:last (?:month|week)|earlier this (?:year|month)|a (?:month|fortnight|week) ago"
    rf"|(?:in|since) (?:{_MONTHS})(?! \d))\b"
)
# Words that put a meeting at the time of writing: "Wednesday", "which opens on Friday",
# "this week", "are expected to meet … at the summit".
PRESENT = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|tomorrow|tonight"
    r"|this week|later in the week|next week|is expected|are expected|will|starts|opens|kicks off|gets under way)\b"
)
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[-–—]\s")
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’')\]]*[ \t]+(?=[\"“‘'(\[]?[A-Z0-9])|\n")
# A meeting of two leaders, which a summit's generic noun must not be taken for.
BILATERAL = re.compile(r"\b(?:talks|met|bilateral|one-on-one|face-to-face|tete-a-tete)\b")
SIDELINES_AFTER = re.compile(r"[ \t]+(?:on|at)[ \t]+the[ \t]+(?:sidelines|margins)\b")
WITH_AFTER = re.compile(r"[ \t]+(?:with|between)\b")
OF_AFTER = re.compile(r"[ \t]+of\b")
# "… at the next summit. His office did not say which one he meant": the text says it is not said.
NOT_SAID = re.compile(
    r"\b(?:did not|didn't|would not|wouldn't|will not|could not|declined to|refused to)[ \t]+"
    r"(?:say|specify|name|clarify|tell|confirm)[ \t]+(?:which|whether|what)\b"
)
# Words that put a meeting after the time of writing. Before it: "ahead of a January congress",
# "in the run-up to the summit", "the upcoming summit", "next month's summit"; after it (or after
# its place): "… next month", "… in Rio de Janeiro later this year".
UPCOMING_BEFORE = re.compile(
    r"(?:\b(?:[Aa]head[ \t]+of|[Ii]n[ \t]+the[ \t]+(?:run|lead)-up[ \t]+to)[ \t]+(?:the|an?|this)"
    r"|\b(?:[Tt]he|[Aa]n?|[Tt]his)[ \t]+(?:upcoming|coming|forthcoming)"
    r"|\b[Nn]ext[ \t]+(?P<unit>week|month|year)'s)[ \t]+\Z"
)
UPCOMING_AFTER = re.compile(r"[ \t]+(?:next|later[ \t]+this)[ \t]+(?P<unit>week|month|year)\b")
# "China will host the SCO summit", "the party is to hold its congress": a meeting still to come.
WILL_HOLD_BEFORE = re.compile(
    r"\b(?:will|is[ \t]+to|are[ \t]+to|is[ \t]+due[ \t]+to|are[ \t]+due[ \t]+to)[ \t]+(?:hold|host)[ \t]+"
    r"(?:(?:the|an?|its|their)[ \t]+)?\Z"
)
# "the pivotal high-level meeting next month": a generic meeting whose words say how much it
# matters or that it is still to come, never whose it is; a reference only with upcoming words.
_UPCOMING_WORDS = (
    r"upcoming|coming|forthcoming|crucial|key|important|major|big|pivotal|critical|decisive|political"
    r"|high-level|high-stakes|landmark|crunch|long-awaited|much-anticipated"
)
UPCOMING_GENERIC = re.compile(
    rf"\b(?:the|The)[ \t]+(?P<span>(?:(?:{_UPCOMING_WORDS})[ \t]+){{1,2}}(?P<head>summit|meeting|gathering))\Z"
)
UPCOMING_SPAN_WORDS = frozenset({"upcoming", "coming", "forthcoming"})
# Another meeting than the article's own, whatever its cues say.
OTHER_MEETING = frozenset({"rival", "another", "separate", "alternative"})
_DATELINE = re.compile(r"[ \t]*#*[ \t]*([A-Z][A-Z'.\-]+(?:[ \t]+[A-Z][A-Z'.\-]+){0,3})[ \t]*(?:,|\(|[-–—][ \t])")
COUNTRY_POSSESSIVE = re.compile(rf"({_TOKEN}(?:[ \t]+{_TOKEN})?)'s[ \t]+(?:[a-z]+[ \t]+)?$")
# "a January congress of …", "the party congress": a congress's generic noun.
CONGRESS = re.compile(
    rf"\b(?:the|a|an|this|its|The|A|An|This|Its)[ \t]+((?:(?:{_MONTHS})[ \t]+|[Pp]arty[ \t]+)?congress)\Z"
)
CONGRESS_HEAD = re.compile(r"congress")
# "the economic forum in Davos": a forum's generic noun, with the words before it.
FORUM = re.compile(r"\b(?:the|a|an|The|A|An)[ \t]+((?:[a-z]+[ \t]+){0,2}forum)\Z")
FORUM_HEAD = re.compile(r"forum")
FROM_BEFORE = re.compile(r"\b(?:from|fresh from|straight from)[ \t]+(?:the[ \t]+|a[ \t]+)?$")
DETERMINER_BEFORE = re.compile(r"\b(a|an|the|A|An|The)[ \t]+$")
ANY_SUCH = re.compile(r"\b(?:since|ever|every|any)\b")
NOT_PLACES = frozenset((_MONTHS + "|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday").split("|"))
_NOT_SINCE = re.compile(r"\b(?:since|after|in \w+ years)\b")


@dataclass(slots=True)
class Layout:
    """Where an article's lines (one paragraph each) and sentences start, and its title."""

    lines: list[int]  # starts of the non-blank lines
    sentences: list[int]
    length: int

    def line_of(self, at: int) -> int:
        return bisect_right(self.lines, at) - 1

    def sentence_of(self, at: int) -> tuple[int, int]:
        index = bisect_right(self.sentences, at) - 1
        start = self.sentences[index] if index >= 0 else 0
        end = self.sentences[index + 1] if index + 1 < len(self.sentences) else self.length
        return start, end

    def previous_sentence(self, at: int) -> tuple[int, int]:
        start, _ = self.sentence_of(at)
        return self.sentence_of(start - 1) if start > 0 else (0, 0)

    def line_span(self, index: int) -> tuple[int, int]:
        if index < 0 or index >= len(self.lines):
            return 0, 0
        end = self.lines[index + 1] if index + 1 < len(self.lines) else self.length
        return self.lines[index], end


def layout(form: str) -> Layout:
    """Lines that hold text (front matter is blanked to spaces, so blank means whitespace only)."""
    lines = []
    position = 0
    for line in form.split("\n"):
        if line.strip():
            lines.append(position)
        position += len(line) + 1
    sentences = [0] + [m.end() for m in _SENTENCE_BREAK.finditer(form)]
    return Layout(lines, sorted(set(sentences)), len(form))


def clause(form: str, shape: Layout, start: int, end: int) -> tuple[int, int]:
    """The clause of the sentence that holds [start, end): between the nearest commas, semicolons
    or dashes on either side (a time word there is about this reference)."""
    s_start, s_end = shape.sentence_of(start)
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(form, s_start, start)]
    c_start = breaks[-1] if breaks else s_start
    after = _CLAUSE_BREAK.search(form, end, s_end)
    return c_start, after.start() if after else s_end


def article_year(form: str, date: str) -> str:
    """The article's year: its date's, else the first full date in its text ("July 11, 2023")."""
    year = YEAR.search(date or "")
    if year:
        return year.group(1)
    written = next(_dates_ending(form, _FULL_DATE_END), None)
    return written or ""


def year_floor(form: str) -> str:
    """For an article with no date: the latest year it gives with a month ("in July 2023"), which
    it cannot have been written before."""
    return max(_dates_ending(form, _MONTH_YEAR_END), default="")


def _dates_ending(form: str, pattern: re.Pattern[str]):
    """The years of the dates `pattern` finds, looked for only where a year is (the month names'
    alternation is slow to try at every letter of an article)."""
    for year in YEAR.finditer(form):
        if pattern.search(form, max(0, year.start() - 16), year.end()):
            yield year.group(1)


def matches_ending(form: str, heads: re.Pattern[str], pattern: re.Pattern[str], reach: int = 80):
    """What `pattern` (anchored at its end) finds ending at each of the words `heads` finds, in
    text order: a long pattern is tried only near the words it can end with."""
    for head in heads.finditer(form):
        end = head.end()
        if end < len(form) and (form[end].isalnum() or form[end] == "-"):
            continue  # "summits", "summit-level"
        found = pattern.search(form, max(0, head.start() - reach), end)
        if found:
            yield found


def relative_year(text: str, year: str) -> tuple[str, bool]:
    """(the year a clause's time words point to, whether they put it before the article's own
    time): "last year" → the year before; "last month" → the same year, earlier."""
    if _YEAR_BEFORE.search(text):
        return (str(int(year) - 1) if year else ""), True
    if _YEAR_AFTER.search(text):
        return (str(int(year) + 1) if year else ""), True
    if _EARLIER.search(text):
        return year, True
    return "", False


def determiner_year(determiner: str, year: str) -> tuple[str, bool]:
    """ "last year's summit", "next year's summit": (its year, whether it is another meeting)."""
    lowered = determiner.lower()
    if lowered.startswith("last year"):
        return (str(int(year) - 1) if year else ""), True
    if lowered.startswith("next year"):
        return (str(int(year) + 1) if year else ""), True
    return "", False


def premodifier_year(form: str, start: int) -> str:
    """ "the 2010 Commonwealth Games": a year written right before a name."""
    before = form[max(0, start - 6) : start]
    found = re.fullmatch(r".*\b(19[5-9]\d|20\d\d)[ \t]+", before)
    return found.group(1) if found else ""


def first_of_series(form: str, start: int, clause_end: int) -> bool:
    """ "the first EU-Central Asia summit": the series' first meeting (not "the first … since")."""
    if not form[max(0, start - 10) : start].lower().endswith("the first "):
        return False
    return not _NOT_SINCE.search(form, start, clause_end)


def dateline(form: str, shape: Layout, lines: int = 4) -> str:
    """ "KAZAN, Russia, Oct 22 (Wire) -", "NEW DELHI, Saturday -": the place in capitals at the
    start of one of the first lines after the title, as written (capitals)."""
    for index in range(1, min(lines, len(shape.lines))):
        start, end = shape.line_span(index)
        found = _DATELINE.match(form, start, end)
        if found and len(found.group(1)) >= 3 and sum(ch.isalpha() for ch in found.group(1)) >= 3:
            return found.group(1)
    return ""


_PARTIES = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}


def parties(span: str) -> int:
    """ "a four-way summit": 4; 0 when the reference does not say."""
    found = re.search(r"\b(two|three|four|five|six|seven|eight)-way\b", span)
    return _PARTIES[found.group(1)] if found else 0


def opening_clause(form: str, sentence_start: int, before: int) -> tuple[int, int] | None:
    """ "Last year, …", "In 2019, …": a short opening phrase of the sentence, set off by a comma
    before `before`."""
    comma = form.find(",", sentence_start, min(before, sentence_start + 30))
    return (sentence_start, comma) if comma > sentence_start else None


def clause_has_year(form: str, start: int, end: int) -> str:
    """The one year written in [start, end), "" for none or several."""
    years = {m.group(1) for m in YEAR.finditer(form, start, end)}
    return years.pop() if len(years) == 1 else ""
