"""The extraction cache: what reading and recognising each file produced, kept in SQLite.

One row per file (by absolute path): its size, mtime and content hash (blake2b of the bytes),
the article metadata (title, source, date, url, encoding, debris ranges, body start, title
span, words) and the recogniser's mentions *before* linking. A row is used only when it was
made by the same engine (`ENGINE_VERSION`, see `reader.store.versions`) with the same gazetteer as loaded now (the
user's corrections file included, see `gazetteer_key`) and the same sidecar metadata.

Linking depends on the whole corpus, so its result is kept per corpus: a *snapshot* is the
entity table, every article's linked mentions and every entity's occurrences, stored under a key
made of the engine, the gazetteer and each article's path, content hash and sidecar metadata
(see `reader.store.snapshots`). A start on the same files finds its snapshot and reads only the
entity table; an article's mentions and an entity's occurrences are read when first needed.
Snapshots unused for a day are dropped once more than a few are kept.

The database lives in `reader.config.cache_dir()` (`READER_CACHE_DIR` overrides). WAL mode,
a busy timeout and one short transaction per batch let several readers share it. A corrupt,
truncated or newer-schema file is deleted and rebuilt with a one-line notice; a cache that
cannot be opened or written (read-only, locked for too long, a full disk or another I/O
error: none of which says the file is damaged) is skipped with a notice, and kept: the corpus
is then built without it. An older schema is upgraded in place, without a notice.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.config import cache_dir
from reader.store.db import (
    DB_NAME,
    ESCAPED,
    SCHEMA_VERSION,
    CacheCorrupt,
    CacheUnavailable,
    classify,
    connect,
    path_from_db,
    path_to_db,
    use_wal,
    user_version,
)
from reader.store.snapshots import SnapshotRows, create_snapshot_tables
from reader.store.versions import ENGINE_VERSION

if TYPE_CHECKING:
    from reader.entities.gazetteer import Gazetteer

__all__ = ["Cache", "CacheCorrupt", "CacheUnavailable", "Entry", "content_hash", "gazetteer_key", "ENGINE_VERSION"]

_BATCH = 500  # paths per SELECT … IN (…)


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def gazetteer_key(gazetteer: Gazetteer) -> str:
    """A hash of the gazetteer as loaded: bundled and user entries, merges, splits, suppressions.
    It changes whenever the user's corrections file changes what recognition can see."""
    corrections = gazetteer.corrections
    digest = hashlib.blake2b(digest_size=16)
    for entry in gazetteer.entries:
        digest.update(repr((entry.name, entry.type, entry.surfaces)).encode("utf-8", "surrogatepass"))
    digest.update(
        repr((sorted(corrections.merges.items()), sorted(corrections.splits), sorted(corrections.suppress))).encode(
            "utf-8", "surrogatepass"
        )
    )
    return digest.hexdigest()


@dataclass(slots=True)
class Entry:
    """One cached file."""

    path: str  # absolute
    mtime_ns: int
    size: int
    hash: str
    engine: str
    gazetteer: str
    sidecar: str  # JSON of the sidecar metadata the article was made with ("" for none)
    article: dict  # title, source, date, url, encoding, debris, body_start, title_span, words, size
    # [start, end, text, type, key, rule, generic, instance] before linking (or their JSON text,
    # when storing); None when not asked for.
    mentions: list | str | None
    text: bytes | None = None  # compress_text of the article's text, when the run read it

    def reusable_hash(self, gazetteer: str, sidecar: str, date: str) -> str | None:
        """The content hash whose mentions this row holds, if they can serve a file now: made by
        this engine with this gazetteer, and with the same sidecar metadata, or one that differs
        only in what recognition does not read (the date feeds it: "SCO summit 2019 Astana")."""
        if self.engine != ENGINE_VERSION or self.gazetteer != gazetteer:
            return None
        if self.sidecar != sidecar and _sidecar_date(self.sidecar) != date:
            return None
        return self.hash

    def describes(self, sidecar: str, info: os.stat_result | None) -> bool:
        """Whether the row is the file as it is now (same sidecar metadata, size and mtime), so
        that the file need not be read at all."""
        return (
            self.sidecar == sidecar
            and info is not None
            and (info.st_mtime_ns, info.st_size) == (self.mtime_ns, self.size)
        )


def _sidecar_date(sidecar_json: str) -> str:
    try:
        return str((json.loads(sidecar_json) or {}).get("date", "")) if sidecar_json else ""
    except (ValueError, AttributeError):
        return ""


class Cache(SnapshotRows):
    """A connection to the cache database. Use as a context manager; every method may raise
    CacheCorrupt or CacheUnavailable."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else cache_dir() / DB_NAME
        self._db: sqlite3.Connection | None = None

    # ------------------------------------------------------------ opening

    def open(self) -> Cache:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheUnavailable(f"cannot create {self.path.parent}: {exc.strerror or exc}") from None
        if self.path.exists() and not os.access(self.path, os.R_OK | os.W_OK):
            raise CacheUnavailable(f"{self.path} is not writable")
        try:
            db = connect(self.path)
        except sqlite3.Error as exc:
            raise classify(exc, self.path) from None
        self._db = db
        try:
            version = user_version(db)
            if version not in _UPGRADES and version != SCHEMA_VERSION:
                raise CacheCorrupt(f"schema {version}, this reader uses {SCHEMA_VERSION}")
            use_wal(db)
            db.execute("PRAGMA synchronous = NORMAL")
            if version != SCHEMA_VERSION:
                with self._transaction():
                    _upgrade(db)
            else:
                # A truncated or damaged file often opens fine and fails on the first read.
                db.execute(
                    "SELECT path, mtime_ns, size, hash, engine, gazetteer, sidecar, article, mentions"
                    " FROM files LIMIT 1"
                ).fetchall()
        except sqlite3.Error as exc:
            self.close()
            raise classify(exc, self.path) from None
        except CacheCorrupt:
            self.close()
            raise
        return self

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None

    def __enter__(self) -> Cache:
        return self.open() if self._db is None else self

    def __exit__(self, *exc) -> None:
        self.close()

    def delete(self) -> None:
        """Remove the database and its WAL files (a damaged cache is rebuilt from nothing)."""
        self.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(f"{self.path}{suffix}")
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise CacheUnavailable(f"cannot delete the damaged cache {self.path}: {exc.strerror or exc}") from None

    # ------------------------------------------------------------ reading and writing
    # File names go through path_to_db / path_from_db (see reader.store.db).

    def get_many(self, paths: Iterable[str], mentions: bool = True) -> dict[str, Entry]:
        """The cached rows of these absolute paths (missing ones are absent). Without `mentions`,
        each entry's `mentions` is None: a start that finds its snapshot never parses them."""
        paths = list(paths)
        found: dict[str, Entry] = {}
        column = "mentions" if mentions else "NULL"
        try:
            for at in range(0, len(paths), _BATCH):
                batch = [path_to_db(p) for p in paths[at : at + _BATCH]]
                rows = self._live.execute(
                    f"SELECT path, mtime_ns, size, hash, engine, gazetteer, sidecar, article, {column} FROM files"
                    f" WHERE path IN ({','.join('?' * len(batch))})",
                    batch,
                ).fetchall()
                for row in rows:
                    entry = _entry(row)
                    entry.path = path_from_db(entry.path)
                    found[entry.path] = entry
        except sqlite3.Error as exc:
            raise classify(exc, self.path) from None
        return found

    def put_many(self, entries: Iterable[Entry]) -> None:
        rows = [
            (
                path_to_db(e.path),
                e.mtime_ns,
                e.size,
                e.hash,
                e.engine,
                e.gazetteer,
                e.sidecar,
                json.dumps(e.article, ensure_ascii=False, separators=(",", ":")),
                e.mentions
                if isinstance(e.mentions, str)
                else json.dumps(e.mentions, ensure_ascii=False, separators=(",", ":")),
                e.text,
            )
            for e in entries
        ]
        if not rows:
            return
        try:
            with self._transaction():
                self._live.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.Error as exc:
            raise classify(exc, self.path) from None

    def paths_under(self, root: str) -> Iterator[str]:
        """Cached paths inside folder `root` (absolute, no trailing separator)."""
        low = root.rstrip(os.sep) + os.sep
        high = root.rstrip(os.sep) + chr(ord(os.sep) + 1)
        try:
            rows = self._live.execute(
                "SELECT path FROM files WHERE path >= ? AND path < ?", (path_to_db(low), path_to_db(high))
            ).fetchall()
        except sqlite3.Error as exc:
            raise classify(exc, self.path) from None
        return (path_from_db(row[0]) for row in rows)

    def delete_paths(self, paths: Iterable[str]) -> int:
        rows = [(path_to_db(p),) for p in paths]
        if not rows:
            return 0
        try:
            with self._transaction():
                self._live.executemany("DELETE FROM files WHERE path = ?", rows)
        except sqlite3.Error as exc:
            raise classify(exc, self.path) from None
        return len(rows)

    def count(self) -> int:
        try:
            return self._live.execute("SELECT count(*) FROM files").fetchone()[0]
        except sqlite3.Error as exc:
            raise classify(exc, self.path) from None


def _create(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL,"
        " size INTEGER NOT NULL, hash TEXT NOT NULL, engine TEXT NOT NULL, gazetteer TEXT NOT NULL,"
        " sidecar TEXT NOT NULL, article TEXT NOT NULL, mentions TEXT NOT NULL, text BLOB) WITHOUT ROWID"
    )
    create_snapshot_tables(db)


def _forget_ambiguous_keys(db: sqlite3.Connection) -> None:
    """Schemas 1 and 2 stored a file name's stray bytes and the private-use code points they
    became alike, so a row keyed with one may be another file's: forget those rows (the files
    are read again) and keep every other."""
    rows = db.execute("SELECT path FROM files").fetchall()
    db.executemany(
        "DELETE FROM files WHERE path = ?",
        [(path,) for (path,) in rows if not path.isascii() and not ESCAPED.isdisjoint(path)],
    )


def _stamp_starts(db: sqlite3.Connection) -> None:
    """Schema 4 remembers the files' fingerprint with each start (see `Cache.start_stamp`), and
    schema 5 keeps each snapshot's search forms (the table made here)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(starts)")}
    if "stamp" not in columns:
        db.execute("ALTER TABLE starts ADD COLUMN stamp TEXT NOT NULL DEFAULT ''")
    create_snapshot_tables(db)


def _keep_texts(db: sqlite3.Connection) -> None:
    """Schema 6 keeps each read article's text (see `compress_text`); older rows have none,
    and `reader search` answers for them the slower way until their files are read again."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(files)")}
    if "text" not in columns:
        db.execute("ALTER TABLE files ADD COLUMN text BLOB")


# From each older schema to this one: it is a cache, so an upgrade only ever forgets rows.
_UPGRADES = {
    0: (_create,),
    1: (create_snapshot_tables, _forget_ambiguous_keys, _keep_texts),
    2: (_forget_ambiguous_keys, _stamp_starts, _keep_texts),
    3: (_stamp_starts, _keep_texts),
    4: (create_snapshot_tables, _keep_texts),  # schema 4 as first made had no snapshot_search
    5: (create_snapshot_tables, _keep_texts),  # and the answer tables (reader.store.answers)
}


def _upgrade(db: sqlite3.Connection) -> None:
    """Bring the database to SCHEMA_VERSION, inside the caller's transaction. The version is read
    again there: another reader may have upgraded it meanwhile, and rows written since then are
    keyed the new way."""
    version = user_version(db)
    if version == SCHEMA_VERSION:
        return
    if version not in _UPGRADES:
        raise CacheCorrupt(f"schema {version}, this reader uses {SCHEMA_VERSION}")
    for step in _UPGRADES[version]:
        step(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _entry(row: tuple[Any, ...]) -> Entry:
    try:
        article = json.loads(row[7])
        mentions = json.loads(row[8]) if row[8] is not None else None
    except (ValueError, TypeError) as exc:
        raise CacheCorrupt(f"a damaged row for {row[0]!r}: {exc}") from None
    if not isinstance(article, dict) or not isinstance(mentions, (list, type(None))):
        raise CacheCorrupt(f"a damaged row for {row[0]!r}")
    return Entry(row[0], row[1], row[2], row[3], row[4], row[5], row[6], article, mentions)
