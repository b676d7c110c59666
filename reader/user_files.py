"""The user's own TOML files (entities.toml, sources.toml, config.toml), read as untrusted input.

A file is read bounded in size, without blocking on a FIFO, and refused when it nests deeper
than a few levels *before* tomllib sees it: tomllib recurses once per level (`x = [[[…` 20,000
deep is a RecursionError) and takes seconds over a long dotted key, and whatever parsed deep
would crash the next recursive consumer (json.dumps). The data is then checked against a small
declarative schema (`Table`, `Array`, `Text`, `Value`, `OneOf`), so the code that uses it meets
only the types it expects.

Every problem is one line, `<file>: <key path>: <problem>`, safe for the terminal. Key paths
read like TOML keys, `entity[3].aliases`, `"a.txt".title`, `keys.quit`; items of an array count
from 1, as one counts the `[[entity]]` tables of a file. Whether a problem costs the whole file,
one entry or one key is for the caller to say.

No Textual here: every stage may import this module.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.ingest.sanitize import safe_name

MAX_USER_FILE_BYTES = 4 * 1024 * 1024
# The deepest the schemas go is 4 (entities.toml: root, [[entity]], the table, its aliases);
# anything much deeper is not a file a person wrote for reader.
MAX_DEPTH = 10
# A key or a value quoted in a problem line is cut to this: the line must stay one short line
# even for a key megabytes long.
SHOWN_CHARS = 60


class UserFileError(Exception):
    """A user file that cannot be used at all; `str()` is its one safe line."""

    def __init__(self, path: str, problem: str, key: str = "") -> None:
        self.path = path
        self.key = key
        self.problem = problem
        super().__init__(self.line)

    @property
    def reason(self) -> str:
        """The line without the file's name (for messages that name the file themselves)."""
        return f"{self.key}: {self.problem}" if self.key else self.problem

    @property
    def line(self) -> str:
        return one_line(self.path, self.reason)


def one_line(path: str | Path, text: str) -> str:
    """`<file>: <text>`, with nothing in it that could act on a terminal or break the line."""
    return safe_name(f"{path}: {text}")


# ------------------------------------------------------------------ reading


def read_bytes(path: Path, max_bytes: int = MAX_USER_FILE_BYTES) -> bytes | None:
    """The file's bytes, None when there is no such file; UserFileError for anything else."""
    name = str(path)
    try:
        # Checked before opening: opening a device or a FIFO can block or act on it.
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise UserFileError(name, "not a regular file")
        descriptor = os.open(
            path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        )
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())  # what was opened, in case the name was swapped since
            if not stat.S_ISREG(info.st_mode):
                raise UserFileError(name, "not a regular file")
            if info.st_size > max_bytes:
                raise UserFileError(name, f"too large (over {_size(max_bytes)})")
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise UserFileError(name, "not a regular file") from None
    except PermissionError:
        raise UserFileError(name, "permission denied") from None
    except OSError as exc:
        raise UserFileError(name, (exc.strerror or type(exc).__name__).lower()) from None
    if len(data) > max_bytes:
        raise UserFileError(name, f"too large (over {_size(max_bytes)}; it grew while being read)")
    return data


def _size(count: int) -> str:
    return f"{count // 1048576} MB" if count >= 1048576 else f"{count // 1024} KB"


def read_toml(path: Path, max_bytes: int = MAX_USER_FILE_BYTES) -> dict[str, Any] | None:
    """The file's TOML, None when there is no such file; UserFileError when it cannot be used."""
    data = read_bytes(path, max_bytes)
    return None if data is None else parse_toml(data, str(path))


def parse_toml(data: bytes, origin: str, max_depth: int = MAX_DEPTH) -> dict[str, Any]:
    """TOML from untrusted bytes: a dict at most `max_depth` deep, or UserFileError."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserFileError(origin, f"not UTF-8 text (byte {exc.start} cannot be decoded)") from None
    too_deep = deep_line(text, max_depth)
    if too_deep is not None:
        raise UserFileError(origin, f"line {too_deep}: nested more than {max_depth} levels deep")
    import tomllib  # here: most starts read no user file

    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UserFileError(origin, f"not valid TOML: {message}") from None
    except RecursionError:  # the scan above missed a way of nesting: still one line, not a crash
        raise UserFileError(origin, f"nested more than {max_depth} levels deep") from None
    if nested_deeper(parsed, max_depth):  # a dotted key under a dotted table header adds up
        raise UserFileError(origin, f"nested more than {max_depth} levels deep")
    return parsed


# Strings and comments, removed before counting: a bracket or a dot in them is no nesting.
# Possessive quantifiers: a 3 MB string is one match, and an unclosed one cannot backtrack.
_STRINGS_AND_COMMENTS = re.compile(
    r'''
      """(?:[^"\\]++|\\[\s\S]|"(?!""))*+"""(?:"{1,2}+)?
    | \'\'\'(?:[^']++|'(?!''))*+\'\'\'(?:'{1,2}+)?
    | "(?:[^"\\\n]++|\\.)*+"
    | '[^'\n]*+'
    | \#[^\n]*+
    ''',
    re.VERBOSE,
)
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")
_BRACKET = re.compile(r"[\[\]{}]")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


@functools.lru_cache(maxsize=4)
def _dotted_key(dots: int) -> re.Pattern[str]:
    """A key with `dots` dots or more (`a.b.c` has 2): dots with no separator between them.
    Anchored on a dot, so each stretch of text is scanned a bounded number of times, never
    quadratically."""
    return re.compile(r"\.(?:[^\n=,\[\]{}.]*+\.){" + str(dots - 1) + "}")


def _newlines_of(match: re.Match[str]) -> str:
    return "\n" * match.group().count("\n")  # multi-line strings keep their lines, for line numbers


def deep_line(text: str, max_depth: int = MAX_DEPTH) -> int | None:
    """The line where `text` first nests deeper than `max_depth` (brackets and braces, or the
    parts of one dotted key), or None. A scan at C speed, made before any parser recurses.

    An unmatched closing bracket is not clamped at depth 0: TOML has no bracket outside strings
    and comments that is not paired, so tomllib stops at it before reaching anything after."""
    bare = _STRINGS_AND_COMMENTS.sub("", text)
    found: list[int] = []
    dotted = _dotted_key(max_depth).search(bare)  # a key of more than max_depth parts
    if dotted is not None:
        found.append(dotted.start())
    brackets = _NOT_BRACKET.sub("", bare)
    if brackets and max(itertools.accumulate(map(_STEP.__getitem__, brackets))) > max_depth:
        found.append(_too_deep_at(bare, max_depth))
    if not found:
        return None
    # Refused: scan again keeping the lines of multi-line strings, to say which line it is.
    lined = _STRINGS_AND_COMMENTS.sub(_newlines_of, text)
    at = [dotted.start()] if (dotted := _dotted_key(max_depth).search(lined)) else []
    at.append(_too_deep_at(lined, max_depth))
    return lined.count("\n", 0, min(at)) + 1


def _too_deep_at(bare: str, max_depth: int) -> int:
    """Where the brackets of `bare` first nest deeper than `max_depth` (the end when they never do)."""
    depth = 0
    for bracket in _BRACKET.finditer(bare):
        depth += _STEP[bracket.group()]
        if depth > max_depth:
            return bracket.start()
    return len(bare)


def nested_deeper(data: object, max_depth: int = MAX_DEPTH) -> bool:
    """Whether tables and arrays in `data` nest deeper than `max_depth` (without recursing)."""
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > max_depth:
                    return True
                stack.append((child, depth + 1))
    return False


# ------------------------------------------------------------------ the schema

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Issue:
    """One thing wrong with the data: where (a key path) and what."""

    path: KeyPath
    problem: str

    @property
    def key(self) -> str:
        return key_path(self.path)

    @property
    def reason(self) -> str:
        return f"{self.key}: {self.problem}" if self.path else self.problem

    def line(self, origin: str | Path) -> str:
        return one_line(origin, self.reason)


@dataclass(frozen=True, slots=True)
class Text:
    """A TOML string, at most `max_chars` long (None: no limit); `nonblank`: not only spaces."""

    max_chars: int | None = 1000
    nonblank: bool = False
    what: str = "a string"
    many: str = "strings"


@dataclass(frozen=True, slots=True)
class Value:
    """A value of one of these Python types (TOML dates, numbers, booleans)."""

    types: tuple[type, ...]
    what: str
    many: str


@dataclass(frozen=True, slots=True)
class Array:
    item: Spec
    max_items: int = 10_000

    @property
    def what(self) -> str:
        return f"an array of {self.item.many}"

    @property
    def many(self) -> str:
        return "arrays"


@dataclass(frozen=True, slots=True)
class Table:
    """A table with these `fields`; keys not among them follow `rest`, or are a problem when
    `rest` is None (a typo such as `tittle` should not go unnoticed)."""

    fields: Mapping[str, Spec] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    rest: Spec | None = None
    max_keys: int = 100_000
    what: str = "a table"
    many: str = "tables"


@dataclass(frozen=True, slots=True)
class OneOf:
    """The first option whose TOML type the value has (a string, or an array of strings)."""

    options: tuple[Spec, ...]

    @property
    def what(self) -> str:
        return " or ".join(option.what for option in self.options)

    @property
    def many(self) -> str:
        return " or ".join(option.many for option in self.options)


@dataclass(frozen=True, slots=True)
class Anything:
    """Whatever is there; another reader of the same file checks it."""

    what: str = "any value"
    many: str = "values"


Spec = Text | Value | Array | Table | OneOf | Anything

_PYTHON_TYPE_OF = {Text: str, Array: list, Table: dict}


def validate(value: object, spec: Spec, path: KeyPath = ()) -> list[Issue]:
    """Every way `value` differs from `spec` (none: the value is what the schema says)."""
    issues: list[Issue] = []
    _check(value, spec, path, issues)
    return issues


def _check(value: object, spec: Spec, path: KeyPath, issues: list[Issue]) -> None:
    # Recursion follows the schema, never the data: the schemas are a few levels deep.
    if isinstance(spec, Text):
        if type(value) is not str:
            issues.append(Issue(path, f"expected {spec.what}, found {describe(value)}"))
        elif spec.max_chars is not None and len(value) > spec.max_chars:
            issues.append(Issue(path, f"longer than {spec.max_chars:,} characters"))
        elif spec.nonblank and not value.strip():
            issues.append(Issue(path, "is empty"))
    elif isinstance(spec, Array):
        if type(value) is not list:
            issues.append(Issue(path, f"expected {spec.what}, found {describe(value)}"))
            return
        if len(value) > spec.max_items:
            issues.append(Issue(path, f"more than {spec.max_items:,} items"))
            return
        item_spec = spec.item
        if (
            isinstance(item_spec, Text)
            and not item_spec.nonblank
            and all(type(item) is str for item in value)
            and (item_spec.max_chars is None or max(map(len, value), default=0) <= item_spec.max_chars)
        ):
            return  # the common case, a list of names, checked at C speed (the bundled gazetteer at every start)
        for index, item in enumerate(value):
            _check(item, spec.item, (*path, index), issues)
    elif isinstance(spec, Table):
        if type(value) is not dict:
            issues.append(Issue(path, f"expected {spec.what}, found {describe(value)}"))
            return
        if len(value) > spec.max_keys:
            issues.append(Issue(path, f"more than {spec.max_keys:,} keys"))
            return
        for key in spec.required:
            if key not in value:
                issues.append(Issue((*path, key), "missing"))
        for key, item in value.items():
            known = spec.fields.get(key, spec.rest)
            if known is None:
                expected = f" (expected {', '.join(spec.fields)})" if spec.fields else ""
                issues.append(Issue((*path, key), f"unknown key{expected}"))
            elif not (  # a plain string that fits: no call (most values are)
                type(item) is str
                and type(known) is Text
                and not known.nonblank
                and (known.max_chars is None or len(item) <= known.max_chars)
            ):
                _check(item, known, (*path, key), issues)
    elif isinstance(spec, Value):
        if not isinstance(value, spec.types) or isinstance(value, bool) and bool not in spec.types:
            issues.append(Issue(path, f"expected {spec.what}, found {describe(value)}"))
    elif isinstance(spec, OneOf):
        for option in spec.options:
            if _has_type_of(value, option):
                _check(value, option, path, issues)
                return
        issues.append(Issue(path, f"expected {spec.what}, found {describe(value)}"))


def _has_type_of(value: object, spec: Spec) -> bool:
    if isinstance(spec, Value):
        return isinstance(value, spec.types)
    if isinstance(spec, OneOf):
        return any(_has_type_of(value, option) for option in spec.options)
    if isinstance(spec, Anything):
        return True
    return type(value) is _PYTHON_TYPE_OF[type(spec)]


def describe(value: object) -> str:
    """The TOML type of a parsed value, with the value itself when it is short to show."""
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, int):
        return f"an integer ({shorten(str(value))})"
    if isinstance(value, float):
        return f"a float ({shorten(str(value))})"
    if isinstance(value, str):
        return f"a string ({quote(value)})"
    if isinstance(value, datetime.datetime):
        return "a date-time"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, datetime.time):
        return "a time"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote(text: str) -> str:
    """`text` as a TOML basic string, cut short (the line it goes in is sanitised as a whole)."""
    return '"' + shorten(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def key_path(path: KeyPath) -> str:
    """`("entity", 2, "aliases")` → `entity[3].aliases`; keys that are not bare are quoted."""
    parts: list[str] = []
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part + 1}]")
        else:
            shown = shorten(part) if _BARE_KEY.fullmatch(part) else quote(part)
            parts.append(f".{shown}" if parts else shown)
    return "".join(parts)


def summarize(issues: list[Issue], then: str = "") -> str:
    """One reason for several issues: the first (and what follows from it), and how many more."""
    more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
    return issues[0].reason + (f"; {then}" if then else "") + more
