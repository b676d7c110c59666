"""Mentions of all articles → entities: one canonical name shared across sources.

Identity is decided by the alias table (identity keys: case, accents, apostrophes and a few
spelling variants folded), never by a fuzzy score:

- a gazetteer name is its entry's canonical name ("Xi", "President Xi Jinping" → "Xi Jinping");
- a name the rules found is looked up in the alias table first ("Tokaev" → "Kassym-Jomart
  Tokayev"), else grouped with the other mentions of the same identity key across the corpus;
- a surname alone is the person of that article who carries it (the nearest full name before
  it, else after it), else the corpus's only person who carries it, else a person of its own:
  "Li" in an article about Li Zhanshu is Li Zhanshu, while Li Hui and Li Mingjiang stay apart;
- the user's corrections file merges names and splits names out.

Before that, the corpus settles what the recogniser could not decide alone (see `_settle`):
linking sees every article's mentions but not their texts, so the recogniser hands it, beside
the mentions, the capitalised names no rule classified (rule "candidate", no type). A candidate
whose name the corpus found elsewhere by a rule or the gazetteer ("retailer Tesco" in one
article, "Tesco" alone in the next; an acronym defined in one article, used bare in another; a
person's family name) becomes a mention of that name, with its type; the others are dropped.
And one name gets one type everywhere: the type with the most weight of evidence over all its
mentions (`RULE_WEIGHTS`: "the company", "X's chief executive" outweigh "X said").
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from reader.entities.gazetteer import Gazetteer
from reader.entities.lexicon import INSTITUTION_WORDS, ORG_HEADS, RULE_WEIGHTS
from reader.entities.model import Entity, Mention
from reader.entities.name_order import EAST_ASIAN_SURNAMES
from reader.entities.normalize import identity_key, match_form
from reader.entities.packed import Packed, Packer, Payload
from reader.entities.summits import SUMMIT_OPEN, SUMMIT_REFERENCE, resolve_reference, series_of_key

T = TypeVar("T")


def _words(name: str) -> list[str]:
    return [
        w for w in match_form(name).replace(",", " ").split() if w[:1].isupper() and w.rstrip(".") not in _GENERATIONS
    ]


# What follows a family name without being one: "Edward DeBartolo Jr.", "Cyrus Vance, Jr.".
_GENERATIONS = frozenset("Jr Sr".split())


# Asked of every person mention's entity, and again while looking for a surname's bearer:
# a corpus has far fewer distinct names than mentions.
@lru_cache(maxsize=1 << 17)
def _family_names(name: str) -> tuple[str, ...]:
    """Identity keys a person can be called by alone: the last name, or the first in East Asian order."""
    words = _words(name)
    if len(words) < 2:
        return ()
    if words[0] in EAST_ASIAN_SURNAMES or " bin " in name or " ibn " in name:
        return identity_key(words[-1]), identity_key(words[0])
    if len(words) >= 3 and words[-2].lower() in _PARTICLES:
        return identity_key(words[-1]), identity_key(words[-2] + words[-1])  # "Louis De Zoysa": "De Zoysa"
    return (identity_key(words[-1]),)


_PARTICLES = frozenset("de del da das dos du la le van von der den di al el".split())


def link(documents: list[list[Mention]], gazetteer: Gazetteer) -> dict[str, Entity]:
    """Set `entity` (and `instance`) on every mention; return the entities by canonical name.

    `documents[i]` are the mentions of article i in offset order, as `Recognizer.recognize`
    made them (a named summit's `instance` holds where it met; it becomes the full name of
    the meeting here, shared by every mention of that series in the article). A document whose
    mentions linking settles (see `_settle`) becomes a new list.
    """
    packer = Packer()
    packed = [packer.mentions(mentions) for mentions in documents]

    def keep(number: int, mentions: list[Mention], changed: bool) -> None:
        if changed:
            documents[number] = mentions
            return
        for mention, linked in zip(documents[number], mentions):
            mention.entity = linked.entity
            mention.instance = linked.instance

    return {
        name: Entity(name, kind, aliases, list(zip(places[0::2], places[1::2])), article_count=article_count)
        for name, (kind, aliases, places, article_count) in link_packed(packed, gazetteer, keep).items()
    }


# What linking gives of an entity: its type, spellings, (article, mention index) of each of its
# mentions in corpus order, and its article count.
Linked = tuple[str, set[str], "array[int]", int]


def link_packed(
    documents: list[Packed], gazetteer: Gazetteer, sink: Callable[[int, list[Mention], bool], None]
) -> dict[str, Linked]:
    """`link` over packed articles, made into mention objects one article at a time: each
    article's linked mentions go to `sink(number, mentions, changed)` in article order (changed:
    linking made it a new list, see `_settle`), and no more than one article's objects are held.
    `documents[i]` is replaced by what `_settle` made of it (in a store of their own: the
    caller's store of the articles as recognised can go). Returns the entities in order of first
    mention, as `link` does."""
    changed = _settle_summits(documents, gazetteer)
    changed |= _settle(documents)
    merges = gazetteer.corrections.merges

    def canonical_of(name: str) -> str:
        return merges.get(identity_key(name), name) if merges else name

    # Pass 1: names that do not depend on other mentions. What a mention resolves to here
    # depends only on its key and type, so it is worked out once per (key, type): a corpus
    # repeats a few thousand of them hundreds of thousands of times. And looked up once per
    # payload, by its number in the store (see `_by_payload`).
    decisions: dict[tuple[str, str], str | None] = {}  # see _decide
    decided_of: dict[int, list[str | None]] = {}
    surface_votes: dict[str, Counter] = defaultdict(Counter)
    people: set[str] = set()  # the entities of person mentions
    voted_people: set[str] = set()  # the voted identities of person mentions
    for packed in documents:
        listed, memo = _by_payload(packed, decided_of, _UNDECIDED)
        for payload_number in packed.numbers:
            payload = listed[payload_number]
            kind, key = payload[1], payload[2]
            decided = memo[payload_number]
            if decided is _UNDECIDED:
                decided = decisions.get((key, kind), _UNDECIDED)
                if decided is _UNDECIDED:
                    decided = decisions[key, kind] = _decide(key, kind, gazetteer, canonical_of)
                memo[payload_number] = decided
            if decided is None:
                continue  # a lone surname: pass 2
            if decided[:1] == "\0":
                surface_votes[decided][key] += 1
                if kind == "PERSON":
                    voted_people.add(decided)
            elif kind == "PERSON":
                people.add(decided)

    # Display name of each rule-found identity: its most frequent spelling, longest on ties.
    display = {
        key: canonical_of(max(votes.items(), key=lambda kv: (kv[1], len(kv[0])))[0])
        for key, votes in surface_votes.items()
    }
    people.update(display[key] for key in voted_people)
    corpus_people: dict[str, set[str]] = defaultdict(set)
    people.discard("")
    for person in people:
        for key in _family_names(person):
            corpus_people[key].add(person)

    # Then article by article: pass 1's names, pass 2 (surnames: by article first, then across
    # the corpus), the article's own variants, institutions and meetings, and the entity table.
    collected: dict[str, list] = {}
    for number, packed in enumerate(documents):
        mentions = packed.mentions()
        surnames = []
        memo = decided_of[id(packed.store)]
        for index, (mention, payload_number) in enumerate(zip(mentions, packed.numbers)):
            decided = memo[payload_number]
            if decided is None:
                surnames.append(index)
            else:
                mention.entity = display[decided] if decided[:1] == "\0" else decided
        if surnames:
            bearers = _Bearers(mentions)
            for index in surnames:
                mention = mentions[index]
                found = bearers.resolve(index, identity_key(mention.key), corpus_people)
                bearers.rename(index, canonical_of(found or mention.key))
        article = [mentions]
        _variants_by_article(article)
        _institutions_by_article(article, gazetteer)
        _name_instances(article)
        _collect(collected, number, mentions)
        sink(number, mentions, number in changed)
    # They hold a name of each person of the corpus: hundreds of thousands in a large one.
    _family_names.cache_clear()
    _first_name.cache_clear()
    return {
        name: (max(types.items(), key=_second)[0] if types else first_type, aliases, places, article_count)
        for name, (places, aliases, types, first_type, article_count, _) in collected.items()
    }


def _variants_by_article(documents: list[list[Mention]]) -> None:
    """Within an article, spellings of one name are one entity:
    - people with the same first and family name ("Richard K. Guy", "Richard Kenneth Guy",
      "Richard Guy"): the one with the most mentions there (then the longest);
    - an organisation and the longer name it begins ("Port Authority" and "Port Authority of
      New York and New Jersey", "Selective Service" and "Selective Service System"), where what
      follows is an of-tail or one word that is no head ("Harvard University Press" is another)."""
    for mentions in documents:
        people: dict[tuple[str, str], Counter] = {}
        organisations: list[Mention] = []
        for mention in mentions:
            if mention.generic or not mention.entity:
                continue
            if mention.type == "PERSON":
                words = _words(mention.entity)
                if len(words) >= 2:
                    named = (identity_key(words[0]), identity_key(words[-1]))
                    people.setdefault(named, Counter())[mention.entity] += 1
            elif mention.type == "ORG" and " " in mention.text:
                organisations.append(mention)
        renamed: dict[str, str] = {}
        for counted in people.values():
            if len(counted) > 1:
                target = max(counted.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
                renamed.update((name, target) for name in counted if name != target)
        if organisations:
            longer = _longer_names(organisations)
            for mention in organisations:
                target = longer.get(mention.text)
                if target is not None and target != mention.entity:
                    renamed.setdefault(mention.entity, target)
        if renamed:
            for mention in mentions:
                if mention.type in ("PERSON", "ORG") and mention.entity in renamed:
                    mention.entity = renamed[mention.entity]


def _longer_names(organisations: list[Mention]) -> dict[str, str]:
    """For each name of these mentions that a longer one among them begins and continues ("Port
    Authority" … "of New York and New Jersey"), the entity of the longest such name (of the
    earliest mention, of two as long). By distinct name, and the longer names of one found in
    one sorted run (they all begin with it): comparing every mention with every other was
    quadratic in a long article's organisations."""
    first: dict[str, tuple[int, str]] = {}
    for number, mention in enumerate(organisations):
        first.setdefault(mention.text, (number, mention.entity))
    names = sorted(first)
    found: dict[str, str] = {}
    for name in names:
        prefix = name + " "
        best: tuple[int, int] | None = None
        entity = ""
        # By index from the first name it could begin: a slice would copy the rest of the list.
        for at in range(bisect_left(names, prefix), len(names)):
            other = names[at]
            if not other.startswith(prefix):
                break
            if _continues_name(other[len(prefix) :]):
                rank = (len(other), -first[other][0])
                if best is None or rank > best:
                    best, entity = rank, first[other][1]
        if best is not None:
            found[name] = entity
    return found


def _continues_name(rest: str) -> bool:
    words = rest.split()
    return bool(words) and (words[0] in ("of", "for", "on") or (len(words) == 1 and words[0] not in ORG_HEADS))


def _institutions_by_article(documents: list[list[Mention]], gazetteer: Gazetteer) -> None:
    """ "the House", "the Senate", "the U.S. House" alone: the legislature the article names in
    full ("US House of Representatives", "Senate of the Philippines"), the nearest before it,
    else after it."""
    for mentions in documents:
        for index, mention in enumerate(mentions):
            if mention.type != "ORG":
                continue
            word = mention.text.rsplit(None, 1)[-1]
            if word not in INSTITUTION_WORDS:
                continue
            if word != mention.text:
                country = gazetteer.lookup(mention.text[: -len(word)].strip())
                if country is None or country.type != "GPE":
                    continue
            for at in (range(index - 1, -1, -1), range(index + 1, len(mentions))):
                full = next(
                    (
                        other
                        for other in (mentions[i] for i in at)
                        if other.type == "ORG"
                        and len(other.text) > len(mention.text)
                        # the legislature itself ("U.S. House", "House of Representatives"), not one
                        # of its committees ("House Oversight and Reform Committee")
                        and (
                            other.text.endswith(" " + word)
                            or other.text.startswith(word + " of ")
                            or f" {word} of " in other.text
                        )
                    ),
                    None,
                )
                if full is not None:
                    mention.entity = full.entity
                    break


# Evidence weights per rule (lexicon.RULE_WEIGHTS), a gazetteer entry outweighing every rule.
_WEIGHTS = {**RULE_WEIGHTS, "gazetteer": 8}
_CANDIDATE = "candidate"
# What a name of an organisation may end in without being another organisation's name.
_LINK_HEADS = frozenset(
    """Group Holdings Holding Inc Corp Corporation Company Co Ltd Limited LLC PLC plc AG SA SE NV BV GmbH AB ASA
    SpA Srl Kft Zrt Nyrt Bhd Pty Tbk A/S ApS AS Oyj Oy Party Entertainment International Worldwide Industries
    Enterprises Technologies""".split()
)


def _settle(documents: list[Packed]) -> set[int]:
    """Candidates become mentions where the corpus names them elsewhere (or are dropped), and
    each rule-found name gets the type its mentions' evidence gives it across the corpus. A
    document whose mentions change is replaced; the numbers of those are returned (the indexer
    stores an unchanged one's rows as the recogniser made them); every document is then in a
    new store. What a mention votes, and what it becomes, depends only on its payload: each is
    worked out once per distinct payload."""
    # What each name is, by the identity key of its text: votes per (type, key).
    votes: dict[str, dict[tuple[str, str], int]] = {}
    # One type per rule-found name (by its key): the heaviest evidence over the corpus.
    type_votes: dict[str, dict[str, int]] = {}  # identity of a rule-found key → weight per type
    has_candidates = False
    evidence_of: dict[int, list[Evidence | None]] = {}
    for packed in documents:
        listed, memo = _by_payload(packed, evidence_of, None)
        for payload_number in packed.numbers:
            found = memo[payload_number]
            if found is None:
                found = memo[payload_number] = _evidence(listed[payload_number])
            name_votes, type_vote, candidate = found
            if candidate:
                has_candidates = True
            for key, target, weight in name_votes:
                entry = votes.setdefault(key, {})
                entry[target] = entry.get(target, 0) + weight
            if type_vote is not None:
                key, kind, weight = type_vote
                weights = type_votes.setdefault(key, {})
                weights[kind] = weights.get(kind, 0) + weight
    best: dict[str, tuple[str, str]] = {}
    for key, counted in votes.items():
        best[key] = max(counted.items(), key=lambda kv: kv[1])[0]
    settled_type = {
        key: max(counted.items(), key=lambda kv: kv[1])[0] for key, counted in type_votes.items() if len(counted) > 1
    }
    changed: set[int] = set()
    if not has_candidates and not settled_type:
        return changed
    becomes_of: dict[int, list[tuple[Payload | None, bool] | None]] = {}
    store = Packer()
    for number, packed in enumerate(documents):
        altered = False
        starts: list[int] = []
        ends: list[int] = []
        payloads: list[Payload] = []
        listed, becomes = _by_payload(packed, becomes_of, None)
        for start, end, payload_number in packed.spans():
            found_as = becomes[payload_number]
            if found_as is None:
                found_as = becomes[payload_number] = _settled(listed[payload_number], best, settled_type)
            now, differs = found_as
            altered = altered or differs
            if now is not None:
                starts.append(start)
                ends.append(end)
                payloads.append(now)
        documents[number] = store.add(starts, ends, payloads)
        if altered:
            changed.add(number)
    store.close()
    return changed


# What one mention votes (see `_evidence`).
Evidence = tuple[tuple[tuple[str, tuple[str, str], int], ...], "tuple[str, str, int] | None", bool]


def _by_payload(packed: Packed, memos: dict[int, list[T]], empty: T) -> tuple[list[Payload], list[T]]:
    """The payloads of `packed`'s store, and the memo (in `memos`) of what is worked out for
    each, by payload number: a list lookup, where a dict keyed by the payload would hash its
    seven fields at every mention."""
    store = packed.store
    memo = memos.get(id(store))
    if memo is None:
        memo = memos[id(store)] = [empty] * len(store.payloads)
    return store.payloads, memo


def _evidence(payload: Payload) -> Evidence:
    """What one mention votes: (identity key, (type, key), weight) for what its name is,
    (identity of its key, type, weight) for the type of a rule-found name (or None), and
    whether it is a candidate."""
    text, kind, key, _, _, generic, rule = payload
    name_votes: list[tuple[str, tuple[str, str], int]] = []
    if rule != _CANDIDATE and not generic and kind:
        weight = _WEIGHTS.get(rule, 1)
        names = [text]
        if kind == "PERSON" and rule != "surname":
            words = _words(text)
            if len(words) >= 2:
                names.append(words[-1])  # a person named in full is also their family name
        elif kind == "ORG":
            words = text.replace(",", " ").split()
            cut = len(words)
            while cut > 1 and words[cut - 1].rstrip(".") in _LINK_HEADS:
                cut -= 1
            if cut < len(words) and not (cut == 1 and words[-1] == "Party"):
                # "Salling Group A/S" is also "Salling", "Thai Raksa Chart Party" "Thai Raksa
                # Chart"; but "Libertarian" alone is an adjective (NORP), not the party.
                names.append(" ".join(words[:cut]))
        for at, name in enumerate(names):
            identity = identity_key(name)
            if not identity:
                continue
            target = (kind, key if at == 0 or kind != "PERSON" else name)
            name_votes.append((identity, target, weight if at == 0 else 1))
    type_vote = None
    if not (rule in (_CANDIDATE, "gazetteer") or generic or key[:1] == "=" or not kind):
        type_vote = (identity_key(key), kind, _WEIGHTS.get(rule, 1))
    return tuple(name_votes), type_vote, rule == _CANDIDATE


def _settled(
    payload: Payload, best: dict[str, tuple[str, str]], settled_type: dict[str, str]
) -> tuple[Payload | None, bool]:
    """What `_settle` makes of one mention: its payload (None: dropped), and whether it changed."""
    text, kind, key, entity, instance, generic, rule = payload
    changed = False
    if rule == _CANDIDATE:
        changed = True
        found = best.get(identity_key(text))
        if found is None:
            return None, True
        kind, key = found
        if kind == "PERSON" and key[:1] != "=" and len(_words(key)) > 1:
            key = text if len(_words(text)) == 1 else key
        rule = "corpus"
    if settled_type and key[:1] != "=" and not generic:
        settled = settled_type.get(identity_key(key))
        if settled is not None and settled != kind:
            kind = settled
            changed = True
    if not changed:
        return payload, False
    return (text, kind, key, entity, instance, generic, rule), True


# Not yet decided (a str, so that decisions hold str | None; compared by identity only).
_UNDECIDED: str = "\0undecided"


def _decide(key: str, kind: str, gazetteer: Gazetteer, canonical_of) -> str | None:
    """Pass 1 for one (key, type): the entity, None for a lone surname (pass 2 decides), or
    "\0" + identity key for a rule-found name whose display name is voted on."""
    if key.startswith("="):
        return canonical_of(key[1:])
    identity = identity_key(key)
    splits = gazetteer.corrections.splits
    if kind == "PERSON" and identity not in splits:
        words = _words(key)
        if len(words) == 1 or (len(words) == 2 and words[0].lower() in _PARTICLES):
            return None  # a family name alone ("Putin", "De Zoysa"): pass 2 finds its person
    entry = gazetteer.lookup(key) if identity not in splits else None
    if entry is not None and _compatible(entry.type, kind):
        return canonical_of(entry.name)
    if kind == "ORG" and identity not in splits:
        listed, rest = _without_country(key, gazetteer)
        if listed is not None:
            return canonical_of(listed)
        key = rest or key
        of_form = _OF_FORM.fullmatch(key)
        if of_form is not None:
            # "Department of Justice" is the "Justice Department", "Ministry of Defence" the
            # "Defence Ministry".
            key = f"{of_form.group(2)} {of_form.group(1)}"
            entry = gazetteer.lookup(key)
            if entry is not None and entry.type == "ORG":
                return canonical_of(entry.name)
        if key.endswith("s") and key.rsplit(" ", 1)[-1][:-1] in _PARTY_SINGULARS and " " in key:
            key = key[:-1]  # "Liberal Democrats" and "Liberal Democrat" are one party
        short = _without_corporate_head(key)
        if short:
            # "Salling Group A/S", "Salling Group" and "Salling" are one company, "Thai Raksa Chart
            # Party" and "Thai Raksa Chart" one party.
            entry = gazetteer.lookup(short)
            if entry is not None and entry.type == "ORG":
                return canonical_of(entry.name)
            return "\0" + identity_key(short)
        return "\0" + identity_key(key)
    return "\0" + identity


# Party words whose plural names the same party ("Liberal Democrats", "Liberal Democrat").
_PARTY_SINGULARS = frozenset("Democrat Republican Socialist Liberal Conservative Green National Unionist".split())
_OF_FORM = re.compile(r"(Department|Ministry|Office|Bureau) of (?:the )?([A-Z][\w'-]+)")


def _without_corporate_head(name: str) -> str:
    """The name without the generic words that end it ("Group", "A/S", "Party"), or ""."""
    words = name.replace(",", " ").split()
    cut = len(words)
    while cut > 1 and words[cut - 1].rstrip(".") in _LINK_HEADS:
        cut -= 1
    short = " ".join(words[:cut])
    return short if cut < len(words) and len(short) >= 3 else ""


def _without_country(key: str, gazetteer: Gazetteer) -> tuple[str | None, str]:
    """ "United States Supreme Court" is the listed "Supreme Court", "US Central Intelligence
    Agency" the "CIA": a listed organisation named with its country before it; and "U.S.
    Libertarian Party" is the "Libertarian Party" found elsewhere. What is left must be two words
    or more, or a legislature ("U.S. Congress"): "Jamaica Observer" is no "Observer".
    The listed organisation (or None) and the name without its country ("" when none is cut)."""
    words = key.split()
    for cut in range(1, min(3, len(words) - 1) + 1):
        country = gazetteer.lookup(" ".join(words[:cut]))
        if country is None or country.type != "GPE":
            continue
        rest = words[cut:]
        if len(rest) == 1 and rest[0] not in INSTITUTION_WORDS:
            return None, ""
        entry = gazetteer.lookup(" ".join(rest))
        if entry is not None and entry.type == "ORG":
            return entry.name, ""
        # Only a country's name is cut from a name found by the rules: "Florida Department of
        # Transportation" is not Texas's.
        return None, " ".join(rest) if country.name in gazetteer.countries else ""
    return None, ""


def _compatible(listed: str, found: str) -> bool:
    return listed == found or {listed, found} <= {"GPE", "LOC"} or {listed, found} <= {"ORG", "EVENT"}


class _Bearers:
    """Who in one article carries a name, kept as its surnames are resolved one by one: the
    answers a scan of the article for each surname gave (tests/test_link_by_article.py keeps that
    scan), without it: a long article's hundreds of surnames each scanned its thousands of mentions.

    By identity key: the positions of the person mentions that carry it as family name (sorted),
    and how many mentions call each person by it as first name; a mention whose name changes
    (`rename`) is moved from its old name's entries to the new one's."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.family: dict[str, list[int]] = defaultdict(list)
        self.first: dict[str, Counter[str]] = defaultdict(Counter)
        for index, mention in enumerate(mentions):
            if mention.type == "PERSON" and mention.entity:
                for key in _family_names(mention.entity):
                    self.family[key].append(index)  # in order: each list is sorted
                self.first[_first_name(mention.entity)][mention.entity] += 1

    def resolve(self, index: int, key: str, corpus_people: dict[str, set[str]]) -> str:
        """The person that mention `index` (a surname alone, of identity key `key`) names: the
        nearest person mention before it that carries the name, else the nearest after it; else
        the one person of the article it calls by first name; else the corpus's only person who
        carries it; else ""."""
        positions = self.family.get(key)
        if positions:
            # The nearest before it, else the nearest after it (never itself).
            before = bisect_left(positions, index)
            if before:
                return self.mentions[positions[before - 1]].entity
            after = bisect_right(positions, index)
            if after < len(positions):
                return self.mentions[positions[after]].entity
        called = self.first.get(key)
        if called:
            named = [name for name, count in called.items() if count]
            if len(named) == 1:
                return named[0]
        people = corpus_people.get(key, set())
        return next(iter(people)) if len(people) == 1 else ""

    def rename(self, index: int, entity: str) -> None:
        """Mention `index` now names `entity`."""
        mention = self.mentions[index]
        if mention.type == "PERSON":
            if mention.entity:
                for key in _family_names(mention.entity):
                    positions = self.family[key]
                    del positions[bisect_left(positions, index)]
                self.first[_first_name(mention.entity)][mention.entity] -= 1
            if entity:
                for key in _family_names(entity):
                    insort(self.family[key], index)
                self.first[_first_name(entity)][entity] += 1
        mention.entity = entity


@lru_cache(maxsize=1 << 16)
def _first_name(name: str) -> str:
    words = _words(name)
    return identity_key(words[0]) if len(words) >= 2 else ""


def _settle_summits(documents: list[Packed], gazetteer: Gazetteer) -> set[int]:
    """Summit references an article could not settle alone (rule SUMMIT_REFERENCE, the hint of
    who, where and when in `instance`) become mentions of the one meeting named elsewhere in the
    corpus (or in the series' record) that fits; the others are dropped (never guessed). Returns
    the numbers of the documents replaced."""
    named: dict[str, set[str]] = defaultdict(set)
    named_in: dict[int, set[tuple[str, str]]] = defaultdict(set)
    series_of: dict[str, str] = {}  # a named meeting's key → its series
    pending = False
    for number, packed in enumerate(documents):
        for _, kind, key, _, instance, _, rule in packed.payloads:
            if rule == SUMMIT_REFERENCE:
                pending = True
            elif kind == "EVENT" and instance and key and instance[:1] != "?":
                series = series_of.get(key)
                if series is None:
                    series = series_of_key(key)
                    entry = gazetteer.lookup(series) if not key.startswith("=") else None
                    series = series_of[key] = entry.name if entry is not None and entry.type == "EVENT" else series
                named[series].add(instance)
                named_in[number].add((series, instance))
    changed: set[int] = set()
    if not pending:
        return changed
    store = Packer()  # of the few articles changed here
    for number, packed in enumerate(documents):
        if not any(payload[6] == SUMMIT_REFERENCE for payload in packed.payloads):
            continue
        starts: list[int] = []
        ends: list[int] = []
        payloads: list[Payload] = []
        here = frozenset(named_in.get(number, ()))
        listed = packed.store.payloads
        for start, end, payload_number in packed.spans():
            payload = listed[payload_number]
            if payload[6] == SUMMIT_REFERENCE:
                found = resolve_reference(payload[4], named, here)
                if found is None:
                    continue
                series, meeting = found
                entry = gazetteer.lookup(series)
                key = "=" + entry.name if entry is not None and entry.type == "EVENT" else series
                payload = (payload[0], "EVENT", key, "", meeting, payload[5], "summit-linked")
            starts.append(start)
            ends.append(end)
            payloads.append(payload)
        documents[number] = store.add(starts, ends, payloads)
        changed.add(number)
    return changed


def _name_instances(documents: list[list[Mention]]) -> None:
    """ "SCO summit 2024 Astana": the series, then where (and when) it met: the mention's own
    meeting, else the one its article names first for that series."""
    for mentions in documents:
        places: dict[str, str] = {}
        for mention in mentions:
            if mention.instance and not mention.generic and mention.type == "EVENT":
                places.setdefault(mention.entity, mention.instance)
        for mention in mentions:
            if mention.type != "EVENT":
                mention.instance = ""
                continue
            # A mention whose own words say another meeting than the record knows has none,
            # rather than its article's.
            where = mention.instance or (places.get(mention.entity) if mention.rule != SUMMIT_OPEN else "")
            if where and where.startswith(mention.entity + " "):
                continue  # already named (linking ran on these mentions before)
            mention.instance = f"{mention.entity} {where}" if where and where[:1] != "?" else ""


def _collect(collected: dict[str, list], doc: int, mentions: list[Mention]) -> None:
    """Add article `doc`'s mentions to the entity table being collected."""
    # Per entity, in one list (one dict lookup per mention): its (article, mention index) pairs;
    # the spellings it was written in; how often each type was written (first
    # written first, so ties keep the first); the first mention's type, used if every mention is
    # generic; and its article count, counted on the way (documents come in order, so the
    # entity's article changes only when a new one starts) with the last article seen.
    for index, mention in enumerate(mentions):
        entry = collected.get(mention.entity)
        if entry is None:
            entry = collected[mention.entity] = [array("I"), set(), {}, mention.type, 0, -1]
        entry[0].extend((doc, index))
        if entry[5] != doc:
            entry[5] = doc
            entry[4] += 1
        if not mention.generic:
            entry[1].add(mention.text)
            counted = entry[2]
            counted[mention.type] = counted.get(mention.type, 0) + 1


def _second(pair: tuple[str, int]) -> int:
    return pair[1]
