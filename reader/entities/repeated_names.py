"""Passes 4b and 5 of the recogniser and its last step: a name found once is that name everywhere
in the article, a surname alone is the person named in full, and one name has one type."""

from __future__ import annotations

import re

from reader.entities.lexicon import (
    _NAME_BEFORE,
    _NAME_FOLLOWS,
    _NAME_PARTICLES,
    _SURNAME_GLUED,
    _TOKEN_RE,
    _WORD_OR_APOSTROPHE,
    CORPORATE_HEADS,
    CORPORATE_SUFFIX,
    FAMILY_AFTER,
    RULE_WEIGHTS,
    STOP_WORDS,
    TITLES,
)
from reader.entities.name_cues import _MEMBER_OF
from reader.entities.name_order import EAST_ASIAN_SURNAMES
from reader.entities.normalize import identity_key
from reader.entities.recognizer_state import _RecognizerState
from reader.entities.spans import _START, _Candidate, _literal_matches, _resolve
from reader.entities.summit_passes import _PLACE_NAMED
from reader.entities.summits import SUMMIT_REFERENCE

# Features also called by their name alone ("Abaco Islands", "Abaco"; "Atlas Mountains", "Atlas").
_SHORT_FEATURE_HEADS = frozenset("Islands Island Isles Archipelago Mountains Desert Peninsula Atoll".split())
# What follows a family name without being one: "Edward DeBartolo Jr.", "Elizabeth II".
_GENERATIONS = frozenset("Jr Sr II III IV".split())
_JOINED_NAME = re.compile(r" (?:bin|ibn|bint) ")
# Where a name does not end (something glued on, a capitalised word after it), in one regex: it is
# tried at every occurrence of every name.
_NOT_NAME_END = re.compile(f"(?:{_SURNAME_GLUED.pattern})|(?:{_NAME_FOLLOWS.pattern})")
_NOT_REPEATED = frozenset({"gazetteer", "repeat", "surname", "generic", "acronym", "summit", SUMMIT_REFERENCE})


class _RepeatedNames(_RecognizerState):
    # -------------------------------------------------------------- 5. surnames

    def _surname_pass(self, form: str, candidates: list[_Candidate]) -> list[_Candidate]:
        full_names = [c for c in candidates if c.type == "PERSON" and " " in form[c.start : c.end].strip()]
        parts: set[str] = set()
        for c in full_names:
            raw = _TOKEN_RE.findall(form[c.start : c.end])
            words = [w for w in raw if w.lower() not in _NAME_PARTICLES and w not in _GENERATIONS]
            if len(raw) >= 3 and raw[-2].lower() in _NAME_PARTICLES and raw[-2][:1].isupper():
                parts.add(f"{raw[-2]} {raw[-1]}")  # "Louis De Zoysa" is "De Zoysa"
            if len(words) >= 2:
                called = words[0] in EAST_ASIAN_SURNAMES or _JOINED_NAME.search(form, c.start, c.end)
                for word in (words[0], words[-1]) if called else (words[-1],):
                    if (
                        len(word) >= 2
                        and word not in STOP_WORDS
                        and word not in TITLES
                        and self.gazetteer.lookup(word) is None
                    ):
                        parts.add(word)
        # First names alone ("Tony was one of the best"): the first name of one person of the
        # article, never written in lower case there (not "Will", "Mark" as words), nobody's
        # family name, and no listed name.
        first_names: dict[str, set[str]] = {}
        for c in full_names:
            words = _TOKEN_RE.findall(form[c.start : c.end])
            if len(words) >= 2 and len(words[0]) >= 3 and "." not in words[0]:
                first_names.setdefault(words[0], set()).add(words[-1])
        for word, families in first_names.items():
            if (
                len(families) == 1
                and word not in parts
                and word not in STOP_WORDS
                and word not in TITLES
                and self.gazetteer.lookup(word) is None
                and word not in self.places  # "Orlando Bloom ... in Orlando"
                and self._lower_case.looks_like_surname(word)
            ):
                parts.add(word)
        # The full names themselves, where rules could not see them (headlines, lists).
        parts.update(" ".join(form[c.start : c.end].split()) for c in full_names if c.rule != "gazetteer")
        if not parts:
            return candidates
        occupied = bytearray(len(form))
        for c in candidates:
            # A town found only by the bundled place data ("Tipton") is the family name of the
            # person named in full ("Alexis Tipton"), where the surname matches it.
            if c.rule == "place-data" and form[c.start : c.end] in parts:
                continue
            occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
        ordered = tuple(sorted(parts, key=len, reverse=True))
        extra = []
        # A part ends a name: nothing glued on, no capitalised word after it ("Li Hui" is not "Li").
        ends_name = lambda end: not _NOT_NAME_END.match(form, end)  # noqa: E731
        for a, b in _literal_matches(form, ordered, _WORD_OR_APOSTROPHE, ends_name):
            if occupied.find(1, a, b) >= 0 or FAMILY_AFTER.match(form, b):
                continue
            if " " not in form[a:b]:
                before = _NAME_BEFORE.search(form[max(0, a - 30) : a])
                if before is not None and before.group().rstrip(" \t.") not in TITLES:
                    continue  # a single word right after a capitalised one (no title) is part of another name
            extra.append(_Candidate(a, b, "PERSON", self._text[a:b], "surname", 5))
        extra.extend(self._hyphenated_surnames(form, parts, occupied))
        return _resolve(candidates + extra, len(form)) if extra else candidates

    def _hyphenated_surnames(self, form: str, parts: set[str], occupied: bytearray) -> list[_Candidate]:
        """ "Browne-Jorgensen ticket": two family names of the article joined by a hyphen are two
        people (the pair is split, as "Putin-Xi meeting")."""
        single = sorted((p for p in parts if " " not in p), key=lambda p: (-len(p), p))
        if len(single) < 2:
            return []
        found = []
        anything = lambda end: True  # noqa: E731
        for at, start in _literal_matches(form, tuple(p + "-" for p in single), _WORD_OR_APOSTROPHE, anything):
            stop = start
            while stop < len(form) and (form[stop].isalpha() or form[stop] == "'"):
                stop += 1
            if (
                form[start:stop] in parts
                and (stop == len(form) or form[stop] != "-")
                and occupied.find(1, at, stop) < 0
            ):
                found.append(_Candidate(at, start - 1, "PERSON", self._text[at : start - 1], "surname", 5))
                found.append(_Candidate(start, stop, "PERSON", self._text[start:stop], "surname", 5))
        return found

    # -------------------------------------------------------------- 4b. names found once, found again

    def _repeat_pass(self, form: str, candidates: list[_Candidate]) -> list[_Candidate]:
        """A name a rule found somewhere in the article is that name everywhere in it: "retailer
        Tesco" makes every "Tesco" an organisation. An organisation named "<X> Group" (Holdings,
        Inc, Ltd …) is also "<X>" alone. People are the surname pass's business."""
        names: dict[str, _Candidate] = {}
        storms: dict[str, _Candidate] = {}
        for c in candidates:
            if c.type == "PERSON" or c.generic or c.rule in _NOT_REPEATED or c.rule == _PLACE_NAMED:
                continue
            surface = " ".join(form[c.start : c.end].split())
            if len(surface) < 2:
                continue
            if c.rule == "storm":
                # "Hurricane Dorian" is also "Dorian", and "Storm Dorian" the same storm.
                short = surface.rsplit(" ", 1)[-1]
                first = storms.setdefault(short, c)
                c.key = first.key
                names.setdefault(short, first)
            names.setdefault(surface, c)
            if c.rule == "org-country":
                names.setdefault(surface.split()[0], c)  # "Mazars USA" is also "Mazars"
            elif c.rule == "feature-head" and " " in surface:
                short, head = surface.rsplit(" ", 1)
                if head in _SHORT_FEATURE_HEADS and short[:1].isupper() and short not in STOP_WORDS:
                    names.setdefault(short, c)  # "the Abaco Islands" ... "on Abaco"
            if c.type == "ORG":
                short = _short_company_name(surface)
                if short and short not in STOP_WORDS and self.gazetteer.lookup(short) is None:
                    names.setdefault(short, c)
        if storms:
            for c in candidates:
                if c.rule != "gazetteer" and c.rule != "storm" and c.end - c.start < 40:
                    storm = storms.get(form[c.start : c.end])
                    if storm is not None:
                        c.type, c.key, c.rule = "EVENT", storm.key, "repeat"
        if not names:
            return candidates
        occupied = bytearray(len(form))
        for c in candidates:
            occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
        ordered = tuple(sorted(names, key=len, reverse=True))
        ends_name = lambda end: not _NOT_NAME_END.match(form, end)  # noqa: E731
        extra = []
        for a, b in _literal_matches(form, ordered, _WORD_OR_APOSTROPHE, ends_name):
            if occupied.find(1, a, b) >= 0 or _NAME_BEFORE.search(form[max(0, a - 30) : a]):
                continue
            source = names[form[a:b]]
            if source.rule == "institution" and _MEMBER_OF.search(form[max(0, a - 24) : a]):
                continue  # "Member of Parliament" is a title
            extra.append(_Candidate(a, b, source.type, source.key, "repeat", 5))
        return sorted(candidates + extra, key=_START) if extra else candidates


def _short_company_name(name: str) -> str:
    """ "Salling Group A/S" → "Salling", "HDT Limited" → "HDT"; "" when nothing generic ends it."""
    words = name.replace(",", " ").split()
    cut = len(words)
    while cut > 1 and (
        words[cut - 1].rstrip(".") in CORPORATE_HEADS or CORPORATE_SUFFIX.fullmatch(" " + words[cut - 1])
    ):
        cut -= 1
    short = " ".join(words[:cut])
    return short if cut < len(words) and len(short) >= 3 else ""


# What a person named in full in the article adds to the person side of their family name.
_FULL_NAME_WEIGHT = 4


def _family_names_of(form: str, candidates: list[_Candidate]) -> set[str]:
    """The last words of the people the article names in full."""
    names = set()
    for c in candidates:
        if c.type == "PERSON":
            words = form[c.start : c.end].split()
            if len(words) > 1:
                names.add(words[-1])
    return names


def _consistent_types(form: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """One name, one type in an article: where rules gave one name several types ("Tesco said"
    and "retailer Tesco"), the type with the most weight of evidence (RULE_WEIGHTS) wins."""
    first_type: dict[str, str] = {}
    mixed = False
    for c in candidates:
        if c.rule != "gazetteer" and not c.generic and c.type:
            surface = form[c.start : c.end]
            seen = first_type.setdefault(surface, c.type)
            mixed = mixed or seen != c.type
    if not mixed:
        return candidates
    by_name: dict[str, list[_Candidate]] = {}
    for c in candidates:
        if c.rule != "gazetteer" and not c.generic and c.type:
            by_name.setdefault(identity_key(form[c.start : c.end]), []).append(c)
    family_names: set[str] | None = None
    for group in by_name.values():
        if len(group) < 2 or len({c.type for c in group}) < 2:
            continue
        weights: dict[str, int] = {}
        for c in group:
            weights[c.type] = weights.get(c.type, 0) + RULE_WEIGHTS.get(c.rule, 1)
        if "PERSON" in weights and family_names is None:
            family_names = _family_names_of(form, candidates)
        if "PERSON" in weights and form[group[0].start : group[0].end] in (family_names or ()):
            # The family name of a person the article names in full: "Tipton said" after "Alexis
            # Tipton" is her, whatever town shares the name.
            weights["PERSON"] += _FULL_NAME_WEIGHT
        winner = max(weights.items(), key=lambda kv: kv[1])[0]
        for c in group:
            if c.type != winner and c.key[:1] == "=":
                c.key = form[c.start : c.end]  # no longer the listed place it was matched as
            c.type = winner
    return candidates
