"""Reading state that survives between runs: read/unread, scroll positions, the last article,
the active entity, the theme. SQLite under the user data folder, WAL and short transactions so
two readers at once keep both sets of changes.

Nothing the user saved is silently lost: a state file that cannot be read (corrupt, or from a
newer version) is renamed aside, never overwritten, and `notice` says so; a read-only or full
disk turns saving off for the session, with a notice, and the app keeps working.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path

from reader.store.db import connect, user_version

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    path TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    scroll INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
    corpus TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (corpus, key)
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def digest(text: str) -> str:
    """A short fingerprint of an article's text: saved positions apply only to the same text."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


class ReadingState:
    def __init__(self, path: Path | None) -> None:
        """`path=None`: keep nothing (`--no-state`)."""
        self.path = path
        self.notice = ""
        self._db: sqlite3.Connection | None = None
        if path is not None:
            self._open(path)

    @property
    def saving(self) -> bool:
        return self._db is not None

    def _open(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.notice = f"Reading state not saved: cannot create {path.parent} ({exc.strerror or exc})"
            return
        try:
            self._db = self._connect(path)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                self.notice = f"Reading state not saved: {path} is locked by another program"
                return
            if isinstance(exc, sqlite3.OperationalError) and ("readonly" in str(exc) or "unable to open" in str(exc)):
                self.notice = f"Reading state not saved: {path} cannot be written ({exc})"
                return
            aside = path.with_name(f"{path.name}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}")
            try:
                path.rename(aside)
            except OSError:
                self.notice = f"Reading state not saved: {path} is unreadable ({exc}) and could not be moved aside"
                return
            self.notice = f"Reading state in {path} was unreadable ({exc}); kept it as {aside.name} and started afresh"
            try:
                self._db = self._connect(path)
            except sqlite3.DatabaseError as again:
                self.notice += f"; saving is off ({again})"

    def _connect(self, path: Path) -> sqlite3.Connection:
        db = connect(path)
        try:
            version = user_version(db)
            if version > SCHEMA_VERSION:
                raise sqlite3.DatabaseError(f"made by a newer reader (schema {version})")
            db.execute("PRAGMA journal_mode = WAL")  # no retries: a locked state file turns saving off
            db.executescript(_SCHEMA)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("SELECT count(*) FROM articles").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _write(self, sql: str, params: tuple) -> None:
        if self._db is None:
            return
        try:
            self._db.execute(sql, params)
        except sqlite3.DatabaseError as exc:
            self.notice = f"Reading state not saved from now on: {exc}"
            self.close()

    def _read(self, sql: str, params: tuple) -> list[tuple]:
        if self._db is None:
            return []
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            self.notice = f"Reading state could not be read: {exc}"
            return []

    # ------------------------------------------------------------ articles

    def article(self, path: str, text_digest: str) -> tuple[bool, int]:
        """(read, scroll) for this article, if saved for the same text; else (False, 0)."""
        rows = self._read("SELECT read, scroll FROM articles WHERE path = ? AND digest = ?", (path, text_digest))
        return (bool(rows[0][0]), int(rows[0][1])) if rows else (False, 0)

    def read_paths(self, paths: list[str]) -> set[str]:
        """Which of these articles were read (by path: the list shows this before any text is read)."""
        wanted = set(paths)
        return {path for path, read in self._read("SELECT path, read FROM articles", ()) if read and path in wanted}

    def save_article(self, path: str, text_digest: str, read: bool, scroll: int) -> None:
        self._write(
            "INSERT INTO articles (path, digest, read, scroll) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(path) DO UPDATE SET digest = excluded.digest, read = excluded.read, scroll = excluded.scroll",
            (path, text_digest, int(read), int(scroll)),
        )

    # ------------------------------------------------------------ sessions and settings

    def session(self, corpus: str) -> dict[str, str]:
        return dict(self._read("SELECT key, value FROM sessions WHERE corpus = ?", (corpus,)))

    def save_session(self, corpus: str, key: str, value: str) -> None:
        self._write("INSERT OR REPLACE INTO sessions (corpus, key, value) VALUES (?, ?, ?)", (corpus, key, value))

    def setting(self, key: str, default: str = "") -> str:
        rows = self._read("SELECT value FROM settings WHERE key = ?", (key,))
        return rows[0][0] if rows else default

    def save_setting(self, key: str, value: str) -> None:
        self._write("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            finally:
                self._db = None
