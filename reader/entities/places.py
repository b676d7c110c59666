"""Place names from GeoNames and ISO 3166 (data/places.tsv, made by scripts/build_gazetteer.py).

The bundled gazetteer lists countries, capitals and major cities, matched anywhere in the
text. These ~57,000 further names (cities of 15,000 people or more, states, provinces and
other subdivisions) are weaker evidence: the recogniser asks them only about a capitalised
name that no listed name and no rule claimed, so "Jackson said" stays a person and "Jackson
Hospital" an organisation. A name marked as needing context (a common word or a common given
or family name: "Mobile", "Florence") is a place only with a place cue ("in X", "X, <country>").

Loaded once per process, on first use (a few tens of milliseconds: the file is split at once).
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data")
PLACES_PATH = DATA / "places.tsv"
KIND_NAMES = {"c": "city", "r": "region", "n": "country", "l": "continent"}

# (canonical name or "" when it is the key itself, kind letter, "c" when it needs context)
Place = tuple[str, str, str]


@lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    """match_form(name) → its place, for every bundled place name."""
    try:
        text = PLACES_PATH.read_text(encoding="utf-8")
    except OSError:
        return {}
    parts = text.replace("\n", "\t").split("\t")
    if len(parts) % 4:
        return {}
    return dict(zip(parts[0::4], zip(parts[1::4], parts[2::4], parts[3::4])))


def place_name(form: str, place: Place) -> str:
    return place[0] or form


def place_type(place: Place) -> str:
    return "LOC" if place[1] == "l" else "GPE"


@cache
def word_list(name: str) -> frozenset[str]:
    """The words of data/<name>.txt (lines starting with # are comments)."""
    try:
        text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    return frozenset(word for line in text.splitlines() if not line.startswith("#") for word in line.split())
