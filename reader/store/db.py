"""SQLite opened one way for every store (the index cache, the reading state): timeouts, WAL,
transactions, what an error means, and how file names that are not UTF-8 are kept."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from types import TracebackType

BUSY_TIMEOUT_MS = 5000


class CacheUnavailable(Exception):
    """The database cannot be used this time (read-only, locked, an I/O error); the message says why."""


class CacheCorrupt(Exception):
    """The database file is damaged or of another schema; it should be deleted and rebuilt."""


_CORRUPT = {"SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_FORMAT"}


def classify(exc: sqlite3.Error) -> Exception:
    """CacheCorrupt for a damaged file, CacheUnavailable for anything else (busy, read-only, I/O)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    message = str(exc)
    if name in _CORRUPT or "malformed" in message or "not a database" in message:
        return CacheCorrupt(message)
    return CacheUnavailable(message)


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
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


# File names need not be UTF-8: Python keeps their stray bytes as lone surrogates
# (U+DC80–U+DCFF), which SQLite text cannot hold. They are stored as private-use code
# points U+F780–U+F7FF and turned back on the way out.
_TO_DB = {code: code - 0xDC80 + 0xF780 for code in range(0xDC80, 0xDD00)}
_FROM_DB = {value: key for key, value in _TO_DB.items()}


def path_to_db(path: str) -> str:
    return path if path.isascii() else path.translate(_TO_DB)


def path_from_db(path: str) -> str:
    return path if path.isascii() else path.translate(_FROM_DB)
