"""Passes 4 and 6 of the recogniser: "<organisation> summit" as the series ("SCO summit"), place-
named summits ("the Kazan summit"), and generic references ("the summit", "the two-day meeting")
to the summit an article names."""

from __future__ import annotations

import re

from reader.entities.lexicon import _ANOTHER_MEETING, _GENERIC, _SUMMIT_AFTER, _YEAR
from reader.entities.recognizer_state import _RecognizerState
from reader.entities.spans import _Candidate, _offset_after_paragraphs, _resolve
from reader.entities.summits import (
    SUMMIT_REFERENCE,
    _is_summit_key,
    article_year,
    meeting_of,
    meetings_at,
    place_after,
    reference_hint,
    series_of_key,
)

_PLACE_NAMED = "summit-place"
_OF_ORGANISATION = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?")


class _SummitPasses(_RecognizerState):
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


def _start_of(c: _Candidate) -> int:
    return c.start
