"""SQLite opened one way for every store (the index cache, the reading state): timeouts, WAL,
transactions, what an error means, and how file names that are not UTF-8 are kept."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from pathlib import Path
from types import TracebackType

# The index cache's schema (see reader.store.file_cache); here, where a reader that opens the
# database without the rest of the store can check it.
SCHEMA_VERSION = 6
DB_NAME = "index.sqlite3"
BUSY_TIMEOUT_MS = 5000


class CacheUnavailable(Exception):
    """The database cannot be used this time (read-only, locked, an I/O error); the message says why."""


class CacheCorrupt(Exception):
    """The database file is damaged or of another schema; it should be deleted and rebuilt."""


# What SQLite says when it cannot use a file this time (I/O, a full disk, permissions, locks,
# memory): the file may be perfectly good, so nothing may be deleted or set aside for these.
_UNAVAILABLE_NAMES = (
    "SQLITE_IOERR",
    "SQLITE_FULL",
    "SQLITE_READONLY",
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_CANTOPEN",
    "SQLITE_PERM",
    "SQLITE_NOMEM",
    "SQLITE_NOLFS",
    "SQLITE_PROTOCOL",
    "SQLITE_INTERRUPT",
    "SQLITE_ABORT",
    "SQLITE_AUTH",
)
_UNAVAILABLE_MESSAGES = (
    "disk i/o error",
    "disk is full",
    "read-only",
    "readonly",
    "locked",
    "busy",
    "unable to open",
    "cannot open",
    "out of memory",
)
_CORRUPT_NAMES = ("SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_FORMAT")
_CORRUPT_MESSAGES = ("malformed", "not a database")


def is_corrupt(exc: sqlite3.Error) -> bool:
    """Whether the error says the file itself is damaged or is not a database: only then may a
    store give up on the file. The error's name decides when it has one (an extended name such
    as SQLITE_IOERR_SHMSIZE, a full disk's disk I/O error, included); the message otherwise."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith(_UNAVAILABLE_NAMES):
        return False
    if name.startswith(_CORRUPT_NAMES):
        return True
    message = str(exc).lower()
    if any(words in message for words in _UNAVAILABLE_MESSAGES):
        return False
    return any(words in message for words in _CORRUPT_MESSAGES)


def reason(exc: sqlite3.Error, path: Path | None = None) -> str:
    """The error in words, with what SQLite leaves out: a full disk often shows only as a
    "disk I/O error" (the shared-memory file could not grow)."""
    message = str(exc)
    if path is not None and not is_corrupt(exc) and "full" not in message and _disk_full(path):
        message += f": no space left in {path.parent}"
    return message


def _disk_full(path: Path) -> bool:
    try:
        return os.statvfs(path.parent).f_bavail == 0
    except (OSError, AttributeError):  # statvfs is POSIX only
        return False


def classify(exc: sqlite3.Error, path: Path | None = None) -> Exception:
    """CacheCorrupt for a damaged file, CacheUnavailable for anything else (busy, read-only, I/O,
    a full disk): such a cache is skipped this time, never deleted. `path`: the database, to
    tell a full disk from other I/O errors."""
    if is_corrupt(exc):
        return CacheCorrupt(str(exc))
    return CacheUnavailable(reason(exc, path))


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), shareable between threads
    (callers guard it with a lock), that waits for a busy database rather than failing."""
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error:
        db.close()
        raise
    return db


def user_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def use_wal(db: sqlite3.Connection) -> None:
    """WAL lets readers and a writer work at once. Switching needs the database to itself, and
    SQLite may refuse at once ("locked") rather than wait while another process opens the same
    new file, so try again for a few seconds."""
    for attempt in range(100):
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or attempt == 99:
                raise
            time.sleep(0.05)


class Transaction:
    """`with Transaction(db):` one IMMEDIATE transaction, committed or rolled back."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            try:
                self.db.execute("COMMIT")
            except sqlite3.Error:
                # A COMMIT that fails (a full disk) can leave the transaction open, and with it
                # the write lock every other reader of the database would wait for.
                self._roll_back()
                raise
            return
        self._roll_back()

    def _roll_back(self) -> None:
        if not self.db.in_transaction:
            return  # SQLite rolls back by itself after some errors (a full disk, an I/O error)
        try:
            self.db.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # the error to report is the one that stopped the transaction


# File names need not be UTF-8: Python keeps their stray bytes as lone surrogates
# (U+DC80–U+DCFF), which SQLite text cannot hold. They are stored as the private-use code
# points U+F780–U+F7FF. A real name can hold those too, so they (and the escape U+F77F itself)
# are stored behind the escape U+F77F, and so is any other lone surrogate (as U+E000–U+E7FF),
# which no file name gives but a path made otherwise might. Each name thus has a key of its
# own (a stray byte and the character it became used to share one, and one file showed the
# other's mentions), every key is valid UTF-8, and as each code point is stored on its own,
# a folder's key is a prefix of the keys of the files under it: `Cache.paths_under` stays a
# range query.
_ESCAPE = "\uf77f"
_TO_DB = {code: chr(code - 0xDC80 + 0xF780) for code in range(0xDC80, 0xDD00)}
_TO_DB.update({code: _ESCAPE + chr(code) for code in range(0xF77F, 0xF800)})
_TO_DB.update({code: _ESCAPE + chr(code - 0xD800 + 0xE000) for code in range(0xD800, 0xE000) if code not in _TO_DB})
_FROM_DB = re.compile("\uf77f.?|[\uf780-\uf7ff]", re.DOTALL)
# What goes behind the escape now: stores made before kept these as they are, so a key of
# theirs holding one may be another name's (see file_cache's schema 3).
ESCAPED = frozenset(chr(code) for code in range(0xF77F, 0xF800))


def path_to_db(path: str) -> str:
    return path if path.isascii() else path.translate(_TO_DB)


def path_from_db(path: str) -> str:
    return path if path.isascii() else _FROM_DB.sub(_from_db, path)


def _from_db(match: re.Match[str]) -> str:
    stored = match.group()
    if stored[0] != _ESCAPE:
        return chr(ord(stored) - 0xF780 + 0xDC80)
    escaped = stored[1:]
    if escaped and 0xE000 <= ord(escaped) < 0xE800:
        return chr(ord(escaped) - 0xE000 + 0xD800)
    return escaped
