"""Paths → a `Corpus`, through the extraction cache and a process pool.

    result = index_paths(paths, gazetteer, progress=callback)
    result.corpus, result.stats, result.notices

For every article file (or URL, or feed item): if the cache holds a row with the same size and
mtime, made by the same engine, gazetteer and sidecar metadata, the article comes from the row
and the file is not read (its text is read when the article is opened). Otherwise the file is
read; a file whose content hash is unchanged (touched, copied back) keeps its cached mentions;
others are recognised (see `reader.indexer.extract`). A feed is one file and many articles:
see `index_paths`.

Then linking: when the cache holds a snapshot of exactly these files (see
`reader.store.snapshots`), the corpus is restored from it without reading any mention; else
every article's cached or new mentions are linked, as `reader.corpus.build` does, and the
result is stored as the snapshot for next time. Either way the corpus is the one
`Corpus.load` would give.

Rows of files that went away from an indexed folder are dropped. The cache never decides
anything the files do not: when it cannot be used, indexing goes on without it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import reader.indexer.extract as extract_module
from reader import collector
from reader.corpus.build import link_corpus
from reader.corpus.corpus import Corpus
from reader.entities.gazetteer import Gazetteer, load_user_gazetteer
from reader.entities.model import Mention
from reader.indexer.cache_access import (
    cache_trouble,
    cached_mentions,
    drop_deleted,
    load_cached_mentions,
    open_cache,
    paths_given,
    restore_snapshot_of,
)
from reader.indexer.extract import Batch, IndexCancelled, Job, Result, extract_all, pool_size_for, recognize_file
from reader.indexer.provisional import Provisional
from reader.ingest.address import is_url, item_doc, split_item
from reader.ingest.article import Article, Metadata, Problem
from reader.ingest.discover import discover, sidecar_name
from reader.ingest.metadata import read_sidecar
from reader.ingest.read import backing_file, holds_many
from reader.store.codec import article_record, decode_mentions, recognised_rows, restore_article
from reader.store.db import CacheCorrupt, CacheUnavailable
from reader.store.file_cache import ENGINE_VERSION, Cache, Entry, gazetteer_key
from reader.store.keys import absolute, roots_key, snapshot_key
from reader.store.snapshots import CorpusUnavailable
from reader.store.snapshots import restore as restore_snapshot
from reader.store.snapshots import save as save_snapshot

__all__ = ["IndexCancelled", "IndexStats", "Indexed", "index_paths", "last_corpus", "load_corpus"]

Progress = Callable[[int, int], None]


@dataclass(slots=True)
class IndexStats:
    files: int = 0  # article files found
    articles: int = 0  # of which readable
    cached: int = 0  # restored from the cache without recognition
    extracted: int = 0  # recognised now
    problems: int = 0
    mentions: int = 0
    entities: int = 0
    words: int = 0
    bytes: int = 0
    workers: int = 1
    seconds: float = 0.0
    extract_seconds: float = 0.0  # reading and recognising (the pool's time)
    link_seconds: float = 0.0

    def line(self) -> str:
        return (
            f"{self.articles} files ({self.cached} cached, {self.extracted} read), {self.words} words, "
            f"{self.mentions} mentions, {self.entities} entities, {self.problems} skipped, {self.seconds:.2f} s"
        )


@dataclass(slots=True)
class Indexed:
    corpus: Corpus
    stats: IndexStats
    notices: list[str] = field(default_factory=list)  # one line each: cache trouble, corrections ignored


@dataclass(slots=True)
class _Input:
    """One file, URL or named feed item to index."""

    path: str  # as found or named
    absolute: str  # its cache key: absolute path, or the URL
    sidecar: dict[str, str] | None
    sidecar_json: str  # "" for none
    # The file whose size and mtime say whether its rows are current: the file, the feed of a
    # named item, a URL's stored copy.
    backing: str | None = None
    many: bool = False  # a feed: read in the first round, one article per item
    _info: os.stat_result | None = None
    _looked: bool = False

    @property
    def info(self) -> os.stat_result | None:
        """The backing file's status, looked up once and only when a cached row is compared with it
        (a cold start makes no system call here)."""
        if not self._looked:
            self._looked = True
            try:
                self._info = os.stat(self.backing) if self.backing is not None else None
            except OSError:
                self._info = None
        return self._info


@dataclass(slots=True)
class _Unit:
    """One article slot: an article of an input (the input itself, or one of its feed's items)."""

    source: int  # its input's number
    path: str  # the article's path
    absolute: str  # its cache key


def index_paths(
    paths: Iterable[Path | str],
    gazetteer: Gazetteer | None = None,
    *,
    progress: Progress | None = None,
    partial: Callable[[Corpus], None] | None = None,
    use_cache: bool = True,
    cache_path: Path | None = None,
    workers: int | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Indexed:
    """Discover, read (or restore) and recognise every article under `paths`, then link.

    `workers`: processes for recognition (default: every core; 1 = in this process).
    `partial`: during a long extraction, called now and then with a corpus of the articles read
    so far (linked among themselves), so the app can be used while indexing runs.
    `cancelled`: asked between batches of files; when it says yes, the worker processes are
    stopped and IndexCancelled is raised (what was read so far stays in the cache).
    Article text is never kept: an article reads its file when its text is first asked for.

    A feed is one input and many articles, `FEED#1` … (see `reader.ingest.address`): the cache
    keeps a row for the feed itself (its size, mtime, hash and item count) and one per item
    under the item's path, made with the feed's size and mtime. A warm start restores the items
    from their rows without reading the feed; a feed that changed is read again in a first
    round, before the other files (so that every article's place is known when they are read),
    and its items whose content did not change keep their cached mentions, whatever their number.
    """
    with collector.paused():
        run = _Run(list(paths), gazetteer, progress, partial, cache_path, workers, cancelled)
        run.plan(use_cache)
        run.extract()
        run.forget_deleted()
        return run.link()


class _Run:
    """One indexing run, step by step: plan (what the cache already holds; feeds read), extract
    (read and recognise the rest), forget deleted files, link (or restore the stored linked
    corpus)."""

    def __init__(
        self,
        paths: list[Path | str],
        gazetteer: Gazetteer | None,
        progress: Progress | None,
        partial: Callable[[Corpus], None] | None,
        cache_path: Path | None,
        workers: int | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        self.started = time.perf_counter()
        self.notices: list[str] = []
        self.paths = paths
        self.gazetteer = gazetteer if gazetteer is not None else load_user_gazetteer(self.notices)
        self.gkey = gazetteer_key(self.gazetteer)
        self.progress = progress
        self.partial = partial
        self.cache_path = cache_path
        self.workers = workers
        self.cancelled = cancelled
        self.cache: Cache | None = None
        self.writing = False
        self.inputs: list[_Input] = []
        self.units: list[_Unit] = []
        self.first_unit: list[int] = []  # per input: its first unit
        self.discovery_problems: list[Problem] = []
        self.sidecar_problems: dict[int, Problem] = {}  # by input
        self.notes: dict[int, list[Problem]] = {}  # by input: about a feed as a whole
        self.problems: dict[int, Problem] = {}  # by unit
        self.articles: list[Article | None] = []
        self.documents: list[list[Mention] | None] = []  # None for cached rows until needed
        # The JSON of the mentions recognised now, as the workers sent it: the snapshot stores it as is.
        self.recognised_json: list[str | None] = []
        self.hashes: list[str | None] = []
        self.todo: list[Job] = []
        # Feeds read now: their item count before and now (the rows past the new count are dropped).
        self.items_before: dict[int, int] = {}
        self.items_now: dict[int, int] = {}
        self.done = 0
        self.provisional: Provisional | None = None
        self.stats = IndexStats()

    # ------------------------------------------------------------ plan

    def plan(self, use_cache: bool) -> None:
        self._discover()
        total = len(self.inputs)
        self.stats.files = total
        self.cache = open_cache(self.cache_path, self.notices) if use_cache else None
        rows: dict[str, Entry] = {}
        items: dict[str, Entry] = {}
        counts: dict[str, int] = {}  # a feed's row: how many items it had
        if self.cache is not None:
            try:
                rows = self.cache.get_many((i.absolute for i in self.inputs), mentions=False)
                counts = {key: count for key, row in rows.items() if (count := _item_count(row))}
                wanted = [item_doc(key, n) for key, count in counts.items() for n in range(1, count + 1)]
                items = self.cache.get_many(wanted, mentions=False) if wanted else {}
            except (CacheCorrupt, CacheUnavailable) as exc:
                self.cache = cache_trouble(self.cache, exc, self.notices, self.cache_path)
                rows, items, counts = {}, {}, {}
        self.writing = self.cache is not None
        # What each input becomes: restored rows, a feed to read now, or one file to read.
        restored: dict[int, list[tuple[str, Entry]]] = {}
        feeds: list[Job] = []
        singles: dict[int, str | None] = {}
        for number, source in enumerate(self.inputs):
            row = rows.get(source.absolute)
            count = counts.get(source.absolute, 0)
            if row is not None and count:
                item_rows = [
                    (item_doc(source.absolute, n), items.get(item_doc(source.absolute, n))) for n in range(1, count + 1)
                ]
                fresh = self._current(source, row) and all(
                    r is not None and self._current(source, r) for _, r in item_rows
                )
                if fresh:
                    restored[number] = [(key, r) for key, r in item_rows if r is not None]
                    notes = row.article.get("notes")
                    if isinstance(notes, list):
                        self.notes[number] = [Problem(source.path, str(note)) for note in notes]
                    continue
                self.items_before[number] = count
                known = frozenset(
                    r.hash
                    for _, r in item_rows
                    if r is not None and "problem" not in r.article and self._reusable(source, r)
                )
                source.many = True
                feeds.append((number, source.path, source.sidecar, known, True))
                continue
            if row is not None and self._current(source, row):
                restored[number] = [(source.absolute, row)]
                continue
            if holds_many(source.path):
                source.many = True
                feeds.append((number, source.path, source.sidecar, None, True))
                continue
            singles[number] = self._reusable(source, row) if row is not None else None
        feed_results = self._read_feeds(feeds)
        self._lay_out(restored, feed_results, singles)
        if self.progress:
            self.progress(total - len(self.todo), total)

    def _current(self, source: _Input, row: Entry) -> bool:
        """Whether `row` is what the input's file gives now, so the file need not be read."""
        return self._reusable(source, row) is not None and row.describes(source.sidecar_json, source.info)

    def _reusable(self, source: _Input, row: Entry) -> str | None:
        """The content hash whose cached mentions can serve this input (see Entry.reusable_hash)."""
        return row.reusable_hash(self.gkey, source.sidecar_json, (source.sidecar or {}).get("date", ""))

    def _discover(self) -> None:
        found = discover(self.paths)
        self.discovery_problems = found.problems
        sidecars: dict[Path, dict[str, Metadata]] = {}
        folder: Path | None
        for number, file in enumerate(found.files):
            if isinstance(file, Path):  # a file found or named: the common case, kept cheap
                folder, name, path, url = file.parent, file.name, str(file), False
            else:  # a URL or a named feed item
                (folder, name), path = sidecar_name(file), file
                url = is_url(path)
            meta = None
            if folder is not None:
                if folder not in sidecars:
                    sidecars[folder], problem = read_sidecar(folder)
                    if problem:
                        self.sidecar_problems[number] = problem
                meta = sidecars[folder].get(name)
            sidecar = (
                None
                if meta is None
                else {"title": meta.title, "source": meta.source, "date": meta.date, "url": meta.url}
            )
            self.inputs.append(
                _Input(
                    path,
                    path if url else os.path.abspath(path),
                    sidecar,
                    "" if sidecar is None else json.dumps(sidecar, sort_keys=True),
                    # A plain file is its own: no lookup for each of 100,000 files.
                    backing_file(path) if url or "#" in path else path,
                )
            )

    def _read_feeds(self, feeds: list[Job]) -> dict[int, Result]:
        """The first round: every feed that must be read, read and recognised (one job each)."""
        results: dict[int, Result] = {}
        if not feeds:
            return results

        def finished(batch: Batch) -> None:
            if self.cancelled is not None and self.cancelled():
                self._stop()
            for number, result in batch:
                results[number] = result
            self.done += len(batch)
            if self.progress:
                self.progress(self.done, len(self.inputs))

        extract_all(feeds, self.gazetteer, pool_size_for(len(feeds), self.workers), finished, self.notices)
        return results

    def _lay_out(
        self, restored: dict[int, list[tuple[str, Entry]]], feeds: dict[int, Result], singles: dict[int, str | None]
    ) -> None:
        """Every article's slot, in input order: restored rows, feed items read now, and one slot
        for each file still to read (the second round)."""
        entries: list[Entry] = []
        for number, source in enumerate(self.inputs):
            self.first_unit.append(len(self.units))
            if number in restored:
                rows = restored[number]
                if len(rows) == 1 and rows[0][0] == source.absolute:
                    self._restore_row(number, source.absolute, rows[0][1])
                else:
                    for at, (key, row) in enumerate(rows, 1):
                        self._restore_row(number, key, row, at)
            elif number in feeds:
                entries.extend(self._take_feed(number, feeds[number]))
            else:
                unit = self._add_unit(number, source.path, source.absolute)
                self.todo.append((unit, source.path, source.sidecar, singles.get(number), False))
        self._store(entries)

    def _add_unit(self, source: int, path: str, absolute: str) -> int:
        self.units.append(_Unit(source, path, absolute))
        self.articles.append(None)
        self.documents.append(None)
        self.recognised_json.append(None)
        self.hashes.append(None)
        return len(self.units) - 1

    def _restore_row(self, number: int, key: str, row: Entry, item: int = 0) -> None:
        source = self.inputs[number]
        path = item_doc(source.path, item) if item else source.path
        unit = self._add_unit(number, path, key)
        if "problem" in row.article:
            self.problems[unit] = Problem(path, str(row.article["problem"]))
            return
        try:
            self.articles[unit] = restore_article(path, row.article)
        except (KeyError, TypeError, ValueError):
            # A row this code cannot read: the article is read again in the second round.
            self.todo.append((unit, path, source.sidecar, None, False))
            return
        self.hashes[unit] = row.hash
        self.stats.cached += 1

    def _take_feed(self, number: int, result: Result) -> list[Entry]:
        """A feed read in the first round: its items into slots, and its rows for the cache."""
        source = self.inputs[number]
        if result[0] == "problem":
            unit = self._add_unit(number, source.path, source.absolute)
            self.problems[unit] = Problem(source.path, result[1])
            self.items_now[number] = 0
            return []
        _, mtime_ns, size, digest, notes, items, stable = result
        self.items_now[number] = len(items)
        self.notes[number] = [Problem(source.path, note) for note in notes]
        entries = []
        known_keys = (
            self._cached_item_keys(number) if any(item[0] == "ok" and item[3] is None for item in items) else {}
        )
        for at, item in enumerate(items, 1):
            path, key = item_doc(source.path, at), item_doc(source.absolute, at)
            unit = self._add_unit(number, path, key)
            if item[0] == "problem":
                self.problems[unit] = Problem(path, item[1])
                record: dict[str, Any] = {"problem": item[1]}
                mention_records: Any = []
                item_hash = ""
            else:
                _, item_hash, record, mention_records = item
                if mention_records is None:  # the same item as one cached: its mentions
                    mention_records = cached_mentions(self.cache, known_keys.get(item_hash, key))
                    if mention_records is None:
                        mention_records = recognised_rows(recognize_file(self.gazetteer, path))
                        self.stats.extracted += 1
                    else:
                        self.stats.cached += 1
                else:
                    self.stats.extracted += 1
                self.articles[unit] = restore_article(path, record)
                if isinstance(mention_records, str):
                    self.recognised_json[unit] = mention_records
                    self.documents[unit] = decode_mentions(json.loads(mention_records))
                else:
                    self.documents[unit] = decode_mentions(mention_records)
                self.hashes[unit] = item_hash if stable else None
            if stable:
                entries.append(self._entry(number, key, mtime_ns, size, item_hash, record, mention_records))
        if stable:
            container = {"items": len(items), "notes": list(notes)}
            entries.append(self._entry(number, source.absolute, mtime_ns, size, digest, container, []))
        return entries

    def _cached_item_keys(self, number: int) -> dict[str, str]:
        """Content hash → cache key of the items of this feed as last cached."""
        source = self.inputs[number]
        count = self.items_before.get(number, 0)
        if self.cache is None or not count:
            return {}
        try:
            rows = self.cache.get_many([item_doc(source.absolute, n) for n in range(1, count + 1)], mentions=False)
        except (CacheCorrupt, CacheUnavailable):
            return {}
        return {row.hash: key for key, row in rows.items() if "problem" not in row.article}

    def _entry(self, number: int, key: str, mtime_ns: int, size: int, digest: str, record: Any, mentions: Any) -> Entry:
        source = self.inputs[number]
        return Entry(key, mtime_ns, size, digest, ENGINE_VERSION, self.gkey, source.sidecar_json, record, mentions)

    def _store(self, entries: list[Entry]) -> None:
        if self.writing and entries and self.cache is not None:
            try:
                self.cache.put_many(entries)
            except (CacheCorrupt, CacheUnavailable) as exc:
                self.notices.append(f"index cache not updated: {exc}")
                self.writing = False

    # ------------------------------------------------------------ extract

    def extract(self) -> None:
        started = time.perf_counter()
        pool_size = pool_size_for(len(self.todo), self.workers)
        self.stats.workers = pool_size
        self.done = len(self.inputs) - len(self.todo)
        self.provisional = (
            Provisional(self.partial, self.articles, self.documents, self.gazetteer)
            if self.partial and len(self.todo) >= extract_module.POOL_THRESHOLD
            else None
        )
        extract_all(self.todo, self.gazetteer, pool_size, self._finish, self.notices)
        self.stats.extract_seconds += time.perf_counter() - started

    def _finish(self, batch: Batch) -> None:
        """One batch of extracted files: into the articles, the mentions and the cache."""
        if self.cancelled is not None and self.cancelled():
            self._stop()
        entries = []
        for number, result in batch:
            unit = self.units[number]
            if result[0] == "problem":
                self.problems[number] = Problem(unit.path, result[1])
                continue
            _, mtime_ns, size, digest, record, mention_records, stable = result
            if mention_records is None:  # same content as cached: keep the cached mentions
                mention_records = cached_mentions(self.cache, unit.absolute)
                if mention_records is None:  # the row went away meanwhile
                    mention_records = recognised_rows(recognize_file(self.gazetteer, unit.path))
                    self.stats.extracted += 1
                else:
                    self.stats.cached += 1
            else:
                self.stats.extracted += 1
            self.articles[number] = restore_article(unit.path, record)
            if isinstance(mention_records, str):
                self.recognised_json[number] = mention_records
                self.documents[number] = decode_mentions(json.loads(mention_records))
            else:
                self.recognised_json[number] = None  # the snapshot encodes these mentions itself
                self.documents[number] = decode_mentions(mention_records)
            self.hashes[number] = digest if stable else None
            if stable:
                entries.append(self._entry(unit.source, unit.absolute, mtime_ns, size, digest, record, mention_records))
        self._store(entries)
        self.done += len(batch)
        if self.progress:
            self.progress(self.done, len(self.inputs))
        if self.provisional is not None:
            self.provisional.offer(self.problems)

    def _stop(self) -> None:
        if self.cache is not None:
            self.cache.close()
        raise IndexCancelled

    # ------------------------------------------------------------ forget deleted files

    def forget_deleted(self) -> None:
        if self.cache is None or not self.writing:
            return
        present = {unit.absolute for unit in self.units} | {source.absolute for source in self.inputs}
        # Named files only: a URL or a named feed item is no folder to look in, and its key no file.
        given = [p for p in paths_given(p for p in self.paths if not _virtual(p))]
        gone: list[str] = []
        for number, before in self.items_before.items():
            now = self.items_now.get(number, before)
            gone.extend(item_doc(self.inputs[number].absolute, n) for n in range(now + 1, before + 1))
        try:
            drop_deleted(self.cache, given, present)
            for path in given:
                # A named feed that went away: its items' rows too.
                folder = absolute(path)
                if not os.path.exists(folder):
                    prefix = folder + "#"
                    gone.extend(p for p in self.cache.paths_under(os.path.dirname(folder)) if p.startswith(prefix))
            self.cache.delete_paths(gone)
        except (CacheCorrupt, CacheUnavailable) as exc:
            self.notices.append(f"index cache not updated: {exc}")
            self.writing = False

    # ------------------------------------------------------------ link

    def link(self) -> Indexed:
        # Problems in the order `load_articles` gives them: discovery, then input by input (its
        # sidecar, what is said of a feed as a whole, then article by article).
        ordered = list(self.discovery_problems)
        starts = {first: number for number, first in enumerate(self.first_unit)}
        for unit in range(len(self.units)):
            if unit in starts:
                number = starts[unit]
                if number in self.sidecar_problems:
                    ordered.append(self.sidecar_problems[number])
                ordered.extend(self.notes.get(number, ()))
            if unit in self.problems:
                ordered.append(self.problems[unit])
        kept = [unit for unit in range(len(self.units)) if self.articles[unit] is not None]
        final_articles: list[Article] = [article for article in self.articles if article is not None]
        if self.cancelled is not None and self.cancelled():
            self._stop()
        started = time.perf_counter()
        cache = self.cache
        corpus = None
        key = None
        if cache is not None and all(self.hashes[n] is not None for n in kept):
            key = snapshot_key(
                self.gkey,
                (
                    (self.units[n].absolute, self.hashes[n] or "", self.inputs[self.units[n].source].sidecar_json)
                    for n in kept
                ),
            )
            corpus = restore_snapshot_of(cache, key, final_articles, self.gazetteer, ordered, self.notices)
            if corpus is not None and self.writing:
                _remember_start(cache, self.paths, self.gkey, key)
        if corpus is None:
            corpus = self._link_anew(kept, final_articles, ordered, key)
            if cache is not None:
                cache.close()
        self.stats.link_seconds = time.perf_counter() - started
        stats = self.stats
        stats.articles = len(final_articles)
        stats.problems = len(ordered)
        stats.mentions = sum(e.count for e in corpus.entities.values())
        stats.entities = len(corpus.entities)
        stats.words = sum(a.words for a in final_articles)
        stats.bytes = sum(a.size for a in final_articles)
        stats.seconds = time.perf_counter() - self.started
        return Indexed(corpus, stats, self.notices)

    def _link_anew(
        self, kept: list[int], final_articles: list[Article], ordered: list[Problem], key: str | None
    ) -> Corpus:
        missing = [n for n in kept if self.documents[n] is None]
        if missing:
            loaded = load_cached_mentions(self.cache, [self.units[n].absolute for n in missing], self.notices)
            for n in missing:
                records = loaded.get(self.units[n].absolute)
                self.documents[n] = (
                    decode_mentions(records)
                    if records is not None
                    else recognize_file(self.gazetteer, self.units[n].path)
                )
        corpus = link_corpus(final_articles, [self.documents[n] or [] for n in kept], self.gazetteer, ordered)
        if key is not None and self.writing and self.cache is not None:
            try:
                save_snapshot(
                    self.cache,
                    key,
                    corpus.mentions,
                    corpus.entities,
                    [[article.path, article_record(article)] for article in final_articles],
                    # A document that linking changed (candidates settled, a type made one across
                    # the corpus) is a new list: its rows are encoded anew, not copied.
                    [
                        self.recognised_json[n] if corpus.mentions[i] is self.documents[n] else None
                        for i, n in enumerate(kept)
                    ],
                )
                corpus.key = key
            except (CacheCorrupt, CacheUnavailable) as exc:
                self.notices.append(f"index cache not updated: {exc}")
            else:
                _remember_start(self.cache, self.paths, self.gkey, key)
        return corpus


def _item_count(row: Entry) -> int:
    """How many items the feed of a container row had (0 for a row of one article)."""
    count = row.article.get("items")
    return count if type(count) is int and 0 < count <= 1_000_000 else 0


def _virtual(path: Path | str) -> bool:
    """A URL or a named feed item: no file of that name is expected to exist."""
    text = os.fsdecode(path)
    return is_url(text) or (split_item(text)[1] is not None and not os.path.lexists(text))


def last_corpus(paths: Iterable[Path | str], gazetteer: Gazetteer, cache_path: Path | None = None) -> Corpus | None:
    """The corpus these paths showed at their last start, straight from the cache and without
    looking at the files: the app shows it at once, then `index_paths` checks the files and
    gives the corpus to keep (the same one, by `key`, when nothing changed). None when there
    is nothing usable to show."""
    with collector.paused():
        return _last_corpus(paths, gazetteer, cache_path)


def _last_corpus(paths: Iterable[Path | str], gazetteer: Gazetteer, cache_path: Path | None) -> Corpus | None:
    cache = Cache(cache_path)
    try:
        cache.open()
        snapshot = cache.find_snapshot("", roots=roots_key(paths, gazetteer_key(gazetteer)), manifest=True)
        if snapshot is None or snapshot.manifest is None:
            cache.close()
            return None
        articles = [restore_article(path, record) for path, record in snapshot.manifest]
        return restore_snapshot(cache, snapshot, articles, gazetteer)
    except (CacheCorrupt, CacheUnavailable, CorpusUnavailable, KeyError, TypeError, ValueError):
        cache.close()
        return None  # index_paths will say what is wrong with the cache


def _remember_start(cache: Cache, paths: Sequence[Path | str], gkey: str, key: str) -> None:
    try:
        cache.remember_start(roots_key(paths, gkey), key)
    except (CacheCorrupt, CacheUnavailable):
        pass  # only the next start's first frame is slower


def load_corpus(
    paths: Iterable[Path | str], gazetteer: Gazetteer | None = None, progress: Progress | None = None, **options: Any
) -> Corpus:
    """`Corpus.load` through the cache; notices go to stderr."""
    result = index_paths(paths, gazetteer, progress=progress, **options)
    for notice in result.notices:
        print(f"reader: {notice}", file=sys.stderr)
    return result.corpus
