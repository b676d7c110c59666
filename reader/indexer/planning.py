"""Planning a run: discover the inputs, and decide from the cache which are fresh (restored from
their rows), which feeds to read first, and which files are left for the second round."""

from __future__ import annotations

import json
import os
from pathlib import Path

from reader.indexer.cache_access import cache_trouble, open_cache
from reader.indexer.extract import Job, Result
from reader.indexer.feed_round import FeedRound
from reader.indexer.inputs import Input, item_count
from reader.ingest.address import is_url, item_doc
from reader.ingest.article import Metadata, Problem
from reader.ingest.discover import discover, sidecar_name
from reader.ingest.metadata import read_sidecar
from reader.ingest.names import fingerprint
from reader.ingest.read import backing_file, holds_many
from reader.store.codec import restore_article
from reader.store.db import CacheCorrupt, CacheUnavailable
from reader.store.file_cache import Entry


class Planning(FeedRound):
    def plan(self, use_cache: bool) -> None:
        # Before anything is read: a file changed while this run reads it then fails the check
        # of the next run's quick path, whichever version this run saw.
        self.stamp = fingerprint(self.paths) if use_cache else None
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
                counts = {key: count for key, row in rows.items() if (count := item_count(row))}
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

    def _current(self, source: Input, row: Entry) -> bool:
        """Whether `row` is what the input's file gives now, so the file need not be read."""
        return self._reusable(source, row) is not None and row.describes(source.sidecar_json, source.info)

    def _reusable(self, source: Input, row: Entry) -> str | None:
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
                Input(
                    path,
                    path if url else os.path.abspath(path),
                    sidecar,
                    "" if sidecar is None else json.dumps(sidecar, sort_keys=True),
                    # A plain file is its own: no lookup for each of 100,000 files.
                    backing_file(path) if url or "#" in path else path,
                )
            )

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
