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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from reader.entities.gazetteer import Gazetteer
from reader.entities.model import Mention
from reader.entities.name_order import EAST_ASIAN_SURNAMES
from reader.entities.normalize import identity_key, match_form

# Every upper-case letter the regex engine should treat as the start of a name.
_UPPER = "A-Z" + "".join(
    chr(code) for code in range(0xC0, 0x2000) if chr(code).isupper() and chr(code).isalpha()
)
_TOKEN = rf"[{_UPPER}](?:[^\W_]|'(?!s\b)(?=[^\W_])|-(?=[^\W_])|\.(?=[{_UPPER}]))*"
_CONNECTOR = r"(?:of|for|and|on|the|de|del|da|das|dos|du|la|le|van|von|der|den|bin|ibn|al|el|y|di|zu)"
_CHUNK = re.compile(rf"{_TOKEN}(?:\.?[ \t]+(?:{_CONNECTOR}[ \t]+)*{_TOKEN})*")
_TOKEN_RE = re.compile(_TOKEN)
_PIECE_RE = re.compile(rf"{_TOKEN}|(?<![\w'-]){_CONNECTOR}(?![\w'-])")
_CONNECTORS = frozenset(_CONNECTOR[3:-1].split("|"))
# Words that make a capitalised chunk something other than a person.
NOT_PERSON = frozenset(
    """Initiative Road Street Avenue Square Bridge Project Plan Act Law Treaty Agreement Accord Pact
    Declaration Strategy Doctrine Charter Protocol Convention Policy Programme Report Index Airport
    Station Park River Lake Mountain Mountains Sea Ocean Island Islands Valley Desert Canal Bay Day City
    Town County State Province District Region Prize Award Medal Cup""".split()
)

ORG_HEADS = frozenset(
    """Institute Institution Center Centre University College School Academy Council Program Programme
    Service Services Agency Foundation Fund Group Committee Commission Organization Organisation Party
    Ministry Department Bank Union Association Federation Alliance League Court Parliament Assembly
    Senate Corporation Company Inc Ltd Bureau Office Authority Board Society Forces Army Navy Police
    Network Times Post News Press Radio Television Daily Journal Herald Tribune Gazette Club Movement
    Front Coalition Congress Secretariat Directorate Observatory Laboratory Hospital Museum Library Airlines
    Airways Railways Holdings Trust Consortium Cabinet Duma Rada Knesset Majlis Guard Brigade Battalion
    Regiment Command Council Tribunal Registry Exchange Reserve Treasury Mission Studies Research""".split()
)
EVENT_HEADS = frozenset(
    """Summit Forum Conference Olympics Games Expo Dialogue Festival Cup Championship
    Championships Marathon Convention Symposium Biennale Olympiad Jamboree""".split()
)
_HEADS = EVENT_HEADS | ORG_HEADS
_HEAD_KINDS = ((EVENT_HEADS, "EVENT", "event-head"), (ORG_HEADS, "ORG", "org-head"))
# A chunk holding any of these names something other than a person.
_NOT_A_PERSON = NOT_PERSON | ORG_HEADS | EVENT_HEADS
# Capitalised words that introduce a name without being part of it.
PERSON_TITLES = frozenset(
    """President Prime Minister Chancellor King Queen Prince Princess Pope Senator Sen Governor Mayor
    General Gen Dr Mr Mrs Ms Miss Mx Professor Prof Secretary Chairman Chairwoman Vice Deputy Premier
    Ambassador Emperor Empress Speaker Director Chief Commander Colonel Col Captain Capt Lieutenant Lt
    Sergeant Judge Bishop Cardinal Archbishop Rev Reverend Sheikh Emir Sultan Crown Representative Rep
    Envoy Spokesperson Spokesman Spokeswoman Leader Counsellor Councillor Adviser Advisor Marshal Admiral
    Inspector Superintendent Advisors Advisers Commissioner Congressman Congresswoman Lawmaker Dame Sir Lord Lady
    Patriarch Ayatollah Emeritus Analyst Researcher Expert Economist Scientist Correspondent Reporter""".split()
)
# Portfolio and rank words that belong to a title ("Foreign Minister", "Deputy Emergency
# Situations Minister"): part of the title when they come before the name.
PORTFOLIO_WORDS = frozenset(
    """Foreign Defense Defence Interior Finance Health Justice Trade Economy Energy Emergencies Emergency
    Situations State Affairs Home Education Culture Agriculture Environment Labor Labour Transport
    Special First Supreme Acting Former Regional Federal National Senior Executive Associate Assistant
    Political""".split()
)
TITLES = PERSON_TITLES | PORTFOLIO_WORDS
# Lower-case words that, right before a capitalised chunk, say it is a person.
ROLE_WORDS = frozenset(
    """aide spokesperson spokesman spokeswoman researcher analyst expert professor scientist economist
    journalist reporter correspondent lawyer attorney official minister president premier chancellor
    leader envoy ambassador diplomat fellow director chairman chairwoman chair secretary governor mayor
    senator lawmaker legislator deputy commander general colonel captain officer judge prosecutor
    activist candidate opponent rival counterpart successor predecessor founder executive head chief
    coach player singer actor author writer historian archbishop bishop priest cardinal king queen
    prince princess sheikh emir colleague wife husband son daughter brother sister father mother
    businessman businesswoman billionaire tycoon dissident blogger cleric imam rabbi pastor manager
    scholar strategist commentator columnist editor host counsellor adviser advisor pope republican
    democrat democratic conservative liberal socialist independent physician doctor surgeon nurse
    pilot engineer teacher student banker farmer soldier detective investigator witness survivor
    victim resident owner chef athlete coordinator advisers advisors aides officials""".split()
)
SPEECH_VERBS = (
    "said|says|told|tells|added|adds|wrote|writes|tweeted|posted|noted|notes|argued|argues|explained|"
    "explains|believes|believed|warned|warns|stated|asked|asks|replied|replies|continued|concluded|"
    "agreed|agrees|announced|announces|insisted|insists|urged|urges|claimed|claims|suggested|suggests|"
    "acknowledged|admitted|denied|responded|recalled|reported|reports|contributed|thinks|thought|"
    "emphasized|emphasised|stressed|observed|predicted|cautioned|vowed|pledged|confirmed|described|"
    "reportedly said|has said|had said|also said|later said|told reporters"
)
_SPEECH = frozenset(SPEECH_VERBS.split("|")) | {"according to"}
# "told Reuters", "reported CNN": before a name these verbs as often take an outlet.
_SPEECH_BEFORE = _SPEECH - {"told", "tells", "reported", "reports", "told reporters"}
_PRAISE = frozenset("quoted quoting thanked praised criticised criticized".split())
_APPOSITION = re.compile(
    rf",[ \t]+(?:a|an|the|who|whose|his|her|one of|[{_UPPER}][\w'-]*'s|senior|former|deputy|chief|associate|"
    r"assistant|vice|acting|co-\w+|" + "|".join(sorted(ROLE_WORDS)) + r")\b"
)
_BYLINE = re.compile(r"^[ \t]*(?:Edited|Written|Reported|Reporting|Compiled|Produced|Translated|Additional reporting)[ \t]+by[ \t]*:?[ \t]*$")
# "in Seoul contributed", "the Vatican has said": a preposition or article before means not a person.
_PLACE_WORDS = frozenset("in at from to into the The near across".split())
_PLACE_NOUNS_OF = frozenset(
    f"{noun} of" for noun in "city town village port province district region capital island municipality".split()
)
_PLACE_AFTER = re.compile(r",[ \t]+(?:a|the)[ \t]+(?:\w+[ \t]+)?(?:city|town|village|port|province|district|municipality|region)\b")
# Capitalised words that start sentences or headlines without being names.
STOP_WORDS = frozenset(
    """The A An In On At For But And Or If When While As After Before Since During This That These Those
    It Its He She They We I You His Her Their Our My Your Despite However Although Though Still Yet Also
    Both Other Others Some Many Most All Among Under Over Like Why What How Who Whom Whose Where Which
    Earlier Later Last Next Previously Former Remarked Shortly Members Analysts Observers Officials Experts Critics
    Residents Authorities Reports Sources Witnesses Diplomats Lawmakers Researchers Scientists Activists
    Protesters Investigators Prosecutors Doctors Rescuers Students Workers Leaders People Police
    Meanwhile Moreover Furthermore Instead Then There Here Now Today Yesterday Tomorrow Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December Not No Yes Only Even Just Such Each Every Any Several Few
    Thus Therefore Indeed According From To By With Without Within Into Onto Upon About Above Below
    Between Through Throughout Against Along Around Behind Beyond Near Off Out Up Down Once Twice
    Let Please Read Watch Listen See Share Comment Image Photo Video Update Updated Breaking News
    Mr Mrs Ms Dr Editor Edited Reporting Additional Sir Madam Dear Chapter Part Section Figure Table
    Will Would Can Could Should Must May Might Shall Do Does Did Is Are Was Were Be Been Has Have Had
    One Two Three Four Five Six Seven Eight Nine Ten First Second Third New Old Big Small Great
    Agree Ahead Amid Asked Back Because Being Having Given Following Including Regarding Unlike
    Whether Unless Until Besides Nor So Too Very Well Much More Less Least Best Worst""".split()
)
_ROMAN = re.compile(r"[IVX]{1,4}")
_NAME_PARTICLES = frozenset("de del da das dos du la le van von der den bin ibn al el y di zu".split())
_HEADLINE_WORD = re.compile(r"[^\W\d_][\w'-]*")
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?:;\"“”'(]|\s[-–—•])[ \t]*$")
_GENERIC = re.compile(
    r"\b(?:the|this|that|The|This|That|this year's|This year's)[ \t]+"
    r"((?:(?:two|three|four|five|one|\d+)-day[ \t]+)?(?:summit|meeting|gathering))\b"
)
_SUMMIT_AFTER = re.compile(r"[ \t]*(?:\(([A-Z][A-Z0-9\-]{0,9})\)[ \t]*)?[ \t]+[Ss]ummit\b")
_ACRONYM_IN_PARENS = re.compile(r"\(([A-Z][A-Za-z]?[A-Z0-9&\-]{0,8}[A-Z0-9])\)")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_IN_PLACE = re.compile(rf"[ \t]+(?:in|at)[ \t]+({_TOKEN}(?:[ \t]+{_TOKEN})?)")
# Fixed patterns are compiled once here: the per-article patterns below (acronyms, surnames)
# would otherwise push them out of the re module's cache, and the capital-letter class is costly
# to compile.
_NAME_FOLLOWS = re.compile(rf"[ \t]+[{_UPPER}]")
_NAME_BEFORE = re.compile(rf"[{_UPPER}][\w'-]*[ \t]+$")
_SURNAME_GLUED = re.compile(r"[\w-]|'(?!s\b)")
_HYPHENATED = re.compile(r"[\w-]")
_WORD_OR_APOSTROPHE = re.compile(r"[\w'-]")
_ANOTHER_MEETING = re.compile(r"[ \t]+(?:with|between|of)\b")
_PREFIX_WORD = re.compile(r"([\w.]+)-$")
_WINDOW_WORD = re.compile(r"[\w][\w'-]*")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_HYPHEN_AFFIXES = frozenset("ex pro anti non post pre neo mid semi quasi so-called".split())
# Bloc names that mean a region only with "the" before them: "the West", not "West Bank".
_NEEDS_THE = frozenset({"West", "East", "North", "South", "Gulf"})


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    type: str
    key: str
    rule: str
    rank: int  # lower wins a conflict
    generic: bool = False


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
            if surface in _NEEDS_THE and not form[max(0, start - 4) : start].lower() == "the ":
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
            if previous is not None and form[previous[1]] == "." and not _is_abbreviation(form[previous[0] : previous[1]]):
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
        for heads, kind, rule in (() if _HEADS.isdisjoint(words) else _HEAD_KINDS):
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
        if title_at >= 0 and not any(w.rstrip(".") in PERSON_TITLES or w.lower() in ROLE_WORDS for w in words[: title_at + 1]):
            title_at = -1  # portfolio words alone ("National", "State") are not titles
        if title_at >= 0:
            name = _name_tokens(form, tokens[title_at + 1 :], words[title_at + 1 :])
            extended = self._given_names_before_known_surname(form, name, covered)
            if extended:
                found.append(extended)
            elif name:
                a, b = name[0][0], name[-1][1]
                if not covered.find(1, a, b) >= 0 and not any(w in NOT_PERSON or w in ORG_HEADS or w in EVENT_HEADS for w in words[title_at + 1 :]):
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
        if (last_two in _PLACE_NOUNS_OF
                or (len(words) <= 3 and after.startswith(", ") and (b + 2 in self._country_starts or _PLACE_AFTER.match(after)))):
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
        elif (first_after.lstrip(",") in _SPEECH or " ".join(following[:2]) in _SPEECH) and last not in _PLACE_WORDS and (
                len(words) > 1 or not _SENTENCE_BEFORE.search(line_before) or _looks_like_surname(form, words[0])):
            cue = "attribution"
        elif len(words) > 1 and after.startswith(", ") and _APPOSITION.match(after):
            cue = "apposition"
        if not cue:
            return []
        return [_Candidate(a, b, "PERSON", self._text[a:b], cue, rank=3)]

    def _given_names_before_known_surname(self, form: str, tokens: list[tuple[int, int]], covered: bytearray) -> _Candidate | None:
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
        for index, c in enumerate(candidates):
            if c.start < skip_until:
                continue
            if c.type in ("ORG", "GPE", "LOC", "EVENT") and not _is_summit_key(c.key):
                after = _SUMMIT_AFTER.match(form, c.end)
                if after:
                    partner = result[-1] if result and result[-1].end == c.start - 1 and form[c.start - 1] == "-" else None
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
                for word in ((words[0], words[-1]) if words[0] in EAST_ASIAN_SURNAMES else (words[-1],)):
                    if len(word) >= 2 and word not in STOP_WORDS and word not in TITLES and self.gazetteer.lookup(word) is None:
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


# ------------------------------------------------------------------ helpers


def _resolve(candidates: list[_Candidate], length: int) -> list[_Candidate]:
    """Non-overlapping candidates: a lower rank wins, then the longer span, then the earlier one.

    Here and in the passes, a span's mask is a bytearray of 0 and 1, searched with `find(1, …)`
    (a C loop) rather than `any()` over a copied slice."""
    occupied = bytearray(length)
    chosen = []
    for c in sorted(candidates, key=lambda c: (c.rank, c.start - c.end, c.start)):
        if c.end <= c.start or occupied.find(1, c.start, c.end) >= 0:
            continue
        occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


def _word_bounded(form: str, start: int, end: int, starts: set[int], ends: set[int]) -> bool:
    """A gazetteer match must be a whole word: no letters glued on, possessive ’s allowed."""
    if start > 0:
        before = form[start - 1]
        if before.isalnum() or before == "_":
            return False
        if before == "-":
            word = _PREFIX_WORD.search(form[max(0, start - 20) : start])
            if word and not (word.group(1).lower() in _HYPHEN_AFFIXES or word.group(1).islower() or (start - 1) in ends):
                return False
        if before == "'" and start > 1 and form[start - 2].isalnum():
            return False
    if end < len(form):
        after = form[end]
        if after.isalnum() or after == "_":
            return False
        if after == "'" and end + 1 < len(form) and form[end + 1].isalnum():
            return form[end + 1] == "s" and (end + 2 == len(form) or not form[end + 2].isalnum())
        if after == "-" and end + 1 < len(form) and form[end + 1].isalpha():
            return form[end + 1].islower() or (end + 1) in starts
    return True


_span = re.Match.span


def _is_headline(line: str) -> bool:
    """Headline case: most longer words capitalised, so capitals say nothing about names."""
    stripped = line.rstrip()
    if stripped.endswith((".", "\"", "”", ":", ";")) or len(stripped) > 200:
        return False  # prose: a sentence full of names is not a headline
    words = [w for w in _HEADLINE_WORD.findall(line) if len(w) > 3]
    if len(words) < 3:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.7


def _is_abbreviation(word: str) -> bool:
    return len(word) == 1 or "." in word or word in {"St", "Mr", "Mrs", "Ms", "Dr", "Jr", "Sr", "Gen", "Sen", "Rep", "Prof", "Lt", "Col", "Capt", "Gov", "Rev"}


def _headed_span(words: list[str], heads: frozenset[str]) -> tuple[int, int] | None:
    """The span of a headed name: capitalised words before the head, "of/for …" after it."""
    for index, word in enumerate(words):
        if word not in heads:
            continue
        while index + 1 < len(words) and words[index + 1] in heads:
            index += 1  # "Eurasian Research Institute": the last of adjacent heads
        first = index
        while first > 0 and words[first - 1] not in _CONNECTORS and words[first - 1] not in STOP_WORDS \
                and words[first - 1].rstrip(".") not in PERSON_TITLES - heads:
            first -= 1
        last = index
        probe = index + 1
        linked = False  # "and" joins words only inside an "of/for/on …" tail
        while probe < len(words):
            word_at = words[probe]
            if word_at in _CONNECTORS:
                if word_at == "and" and (not linked or (probe + 1 < len(words) and words[probe + 1] in heads)):
                    break  # "University of Washington and Center for …" is two names
                linked = linked or word_at in ("of", "for", "on")
                probe += 1
                continue
            if not linked or word_at in STOP_WORDS:
                break  # "… Committee of Indonesia on Monday": dates are not part of names
            last = probe
            probe += 1
        if first == last:
            return None  # a head word alone ("Council") is not a name
        return first, last
    return None


def _name_tokens(form: str, tokens: list[tuple[int, int]], words: list[str]) -> list[tuple[int, int]]:
    """Person-name tokens after a title: up to four capitalised words, particles allowed."""
    name = []
    for token, word in zip(tokens, words):
        if (word in STOP_WORDS or word in _CONNECTORS) and not name:
            return []
        if name and _ROMAN.fullmatch(word):
            name.append(token)  # "Elizabeth II"
            break
        if (word.isupper() and len(word) > 1) or (word in _CONNECTORS and word not in _NAME_PARTICLES):
            break  # "Hassan Rouhani of Iran": the name ends before "of"
        name.append(token)
        if len(name) == 4:
            break
    while name and form[name[-1][0] : name[-1][1]] in _CONNECTORS:
        name.pop()
    return name


def _looks_like_surname(form: str, word: str) -> bool:
    """A sentence-initial single word is a name only if the article never writes it in lower case."""
    if word in STOP_WORDS:
        return False
    lower = word.lower()
    # The plain search first: a name's lower-case form is rarely anywhere in the text at all.
    return lower not in form or not _whole_word(lower).search(form)


@lru_cache(maxsize=4096)
def _whole_word(word: str) -> re.Pattern:
    return re.compile(rf"\b{re.escape(word)}\b")


def _acronym_definitions(form: str) -> Iterator[tuple[int, str]]:
    """Each "(ACR)" that may define an acronym: where the phrase before it would end (before
    the spaces and any possessive 's in front of the parenthesis), and the acronym. Found from
    each "(" rather than by a regex search, which would try its optional start at every offset."""
    paren = form.find("(")
    while paren >= 0:
        body = _ACRONYM_IN_PARENS.match(form, paren)
        if body is None:
            paren = form.find("(", paren + 1)
            continue
        start = paren
        while start > 0 and form[start - 1] in " \t":
            start -= 1
        if start >= 2 and form.startswith("'s", start - 2):
            start -= 2
        yield start, body.group(1)
        paren = form.find("(", body.end())


def _literal_matches(form: str, ordered: tuple[str, ...], glued_before: re.Pattern,
                     fits_end: Callable[[int], bool]) -> Iterator[tuple[int, int]]:
    """Spans of the strings in `ordered` in `form`, as a regex `(?<!glued_before)(s1|s2|…)` with
    `fits_end` as lookahead would find them: left to right, not overlapping, and at each place
    the first string in order that fits. Compiling such a regex for every article costs more
    than the whole search, so the strings are found with `str.find`."""
    found_at: dict[int, list[str]] = {}
    for literal in ordered:
        start = form.find(literal)
        while start >= 0:
            found_at.setdefault(start, []).append(literal)
            start = form.find(literal, start + 1)
    position = 0
    for start in sorted(found_at):
        if start < position or (start > 0 and glued_before.match(form, start - 1)):
            continue
        for literal in found_at[start]:
            if fits_end(start + len(literal)):
                position = start + len(literal)
                yield start, position
                break


def _expansion_chunk(form: str, paren: int, acronym: str) -> _Candidate | None:
    """The capitalised words before "(ACR)" whose initials spell the acronym."""
    line_start = form.rfind("\n", 0, paren) + 1
    window = form[line_start:paren].rstrip()
    if window.endswith("'s"):
        window = window[:-2]
    words = list(_WINDOW_WORD.finditer(window))
    letters = [ch for ch in acronym if ch.isalpha()]
    picked: list[re.Match] = []
    for match in reversed(words):
        word = match.group()
        if word.lower() in _CONNECTORS:
            if not picked:
                return None
            continue
        if not word[0].isupper():
            break
        picked.insert(0, match)
        initials = [w.group()[0] for w in picked]
        if initials == letters[: len(initials)] and len(initials) == len(letters):
            a = line_start + picked[0].start()
            b = line_start + picked[-1].end()
            words = [w.group() for w in picked]
            if any(w in EVENT_HEADS for w in words):
                kind = "EVENT"
            elif any(w in ORG_HEADS for w in words):
                kind = "ORG"
            else:
                return None  # "Grand Master (GM)" defines an abbreviation, not an organisation
            return _Candidate(a, b, kind, form[a:b], "acronym-definition", rank=1)
        if len(picked) > len(letters):
            break
    return None


def _offset_after_paragraphs(form: str, count: int) -> int:
    """Where the first `count` non-blank lines end."""
    position = 0
    for _ in range(count):
        while position < len(form) and form[position] == "\n":
            position += 1
        following = form.find("\n", position)
        if following < 0:
            return len(form)
        position = following
    return position


def _is_summit_key(key: str) -> bool:
    return key.lower().endswith("summit")


def place_after(form: str, end: int, gazetteer: Gazetteer):
    """ "in Astana" / "at Hiroshima" right after `end`: (the place as written, its gazetteer entry or None)."""
    place = _IN_PLACE.match(form, end)
    if not place:
        return "", None
    return place.group(1), gazetteer.lookup(place.group(1)) or gazetteer.lookup(place.group(1).split()[0])


def summit_instance(form: str, mention_end: int, article_date: str, gazetteer: Gazetteer) -> str:
    """ "2024 Astana" when the sentence after a named summit says where (and when) it met."""
    _, entry = place_after(form, mention_end, gazetteer)
    if entry is None or entry.type != "GPE":
        return ""
    sentence_end = _SENTENCE_END.search(form, mention_end)
    sentence = form[mention_end : sentence_end.start() if sentence_end else mention_end + 200]
    year = _YEAR.search(sentence) or _YEAR.search(article_date or "")
    return f"{year.group(1)} {entry.name}" if year else entry.name
