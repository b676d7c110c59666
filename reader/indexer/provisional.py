"""Corpora of the articles read so far, offered while a long extraction runs, so that the app
can be used before indexing ends."""

from __future__ import annotations

import time
from collections.abc import Callable

from reader.corpus.build import link_packed_corpus
from reader.corpus.corpus import Corpus
from reader.entities.gazetteer import Gazetteer
from reader.entities.packed import Packed
from reader.ingest.article import Article, Problem


class Provisional:
    """Corpora of the articles read so far, offered to `partial` while a long extraction runs:
    the first after a second, then each time the count has doubled, so the extra linking costs
    at most as much as the final one. None once a third of the files are read: the final corpus
    is then no further away than twice the time already spent, and the last provisional corpus
    is held in memory beside it while it is linked (with half, a first start of 100,000 articles
    peaked at 1,010 MB; with a third, 966 MB). Only the unbroken run of finished files from the
    start is offered, so an article keeps its index from one corpus to the next."""

    def __init__(
        self,
        callback: Callable[[Corpus], None],
        articles: list[Article | None],
        documents: list[Packed | None],
        gazetteer: Gazetteer,
        *,
        wait: float = 1.0,
        offers: int | None = None,
    ) -> None:
        """The first corpus is offered `wait` seconds from now at the earliest, and `offers` at
        most (None: until a third are read)."""
        self.callback = callback
        self.articles = articles
        self.documents = documents
        self.gazetteer = gazetteer
        self.started = time.perf_counter()
        self.wait = wait
        self.offers_left = offers
        self.prefix = 0
        self.offered = 0

    def offer(self, problems: dict[int, Problem]) -> None:
        while self.prefix < len(self.articles) and (self.documents[self.prefix] is not None or self.prefix in problems):
            self.prefix += 1
        if 3 * self.prefix > len(self.articles) or self.offers_left == 0:
            return
        if not self.offered and time.perf_counter() - self.started < self.wait:
            return
        ready = [n for n in range(self.prefix) if self.documents[n] is not None]
        if not ready or (self.offered and len(ready) < 2 * self.offered):
            return
        self.offered = len(ready)
        if self.offers_left is not None:
            self.offers_left -= 1
        # Packed, as the final corpus is: linking leaves the articles as recognised as they are
        # (the final linking starts from them), and a corpus of half a large folder's mentions as
        # objects was held beside the final one while it was linked.
        documents = [packed for n in ready if (packed := self.documents[n]) is not None]
        articles = [self.articles[n] for n in ready]
        corpus, _ = link_packed_corpus([a for a in articles if a is not None], documents, self.gazetteer)
        self.callback(corpus)
