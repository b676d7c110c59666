"""Text → mentions: gazetteer matches plus rules for names the gazetteer does not list.

The recogniser works on one article at a time, on the safe text (same offsets as the file
text). Its passes, each adding only spans that nothing earlier claimed:

1. gazetteer: every listed name, leftmost-longest, whole words only; a possessive ’s stays
   outside the span, "ex-"/"pro-" prefixes and "-led" suffixes too;
2. capitalised chunks, classified by their words and their context:
   organisation heads ("… Institute", "University of …"), event heads ("… Forum", "… Summit"),
   titles ("President X", "Foreign Minister X"), role words ("spokesperson X", "aide X"),
   attribution ("X said", "said X", "according to X"), apposition ("X, a senior fellow"),
   bylines ("Edited by: X") and place context ("X, Poland", "the city of X");
3. acronyms defined in the text ("Shanghai Cooperation Organisation (SCO)") and their later uses;
4. summits: "<organisation> summit" becomes the series ("SCO summit"), and in an article that
   names a summit, "the summit" / "the two-day meeting" become generic mentions of it;
5. surnames: a token of a person named in full earlier (or later) in the article, used alone.

Identity is not decided here: each mention carries a `key` (a gazetteer canonical name
prefixed with "=", or the name as written) that `link` turns into an entity.

The passes live in their own modules (`chunk_pass`, `name_cues`, `acronym_passes`,
`summit_passes`, `repeated_names`); `Recognizer` joins them and runs them in order.
"""

from __future__ import annotations

import re

from reader.entities.acronym_passes import _AcronymPasses
from reader.entities.chunk_pass import _ChunkPass
from reader.entities.gazetteer import Gazetteer
from reader.entities.lexicon import _NEEDS_THE, AGREEMENT_WORDS, FAMILY_AFTER, NAME_SUFFIX
from reader.entities.model import Mention
from reader.entities.normalize import identity_key, match_form
from reader.entities.places import places, word_list
from reader.entities.repeated_names import _consistent_types, _RepeatedNames
from reader.entities.spans import _START, _Candidate, _LowerCaseWords, _offset_after_paragraphs, _resolve, _word_bounded
from reader.entities.summit_passes import _SummitPasses
from reader.entities.summits import _is_summit_key, series_of_key, summit_instance


def _next_word(form: str, end: int) -> str:
    """The word right after `end` when one space separates them ("Paris Agreement" → "Agreement")."""
    if form[end : end + 1] != " ":
        return ""
    stop = end + 1
    while stop < len(form) and (form[stop].isalpha() or form[stop] in "é"):
        stop += 1
    return form[end + 1 : stop]


# A year that starts an event's name: "the (virtual) 2020 ...", not "in 2019 ...".
_YEAR_BEFORE = re.compile(
    r"(?<![Ii]n )(?<![Ss]ince )(?<![Bb]y )(?<![Uu]ntil )(?<![Ff]rom )(?<![Aa]fter )(?<![Bb]efore )"
    r"(?<![Dd]uring )(?<![Ff]or )(?<![Oo]f )(?<![\w,-])(?:19|20)\d\d $"
)


def _with_event_years(form: str, text: str, found: list[_Candidate]) -> list[_Candidate]:
    """ "the 2020 Libertarian National Convention", "the 2019 Pan American Games": a year right
    before a named event is part of its name."""
    for c in found:
        if c.rule == "event-head" and c.start >= 9 and _YEAR_BEFORE.search(form, c.start - 9, c.start):
            named = c.key == text[c.start : c.end]
            c.start -= 5
            if named:
                c.key = text[c.start : c.end]
    return found


def _with_name_suffixes(form: str, text: str, found: list[_Candidate]) -> list[_Candidate]:
    """People's names with the "Jr." or "Sr." after them, and no span left inside the suffix."""
    if form.find(" Jr") < 0 and form.find(" Sr") < 0:
        return found
    inside: set[int] = set()
    for c in found:
        if c.type == "PERSON":
            named = c.key == text[c.start : c.end]
            suffix = NAME_SUFFIX.match(form, c.end)
            if suffix is not None:
                c.end = suffix.end()
                inside.add(c.end)
            elif form[c.end : c.end + 1] == "." and form[c.end - 3 : c.end] in (" Jr", " Sr"):
                c.end += 1  # "Edward J. DeBartolo Jr." (the chunk had "Jr" already)
                inside.add(c.end)
            if named and c.end in inside:
                c.key = text[c.start : c.end]
    if not inside:
        return found
    # A span the longer name now covers ("Jr" found alone) goes.
    kept: list[_Candidate] = []
    for c in found:
        if kept and c.start < kept[-1].end:
            continue
        kept.append(c)
    return kept


_TIME_WORDS = frozenset({"Time", "Standard", "Summer", "Daylight"})
_TIME_STARTS = frozenset("TSD")
_MODEL_STARTS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_MODEL_NUMBER = re.compile(r" [A-Z]{0,2}\d{2,4}\b")


# Runs of capitalised words that no rule classified: kept as candidates (rule "candidate", no
# type) for linking, which makes them mentions where the corpus names them elsewhere.
CANDIDATE = "candidate"
_CURRENCY_OR_SPACE = frozenset(" $€£¥")
_AGREEMENT_INITIALS = frozenset("ACDFMPSTU")
_FAMILY_INITIALS = frozenset("fdche")


class Recognizer(_ChunkPass, _AcronymPasses, _SummitPasses, _RepeatedNames):
    """Finds mentions in one article's text. Stateless between articles, so it can run in a pool."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.places = places()
        self.given_names = word_list("given_names")
        # Countries (the gazetteer's places with a demonym): a law named after one keeps it
        # ("US Constitution"), one named after a city does not ("Paris Agreement").
        entries = gazetteer.entries
        self._countries = frozenset(
            entry.name
            for index, entry in enumerate(entries[:-1])
            if entry.type == "GPE" and entries[index + 1].type == "NORP"
        )

    def recognize(
        self, text: str, hidden: tuple[tuple[int, int], ...] = (), date: str = "", candidates: bool = True
    ) -> list[Mention]:
        """Mentions in `text` (sorted, non-overlapping). `hidden`: debris ranges, where only the
        gazetteer applies (captions repeat real names; share bars do not hold new ones).

        A named summit whose sentence says where it met gets `instance` set to that place (and
        year, from the sentence or `date`); linking prefixes the series name. With `candidates`,
        capitalised names that no rule classified come too, with rule "candidate" and no type:
        linking keeps those that the corpus names elsewhere and drops the rest."""
        form = match_form(text)
        self._text = text
        self._date = date
        self._summit_instances: dict[tuple[int, int], str] = {}
        self._place_spans: set[tuple[int, int]] = set()
        self._unclassified: list[tuple[int, int]] = []
        self._acronyms: list[tuple[int, int]] = []
        self._lower_case = _LowerCaseWords(form)
        # The first line is the title, capitalised by house style ("… storm Parliament").
        self._title_end = _offset_after_paragraphs(form, 1)
        gazetteer = self._gazetteer_pass(form)
        # Where a place name starts that is not possessive: "Koszalin, Poland" but not "Li, China's".
        country_starts: set[int] = set()
        person_spans: set[tuple[int, int]] = set()
        known_spans: dict[tuple[int, int], _Candidate] = {}
        org_ends: set[int] = set()  # where listed organisations of two words or more end
        self._country_starts, self._person_spans, self._known_spans = country_starts, person_spans, known_spans
        self._org_ends = org_ends
        for c in gazetteer:
            if c.type == "GPE":
                known_spans[c.start, c.end] = c
                if form[c.end : c.end + 1] != "'":
                    country_starts.add(c.start)
            elif c.type == "PERSON":
                person_spans.add((c.start, c.end))
            elif c.type == "ORG" and " " in form[c.start : c.end]:
                org_ends.add(c.end)
            elif c.type == "NORP":
                known_spans[c.start, c.end] = c
        chunks = self._chunk_pass(form, gazetteer, hidden)
        found = _with_name_suffixes(form, text, _resolve(gazetteer + chunks, len(form)))
        found = _with_event_years(form, text, found)
        found = self._acronym_pass(form, found)
        found = self._repeated_acronym_pass(form, found, hidden)
        found = self._summit_pass(form, found)
        found = self._repeat_pass(form, found)
        found = self._surname_pass(form, found)
        found = self._generic_pass(form, found)
        found = _consistent_types(form, found)
        if candidates and self._unclassified:
            found = self._with_candidates(form, found)
        suppress = self.gazetteer.corrections.suppress
        mentions = []
        cities: tuple[str, ...] | None = None
        for c in found:
            surface = text[c.start : c.end]
            if suppress and identity_key(surface) in suppress:
                continue
            # Positional (start, end, text, type, key, entity, instance, generic, rule): with
            # keywords the call took twice as long, for every mention.
            mention = Mention(c.start, c.end, surface, c.type, c.key, "", "", c.generic, c.rule)
            if c.type == "EVENT":
                known = self._summit_instances.get((c.start, c.end))
                if known is not None:
                    mention.instance = known
                elif not c.generic and _is_summit_key(c.key):
                    if cities is None:
                        cities = self._cities(form, found)
                    mention.instance = summit_instance(form, c.end, date, self.gazetteer, series_of_key(c.key), cities)
            mentions.append(mention)
        return mentions

    # -------------------------------------------------------------- 1. gazetteer

    def _gazetteer_pass(self, form: str) -> list[_Candidate]:
        raw = self.gazetteer.find(form)
        starts = {start for start, _, _ in raw}
        ends = {end for _, end, _ in raw}
        found = []
        for start, end, entry in raw:
            if not _word_bounded(form, start, end, starts, ends):
                continue
            surface = form[start:end]
            if surface in _NEEDS_THE and form[max(0, start - 4) : start].lower() != "the ":
                continue
            following = form[end : end + 2]
            if following[:1] in _CURRENCY_OR_SPACE:
                if following[:1] != " " and entry.type == "GPE":
                    continue  # "US$3.6 billion" names money, not a place
                if following[1:] in _AGREEMENT_INITIALS and entry.type == "GPE":
                    if entry.name not in self._countries and _next_word(form, end) in AGREEMENT_WORDS:
                        continue  # "Paris Agreement", "Minsk Protocol": the place is part of the name
                elif following[1:] in _FAMILY_INITIALS and entry.type == "PERSON" and FAMILY_AFTER.match(form, end):
                    continue  # "The Pence family": families are not named
            elif following[:1] == "'" and entry.type == "PERSON" and FAMILY_AFTER.match(form, end):
                continue
            if (
                following[:1] == " "
                and following[1:2] in _MODEL_STARTS
                and entry.type == "ORG"
                and _MODEL_NUMBER.match(form, end)
            ):
                continue  # "a Boeing 737", "an Airbus A320": a product, not the company
            if (
                following[1:2] in _TIME_STARTS
                and entry.type in ("NORP", "LOC")
                and _next_word(form, end) in _TIME_WORDS
            ):
                continue  # "Central European Time", "Pacific Standard Time": a time zone
            found.append(_Candidate(start, end, entry.type, "=" + entry.name, "gazetteer", 2))
        return found

    # -------------------------------------------------------------- 7. candidates for linking

    def _with_candidates(self, form: str, found: list[_Candidate]) -> list[_Candidate]:
        occupied = bytearray(len(form))
        for c in found:
            occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
        extra = []
        for a, b in sorted(set(self._unclassified)):
            if occupied.find(1, a, b) >= 0:
                continue
            occupied[a:b] = b"\x01" * (b - a)
            extra.append(_Candidate(a, b, "", self._text[a:b], CANDIDATE, 9))
        if not extra:
            return found
        return sorted(found + extra, key=_START)
