"""Pass 6 of the recogniser: every reference to a summit in an article, and the meeting it is.

An article is usually about one meeting, its own: the first summit it refers to that its words do
not place at another time ("last year", "next year's", "in 2015"). Generic references ("the
summit", "the three-day meeting", "the gathering") are of the own meeting, unless their own words
say where or when another meeting was (then the record says which: "next year's summit in Rio de
Janeiro"), they name a rival or the next one without saying which, or they sit in the sentence
of another summit named in passing. A generic reference its words put after the time of writing
("ahead of the pivotal high-level meeting next month") is the one meeting the article names as
still to come as far ahead ("ahead of a January congress", "the G20 summit next month"), when
that is not its own; with several, none. A bilateral meeting ("the meeting with Putin", "held
talks …; the meeting covered") is no reference at all.

When the article never names its own summit ("leaders are gathering in Samarkand for a summit"), its
references go to linking with a `Hint` of who, where and when, and are kept only when that
settles one meeting (never guessed). Each reference's meeting ("2024 Astana") is kept in
`_summit_instances`; a reference whose own words say another meeting the record cannot place
gets rule `OPEN`: it has no meeting, and none is lent to it from its article."""

from __future__ import annotations

from reader.entities import summit_text as text
from reader.entities.spans import _Candidate, _resolve
from reader.entities.summit_article import (
    _PLACE_NAMED,
    _any_such,
    _Article,
    _determiner_before,
    _earlier_than,
    _Ref,
    _start_of,
    _summit_like,
    _SummitArticle,
)
from reader.entities.summits import (
    SUMMIT_OPEN,
    SUMMIT_REFERENCE,
    Hint,
    country_of,
    head_of,
    meetings_at,
    next_meeting,
    parse_hint,
    place_key,
    region_countries,
    region_of_adjective,
    series_of_key,
    series_of_organiser,
    series_of_pair,
    series_table,
)

__all__ = ["_PLACE_NAMED", "_SummitReferences"]

OPEN = SUMMIT_OPEN
_LEAD_LINES = 4  # the title and the first three paragraphs


class _SummitReferences(_SummitArticle):
    # -------------------------------------------------------------- 6. references

    def _generic_pass(self, form: str, candidates: list[_Candidate]) -> list[_Candidate]:
        words = "summit" in form or "congress" in form or "forum" in form
        if not words and not any(c.type == "EVENT" and self._is_series(c) for c in candidates):
            return candidates  # nothing of a summit to read: most articles
        article = self._article(form, candidates)
        self._raise_floor(form, candidates, article)
        refs = self._named_refs(form, candidates, article)
        if not refs and not words:
            return candidates
        refs = sorted(self._generic_refs(form, candidates, article, refs), key=_start_of)
        own = self._own(form, refs, article)
        extra = self._settle(form, refs, own, article)
        for c in candidates:
            if c.rule == _PLACE_NAMED:  # still unsettled: linking decides
                c.rule, c.key = SUMMIT_REFERENCE, ""
                c.generic = True
        return _resolve(candidates + extra, len(form)) if extra else candidates

    # ---------------------------------------------------------- named references

    def _named_refs(self, form: str, candidates: list[_Candidate], article: _Article) -> list[_Ref]:
        named = [c for c in candidates if c.type == "EVENT" and self._is_series(c)]
        series_named = {series_of_key(c.key) for c in named if c.rule != _PLACE_NAMED}
        refs: list[_Ref] = []
        for c in named:
            place = c.key[1:] if c.rule == _PLACE_NAMED else ""
            if place:
                when = _Ref(c.start, c.end)
                self._cues(form, when, refs, article, place)
                self._settle_place_named(form, c, named, series_named, when.year or article.year, article)
                if c.rule == _PLACE_NAMED:
                    continue
            ref = _Ref(c.start, c.end, series_of_key(c.key), c.key, c)
            ref.determiner = _determiner_before(form, c.start)
            known = self._summit_instances.get((c.start, c.end))
            if known is not None:
                ref.meeting = known
                ref.place = known.partition(" ")[2]
            else:
                self._cues(form, ref, refs, article, place)
                if ref.determiner in ("a", "an") and not ref.place and _any_such(form, ref, article):
                    ref.open, ref.meeting = True, ""  # "skipped a G20 summit since …": no meeting in particular
            refs.append(ref)
        return refs

    def _settle_place_named(self, form, c, named, series_named, year: str, article: _Article) -> None:
        """ "the Kazan summit": the series named before it in the article that met there, else
        the only one that met there in its year (its words' or the article's), else the one named
        anywhere in the article, else the only one the record has meeting there; unsettled, a
        reference for linking."""
        place = c.key[1:]
        recorded = [m for m in meetings_at(place) if head_of(m[0]) == "summit"]
        before = {series_of_key(n.key) for n in named if n.end <= c.start and n.rule != _PLACE_NAMED}
        everywhere = {series for series, _, _ in recorded}
        choice = ""
        for fits in (
            {series for series in everywhere if series in before},
            {series for series, y, _ in recorded if str(y) == year},
            {series for series in everywhere if series in series_named},
            everywhere,
        ):
            if len(fits) == 1:
                choice = fits.pop()
                break
        if not choice:
            hint = Hint(year, (place,), article.countries, article.organisations)
            self._summit_instances[c.start, c.end] = hint.text()
            return
        c.key = self._event_key(choice)
        c.rule = "summit"

    # ---------------------------------------------------------- generic references

    def _generic_refs(
        self, form: str, candidates: list[_Candidate], article: _Article, named: list[_Ref]
    ) -> list[_Ref]:
        """The named references and the generic ones, in text order."""
        occupied = bytearray(len(form))
        for c in candidates:
            occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
        refs = list(named)
        refs += self._region_refs(form, candidates, named, occupied)
        refs += self._two_leaders_refs(form, article, occupied, refs)
        for found in article.generic:
            a, b = found.span("span")
            if occupied.find(1, a, b) >= 0:
                continue
            ref = _Ref(a, b, head=found.group("head"), determiner=found.group("det"))
            words = form[a:b].replace("-", " ").split()
            lowered = ref.determiner.lower()
            if (
                text.SIDELINES_AFTER.match(form, b)
                or (text.WITH_AFTER.match(form, b) and ref.head != "summit")
                or (lowered in ("a", "an") and ref.head == "meeting" and not text.OF_AFTER.match(form, b))
            ):
                continue  # a bilateral or sideline meeting, a new one ("a meeting that …")
            if self._not_said(form, b, article):
                continue  # "… did not say which one he meant"
            if text.OF_AFTER.match(form, b):
                series, owner_end = self._organiser_after(form, b, candidates)
                if series:  # "a meeting of the North Atlantic Treaty Organization": named
                    ref.series, ref.key = series_of_key(series), series
                    self._cues(form, ref, refs, article, after=owner_end)
                    ref.other = ref.other or _earlier_than(ref, article)
                    refs.append(ref)
                    continue
                if owner_end and ref.head != "summit":
                    continue  # "the meeting of the council": an organisation's meeting, no summit
            if lowered.endswith("'s") and " " in lowered:  # "the alliance's summit": its summit
                owner = next((s for at, s in reversed(article.org_series) if at < a), "")
                if owner:
                    ref.series, ref.key = series_of_key(owner), owner
            self._cues(form, ref, refs, article)
            if not text.OTHER_MEETING.isdisjoint(words):  # "a rival summit": of another series, where it says
                ref.other = ref.rival = True
            ref.size = text.parties(form[a:b])
            if "next" in words:
                ref.other = True
                self._next_cues(form, ref, article)
            refs.append(ref)
        refs += self._called_off_refs(form, article, occupied, refs)
        refs += self._congress_refs(form, candidates, article, occupied, refs)
        refs += self._forum_refs(form, article, occupied, refs)
        refs += self._upcoming_refs(form, article, occupied, refs)
        refs.sort(key=_start_of)
        for ref in refs:
            ref.upcoming = ref.upcoming or self._said_upcoming(form, ref, article)
        return refs

    def _upcoming_refs(self, form: str, article: _Article, occupied: bytearray, before: list[_Ref]) -> list[_Ref]:
        """ "ahead of the pivotal high-level meeting next month": a generic meeting whose words say
        only that it matters or is still to come, a reference when they say it is still to come;
        never the article's own (which of the meetings it names is settled by the upcoming ones)."""
        if "ahead" not in form and "next" not in form and "coming" not in form and "later" not in form:
            return []
        refs = []
        for found in text.matches_ending(form, text.GENERIC_HEADS, text.UPCOMING_GENERIC, 60):
            a, b = found.span("span")
            if occupied.find(1, a, b) >= 0 or any(r.start < b and a < r.end for r in before):
                continue
            if text.SIDELINES_AFTER.match(form, b) or text.WITH_AFTER.match(form, b) or text.OF_AFTER.match(form, b):
                continue  # a bilateral or sideline meeting, an organisation's ("of the council")
            ref = _Ref(a, b, head=found.group("head"), determiner="the", skip=True, only_upcoming=True)
            ref.upcoming = self._upcoming_around(form, ref, article)
            if not ref.upcoming and not text.UPCOMING_SPAN_WORDS.isdisjoint(form[a:b].split()):
                ref.upcoming = "soon"  # "the upcoming summit"
            if ref.upcoming:
                self._cues(form, ref, before, article)
                refs.append(ref)
        return refs

    def _said_upcoming(self, form: str, ref: _Ref, article: _Article) -> str:
        """How far after the time of writing a reference's words put its meeting (`_Ref.upcoming`):
        a named one "ahead of …", "the upcoming …", "… next month", "will host …"; a generic one
        only by how far ("… next month", "next month's …": "ahead of the summit" may well be the
        article's own), and only when they say no place or year of it (then the record says which)."""
        if ref.series:
            if text.WILL_HOLD_BEFORE.search(form, max(0, ref.start - 40), ref.start):
                return self._upcoming_around(form, ref, article) or "soon"
            return self._upcoming_around(form, ref, article)
        if ref.place or ref.country or ref.year or ref.other or ref.size or ref.called_off is not None:
            return ""
        horizon = self._upcoming_around(form, ref, article)
        return horizon if horizon != "soon" else ""

    def _upcoming_around(self, form: str, ref: _Ref, article: _Article) -> str:
        """ "… next month" after it or after its place ("in Rio de Janeiro next month"), "next
        month's …" before it: "month"; "ahead of the …", "the upcoming …" before it: "soon"."""
        _, end = self._place_after(form, ref.end, article)
        after = text.UPCOMING_AFTER.match(form, ref.end) or text.UPCOMING_AFTER.match(form, end)
        if after:
            return after.group("unit")
        before = text.UPCOMING_BEFORE.search(form, max(0, ref.start - 40), ref.start)
        if before:
            return before.group("unit") or "soon"
        return ""

    def _called_off_refs(self, form: str, article: _Article, occupied: bytearray, before: list[_Ref]) -> list[_Ref]:
        """ "… held a four-way summit of their own, after a planned meeting in Sydney was called
        off": a planned meeting its sentence says did not take place is of the series of the
        summit that sentence names before it, at no meeting. Without such a summit, none."""
        if "planned" not in form and "scheduled" not in form and "proposed" not in form:
            return []
        refs = []
        for found in text.CALLED_OFF.finditer(form):
            a, b = found.span("span")
            sentence = article.shape.sentence_of(a)
            if occupied.find(1, a, b) >= 0 or not text.CANCELLED.search(form, b, sentence[1]):
                continue
            summits = [
                r
                for r in before
                if sentence[0] <= r.start < a
                and (r.size or (r.series and _summit_like(r.series)) or r.head == "summit")
            ]
            if summits:
                ref = _Ref(a, b, head=found.group("head"), skip=True, called_off=summits[-1])
                ref.place, _ = self._place_after(form, b, article)
                refs.append(ref)
        return refs

    def _two_leaders_refs(self, form: str, article: _Article, occupied: bytearray, before: list[_Ref]) -> list[_Ref]:
        """ "his summit with France's President Emmanuel Macron", "Xi's summit with Putin", "a
        summit between Xi and Putin": a summit of two leaders whose countries the text gives
        ("India's Prime Minister Narendra Modi"), of the series the record has of those two countries.
        "His" is the one leader of another country its sentence names before it. It is never the
        article's own summit, and without such a series, or a leader's country, no reference."""
        if "summit with" not in form and "summit between" not in form:
            return []
        refs = []
        for found in text.SUMMIT_WITH.finditer(form):
            a, b = found.span("span")
            if occupied.find(1, a, b) >= 0:
                continue
            sentence = article.shape.sentence_of(a)
            after = [p for p in article.people if found.end() <= p[0] < min(found.end() + 40, sentence[1])]
            if not after:
                continue
            parties = [after[0]]
            owner = found.group("owner").lower()
            if found.group("with") == "between":
                if len(after) < 2 or form[after[0][1] : after[1][0]].strip() != "and":
                    continue
                parties.append(after[1])
            elif owner.endswith("'s"):
                parties += [p for p in article.people if p[1] == found.start("owner") + len(owner) - 2]
            elif owner in ("his", "her"):
                partner = article.leaders.get(after[0][0], ("", ""))[1]
                earlier = {
                    article.leaders[p[0]][1]
                    for p in article.people
                    if sentence[0] <= p[0] < a and p[0] in article.leaders and article.leaders[p[0]][1] != partner
                }
                if len(earlier) == 1:
                    parties.append(
                        next(
                            p
                            for p in article.people
                            if article.leaders.get(p[0], ("", ""))[1] in earlier and sentence[0] <= p[0] < a
                        )
                    )
            countries = [article.leaders.get(p[0], ("", ""))[1] for p in parties]
            if len(countries) != 2 or not all(countries) or countries[0] == countries[1]:
                continue
            series = series_of_pair(countries[0], countries[1])
            if not series:
                continue
            ref = _Ref(a, b, series, self._event_key(series), head="summit", determiner=owner, skip=True)
            self._cues(form, ref, before, article)
            refs.append(ref)
            occupied[a:b] = b"\x01" * (b - a)  # not a generic reference too
        return refs

    def _visit_summit(self, form: str, ref: _Ref, article: _Article) -> tuple[str, str] | None:
        """ "Putin was visiting Xi in Beijing as part of the three-day summit": a summit of the two
        leaders its clause names before it (their countries as the text gives them), in the one
        city it names there, of the series the record has of those two countries: (key, meeting)
        when the record has that meeting, else None."""
        start, _ = text.clause(form, article.shape, ref.start, ref.end)
        if not text.VISITING.search(form, start, ref.start):
            return None
        if not text.CITY_THEN_SUMMIT.search(form, max(start, ref.start - 60), ref.start):
            return None  # "visiting Xi in Beijing ahead of the summit": another one
        countries = {
            article.leaders[p[0]][1] for p in article.people if start <= p[0] < ref.start and p[0] in article.leaders
        }
        cities = {
            city
            for at, city in article.cities
            if start <= at < ref.start and form[max(0, at - 4) : at] in (" in ", " at ")
        }
        if len(countries) != 2 or len(cities) != 1:
            return None
        first, second = sorted(countries)
        series = series_of_pair(first, second)
        meeting = self._meeting_for(series, cities.pop(), ref.year or article.year, article) if series else ""
        return (self._event_key(series), meeting) if meeting else None

    def _region_refs(
        self, form: str, candidates: list[_Candidate], named: list[_Ref], occupied: bytearray
    ) -> list[_Ref]:
        """ "Leaders gather for Central Asian summit": the one summit the article names that is of that
        region, by its name ("Russia–Central Asia summit") or by where it met (a city in one of
        the region's countries); the region's adjective stays itself, the reference is the head
        noun. With none or several, no reference (the region alone does not say which)."""
        refs = []
        for c in candidates:
            region = region_of_adjective(self._name_of(c)) if c.type == "NORP" else ""
            after = text.SUMMIT_AFTER.match(form, c.end) if region else None
            if after is None or occupied.find(1, c.end, after.end()) >= 0:
                continue
            countries = region_countries(region)
            fits = {
                (ref.series, ref.key, ref.meeting)
                for ref in named
                if ref.series
                and _summit_like(ref.series)
                and (region in ref.series or country_of(ref.meeting.partition(" ")[2]) in countries)
            }
            if len({series for series, _, _ in fits}) != 1 or len(fits) != 1:
                continue
            series, key, meeting = fits.pop()
            ref = _Ref(after.end() - len("summit"), after.end(), series, key, head="summit", meeting=meeting)
            refs.append(ref)
        return refs

    def _congress_refs(
        self, form: str, candidates: list[_Candidate], article: _Article, occupied: bytearray, before: list[_Ref]
    ) -> list[_Ref]:
        """ "a January congress of Vietnam's ruling Communist Party": the party's congress series.
        "The congress" alone is left alone: a legislature is called that too."""
        if "congress" not in form:
            return []
        refs = []
        for found in text.matches_ending(form, text.CONGRESS_HEAD, text.CONGRESS, 40):
            a, b = found.span(1)
            organiser = text.OF_ORGANISER.match(form, b)
            if not organiser or occupied.find(1, a, b) >= 0:
                continue
            owner = next((o for o in candidates if o.start == organiser.end() and o.type == "ORG"), None)
            series = series_of_organiser(self._organiser(form, owner, article.countries), "congress") if owner else ""
            if series:
                ref = _Ref(a, b, series, self._event_key(series), head="congress")
                self._cues(form, ref, before, article)
                refs.append(ref)
        return refs

    def _forum_refs(self, form: str, article: _Article, occupied: bytearray, before: list[_Ref]) -> list[_Ref]:
        """ "the economic forum in Davos": the one forum of the record that meets there and
        whose name has the words before "forum"; without a place, no forum in particular."""
        if "forum" not in form:
            return []
        refs = []
        for found in text.matches_ending(form, text.FORUM_HEAD, text.FORUM, 40):
            a, b = found.span(1)
            place, _ = self._place_after(form, b, article)
            if not place or occupied.find(1, a, b) >= 0:
                continue
            words = found.group(1).lower().split()[:-1]
            fits = {
                series
                for series, _, _ in meetings_at(place)
                if head_of(series) == "forum" and all(word in series.lower() for word in words)
            }
            if len(fits) == 1:
                series = fits.pop()
                ref = _Ref(a, b, series, self._event_key(series), head="forum")
                self._cues(form, ref, before, article)
                refs.append(ref)
        return refs

    def _not_said(self, form: str, end: int, article: _Article) -> bool:
        """Whether the rest of the sentence or the next one says which meeting was not said."""
        sentence_end = article.shape.sentence_of(end)[1]
        following = article.shape.sentence_of(sentence_end)[1] if sentence_end < len(form) else sentence_end
        return text.NOT_SAID.search(form, end, following) is not None

    def _next_cues(self, form: str, ref: _Ref, article: _Article) -> None:
        """ "The next summit will be held in Washington in 2024": where and when, from the rest of
        its sentence; without them, which meeting is not said."""
        sentence_end = article.shape.sentence_of(ref.start)[1]
        if not ref.place:
            ref.place = next((name for at, name in article.cities if ref.end <= at < sentence_end), "")
        if not ref.year:
            ref.year = text.clause_has_year(form, ref.end, sentence_end)
        if not ref.place and not ref.year:  # "China, which will host the next summit"
            sentence_start = article.shape.sentence_of(ref.start)[0]
            host = text.HOST_BEFORE.search(form, max(sentence_start, ref.start - 60), ref.start)
            host = host or text.HOSTED_BY_AFTER.match(form, ref.end)
            entry = self.gazetteer.lookup(host.group(1)) if host else None
            ref.country = entry.name if entry is not None and entry.name in self._countries else ""

    def _organiser_after(self, form: str, end: int, candidates: list[_Candidate]) -> tuple[str, int]:
        """ "<head> of (the) <organisation>": (the organisation's known series or "", where the
        organisation ends, 0 when there is none)."""
        organiser = text.OF_ORGANISER.match(form, end)
        if not organiser:
            return "", 0
        owner = next((o for o in candidates if o.start == organiser.end() and o.type == "ORG"), None)
        if owner is None:
            return "", 0
        owner_end = owner.end
        following = text.ORGANISATION_NOUN.match(form, owner_end)  # "the BRICS group in …"
        if following:
            owner_end = following.end()
        series = self._series_name(form, owner, None)
        return (series if series.startswith("=") else ""), owner_end

    # ---------------------------------------------------------- the article's own meeting

    def _own(self, form: str, refs: list[_Ref], article: _Article) -> _Ref | None:
        """The meeting the article is about: the first reference its words do not place at
        another time; a generic one (the article never names its summit) gives way to a summit
        named in the lead that met where the article says it is."""
        own = None
        for ref in refs:
            if ref.other or ref.open or ref.skip or (ref.series and not _summit_like(ref.series)):
                continue
            if ref.series and self._elsewhere_than_title(ref, article):
                continue  # "Leaders arrive in Kazan" … "the G20 summit in Bali": in passing
            if ref.series or ref.head in ("summit", "gathering") or ref.head != form[ref.start : ref.end]:
                own = ref
                break
        if own is None or own.series:
            return own
        where = {place_key(p) for p in self._own_places(form, own, article)}
        for ref in refs:
            if ref.start <= own.start or not ref.series or ref.other or ref.open or not _summit_like(ref.series):
                continue
            if article.shape.line_of(ref.start) >= _LEAD_LINES:
                break
            meeting = ref.meeting or self._uncued_meeting(ref.series, article)
            if not where or (meeting and place_key(meeting.partition(" ")[2]) in where):
                return ref
        return own

    def _elsewhere_than_title(self, ref: _Ref, article: _Article) -> bool:
        """Whether a summit named after a title that names cities but no summit met in none of
        them: the title says where the story is."""
        title = article.shape.line_span(0)
        if ref.start < title[1] or any(title[0] <= a < title[1] for a, _ in article.spans):
            return False
        cities = {place_key(city) for city in article.cities_in(*title)}
        meeting = ref.meeting or self._uncued_meeting(ref.series, article)
        place = meeting.partition(" ")[2]
        return bool(cities) and bool(place) and place_key(place) not in cities

    def _own_places(self, form: str, own: _Ref, article: _Article) -> list[str]:
        """Where the article says its unnamed summit is: the reference's own "in X", the cities of
        the sentence that introduces it and of the title, and the dateline."""
        sentence = article.shape.sentence_of(own.start)
        title = article.shape.line_span(0)
        places = [own.place] if own.place else []
        places += article.cities_in(*sentence) + article.cities_in(*title)
        if article.dateline:
            places.append(article.dateline)
        if not places:  # else the cities of the lead: where the story is, if it says so at all
            places = article.cities_in(0, article.shape.line_span(_LEAD_LINES - 1)[1])
        return list(dict.fromkeys(places))

    # ---------------------------------------------------------- settling each reference

    def _settle(self, form: str, refs: list[_Ref], own: _Ref | None, article: _Article) -> list[_Candidate]:
        extra: list[_Candidate] = []
        own_key = own.key if own is not None and own.series else ""
        own_meeting = ""
        if own_key and own is not None:
            own_meeting = own.meeting or self._uncued_meeting(own.series, article)
            own.meeting = own_meeting
            if own_meeting and not article.year and text.PRESENT.search(form, *article.shape.sentence_of(own.start)):
                self._date_by_own_meeting(form, refs, own_meeting, article)
        own_hint = ""
        own_places: set[str] = set()
        places: list[str] = []
        if own is not None and not own_key and "summit" in form:
            places = self._own_places(form, own, article)
            own_places = {place_key(p) for p in places}
            year = article.year or (article.floor + "+" if article.floor else "")
            others = frozenset(ref.size for ref in refs if ref.size and ref is not own)
            hint = Hint(year, tuple(places), article.countries, article.organisations, own=True, others=others)
            own_hint = hint.text()
        own_place = place_key(own_meeting.partition(" ")[2]) if own_meeting else ""
        upcoming = [r for r in refs if r.upcoming and r.series]
        for named in upcoming:  # their meetings, as settled below, for the generic ones before them
            if not named.meeting and not named.open:
                same = named.series == series_of_key(own_key)
                named.meeting = own_meeting if same else self._uncued_meeting(named.series, article)
        for ref in refs:
            if ref.called_off is not None:
                self._of_called_off(ref, ref.called_off, extra)
                continue
            if ref.candidate is not None:  # named
                if not ref.meeting and not ref.open:
                    same = ref.series == series_of_key(own_key)
                    ref.meeting = own_meeting if same else self._uncued_meeting(ref.series, article)
                self._summit_instances[ref.start, ref.end] = ref.meeting
                if ref.open:
                    ref.candidate.rule = OPEN
                continue
            if ref.series:  # named through its organisation ("a meeting of the SCO", "the alliance's summit")
                if not ref.meeting and not ref.open:
                    ref.meeting = own_meeting if ref.key == own_key else self._uncued_meeting(ref.series, article)
                extra.append(self._generic(ref, ref.key, ref.meeting, "summit" if ref.open else "generic"))
                continue
            if ref.upcoming and ref is not own:
                meetings = _upcoming_meetings(ref, upcoming)
                if own is not None and not own.series and _same_time(ref, own):
                    meetings.append(("", "", False))  # the article's own unnamed meeting is still to come too
                if len(meetings) == 1 and meetings[0][:2] != (own_key, own_meeting):
                    key, meeting, ref.open = meetings[0]
                    extra.append(self._generic(ref, key, meeting, "generic"))
                    continue
                if len(meetings) > 1 or (ref.only_upcoming and not meetings):
                    continue  # which of them, or which meeting at all, is not said
            elif ref.only_upcoming:
                continue
            if ref.size and ref.size != _members(own.series if own is not None else ""):
                # "a four-way summit" beside the own one: a series of that many, where the own one is
                there = [ref.place] if ref.place else ([own_meeting.partition(" ")[2]] if own_meeting else places)
                self._hand_over(ref, ref.year or article.year, there, article, extra)
                continue
            where = {own_place} if own_key else own_places
            elsewhere = ref.place and place_key(ref.place) not in where
            if ref.other or elsewhere:
                self._another_meeting(ref, own_key, own_meeting, article, extra)
                continue
            visit = self._visit_summit(form, ref, article) if ref.head == "summit" else None
            if visit is not None:  # "visiting Xi in Beijing as part of the three-day summit"
                extra.append(self._generic(ref, visit[0], visit[1], "generic"))
                continue
            if where and ref is not own and self._in_another_city(form, ref, where, article):
                continue  # "visiting Xi in Beijing as part of the three-day summit": that city's meeting
            if own is None or ref.start < own.start and not own_key:
                continue
            if self._near_another_summit(ref, refs, own_key, own_meeting, article):
                continue
            if ref.head == "meeting" and self._after_bilateral(form, ref, article):
                continue  # "they held talks …; the meeting covered …"
            if own_key:
                extra.append(self._generic(ref, own_key, own_meeting, "generic"))
            elif own_hint:
                candidate = _Candidate(ref.start, ref.end, "EVENT", "", SUMMIT_REFERENCE, rank=6, generic=True)
                self._summit_instances[ref.start, ref.end] = own_hint
                extra.append(candidate)
        return extra

    def _date_by_own_meeting(self, form: str, refs: list[_Ref], own_meeting: str, article: _Article) -> None:
        """An undated article is of its own meeting's year when the sentence that names it puts it
        at the time of writing ("… summit Wednesday", "which opens on Friday"). A named summit its
        words place at a day of a month but no year ("the World Economic Forum in Davos on
        January 21") is then of that year; one they place nowhere in time stays without a meeting."""
        article.year = own_meeting.partition(" ")[0]
        for ref in refs:
            if not ref.series or ref.meeting or ref.candidate is None or ref.year or not ref.open or not ref.place:
                continue
            clause = text.clause(form, article.shape, ref.start, ref.end)
            if text.MONTH_DAY.search(form, ref.end, clause[1]):
                ref.meeting = self._meeting_for(ref.series, ref.place, article.year, article)
                ref.open = not ref.meeting

    def _of_called_off(self, ref: _Ref, summit: _Ref, extra: list[_Candidate]) -> None:
        """A meeting that did not take place: the series of the summit beside it, no meeting."""
        ref.open = True
        settled = next((c for c in extra if (c.start, c.end) == (summit.start, summit.end)), None)
        key = summit.key if summit.series else settled.key if settled is not None and settled.key else ""
        if key:
            extra.append(self._generic(ref, key, "", "summit"))
            return
        hint = self._summit_instances.get((summit.start, summit.end), "")
        if settled is not None and hint.startswith("?"):  # settled in linking: the same, open
            self._summit_instances[ref.start, ref.end] = Hint(**{**_hint_fields(hint), "open": True}).text()
            extra.append(_Candidate(ref.start, ref.end, "EVENT", "", SUMMIT_REFERENCE, rank=6, generic=True))

    def _in_another_city(self, form: str, ref: _Ref, where: set[str], article: _Article) -> bool:
        """Whether its clause puts what comes before it in a city ("in Beijing as part of …"),
        not the article's own summit's."""
        start, _ = text.clause(form, article.shape, ref.start, ref.end)
        named = {
            place_key(city)
            for at, city in article.cities
            if start <= at < ref.start and form[max(0, at - 4) : at] in (" in ", " at ")
        }
        return bool(named) and named.isdisjoint(where)

    def _generic(self, ref: _Ref, key: str, meeting: str, rule: str) -> _Candidate:
        self._summit_instances[ref.start, ref.end] = meeting
        return _Candidate(ref.start, ref.end, "EVENT", key, OPEN if ref.open else rule, rank=6, generic=True)

    def _another_meeting(
        self, ref: _Ref, own_key: str, own_meeting: str, article: _Article, extra: list[_Candidate]
    ) -> None:
        """A generic reference to another meeting than the article's own: of the own series where
        the record places it ("next year's summit in Rio de Janeiro"; "the next summit" that a
        country will host: the record's next meeting after the own one, when it is in that
        country), else a reference for linking when its words say where; else which meeting is
        not said, and it is left out."""
        if own_key and ref.country and not ref.rival and own_meeting:
            meeting = next_meeting(series_of_key(own_key), own_meeting.partition(" ")[0])
            if meeting and country_of(meeting.partition(" ")[2]) == ref.country:
                extra.append(self._generic(ref, own_key, meeting, "generic"))
            return
        if own_key and (ref.place or ref.year) and not ref.rival:
            meeting = self._meeting_for(series_of_key(own_key), ref.place, ref.year, article)
            if meeting:
                extra.append(self._generic(ref, own_key, meeting, "generic"))
                return
        place = ref.place or (self._sentence_city(ref, article) if ref.rival else "")
        if place and (ref.year or article.year):
            self._hand_over(ref, ref.year or article.year, [place], article, extra)

    def _sentence_city(self, ref: _Ref, article: _Article) -> str:
        """ "In the southern Russian city of Sochi, meanwhile, Putin was hosting … at a rival summit":
        the one city its sentence names before it, when no other summit is spoken of there."""
        sentence = article.shape.sentence_of(ref.start)
        cities = set(article.cities_in(sentence[0], ref.start))
        if len(cities) != 1 or set(article.cities_in(ref.end, sentence[1])) - cities:
            return ""
        return cities.pop() if article.alone_in(*sentence, ref) else ""

    def _hand_over(self, ref: _Ref, year: str, places: list[str], article: _Article, extra: list[_Candidate]) -> None:
        """The reference goes to linking, with what the article says of who, where and when."""
        if not places or not year:
            return
        hint = Hint(year, tuple(places), article.countries, article.organisations, size=ref.size)
        self._summit_instances[ref.start, ref.end] = hint.text()
        extra.append(_Candidate(ref.start, ref.end, "EVENT", "", SUMMIT_REFERENCE, rank=6, generic=True))

    def _near_another_summit(self, ref: _Ref, refs: list[_Ref], own_key: str, own_meeting: str, article) -> bool:
        """Whether the nearest summit named before the reference, in its sentence or the one before
        in its paragraph, is another meeting than the article's own ("… at the G20 summit in Bali.
        The summit …"): which one it means is not said ("this summit" always means the own one)."""
        if ref.determiner.lower() == "this":
            return False
        window = self._window(ref, article)
        near = next(
            (r for r in reversed(refs) if r.series and _summit_like(r.series) and window <= r.start < ref.start), None
        )
        if near is None:
            return False
        return near.key != own_key or (bool(near.meeting) and near.meeting != own_meeting)

    def _window(self, ref: _Ref, article: _Article) -> int:
        sentence = article.shape.sentence_of(ref.start)
        previous = article.shape.previous_sentence(ref.start)
        same_line = article.shape.line_of(previous[0]) == article.shape.line_of(ref.start)
        return previous[0] if same_line and previous != (0, 0) else sentence[0]

    def _after_bilateral(self, form: str, ref: _Ref, article: _Article) -> bool:
        return text.BILATERAL.search(form, self._window(ref, article), ref.start) is not None


def _hint_fields(hint: str) -> dict:
    parsed = parse_hint(hint)
    return {name: getattr(parsed, name) for name in Hint.__dataclass_fields__}


def _upcoming_meetings(ref: _Ref, upcoming: list[_Ref]) -> list[tuple[str, str, bool]]:
    """The distinct meetings (key, meeting, open) of the named references whose words put them
    after the time of writing as the generic reference's do, in its year when its words give one
    ("the crucial meeting next year")."""
    found = {
        (named.key, named.meeting, named.open)
        for named in upcoming
        if _same_time(ref, named) and (not ref.year or named.meeting.startswith(ref.year + " "))
    }
    return sorted(found)


def _same_time(ref: _Ref, named: _Ref) -> bool:
    """Whether a generic reference's upcoming words may be about the same meeting as another's:
    as far ahead ("next month", "next month"), or one of the two only says "still to come" and
    the generic one is a reference only for its upcoming words (one that would otherwise be the
    article's own needs the same time: "the summit next month", "the G20 summit next month")."""
    if not ref.upcoming or not named.upcoming:
        return False
    if ref.upcoming == named.upcoming:
        return True
    return ref.only_upcoming and "soon" in (ref.upcoming, named.upcoming)


def _members(series: str) -> int:
    known = series_table().get(series)
    return len(known.members) if known is not None else 0
