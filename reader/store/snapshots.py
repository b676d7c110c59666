"""A linked corpus kept in the index cache, and read back piece by piece.

Linking needs every mention of every article (a surname can resolve to a person named in
another article), so its result belongs to the whole corpus. After linking, `save` stores it
as a snapshot under `snapshot_key`: the entity table, each article's linked mentions and each
entity's occurrences. The next start on the same files calls `restore`, which reads only the
entity table; `corpus.mentions[i]` reads article i's mentions when it is opened, and an
entity's `occurrences` are read when a jump or a count needs them. That is what keeps a warm
start on 10,000 articles at a fraction of a second and a few tens of megabytes.

Reads go through one connection guarded by a lock (the app reads from its UI thread and
from workers). If the snapshot disappears under a running reader (the cache deleted or
damaged), reads raise `CorpusUnavailable`, and the app reloads.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reader.corpus.corpus import Corpus
from reader.corpus.search import EntityHit, SearchForms
from reader.entities.model import Entity, Mention
from reader.entities.packed import RecentMentions
from reader.entities.pairs import Pairs
from reader.ingest.article import Article, Problem
from reader.store.answers import ANSWER_TABLES, create_answer_tables, put_answer_tables
from reader.store.codec import decode_mentions, each_row, encode, encode_lines, encode_mentions
from reader.store.db import CacheCorrupt, CacheUnavailable, Transaction, classify

if TYPE_CHECKING:
    from reader.entities.gazetteer import Gazetteer
    from reader.store.file_cache import Cache

# Snapshots kept whatever their age, and how long any other is kept after its last use.
KEEP_SNAPSHOTS = 4
SNAPSHOT_TTL_S = 24 * 3600
# Articles whose mentions stay in memory once read (an article is a few hundred mentions).
MENTION_CACHE = 256
_PLACES_BATCH = 256  # entities' places per read when every entity's are read


@dataclass(slots=True)
class Snapshot:
    """A stored linked corpus: its row id, entity table, and how many articles and mentions it has."""

    id: int
    # As stored, JSON lines (codec.encode_lines): [name, type, aliases, count, article count] in
    # entity number order, decoded a chunk at a time as the corpus is restored (decoded at once, a
    # large corpus's table and manifest were the highest step of its memory).
    entities: str
    articles: int
    mentions: int
    key: str = ""
    manifest: str | None = None  # codec.manifest_row of each article, when asked for (JSON lines too)


class SnapshotRows:
    """The snapshot tables of the cache database (mixed into `Cache`, which owns the connection)."""

    _db: sqlite3.Connection | None

    @property
    def _live(self) -> sqlite3.Connection:
        """The open connection (a closed cache cannot be read)."""
        if self._db is None:
            raise CacheUnavailable("the index cache is closed")
        return self._db

    def _transaction(self) -> Transaction:
        return Transaction(self._live)

    def find_snapshot(self, key: str, roots: str | None = None, manifest: bool = False) -> Snapshot | None:
        """The snapshot stored under `key` (or, with `roots`, the one those paths showed last),
        marked as used now when the cache can be written; with `manifest`, its article list too."""
        columns = "id, entities, articles, mentions, key" + (", manifest" if manifest else "")
        try:
            if roots is not None:
                row = self._live.execute(
                    f"SELECT {columns} FROM snapshots WHERE key = (SELECT snapshot FROM starts WHERE roots = ?)",
                    (roots,),
                ).fetchone()
            else:
                row = self._live.execute(f"SELECT {columns} FROM snapshots WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            raise classify(exc) from None
        if row is None:
            return None
        entities, articles = row[1], row[5] if manifest else None
        if not isinstance(entities, str) or (manifest and not isinstance(articles, str)):
            self.drop_snapshot(row[0])
            raise CacheCorrupt("a damaged snapshot: its tables are not text")
        if roots is None:
            try:
                with self._transaction():
                    self._live.execute("UPDATE snapshots SET used = ? WHERE id = ?", (time.time(), row[0]))
            except sqlite3.Error:
                pass  # read-only or busy: it stays usable, only its age is not refreshed
        return Snapshot(row[0], entities, row[2], row[3], row[4], articles)

    def remember_start(self, roots: str, key: str, stamp: str = "") -> None:
        """Which snapshot the paths `roots` showed: the next start on them shows it first. `stamp`
        is the files' fingerprint when that snapshot is all they hold (no problem, no notice),
        else empty."""
        try:
            with self._transaction():
                self._live.execute("INSERT OR REPLACE INTO starts VALUES (?, ?, ?)", (roots, key, stamp))
        except sqlite3.Error as exc:
            raise classify(exc) from None

    def start_stamp(self, roots: str) -> str:
        """The fingerprint remembered with the last start on `roots` ("" when none)."""
        try:
            row = self._live.execute("SELECT stamp FROM starts WHERE roots = ?", (roots,)).fetchone()
        except sqlite3.Error as exc:
            raise classify(exc) from None
        return str(row[0]) if row is not None and row[0] else ""

    def put_snapshot(
        self,
        key: str,
        entities: list,
        articles: Iterable[str],
        occurrences: Iterable[bytes],
        mentions: int | Callable[[], int],
        manifest: list,
        search_forms: SearchForms | None = None,
    ) -> int:
        """Store a linked corpus: the entity table (JSON-able rows), each article's linked mentions
        (JSON text, in article order), each entity's occurrences (bytes, in entity order) and the
        articles' list (JSON-able [path, record] rows). `articles` is read as it is written, one
        row at a time (a first index of 100,000 articles made half a gigabyte of them), and the
        counts are stored once it is; `mentions` may be a callable, asked then.
        Older snapshots beyond KEEP_SNAPSHOTS unused for SNAPSHOT_TTL_S are dropped."""
        try:
            with self._transaction():
                existing = self._live.execute("SELECT id FROM snapshots WHERE key = ?", (key,)).fetchone()
                if existing is not None:  # another reader on the same files stored it first
                    return int(existing[0])
                cursor = self._live.execute(
                    "INSERT INTO snapshots (key, used, entities, articles, mentions, manifest) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        key,
                        time.time(),
                        encode_lines(entities),
                        0,  # both counted as the rows are written, below
                        0,
                        # ASCII: a file name's stray bytes (lone surrogates) survive as \\udcXX escapes.
                        encode_lines(manifest, ascii=True),
                    ),
                )
                number = int(cursor.lastrowid or 0)
                written = 0

                def rows() -> Iterator[tuple[int, int, str]]:
                    nonlocal written
                    for at, text in enumerate(articles):
                        written = at + 1
                        yield (number, at, text)

                self._live.executemany("INSERT INTO snapshot_mentions VALUES (?, ?, ?)", rows())
                self._live.execute(
                    "UPDATE snapshots SET articles = ?, mentions = ? WHERE id = ?",
                    (written, mentions() if callable(mentions) else mentions, number),
                )
                self._live.executemany(
                    "INSERT INTO snapshot_occurrences VALUES (?, ?, ?)",
                    ((number, at, data) for at, data in enumerate(occurrences)),
                )
                if search_forms is not None:
                    self._live.execute(
                        "INSERT OR REPLACE INTO snapshot_search VALUES (?, ?)",
                        (number, encode_lines(search_forms)),
                    )
                    put_answer_tables(self._live, number, entities, search_forms, manifest)
                self._prune_snapshots(keep=number)
        except sqlite3.Error as exc:
            raise classify(exc) from None
        return number

    def _prune_snapshots(self, keep: int) -> None:
        rows = self._live.execute("SELECT id, used FROM snapshots ORDER BY used DESC").fetchall()
        cutoff = time.time() - SNAPSHOT_TTL_S
        stale = [
            (number,)
            for at, (number, used) in enumerate(rows)
            if at >= KEEP_SNAPSHOTS and used < cutoff and number != keep
        ]
        self._delete_snapshots(stale)

    def _delete_snapshots(self, numbers: list[tuple[int]]) -> None:
        for table, column in (
            ("snapshots", "id"),
            ("snapshot_mentions", "snapshot"),
            ("snapshot_occurrences", "snapshot"),
            ("snapshot_search", "snapshot"),
            *((table, "snapshot") for table in ANSWER_TABLES),
        ):
            self._live.executemany(f"DELETE FROM {table} WHERE {column} = ?", numbers)
        self._live.execute("DELETE FROM starts WHERE snapshot NOT IN (SELECT key FROM snapshots)")

    def drop_snapshot(self, snapshot: int) -> None:
        """Forget a damaged snapshot, so that the next start links again and stores it anew
        (`put_snapshot` keeps a key's existing row). Quiet, and no write when it is gone already."""
        try:
            if self._live.execute("SELECT 1 FROM snapshots WHERE id = ?", (snapshot,)).fetchone() is not None:
                with self._transaction():
                    self._delete_snapshots([(snapshot,)])
        except sqlite3.Error:
            pass

    def snapshot_mentions(self, snapshot: int, article: int) -> str:
        """The JSON of one article's linked mentions."""
        try:
            row = self._live.execute(
                "SELECT mentions FROM snapshot_mentions WHERE snapshot = ? AND article = ?", (snapshot, article)
            ).fetchone()
        except sqlite3.Error as exc:
            raise classify(exc) from None
        if row is None:  # removed (pruned, deleted), or a damaged snapshot: not to be used again
            self.drop_snapshot(snapshot)
            raise CacheUnavailable("the index snapshot in use was removed")
        return row[0]

    def iter_snapshot_mentions(self, snapshot: int) -> Iterator[str]:
        """Every article's linked mentions in article order, in one query."""
        try:
            for (text,) in self._live.execute(
                "SELECT mentions FROM snapshot_mentions WHERE snapshot = ? ORDER BY article", (snapshot,)
            ):
                yield text
        except sqlite3.Error as exc:
            raise classify(exc) from None

    def snapshot_occurrences(self, snapshot: int, entity: int) -> bytes:
        try:
            row = self._live.execute(
                "SELECT places FROM snapshot_occurrences WHERE snapshot = ? AND entity = ?", (snapshot, entity)
            ).fetchone()
        except sqlite3.Error as exc:
            raise classify(exc) from None
        if row is None:  # removed (pruned, deleted), or a damaged snapshot: not to be used again
            self.drop_snapshot(snapshot)
            raise CacheUnavailable("the index snapshot in use was removed")
        return row[0]

    def snapshot_places(self, snapshot: int, lock: threading.Lock) -> Iterator[tuple[int, bytes]]:
        """(entity number, places) of every entity of a snapshot, read a few hundred rows at a
        time with `lock` held (a large corpus's are 70 MB at once, more than its search tables)."""
        try:
            with lock:
                cursor = self._live.execute(
                    "SELECT entity, places FROM snapshot_occurrences WHERE snapshot = ?", (snapshot,)
                )
            while True:
                with lock:
                    rows = cursor.fetchmany(_PLACES_BATCH)
                if not rows:
                    return
                yield from rows
        except sqlite3.Error as exc:
            raise classify(exc) from None

    def snapshot_count(self) -> int:
        try:
            return self._live.execute("SELECT count(*) FROM snapshots").fetchone()[0]
        except sqlite3.Error as exc:
            raise classify(exc) from None


def create_snapshot_tables(db: sqlite3.Connection) -> None:
    # AUTOINCREMENT: an id is never reused, so a reader still holding a dropped snapshot's id
    # finds nothing rather than another corpus's rows.
    db.execute(
        "CREATE TABLE IF NOT EXISTS snapshots (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT UNIQUE NOT NULL,"
        " used REAL NOT NULL, entities TEXT NOT NULL, articles INTEGER NOT NULL, mentions INTEGER NOT NULL,"
        " manifest TEXT NOT NULL)"
    )
    # The snapshot each set of opened paths showed last: a start shows it at once, then checks.
    db.execute(
        "CREATE TABLE IF NOT EXISTS starts (roots TEXT PRIMARY KEY, snapshot TEXT NOT NULL, stamp TEXT NOT NULL DEFAULT '')"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS snapshot_mentions (snapshot INTEGER NOT NULL, article INTEGER NOT NULL,"
        " mentions TEXT NOT NULL, PRIMARY KEY (snapshot, article)) WITHOUT ROWID"
    )
    # The search forms of a snapshot's names (see reader.corpus.search.search_forms), as JSON.
    db.execute("CREATE TABLE IF NOT EXISTS snapshot_search (snapshot INTEGER PRIMARY KEY, forms TEXT NOT NULL)")
    db.execute(
        "CREATE TABLE IF NOT EXISTS snapshot_occurrences (snapshot INTEGER NOT NULL, entity INTEGER NOT NULL,"
        " places BLOB NOT NULL, PRIMARY KEY (snapshot, entity)) WITHOUT ROWID"
    )
    create_answer_tables(db)


class CorpusUnavailable(Exception):
    """The stored corpus cannot be read any more; the message says why."""


# ---------------------------------------------------------------- saving


def save(
    cache: Cache,
    key: str,
    mentions: Sequence[list[Mention]],
    entities: dict[str, Entity],
    manifest: list,
    records: Sequence[str | None] = (),
    search_forms: SearchForms | None = None,
) -> int:
    """Store a linked corpus under `key`, with `manifest` (`codec.manifest_row` of each article);
    returns the snapshot's id. Raises what Cache raises.

    `records[i]`, when given, is the JSON the indexer already holds of article i's mentions as
    recognised ([start, end, text, type, key, rule, generic, instance] rows): it is stored as
    it is, and only what linking added is written beside it. Encoding every mention again was
    a third of the time between the last file read and a stored corpus."""
    numbers = {name: number for number, name in enumerate(entities)}
    table = [[e.name, e.type, sorted(e.aliases), e.count, e.article_count] for e in entities.values()]
    # One pass over the mentions makes both the articles' rows and the entities' places:
    # (article, mention index, start, end offset) quadruples; `Corpus.step` bisects on (article,
    # start) without reading the mentions of every article the entity is in. The mentions come
    # in article and offset order, the order of every entity's occurrences.
    places = [array("I") for _ in numbers]
    total = 0

    def rows() -> Iterator[str]:
        # Made as put_snapshot writes them, so that the rows of all articles are never held at once.
        nonlocal total
        for article, doc in enumerate(mentions):
            total += len(doc)
            linked = []
            instances = []
            for index, mention in enumerate(doc):
                number = numbers[mention.entity]
                linked.append(number)
                places[number].extend((article, index, mention.start, mention.end))
                if mention.instance:
                    instances.append([index, mention.instance])
            recognised = records[article] if article < len(records) else None
            if recognised is None:  # its instances are the linked ones here, which the third part restores
                recognised = encode_mentions(doc)
            # [recognised rows, entity number of each, [index, instance] where linking named one].
            yield f"[{recognised},[{','.join(map(str, linked))}],{encode(instances)}]"

    return cache.put_snapshot(
        key,
        table,
        rows(),
        # Read once every row is written: the places are complete, and so is the count.
        (p.tobytes() for p in places),
        lambda: total,
        manifest,
        search_forms,
    )


# ---------------------------------------------------------------- restoring


class _SnapshotReader:
    """One snapshot's rows, read on demand through a shared connection."""

    def __init__(self, cache: Cache, snapshot: Snapshot) -> None:
        self.cache = cache
        self.snapshot = snapshot
        self.names: list[str] = []  # each entity's, by number (filled by `restore`)
        self.lock = threading.Lock()

    def damaged(self, why: str) -> CorpusUnavailable:
        """Drop this snapshot (a start that finds it again would read the same damage) and say so."""
        with self.lock:
            self.cache.drop_snapshot(self.snapshot.id)
        return CorpusUnavailable(f"the index cache is damaged ({why}); run the reader again to rebuild it")

    def _parse(self, text: str) -> list[Mention]:
        names = self.names
        try:
            records, linked, instances = json.loads(text)
            if len(records) != len(linked):
                raise ValueError("mentions and their entities differ in number")
            mentions = decode_mentions(records, [names[entity] for entity in linked])
            for index, instance in instances:
                mentions[index].instance = instance
            return mentions
        except (ValueError, TypeError, IndexError) as exc:
            raise self.damaged(str(exc)) from None

    def search_once(self, query: str, limit: int) -> list[EntityHit] | None:
        """`query`'s hits from the snapshot's answer tables, or None when it has none (or they
        cannot be read); the hits' entities are the tables' (`answers.StoredEntity`)."""
        from reader.store.answers import StoredSearchIndex, Unanswerable

        try:
            with self.lock:
                index = StoredSearchIndex.read(self.cache._live, self.snapshot.id)
                return index.search(query, limit) if index is not None else None
        except (sqlite3.Error, CacheUnavailable, Unanswerable, ValueError, TypeError, KeyError):
            return None

    def search_forms(self) -> Iterator[Any] | None:
        """The snapshot's search forms, decoded a chunk at a time as the search tables are made
        from them (the whole table decoded at once was a large corpus's highest memory), or None
        when it has none or it cannot be read (the corpus then makes them from its entities:
        the same table, more slowly). The forms raise ValueError where the table is damaged."""
        try:
            with self.lock:
                row = self.cache._live.execute(
                    "SELECT forms FROM snapshot_search WHERE snapshot = ?", (self.snapshot.id,)
                ).fetchone()
        except (sqlite3.Error, CacheUnavailable):
            return None
        if row is None or not isinstance(row[0], str):
            return None
        return each_row(row[0])

    def mentions(self, article: int) -> list[Mention]:
        try:
            with self.lock:
                text = self.cache.snapshot_mentions(self.snapshot.id, article)
        except (CacheCorrupt, CacheUnavailable) as exc:
            raise CorpusUnavailable(str(exc)) from None
        return self._parse(text)

    def all_mentions(self) -> Iterator[list[Mention]]:
        try:
            with self.lock:
                texts = list(self.cache.iter_snapshot_mentions(self.snapshot.id))
        except (CacheCorrupt, CacheUnavailable) as exc:
            raise CorpusUnavailable(str(exc)) from None
        if len(texts) != self.snapshot.articles:
            with self.lock:
                self.cache.drop_snapshot(self.snapshot.id)  # when only some rows are gone
            raise CorpusUnavailable("the index snapshot in use was removed")
        for text in texts:
            yield self._parse(text)

    def occurrences(self, number: int) -> tuple[Pairs, Pairs, array[int]]:
        """An entity's (article, mention index) pairs, its (article, start offset) pairs, and the
        end offset of each mention (as arrays: see `Pairs`)."""
        try:
            with self.lock:
                data = self.cache.snapshot_occurrences(self.snapshot.id, number)
        except (CacheCorrupt, CacheUnavailable) as exc:
            raise CorpusUnavailable(str(exc)) from None
        values = self._places(number, data)
        articles = values[0::4]
        return Pairs(articles, values[1::4]), Pairs(articles, values[2::4]), values[3::4]

    def source_counts(self, groups: Sequence[int] | None = None) -> Iterator[tuple[int, dict[int, int]]]:
        """(entity number, its mention count per article) of every entity, in one query; per
        group of articles instead with `groups` (each article's group: its outlet)."""
        try:
            for number, data in self.cache.snapshot_places(self.snapshot.id, self.lock):
                articles = self._places(number, data)[0::4]
                # Counted in C: a Python loop over every mention was most of `reader entities`.
                yield number, dict(Counter(articles if groups is None else map(groups.__getitem__, articles)))
        except (CacheCorrupt, CacheUnavailable) as exc:
            raise CorpusUnavailable(str(exc)) from None

    def _places(self, number: int, data: bytes) -> array[int]:
        """Entity `number`'s stored places: (article, mention index, start, end) of each mention,
        flat; a damaged row drops the snapshot."""
        values = array("I")
        try:
            values.frombytes(data)
        except (ValueError, TypeError) as exc:
            raise self.damaged(str(exc)) from None
        if len(values) % 4:
            raise self.damaged(f"entity {number}'s places are cut short")
        return values


class StoredMentions(RecentMentions):
    """`corpus.mentions` of a restored corpus: article i's linked mentions, read when first asked
    for (see `RecentMentions`)."""

    def __init__(self, reader: _SnapshotReader) -> None:
        super().__init__(MENTION_CACHE)
        self._reader = reader

    def __len__(self) -> int:
        return self._reader.snapshot.articles

    def _make(self, index: int) -> list[Mention]:
        return self._reader.mentions(index)

    def __iter__(self) -> Iterator[list[Mention]]:
        # Every article at once (`reader entities`): one query, without filling the cache.
        return self._reader.all_mentions()

    def close(self) -> None:
        with self._reader.lock:
            self._reader.cache.close()


def restore(
    cache: Cache,
    snapshot: Snapshot,
    articles: list[Article],
    gazetteer: Gazetteer | None,
    problems: Iterable[Problem] = (),
):
    """The corpus stored in `snapshot`, over `articles` (restored from the same files); with no
    `gazetteer` until the caller sets one (only searching without stored forms needs it)."""
    reader = _SnapshotReader(cache, snapshot)
    if snapshot.articles != len(articles):
        raise reader.damaged("the snapshot does not match the articles")
    corpus = Corpus(articles, StoredMentions(reader), {}, list(problems), gazetteer=gazetteer, key=snapshot.key)
    corpus.stored_search_forms = reader.search_forms
    corpus.stored_search = reader.search_once

    # One loader for every entity, by its number (a closure each was a fifth of a large
    # corpus's restore).
    numbers: dict[str, int] = {}

    def load_occurrences(entity: Entity) -> Pairs:
        places, keys, ends = reader.occurrences(numbers[entity.name])
        corpus.set_step_keys(entity.name, keys, ends)
        return places

    entities = corpus.entities
    names = reader.names

    def each_source(groups: Sequence[int] | None = None) -> Iterator[tuple[str, dict[int, int]]]:
        seen = 0
        for number, counts in reader.source_counts(groups):
            if not 0 <= number < len(names):
                raise reader.damaged(f"places of an entity {number} that is not there")
            seen += 1
            yield names[number], counts
        if seen != len(names):
            raise reader.damaged("entities without places")

    corpus.stored_sources = each_source
    kinds: dict[str, str] = {}  # one string per type, not one per entity (as JSON decodes them)
    try:
        for number, (name, kind, aliases, count, article_count) in enumerate(each_row(snapshot.entities)):
            names.append(name)
            numbers[name] = number
            entities[name] = Entity(
                name,
                kinds.setdefault(kind, kind),
                tuple(aliases),
                count=count,
                article_count=article_count,
                load_occurrences=load_occurrences,
            )
    except (ValueError, TypeError) as exc:
        raise reader.damaged(str(exc)) from None
    # The tables are in the entities and articles now, and nothing reads them again.
    snapshot.entities = ""
    snapshot.manifest = None
    return corpus
