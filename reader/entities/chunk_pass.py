"""Pass 2 of the recogniser: capitalised chunks, split into pieces at sentence ends, head words
and connectors, and classified by head words ("… Institute"), titles ("President X"), compass
words and party names; what is left is one name for `name_cues` to classify by its context."""

from __future__ import annotations

from reader.entities.lexicon import (
    _CHUNK,
    _CONNECTORS,
    _HEAD_KINDS,
    _HEADS,
    _PIECE_RE,
    _PLACE_WORDS,
    _PRAISE,
    _SPEECH,
    _SPEECH_BEFORE,
    COMPANY_AFTER,
    COMPANY_NOUNS,
    COMPASS_ADJECTIVES,
    CONTRACTION,
    CORPORATE_SUFFIX,
    EVENT_HEADS,
    FEATURE_HEADS,
    FEATURE_PREFIXES,
    FIELD_WORDS,
    IDEOLOGY_WORDS,
    INSTITUTION_WORDS,
    NAME_JOINERS,
    NOT_PERSON,
    ORG_HEADS,
    OUTLET_BEFORE,
    OUTLET_WORDS,
    PARTY_NOUNS,
    PERSON_TITLES,
    ROLE_WORDS,
    STOP_WORDS,
    STORM_MODIFIERS,
    STORM_WORDS,
    TITLES,
)
from reader.entities.name_cues import _NOT_NAMES, _PLACE_PREPOSITIONS, _NameCues
from reader.entities.places import place_name, place_type
from reader.entities.spans import (
    _ORDINALS,
    _Candidate,
    _headed_span,
    _is_abbreviation,
    _is_headline,
    _name_tokens,
    _span,
)


def _field_is_head(words: list[str]) -> bool:
    """ "Gas Field", "Oil Field": Field heads a place only after such a word ("Sally Field" is a person)."""
    return any(word == "Field" and index and words[index - 1] in FIELD_WORDS for index, word in enumerate(words))


# Royal and religious titles that a building or an institution may be named with ("King Fahd
# Mosque", "Sultan X Grand Mosque", "General X Base").
_NAMING_TITLES = frozenset(
    "King Queen Sultan Prince Princess Emperor Empress Sheikh Emir Saint St Pope General Imam".split()
)
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


_DATE_WORDS = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June July
    August September October November December""".split()
)
# Plural people who found "<people> for <cause>" groups (with any -ians, -ists).
_GROUP_PLURALS = frozenset(
    """Women Men People Children Mothers Fathers Parents Families Students Doctors Physicians Nurses
    Lawyers Scientists Veterans Citizens Americans Britons Europeans Democrats Republicans Conservatives
    Liberals Christians Muslims Jews Friends Voters Workers Teachers Engineers Architects Artists
    Writers Journalists Reporters""".split()
)
# Compass words alone ("South London", "North Wales"): before a place only, never a demonym.
_COMPASS_WORDS = frozenset("North South East West Northeast Northwest Southeast Southwest".split())
_ALL_COMPASS = COMPASS_ADJECTIVES | _COMPASS_WORDS
# Units named after their name ("Orange County", "Idlib Province"); "County" also before it.
_UNITS_AFTER = frozenset("County Parish Borough Township Province Prefecture Oblast Governorate Voivodeship".split())
_DISTRICT_COMPASS = COMPASS_ADJECTIVES | {"Middle"}


# Any of these in a piece, or "shire", and `_unit_at` may find a unit in it.
_UNIT_WORDS = _UNITS_AFTER | {"District"}
# The words the rarer rules of `_classify_piece` look for (dates, time zones, units, storms).
_RARE_WORDS = _UNIT_WORDS | _DATE_WORDS | STORM_WORDS | {"Time", "State"}


def _unit_at(words: list[str]) -> tuple[int, int] | None:
    """Where an administrative unit is among a piece's words (first and last index), or None."""
    count = len(words)
    for index, word in enumerate(words):
        if word in _UNITS_AFTER:
            first = index
            while (
                first > 0
                and index - first < 3
                and words[first - 1][:1].isupper()
                and words[first - 1] not in STOP_WORDS
                and words[first - 1] not in _CONNECTORS
                and words[first - 1].rstrip(".") not in TITLES
            ):
                first -= 1
            if first < index:
                return first, index  # "Orange County", "Miami-Dade County"
            following = words[index + 1] if index + 1 < count else ""
            if word == "County" and following[:1].isupper() and following not in STOP_WORDS:
                return index, index + 1  # "County Galway"
        elif word.endswith("shire") and len(word) > 6 and word[:1].isupper():
            last = index + 1 if index + 1 < count and words[index + 1] in _COMPASS_WORDS else index
            return index, last  # "Northamptonshire", "Dunbartonshire East"
        elif (
            word in _DISTRICT_COMPASS
            and index + 3 < count
            and words[index + 1] == "District"
            and words[index + 2] == "of"
            and (words[index + 3] not in STOP_WORDS or words[index + 3] in ("New", "Great"))
        ):
            last = index + 3
            while last + 1 < count and last - index < 5 and words[last + 1] not in _CONNECTORS:
                last += 1
            return index, last  # "the Southern District of New York"
    return None


class _ChunkPass(_NameCues):
    # -------------------------------------------------------------- 2. chunks

    def _chunk_pass(self, form: str, known: list[_Candidate], hidden) -> list[_Candidate]:
        covered = bytearray(len(form))
        for c in known:
            covered[c.start : c.end] = b"\x01" * (c.end - c.start)
        hidden_mask = bytearray(len(form))
        for start, end in hidden:
            hidden_mask[start:end] = b"\x01" * (end - start)
        found: list[_Candidate] = []
        # Chunks never cross a line: one search of the whole text, the line looked up when a
        # chunk in it first needs it (most lines hold none that get that far).
        line_end = -1
        headline: bool | None = None
        for match in _CHUNK.finditer(form):
            word = match.group()
            if word in _NOT_NAMES:
                continue  # most chunks are one sentence-initial word: skip them cheaply
            start, end = match.span()
            if hidden and hidden_mask[start]:
                continue
            if start > line_end:
                line_end = form.find("\n", start)
                if line_end < 0:
                    line_end = len(form)
                headline = None
            if headline is None:
                headline = _is_headline(form[form.rfind("\n", 0, start) + 1 : line_end])
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
                    if word.isupper():
                        if len(word) > 1 and form[end : end + 1] != "." and covered.find(1, start, end) < 0:
                            # What _classify_name does with a word in capitals that is no web
                            # address: an acronym for the acronym passes, or a code.
                            if word.isalpha() or ("-" in word and word.replace("-", "").isalpha()):
                                self._acronyms.append((start, end))
                            continue
                    elif word.isalpha() and self._nothing_to_say(form, word, start, end):
                        continue
                    found.extend(self._classify_name(form, [(start, end)], covered))
                continue
            found.extend(self._classify(form, start, end, covered))
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
        return [_Candidate(a, b, "ORG", self._text[a:b], "org-head", 1)]

    def _classify(self, form: str, start: int, end: int, covered: bytearray) -> list[_Candidate]:
        """A chunk of several words (a sentence may end inside it: "… in Poland. Tusk said")."""
        # Searched in place: a chunk starts with a capital, where no connector's lookbehind
        # looks, and its end is the search's.
        tokens = list(map(_span, _PIECE_RE.finditer(form, start, end)))
        if form.find(".", start, end) < 0:
            return self._classify_piece(form, tokens, covered)
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

    def _joinable(self, word: str) -> bool:
        """A word that "and" may join inside a name: no place, nothing listed."""
        return word not in self.places and self.gazetteer.lookup(word) is None

    @staticmethod
    def _storm_at(words: list[str]) -> tuple[int, int] | None:
        """Where a storm's name is in the words: its storm word (and modifiers before it) and the
        one capitalised name after it, or None."""
        for index, word in enumerate(words[:-1]):
            name = words[index + 1]
            if (
                word in STORM_WORDS
                and name not in STOP_WORDS
                and name not in _CONNECTORS
                and name not in _HEADS  # "National Hurricane Center" is an organisation
                and not name.isupper()
                and (index + 2 == len(words) or words[index + 2] not in _HEADS)
            ):
                first = index
                while first > 0 and words[first - 1] in STORM_MODIFIERS:
                    first -= 1
                return first, index + 1
        return None

    def _name_within(
        self,
        form: str,
        tokens: list[tuple[int, int]],
        first: int,
        last: int,
        kind: str,
        rule: str,
        covered: bytearray,
        always: bool = False,
    ) -> list[_Candidate]:
        """Tokens `first`…`last` of a piece as one name of `kind` (unless every character of it is
        already covered, or `always`), and the tokens before and after it classified on their own."""
        a, b = tokens[first][0], tokens[last][1]
        found = [_Candidate(a, b, kind, self._text[a:b], rule, 1)] if always or covered.find(0, a, b) >= 0 else []
        for rest in (tokens[:first], tokens[last + 1 :]):
            if rest:
                found.extend(self._classify_piece(form, rest, covered))
        return found

    def _classify_piece(self, form: str, tokens: list[tuple[int, int]], covered: bytearray) -> list[_Candidate]:
        words = [form[a:b] for a, b in tokens]
        # Leading sentence words ("The", "However", "Afterwards") are not part of names.
        while words and (
            (
                words[0] in _NOT_NAMES
                and not (words[0] in _ORDINALS and len(words) > 2 and not _HEADS.isdisjoint(words))
                and not (words[0] == "New" and len(words) == 2 and self._place_of_residents(" ".join(words)))
                and not (words[0] == "New" and covered[tokens[0][0]])  # "New York State": listed "New York"
            )
            or words[0].lower() in _CONNECTORS
            or ("'" in words[0] and CONTRACTION.search(words[0]))
        ):
            tokens, words = tokens[1:], words[1:]
        if not tokens:
            return []
        found: list[_Candidate] = []
        # The rarer rules below look for a few words only: one set test skips them all.
        rare = not _RARE_WORDS.isdisjoint(words)
        if rare:
            while len(words) > 1 and words[-1] in _DATE_WORDS:
                tokens, words = tokens[:-1], words[:-1]  # "Bermuda Wednesday night": dates are no part of names
            if len(words) > 1 and words[-1] == "Time":
                return []  # "Pacific Standard Time", "Central European Time": time zones name nothing
        # Administrative units: "County Galway", "Orange County", "Northamptonshire", "the
        # Southern District of New York" (GPE), unless the piece names an organisation or an
        # event ("Kent County Council").
        unit = (
            _unit_at(words)
            if (rare or form.find("shire", tokens[0][0], tokens[-1][1]) >= 0) and _HEADS.isdisjoint(words)
            else None
        )
        if unit is None and rare and len(words) > 1 and words[-1] == "State" and _HEADS.isdisjoint(words):
            # "New York State", "Lagos State": a listed place and "State" are that state.
            known = self._known_spans.get((tokens[0][0], tokens[-2][1]))
            if known is not None and known.type == "GPE":
                unit = (0, len(tokens) - 1)
        if unit is not None:
            return self._name_within(form, tokens, *unit, "GPE", "place", covered)
        # A compass word before a country is a region ("Southern Poland", "South London"), before
        # a demonym a group ("Central European").
        for index in range(len(words) - 1) if not _ALL_COMPASS.isdisjoint(words) else ():
            if words[index] in _ALL_COMPASS:
                known = self._known_spans.get(tokens[index + 1])
                if (
                    known is not None
                    and (known.type == "GPE" or (known.type == "NORP" and words[index] in COMPASS_ADJECTIVES))
                    and not covered[tokens[index][0]]
                ):
                    kind = "LOC" if known.type == "GPE" else "NORP"
                    return self._name_within(form, tokens, index, index + 1, kind, "compass", covered, always=True)
        # A bundled place name that is the whole piece ("Fort Worth", "Watford") before heads.
        if len(words) > 1 and covered.find(1, tokens[0][0], tokens[-1][1]) < 0:
            place = self.places.get(" ".join(words))
            if place is not None and not place[2]:
                a, b = tokens[0][0], tokens[-1][1]
                return [_Candidate(a, b, place_type(place), "=" + place_name(" ".join(words), place), "place-data", 4)]
        # Storms: "Hurricane Dorian", "Tropical Storm Humberto", "Super Typhoon Haiyan" (EVENT).
        storm = self._storm_at(words) if rare and not STORM_WORDS.isdisjoint(words) else None
        if storm is not None:
            return self._name_within(form, tokens, *storm, "EVENT", "storm", covered)
        # Named features that start with their head: "Mount Bukak", "Lake Titicaca", "RAF X".
        if len(words) > 1 and words[0] in FEATURE_PREFIXES and words[1] not in _CONNECTORS:
            last = 1
            while last + 1 < len(words) and words[last + 1] not in _CONNECTORS and words[last + 1] not in STOP_WORDS:
                last += 1
            a, b = tokens[0][0], tokens[last][1]
            if covered.find(0, a, b) >= 0:
                feature = " ".join(words[: last + 1])
                place = self.places.get(feature) if words[0] == "Fort" else None
                if place is not None:
                    # "Fort Lee", "Fort Worth": a town named after a fort is a town.
                    found.append(_Candidate(a, b, place_type(place), "=" + place_name(feature, place), "place-data", 1))
                else:
                    found.append(_Candidate(a, b, "LOC", self._text[a:b], "feature-head", 1))
            if tokens[last + 1 :]:
                found.extend(self._classify_piece(form, tokens[last + 1 :], covered))
            return found
        # Organisations, events and named places: a head word anchors the span.
        for heads, kind, rule in () if _HEADS.isdisjoint(words) and "Field" not in words else _HEAD_KINDS:  # noqa: B020
            if kind == "LOC" and "Field" in words:
                heads = heads | {"Field"} if _field_is_head(words) else heads
            if kind == "ORG" and "Channel" in words and "News" in words:
                heads = heads | {"Channel"}  # "X News Channel" (not "English Channel")
            span = None if heads.isdisjoint(words) else _headed_span(words, heads, self._joinable)
            if span is not None:
                first, last = span
                if words[last] == "Administration" and tokens[last - 1] in self._person_spans:
                    continue  # "the Trump Administration" is the president's
                # "King Fahd Mosque": a royal title may start the name of a building or body.
                while first > 0 and kind != "EVENT" and words[first - 1].rstrip(".") in _NAMING_TITLES and first < last:
                    first -= 1
                if kind == "ORG" and self._org_ends:
                    # A listed organisation followed by names but no head: "House of
                    # Representatives Darin LaHood and Mike Bost" is the House and two people.
                    for k in range(first, last):
                        if tokens[k][1] in self._org_ends and words[k + 1] not in _CONNECTORS:
                            if _HEADS.isdisjoint(words[k + 1 :]):
                                last = k
                            break
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
                    found.append(_Candidate(a, b, kind, self._text[a:b], rule, 1))
                rest_before = [t for t in tokens[:first]]
                rest_after = [t for t in tokens[last + 1 :] if t[0] >= b]
                for rest in (rest_before, rest_after):
                    if rest:
                        found.extend(self._classify_piece(form, rest, covered))
                return found
        # Party names: "Liberal Democrats", "Social Democrats", "Liberal National" (before titles:
        # "liberal" and "democrat" are also role words, "Liberal Democrats" no person).
        for index in range(len(words) - 1) if not IDEOLOGY_WORDS.isdisjoint(words) else ():
            if words[index] in IDEOLOGY_WORDS and words[index + 1] in PARTY_NOUNS:
                last = index + 1
                while last + 1 < len(words) and words[last + 1] in PARTY_NOUNS:
                    last += 1
                if (tokens[index][0], tokens[last][1]) not in self._known_spans:
                    return self._name_within(form, tokens, index, last, "ORG", "party", covered, always=True)
        # Titles: the name is what follows the last title word.
        title_at = len(words) - 1
        if TITLES.isdisjoint(words) and form.find(".", tokens[0][0], tokens[-1][1]) < 0:
            title_at = -1  # no title, and no "Gen." that would be one without its period
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
                    found.append(_Candidate(a, b, "PERSON", self._text[a:b], "title", 3))
            before = tokens[:title_at]
            while before and form[before[-1][0] : before[-1][1]].rstrip(".") in TITLES:
                before = before[:-1]
            if before:
                found.extend(self._classify_piece(form, before, covered))
            after = tokens[title_at + 1 + len(name) :] if name else []
            if len(after) > 1 and form[after[0][0] : after[0][1]] == "and":
                # "Senior Advisors Jared Kushner and Ivanka Trump": the second name is a person too.
                named = self._classify_piece(form, after, covered)
                rest = after[1:]
                a, b = rest[0][0], rest[-1][1]
                rest_words = [form[x:y] for x, y in rest]
                if (
                    not named
                    and found
                    and found[-1].type == "PERSON"
                    and 1 < len(rest) <= 3
                    and covered.find(1, a, b) < 0
                    and not any(w in STOP_WORDS or w in _CONNECTORS or w.isupper() for w in rest_words)
                ):
                    named = [_Candidate(a, b, "PERSON", self._text[a:b], "coordination", 3)]
                found.extend(named)
            return found
        # Advocacy groups named "<people> for <cause>": "Parliamentarians for Global Action",
        # "Women for America First", "Physicians for Human Rights".
        if (
            len(words) >= 3
            and words[1] == "for"
            and (words[0] in _GROUP_PLURALS or (words[0].endswith("ians") or words[0].endswith("ists")))
            and words[2][:1].isupper()
            and words[2] not in STOP_WORDS
            and covered.find(0, tokens[2][0], tokens[-1][1]) >= 0  # not "Reporters for Reuters"
        ):
            a, b = tokens[0][0], tokens[-1][1]
            if covered.find(0, a, b) >= 0:
                return [_Candidate(a, b, "ORG", self._text[a:b], "org-head", 1)]
        # Split at connectors: "Kazakhstan and Uzbekistan" is two names; a particle inside a
        # name ("Qaboos bin Said") splits it only if the whole is no name.
        joined = not NAME_JOINERS.isdisjoint(words)
        if not joined and _CONNECTORS.isdisjoint(words):
            return found + self._classify_name(form, tokens, covered)  # one name, as most pieces are
        groups: list[list[tuple[int, int]]] = [[]]
        unnamed: list[list[tuple[int, int]]] = []
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
            if joined and len(group) > 2 and any(form[x:y] in NAME_JOINERS for x, y in group):
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
            named = self._classify_name(form, group, covered)
            if not named and len(groups) == 2 and "and" in words:
                unnamed.append(group)
            found.extend(named)
        if unnamed and any(c.type == "PERSON" and " " in form[c.start : c.end] for c in found):
            # "Darin LaHood and Mike Bost", "Richard and Lisa Parry": a name joined by "and" to a
            # person is a person too, where it looks like one (two or three capitalised words,
            # or a common given name).
            for group in unnamed:
                group_words = [form[x:y] for x, y in group]
                a, b = group[0][0], group[-1][1]
                if covered.find(1, a, b) < 0 and (
                    (1 < len(group) <= 3 and not any(w in STOP_WORDS or w.isupper() for w in group_words))
                    or (len(group) == 1 and group_words[0] in self.given_names)
                ):
                    found.append(_Candidate(a, b, "PERSON", self._text[a:b], "coordination", 3))
        return found
