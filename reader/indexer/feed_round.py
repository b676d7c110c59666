"""The first round of a run: the feeds that must be read, read and recognised, and their items laid out."""

from __future__ import annotations

import json
from typing import Any

from reader.indexer.cache_access import cached_mentions
from reader.indexer.extract import Batch, Job, Result, extract_all, pool_size_for, recognize_file
from reader.indexer.run_state import RunState
from reader.ingest.address import item_doc
from reader.ingest.article import Problem
from reader.store.codec import recognised_rows, restore_article
from reader.store.db import CacheCorrupt, CacheUnavailable
from reader.store.file_cache import Entry


class FeedRound(RunState):
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
                text = None
            else:
                _, item_hash, record, mention_records, text = item
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
                sent = isinstance(mention_records, str)
                self.documents[unit] = self.packer.rows(json.loads(mention_records) if sent else mention_records)
                self.sent[unit] = sent
                self.hashes[unit] = item_hash if stable else None
            if stable:
                entries.append(self._entry(number, key, mtime_ns, size, item_hash, record, mention_records, text))
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
