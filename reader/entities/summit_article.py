"""What pass 6 reads of an article before it settles its summit references: when it was
written, where its dateline and title are, which countries, cities and organisations it names
(`_Article`), and, for each reference (`_Ref`), where and when its own words place it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reader.entities import summit_text as text
from reader.entities.gazetteer import Gazetteer
from reader.entities.recognizer_state import _RecognizerState
from reader.entities.spans import _Candidate
from reader.entities.summits import (
    _is_summit_key,
    first_meeting,
    head_of,
    meeting_in_country,
    meeting_of,
    place_key,
    recorded_meeting,
    series_of_key,
    series_table,
)

_PLACE_NAMED = "summit-place"
# The words that say a meeting took place (not that it was planned or awarded).
_TOOK_PLACE = re.compile(r"\b(?:met|attended|took place|was held|were held|hosted)\b")


@lru_cache(maxsize=4)
def _demonym_countries(gazetteer: Gazetteer) -> dict[str, str]:
    """ "Chinese" → "China": a country's NORP entry follows its GPE entry."""
    entries = gazetteer.entries
    return {
        entries[i + 1].name: entry.name
        for i, entry in enumerate(entries[:-1])
        if entry.type == "GPE" and entries[i + 1].type == "NORP"
    }


@lru_cache(maxsize=4096)
def _series_for(gazetteer: Gazetteer, name: str, acronym: str | None) -> str:
    """ "SCO" → "=SCO summit": the summit series an organisation's name (or acronym) names, the
    gazetteer's when it knows it (asked for every organisation of an article that speaks of one)."""
    options = [f"{acronym} summit"] if acronym else []
    entry = gazetteer.lookup(name)
    if entry is not None:
        options += [f"{surface} summit" for surface in entry.surfaces if surface.isupper()]
        name = entry.name
    options.append(f"{name} summit")
    for option in options:
        known = gazetteer.lookup(option)
        if known is not None and known.type == "EVENT":
            return "=" + known.name
    return options[0]


@dataclass(slots=True)
class _Ref:
    start: int
    end: int
    series: str = ""  # the series it names ("" for a generic reference)
    key: str = ""
    candidate: _Candidate | None = None
    head: str = ""
    determiner: str = ""
    place: str = ""
    country: str = ""  # "the G20 summit in Indonesia": the country its words place it in, without a city
    year: str = ""
    other: bool = False  # its words place it at another time than the article's own meeting
    rival: bool = False  # "a rival summit": not even of the own series
    size: int = 0  # "a four-way summit": how many parties its words say it has
    meeting: str = ""
    open: bool = False
    skip: bool = False
    # "… held a four-way summit, after a planned meeting in Sydney was called off": the summit
    # its sentence names before it, whose series it is, at no meeting (it did not take place)
    called_off: _Ref | None = None
    # its words put it after the time of writing: "week", "month", "year" (how far: "… next month",
    # "next week's …") or "soon" ("ahead of …", "the upcoming …", "will host …"); "" when not
    upcoming: str = ""
    # "the pivotal high-level meeting next month": a reference only for its upcoming words, kept
    # only when they settle which meeting it is
    only_upcoming: bool = False


@dataclass(slots=True)
class _Article:
    form: str
    year: str
    shape: text.Layout
    dateline: str
    countries: frozenset[str]
    organisations: frozenset[str]
    cities: list[tuple[int, str]]  # (start, canonical name) of every city it names
    org_series: list[tuple[int, str]]  # (start, series key) of every organisation with a summit series
    places_at: dict[int, str]  # start → canonical name of every place it names (countries as "")
    spans: list[tuple[int, int]]  # every summit-like phrase, named or generic
    generic: list[re.Match[str]]  # the generic ones
    leaders: dict[int, tuple[str, str]]  # start of a person → (identity, the country the text says is theirs)
    people: list[tuple[int, int, str]]  # (start, end, identity) of every person it names
    _floor: str | None = None

    @property
    def floor(self) -> str:
        """An undated article's earliest possible year (worked out when first asked)."""
        if self._floor is None:
            self._floor = "" if self.year else text.year_floor(self.form)
        return self._floor

    def alone_in(self, start: int, end: int, ref: _Ref) -> bool:
        """Whether no other summit is spoken of in [start, end) (its time words are this one's)."""
        return not any(a < end and start < b and (a, b) != (ref.start, ref.end) for a, b in self.spans)

    def cities_in(self, start: int, end: int) -> list[str]:
        return [name for at, name in self.cities if start <= at < end]


class _SummitArticle(_RecognizerState):
    def _name_of(self, c: _Candidate) -> str:
        return c.key[1:] if c.key.startswith("=") else self._text[c.start : c.end]

    def _event_key(self, series: str) -> str:
        known = self.gazetteer.lookup(series)
        return "=" + known.name if known is not None and known.type == "EVENT" else series

    def _organiser(self, form: str, c: _Candidate, countries: set[str] | frozenset[str]) -> str:
        """The gazetteer name of an organisation, qualified by its country where the text leaves
        that out: "Vietnam's ruling Communist Party", or "the Communist Party" in an article that
        names one country whose Communist Party the gazetteer knows ("Communist Party of China")."""
        name = self._name_of(c)
        entry = self.gazetteer.lookup(name)
        if entry is not None:
            return entry.name
        owner = text.COUNTRY_POSSESSIVE.search(form, max(0, c.start - 40), c.start)
        pool = [owner.group(1)] if owner else sorted(countries)
        demonyms = {country: norp for norp, country in _demonym_countries(self.gazetteer).items()}
        found = set()
        for country in pool:
            entry = self.gazetteer.lookup(country)
            country = entry.name if entry is not None else country
            for option in (f"{name} of {country}", f"{demonyms.get(country, '')} {name}"):
                known = self.gazetteer.lookup(option)
                if known is not None and known.type == "ORG":
                    found.add(known.name)
        return found.pop() if len(found) == 1 else name

    def _series_name(self, form: str, organiser: _Candidate, acronym: str | None) -> str:
        return _series_for(self.gazetteer, self._name_of(organiser), acronym)

    def _city(self, form: str, c: _Candidate) -> str:
        """The canonical name of a city (a place that is not a country) the candidate names, else ""."""
        if c.type != "GPE":
            return ""
        name = self._name_of(c)
        entry = self.gazetteer.lookup(name)
        if entry is not None:
            name = entry.name
        return "" if name in self._countries else name

    def _cities(self, form: str, candidates: list[_Candidate]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p for p in (self._city(form, c) for c in candidates if c.type == "GPE") if p))

    def _place_name(self, written: str) -> str:
        """A place as written after "in": its canonical name; "" for a country or no place."""
        entry = self.gazetteer.lookup(written) or self.gazetteer.lookup(written.split()[0])
        if entry is not None:
            if entry.type != "GPE" or entry.name in self._countries:
                return ""
            return entry.name
        place = self.places.get(written)
        return written if place is not None and place[1] != "l" else ""

    def _country_after(self, form: str, end: int) -> str:
        """ "in Uzbekistan" right after `end`: the country (gazetteer name), else ""."""
        found = text.IN_PLACE.match(form, end)
        if not found:
            return ""
        entry = self.gazetteer.lookup(found.group(1)) or self.gazetteer.lookup(found.group(1).split()[0])
        return entry.name if entry is not None and entry.name in self._countries else ""

    def _raise_floor(self, form: str, candidates: list[_Candidate], article: _Article) -> None:
        """An undated article was written in or after the year of a meeting it says took place
        ("Biden and Xi met on the margins of the G20 summit in Bali"), when the record
        has the series meet at that place only once: its floor rises to that year."""
        if article.year:
            return
        years = []
        for c in candidates:
            if c.type != "EVENT" or c.rule == _PLACE_NAMED or not self._is_series(c):
                continue
            known = series_table().get(series_of_key(c.key))
            place, _ = self._place_after(form, c.end, article)
            if known is None or not place:
                continue
            at = {y for y, p in known.meetings if place_key(p) == place_key(place)}
            clause = text.clause(form, article.shape, c.start, c.end)
            if len(at) == 1 and _TOOK_PLACE.search(form, *clause) and article.alone_in(*clause, _Ref(c.start, c.end)):
                years.append(at.pop())
        if years and (not article.floor or max(years) > int(article.floor)):
            article._floor = str(max(years))

    def _place_after(self, form: str, end: int, article: _Article) -> tuple[str, int]:
        """ "in Astana", "at Mamallapuram", "in the Volga city of Kazan" right after `end`: the
        city and where its phrase ends ("" and `end` when none, or a country)."""
        found = text.CITY_OF.match(form, end) or text.IN_PLACE.match(form, end)
        if not found:
            return "", end
        known = article.places_at.get(found.start(1))
        if known is not None:
            return known, found.end()
        written = found.group(1)
        if self.gazetteer.lookup(written) is not None or written in text.NOT_PLACES:
            return self._place_name(written), found.end()
        # A capitalised name no pass knows, after "in"/"at", is a place for this purpose: it can
        # only make the reference another meeting than the article's own, never link it wrongly.
        return written, found.end()

    def _article(self, form: str, candidates: list[_Candidate]) -> _Article:
        shape = text.layout(form)
        year = text.article_year(form, self._date)
        written = text.dateline(form, shape)
        dateline = self._place_name(written.title()) if written else ""
        demonyms = _demonym_countries(self.gazetteer)
        countries = set()
        cities = []
        org_series = []
        places_at = {}
        generic = list(text.matches_ending(form, text.GENERIC_HEADS, text.GENERIC))
        spans = [(m.start("span"), m.end("span")) for m in generic]
        people = [
            (c.start, c.end, c.key[1:] if c.key.startswith("=") else c.key) for c in candidates if c.type == "PERSON"
        ]
        leaders = self._leaders(form, candidates, demonyms) if "summit" in form else {}
        for c in candidates:
            if c.type == "EVENT" and self._is_series(c):
                spans.append((c.start, c.end))
            if c.type == "GPE":
                name = self._name_of(c)
                if name in self._countries:
                    countries.add(name)
                    places_at[c.start] = ""
                else:
                    city = self._city(form, c)
                    if city:
                        cities.append((c.start, city))
                        places_at[c.start] = city
            elif c.type == "NORP":
                country = demonyms.get(self._name_of(c))
                if country:
                    countries.add(country)
            elif c.type == "ORG":
                series = self._series_name(form, c, None)
                if series.startswith("="):
                    org_series.append((c.start, series))
        return _Article(
            form,
            year,
            shape,
            dateline,
            frozenset(countries),
            frozenset(series_of_key(s) for _, s in org_series),
            cities,
            org_series,
            places_at,
            spans,
            generic,
            leaders,
            people,
        )

    def _leaders(self, form: str, candidates: list[_Candidate], demonyms: dict[str, str]) -> dict[int, tuple[str, str]]:
        """The people the text names as a country's leader ("France's President Emmanuel Macron",
        "German Chancellor Olaf Scholz"): start → (identity, country); each mention of one
        of them, by the same identity, is theirs too."""
        of: dict[str, str] = {}
        previous = None
        for c in candidates:
            if c.type == "PERSON" and previous is not None and previous.type in ("GPE", "NORP"):
                name = self._name_of(previous)
                country = name if previous.type == "GPE" and name in self._countries else demonyms.get(name, "")
                if country and text.LEADER_ROLE.match(form, previous.end, c.start):
                    of.setdefault(c.key[1:] if c.key.startswith("=") else c.key, country)
            previous = c
        return {
            c.start: (identity, of[identity])
            for c in candidates
            if c.type == "PERSON" and (identity := c.key[1:] if c.key.startswith("=") else c.key) in of
        }

    def _is_series(self, c: _Candidate) -> bool:
        return c.rule == _PLACE_NAMED or _is_summit_key(c.key) or series_of_key(c.key) in series_table()

    def _cues(
        self, form: str, ref: _Ref, before: list[_Ref], article: _Article, place: str = "", after: int = 0
    ) -> None:
        """Where and when the reference's own words place its meeting; sets place, year, meeting,
        other (another time than the article's own) and open (cues the record cannot place).
        `after`: where a place phrase may start when not right after the reference ("a meeting of
        the SCO in the same city")."""
        after = after or ref.end
        end = after
        if not place:
            place, end = self._place_after(form, after, article)
            if not place and text.SAME_CITY.match(form, after):
                sentence = article.shape.sentence_of(ref.start)
                earlier = [r for r in before if r.place and sentence[0] <= r.start < ref.start]
                place = max(earlier, key=_start_of).place if earlier else ""
            if not place:
                host = text.HOSTED_BEFORE.search(form, max(0, ref.start - 80), ref.start)
                if host:
                    place = article.places_at.get(host.start(1), "")
        clause = text.clause(form, article.shape, ref.start, ref.end)
        sentence = article.shape.sentence_of(ref.start)
        year = (
            text.premodifier_year(form, ref.start)
            or text.clause_has_year(form, ref.start, ref.end)  # "the 2008 summit"
            or _year_after(form, end)
            or _year_after(form, ref.end)
        )
        if not year and ref.determiner:
            year, ref.other = text.determiner_year(ref.determiner, article.year)
        if not year and article.alone_in(*clause, ref):
            year = text.clause_has_year(form, clause[0], clause[1])
            if not year:
                year, ref.other = text.relative_year(form[clause[0] : clause[1]], article.year)
                ref.other = ref.other or bool(year and article.year and year != article.year)
        if not year and place and article.alone_in(*sentence, ref):
            year = text.clause_has_year(form, sentence[0], sentence[1])  # "… at Mamallapuram, on the coast, in 2019"
        opening = text.opening_clause(form, sentence[0], ref.start)
        if not year and not ref.other and ref.determiner != "this" and opening and article.alone_in(*opening, ref):
            # "Last year, at the economic forum in Davos, …": the sentence's time
            year = text.clause_has_year(form, *opening)
            if not year:
                year, ref.other = text.relative_year(form[opening[0] : opening[1]], article.year)
            ref.other = ref.other or bool(year and article.year and year != article.year)
        ref.place, ref.year = place, year
        ref.country = "" if place else self._country_after(form, after)
        if ref.series and not place and not year and text.first_of_series(form, ref.start, clause[1]):
            ref.meeting = first_meeting(ref.series)
        elif ref.series and ref.country:
            year = year or article.year
            ref.meeting = meeting_in_country(ref.series, ref.country, year, "" if year else article.floor)
        elif ref.series and (place or year):
            ref.meeting = self._meeting_for(ref.series, place, year, article)
            known = series_table().get(ref.series)
            ref.open = not ref.meeting and known is not None and bool(known.meetings)
        if ref.meeting and article.year and not ref.meeting.startswith(article.year):
            ref.other = True
        if text.FROM_BEFORE.search(form, max(0, ref.start - 12), ref.start):
            ref.other = True  # "came to New Delhi from the ASEAN summit in Jakarta": one before

    def _meeting_for(self, series: str, place: str, year: str, article: _Article) -> str:
        if place and not year:
            return meeting_of(series, "", place, floor=article.floor) or (
                meeting_of(series, article.year, place, latest=True) if article.year else ""
            )
        return meeting_of(series, year, place, latest=True)

    def _uncued_meeting(self, series: str, article: _Article) -> str:
        """A named summit's meeting when its words say nothing: the record's in the article's
        year (at a city the article names, if it met at several that year)."""
        cities = [name for _, name in article.cities] + ([article.dateline] if article.dateline else [])
        if article.year:
            year, place = recorded_meeting(series, article.year, cities)
            return meeting_of(series, year, place) if place else ""
        if article.floor:
            for city in dict.fromkeys(cities):
                meeting = meeting_of(series, "", city, floor=article.floor)
                if meeting:
                    return meeting
        return ""


def _summit_like(series: str) -> bool:
    return head_of(series) == "summit" and (series in series_table() or _is_summit_key(series))


def _determiner_before(form: str, start: int) -> str:
    found = text.DETERMINER_BEFORE.search(form, max(0, start - 16), start)
    return found.group(1).lower() if found else ""


def _any_such(form: str, ref: _Ref, article: _Article) -> bool:
    """ "the first time he has skipped a G20 summit since he took power": any of the series'."""
    return text.ANY_SUCH.search(form, ref.end, article.shape.sentence_of(ref.start)[1]) is not None


def _year_after(form: str, end: int) -> str:
    found = text.IN_YEAR.match(form, end)
    return found.group(1) if found else ""


def _earlier_than(ref: _Ref, article: _Article) -> bool:
    return bool(ref.meeting and article.year and not ref.meeting.startswith(article.year))


def _start_of(ref: _Ref) -> int:
    return ref.start
