"""Passes 3 and 3b of the recogniser: acronyms defined in the text ("Shanghai Cooperation
Organisation (SCO)") and their later uses, and acronyms in capitals that the article uses alone."""

from __future__ import annotations

import re

from reader.entities.lexicon import _HYPHENATED, COMPANY_NOUNS, NOT_ENTITY_ACRONYMS
from reader.entities.recognizer_state import _RecognizerState
from reader.entities.spans import (
    _START,
    _acronym_definitions,
    _Candidate,
    _counts,
    _expansion_chunk,
    _literal_matches,
    _resolve,
)

_ROMAN_NUMERAL = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")


class _AcronymPasses(_RecognizerState):
    # -------------------------------------------------------------- 3. acronyms

    def _acronym_pass(self, form: str, candidates: list[_Candidate]) -> list[_Candidate]:
        defined: dict[str, _Candidate] = {}
        by_end = {c.end: c for c in candidates}
        definitions = list(_acronym_definitions(form))
        counts: dict[str, int] | None = None
        for defined_at, acronym in definitions:
            expansion = by_end.get(defined_at)
            if expansion is None:
                expansion = _expansion_chunk(form, defined_at, acronym)
                if expansion is None:
                    continue
                expansion.key = self._text[expansion.start : expansion.end]
                if not expansion.type:
                    # No head says what it is: an organisation if the acronym is used again
                    # and the name has two capitalised words ("Notes from Poland (NFP)").
                    capitals = sum(1 for w in form[expansion.start : expansion.end].split() if w[:1].isupper())
                    if capitals < 2:
                        continue
                    if counts is None:  # one pass for every acronym, not one per definition
                        counts = _counts(form, tuple(dict.fromkeys(word for _, word in definitions)))
                    if counts[acronym] < 2:
                        continue
                    expansion.type = "ORG"
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
            extra.append(_Candidate(a, b, expansion.type, expansion.key, "acronym", 2))
        return _resolve(candidates + extra, len(form))

    # -------------------------------------------------------------- 3b. acronyms used alone

    def _repeated_acronym_pass(self, form: str, candidates: list[_Candidate], hidden) -> list[_Candidate]:
        """An acronym in capitals that the article uses twice or more, and nothing else names,
        is an organisation ("ABS-CBN"); used once, a candidate for linking. The chunk pass
        collects them (capitalised words in capitals that no rule took)."""
        if not self._acronyms:
            return candidates
        occupied = bytearray(len(form))
        for c in candidates:
            occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
        places: dict[str, list[tuple[int, int]]] = {}
        shouted: dict[int, bool] = {}
        for a, b in self._acronyms:
            word = form[a:b]
            if word in NOT_ENTITY_ACRONYMS or len(word) > 12 or _ROMAN_NUMERAL.fullmatch(word):
                continue
            if occupied.find(1, a, b) >= 0 or _shouting(form, a, shouted):
                continue
            places.setdefault(word, []).append((a, b))
        extra: list[_Candidate] = []
        for word, spans in places.items():
            if self.gazetteer.lookup(word) is None and (len(spans) >= 2 or _named_as_organisation(form, spans[0][0])):
                extra.extend(_Candidate(a, b, "ORG", word, "acronym-repeated", 4) for a, b in spans)
            else:
                self._unclassified.append(spans[0])
        # Each span lies where nothing else does: a merge, not a resolution.
        return sorted(candidates + extra, key=_START) if extra else candidates


def _named_as_organisation(form: str, at: int) -> bool:
    """An acronym used once right after a noun of organisations: "according to nonprofit CNA",
    "the broadcaster NHK"."""
    begin = form.rfind(" ", max(0, at - 30), at - 1) + 1
    return at > 0 and form[at - 1] == " " and form[begin : at - 1] in _ORG_NOUNS_BEFORE


# The nouns of organisations that may stand right before an acronym used once.
_ORG_NOUNS_BEFORE = COMPANY_NOUNS | frozenset("nonprofit non-profit charity watchdog regulator think-tank".split())


def _shouting(form: str, at: int, known: dict[int, bool]) -> bool:
    """Whether the line around `at` is mostly capitals (a shouted headline: no acronyms there);
    `known` keeps the answer per line start."""
    start = form.rfind("\n", 0, at) + 1
    answer = known.get(start)
    if answer is None:
        end = form.find("\n", at)
        line = form[start : end if end >= 0 else len(form)]
        answer = known[start] = len(line) > 12 and line.upper() == line
    return answer
