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

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from reader import collector
from reader.corpus.corpus import Corpus
from reader.entities.gazetteer import Gazetteer
from reader.indexer.extract import IndexCancelled
from reader.indexer.extraction import Extraction
from reader.indexer.last_start import last_corpus
from reader.indexer.linking import Linking
from reader.indexer.planning import Planning
from reader.indexer.results import Indexed, IndexStats
from reader.indexer.run_state import Progress
from reader.store.file_cache import ENGINE_VERSION, Entry

__all__ = ["IndexCancelled", "IndexStats", "Indexed", "index_paths", "last_corpus", "load_corpus"]


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


class _Run(Planning, Extraction, Linking):
    """One indexing run, step by step: plan (what the cache already holds; feeds read), extract
    (read and recognise the rest), forget deleted files, link (or restore the stored linked
    corpus)."""

    # Here, with ENGINE_VERSION bound in this module: the version every row of this run is stamped with.
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
        source = self.inputs[number]
        sidecar = source.sidecar_json
        return Entry(key, mtime_ns, size, digest, ENGINE_VERSION, self.gkey, sidecar, record, mentions, text)


def load_corpus(
    paths: Iterable[Path | str], gazetteer: Gazetteer | None = None, progress: Progress | None = None, **options: Any
) -> Corpus:
    """`Corpus.load` through the cache; notices go to stderr."""
    result = index_paths(paths, gazetteer, progress=progress, **options)
    for notice in result.notices:
        print(f"reader: {notice}", file=sys.stderr)
    return result.corpus
