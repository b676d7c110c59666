"""Summits named in an article: which keys name a summit series, the series the data knows
(members and past meetings, `data/summits.toml`), and where and when a summit met
("SCO summit 2024 Astana").

A reference the article cannot settle alone (a place-named summit of no series the article
names, a summit the article never names) is handed to linking as a mention with rule
`SUMMIT_REFERENCE`: its `instance` holds the hint ``"?<year>|<place>;<place>|<country>;…"``
(the year from the article's date or its text, the places it names near the reference or in
the article, and the countries it names), and linking settles it against the meetings named
elsewhere in the corpus and the series' record (`resolve_reference`), or drops it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reader.entities.gazetteer import Gazetteer
from reader.entities.lexicon import _IN_PLACE, _SENTENCE_END, _YEAR
from reader.entities.normalize import identity_key

SUMMIT_REFERENCE = "summit-ref"
_DATA = Path(__file__).parent / "data" / "summits.toml"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_FULL_DATE = re.compile(rf"\b(?:{_MONTHS})[ \t]+\d{{1,2}},[ \t]+(19[5-9]\d|20\d\d)\b")


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    members: frozenset[str]
    meetings: tuple[tuple[int, str], ...]  # (year, place as written in the record)


def place_key(place: str) -> str:
    return identity_key(place.replace("-", " "))


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
        table[name] = Series(name, frozenset(fields.get("members", [])), tuple(meetings))
    return table


@lru_cache(maxsize=1)
def _meetings_by_place() -> dict[str, list[tuple[str, int, str]]]:
    found: dict[str, list[tuple[str, int, str]]] = {}
    for series in series_table().values():
        for year, place in series.meetings:
            found.setdefault(place_key(place), []).append((series.name, year, place))
    return found


def meetings_at(place: str) -> list[tuple[str, int, str]]:
    """(series, year, place) of every recorded meeting at `place`."""
    return _meetings_by_place().get(place_key(place), [])


def _is_summit_key(key: str) -> bool:
    return key.lower().endswith("summit")


def series_of_key(key: str) -> str:
    return key[1:] if key.startswith("=") else key


def article_year(form: str, date: str) -> str:
    """The article's year: its date's, else the first full date in its text ("July 11, 2023")."""
    year = _YEAR.search(date or "")
    if year:
        return year.group(1)
    written = _FULL_DATE.search(form)
    return written.group(1) if written else ""


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


def meeting_of(series: str, year: str, place: str, latest: bool = False) -> str:
    """ "2024 Astana" for a series, a year and a place as found (either may be missing): the
    record fills in what it settles; a place the record contradicts for a known year stays out.
    With `latest`, a place the series met at several times before `year` is the last of them."""
    known = series_table().get(series)
    if known is not None:
        if place and not year:
            at = [y for y, p in known.meetings if place_key(p) == place_key(place)]
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
        return f"{year} {place}"
    return ""


def summit_instance(
    form: str, mention_end: int, article_date: str, gazetteer: Gazetteer, series: str = "", places: tuple = ()
) -> str:
    """ "2024 Astana": where (and when) a named summit met, from the sentence after it ("in
    Astana on July 3, 2024"), the article's year, and the series' record."""
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


def reference_hint(year: str, places: list[str], countries: list[str]) -> str:
    return f"?{year}|{';'.join(places)}|{';'.join(countries)}"


def parse_hint(hint: str) -> tuple[str, list[str], set[str]]:
    year, places, countries = (hint[1:].split("|") + ["", "", ""])[:3]
    return year, [p for p in places.split(";") if p], {c for c in countries.split(";") if c}


def resolve_reference(hint: str, named: dict[str, set[str]]) -> tuple[str, str] | None:
    """The (series, "year place") a reference the article could not settle is, from its hint and
    the meetings named elsewhere in the corpus (`named`: series → {"year place"}): the one meeting
    named in the corpus that took place at a place the reference names, in its year (when known),
    with the series' members among the countries the article names (when the record lists them).
    None when that is not exactly one meeting."""
    year, places, countries = parse_hint(hint)
    keys = {place_key(p) for p in places}
    found = set()
    for series, meetings in named.items():
        known = series_table().get(series)
        if known is not None and known.members and countries and len(known.members & countries) < 2:
            continue
        for meeting in meetings:
            y, _, place = meeting.partition(" ")
            if place_key(place) in keys and (not year or y == year):
                found.add((series, meeting))
    return found.pop() if len(found) == 1 else None
