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
    _SENTENCE_BEFORE,
    _SPEECH,
    _SPEECH_BEFORE,
    _SUMMIT_AFTER,
    _SURNAME_GLUED,
    _TOKEN_RE,
    _WORD_OR_APOSTROPHE,
    EVENT_HEADS,
    NOT_PERSON,
    ORG_HEADS,
    PERSON_TITLES,
    ROLE_WORDS,
    STOP_WORDS,
    TITLES,
)
from reader.entities.model import Mention
from reader.entities.name_order import EAST_ASIAN_SURNAMES
from reader.entities.normalize import identity_key, match_form
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
from reader.entities.summits import _is_summit_key, place_after, summit_instance


class Recognizer:
    """Finds mentions in one article's text. Stateless between articles, so it can run in a pool."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def recognize(self, text: str, hidden: tuple[tuple[int, int], ...] = (), date: str = "") -> list[Mention]:
        """Mentions in `text` (sorted, non-overlapping). `hidden`: debris ranges, where only the
        gazetteer applies (captions repeat real names; share bars do not hold new ones).

        A named summit whose sentence says where it met gets `instance` set to that place (and
        year, from the sentence or `date`); linking prefixes the series name."""
        form = match_form(text)
        self._text = text
        gazetteer = self._gazetteer_pass(form)
        # Where a place name starts that is not possessive: "Koszalin, Poland" but not "Li, China's".
        self._country_starts = {c.start for c in gazetteer if c.type == "GPE" and form[c.end : c.end + 1] != "'"}
        self._person_spans = {(c.start, c.end) for c in gazetteer if c.type == "PERSON"}
        chunks = self._chunk_pass(form, gazetteer, hidden)
        candidates = _resolve(gazetteer + chunks, len(form))
        candidates = self._acronym_pass(form, candidates)
        candidates = self._summit_pass(form, candidates)
        candidates = self._surname_pass(form, candidates)
        candidates = self._generic_pass(form, candidates)
        suppress = self.gazetteer.corrections.suppress
        mentions = []
        for c in candidates:
            surface = text[c.start : c.end]
            if suppress and identity_key(surface) in suppress:
                continue
            mention = Mention(c.start, c.end, surface, c.type, key=c.key, rule=c.rule, generic=c.generic)
            if c.type == "EVENT" and not c.generic and _is_summit_key(c.key):
                mention.instance = summit_instance(form, c.end, date, self.gazetteer)
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
                if word in STOP_WORDS:
                    continue  # most chunks are one sentence-initial word: skip them cheaply
                start, end = match.span()
                start += line_start
                if hidden_mask[start]:
                    continue
                if headline is None:
                    headline = _is_headline(line)
                if headline:
                    break
                end += line_start
                if covered.find(0, start, end) < 0:
                    continue  # wholly known already ("China"): no rule adds a name inside it
                if " " not in word and "\t" not in word:
                    # One word, as most chunks are: what _classify_piece would do with it, without
                    # its machinery for several words. A title or connector alone names nobody.
                    lower = word.lower()
                    if not (word.rstrip(".") in PERSON_TITLES or lower in ROLE_WORDS or lower in _CONNECTORS):
                        found.extend(self._classify_name(form, [(start, end)], covered))
                    continue
                found.extend(self._classify(form, start, end, covered))
            line_start += len(line) + 1
        return found

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
        # Leading sentence words ("The", "However") are not part of names.
        while words and (words[0] in STOP_WORDS or words[0].lower() in _CONNECTORS):
            tokens, words = tokens[1:], words[1:]
        if not tokens:
            return []
        found: list[_Candidate] = []
        # Organisations and events: a head word anchors the span.
        for heads, kind, rule in () if _HEADS.isdisjoint(words) else _HEAD_KINDS:
            span = None if heads.isdisjoint(words) else _headed_span(words, heads)
            if span is not None:
                first, last = span
                a, b = tokens[first][0], tokens[last][1]
                if not covered.find(0, a, b) < 0:
                    found.append(_Candidate(a, b, kind, self._text[a:b], rule, rank=1))
                rest_before = [t for t in tokens[:first]]
                rest_after = [t for t in tokens[last + 1 :]]
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
                    w in NOT_PERSON or w in ORG_HEADS or w in EVENT_HEADS for w in words[title_at + 1 :]
                ):
                    found.append(_Candidate(a, b, "PERSON", self._text[a:b], "title", rank=3))
            before = tokens[:title_at]
            while before and form[before[-1][0] : before[-1][1]].rstrip(".") in TITLES:
                before = before[:-1]
            if before:
                found.extend(self._classify_piece(form, before, covered))
            return found
        # Split at connectors: "Kazakhstan and Uzbekistan" is two names.
        groups: list[list[tuple[int, int]]] = [[]]
        for token, word in zip(tokens, words):
            if word in _CONNECTORS:
                groups.append([])
            else:
                groups[-1].append(token)
        for group in groups:
            if group:
                found.extend(self._classify_name(form, group, covered))
        return found

    def _classify_name(self, form: str, tokens: list[tuple[int, int]], covered: bytearray) -> list[_Candidate]:
        a, b = tokens[0][0], tokens[-1][1]
        if covered.find(1, a, b) >= 0:
            extended = self._given_names_before_known_surname(form, tokens, covered)
            if extended:
                return [extended]
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
        words = [form[x:y] for x, y in tokens]
        for w in words:  # acronyms and codes are handled by the acronym pass
            if (len(w) > 1 and w.isupper()) or (not w.isalpha() and any(ch.isdigit() for ch in w)):
                return []
        window = max(0, a - 60)
        line_start = form.rfind("\n", window, a)
        line_before = form[window if line_start < 0 else line_start + 1 : a]
        after = form[b : b + 80]
        if len(words) == 1 and words[0] in STOP_WORDS:
            return []
        previous = line_before[-48:].split()
        last = previous[-1].rstrip(",") if previous else ""
        last_two = f"{previous[-2]} {last}" if len(previous) > 1 else ""
        # Places: "Koszalin, Poland", "the city of Magnitogorsk", "Magnitogorsk, a city in".
        if last_two in _PLACE_NOUNS_OF or (
            len(words) <= 3 and after.startswith(", ") and (b + 2 in self._country_starts or _PLACE_AFTER.match(after))
        ):
            return [_Candidate(a, b, "GPE", self._text[a:b], "place", rank=4)]
        if len(words) > 4 or not _NOT_A_PERSON.isdisjoint(words):
            return []
        following = after[:32].split(None, 2)
        first_after = following[0] if following else ""
        cue = ""
        if last in ROLE_WORDS and not line_before.rstrip().endswith((".", ";", ":")):
            cue = "role"
        elif last in _SPEECH_BEFORE or last_two in _SPEECH_BEFORE or last in _PRAISE:
            cue = "attribution"
        elif len(line_before) < 40 and _BYLINE.match(line_before):
            cue = "byline"
        elif (
            (first_after.lstrip(",") in _SPEECH or " ".join(following[:2]) in _SPEECH)
            and last not in _PLACE_WORDS
            and (len(words) > 1 or not _SENTENCE_BEFORE.search(line_before) or _looks_like_surname(form, words[0]))
        ):
            cue = "attribution"
        elif len(words) > 1 and after.startswith(", ") and _APPOSITION.match(after):
            cue = "apposition"
        if not cue:
            return []
        return [_Candidate(a, b, "PERSON", self._text[a:b], cue, rank=3)]

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
                if expansion is not None:
                    expansion.key = self._text[expansion.start : expansion.end]
                if expansion is None:
                    continue
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
                for word in (words[0], words[-1]) if words[0] in EAST_ASIAN_SURNAMES else (words[-1],):
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
            if occupied.find(1, a, b) >= 0:
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
        named = [c for c in candidates if c.type == "EVENT" and _is_summit_key(c.key)]
        if not named:
            return candidates
        # "The summit" refers to the article's own summit: one named near the top or named twice,
        # not one mentioned in passing ("…overlaps with the G7 summit in Hiroshima").
        lead_end = _offset_after_paragraphs(form, 4)
        counts: dict[str, int] = {}
        salient = []
        for c in named:
            counts[c.key] = counts.get(c.key, 0) + 1
            if c.start < lead_end or counts[c.key] >= 2:
                salient.append(c)
        named = salient
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
            if not head.endswith("summit") and _ANOTHER_MEETING.match(following):
                continue  # "the meeting with Putin" is another meeting
            antecedent = next((c for c in reversed(named) if c.end <= a), None)
            if antecedent is None:
                continue
            here, there = self._place_after(form, b), self._place_after(form, antecedent.end)
            if here and there and here != there:
                continue  # "the gathering in Xi'an" is not the summit in Hiroshima
            extra.append(_Candidate(a, b, "EVENT", antecedent.key, "generic", rank=6, generic=True))
        return _resolve(candidates + extra, len(form)) if extra else candidates
