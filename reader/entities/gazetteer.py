"""The gazetteer: bundled and user-supplied names, compiled into one multi-pattern matcher.

Format (the bundled `gazetteer.toml` and the user's corrections file share it):

    [[entity]]
    name = "Xi Jinping"        # canonical name
    type = "PERSON"            # PERSON ORG GPE LOC EVENT NORP
    aliases = ["Xi"]           # other names of the same referent
    acronyms = ["SCO"]         # ORG / EVENT
    demonyms = ["Chinese"]     # GPE: becomes a NORP entity named after the first one

The user's file (see `reader.config`) may also hold:

    [[merge]]                  # these names are one entity, called `into`
    into = "Xi Jinping"
    names = ["Chairman Xi"]

    [[split]]                  # these names never link into a gazetteer entity or a surname
    names = ["Li"]

    [suppress]                 # never report these as mentions
    names = ["Breaking News"]
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick_rs

from reader.config import corrections_identity
from reader.entities.model import ENTITY_TYPES
from reader.entities.normalize import identity_key, match_form
from reader.user_files import (
    MAX_USER_FILE_BYTES,
    Anything,
    Array,
    Issue,
    Spec,
    Table,
    Text,
    UserFileError,
    nested_deeper,
    one_line,
    parse_toml,
    quote,
    read_bytes,
    summarize,
    validate,
)

BUNDLED_PATH = Path(__file__).with_name("gazetteer.toml")


class GazetteerError(Exception):
    """A gazetteer or corrections file that cannot be used; the message says which and why."""


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    name: str
    type: str
    surfaces: tuple[str, ...]


@dataclass(slots=True)
class Corrections:
    """What a user told the engine: merges, splits and suppressed names (all identity keys)."""

    merges: dict[str, str] = field(default_factory=dict)
    splits: set[str] = field(default_factory=set)
    suppress: set[str] = field(default_factory=set)


def _title_variant(surface: str) -> str:
    """'SCO summit' → 'SCO Summit': headline case of trailing lower-case words."""
    return " ".join(word[:1].upper() + word[1:] if word.islower() else word for word in surface.split(" "))


# What the bundled gazetteer and the user's entities.toml may hold. The user's file is untrusted:
# `aliases = 5` or `names = [1, 2]` must be one line saying so, not a TypeError at start.
MAX_NAME_CHARS = 300  # longer than any name; a megabyte "name" would only slow the matcher
_NAME = Text(max_chars=MAX_NAME_CHARS)
_NAMES = Array(_NAME, max_items=10_000)
_ENTITY = Table(
    fields={
        "name": Text(max_chars=MAX_NAME_CHARS, nonblank=True),
        "type": Text(max_chars=40),
        "aliases": _NAMES,
        "acronyms": _NAMES,
        "demonyms": _NAMES,
    },
    required=("name", "type"),
)
_CORRECTIONS: dict[str, Spec] = {
    "merge": Array(Table({"into": Text(max_chars=MAX_NAME_CHARS, nonblank=True), "names": _NAMES}, ("into", "names"))),
    "split": Array(Table({"names": _NAMES}, ("names",))),
    "suppress": Table({"names": _NAMES}),
}
# Each of parse_entries and parse_corrections checks its own part; unknown keys are reported
# by parse_entries, which every file goes through.
_ENTRIES_FILE = Table({"entity": Array(_ENTITY, max_items=100_000), **{key: Anything() for key in _CORRECTIONS}})
_CORRECTIONS_FILE = Table(_CORRECTIONS, rest=Anything())


def _check(data: object, schema: Table, origin: str) -> None:
    issues = validate(data, schema)
    if issues:
        raise GazetteerError(one_line(origin, summarize(issues)))


def parse_entries(data: dict, origin: str) -> list[GazetteerEntry]:
    _check(data, _ENTRIES_FILE, origin)
    entries: list[GazetteerEntry] = []
    for number, table in enumerate(data.get("entity", [])):
        kind = table["type"].upper()
        if kind not in ENTITY_TYPES:
            raise GazetteerError(
                Issue(("entity", number, "type"), f"{quote(kind)} is not one of {', '.join(ENTITY_TYPES)}").line(origin)
            )
        names = [table["name"], *table.get("aliases", []), *table.get("acronyms", [])]
        surfaces = []
        for surface in names:
            if not surface.strip():
                continue
            surfaces.append(surface.strip())
            if kind == "EVENT" and " " in surface:
                surfaces.append(_title_variant(surface.strip()))
        entries.append(GazetteerEntry(table["name"], kind, tuple(dict.fromkeys(surfaces))))
        demonyms = [d for d in table.get("demonyms", []) if d.strip()]
        if demonyms:
            entries.append(GazetteerEntry(demonyms[0], "NORP", tuple(dict.fromkeys(demonyms))))
    return entries


def parse_corrections(data: dict, origin: str = "corrections") -> Corrections:
    _check(data, _CORRECTIONS_FILE, origin)
    corrections = Corrections()
    for table in data.get("merge", []):
        for name in table["names"]:
            corrections.merges[identity_key(name)] = table["into"]
    for table in data.get("split", []):
        corrections.splits.update(identity_key(name) for name in table["names"])
    corrections.suppress.update(identity_key(name) for name in data.get("suppress", {}).get("names", []))
    return corrections


def load_toml(path: Path) -> dict:
    """The file's TOML, read as untrusted (bounded, nesting refused before tomllib recurses).

    Parsed once per content: tomllib took 45 ms of every start for the bundled gazetteer, so
    what it gives is kept as JSON (a tenth of that to read) in the cache folder, under the hash
    of the file's bytes; a missing, damaged or implausible copy is parsed again."""
    try:
        data = read_bytes(path)
    except UserFileError as exc:
        raise GazetteerError(str(exc)) from None
    if data is None:
        raise GazetteerError(one_line(path, "no such file"))
    kept = _parsed_copy(data)
    if kept is not None:
        copied = _read_copy(kept)
        if copied is not None:
            return copied
    try:
        parsed = parse_toml(data, str(path))
    except UserFileError as exc:
        raise GazetteerError(str(exc)) from None
    if kept is not None:
        _keep(kept, parsed)
    return parsed


def _read_copy(copy: Path) -> dict | None:
    """A kept copy, or None to parse the TOML again. The cache folder is not reader's alone (any
    program of the user's can write there): a copy nested thousands deep must not crash
    json.loads, nor anything after it; what it holds is checked as the TOML would be."""
    try:
        text = read_bytes(copy, MAX_KEPT_BYTES)
        copied = None if text is None else json.loads(text)
    except (UserFileError, ValueError, RecursionError):
        return None
    if not isinstance(copied, dict) or nested_deeper(copied):
        return None
    return copied


def _parsed_copy(data: bytes) -> Path | None:
    from reader.config import cache_dir

    try:
        return cache_dir() / "parsed" / f"{hashlib.blake2b(data, digest_size=16).hexdigest()}.json"
    except (OSError, RuntimeError):
        return None


def _keep(copy: Path, parsed: dict) -> None:
    try:
        text = json.dumps(parsed, ensure_ascii=False)
    except (TypeError, ValueError):
        return  # TOML dates and times have no JSON form: such a file is parsed every time
    if json.loads(text) != parsed:
        return
    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
        partial = copy.with_name(f"{copy.name}.{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, copy)  # whole or absent: a reader never sees half a file
    except OSError:
        return  # a read-only cache: parse each time
    _prune(copy.parent, keep=copy)


MAX_KEPT_BYTES = 4 * MAX_USER_FILE_BYTES  # JSON of the largest TOML accepted, with room to spare
KEPT_COPIES = 8  # each edit of entities.toml, and each reader version, makes a new one


def _prune(folder: Path, keep: Path) -> None:
    """Drop the oldest copies beyond KEPT_COPIES (one still in use is just parsed again)."""
    try:
        copies = sorted((entry.stat().st_mtime, entry) for entry in folder.glob("*.json") if entry != keep)
        for _, old in copies[: max(0, len(copies) - (KEPT_COPIES - 1))]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _claim(table: dict, key: str, index: int, entries: list[GazetteerEntry], priority: int) -> int | None:
    """Who owns `key` once entry `index` claims it: one owner, or None when two referents clash."""
    if key not in table:
        return index
    previous = table[key]
    if previous is None:
        return None
    if previous == index or entries[previous].name == entries[index].name:
        return previous
    if previous < priority <= index:
        return previous
    return None


class Gazetteer:
    """Every known surface form, one Aho-Corasick automaton, and the alias table behind identity."""

    def __init__(
        self, entries: list[GazetteerEntry], corrections: Corrections | None = None, priority: int = 0
    ) -> None:
        """`priority`: the first entries (the user's) win over later ones that claim the same name."""
        self.corrections = corrections or Corrections()
        self.entries = entries
        # The corrections file this was loaded with (`config.corrections_identity`); None when
        # made otherwise. A start is remembered by it for the quick path only when it is known.
        self.origin: str | None = None
        # identity key → index of the entry; None where two different entries claim the key.
        self.alias_table: dict[str, int | None] = {}
        patterns: dict[str, int | None] = {}
        for index, entry in enumerate(entries):
            for surface in entry.surfaces:
                key = identity_key(surface)
                if not key or key in self.corrections.splits and surface != entry.name:
                    continue
                self.alias_table[key] = _claim(self.alias_table, key, index, entries, priority)
                form = match_form(surface)
                patterns[form] = _claim(patterns, form, index, entries, priority)
        # The entry of each pattern, None where two referents claim it.
        self._pattern_entries = [None if index is None else entries[index] for index in patterns.values()]
        self._forms = list(patterns)
        # A DFA searches articles twice as fast as the NFA the library picks; it is built once
        # per process, but grows with the patterns, so a huge user file keeps the library's pick.
        dfa = ahocorasick_rs.Implementation.DFA if len(self._forms) <= _DFA_PATTERNS else None
        self._matcher = ahocorasick_rs.AhoCorasick(
            self._forms, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest, implementation=dfa
        )

    @functools.cached_property
    def countries(self) -> frozenset[str]:
        """The listed places that have a demonym (the entry after them): countries."""
        entries = self.entries
        return frozenset(
            entry.name
            for index, entry in enumerate(entries[:-1])
            if entry.type == "GPE" and entries[index + 1].type == "NORP"
        )

    def find(self, matchable: str) -> list[tuple[int, int, GazetteerEntry]]:
        """(start, end, entry) for each leftmost-longest match in text already in `match_form`."""
        entries = self._pattern_entries
        return [
            (start, end, entry)
            for pattern, start, end in self._matcher.find_matches_as_indexes(matchable)
            if (entry := entries[pattern]) is not None
        ]

    def lookup(self, name: str) -> GazetteerEntry | None:
        index = self.alias_table.get(identity_key(name))
        return None if index is None else self.entries[index]


# Up to this many patterns the matcher is a DFA (the bundled gazetteer has about 1,600, whose DFA
# takes 5 MB and 10 ms to build).
_DFA_PATTERNS = 5_000


def load_gazetteer(user_file: Path | None = None) -> Gazetteer:
    """The bundled gazetteer plus the user's entities and corrections (when the file exists)."""
    entries = parse_entries(load_toml(BUNDLED_PATH), str(BUNDLED_PATH)) if BUNDLED_PATH.exists() else []
    corrections = Corrections()
    if user_file is not None and user_file.exists():
        data = load_toml(user_file)
        user_entries = parse_entries(data, str(user_file))
        gazetteer = Gazetteer(
            user_entries + entries, parse_corrections(data, str(user_file)), priority=len(user_entries)
        )
        try:
            gazetteer.origin = corrections_identity(read_bytes(user_file))
        except UserFileError:
            pass  # changed meanwhile: no quick path for it
        return gazetteer
    gazetteer = Gazetteer(entries, corrections)
    gazetteer.origin = corrections_identity(None)
    return gazetteer


def load_user_gazetteer(notices: list[str]) -> Gazetteer:
    """The bundled gazetteer plus the user's corrections file; without them, and a notice in
    `notices`, when the file is broken."""
    from reader.config import corrections_file

    try:
        return load_gazetteer(corrections_file())
    except GazetteerError as exc:
        notices.append(f"corrections ignored: {exc}")
        return load_gazetteer(None)
