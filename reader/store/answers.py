"""The tables a query answers from without restoring a corpus: `reader search` reads only the
rows its answer needs.

Kept with each snapshot (written by `put_answer_tables`, in the snapshot's transaction):
- `snapshot_vocabulary`: every word of the search forms, sorted, as one text;
- `snapshot_words`: for each word, the numbers of the search forms holding it;
- `snapshot_names`: each search form with its owners (entity name, surface, number, type,
  mention count, article count);
- `snapshot_articles`: each article's manifest row (`codec.manifest_row`), one row each.
With the entity's places (`snapshot_occurrences`) and the texts the file cache keeps, that is a
whole answer: `QuickAnswers` gives it, or None whenever anything it needs is missing, damaged
or out of date, and the caller takes the general way (which says what is wrong, if anything).

This module imports neither the recogniser nor the article model: `reader search` on an unchanged
folder starts in a fraction of the time.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple, cast

from reader.corpus.search import SearchForms, SearchIndex, _Remembered, _WordIndex, words_index
from reader.store.db import SCHEMA_VERSION, path_from_db, path_to_db

ANSWER_TABLES = ("snapshot_vocabulary", "snapshot_words", "snapshot_names", "snapshot_articles")
_BATCH = 500  # numbers per SELECT … IN (…)


# The first byte of a kept text: whether it is already its safe text (no character that
# `safe_text` replaces; most articles), so that printing from it need not look again.
_SAFE, _UNSAFE = b"s", b"u"


def compress_text(text: str) -> bytes:
    """An article's text as the file cache keeps it: zlib's fastest level, made in the worker
    that read the file, after a byte that says whether it is its own safe text."""
    from reader.ingest.sanitize import safe_text

    mark = _SAFE if safe_text(text) is text else _UNSAFE
    return mark + zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def decompress_text(data: bytes) -> str:
    """The text `compress_text` kept. Raises zlib.error or UnicodeDecodeError for damaged bytes."""
    return decompress_texts(data)[0]


def decompress_texts(data: bytes) -> tuple[str, str]:
    """The text `compress_text` kept and its safe text. Raises zlib.error, UnicodeDecodeError or
    ValueError for damaged bytes."""
    from reader.ingest.sanitize import safe_text

    mark = data[:1]
    if mark not in (_SAFE, _UNSAFE):
        raise ValueError("not a kept text")
    text = zlib.decompress(data[1:]).decode("utf-8", "surrogatepass")
    return text, text if mark == _SAFE else safe_text(text)


def create_answer_tables(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS snapshot_vocabulary (snapshot INTEGER PRIMARY KEY, words TEXT NOT NULL)")
    db.execute(
        "CREATE TABLE IF NOT EXISTS snapshot_words (snapshot INTEGER NOT NULL, word TEXT NOT NULL,"
        " choices BLOB NOT NULL, PRIMARY KEY (snapshot, word)) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS snapshot_names (snapshot INTEGER NOT NULL, choice INTEGER NOT NULL,"
        " form TEXT NOT NULL, owners TEXT NOT NULL, PRIMARY KEY (snapshot, choice)) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS snapshot_articles (snapshot INTEGER NOT NULL, article INTEGER NOT NULL,"
        " row TEXT NOT NULL, PRIMARY KEY (snapshot, article)) WITHOUT ROWID"
    )


def put_answer_tables(db: sqlite3.Connection, number: int, entities: list, forms: SearchForms, manifest: list) -> None:
    """Store snapshot `number`'s answer tables: `entities` is its entity table ([name, type,
    aliases, count, article count] by entity number), `forms` its search forms."""
    numbers = {row[0]: at for at, row in enumerate(entities)}
    by_word = words_index(form for form, _ in forms)
    db.execute("INSERT OR REPLACE INTO snapshot_vocabulary VALUES (?, ?)", (number, "\n".join(sorted(by_word))))
    db.executemany(
        "INSERT OR REPLACE INTO snapshot_words VALUES (?, ?, ?)",
        ((number, word, array("I", choices).tobytes()) for word, choices in by_word.items()),
    )

    def owners(names: list[tuple[str, str]]) -> str:
        rows = []
        for name, surface in names:
            at = numbers[name]
            _, kind, _, count, article_count = entities[at]
            rows.append([name, surface, at, kind, count, article_count])
        return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))

    db.executemany(
        "INSERT OR REPLACE INTO snapshot_names VALUES (?, ?, ?, ?)",
        ((number, at, form, owners(names)) for at, (form, names) in enumerate(forms)),
    )
    db.executemany(
        "INSERT OR REPLACE INTO snapshot_articles VALUES (?, ?, ?)",
        ((number, at, json.dumps(row, separators=(",", ":"))) for at, row in enumerate(manifest)),
    )


# ---------------------------------------------------------------- answering


class StoredEntity:
    """An entity as the answer tables hold it (what a listing prints of it)."""

    __slots__ = ("name", "type", "count", "article_count", "number")

    def __init__(self, name: str, type: str, count: int, article_count: int, number: int) -> None:
        self.name, self.type, self.count, self.article_count, self.number = name, type, count, article_count, number


class ShownArticle(NamedTuple):
    """What printing a mention needs of its article."""

    path: str
    source: str
    debris: tuple[tuple[int, int], ...]


class Unanswerable(Exception):
    """The answer tables cannot give this answer (missing, damaged or stale rows)."""


class _StoredWords(Mapping[str, list[int]]):
    """`snapshot_words` as the word index's `by_word`: a word's forms, read when asked for."""

    def __init__(self, db: sqlite3.Connection, snapshot: int, vocabulary: list[str]) -> None:
        self.db, self.snapshot, self.vocabulary = db, snapshot, vocabulary

    def __getitem__(self, word: str) -> list[int]:
        row = self.db.execute(
            "SELECT choices FROM snapshot_words WHERE snapshot = ? AND word = ?", (self.snapshot, word)
        ).fetchone()
        if row is None:
            raise Unanswerable(f"no row for the word {word!r}")
        choices = array("I")
        choices.frombytes(row[0])
        if not choices:  # every word is some form's
            raise Unanswerable(f"a damaged row for the word {word!r}")
        return choices.tolist()

    def __iter__(self) -> Iterator[str]:
        return iter(self.vocabulary)

    def __len__(self) -> int:
        return len(self.vocabulary)


class StoredSearchIndex(SearchIndex):
    """`SearchIndex` over a snapshot's answer tables: the same scores and order, from the rows of
    the shortlisted names alone."""

    def __init__(self, db: sqlite3.Connection, snapshot: int, vocabulary: list[str]) -> None:
        # Not SearchIndex.__init__: nothing is built; `_fetch` fills these as names are shortlisted.
        self.db, self.snapshot = db, snapshot
        self.entities: dict[str, StoredEntity] = {}  # type: ignore[assignment]
        self._remembered = _Remembered()
        self._choices: dict[int, str] = {}  # type: ignore[assignment]
        self._choice_entities: dict[int, list[tuple[str, str]]] = {}  # type: ignore[assignment]
        self._choice_runs = {}
        self._name_words = _WordIndex([], _StoredWords(db, snapshot, vocabulary), vocabulary)
        self._articles = []
        self._title_tables = None
        self._title_lock = threading.Lock()

    @classmethod
    def read(cls, db: sqlite3.Connection, snapshot: int) -> StoredSearchIndex | None:
        """The stored search of `snapshot`, or None when it has no answer tables."""
        row = db.execute("SELECT words FROM snapshot_vocabulary WHERE snapshot = ?", (snapshot,)).fetchone()
        if row is None:
            return None
        return cls(db, snapshot, row[0].split("\n") if row[0] else [])

    def stored_search(self, query: str, limit: int) -> list[tuple[StoredEntity, float]]:
        """`search`'s hits as (entity, score): the entities are the tables' `StoredEntity`s."""
        return [(cast(StoredEntity, hit.entity), hit.score) for hit in self.search(query, limit)]

    def _forms_at(self, indexes: list[int]) -> list[str]:
        return [self._choices[index] for index in indexes]

    def _fetch(self, indexes: list[int]) -> None:
        wanted = [index for index in indexes if index not in self._choices]
        for at in range(0, len(wanted), _BATCH):
            batch = wanted[at : at + _BATCH]
            rows = self.db.execute(
                f"SELECT choice, form, owners FROM snapshot_names WHERE snapshot = ? AND choice IN"
                f" ({','.join('?' * len(batch))})",
                (self.snapshot, *batch),
            ).fetchall()
            if len(rows) != len(batch):
                raise Unanswerable("names missing from the answer tables")
            # One decoding for the batch: a call per row was most of the time reading them took.
            decoded = json.loads("[" + ",".join(row[2] for row in rows) + "]")
            if len(decoded) != len(rows):
                raise Unanswerable("damaged names in the answer tables")
            for (choice, form, _), owners in zip(rows, decoded):
                names = []
                for name, surface, number, kind, count, article_count in owners:
                    names.append((name, surface))
                    self.entities[name] = StoredEntity(name, kind, count, article_count, number)
                self._choices[choice] = form
                self._choice_entities[choice] = names


class QuickAnswers:
    """The answer tables of the snapshot that `roots` (a `keys.roots_key`) showed last, when that
    start remembered `stamp` (the files' fingerprint now): nothing changed since. Every method
    raises Unanswerable (or sqlite3.Error) when the tables cannot answer."""

    def __init__(self, db: sqlite3.Connection, snapshot: int, index: StoredSearchIndex) -> None:
        self.db, self.snapshot = db, snapshot
        self.index = index
        self._articles: dict[int, ShownArticle] = {}

    @classmethod
    def open(cls, path: str, roots: str, stamp: str) -> QuickAnswers | None:
        """The answers for `roots` from the cache database at `path`, or None."""
        if not stamp or not os.path.exists(path):
            return None
        try:
            db = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True, timeout=0.5)
        except (sqlite3.Error, ValueError):
            return None
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                raise Unanswerable("another schema")
            row = db.execute(
                "SELECT s.id FROM starts AS t JOIN snapshots AS s ON s.key = t.snapshot"
                " WHERE t.roots = ? AND t.stamp = ?",
                (roots, stamp),
            ).fetchone()
            index = StoredSearchIndex.read(db, int(row[0])) if row is not None else None
            if index is None:
                raise Unanswerable("no stored answer for these paths as they are")
            return cls(db, index.snapshot, index)
        except (sqlite3.Error, Unanswerable, TypeError, ValueError):
            db.close()
            return None

    def close(self) -> None:
        self.db.close()

    def places(self, entity: StoredEntity) -> list[tuple[int, int, int]]:
        """(article, start, end) of each of the entity's mentions, in corpus order."""
        row = self.db.execute(
            "SELECT places FROM snapshot_occurrences WHERE snapshot = ? AND entity = ?", (self.snapshot, entity.number)
        ).fetchone()
        if row is None:
            raise Unanswerable(f"no places for {entity.name!r}")
        values = array("I")
        values.frombytes(row[0])
        if len(values) % 4 or len(values) // 4 != entity.count:
            raise Unanswerable(f"damaged places for {entity.name!r}")
        return list(zip(values[0::4], values[2::4], values[3::4]))

    def articles(self, numbers: Iterable[int]) -> dict[int, ShownArticle]:
        """The path, source and page debris of these articles (each read once)."""
        known = self._articles
        numbers = set(numbers)
        wanted = sorted(numbers - known.keys())
        found: dict[int, ShownArticle] = {}
        for at in range(0, len(wanted), _BATCH):
            batch = wanted[at : at + _BATCH]
            for number, text in self.db.execute(
                f"SELECT article, row FROM snapshot_articles WHERE snapshot = ? AND article IN"
                f" ({','.join('?' * len(batch))})",
                (self.snapshot, *batch),
            ):
                row = json.loads(text)
                found[number] = ShownArticle(row[0], row[2], tuple(map(tuple, row[6])) if row[6] else ())
        if len(found) != len(wanted):
            raise Unanswerable("articles missing from the answer tables")
        known.update(found)
        return {number: known[number] for number in numbers}

    def texts(self, paths: Sequence[str], engine: str) -> dict[str, tuple[str, str]]:
        """The text and safe text of each of these articles (by the path the corpus names it
        with), as the file cache keeps them: only rows made by `engine` from the file as it is now."""
        keys = {os.path.abspath(path): path for path in paths}
        found: dict[str, tuple[str, str]] = {}
        wanted = list(keys)
        for at in range(0, len(wanted), _BATCH):
            batch = wanted[at : at + _BATCH]
            for stored, mtime_ns, size, made_by, data in self.db.execute(
                f"SELECT path, mtime_ns, size, engine, text FROM files WHERE path IN ({','.join('?' * len(batch))})",
                [path_to_db(key) for key in batch],
            ):
                key = path_from_db(stored)
                try:
                    info = os.stat(key)
                except OSError:  # a feed's item, or gone meanwhile
                    raise Unanswerable(f"no file {key!r}") from None
                if data is None or made_by != engine or (info.st_mtime_ns, info.st_size) != (mtime_ns, size):
                    raise Unanswerable(f"no current text of {key!r}")
                try:
                    found[keys[key]] = decompress_texts(data)
                except (zlib.error, UnicodeDecodeError, ValueError):
                    raise Unanswerable(f"a damaged text of {key!r}") from None
        if len(found) != len(keys):
            raise Unanswerable("texts missing from the file cache")
        return found
