"""Paths → a `Corpus`, through the extraction cache and a process pool.

    result = index_paths(paths, gazetteer, progress=callback)
    result.corpus, result.stats, result.notices

For every article file: if the cache holds a row with the same size and mtime, made by the
same engine, gazetteer and sidecar metadata, the article comes from the row and the file is
not read (its text is read when the article is opened). Otherwise the file is read; a file
whose content hash is unchanged (touched, copied back) keeps its cached mentions; others are
recognised (see `reader.indexer.extract`).

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
from reader.indexer.extract import Batch, IndexCancelled, Job, extract_all, pool_size_for, recognize_file
from reader.indexer.provisional import Provisional
from reader.ingest.article import Article, Metadata, Problem
from reader.ingest.discover import discover
from reader.ingest.metadata import read_sidecar
from reader.store.codec import article_record, decode_mentions, recognised_rows, restore_article
from reader.store.db import CacheCorrupt, CacheUnavailable
from reader.store.file_cache import ENGINE_VERSION, Cache, Entry, gazetteer_key
from reader.store.keys import roots_key, snapshot_key
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
class _FileJob:
    path: str
    absolute: str
    sidecar: dict[str, str] | None
    sidecar_json: str  # "" for none


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
    """
    with collector.paused():
        run = _Run(list(paths), gazetteer, progress, partial, cache_path, workers, cancelled)
        run.plan(use_cache)
        run.extract()
        run.forget_deleted()
        return run.link()


class _Run:
    """One indexing run, step by step: plan (what the cache already holds), extract (read and
    recognise the rest), forget deleted files, link (or restore the stored linked corpus)."""

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
        self.jobs: list[_FileJob] = []
        self.discovery_problems: list[Problem] = []
        self.sidecar_problems: dict[int, Problem] = {}
        self.problems: dict[int, Problem] = {}
        self.articles: list[Article | None] = []
        self.documents: list[list[Mention] | None] = []  # None for cached rows until needed
        # The JSON of the mentions recognised now, as the workers sent it: the snapshot stores it as is.
        self.recognised_json: list[str | None] = []
        self.hashes: list[str | None] = []
        self.todo: list[Job] = []
        self.stats = IndexStats()

    # ------------------------------------------------------------ plan

    def plan(self, use_cache: bool) -> None:
        self._discover()
        total = len(self.jobs)
        self.stats.files = total
        self.articles = [None] * total
        self.documents = [None] * total
        self.recognised_json = [None] * total
        self.hashes = [None] * total
        self.cache = open_cache(self.cache_path, self.notices) if use_cache else None
        rows: dict[str, Entry] = {}
        if self.cache is not None:
            try:
                rows = self.cache.get_many((job.absolute for job in self.jobs), mentions=False)
            except (CacheCorrupt, CacheUnavailable) as exc:
                self.cache = cache_trouble(self.cache, exc, self.notices, self.cache_path)
        self.writing = self.cache is not None
        for number, job in enumerate(self.jobs):
            row = rows.get(job.absolute)
            known = None
            if row is not None:
                known = row.reusable_hash(self.gkey, job.sidecar_json, (job.sidecar or {}).get("date", ""))
            if known is not None and row is not None and row.sidecar == job.sidecar_json:
                restored = self._restore(number, row)
                if restored:
                    continue
                if restored is None:
                    known = None  # a row this code cannot read: recognise again
            self.todo.append((number, job.path, job.sidecar, known))
        if self.progress:
            self.progress(total - len(self.todo), total)

    def _discover(self) -> None:
        found = discover(self.paths)
        self.discovery_problems = found.problems
        sidecars: dict[Path, dict[str, Metadata]] = {}
        for number, file in enumerate(found.files):
            folder = file.parent
            if folder not in sidecars:
                sidecars[folder], problem = read_sidecar(folder)
                if problem:
                    self.sidecar_problems[number] = problem
            meta = sidecars[folder].get(file.name)
            sidecar = (
                None
                if meta is None
                else {"title": meta.title, "source": meta.source, "date": meta.date, "url": meta.url}
            )
            self.jobs.append(
                _FileJob(
                    str(file),
                    os.path.abspath(file),
                    sidecar,
                    "" if sidecar is None else json.dumps(sidecar, sort_keys=True),
                )
            )

    def _restore(self, number: int, row: Entry) -> bool | None:
        """The article straight from its row, when the row is the file as it is now (True); False
        when the file changed, None when the row cannot be read."""
        path = self.jobs[number].path
        try:
            info: os.stat_result | None = os.stat(path)
        except OSError:
            info = None
        if not row.describes(self.jobs[number].sidecar_json, info):
            return False
        try:
            self.articles[number] = restore_article(path, row.article)
        except (KeyError, TypeError, ValueError):
            return None
        self.hashes[number] = row.hash
        self.stats.cached += 1
        return True

    # ------------------------------------------------------------ extract

    def extract(self) -> None:
        started = time.perf_counter()
        total = len(self.jobs)
        pool_size = pool_size_for(len(self.todo), self.workers)
        self.stats.workers = pool_size
        self.done = total - len(self.todo)
        self.provisional = (
            Provisional(self.partial, self.articles, self.documents, self.gazetteer)
            if self.partial and len(self.todo) >= extract_module.POOL_THRESHOLD
            else None
        )
        extract_all(self.todo, self.gazetteer, pool_size, self._finish, self.notices)
        self.stats.extract_seconds = time.perf_counter() - started

    def _finish(self, batch: Batch) -> None:
        """One batch of extracted files: into the articles, the mentions and the cache."""
        if self.cancelled is not None and self.cancelled():
            self._stop()
        entries = []
        for number, result in batch:
            job = self.jobs[number]
            if result[0] == "problem":
                self.problems[number] = Problem(job.path, result[1])
                continue
            _, mtime_ns, size, digest, record, mention_records, stable = result
            if mention_records is None:  # same content as cached: keep the cached mentions
                mention_records = cached_mentions(self.cache, job.absolute)
                if mention_records is None:  # the row went away meanwhile
                    mention_records = recognised_rows(recognize_file(self.gazetteer, job.path))
                    self.stats.extracted += 1
                else:
                    self.stats.cached += 1
            else:
                self.stats.extracted += 1
            self.articles[number] = restore_article(job.path, record)
            if isinstance(mention_records, str):
                self.recognised_json[number] = mention_records
                self.documents[number] = decode_mentions(json.loads(mention_records))
            else:
                self.recognised_json[number] = None  # the snapshot encodes these mentions itself
                self.documents[number] = decode_mentions(mention_records)
            self.hashes[number] = digest if stable else None
            if stable:
                entries.append(
                    Entry(
                        job.absolute,
                        mtime_ns,
                        size,
                        digest,
                        ENGINE_VERSION,
                        self.gkey,
                        job.sidecar_json,
                        record,
                        mention_records,
                    )
                )
        if self.writing and entries and self.cache is not None:
            try:
                self.cache.put_many(entries)
            except (CacheCorrupt, CacheUnavailable) as exc:
                self.notices.append(f"index cache not updated: {exc}")
                self.writing = False
        self.done += len(batch)
        if self.progress:
            self.progress(self.done, len(self.jobs))
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
        try:
            drop_deleted(self.cache, paths_given(self.paths), {job.absolute for job in self.jobs})
        except (CacheCorrupt, CacheUnavailable) as exc:
            self.notices.append(f"index cache not updated: {exc}")
            self.writing = False

    # ------------------------------------------------------------ link

    def link(self) -> Indexed:
        # Problems in the order `load_articles` gives them: discovery, then file by file.
        ordered = list(self.discovery_problems)
        for number in range(len(self.jobs)):
            if number in self.sidecar_problems:
                ordered.append(self.sidecar_problems[number])
            if number in self.problems:
                ordered.append(self.problems[number])
        kept = [number for number in range(len(self.jobs)) if self.articles[number] is not None]
        final_articles: list[Article] = [article for article in self.articles if article is not None]
        if self.cancelled is not None and self.cancelled():
            self._stop()
        started = time.perf_counter()
        cache = self.cache
        corpus = None
        key = None
        if cache is not None and all(self.hashes[n] is not None for n in kept):
            key = snapshot_key(
                self.gkey, ((self.jobs[n].absolute, self.hashes[n] or "", self.jobs[n].sidecar_json) for n in kept)
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
            loaded = load_cached_mentions(self.cache, [self.jobs[n].absolute for n in missing], self.notices)
            for n in missing:
                records = loaded.get(self.jobs[n].absolute)
                self.documents[n] = (
                    decode_mentions(records)
                    if records is not None
                    else recognize_file(self.gazetteer, self.jobs[n].path)
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
