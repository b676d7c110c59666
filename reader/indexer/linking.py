"""The last steps of a run: forget the rows of deleted files, then link the articles (or restore
the stored linked corpus) and save the result as the snapshot for next time."""

from __future__ import annotations

import os
import time

import reader.indexer.extract as extract_module
from reader.corpus.build import link_packed_corpus
from reader.corpus.corpus import Corpus
from reader.corpus.search import search_forms
from reader.entities.packed import Packer
from reader.indexer.cache_access import drop_deleted, each_cached_mentions, paths_given, restore_snapshot_of
from reader.indexer.extract import recognize_file
from reader.indexer.inputs import is_virtual
from reader.indexer.last_start import remember_start
from reader.indexer.provisional import Provisional
from reader.indexer.results import Indexed
from reader.indexer.run_state import RunState
from reader.ingest.address import item_doc
from reader.ingest.article import Article, Problem
from reader.store.codec import encode, manifest_row
from reader.store.db import CacheCorrupt, CacheUnavailable
from reader.store.keys import absolute, snapshot_key
from reader.store.snapshots import save as save_snapshot

# How many articles are unpacked from the cache between two looks at whether to stop or offer a
# provisional corpus.
OFFER_EVERY = 1_000


class Linking(RunState):
    def forget_deleted(self) -> None:
        if self.cache is None or not self.writing:
            return
        present = {unit.absolute for unit in self.units} | {source.absolute for source in self.inputs}
        # Named files only: a URL or a named feed item is no folder to look in, and its key no file.
        given = [p for p in paths_given(p for p in self.paths if not is_virtual(p))]
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
                    (
                        self.units[n].path,
                        self.units[n].absolute,
                        self.hashes[n] or "",
                        self.inputs[self.units[n].source].sidecar_json,
                    )
                    for n in kept
                ),
            )
            corpus = restore_snapshot_of(cache, key, final_articles, self.gazetteer, ordered, self.notices)
            if corpus is not None and self.writing:
                remember_start(cache, self.paths, self.gkey, key, self._stamp_for(ordered), self.gazetteer.origin)
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

    def _stamp_for(self, problems: list[Problem]) -> str:
        """The fingerprint to remember with this start: only when the snapshot is the whole answer
        (no problem or notice to say again), so the quick path never hides one."""
        return (self.stamp or "") if not problems and not self.notices else ""

    def _link_anew(
        self, kept: list[int], final_articles: list[Article], ordered: list[Problem], key: str | None
    ) -> Corpus:
        missing = [n for n in kept if self.documents[n] is None]
        # Every file from the cache and linked anew (a new link version, after an upgrade): at
        # 100,000 articles that is a minute, with nothing to show until it ends. So the first
        # thousand articles are offered at once, linked among themselves; once only, as each
        # offer is linked on top of the whole.
        provisional = None
        offered = self.provisional is not None and self.provisional.offered > 0  # while files were read
        if self.partial is not None and not offered and len(missing) >= extract_module.POOL_THRESHOLD:
            provisional = Provisional(self.partial, self.articles, self.documents, self.gazetteer, wait=0, offers=1)
        cached = each_cached_mentions(self.cache, [self.units[n].absolute for n in missing], self.notices)
        for done, (n, records) in enumerate(zip(missing, cached), 1):
            self.documents[n] = (
                self.packer.rows(records)
                if records is not None
                else self.packer.mentions(recognize_file(self.gazetteer, self.units[n].path))
            )
            if done % OFFER_EVERY == 0:
                if self.cancelled is not None and self.cancelled():
                    self._stop()
                if provisional is not None:
                    provisional.offer(self.problems)
        self.provisional = None
        documents = [packed for n in kept if (packed := self.documents[n]) is not None]
        # What planning and extraction kept of each input is not needed from here on.
        self.inputs, self.units, self.todo, self.hashes = [], [], [], []
        # Only here from now on: the store of the articles as recognised goes once linking has
        # settled them into one of its own.
        for n in kept:
            self.documents[n] = None
        self.packer = Packer()
        corpus, changed = link_packed_corpus(final_articles, documents, self.gazetteer, ordered)
        # The rows as a worker sent them, of the articles linking left as they were (a document
        # that linking changed, candidates settled or a type made one across the corpus, has
        # its rows encoded anew as linked, as every cached one has).
        records = [
            encode(documents[i].rows()) if self.sent[n] and i not in changed else None for i, n in enumerate(kept)
        ]
        documents = []  # nor these any more
        if key is not None and self.writing and self.cache is not None:
            # Made here, once, and kept with the snapshot: every later search of these files,
            # `reader search` above all, starts from them instead of from every name.
            forms = search_forms(corpus.entities, self.gazetteer)
            corpus.stored_search_forms = lambda: forms
            try:
                save_snapshot(
                    self.cache,
                    key,
                    corpus.mentions,
                    corpus.entities,
                    [manifest_row(article) for article in final_articles],
                    records,
                    forms,
                )
                corpus.key = key
            except (CacheCorrupt, CacheUnavailable) as exc:
                self.notices.append(f"index cache not updated: {exc}")
            else:
                remember_start(self.cache, self.paths, self.gkey, key, self._stamp_for(ordered), self.gazetteer.origin)
        return corpus
