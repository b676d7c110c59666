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
"""

from __future__ import annotations

import re

from reader.entities.gazetteer import Gazetteer
from reader.entities.lexicon import (
    _ANOTHER_MEETING,
    _APPOSITION,
    _BYLINE,
    _CHUNK,
    _CONNECTORS,
    _GENERIC,
    _HEAD_KINDS,
    _HEADS,
    _HYPHENATED,
    _NAME_BEFORE,
    _NAME_FOLLOWS,
    _NAME_PARTICLES,
    _NEEDS_THE,
    _NOT_A_PERSON,
    _PIECE_RE,
    _PLACE_AFTER,
    _PLACE_NOUNS_OF,
    _PLACE_WORDS,
    _PRAISE,
    _SPEECH,
    _SPEECH_BEFORE,
    _SUMMIT_AFTER,
    _SURNAME_GLUED,
    _TOKEN_RE,
    _UPPER,
    _WORD_OR_APOSTROPHE,
    _YEAR,
    AGREEMENT_WORDS,
    COMPANY_AFTER,
    COMPANY_NOUNS,
    COMPASS_ADJECTIVES,
    CONTRACTION,
    CORPORATE_HEADS,
    CORPORATE_SUFFIX,
    DOMAIN,
    EVENT_HEADS,
    FAMILY_AFTER,
    FEATURE_HEADS,
    FEATURE_PREFIXES,
    FIELD_WORDS,
    IDEOLOGY_WORDS,
    INSTITUTION_WORDS,
    NAME_JOINERS,
    NOT_ENTITY_ACRONYMS,
    NOT_PERSON,
    ORG_APPOSITION,
    ORG_HEADS,
    ORG_OF_BEFORE,
    ORG_POSSESSIVE_AFTER,
    ORG_TITLE_AFTER,
    OUTLET_BEFORE,
    OUTLET_WORDS,
    PARTY_NOUNS,
    PERSON_TITLES,
    ROLE_WORDS,
    RULE_WEIGHTS,
    SENTENCE_ADVERBS,
    SPEECH_VERBS,
    STOP_WORDS,
    TITLES,
)
from reader.entities.model import Mention
from reader.entities.name_order import EAST_ASIAN_SURNAMES
from reader.entities.normalize import identity_key, match_form
from reader.entities.places import place_name, place_type, places, word_list
from reader.entities.spans import (
    _acronym_definitions,
    _Candidate,
    _expansion_chunk,
    _headed_span,
    _is_abbreviation,
    _is_headline,
    _literal_matches,
    _looks_like_surname,
    _name_tokens,
    _offset_after_paragraphs,
    _resolve,
    _span,
    _word_bounded,
)
from reader.entities.summits import (
    SUMMIT_REFERENCE,
    _is_summit_key,
    article_year,
    meeting_of,
    meetings_at,
    place_after,
    reference_hint,
    series_of_key,
    summit_instance,
)

_COMPANY_AFTER_RE = re.compile(r"[ \t]+(?:" + "|".join(sorted(COMPANY_AFTER)) + r")\b(?![ \t]+(?:of|for)\b)")


def _next_word(form: str, end: int) -> str:
    """The word right after `end` when one space separates them ("Paris Agreement" → "Agreement")."""
    if form[end : end + 1] != " ":
        return ""
    stop = end + 1
    while stop < len(form) and (form[stop].isalpha() or form[stop] in "é"):
        stop += 1
    return form[end + 1 : stop]


def _field_is_head(words: list[str]) -> bool:
    """ "Gas Field", "Oil Field": Field heads a place only after such a word ("Sally Field" is a person)."""
    return any(word == "Field" and index and words[index - 1] in FIELD_WORDS for index, word in enumerate(words))


# Runs of capitalised words that no rule classified: kept as candidates (rule "candidate", no
# type) for linking, which makes them mentions where the corpus names them elsewhere.
CANDIDATE = "candidate"
# Royal and religious titles that a building or an institution may be named with ("King Fahd
# Mosque", "Sultan X Grand Mosque", "General X Base").
_NAMING_TITLES = frozenset(
    "King Queen Sultan Prince Princess Emperor Empress Sheikh Emir Saint St Pope General Imam".split()
)
_PLACE_PREPOSITIONS = frozenset(
    "in at near from to into outside around across via of throughout towards toward".split()
)
_PLACE_NOUN_AFTER = re.compile(
    r"(?:-based\b|[ \t]+(?:province|state|city|county|region|district|municipality|prefecture|governorate|town|village)\b)"
)
_AFFILIATION = re.compile(
    rf"[ \t]+of[ \t]+(?:the[ \t]+)?(?:[{_UPPER}][\w'&.-]*[ \t]+(?:(?:of|for|and|on|the|in)[ \t]+)*){{0,6}}"
    rf"[{_UPPER}][\w'&.-]*,?[ \t]+(?:{SPEECH_VERBS})\b"
)
_ROLE_OF_PLACE = re.compile(
    rf"\b(?:{'|'.join(sorted(ROLE_WORDS))})[ \t]+of[ \t]+(?:the[ \t]+)?[{_UPPER}][\w'-]*(?:[ \t]+[{_UPPER}][\w'-]*)*,[ \t]*$"
)
_FAMILY_STARTS = frozenset(" '")
_CURRENCY_OR_SPACE = frozenset(" $€£¥")
_AGREEMENT_INITIALS = frozenset("ACDFMPSTU")
_FAMILY_INITIALS = frozenset("fdche")
# What may come right after a word for `_nothing_to_say` to answer: any other character (or word)
# might be a cue, and the word goes the long way through `_classify_name`.
_QUICK_NEXT_CHARS = frozenset(";)")
_QUICK_AFTER = (
    frozenset(word for phrase in _SPEECH for word in phrase.split()[:1])
    | COMPANY_AFTER
    | frozenset(
        """family families dynasty clan household estate province state city county region district
        municipality prefecture governorate town village CEO CFO COO chief chairman chairwoman spokesperson
        spokesman spokeswoman executive of""".split()
    )
)
_QUICK_BEFORE = (
    ROLE_WORDS
    | _SPEECH_BEFORE
    | _PRAISE
    | COMPANY_NOUNS
    | _PLACE_PREPOSITIONS
    | OUTLET_BEFORE
    | _PLACE_WORDS
    | frozenset("the The of by to a an".split())
)
_MEMBER_OF = re.compile(r"\b[Mm]embers?[ \t]+of[ \t]+(?:the[ \t]+)?$")
_SPEECH_AFTER_COMMA = re.compile(rf",[ \t]+(?:{SPEECH_VERBS})\b")


class Recognizer:
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
        # The first line is the title, capitalised by house style ("… storm Parliament").
        self._title_end = _offset_after_paragraphs(form, 1)
        gazetteer = self._gazetteer_pass(form)
        # Where a place name starts that is not possessive: "Koszalin, Poland" but not "Li, China's".
        country_starts: set[int] = set()
        person_spans: set[tuple[int, int]] = set()
        known_spans: dict[tuple[int, int], _Candidate] = {}
        self._country_starts, self._person_spans, self._known_spans = country_starts, person_spans, known_spans
        for c in gazetteer:
            if c.type == "GPE":
                known_spans[c.start, c.end] = c
                if form[c.end : c.end + 1] != "'":
                    country_starts.add(c.start)
            elif c.type == "PERSON":
                person_spans.add((c.start, c.end))
            elif c.type == "NORP":
                known_spans[c.start, c.end] = c
        chunks = self._chunk_pass(form, gazetteer, hidden)
        found = _resolve(gazetteer + chunks, len(form))
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
            mention = Mention(c.start, c.end, surface, c.type, key=c.key, rule=c.rule, generic=c.generic)
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
            found.append(_Candidate(start, end, entry.type, "=" + entry.name, "gazetteer", rank=2))
        return found

    # -------------------------------------------------------------- 2. chunks

    def _chunk_pass(self, form: str, known: list[_Candidate], hidden) -> list[_Candidate]:
        covered = bytearray(len(form))
        for c in known:
            covered[c.start : c.end] = b"\x01" * (c.end - c.start)
        hidden_mask = bytearray(len(form))
        for start, end in hidden:
            hidden_mask[start:end] = b"\x01" * (end - start)
        found: list[_Candidate] = []
        line_start = 0
        for line in form.split("\n"):
            headline = None
            for match in _CHUNK.finditer(line):
                word = match.group()
                if word in STOP_WORDS or word in SENTENCE_ADVERBS:
                    continue  # most chunks are one sentence-initial word: skip them cheaply
                start, end = match.span()
                start += line_start
                if hidden_mask[start]:
                    continue
                if headline is None:
                    headline = _is_headline(line)
                end += line_start
                if headline:
                    # Headline capitals say nothing, but "… Party", "… University" still name one.
                    if " " in word and not _HEADS.isdisjoint(word.split()):
                        found.extend(self._headline_chunk(form, start, end, covered))
                    continue
                if covered.find(0, start, end) < 0:
                    continue  # wholly known already ("China"): no rule adds a name inside it
                if " " not in word and "\t" not in word:
                    # One word, as most chunks are: what _classify_piece would do with it, without
                    # its machinery for several words. A title or connector alone names nobody.
                    lower = word.lower()
                    if not (word.rstrip(".") in PERSON_TITLES or lower in ROLE_WORDS or lower in _CONNECTORS):
                        if word.isalpha() and not word.isupper() and self._nothing_to_say(form, word, start, end):
                            continue
                        found.extend(self._classify_name(form, [(start, end)], covered))
                    continue
                found.extend(self._classify(form, start, end, covered))
            line_start += len(line) + 1
        return found

    def _nothing_to_say(self, form: str, word: str, start: int, end: int) -> bool:
        """A quick answer for one word in mid-sentence with no cue word on either side and no
        listed place or institution in it: no rule can name it, and it is recorded as a
        candidate for linking (`_classify_name` would look at every cue to say the same)."""
        if word in self.places or word in INSTITUTION_WORDS or word in OUTLET_WORDS or word[-1] == "s":
            return False
        next_char = form[end : end + 1]
        if next_char == " ":
            stop = form.find(" ", end + 1, end + 24)
            following = form[end + 1 : stop if stop > 0 else end + 24].rstrip(',.;:"”\n')
            if following in _QUICK_AFTER or not following or not following.isalpha():
                return False
        elif next_char not in _QUICK_NEXT_CHARS:
            return False
        if start == 0:
            return False
        before = form[start - 1]
        if before == " ":
            begin = form.rfind(" ", max(0, start - 30), start - 1) + 1
            if begin == 0 or "\n" in form[begin : start - 1]:
                return False
            previous = form[begin : start - 1].rstrip(",")
            if previous in _QUICK_BEFORE or not previous.isalpha():
                return False
        else:
            return False
        self._unclassified.append((start, end))
        return True

    def _headline_chunk(self, form: str, start: int, end: int, covered: bytearray) -> list[_Candidate]:
        tokens = [(start + a, start + b) for a, b in map(_span, _PIECE_RE.finditer(form[start:end]))]
        words = [form[a:b] for a, b in tokens]
        span = _headed_span(words, ORG_HEADS)
        if span is None:
            return []
        first, last = span
        while first < last and (words[first] in STOP_WORDS or words[first] in _CONNECTORS):
            first += 1
        a, b = tokens[first][0], tokens[last][1]
        if first == last or covered.find(0, a, b) < 0:
            return []
        return [_Candidate(a, b, "ORG", self._text[a:b], "org-head", rank=1)]

    def _classify(self, form: str, start: int, end: int, covered: bytearray) -> list[_Candidate]:
        if form.find(" ", start, end) < 0 and form.find("\t", start, end) < 0:
            return self._classify_piece(form, [(start, end)], covered)  # one word, as most chunks are
        tokens = [(start + a, start + b) for a, b in map(_span, _PIECE_RE.finditer(form[start:end]))]
        # A period between tokens that is not an initial or abbreviation ends a sentence.
        pieces: list[list[tuple[int, int]]] = [[]]
        previous = None
        for token in tokens:
            if (
                previous is not None
                and form[previous[1]] == "."
                and not _is_abbreviation(form[previous[0] : previous[1]])
            ):
                pieces.append([])
            pieces[-1].append(token)
            previous = token
        found: list[_Candidate] = []
        for piece in pieces:
            found.extend(self._classify_piece(form, piece, covered))
        return found

    def _classify_piece(self, form: str, tokens: list[tuple[int, int]], covered: bytearray) -> list[_Candidate]:
        words = [form[a:b] for a, b in tokens]
        # Leading sentence words ("The", "However", "Afterwards") are not part of names.
        while words and (
            words[0] in STOP_WORDS
            or words[0] in SENTENCE_ADVERBS
            or words[0].lower() in _CONNECTORS
            or ("'" in words[0] and CONTRACTION.search(words[0]))
        ):
            tokens, words = tokens[1:], words[1:]
        if not tokens:
            return []
        found: list[_Candidate] = []
        # A compass word before a country is a region ("Southern Poland"), before a demonym a
        # group ("Central European").
        for index in range(len(words) - 1) if not COMPASS_ADJECTIVES.isdisjoint(words) else ():
            if words[index] in COMPASS_ADJECTIVES:
                known = self._known_spans.get(tokens[index + 1])
                if known is not None and known.type in ("GPE", "NORP") and not covered[tokens[index][0]]:
                    a, b = tokens[index][0], tokens[index + 1][1]
                    kind = "LOC" if known.type == "GPE" else "NORP"
                    found.append(_Candidate(a, b, kind, self._text[a:b], "compass", rank=1))
                    for rest in (tokens[:index], tokens[index + 2 :]):
                        if rest:
                            found.extend(self._classify_piece(form, rest, covered))
                    return found
        # A bundled place name that is the whole piece ("Fort Worth", "Watford") before heads.
        if len(words) > 1 and covered.find(1, tokens[0][0], tokens[-1][1]) < 0:
            place = self.places.get(" ".join(words))
            if place is not None and not place[2]:
                a, b = tokens[0][0], tokens[-1][1]
                return [
                    _Candidate(a, b, place_type(place), "=" + place_name(" ".join(words), place), "place-data", rank=4)
                ]
        # Named features that start with their head: "Mount Bukak", "Lake Titicaca", "RAF X".
        if len(words) > 1 and words[0] in FEATURE_PREFIXES and words[1] not in _CONNECTORS:
            last = 1
            while last + 1 < len(words) and words[last + 1] not in _CONNECTORS and words[last + 1] not in STOP_WORDS:
                last += 1
            a, b = tokens[0][0], tokens[last][1]
            if covered.find(0, a, b) >= 0:
                found.append(_Candidate(a, b, "LOC", self._text[a:b], "feature-head", rank=1))
            if tokens[last + 1 :]:
                found.extend(self._classify_piece(form, tokens[last + 1 :], covered))
            return found
        # Organisations, events and named places: a head word anchors the span.
        for heads, kind, rule in () if _HEADS.isdisjoint(words) and "Field" not in words else _HEAD_KINDS:  # noqa: B020
            if kind == "LOC" and "Field" in words:
                heads = heads | {"Field"} if _field_is_head(words) else heads
            if kind == "ORG" and "Channel" in words and "News" in words:
                heads = heads | {"Channel"}  # "X News Channel" (not "English Channel")
            span = None if heads.isdisjoint(words) else _headed_span(words, heads)
            if span is not None:
                first, last = span
                # "King Fahd Mosque": a royal title may start the name of a building or body.
                while first > 0 and kind != "EVENT" and words[first - 1].rstrip(".") in _NAMING_TITLES and first < last:
                    first -= 1
                if kind == "ORG" and last + 1 < len(words):
                    known = self._known_spans.get(tokens[last + 1])
                    if known is not None and known.type == "GPE" and last + 2 == len(words):
                        last += 1  # "Youth Forum Zimbabwe", "Marriage Equality Coalition Taiwan"
                a, b = tokens[first][0], tokens[last][1]
                if kind == "ORG":
                    suffix = CORPORATE_SUFFIX.match(form, b)
                    if suffix is not None:
                        b = suffix.end()  # "Salling Group A/S", "Hungarian National Asset Management, Inc."
                if not covered.find(0, a, b) < 0:
                    found.append(_Candidate(a, b, kind, self._text[a:b], rule, rank=1))
                rest_before = [t for t in tokens[:first]]
                rest_after = [t for t in tokens[last + 1 :] if t[0] >= b]
                for rest in (rest_before, rest_after):
                    if rest:
                        found.extend(self._classify_piece(form, rest, covered))
                return found
        # Titles: the name is what follows the last title word.
        title_at = len(words) - 1
        while title_at >= 0 and words[title_at].rstrip(".") not in TITLES:
            title_at -= 1
        if title_at < 0 and words[0].lower() in ROLE_WORDS:
            title_at = 0
        if title_at >= 0 and not any(
            w.rstrip(".") in PERSON_TITLES or w.lower() in ROLE_WORDS for w in words[: title_at + 1]
        ):
            title_at = -1  # portfolio words alone ("National", "State") are not titles
        if title_at >= 0:
            name = _name_tokens(form, tokens[title_at + 1 :], words[title_at + 1 :])
            extended = self._given_names_before_known_surname(form, name, covered)
            if extended:
                found.append(extended)
            elif name:
                a, b = name[0][0], name[-1][1]
                if not covered.find(1, a, b) >= 0 and not any(
                    w in NOT_PERSON or w in ORG_HEADS or w in EVENT_HEADS or w in FEATURE_HEADS
                    for w in words[title_at + 1 :]
                ):
                    found.append(_Candidate(a, b, "PERSON", self._text[a:b], "title", rank=3))
            before = tokens[:title_at]
            while before and form[before[-1][0] : before[-1][1]].rstrip(".") in TITLES:
                before = before[:-1]
            if before:
                found.extend(self._classify_piece(form, before, covered))
            return found
        # Party names: "Liberal Democrats", "Social Democrats", "Liberal National".
        for index in range(len(words) - 1) if not IDEOLOGY_WORDS.isdisjoint(words) else ():
            if words[index] in IDEOLOGY_WORDS and words[index + 1] in PARTY_NOUNS:
                last = index + 1
                while last + 1 < len(words) and words[last + 1] in PARTY_NOUNS:
                    last += 1
                a, b = tokens[index][0], tokens[last][1]
                if (a, b) not in self._known_spans:
                    found.append(_Candidate(a, b, "ORG", self._text[a:b], "party", rank=1))
                    for rest in (tokens[:index], tokens[last + 1 :]):
                        if rest:
                            found.extend(self._classify_piece(form, rest, covered))
                    return found
        # Split at connectors: "Kazakhstan and Uzbekistan" is two names; a particle inside a
        # name ("Qaboos bin Said") splits it only if the whole is no name.
        groups: list[list[tuple[int, int]]] = [[]]
        for token, word in zip(tokens, words):
            if word in _CONNECTORS and not (word in NAME_JOINERS and groups[-1]):
                groups.append([])
            else:
                groups[-1].append(token)
        for group in groups:
            while group and form[group[-1][0] : group[-1][1]] in _CONNECTORS:
                group = group[:-1]
            if not group:
                continue
            if len(group) > 2 and any(form[x:y] in NAME_JOINERS for x, y in group):
                named = self._classify_name(form, group, covered)
                if named:
                    found.extend(named)
                    continue
                parts: list[list[tuple[int, int]]] = [[]]
                for x, y in group:
                    if form[x:y] in NAME_JOINERS:
                        parts.append([])
                    else:
                        parts[-1].append((x, y))
                for part in parts:
                    if part:
                        found.extend(self._classify_name(form, part, covered))
                continue
            found.extend(self._classify_name(form, group, covered))
        return found

    def _classify_name(self, form: str, tokens: list[tuple[int, int]], covered: bytearray) -> list[_Candidate]:
        a, b = tokens[0][0], tokens[-1][1]
        if covered.find(1, a, b) >= 0:
            extended = self._given_names_before_known_surname(form, tokens, covered)
            if extended:
                return [extended]
            if len(tokens) > 1 and covered.find(0, a, b) >= 0 and _COMPANY_AFTER_RE.match(form, b):
                # "Thai Raksa Chart party": a name that ends in a kind of organisation is one
                # name, listed words inside it included.
                return [_Candidate(a, b, "ORG", self._text[a:b], "org-cue", rank=1)]
            # Partly known: classify only the unknown tokens at the edges, one name at a time.
            rest = [t for t in tokens if covered.find(1, t[0], t[1]) < 0]
            if len(rest) == len(tokens) or not rest:
                return []
            runs: list[list[tuple[int, int]]] = [[]]
            for token in tokens:
                if covered.find(1, token[0], token[1]) >= 0:
                    runs.append([])
                else:
                    runs[-1].append(token)
            return [c for run in runs if run for c in self._classify_name(form, run, covered)]
        words = [form[a:b]] if len(tokens) == 1 else [form[x:y] for x, y in tokens]
        next_char = form[b : b + 1]
        if next_char == ".":
            domain = DOMAIN.match(form, b)
            if domain is not None and len(words) <= 3:
                return [_Candidate(a, domain.end(), "ORG", self._text[a : domain.end()], "domain", rank=3)]
        for w in words:  # acronyms and codes are handled by the acronym passes
            if len(w) > 1 and w.isupper():
                if len(words) == 1 and w.isalpha() or "-" in w and w.replace("-", "").isalpha():
                    self._acronyms.append((a, b))
                return []
            if not w.isalpha() and (any(ch.isdigit() for ch in w) or CONTRACTION.search(w)):
                return []  # and "I'm", "We're"
        if len(words) == 1 and (words[0] in STOP_WORDS or words[0] in SENTENCE_ADVERBS):
            return []
        window = max(0, a - 60)
        line_start = form.rfind("\n", window, a)
        line_before = form[window if line_start < 0 else line_start + 1 : a]
        after = form[b : b + 80]
        previous = line_before[-48:].rsplit(None, 2)
        last = previous[-1].rstrip(",") if previous else ""
        last_two = f"{previous[-2]} {last}" if len(previous) > 1 else ""
        # Places: "Koszalin, Poland", "the city of Magnitogorsk", "Magnitogorsk, a city in".
        if last_two in _PLACE_NOUNS_OF or (
            len(words) <= 3 and after.startswith(", ") and (b + 2 in self._country_starts or _PLACE_AFTER.match(after))
        ):
            return [_Candidate(a, b, "GPE", self._text[a:b], "place", rank=4)]
        if next_char in _FAMILY_STARTS and FAMILY_AFTER.match(after):
            return []  # "the Shinawatra family"
        stripped = line_before.rstrip(" \t")
        sentence_start = (
            not stripped
            or stripped[-1] in _SENTENCE_MARKS
            or (len(stripped) >= 2 and stripped[-1] in "-–—•" and stripped[-2].isspace())
        )
        if len(words) == 1:
            word = words[0]
            if (
                word in INSTITUTION_WORDS
                and not sentence_start
                and a > self._title_end
                and not _MEMBER_OF.search(line_before[-24:])
            ):
                return [_Candidate(a, b, "ORG", self._text[a:b], "institution", rank=4)]
            if word[-1] == "s" and len(word) > 4:
                group = self.gazetteer.lookup(word[:-1])
                if group is not None and group.type == "NORP":
                    return [_Candidate(a, b, "NORP", "=" + group.name, "plural", rank=3)]  # "Samoans"
        if not NOT_PERSON.isdisjoint(words):
            return []  # laws, roads, prizes: "Republic Act", "Nobel Prize"
        role = (last in ROLE_WORDS or ("-" in last and last.lower().rsplit("-", 1)[-1] in ROLE_WORDS)) and not (
            line_before.rstrip().endswith((".", ";", ":"))
        )
        # Organisations by what is said of them: "retailer Tesco", "Tesco's chief executive",
        # "shares of X", "X, the company", "the Netto chain".
        if (
            not role
            and (
                (last in COMPANY_NOUNS and not sentence_start)
                or (next_char == "'" and ORG_POSSESSIVE_AFTER.match(after))
                or (next_char == " " and (ORG_TITLE_AFTER.match(after) or _COMPANY_AFTER_RE.match(after)))
                or (next_char == "," and ORG_APPOSITION.match(after))
                or (line_before.endswith(("of ", "in ", "at ", "the ")) and ORG_OF_BEFORE.search(line_before[-40:]))
            )
            and not (len(words) > 1 and words[0] in self.given_names and next_char == "'")
        ):
            return [_Candidate(a, b, "ORG", self._text[a:b], "org-cue", rank=3)]
        outlet = not OUTLET_WORDS.isdisjoint(words)
        if len(words) > 4 or (not _NOT_A_PERSON.isdisjoint(words) and not outlet):
            return []
        following = after[:32].split(None, 2)
        first_after = following[0].strip(',.;:"”') if following else ""
        cue = ""
        if role:
            cue = "role"
        elif (
            last in _SPEECH_BEFORE
            or last_two in _SPEECH_BEFORE
            or last in _PRAISE
            or (outlet and (last in OUTLET_BEFORE or (last == "the" and last_two[:-4] in OUTLET_BEFORE)))
        ):
            cue = "attribution"
        elif len(line_before) < 40 and _BYLINE.match(line_before):
            cue = "byline"
        elif (
            (
                first_after in _SPEECH
                or " ".join(following[:2]) in _SPEECH
                or (next_char == "," and _SPEECH_AFTER_COMMA.match(after))
            )
            and last not in _PLACE_WORDS
            and (len(words) > 1 or not sentence_start or _looks_like_surname(form, words[0]))
        ):
            cue = "attribution"
        elif len(words) > 1 and after.startswith(", ") and _APPOSITION.match(after):
            cue = "apposition"
        elif after.startswith(",") and line_before.endswith(", ") and _ROLE_OF_PLACE.search(line_before):
            cue = "apposition"  # "The current president of Namibia, Hage Geingob,"
        elif len(words) > 1 and after.startswith(" of ") and _AFFILIATION.match(after):
            cue = "affiliation"  # "Jane Roe of the Harbour Institute said"
        if outlet:
            # "told the Daily Mail", "Gazeta Prawna reported": an outlet, never a person.
            if cue == "attribution":
                return [_Candidate(a, b, "ORG", self._text[a:b], "outlet", rank=3)]
            return []
        if cue:
            return [_Candidate(a, b, "PERSON", self._text[a:b], cue, rank=3)]
        # A common given name before a capitalised word: "Anne Roe" is a person.
        if (
            1 < len(words) <= 4
            and words[0] in self.given_names
            and not any(w in TITLES for w in words[1:])
            and " ".join(words) not in self.places
        ):
            return [_Candidate(a, b, "PERSON", self._text[a:b], "given-name", rank=3)]
        # Bundled place names (GeoNames, ISO 3166): weaker than every rule above.
        name = " ".join(words)
        place = self.places.get(name)
        if place is not None:
            in_context = last in _PLACE_PREPOSITIONS or (
                next_char in "- " and _PLACE_NOUN_AFTER.match(after) is not None
            )
            if place[2] and not in_context:
                self._unclassified.append((a, b))
                return []
            if len(words) == 1 and sentence_start and not in_context and not _looks_like_surname(form, words[0]):
                return []
            return [_Candidate(a, b, place_type(place), "=" + place_name(name, place), "place-data", rank=6)]
        if not sentence_start or len(words) > 1:
            self._unclassified.append((a, b))
        return []

    def _given_names_before_known_surname(
        self, form: str, tokens: list[tuple[int, int]], covered: bytearray
    ) -> _Candidate | None:
        """ "Kassym-Jomart Tokaev" where only "Tokaev" is listed: the whole name, as written, so that
        linking decides by the alias table whether it is the listed person ("Hunter Biden" is not)."""
        if len(tokens) < 2 or tokens[-1] not in self._person_spans or len(tokens) > 4:
            return None
        given = tokens[:-1]
        if any(covered.find(1, x, y) >= 0 for x, y in given):
            return None
        words = [form[x:y] for x, y in given]
        if any(w in STOP_WORDS or w in TITLES or w in _CONNECTORS or w.isupper() for w in words):
            return None
        a, b = tokens[0][0], tokens[-1][1]
        return _Candidate(a, b, "PERSON", self._text[a:b], "given-names", rank=1)

    # -------------------------------------------------------------- 3. acronyms

    def _acronym_pass(self, form: str, candidates: list[_Candidate]) -> list[_Candidate]:
        defined: dict[str, _Candidate] = {}
        by_end = {c.end: c for c in candidates}
        for defined_at, acronym in _acronym_definitions(form):
            expansion = by_end.get(defined_at)
            if expansion is None:
                expansion = _expansion_chunk(form, defined_at, acronym)
                if expansion is None:
                    continue
                expansion.key = self._text[expansion.start : expansion.end]
                if not expansion.type:
                    # No head says what it is: an organisation if the acronym is used again
                    # and the name has two capitalised words ("Notes from Poland (NFP)").
                    capitals = sum(1 for w in form[expansion.start : expansion.end].split() if w[:1].isupper())
                    if capitals < 2 or form.count(acronym) < 2:
                        continue
                    expansion.type = "ORG"
                candidates.append(expansion)
            elif expansion.type not in ("ORG", "EVENT"):
                continue
            defined.setdefault(acronym, expansion)
        if not defined:
            return candidates
        extra = []
        ordered = tuple(sorted(defined, key=len, reverse=True))
        for a, b in _literal_matches(form, ordered, _HYPHENATED, lambda end: not _HYPHENATED.match(form, end)):
            expansion = defined[form[a:b]]
            extra.append(_Candidate(a, b, expansion.type, expansion.key, "acronym", rank=2))
        return _resolve(candidates + extra, len(form))

    # -------------------------------------------------------------- 4. summits

    def _summit_pass(self, form: str, candidates: list[_Candidate]) -> list[_Candidate]:
        result: list[_Candidate] = []
        skip_until = -1
        for _index, c in enumerate(candidates):
            if c.start < skip_until:
                continue
            if c.type in ("ORG", "GPE", "LOC", "EVENT") and not _is_summit_key(c.key):
                after = _SUMMIT_AFTER.match(form, c.end)
                if after:
                    partner = (
                        result[-1] if result and result[-1].end == c.start - 1 and form[c.start - 1] == "-" else None
                    )
                    place = self._city(form, c)
                    if place and partner is None:
                        organiser = _OF_ORGANISATION.match(form, after.end())
                        owner = next(
                            (o for o in candidates if organiser and o.start == organiser.end() and o.type == "ORG"),
                            None,
                        )
                        if owner is not None:  # "the Astana summit of the Shanghai Cooperation Organisation"
                            series = self._series_name(form, owner, None)
                            result.append(_Candidate(c.start, after.end(), "EVENT", series, "summit", rank=1))
                            self._summit_instances[c.start, after.end()] = meeting_of(
                                series_of_key(series), "", place
                            ) or meeting_of(series_of_key(series), article_year(form, self._date), place)
                        else:  # "the Kazan summit": the series is settled with the others
                            result.append(_Candidate(c.start, after.end(), "EVENT", "@" + place, _PLACE_NAMED, rank=1))
                        skip_until = after.end()
                        continue
                    if partner is not None and partner.type in ("GPE", "LOC"):
                        result.pop()
                        series = self._pair_series(form, partner, c)
                        result.append(_Candidate(partner.start, after.end(), "EVENT", series, "summit", rank=1))
                    else:
                        series = self._series_name(form, c, after.group(1))
                        result.append(_Candidate(c.start, after.end(), "EVENT", series, "summit", rank=1))
                    skip_until = after.end()
                    continue
            result.append(c)
        return result

    def _city(self, form: str, c: _Candidate) -> str:
        """The canonical name of a city (a place that is not a country) the candidate names, else ""."""
        if c.type != "GPE":
            return ""
        name = c.key[1:] if c.key.startswith("=") else self._text[c.start : c.end]
        entry = self.gazetteer.lookup(name)
        if entry is not None:
            name = entry.name
        return "" if name in self._countries else name

    def _cities(self, form: str, candidates: list[_Candidate]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p for p in (self._city(form, c) for c in candidates if c.type == "GPE") if p))

    def _pair_series(self, form: str, first: _Candidate, second: _Candidate) -> str:
        """ "China-Central Asia summit" → the series of the two parties, with an en dash."""
        names = [c.key[1:] if c.key.startswith("=") else self._text[c.start : c.end] for c in (first, second)]
        series = f"{names[0]}\u2013{names[1]} summit"
        known = self.gazetteer.lookup(series)
        return "=" + known.name if known is not None and known.type == "EVENT" else series

    def _series_name(self, form: str, organiser: _Candidate, acronym: str | None) -> str:
        name = organiser.key[1:] if organiser.key.startswith("=") else self._text[organiser.start : organiser.end]
        options = [f"{acronym} summit"] if acronym else []
        entry = self.gazetteer.lookup(name)
        if entry is not None:
            options += [f"{surface} summit" for surface in entry.surfaces if surface.isupper()]
            name = entry.name
        options.append(f"{name} summit")
        for option in options:
            known = self.gazetteer.lookup(option)
            if known is not None and known.type == "EVENT":
                return "=" + known.name
        return options[0]

    # -------------------------------------------------------------- 5. surnames

    def _surname_pass(self, form: str, candidates: list[_Candidate]) -> list[_Candidate]:
        full_names = [c for c in candidates if c.type == "PERSON" and " " in form[c.start : c.end].strip()]
        parts: set[str] = set()
        for c in full_names:
            words = [w for w in _TOKEN_RE.findall(form[c.start : c.end]) if w.lower() not in _NAME_PARTICLES]
            if len(words) >= 2:
                called = words[0] in EAST_ASIAN_SURNAMES or _JOINED_NAME.search(form, c.start, c.end)
                for word in (words[0], words[-1]) if called else (words[-1],):
                    if (
                        len(word) >= 2
                        and word not in STOP_WORDS
                        and word not in TITLES
                        and self.gazetteer.lookup(word) is None
                    ):
                        parts.add(word)
        # The full names themselves, where rules could not see them (headlines, lists).
        parts.update(" ".join(form[c.start : c.end].split()) for c in full_names if c.rule != "gazetteer")
        if not parts:
            return candidates
        occupied = bytearray(len(form))
        for c in candidates:
            occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
        ordered = tuple(sorted(parts, key=len, reverse=True))
        extra = []
        # A part ends a name: nothing glued on, no capitalised word after it ("Li Hui" is not "Li").
        ends_name = lambda end: not _SURNAME_GLUED.match(form, end) and not _NAME_FOLLOWS.match(form, end)  # noqa: E731
        for a, b in _literal_matches(form, ordered, _WORD_OR_APOSTROPHE, ends_name):
            if occupied.find(1, a, b) >= 0 or FAMILY_AFTER.match(form, b):
                continue
            if " " not in form[a:b] and _NAME_BEFORE.search(form[max(0, a - 30) : a]):
                continue  # a single word right after a capitalised one is part of another name
            extra.append(_Candidate(a, b, "PERSON", self._text[a:b], "surname", rank=5))
        return _resolve(candidates + extra, len(form)) if extra else candidates

    def _place_after(self, form: str, end: int) -> str:
        written, entry = place_after(form, end, self.gazetteer)
        return entry.name if entry is not None else written

    # -------------------------------------------------------------- 6. generic summit references

    def _generic_pass(self, form: str, candidates: list[_Candidate]) -> list[_Candidate]:
        place_named = [c for c in candidates if c.rule == _PLACE_NAMED]
        named = [c for c in candidates if c.type == "EVENT" and _is_summit_key(c.key)]
        if not named and not place_named and "summit" not in form:
            return candidates
        year = article_year(form, self._date)
        cities = self._cities(form, candidates)
        countries = tuple(
            dict.fromkeys(
                name
                for name in (
                    c.key[1:] if c.key.startswith("=") else form[c.start : c.end] for c in candidates if c.type == "GPE"
                )
                if name in self._countries
            )
        )
        series_named = {series_of_key(c.key) for c in named}
        self._place_spans = {(c.start, c.end) for c in place_named}
        for c in place_named:
            self._settle_place_named(form, c, named, series_named, year, countries)
        named = sorted((c for c in candidates if c.type == "EVENT" and _is_summit_key(c.key)), key=_start_of)
        # "The summit" refers to the article's own summit: one named near the top or named twice,
        # not one mentioned in passing ("…overlaps with the G7 summit in Hiroshima").
        lead_end = _offset_after_paragraphs(form, 4)
        counts: dict[str, int] = {}
        salient = []
        lead = ""
        for c in named:
            counts[c.key] = counts.get(c.key, 0) + 1
            meeting = self._summit_instances.get((c.start, c.end), "")
            if lead and (c.start, c.end) in self._place_spans and meeting != lead:
                continue  # "the Madrid summit" last year is no antecedent of "the summit"
            if c.start < lead_end or counts[c.key] >= 2:
                salient.append(c)
                lead = lead or meeting
        occupied = bytearray(len(form))
        for c in candidates:
            occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
        extra = []
        for match in _GENERIC.finditer(form):
            a, b = match.span(1)
            if occupied.find(1, a, b) >= 0:
                continue
            head = match.group(1)
            following = form[b : b + 12]
            if _ANOTHER_MEETING.match(following):
                owner = self._organiser_after(form, b, candidates)
                if owner is not None:  # "a meeting of the Shanghai Cooperation Organisation"
                    extra.append(_Candidate(a, b, "EVENT", owner, "summit", rank=6))
                    there = self._place_after(form, b)
                    self._summit_instances[a, b] = meeting_of(series_of_key(owner), year, there) if there else ""
                    continue
                if not head.endswith("summit"):
                    continue  # "the meeting with Putin" is another meeting
            here = self._place_after(form, b)
            antecedent = next((c for c in reversed(salient) if c.end <= a), None)
            if antecedent is None:
                if named or "summit" not in head:
                    continue
                # A summit the article never names: linking settles it by who, where and when.
                places = ((here,) if here else ()) + cities
                if places:
                    written_year = _YEAR.match(head)
                    self._summit_instances[a, b] = reference_hint(
                        written_year.group(1) if written_year else year, list(dict.fromkeys(places)), list(countries)
                    )
                    extra.append(_Candidate(a, b, "EVENT", "", SUMMIT_REFERENCE, rank=6, generic=True))
                continue
            there = self._place_after(form, antecedent.end)
            if here and there and here != there:
                continue  # "the gathering in Xi'an" is not the summit in Hiroshima
            extra.append(_Candidate(a, b, "EVENT", antecedent.key, "generic", rank=6, generic=True))
            written_year = _YEAR.match(head)
            if here or written_year:  # "the alliance's 2008 summit in Bucharest": its own meeting
                self._summit_instances[a, b] = meeting_of(
                    series_of_key(antecedent.key), written_year.group(1) if written_year else "", here
                )
                continue
            own = self._summit_instances.get((antecedent.start, antecedent.end))
            if own is not None:
                self._summit_instances[a, b] = own
        for c in place_named:
            if c.rule == _PLACE_NAMED:  # still unsettled: linking decides
                c.rule, c.key = SUMMIT_REFERENCE, ""
                c.generic = True
        return _resolve(candidates + extra, len(form)) if extra else candidates

    def _organiser_after(self, form: str, end: int, candidates: list[_Candidate]) -> str | None:
        """The known series of "<head> of (the) <organisation>", else None."""
        organiser = _OF_ORGANISATION.match(form, end)
        if not organiser:
            return None
        owner = next((o for o in candidates if o.start == organiser.end() and o.type == "ORG"), None)
        if owner is None:
            return None
        series = self._series_name(form, owner, None)
        return series if series.startswith("=") else None

    def _settle_place_named(self, form, c, named, series_named, year, countries) -> None:
        """ "the Kazan summit": the series named in the article (before it, else anywhere) that
        met there, else the only series the record has meeting there (in the article's year if
        several); unsettled, a reference for linking."""
        place = c.key[1:]
        recorded = meetings_at(place)
        before = {series_of_key(n.key) for n in named if n.end <= c.start}
        choice = ""
        for pool in (before, series_named):
            fits = {series for series, _, _ in recorded if series in pool}
            if len(fits) == 1:
                choice = fits.pop()
                break
        if not choice:
            fits = {series for series, _, _ in recorded}
            in_year = {series for series, y, _ in recorded if str(y) == year}
            if len(in_year) == 1:
                choice = in_year.pop()
            elif len(fits) == 1:
                choice = fits.pop()
        if not choice:
            self._summit_instances[c.start, c.end] = reference_hint(year, [place], list(countries))
            return
        known = self.gazetteer.lookup(choice)
        c.key = "=" + known.name if known is not None and known.type == "EVENT" else choice
        c.rule = "summit"
        self._summit_instances[c.start, c.end] = meeting_of(choice, "", place) or meeting_of(
            choice, year, place, latest=True
        )

    # -------------------------------------------------------------- 3b. acronyms used alone

    def _repeated_acronym_pass(self, form: str, candidates: list[_Candidate], hidden) -> list[_Candidate]:
        """An acronym in capitals that the article uses twice or more, and nothing else names,
        is an organisation ("ABS-CBN"); used once, a candidate for linking. The chunk pass
        collects them (capitalised words in capitals that no rule took)."""
        if not self._acronyms:
            return candidates
        occupied = bytearray(len(form))
        for c in candidates:
            occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
        places: dict[str, list[tuple[int, int]]] = {}
        shouted: dict[int, bool] = {}
        for a, b in self._acronyms:
            word = form[a:b]
            if word in NOT_ENTITY_ACRONYMS or len(word) > 12 or _ROMAN_NUMERAL.fullmatch(word):
                continue
            if occupied.find(1, a, b) >= 0 or _shouting(form, a, shouted):
                continue
            places.setdefault(word, []).append((a, b))
        extra: list[_Candidate] = []
        for word, spans in places.items():
            if len(spans) >= 2 and self.gazetteer.lookup(word) is None:
                extra.extend(_Candidate(a, b, "ORG", word, "acronym-repeated", rank=4) for a, b in spans)
            else:
                self._unclassified.append(spans[0])
        # Each span lies where nothing else does: a merge, not a resolution.
        return sorted(candidates + extra, key=_start) if extra else candidates

    # -------------------------------------------------------------- 4b. names found once, found again

    def _repeat_pass(self, form: str, candidates: list[_Candidate]) -> list[_Candidate]:
        """A name a rule found somewhere in the article is that name everywhere in it: "retailer
        Tesco" makes every "Tesco" an organisation. An organisation named "<X> Group" (Holdings,
        Inc, Ltd …) is also "<X>" alone. People are the surname pass's business."""
        names: dict[str, _Candidate] = {}
        for c in candidates:
            if c.type == "PERSON" or c.generic or c.rule in _NOT_REPEATED or c.rule == _PLACE_NAMED:
                continue
            surface = " ".join(form[c.start : c.end].split())
            if len(surface) < 2:
                continue
            names.setdefault(surface, c)
            if c.type == "ORG":
                short = _short_company_name(surface)
                if short and short not in STOP_WORDS and self.gazetteer.lookup(short) is None:
                    names.setdefault(short, c)
        if not names:
            return candidates
        occupied = bytearray(len(form))
        for c in candidates:
            occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
        ordered = tuple(sorted(names, key=len, reverse=True))
        ends_name = lambda end: not _SURNAME_GLUED.match(form, end) and not _NAME_FOLLOWS.match(form, end)  # noqa: E731
        extra = []
        for a, b in _literal_matches(form, ordered, _WORD_OR_APOSTROPHE, ends_name):
            if occupied.find(1, a, b) >= 0 or _NAME_BEFORE.search(form[max(0, a - 30) : a]):
                continue
            source = names[form[a:b]]
            if source.rule == "institution" and _MEMBER_OF.search(form[max(0, a - 24) : a]):
                continue  # "Member of Parliament" is a title
            extra.append(_Candidate(a, b, source.type, source.key, "repeat", rank=5))
        return sorted(candidates + extra, key=_start) if extra else candidates

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
            extra.append(_Candidate(a, b, "", self._text[a:b], CANDIDATE, rank=9))
        if not extra:
            return found
        return sorted(found + extra, key=lambda c: c.start)


_JOINED_NAME = re.compile(r" (?:bin|ibn|bint) ")
_NOT_REPEATED = frozenset({"gazetteer", "repeat", "surname", "generic", "acronym", "summit", SUMMIT_REFERENCE})
_PLACE_NAMED = "summit-place"
_OF_ORGANISATION = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?")


def _start_of(c: _Candidate) -> int:
    return c.start


_ROMAN_NUMERAL = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")


def _short_company_name(name: str) -> str:
    """ "Salling Group A/S" → "Salling", "HDT Limited" → "HDT"; "" when nothing generic ends it."""
    words = name.replace(",", " ").split()
    cut = len(words)
    while cut > 1 and (
        words[cut - 1].rstrip(".") in CORPORATE_HEADS or CORPORATE_SUFFIX.fullmatch(" " + words[cut - 1])
    ):
        cut -= 1
    short = " ".join(words[:cut])
    return short if cut < len(words) and len(short) >= 3 else ""


def _start(candidate: _Candidate) -> int:
    return candidate.start


def _shouting(form: str, at: int, known: dict[int, bool]) -> bool:
    """Whether the line around `at` is mostly capitals (a shouted headline: no acronyms there);
    `known` keeps the answer per line start."""
    start = form.rfind("\n", 0, at) + 1
    answer = known.get(start)
    if answer is None:
        end = form.find("\n", at)
        line = form[start : end if end >= 0 else len(form)]
        answer = known[start] = len(line) > 12 and line.upper() == line
    return answer


_SENTENCE_MARKS = frozenset(".!?:;\"“”'(")


def _consistent_types(form: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """One name, one type in an article: where rules gave one name several types ("Tesco said"
    and "retailer Tesco"), the type with the most weight of evidence (RULE_WEIGHTS) wins."""
    first_type: dict[str, str] = {}
    mixed = False
    for c in candidates:
        if c.rule != "gazetteer" and not c.generic and c.type:
            surface = form[c.start : c.end]
            seen = first_type.setdefault(surface, c.type)
            mixed = mixed or seen != c.type
    if not mixed:
        return candidates
    by_name: dict[str, list[_Candidate]] = {}
    for c in candidates:
        if c.rule != "gazetteer" and not c.generic and c.type:
            by_name.setdefault(identity_key(form[c.start : c.end]), []).append(c)
    for group in by_name.values():
        if len(group) < 2 or len({c.type for c in group}) < 2:
            continue
        weights: dict[str, int] = {}
        for c in group:
            weights[c.type] = weights.get(c.type, 0) + RULE_WEIGHTS.get(c.rule, 1)
        winner = max(weights.items(), key=lambda kv: kv[1])[0]
        for c in group:
            c.type = winner
    return candidates
