"""Benchmark corpora: N articles made from the Wikinews sample and the seeds.

Copy 0 of every source article is verbatim. In copy k ≥ 1 of an article:

- every person name the recogniser found by rule (not a gazetteer leader: those stay, so
  "putn" still finds Putin) has each of its words swapped for a generated one, chosen by a hash
  of (k // 2, word) from 48 given names × 4,096 generated surnames: the same word is the same
  new person in two neighbouring copies, so new names recur a little, as names in the news do;
- every year 2000–2029 in the text is shifted by k mod 7 and the file name gets the copy
  number, so dates and paths differ.

Every article is given one of 40 outlets in its folder's `sources.toml` (by a hash of its name),
so that what counts per outlet (`E`, `c`, `reader entities`) works as on a real folder, where
many articles share an outlet, and not as on one where each file is its own source.

Entity tables therefore grow with the corpus (about as many new people per copy as the
originals have) while countries, organisations, summits and leaders recur, as in real news.
The Wikinews text is CC BY 2.5: ATTRIBUTION.md and index.tsv are copied beside the articles.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

# The project's shared folder sits beside the repository (../shared); READER_WIKINEWS overrides.
WIKINEWS = Path(
    os.environ.get("READER_WIKINEWS") or Path(__file__).resolve().parents[2] / "shared" / "corpora" / "wikinews"
)
GENERATOR_VERSION = 4
_OUTLET_FIRST = "Daily Evening Morning Global National Northern Capital Coastal".split()
_OUTLET_SECOND = "Courier Herald Post Times Wire".split()
# 40 outlets: "Daily Courier" … "Coastal Wire".
OUTLETS = [f"{first} {second}" for first in _OUTLET_FIRST for second in _OUTLET_SECOND]

_GIVEN = (
    "Adam Alina Amir Ana Andrei Aruzhan Bruno Carla Chen Daniel Dilnoza Elena Emre Farida Gabriel Hana "
    "Ivan Jamal Jana Jonas Karim Kenji Lara Leila Lucas Maria Marek Mei Miguel Nadia Nikolai Olga Omar "
    "Pavel Priya Rafael Rosa Samir Sofia Tamar Timur Vera Viktor Wei Yusuf Zara Zofia Aigerim"
).split()
_ONSETS = "b br d g k kh l m n p r s sh t v z ch y".split()
_VOWELS = "a e i o u ai ei".split()
_ENDINGS = "ov ova enko ski sky ez es son sen berg man ic ovic yan ian ani ashvili oglu ura ami".split()


def _hash(*parts: object) -> int:
    return int.from_bytes(hashlib.blake2b(repr(parts).encode(), digest_size=8).digest(), "big")


def generated_surname(number: int) -> str:
    """One of 4,096 pronounceable surnames."""
    number %= 4096
    onset1 = _ONSETS[number % len(_ONSETS)]
    vowel1 = _VOWELS[(number // 17) % len(_VOWELS)]
    onset2 = _ONSETS[(number // 119) % len(_ONSETS)]
    ending = _ENDINGS[(number // 7) % len(_ENDINGS)]
    return (onset1 + vowel1 + onset2 + ending).capitalize()


def replacement(word: str, copy: int) -> str:
    seed = _hash(copy // 2, word)
    if len(word) <= 2:
        return word
    # Words that start a name (given names) get given names; others surnames.
    return _GIVEN[seed % len(_GIVEN)] if seed % 5 == 0 else generated_surname(seed >> 8)


def sources() -> list[Path]:
    from reader.resources import seeds_dir

    wikinews = sorted(WIKINEWS.glob("*.txt"))
    if not wikinews:
        # The seeds alone would make a corpus of five stories copied 20,000 times: say so instead.
        raise SystemExit(
            f"benchmarks: no Wikinews articles (*.txt) in {WIKINEWS}; set READER_WIKINEWS "
            "to the project's shared/corpora/wikinews folder"
        )
    return wikinews + sorted(seeds_dir().glob("*.txt"))


def person_words(files: list[Path]) -> dict[Path, list[str]]:
    """Per source file, the words of person names the rules found (gazetteer people excluded)."""
    from reader.entities.gazetteer import load_gazetteer
    from reader.entities.lexicon import PERSON_TITLES, PORTFOLIO_WORDS
    from reader.entities.recognize import Recognizer
    from reader.ingest.read import load_article

    recognizer = Recognizer(load_gazetteer(None))
    skip = PERSON_TITLES | PORTFOLIO_WORDS
    found: dict[Path, list[str]] = {}
    for file in files:
        article = load_article(file)
        words: set[str] = set()
        for mention in recognizer.recognize(article.safe, article.debris):
            if mention.type == "PERSON" and not mention.key.startswith("="):
                for word in re.findall(r"[A-Z][\w'-]+", mention.text):
                    if word not in skip and not word.isupper():
                        words.add(word)
        found[file] = sorted(words, key=len, reverse=True)
    return found


_YEAR = re.compile(r"\b20([0-2]\d)\b")


def vary(text: str, words: list[str], copy: int) -> str:
    if copy == 0:
        return text
    if words:
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b")
        text = pattern.sub(lambda m: replacement(m.group(1), copy), text)
    shift = copy % 7
    return _YEAR.sub(lambda m: str(2000 + (int(m.group(1)) + shift) % 30), text) if shift else text


def outlet(name: str) -> str:
    """The outlet an article file of this name is from."""
    return OUTLETS[_hash("outlet", name) % len(OUTLETS)]


def build(size: int, root: Path, log=print) -> Path:
    """A folder of `size` article files under `root` (reused when already built)."""
    target = root / f"corpus-{size}"
    stamp = target / ".built.json"
    want = {"size": size, "generator": GENERATOR_VERSION}
    if stamp.exists() and json.loads(stamp.read_text()) == want:
        return target
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    files = sources()
    words = person_words(files)
    for name in ("ATTRIBUTION.md", "index.tsv"):
        if (WIKINEWS / name).exists():
            shutil.copy2(WIKINEWS / name, target / name)
    texts = {file: file.read_text(encoding="utf-8") for file in files}
    made = 0
    copy = 0
    while made < size:
        folder = target / f"batch-{copy:04d}"
        folder.mkdir()
        sidecar = []
        for file in files:
            if made >= size:
                break
            name = f"{file.stem}-{copy:04d}.txt"
            (folder / name).write_text(vary(texts[file], words[file], copy), encoding="utf-8")
            sidecar.append(f'["{name}"]\nsource = "{outlet(name)}"\n')
            made += 1
        (folder / "sources.toml").write_text("".join(sidecar), encoding="utf-8")
        copy += 1
    stamp.write_text(json.dumps(want))
    log(f"built {size} articles in {target} ({copy} copies of {len(files)} sources)")
    return target
