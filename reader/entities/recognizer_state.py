"""What the recogniser's passes share: the data loaded once and the state of the article being read.

`Recognizer.__init__` and `Recognizer.recognize` set these; the passes, written as mixins in their
own modules, read and fill them (annotations only, so each mixin type-checks on its own)."""

from __future__ import annotations

from reader.entities.gazetteer import Gazetteer
from reader.entities.places import Place
from reader.entities.spans import _Candidate, _LowerCaseWords


class _RecognizerState:
    gazetteer: Gazetteer
    places: dict[str, Place]
    given_names: frozenset[str]
    _countries: frozenset[str]
    # Per article, reset by `recognize`.
    _text: str
    _date: str
    _summit_instances: dict[tuple[int, int], str]
    _place_spans: set[tuple[int, int]]
    _unclassified: list[tuple[int, int]]
    _acronyms: list[tuple[int, int]]
    _title_end: int
    _country_starts: set[int]
    _person_spans: set[tuple[int, int]]
    _known_spans: dict[tuple[int, int], _Candidate]
    _org_ends: set[int]
    _lower_case: _LowerCaseWords
