"""Entity search on every core: the results of `Corpus.search`, sooner on big alias tables.

`Corpus.search` spends nearly all its time in one call: rapidfuzz's WRatio of the query
against every name and alias (15,000 of them at 10,000 articles: ~12 ms), which holds the
GIL, so threads do not help, and `cdist(workers=…)` needs NumPy, which reader does not
depend on. `SearchIndex` splits the alias table into slices: this process scores the first
slice while helper processes (started once, holding their slice) score the others; the
shortlists are merged in `process.extract`'s order (score, then table order), so the
shortlist, and therefore the re-ranked result, is exactly `Corpus.search`'s.

Small tables (under `PARALLEL_FROM` aliases) are searched in this process only.
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.connection import Connection

from rapidfuzz import fuzz, process

from reader.entities.normalize import search_form
from reader.index import MIN_SCORE, Corpus, EntityHit, rank_score

PARALLEL_FROM = 4000


def _serve(connection: Connection, choices: list[str]) -> None:
    """A helper process: WRatio shortlists of its slice, until told to stop (None)."""
    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        if request is None:
            return
        form, limit = request
        connection.send([(score, index) for _, score, index in
                         process.extract(form, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=MIN_SCORE)])


class SearchIndex:
    def __init__(self, corpus: Corpus, workers: int | None = None) -> None:
        self.corpus = corpus
        self.choices = corpus._choices
        self.owners = corpus._choice_entities
        parts = workers or min(os.cpu_count() or 1, 4)
        if len(self.choices) < PARALLEL_FROM:
            parts = 1
        size = -(-len(self.choices) // parts) if self.choices else 0
        self._slices = [(at, self.choices[at : at + size]) for at in range(0, len(self.choices), size)] if size else []
        self._helpers: list[tuple[multiprocessing.Process, Connection, int]] = []
        context = multiprocessing.get_context("spawn")
        for offset, choices in self._slices[1:]:
            mine, theirs = context.Pipe()
            helper = context.Process(target=_serve, args=(theirs, choices), daemon=True)
            helper.start()
            theirs.close()
            self._helpers.append((helper, mine, offset))

    def close(self) -> None:
        for helper, connection, _ in self._helpers:
            try:
                connection.send(None)
                connection.close()
            except OSError:
                pass
            helper.join(timeout=1)
            if helper.is_alive():
                helper.terminate()
        self._helpers = []

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def shortlist(self, form: str, limit: int) -> list[tuple[str, float, int]]:
        """`process.extract(form, choices, WRatio, limit, score_cutoff=MIN_SCORE)`, on every core."""
        if not self._slices:
            return []
        for _, connection, _ in self._helpers:
            connection.send((form, limit))
        merged = [(score, index) for _, score, index in
                  process.extract(form, self._slices[0][1], scorer=fuzz.WRatio, limit=limit, score_cutoff=MIN_SCORE)]
        for _, connection, offset in self._helpers:
            merged.extend((score, index + offset) for score, index in connection.recv())
        merged.sort(key=lambda item: (-item[0], item[1]))
        return [(self.choices[index], score, index) for score, index in merged[:limit]]

    def search(self, query: str, limit: int = 20) -> list[EntityHit]:
        """Exactly `Corpus.search(query, limit)`."""
        form = search_form(query)[:200]
        if not form:
            return []
        entities = self.corpus.entities
        best: dict[str, EntityHit] = {}
        for choice, _, index in self.shortlist(form, max(limit * 10, 200)):
            score = rank_score(form, choice)
            if score < MIN_SCORE:
                continue
            exact_bonus = 2.0 if choice == form else 0.0
            for name, surface in self.owners[index]:
                hit = best.get(name)
                if hit is None or score + exact_bonus > hit.score:
                    best[name] = EntityHit(entities[name], score + exact_bonus, surface)
        ranked = sorted(best.values(), key=lambda h: (-h.score, -fuzz.ratio(form, search_form(h.matched)),
                                                       -h.entity.count, h.entity.name))
        for hit in ranked:
            hit.score = min(hit.score, 100.0)
        return ranked[:limit]
