"""How the indexer uses the cache when it may fail: open it (rebuilding a damaged one), read
rows and snapshots with a one-line notice on trouble, and forget files that are gone."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reader.corpus.corpus import Corpus
from reader.entities.gazetteer import Gazetteer
from reader.ingest.article import Article, Problem
from reader.store.db import CacheCorrupt, CacheUnavailable
from reader.store.file_cache import Cache, Entry
from reader.store.keys import absolute
from reader.store.snapshots import CorpusUnavailable
from reader.store.snapshots import restore as restore_snapshot


def cached_mentions(cache: Cache | None, path: str) -> list[Any] | None:
    if cache is None:
        return None
    try:
        row = cache.get_many([path]).get(path)
    except (CacheCorrupt, CacheUnavailable):
        return None
    return row.mentions if row is not None and isinstance(row.mentions, list) else None


# How many articles' cached mentions are decoded at a time: decoded all at once, the rows of
# 100,000 articles took some 2 GB more than linking them does.
MENTIONS_BATCH = 1_000


def each_cached_mentions(
    cache: Cache | None, paths: list[str], notices: list[str], batch: int | None = None
) -> Iterator[list[Any] | None]:
    """The cached mentions of each of `paths`, in order (None: not cached), decoded `batch`
    (MENTIONS_BATCH) paths at a time. Once the cache fails the rest are None: it is said once,
    and those files are read again."""
    batch = batch or MENTIONS_BATCH
    usable = cache is not None
    for at in range(0, len(paths), batch):
        wanted = paths[at : at + batch]
        rows: dict[str, Entry] = {}
        if cache is not None and usable:
            try:
                rows = cache.get_many(wanted)
            except (CacheCorrupt, CacheUnavailable) as exc:
                notices.append(f"index cache not used ({exc}); reading the files again")
                usable = False
        for path in wanted:
            row = rows.get(path)  # a path can be given twice (a folder named two ways)
            yield row.mentions if row is not None and isinstance(row.mentions, list) else None


def restore_snapshot_of(
    cache: Cache, key: str, articles: list[Article], gazetteer: Gazetteer, problems: list[Problem], notices: list[str]
) -> Corpus | None:
    try:
        snapshot = cache.find_snapshot(key)
        if snapshot is None:
            return None
        return restore_snapshot(cache, snapshot, articles, gazetteer, problems)
    except (CacheCorrupt, CacheUnavailable, CorpusUnavailable) as exc:
        notices.append(f"index snapshot not used ({exc}); linking again")
        return None


def paths_given(paths: Iterable[Path | str]) -> list[Path]:
    return [Path(os.fsdecode(p)) for p in paths]


def open_cache(cache_path: Path | None, notices: list[str]) -> Cache | None:
    cache = Cache(cache_path)
    try:
        return cache.open()
    except CacheCorrupt as exc:
        return rebuild(cache, exc, notices)
    except CacheUnavailable as exc:
        notices.append(f"index cache not used ({exc}); reading every file")
        return None


def rebuild(cache: Cache, exc: Exception, notices: list[str]) -> Cache | None:
    try:
        cache.delete()
        cache.open()
    except (CacheCorrupt, CacheUnavailable) as again:
        notices.append(f"index cache not used ({again}); reading every file")
        return None
    notices.append(f"index cache was damaged ({exc}); rebuilt it")
    return cache


def cache_trouble(cache: Cache, exc: Exception, notices: list[str], cache_path: Path | None) -> Cache | None:
    if isinstance(exc, CacheCorrupt):
        return rebuild(Cache(cache_path), exc, notices)
    cache.close()
    notices.append(f"index cache not used ({exc}); reading every file")
    return None


def drop_deleted(cache: Cache, given: list[Path], present: set[str]) -> int:
    """Forget cached files that were under an indexed folder (or named) and are gone."""
    gone: list[str] = []
    for path in given:
        folder = absolute(path)
        if os.path.isdir(folder):
            gone.extend(p for p in cache.paths_under(folder) if p not in present and not os.path.exists(p))
        elif not os.path.exists(folder):
            gone.append(folder)
    return cache.delete_paths(gone)
