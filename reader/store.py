"""The extraction cache: what recognition found in each file, so a second start extracts nothing.

SQLite under the user cache folder. A row is valid while the file's size and modification
time, the engine version (this package's version plus the gazetteer and the rules' source)
and the user's corrections are unchanged; anything else is read again. Rows of files that
are gone are dropped. The cache is only a cache: when it is corrupt, from another schema or
cannot be written, it is rebuilt or skipped, with a one-line notice, and nothing is lost.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from reader import __version__
from reader.articles import Article
from reader.entities.model import Mention

SCHEMA_VERSION = 1
_PACKAGE = Path(__file__).resolve().parent
# What extraction depends on: a change to any of these makes every row stale.
_ENGINE_SOURCES = ("articles.py", "debris.py", "sanitize.py", "entities/recognize.py", "entities/gazetteer.py",
                   "entities/gazetteer.toml", "entities/normalize.py")


def engine_version(corrections: Path | None = None) -> str:
    digest = hashlib.blake2b(__version__.encode(), digest_size=12)
    for name in _ENGINE_SOURCES:
        path = _PACKAGE / name
        digest.update(path.read_bytes() if path.exists() else b"-")
    if corrections is not None and corrections.exists():
        try:
            digest.update(corrections.read_bytes())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class FileStamp:
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: str) -> FileStamp:
        info = os.stat(path)
        return cls(info.st_size, info.st_mtime_ns)


def article_record(article: Article) -> str:
    return json.dumps([article.title, article.source, article.date, article.url, article.encoding,
                       article.debris, article.body_start, article.title_span, article.size, article.words],
                      ensure_ascii=False)


def article_from_record(path: str, record: str) -> Article:
    title, source, date, url, encoding, debris, body_start, title_span, size, words = json.loads(record)
    return Article(path, None, None, title, source, date, url, encoding, tuple(tuple(r) for r in debris),
                   body_start, tuple(title_span), size, words)


def mentions_record(mentions: list[Mention]) -> str:
    return json.dumps([[m.start, m.end, m.text, m.type, m.key, m.rule, m.generic, m.instance] for m in mentions],
                      ensure_ascii=False)


def mentions_from_record(record: str) -> list[Mention]:
    return [Mention(start, end, text, kind, key=key, rule=rule, generic=generic, instance=instance)
            for start, end, text, kind, key, rule, generic, instance in json.loads(record)]


class ExtractionCache:
    def __init__(self, path: Path, engine: str) -> None:
        self.path = path
        self.engine = engine
        self.notice = ""
        self._db: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._connect()
        except (OSError, sqlite3.DatabaseError) as exc:
            if isinstance(exc, sqlite3.DatabaseError) and path.exists() and not _locked(exc):
                self._rebuild(exc)
            else:
                self.notice = f"index cache not used: {path}: {exc}"

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA busy_timeout = 10000")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                raise sqlite3.DatabaseError(f"schema {version}, expected {SCHEMA_VERSION}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS files (path BLOB PRIMARY KEY, size INTEGER, mtime_ns INTEGER,"
                " engine TEXT, sidecar TEXT, article TEXT, mentions TEXT)"
            )
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("SELECT count(*) FROM files").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _rebuild(self, error: Exception) -> None:
        """A cache that cannot be read is thrown away: it holds nothing the files do not."""
        for suffix in ("", "-wal", "-shm"):
            try:
                Path(f"{self.path}{suffix}").unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                self.notice = f"index cache not used: {self.path} is unreadable ({error}) and could not be removed ({exc})"
                return
        self.notice = f"index cache {self.path} was unreadable ({error}); rebuilt it"
        try:
            self._db = self._connect()
        except (OSError, sqlite3.DatabaseError) as exc:
            self.notice = f"index cache not used: {exc}"

    @property
    def usable(self) -> bool:
        return self._db is not None

    def entries(self) -> dict[bytes, tuple[int, int, str, str, str, str]]:
        """Every row, by `path_key(path)`: (size, mtime_ns, engine, sidecar, article, mentions)."""
        if self._db is None:
            return {}
        try:
            return {row[0]: row[1:] for row in self._db.execute(
                "SELECT path, size, mtime_ns, engine, sidecar, article, mentions FROM files")}
        except sqlite3.DatabaseError as exc:
            self.notice = f"index cache not read: {exc}"
            return {}

    def store(self, rows: list[tuple[bytes, FileStamp, str, Article, list[Mention]]], keep: set[bytes]) -> None:
        """Write new rows and drop the rows of files no longer found, in one short transaction."""
        if self._db is None:
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(path, stamp.size, stamp.mtime_ns, self.engine, sidecar, article_record(article), mentions_record(mentions))
                 for path, stamp, sidecar, article, mentions in rows],
            )
            existing = [row[0] for row in self._db.execute("SELECT path FROM files")]
            gone = [(path,) for path in existing if path not in keep]
            self._db.executemany("DELETE FROM files WHERE path = ?", gone)
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.DatabaseError:
                pass
            self.notice = f"index cache not updated: {exc}"

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def path_key(path: str) -> bytes:
    """The cache's key for a file: its absolute path as the file system's bytes (file names
    need not be UTF-8)."""
    return os.fsencode(os.path.abspath(path))


def _locked(error: Exception) -> bool:
    return "locked" in str(error) or "busy" in str(error)
