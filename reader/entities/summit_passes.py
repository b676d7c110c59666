"""Pass 4 of the recogniser: summits named by their series ("SCO summit", "the India-Central
Asia summit"), by an organisation's possessive ("NATO's anniversary gathering", "the Communist
Party's congress") and by a place ("the Kazan summit", settled in pass 6). Pass 6, the
references to them, is in `summit_references`."""

from __future__ import annotations

import re

from reader.entities.places import place_type
from reader.entities.spans import _Candidate
from reader.entities.summit_article import _demonym_countries
from reader.entities.summit_references import _PLACE_NAMED, _SummitReferences
from reader.entities.summit_text import OF_ORGANISER, POSSESSIVE_HEAD, SUMMIT_AFTER
from reader.entities.summits import (
    _is_summit_key,
    article_year,
    head_of,
    meeting_of,
    meetings_at,
    series_of_key,
    series_of_organiser,
    series_table,
)

__all__ = ["_PLACE_NAMED", "_SummitPasses"]

# Words of an organisation's names that do not say which one it is ("Communist Party of China").
_COMMON_NAME_WORDS = frozenset({"party", "of", "the", "national", "congress", "and"})

# "the Ufa summit": a capitalised word or two the other passes left alone, before "summit".
_UNKNOWN_PLACE_SUMMIT = re.compile(
    r"\b[Tt]he[ \t]+([A-Z][a-z'\-]+(?:-[A-Z][a-z]+)?(?:[ \t]+[A-Z][a-z'\-]+)?)[ \t]+summit\b"
)


class _SummitPasses(_SummitReferences):
    # -------------------------------------------------------------- 4. summits

    def _summit_pass(self, form: str, candidates: list[_Candidate]) -> list[_Candidate]:
        result: list[_Candidate] = []
        skip_until = -1
        owners: dict[str, str] = {}
        for c in candidates:
            if c.start < skip_until:
                continue
            institution = self._another_owner(form, c, candidates, owners) if c.type == "EVENT" else None
            if institution is not None:  # "Argentina's National Congress": not the party congress of that name
                if institution:
                    result.append(_Candidate(c.start, c.end, "ORG", institution, "org-head", 1))
                continue
            if c.type in ("ORG", "GPE", "LOC", "EVENT") and not _is_summit_key(c.key):
                after = SUMMIT_AFTER.match(form, c.end)
                if after:
                    partner = (
                        result[-1] if result and result[-1].end == c.start - 1 and form[c.start - 1] == "-" else None
                    )
                    place = self._city(form, c)
                    if place and partner is None:
                        organiser = OF_ORGANISER.match(form, after.end())
                        owner = next(
                            (o for o in candidates if organiser and o.start == organiser.end() and o.type == "ORG"),
                            None,
                        )
                        if owner is not None:  # "the Vilnius summit of the North Atlantic Treaty Organization"
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
            if c.type == "ORG" and form.startswith("'s", c.end):
                owned = self._possessive_summit(form, c, candidates)
                if owned is not None:  # the organisation stays itself; its summit is the noun after
                    result.append(c)
                    result.append(owned)
                    skip_until = owned.end
                    continue
            result.append(c)
        if "summit" in form:
            result = self._unknown_place_summits(form, result)
        return result

    def _another_owner(
        self, form: str, c: _Candidate, candidates: list[_Candidate], owners: dict[str, str]
    ) -> str | None:
        """For a gazetteer meeting that belongs to one organisation ("National Congress": the
        Communist Party of China's, by the data) named by words that do not say whose it is:
        None when the text says it is that organisation's (the owner before it, "the CPC's
        National Congress", or after it, "of the Communist Party", or, with no
        owner written, the article names that organisation); else another owner's institution
        (a legislature is called so too): "National Congress of Argentina" for "Argentina's
        National Congress", the same for a later bare "the National Congress", and "" (no
        mention) when the text names no owner at all."""
        if c.rule != "gazetteer":
            return None
        known = series_table().get(series_of_key(c.key))
        organiser = self.gazetteer.lookup(known.organiser) if known is not None and known.organiser else None
        if organiser is None:
            return None
        surface = self._text[c.start : c.end]
        own_words = {w.lower() for name in organiser.surfaces for w in name.split()} - _COMMON_NAME_WORDS
        if not own_words.isdisjoint(w.lower() for w in surface.split()):
            return None  # "National Congress of the Chinese Communist Party"
        countries = {self._name_of(o) for o in candidates if o.type == "GPE"} & self._countries

        def others(o: _Candidate) -> str | None:
            """None when `o` is the organisation (or its country); else the institution's key."""
            if o.type == "ORG":
                return (
                    None
                    if self._organiser(form, o, countries) == organiser.name
                    else f"{surface} of {self._name_of(o)}"
                )
            if not own_words.isdisjoint(self._text[o.start : o.end].lower().split()):
                return None
            return f"{surface} of {self._name_of(o)}" if o.type == "GPE" else ""

        before = next((o for o in candidates if c.start - 3 <= o.end < c.start), None)
        if before is not None and form[before.end : c.start] in ("'s ", " ") and before.type in ("ORG", "GPE", "NORP"):
            key = others(before)
        else:
            of = OF_ORGANISER.match(form, c.end)
            after = next((o for o in candidates if of and o.start == of.end()), None)
            if after is not None and after.type in ("ORG", "GPE", "NORP"):
                key = others(after)
            elif any(o.type == "ORG" and self._organiser(form, o, countries) == organiser.name for o in candidates):
                return None
            else:
                key = owners.get(surface, "")
        if key:
            owners[surface] = key
        return key

    def _possessive_summit(self, form: str, c: _Candidate, candidates: list[_Candidate]) -> _Candidate | None:
        """ "NATO's anniversary gathering", "the Communist Party's congress", "North Atlantic Treaty
        Organization's (NATO) summit": the head noun (with its modifiers) as the organisation's
        meeting, when the data knows that series (any organisation's "summit")."""
        found = POSSESSIVE_HEAD.match(form, c.end)
        if not found:
            return None
        head = found.group(3)
        if head == "congress":
            demonyms = _demonym_countries(self.gazetteer)
            countries = {self._name_of(o) for o in candidates if o.type == "GPE"} & self._countries
            countries |= {
                demonyms[n] for n in (self._name_of(o) for o in candidates if o.type == "NORP") if n in demonyms
            }
            series = series_of_organiser(self._organiser(form, c, countries), "congress")
            key = self._event_key(series) if series else ""
        else:
            key = self._series_name(form, c, found.group(1))
            if head != "summit" and not key.startswith("="):
                return None  # "the club's gathering": only a known series' gathering is its summit
        if not key:
            return None
        return _Candidate(found.start(2), found.end(2), "EVENT", key, "summit", rank=1)

    def _unknown_place_summits(self, form: str, candidates: list[_Candidate]) -> list[_Candidate]:
        """ "the Ufa summit": a city the bundled places know but no pass named, before "summit"."""
        extra = []
        for found in _UNKNOWN_PLACE_SUMMIT.finditer(form):
            a, b = found.span(1)
            name = found.group(1)
            place = self.places.get(name)
            recorded = any(head_of(series) == "summit" for series, _, _ in meetings_at(name))
            if (place is None or place_type(place) != "GPE") and not recorded:
                continue  # neither a bundled city nor where the record has a summit ("Ise-Shima")
            if self.gazetteer.lookup(name) is not None:
                continue
            if any(c.start < found.end() and a < c.end for c in candidates):
                continue
            extra.append(_Candidate(a, found.end(), "EVENT", "@" + name, _PLACE_NAMED, rank=1))
        return sorted(candidates + extra, key=lambda c: c.start) if extra else candidates

    def _pair_series(self, form: str, first: _Candidate, second: _Candidate) -> str:
        """ "India-Central Asia summit" → the series of the two parties, with an en dash."""
        names = [self._name_of(c) for c in (first, second)]
        return self._event_key(f"{names[0]}\u2013{names[1]} summit")
