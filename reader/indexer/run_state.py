"""The state one indexing run carries from step to step, and what every step shares:
adding an article slot, writing rows to the cache, stopping when cancelled."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.corpus.corpus import Corpus
from reader.entities.gazetteer import Gazetteer, load_user_gazetteer
from reader.entities.packed import Packed, Packer
from reader.indexer.extract import IndexCancelled, Job
from reader.indexer.inputs import Input, Unit
from reader.indexer.provisional import Provisional
from reader.indexer.results import IndexStats
from reader.ingest.article import Article, Problem
from reader.store.db import CacheCorrupt, CacheUnavailable
from reader.store.file_cache import Cache, Entry, gazetteer_key

Progress = Callable[[int, int], None]


class RunState(ABC):
    """What an indexing run knows so far; the steps (see `reader.indexer.pipeline`) add to it."""

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
        self.inputs: list[Input] = []
        self.units: list[Unit] = []
        self.first_unit: list[int] = []  # per input: its first unit
        self.discovery_problems: list[Problem] = []
        self.sidecar_problems: dict[int, Problem] = {}  # by input
        self.notes: dict[int, list[Problem]] = {}  # by input: about a feed as a whole
        self.problems: dict[int, Problem] = {}  # by unit
        self.articles: list[Article | None] = []
        # Each article's recognised mentions, packed (None for cached rows until needed): a first
        # index of 100,000 articles holds millions of them.
        self.documents: list[Packed | None] = []
        self.packer = Packer()
        # Whether they came as JSON a worker made now: the snapshot stores that text as it was
        # sent (made again from the packed rows), where others' rows are encoded as linked.
        self.sent: list[bool] = []
        self.hashes: list[str | None] = []
        self.todo: list[Job] = []
        # Feeds read now: their item count before and now (the rows past the new count are dropped).
        self.items_before: dict[int, int] = {}
        self.items_now: dict[int, int] = {}
        self.done = 0
        self.provisional: Provisional | None = None
        self.stats = IndexStats()
        self.stamp: str | None = None  # the files' fingerprint as planning found them

    def _add_unit(self, source: int, path: str, absolute: str) -> int:
        self.units.append(Unit(source, path, absolute))
        self.articles.append(None)
        self.documents.append(None)
        self.sent.append(False)
        self.hashes.append(None)
        return len(self.units) - 1

    @abstractmethod
    def _entry(
        self,
        number: int,
        key: str,
        mtime_ns: int,
        size: int,
        digest: str,
        record: Any,
        mentions: Any,
        text: bytes | None = None,
    ) -> Entry:
        """The cache row of an article or feed of input `number`, stamped with the engine version."""

    def _store(self, entries: list[Entry]) -> None:
        if self.writing and entries and self.cache is not None:
            try:
                self.cache.put_many(entries)
            except (CacheCorrupt, CacheUnavailable) as exc:
                self.notices.append(f"index cache not updated: {exc}")
                self.writing = False

    def _stop(self) -> None:
        if self.cache is not None:
            self.cache.close()
        raise IndexCancelled
