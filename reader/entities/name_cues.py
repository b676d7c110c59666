"""One capitalised name classified by the words around it (pass 2 of the recogniser): place
context, organisation cues, attribution, apposition, bylines, given names and bundled places;
a name that no cue classifies is kept as a candidate for linking."""

from __future__ import annotations

import re

from reader.entities.lexicon import (
    _APPOSITION,
    _BYLINE,
    _CONNECTORS,
    _NAME_PARTICLES,
    _NOT_A_PERSON,
    _PLACE_AFTER,
    _PLACE_NOUNS_OF,
    _PLACE_WORDS,
    _PRAISE,
    _SPEECH,
    _SPEECH_BEFORE,
    _UPPER,
    COMPANY_AFTER,
    COMPANY_NOUNS,
    CONTRACTION,
    DOMAIN,
    FAMILY_AFTER,
    INSTITUTION_WORDS,
    NOT_PERSON,
    ORG_APPOSITION,
    ORG_OF_BEFORE,
    ORG_POSSESSIVE_AFTER,
    ORG_TITLE_AFTER,
    OUTLET_BEFORE,
    OUTLET_WORDS,
    PERSON_POSSESSIVE_AFTER,
    PERSON_VERB_AFTER,
    ROLE_WORDS,
    SENTENCE_ADVERBS,
    SPEECH_VERBS,
    STOP_WORDS,
    TITLES,
)
from reader.entities.places import place_name, place_type
from reader.entities.recognizer_state import _RecognizerState
from reader.entities.spans import _Candidate, _LowerCaseWords

_COMPANY_AFTER_RE = re.compile(r"[ \t]+(?:" + "|".join(sorted(COMPANY_AFTER)) + r")\b(?![ \t]+(?:of|for)\b)")
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
# After " ", what FAMILY_AFTER needs next: more space, or the first letter of one of its words.
_FAMILY_SECOND = frozenset(" \tfdche")
# Both cues after a name that make it an organisation, in one regex: "X chief executive", "X chain".
_ORG_WORD_AFTER = re.compile(f"(?:{ORG_TITLE_AFTER.pattern})|(?:{_COMPANY_AFTER_RE.pattern})")
# Capitalised words that start sentences: one of them alone names nothing.
_NOT_NAMES = STOP_WORDS | SENTENCE_ADVERBS
_MEMBER_OF = re.compile(r"\b[Mm]embers?[ \t]+of[ \t]+(?:the[ \t]+)?$")
_SPEECH_AFTER_COMMA = re.compile(rf",[ \t]+(?:{SPEECH_VERBS})\b")
_REGION_NAME = re.compile(rf"[{_UPPER}][\w'-]+(?:[ \t][{_UPPER}][\w'-]+)?(?=[\s,.;:)])")
# Plurals of the people of a place: the ending, and what the place's name ends in instead.
_RESIDENT_ENDINGS = (
    ("ians", ("a", "")),  # Floridians, Bostonians
    ("ans", ("a", "o", "as", "")),  # Californians, Coloradans, Texans, Kansans
    ("ers", ("",)),  # Londoners, Hong Kongers, New Yorkers
    ("ites", ("",)),  # Brooklynites
)


def _is_place(entry) -> bool:
    return entry is not None and entry.type == "GPE"


# Adverbs between a name and its speech verb: "Hardeep also stated".
_SPEECH_ADVERBS = frozenset("also later then further previously reportedly once again separately".split())
# Speech verbs that are also plural nouns: "Initial reports stated" names nobody.
_NOUN_VERBS = frozenset("reports claims notes comments estimates".split())
# The first words that PERSON_VERB_AFTER may match (a set lookup before the regex).
_PERSON_VERB_STARTS = frozenset(
    "was were has had is died pleaded testified graduated smiled laughed wept resigned retired".split()
)
# A photo credit: the name right after it, alone up to the period, is its author's.
_CREDITS = ("Image: ", "Photo: ", "Photograph: ", "Picture: ", "Credit: ", "Photo by ")
# Roads named by a number: "Interstate 75", "Highway 401", "Route 66".
_ROAD_WORDS = frozenset("Interstate Highway Route Motorway Expressway Autobahn Freeway".split())
_ROAD_OWNERS = frozenset("State US U.S. County National Provincial".split())
_ROAD_NUMBER = re.compile(r" \d{1,4}[A-Z]?\b")
_SENTENCE_MARKS = frozenset(".!?:;\"“”'(")


class _NameCues(_RecognizerState):
    _lower_case: _LowerCaseWords  # per article, set by `recognize`

    def _classify_name(self, form: str, tokens: list[tuple[int, int]], covered: bytearray) -> list[_Candidate]:
        a, b = tokens[0][0], tokens[-1][1]
        if covered.find(1, a, b) >= 0:
            extended = self._given_names_before_known_surname(form, tokens, covered)
            if extended:
                return [extended]
            if len(tokens) > 1 and covered.find(0, a, b) >= 0 and _COMPANY_AFTER_RE.match(form, b):
                # "Thai Raksa Chart party": a name that ends in a kind of organisation is one
                # name, listed words inside it included.
                return [_Candidate(a, b, "ORG", self._text[a:b], "org-cue", 1)]
            if len(tokens) == 2 and covered.find(1, tokens[0][0], tokens[0][1]) < 0:
                # "Mazars USA", "Netto Poland": a name before a country is the company's branch
                # there, where the name is no word, place or person of the article.
                country = self._known_spans.get(tokens[1])
                word = form[tokens[0][0] : tokens[0][1]]
                if (
                    country is not None
                    and country.type == "GPE"
                    and country.key[1:] in self._countries
                    and word.isalpha()
                    and word not in _NOT_NAMES
                    and word not in self.given_names
                    and word not in self.places
                    and word not in TITLES
                    and word.lower() not in ROLE_WORDS
                    and self.gazetteer.lookup(word) is None
                    and self._lower_case.looks_like_surname(word)
                ):
                    return [_Candidate(a, b, "ORG", self._text[a:b], "org-country", 1)]
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
        if next_char == " " and words[-1] in _ROAD_WORDS:
            number = _ROAD_NUMBER.match(form, b)
            if number is not None:  # "Interstate 75", "State Route 9": roads are places (LOC)
                first = len(tokens) - 1
                if first and words[first - 1] in _ROAD_OWNERS:
                    first -= 1
                start = tokens[first][0]
                return [_Candidate(start, number.end(), "LOC", self._text[start : number.end()], "feature-head", 1)]
        if next_char == ".":
            domain = DOMAIN.match(form, b)
            if domain is not None and len(words) <= 3:
                return [_Candidate(a, domain.end(), "ORG", self._text[a : domain.end()], "domain", 3)]
        for w in words:  # acronyms and codes are handled by the acronym passes
            if len(w) > 1 and w.isupper():
                if len(words) == 1 and w.isalpha() or "-" in w and w.replace("-", "").isalpha():
                    self._acronyms.append((a, b))
                return []
            if not w.isalpha() and (any(ch.isdigit() for ch in w) or CONTRACTION.search(w)):
                return []  # and "I'm", "We're"
        if len(words) == 1 and words[0] in _NOT_NAMES:
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
            len(words) <= 3
            and after.startswith(", ")
            and (b + 2 in self._country_starts or _PLACE_AFTER.match(after) or self._region_at(form, b + 2))
        ):
            return [_Candidate(a, b, "GPE", self._text[a:b], "place", 4)]
        if (
            next_char in _FAMILY_STARTS
            and (next_char == "'" or after[1:2] in _FAMILY_SECOND)
            and FAMILY_AFTER.match(after)
        ):
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
                return [_Candidate(a, b, "ORG", self._text[a:b], "institution", 4)]
            if word[-1] == "s" and len(word) > 4:
                group = self.gazetteer.lookup(word[:-1])
                if group is not None and group.type == "NORP":
                    return [_Candidate(a, b, "NORP", "=" + group.name, "plural", 3)]  # "Samoans"
        if len(words) <= 2 and words[-1][-1] == "s" and len(words[-1]) > 5:
            residents = self._place_of_residents(" ".join(words))
            if residents:
                return [_Candidate(a, b, "NORP", self._text[a:b], "plural", 3)]  # "Coloradans", "Hong Kongers"
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
                or (next_char == " " and _ORG_WORD_AFTER.match(after))
                or (next_char == "," and ORG_APPOSITION.match(after))
                or (line_before.endswith(("of ", "in ", "at ", "the ")) and ORG_OF_BEFORE.search(line_before[-40:]))
            )
            and not (len(words) > 1 and words[0] in self.given_names and next_char == "'")
        ):
            return [_Candidate(a, b, "ORG", self._text[a:b], "org-cue", 3)]
        outlet = not OUTLET_WORDS.isdisjoint(words)
        # Particles do not count towards a name's length: "Haitham bin Tariq Al Said" is four words.
        if (len(words) > 4 and sum(w.lower() not in _NAME_PARTICLES for w in words) > 4) or (
            not _NOT_A_PERSON.isdisjoint(words) and not outlet
        ):
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
        elif (len(line_before) < 40 and _BYLINE.match(line_before)) or (
            1 < len(words) <= 3 and line_before.endswith(_CREDITS) and (next_char in ".(,\n" or not next_char)
        ):
            cue = "byline"  # "Edited by: X", "Image: Gage Skidmore."
        elif (
            (
                first_after in _SPEECH
                or " ".join(following[:2]) in _SPEECH
                or (first_after in _SPEECH_ADVERBS and len(following) > 1 and following[1].strip(',.;:"”') in _SPEECH)
                or (next_char == "," and _SPEECH_AFTER_COMMA.match(after))
            )
            and last not in _PLACE_WORDS
            and (
                len(words) > 1
                or not sentence_start
                or (first_after not in _NOUN_VERBS and self._lower_case.looks_like_surname(words[0]))
            )
        ):
            cue = "attribution"
        elif (
            first_after in _PERSON_VERB_STARTS
            and next_char == " "
            and PERSON_VERB_AFTER.match(form, b)
            and last not in _PLACE_WORDS
            and (len(words) > 1 or not sentence_start or self._lower_case.looks_like_surname(words[0]))
        ):
            cue = "person-verb"  # "Crystal Munoz was convicted", "X died on Monday"
        elif next_char == "'" and PERSON_POSSESSIVE_AFTER.match(form, b):
            cue = "possessive"  # "X's wife", "during X's presidency"
        elif len(words) > 1 and after.startswith(", ") and _APPOSITION.match(after):
            cue = "apposition"
        elif after.startswith(",") and line_before.endswith(", ") and _ROLE_OF_PLACE.search(line_before):
            cue = "apposition"  # "The current president of Namibia, Hage Geingob,"
        elif len(words) > 1 and after.startswith(" of ") and _AFFILIATION.match(after):
            cue = "affiliation"  # "Jane Roe of the Harbour Institute said"
        if outlet:
            # "told the Daily Mail", "Gazeta Prawna reported": an outlet, never a person.
            if cue == "attribution":
                return [_Candidate(a, b, "ORG", self._text[a:b], "outlet", 3)]
            return []
        if cue:
            return [_Candidate(a, b, "PERSON", self._text[a:b], cue, 3)]
        # A common given name before a capitalised word: "Anne Roe" is a person (and a middle
        # one: "Ariel Manuel Friedler").
        if (
            1 < len(words) <= 4
            and (words[0] in self.given_names or (len(words) == 3 and words[1] in self.given_names))
            and not any(w in TITLES for w in words[1:])
            and " ".join(words) not in self.places
        ):
            return [_Candidate(a, b, "PERSON", self._text[a:b], "given-name", 3)]
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
            if (
                len(words) == 1
                and sentence_start
                and not in_context
                and not self._lower_case.looks_like_surname(words[0])
            ):
                return []
            return [_Candidate(a, b, place_type(place), "=" + place_name(name, place), "place-data", 6)]
        if not sentence_start or len(words) > 1:
            self._unclassified.append((a, b))
        return []

    def _place_of_residents(self, name: str) -> str:
        """The place whose people a plural names ("Londoners", "Hong Kongers", "Coloradans",
        "Texans", "Floridians", "Brooklynites"), or ""."""
        for ending, stems in _RESIDENT_ENDINGS:
            if name.endswith(ending):
                base = name[: -len(ending)]
                for stem in stems:
                    place = base + stem
                    if len(place) > 3 and (place in self.places or _is_place(self.gazetteer.lookup(place))):
                        return place
        return ""

    def _region_at(self, form: str, at: int) -> bool:
        """A state, province or country of the bundled place data starts at `at` ("Karipur, Kerala")."""
        match = _REGION_NAME.match(form, at)
        if match is None:
            return False
        place = self.places.get(match.group())
        return place is not None and place[1] in ("r", "n") and not place[2]

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
        return _Candidate(a, b, "PERSON", self._text[a:b], "given-names", 1)
