"""The second round of a run: the files left to read, through the worker pool, and each batch's
results into the articles, their mentions and the cache."""

from __future__ import annotations

import json
import time

import reader.indexer.extract as extract_module
from reader.indexer.cache_access import cached_mentions
from reader.indexer.extract import Batch, extract_all, pool_size_for, recognize_file
from reader.indexer.provisional import Provisional
from reader.indexer.run_state import RunState
from reader.ingest.article import Problem
from reader.store.codec import recognised_rows, restore_article


class Extraction(RunState):
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
            _, mtime_ns, size, digest, record, mention_records, stable, text = result
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
            # Packed, and the JSON let go: the cache row keeps it.
            sent = isinstance(mention_records, str)
            self.documents[number] = self.packer.rows(json.loads(mention_records) if sent else mention_records)
            self.sent[number] = sent
            self.hashes[number] = digest if stable else None
            if stable:
                entries.append(
                    self._entry(unit.source, unit.absolute, mtime_ns, size, digest, record, mention_records, text)
                )
        self._store(entries)
        self.done += len(batch)
        if self.progress:
            self.progress(self.done, len(self.inputs))
        if self.provisional is not None:
            self.provisional.offer(self.problems)
