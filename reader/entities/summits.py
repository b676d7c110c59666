"""Summits named in an article: which keys name a summit series, the series the data knows
(members and past meetings, `data/summits.toml`; the country of each city they met in and the
regions a summit may be named after, `data/summit_places.toml`), and where and when a summit met
("SCO summit 2024 Astana").

A reference the article cannot settle alone (a place-named summit of no series the article
names, a summit the article never names) is handed to linking as a mention with rule
`SUMMIT_REFERENCE`: its `instance` holds a `Hint` (``"?<year>|<places>|<countries>|<series of
the organisations named>|own|<parties>|<other summits' parties>|open"``: when, where and who, as
the article says), and linking settles it against the meetings named elsewhere in the corpus and
the series' record (`resolve_reference`), or drops it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reader.entities.gazetteer import Gazetteer
from reader.entities.lexicon import _IN_PLACE, _SENTENCE_END, _YEAR
from reader.entities.normalize import identity_key
from reader.entities.summit_text import article_year

SUMMIT_REFERENCE = "summit-ref"
# A summit mention whose words say another meeting than the record knows ("the Quad summit in
# Sydney"), or none in particular ("skipped a G20 summit since"): it has no meeting.
SUMMIT_OPEN = "summit-open"
_DATA = Path(__file__).parent / "data" / "summits.toml"
_PLACES = Path(__file__).parent / "data" / "summit_places.toml"


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    members: frozenset[str]
    meetings: tuple[tuple[int, str], ...]  # (year, place as written in the record), by year
    organiser: str = ""
    head: str = "summit"


def place_key(place: str) -> str:
    key = identity_key(place.replace("-", " "))
    return "st" + key[5:] if key.startswith("saint") else key  # "St Petersburg", "Saint Petersburg"


@lru_cache(maxsize=1)
def series_table() -> dict[str, Series]:
    """The series the data knows, by canonical name."""
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    table = {}
    for name, fields in data.items():
        meetings = []
        for text in fields.get("meetings", []):
            year, _, place = text.partition(" ")
            meetings.append((int(year), place))
        for text in fields.get("annual", []):
            years, _, place = text.partition(" ")
            first, _, last = years.partition("-")
            meetings.extend((year, place) for year in range(int(first), int(last or first) + 1))
        table[name] = Series(
            name,
            frozenset(fields.get("members", [])),
            tuple(sorted(meetings)),
            fields.get("organiser", ""),
            fields.get("head", "summit"),
        )
    return table


@lru_cache(maxsize=1)
def _meetings_by_place() -> dict[str, list[tuple[str, int, str]]]:
    found: dict[str, list[tuple[str, int, str]]] = {}
    for series in series_table().values():
        for year, place in series.meetings:
            found.setdefault(place_key(place), []).append((series.name, year, place))
    return found


@lru_cache(maxsize=1)
def _by_organiser() -> dict[tuple[str, str], str]:
    return {(s.organiser, s.head): s.name for s in series_table().values() if s.organiser}


def series_of_organiser(organiser: str, head: str) -> str:
    """The series the data names as `organiser`'s meetings of that kind ("congress"), else ""."""
    return _by_organiser().get((organiser, head), "")


def head_of(series: str) -> str:
    """The noun a generic reference to the series uses ("summit", "congress", "games")."""
    known = series_table().get(series)
    return known.head if known is not None else "summit"


def first_meeting(series: str) -> str:
    """ "the first EU-Central Asia summit": the series' first recorded meeting, "year place"."""
    known = series_table().get(series)
    if known is None or not known.meetings:
        return ""
    year, place = known.meetings[0]
    return f"{year} {place}"


def meetings_at(place: str) -> list[tuple[str, int, str]]:
    """(series, year, place) of every recorded meeting at `place`."""
    return _meetings_by_place().get(place_key(place), [])


@lru_cache(maxsize=1)
def _summit_places() -> tuple[dict[str, str], dict[str, frozenset[str]], dict[str, str]]:
    """(place key of a recorded meeting's city → its country, region → its countries,
    adjective → its region)."""
    data = tomllib.loads(_PLACES.read_text(encoding="utf-8"))
    country_of = {place_key(city): country for country, cities in data["countries"].items() for city in cities}
    regions = {region: frozenset(countries) for region, countries in data["regions"].items()}
    return country_of, regions, dict(data["adjectives"])


def country_of(city: str) -> str:
    """The country of a city the record has a meeting in ("Samarkand" → "Uzbekistan"), else ""."""
    return _summit_places()[0].get(place_key(city), "")


def region_countries(region: str) -> frozenset[str]:
    """The countries of a region a summit may be named after ("Central Asia"), else none."""
    return _summit_places()[1].get(region, frozenset())


def region_of_adjective(adjective: str) -> str:
    """ "Central Asian" → "Central Asia", else ""."""
    return _summit_places()[2].get(adjective, "")


def series_of_pair(first: str, second: str) -> str:
    """The summit series the record has of exactly these two countries ("China–Russia summit"), else ""."""
    pair = frozenset((first, second))
    found = [s.name for s in series_table().values() if s.head == "summit" and s.members == pair]
    return found[0] if len(found) == 1 else ""


def meeting_in_country(series: str, country: str, year: str = "", floor: str = "") -> str:
    """ "the G20 summit in Indonesia": the series' one recorded meeting in that country, in
    `year` when known, else since `floor` (an undated article's earliest year); "" when the
    record has not exactly one."""
    known = series_table().get(series)
    if known is None:
        return ""
    there = [(y, p) for y, p in known.meetings if country_of(p) == country]
    if year:
        there = [(y, p) for y, p in there if str(y) == year]
    elif floor:
        there = [(y, p) for y, p in there if y >= int(floor)]
    return f"{there[0][0]} {there[0][1]}" if len(there) == 1 else ""


def next_meeting(series: str, year: str) -> str:
    """ "year place" of the series' first recorded meeting after `year`, "" when the record has
    none or several in that year."""
    known = series_table().get(series)
    later = [(y, p) for y, p in known.meetings if y > int(year)] if known is not None and year.isdigit() else []
    first = [(y, p) for y, p in later if y == later[0][0]] if later else []
    return f"{first[0][0]} {first[0][1]}" if len(first) == 1 else ""


def _is_summit_key(key: str) -> bool:
    return key.lower().endswith("summit")


def series_of_key(key: str) -> str:
    return key[1:] if key.startswith("=") else key


def place_after(form: str, end: int, gazetteer: Gazetteer):
    """ "in Astana" / "at Hiroshima" right after `end`: (the place as written, its gazetteer entry or None)."""
    place = _IN_PLACE.match(form, end)
    if not place:
        return "", None
    return place.group(1), gazetteer.lookup(place.group(1)) or gazetteer.lookup(place.group(1).split()[0])


def recorded_meeting(series: str, year: str, places: list[str] | tuple[str, ...] = ()) -> tuple[str, str]:
    """(year, place) of the series' recorded meeting that fits: in `year` at one of `places`,
    else the only one in `year`, else (no year) the only one at one of `places`; ("", "")
    when the record does not settle it."""
    known = series_table().get(series)
    if known is None:
        return "", ""
    keys = {place_key(p) for p in places}
    if year:
        same_year = [(str(y), p) for y, p in known.meetings if str(y) == year]
        named = [m for m in same_year if place_key(m[1]) in keys]
        if len(named) == 1:
            return named[0]
        return same_year[0] if len(same_year) == 1 else ("", "")
    at = [(str(y), p) for y, p in known.meetings if place_key(p) in keys]
    return at[0] if len(at) == 1 else ("", "")


def meeting_of(series: str, year: str, place: str, latest: bool = False, floor: str = "") -> str:
    """ "2024 Astana" for a series, a year and a place as found (either may be missing): the
    record fills in what it settles; a place the record contradicts for a known year stays out.
    With `latest`, a place the series met at several times before `year` is the last of them;
    with `floor` (an undated article's earliest possible year), one met at several times is the
    only one since."""
    known = series_table().get(series)
    if known is not None:
        if place and not year:
            at = [y for y, p in known.meetings if place_key(p) == place_key(place)]
            if floor and len(at) > 1:
                at = [y for y in at if y >= int(floor)]
            if len(at) == 1:
                year = str(at[0])
        elif year and not place:
            place = recorded_meeting(series, year)[1]
        elif year and place and known.meetings:
            years = {str(y) for y, _ in known.meetings}
            recorded = {place_key(p) for y, p in known.meetings if str(y) == year}
            if place_key(place) not in recorded:
                at = [y for y, p in known.meetings if place_key(p) == place_key(place)]
                before = [y for y in at if str(y) <= year]
                if len(at) == 1:
                    year = str(at[0])  # "the G20 summit in Bali" in a 2024 article: 2022
                elif latest and before:
                    year = str(max(before))  # "the Johannesburg summit" in 2024: the last one there
                elif year in years or int(year) <= max(int(y) for y in years):
                    return ""  # "the Quad summit in Sydney" that the record says met elsewhere
    if year and place:
        if known is not None:  # the record's spelling of a place it has
            place = next((p for y, p in known.meetings if str(y) == year and place_key(p) == place_key(place)), place)
        return f"{year} {place}"
    return ""


def summit_instance(
    form: str, mention_end: int, article_date: str, gazetteer: Gazetteer, series: str = "", places: tuple = ()
) -> str:
    """ "2023 Vilnius": where (and when) a named summit met, from the sentence after it ("in
    Vilnius on July 11, 2023"), the article's year, and the series' record."""
    _, entry = place_after(form, mention_end, gazetteer)
    place = entry.name if entry is not None and entry.type == "GPE" else ""
    sentence_end = _SENTENCE_END.search(form, mention_end)
    sentence = form[mention_end : sentence_end.start() if sentence_end else mention_end + 200]
    year_match = _YEAR.search(sentence)
    year = year_match.group(1) if year_match else article_year(form, article_date)
    if not series:
        return f"{year} {place}" if year and place else place
    if not place:
        year, place = recorded_meeting(series, year, places) if (year or places) else ("", "")
    return meeting_of(series, year, place)


@dataclass(frozen=True, slots=True)
class Hint:
    """What an article says about a summit reference it cannot settle alone: the year (its date's
    or its text's; "2023+" for not before 2023), the places that say where (the reference's own
    "in X", else the article's title, dateline and the sentence that introduces the summit), the
    countries it names, the series of the organisations it names, whether it is the article's
    own summit (then the meetings the article names itself are other meetings), and how many
    parties it has when the text says so ("a four-way summit"); `others`: the numbers of parties
    of the article's other summits (the own one is "the three-day summit" beside "a four-way
    summit of their own": not a series of four)."""

    year: str = ""
    places: tuple[str, ...] = ()
    countries: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()
    own: bool = False
    size: int = 0
    others: frozenset[int] = frozenset()
    open: bool = False  # the series is that of the meeting it settles, but no meeting took place

    def text(self) -> str:
        fields = (
            self.year,
            ";".join(self.places),
            ";".join(sorted(self.countries)),
            ";".join(sorted(self.organisations)),
            "own" if self.own else "",
            str(self.size) if self.size else "",
            ";".join(str(n) for n in sorted(self.others)),
            "open" if self.open else "",
        )
        return "?" + "|".join(fields)

    def fits_year(self, year: int) -> bool:
        if not self.year:
            return True
        if self.year.endswith("+"):
            return year >= int(self.year[:-1])
        return str(year) == self.year


def parse_hint(hint: str) -> Hint:
    year, places, countries, organisations, own, size, others, open_ = (hint[1:].split("|") + [""] * 8)[:8]
    return Hint(
        year,
        tuple(p for p in places.split(";") if p),
        frozenset(c for c in countries.split(";") if c),
        frozenset(o for o in organisations.split(";") if o),
        own == "own",
        int(size) if size.isdigit() else 0,
        frozenset(int(n) for n in others.split(";") if n.isdigit()),
        open_ == "open",
    )


def _is_summit_series(series: str) -> bool:
    known = series_table().get(series)
    return known.head == "summit" if known is not None else _is_summit_key(series)


def _take_part(series: str, hint: Hint, enough: int) -> bool:
    """Whether the article names who takes part in the series: its organisation, or `enough` of
    its members (all of them for a series of fewer); a series of as many members as the text
    says it has parties, if it says."""
    known = series_table().get(series)
    if hint.size and (known is None or len(known.members) != hint.size):
        return False
    if known is not None and len(known.members) in hint.others:
        return False  # the article's other summit is the one of that many parties
    if series in hint.organisations:
        return True
    if known is None or not known.members:
        return False
    return len(known.members & hint.countries) >= min(enough, len(known.members))


def resolve_reference(
    hint: str, named: dict[str, set[str]], named_here: frozenset[tuple[str, str]] = frozenset()
) -> tuple[str, str] | None:
    """The (series, "year place") a reference the article could not settle is, from its hint: the
    one meeting named elsewhere in the corpus (`named`: series → {"year place"}) at a place the
    hint names, in its year (when known), of a series whose participants the article names; else
    the one meeting of the series' record that fits, when the article names its organisation or
    three of its members. None when that is not exactly one meeting (never guessed). An open
    hint's meeting is "?": the series is that meeting's, the reference is of none."""
    parsed = parse_hint(hint)
    keys = {place_key(p) for p in parsed.places}
    if not keys:
        return None
    found = set()
    for series, meetings in named.items():
        if not _is_summit_series(series) or not _take_part(series, parsed, 2):
            continue
        for meeting in meetings:
            year, _, place = meeting.partition(" ")
            if parsed.own and (series, meeting) in named_here:
                continue  # the article names it as another meeting than its own
            if place_key(place) in keys and year.isdigit() and parsed.fits_year(int(year)):
                found.add((series, meeting))
    if not found:
        for known in series_table().values():
            if known.head != "summit" or not _take_part(known.name, parsed, 3):
                continue
            if not parsed.year and known.name not in parsed.organisations:
                continue  # a place alone does not say which of the record's meetings
            for met, place in known.meetings:
                if place_key(place) in keys and parsed.fits_year(met):
                    found.add((known.name, f"{met} {place}"))
    if len(found) != 1:
        return None
    series, meeting = found.pop()
    return (series, "?") if parsed.open else (series, meeting)  # "?": no meeting (linking names none)
