"""The extraction cache: what reading and recognising each file produced, kept in SQLite.

One row per file (by absolute path): its size, mtime and content hash (blake2b of the bytes),
the article metadata (title, source, date, url, encoding, debris ranges, body start, title
span, words) and the recogniser's mentions *before* linking. A row is used only when it was
made by the same engine (`ENGINE_VERSION`: the package version, the bundled gazetteer and the
source of everything that reads and recognises) with the same gazetteer as loaded now (the
user's corrections file included, see `gazetteer_key`) and the same sidecar metadata.

Linking depends on the whole corpus, so its result is kept per corpus: a *snapshot* is the
entity table, every article's linked mentions and every entity's occurrences, stored under a key
made of the engine, the gazetteer and each article's path, content hash and sidecar metadata
(see `reader.stored_corpus`). A start on the same files finds its snapshot and reads only the
entity table; an article's mentions and an entity's occurrences are read when first needed.
Snapshots unused for a day are dropped once more than a few are kept.

The database lives in `reader.config.cache_dir()` (`READER_CACHE_DIR` overrides). WAL mode,
a busy timeout and one short transaction per batch let several readers share it. A corrupt,
truncated or other-schema file is deleted and rebuilt with a one-line notice; a cache that
cannot be opened or written (read-only, locked for too long) is skipped with a notice: the
corpus is then built without it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import reader
from reader.config import cache_dir

SCHEMA_VERSION = 2
# Snapshots kept whatever their age, and how long any other is kept after its last use.
KEEP_SNAPSHOTS = 4
SNAPSHOT_TTL_S = 24 * 3600
DB_NAME = "index.sqlite3"
BUSY_TIMEOUT_MS = 5000
_BATCH = 500  # paths per SELECT … IN (…)

_ENGINE_DIR = Path(reader.__file__).resolve().parent
# Everything whose change can change what is cached: metadata and debris, and recognition.
_ENGINE_SOURCES = (
    "articles.py", "debris.py", "sanitize.py",
    "entities/gazetteer.toml", "entities/gazetteer.py", "entities/recognize.py", "entities/name_order.py",
    "entities/normalize.py", "entities/model.py",
)


def _engine_version() -> str:
    digest = hashlib.blake2b(digest_size=8)
    for name in _ENGINE_SOURCES:
        digest.update(name.encode())
        try:
            digest.update((_ENGINE_DIR / name).read_bytes())
        except OSError:
            digest.update(b"-")
    return f"{reader.__version__}+{digest.hexdigest()}"


ENGINE_VERSION = _engine_version()


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def gazetteer_key(gazetteer) -> str:
    """A hash of the gazetteer as loaded: bundled and user entries, merges, splits, suppressions.
    It changes whenever the user's corrections file changes what recognition can see."""
    corrections = gazetteer.corrections
    digest = hashlib.blake2b(digest_size=16)
    for entry in gazetteer.entries:
        digest.update(repr((entry.name, entry.type, entry.surfaces)).encode("utf-8", "surrogatepass"))
    digest.update(repr((sorted(corrections.merges.items()), sorted(corrections.splits),
                        sorted(corrections.suppress))).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class CacheUnavailable(Exception):
    """The cache cannot be used this time (read-only, locked); the message says why."""


class CacheCorrupt(Exception):
    """The database file is damaged or of another schema; it should be deleted and rebuilt."""


_CORRUPT = {"SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_FORMAT"}


def _classify(exc: sqlite3.Error) -> Exception:
    name = getattr(exc, "sqlite_errorname", "") or ""
    message = str(exc)
    if name in _CORRUPT or "malformed" in message or "not a database" in message:
        return CacheCorrupt(message)
    return CacheUnavailable(message)


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


@dataclass(slots=True)
class Snapshot:
    """A stored linked corpus: its row id, entity table, and how many articles and mentions it has."""

    id: int
    entities: list  # [name, type, aliases, count, article count] in entity number order
    articles: int
    mentions: int
    key: str = ""
    manifest: list | None = None  # [path, article record] per article, when asked for


class Cache:
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
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                 check_same_thread=False)
        except sqlite3.Error as exc:
            raise _classify(exc) from None
        self._db = db
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, 1, SCHEMA_VERSION):
                raise CacheCorrupt(f"schema {version}, this reader uses {SCHEMA_VERSION}")
            _switch_to_wal(db)
            db.execute("PRAGMA synchronous = NORMAL")
            if version == 0:
                with self._transaction():
                    db.execute(
                        "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL,"
                        " size INTEGER NOT NULL, hash TEXT NOT NULL, engine TEXT NOT NULL, gazetteer TEXT NOT NULL,"
                        " sidecar TEXT NOT NULL, article TEXT NOT NULL, mentions TEXT NOT NULL) WITHOUT ROWID")
                    _create_snapshot_tables(db)
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version == 1:  # the files table is unchanged; snapshots are new
                with self._transaction():
                    _create_snapshot_tables(db)
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            else:
                # A truncated or damaged file often opens fine and fails on the first read.
                db.execute("SELECT path, mtime_ns, size, hash, engine, gazetteer, sidecar, article, mentions"
                           " FROM files LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            self.close()
            raise _classify(exc) from None
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

    class _Transaction:
        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db

        def __enter__(self) -> None:
            self.db.execute("BEGIN IMMEDIATE")

        def __exit__(self, kind, exc, tb) -> None:
            self.db.execute("COMMIT" if kind is None else "ROLLBACK")

    def _transaction(self) -> Cache._Transaction:
        return Cache._Transaction(self._db)

    # ------------------------------------------------------------ reading and writing
    # File names need not be UTF-8: Python keeps their stray bytes as lone surrogates
    # (U+DC80–U+DCFF), which SQLite text cannot hold. They are stored as private-use code
    # points U+F780–U+F7FF and turned back on the way out.

    def get_many(self, paths: Iterable[str], mentions: bool = True) -> dict[str, Entry]:
        """The cached rows of these absolute paths (missing ones are absent). Without `mentions`,
        each entry's `mentions` is None: a start that finds its snapshot never parses them."""
        paths = list(paths)
        found: dict[str, Entry] = {}
        column = "mentions" if mentions else "NULL"
        try:
            for at in range(0, len(paths), _BATCH):
                batch = [_to_db(p) for p in paths[at : at + _BATCH]]
                rows = self._db.execute(
                    f"SELECT path, mtime_ns, size, hash, engine, gazetteer, sidecar, article, {column} FROM files"
                    f" WHERE path IN ({','.join('?' * len(batch))})", batch).fetchall()
                for row in rows:
                    entry = _entry(row)
                    entry.path = _from_db(entry.path)
                    found[entry.path] = entry
        except sqlite3.Error as exc:
            raise _classify(exc) from None
        return found

    def put_many(self, entries: Iterable[Entry]) -> None:
        rows = [(_to_db(e.path), e.mtime_ns, e.size, e.hash, e.engine, e.gazetteer, e.sidecar,
                 json.dumps(e.article, ensure_ascii=False, separators=(",", ":")),
                 e.mentions if isinstance(e.mentions, str) else json.dumps(e.mentions, ensure_ascii=False, separators=(",", ":")))
                for e in entries]
        if not rows:
            return
        try:
            with self._transaction():
                self._db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.Error as exc:
            raise _classify(exc) from None

    def paths_under(self, root: str) -> Iterator[str]:
        """Cached paths inside folder `root` (absolute, no trailing separator)."""
        low = root.rstrip(os.sep) + os.sep
        high = root.rstrip(os.sep) + chr(ord(os.sep) + 1)
        try:
            rows = self._db.execute("SELECT path FROM files WHERE path >= ? AND path < ?",
                                    (_to_db(low), _to_db(high))).fetchall()
        except sqlite3.Error as exc:
            raise _classify(exc) from None
        return (_from_db(row[0]) for row in rows)

    def delete_paths(self, paths: Iterable[str]) -> int:
        paths = [(_to_db(p),) for p in paths]
        if not paths:
            return 0
        try:
            with self._transaction():
                self._db.executemany("DELETE FROM files WHERE path = ?", paths)
        except sqlite3.Error as exc:
            raise _classify(exc) from None
        return len(paths)

    # ------------------------------------------------------------ snapshots of linked corpora

    def find_snapshot(self, key: str, roots: str | None = None, manifest: bool = False) -> Snapshot | None:
        """The snapshot stored under `key` (or, with `roots`, the one those paths showed last),
        marked as used now when the cache can be written; with `manifest`, its article list too."""
        columns = "id, entities, articles, mentions, key" + (", manifest" if manifest else "")
        try:
            if roots is not None:
                row = self._db.execute(f"SELECT {columns} FROM snapshots WHERE key = "
                                       "(SELECT snapshot FROM starts WHERE roots = ?)", (roots,)).fetchone()
            else:
                row = self._db.execute(f"SELECT {columns} FROM snapshots WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            raise _classify(exc) from None
        if row is None:
            return None
        try:
            entities = json.loads(row[1])
            articles = json.loads(row[5]) if manifest else None
        except (ValueError, TypeError) as exc:
            self.drop_snapshot(row[0])
            raise CacheCorrupt(f"a damaged snapshot: {exc}") from None
        if roots is None:
            try:
                with self._transaction():
                    self._db.execute("UPDATE snapshots SET used = ? WHERE id = ?", (time.time(), row[0]))
            except sqlite3.Error:
                pass  # read-only or busy: it stays usable, only its age is not refreshed
        return Snapshot(row[0], entities, row[2], row[3], row[4], articles)

    def remember_start(self, roots: str, key: str) -> None:
        """Which snapshot the paths `roots` showed: the next start on them shows it first."""
        try:
            with self._transaction():
                self._db.execute("INSERT OR REPLACE INTO starts VALUES (?, ?)", (roots, key))
        except sqlite3.Error as exc:
            raise _classify(exc) from None

    def put_snapshot(self, key: str, entities: list, articles: Iterable[str], occurrences: Iterable[bytes],
                     mentions: int, manifest: list) -> int:
        """Store a linked corpus: the entity table (JSON-able rows), each article's linked mentions
        (JSON text, in article order), each entity's occurrences (bytes, in entity order) and the
        articles' list (JSON-able [path, record] rows).
        Older snapshots beyond KEEP_SNAPSHOTS unused for SNAPSHOT_TTL_S are dropped."""
        articles = list(articles)
        try:
            with self._transaction():
                existing = self._db.execute("SELECT id FROM snapshots WHERE key = ?", (key,)).fetchone()
                if existing is not None:  # another reader on the same files stored it first
                    return existing[0]
                cursor = self._db.execute(
                    "INSERT INTO snapshots (key, used, entities, articles, mentions, manifest) VALUES (?, ?, ?, ?, ?, ?)",
                    (key, time.time(), json.dumps(entities, ensure_ascii=False, separators=(",", ":")),
                     len(articles), mentions,
                     # ASCII: a file name's stray bytes (lone surrogates) survive as \\udcXX escapes.
                     json.dumps(manifest, separators=(",", ":"))))
                number = cursor.lastrowid
                self._db.executemany("INSERT INTO snapshot_mentions VALUES (?, ?, ?)",
                                     ((number, at, text) for at, text in enumerate(articles)))
                self._db.executemany("INSERT INTO snapshot_occurrences VALUES (?, ?, ?)",
                                     ((number, at, data) for at, data in enumerate(occurrences)))
                self._prune_snapshots(keep=number)
        except sqlite3.Error as exc:
            raise _classify(exc) from None
        return number

    def _prune_snapshots(self, keep: int) -> None:
        rows = self._db.execute("SELECT id, used FROM snapshots ORDER BY used DESC").fetchall()
        cutoff = time.time() - SNAPSHOT_TTL_S
        stale = [(number,) for at, (number, used) in enumerate(rows)
                 if at >= KEEP_SNAPSHOTS and used < cutoff and number != keep]
        self._delete_snapshots(stale)

    def _delete_snapshots(self, numbers: list[tuple[int]]) -> None:
        for table, column in (("snapshots", "id"), ("snapshot_mentions", "snapshot"),
                              ("snapshot_occurrences", "snapshot")):
            self._db.executemany(f"DELETE FROM {table} WHERE {column} = ?", numbers)
        self._db.execute("DELETE FROM starts WHERE snapshot NOT IN (SELECT key FROM snapshots)")

    def drop_snapshot(self, snapshot: int) -> None:
        """Forget a damaged snapshot, so that the next start links again and stores it anew
        (`put_snapshot` keeps a key's existing row). Quiet, and no write when it is gone already."""
        try:
            if self._db.execute("SELECT 1 FROM snapshots WHERE id = ?", (snapshot,)).fetchone() is not None:
                with self._transaction():
                    self._delete_snapshots([(snapshot,)])
        except sqlite3.Error:
            pass

    def snapshot_mentions(self, snapshot: int, article: int) -> str:
        """The JSON of one article's linked mentions."""
        try:
            row = self._db.execute("SELECT mentions FROM snapshot_mentions WHERE snapshot = ? AND article = ?",
                                   (snapshot, article)).fetchone()
        except sqlite3.Error as exc:
            raise _classify(exc) from None
        if row is None:  # removed (pruned, deleted), or a damaged snapshot: not to be used again
            self.drop_snapshot(snapshot)
            raise CacheUnavailable("the index snapshot in use was removed")
        return row[0]

    def iter_snapshot_mentions(self, snapshot: int) -> Iterator[str]:
        """Every article's linked mentions in article order, in one query."""
        try:
            for (text,) in self._db.execute("SELECT mentions FROM snapshot_mentions WHERE snapshot = ?"
                                            " ORDER BY article", (snapshot,)):
                yield text
        except sqlite3.Error as exc:
            raise _classify(exc) from None

    def snapshot_occurrences(self, snapshot: int, entity: int) -> bytes:
        try:
            row = self._db.execute("SELECT places FROM snapshot_occurrences WHERE snapshot = ? AND entity = ?",
                                   (snapshot, entity)).fetchone()
        except sqlite3.Error as exc:
            raise _classify(exc) from None
        if row is None:  # removed (pruned, deleted), or a damaged snapshot: not to be used again
            self.drop_snapshot(snapshot)
            raise CacheUnavailable("the index snapshot in use was removed")
        return row[0]

    def snapshot_count(self) -> int:
        try:
            return self._db.execute("SELECT count(*) FROM snapshots").fetchone()[0]
        except sqlite3.Error as exc:
            raise _classify(exc) from None

    def count(self) -> int:
        try:
            return self._db.execute("SELECT count(*) FROM files").fetchone()[0]
        except sqlite3.Error as exc:
            raise _classify(exc) from None


def _create_snapshot_tables(db: sqlite3.Connection) -> None:
    # AUTOINCREMENT: an id is never reused, so a reader still holding a dropped snapshot's id
    # finds nothing rather than another corpus's rows.
    db.execute("CREATE TABLE IF NOT EXISTS snapshots (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT UNIQUE NOT NULL,"
               " used REAL NOT NULL, entities TEXT NOT NULL, articles INTEGER NOT NULL, mentions INTEGER NOT NULL,"
               " manifest TEXT NOT NULL)")
    # The snapshot each set of opened paths showed last: a start shows it at once, then checks.
    db.execute("CREATE TABLE IF NOT EXISTS starts (roots TEXT PRIMARY KEY, snapshot TEXT NOT NULL)")
    db.execute("CREATE TABLE IF NOT EXISTS snapshot_mentions (snapshot INTEGER NOT NULL, article INTEGER NOT NULL,"
               " mentions TEXT NOT NULL, PRIMARY KEY (snapshot, article)) WITHOUT ROWID")
    db.execute("CREATE TABLE IF NOT EXISTS snapshot_occurrences (snapshot INTEGER NOT NULL, entity INTEGER NOT NULL,"
               " places BLOB NOT NULL, PRIMARY KEY (snapshot, entity)) WITHOUT ROWID")


def _switch_to_wal(db: sqlite3.Connection) -> None:
    """WAL lets readers and a writer work at once. Switching needs the database to itself, and
    SQLite may refuse at once ("locked") rather than wait while another process opens the same
    new cache, so try again for a few seconds."""
    for attempt in range(100):
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or attempt == 99:
                raise
            time.sleep(0.05)


_TO_DB = {code: code - 0xDC80 + 0xF780 for code in range(0xDC80, 0xDD00)}
_FROM_DB = {value: key for key, value in _TO_DB.items()}


def _to_db(path: str) -> str:
    return path if path.isascii() else path.translate(_TO_DB)


def _from_db(path: str) -> str:
    return path if path.isascii() else path.translate(_FROM_DB)


def _entry(row) -> Entry:
    try:
        article = json.loads(row[7])
        mentions = json.loads(row[8]) if row[8] is not None else None
    except (ValueError, TypeError) as exc:
        raise CacheCorrupt(f"a damaged row for {row[0]!r}: {exc}") from None
    if not isinstance(article, dict) or not isinstance(mentions, (list, type(None))):
        raise CacheCorrupt(f"a damaged row for {row[0]!r}")
    return Entry(row[0], row[1], row[2], row[3], row[4], row[5], row[6], article, mentions)
