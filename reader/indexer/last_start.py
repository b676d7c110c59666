"""The corpus of the last start: remembered for these paths after linking, shown at once at the next."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader import collector
from reader.config import corrections_identity_now
from reader.corpus.corpus import Corpus
from reader.ingest.names import fingerprint
from reader.store.codec import each_row, restore_manifest_row
from reader.store.db import CacheCorrupt, CacheUnavailable
from reader.store.file_cache import Cache, gazetteer_key
from reader.store.keys import quick_roots_key, roots_key
from reader.store.snapshots import CorpusUnavailable
from reader.store.snapshots import restore as restore_snapshot

if TYPE_CHECKING:
    from reader.entities.gazetteer import Gazetteer


def last_corpus(paths: Iterable[Path | str], gazetteer: Gazetteer, cache_path: Path | None = None) -> Corpus | None:
    """The corpus these paths showed at their last start, straight from the cache and without
    looking at the files: the app shows it at once, then `index_paths` checks the files and
    gives the corpus to keep (the same one, by `key`, when nothing changed). None when there
    is nothing usable to show."""
    with collector.paused():
        return _last_corpus(paths, gazetteer, cache_path)


def last_corpus_before_the_gazetteer(paths: Sequence[Path | str], cache_path: Path | None = None) -> Corpus | None:
    """`last_corpus`, found by the corrections file's bytes rather than by a loaded gazetteer
    (see `remember_start`): the app shows it before it loads one, which the first frame does
    not need. Its `gazetteer` is None until the caller sets it; None when there is nothing to
    show (or the corrections file cannot be read)."""
    origin = corrections_identity_now()
    if origin is None:
        return None
    with collector.paused():
        return _last_corpus(paths, None, cache_path, quick_roots_key(paths, origin))


def _last_corpus(
    paths: Iterable[Path | str], gazetteer: Gazetteer | None, cache_path: Path | None, roots: str | None = None
) -> Corpus | None:
    cache = Cache(cache_path)
    try:
        cache.open()
        if roots is None:
            assert gazetteer is not None
            roots = roots_key(paths, gazetteer_key(gazetteer))
        snapshot = cache.find_snapshot("", roots=roots, manifest=True)
        if snapshot is None or snapshot.manifest is None:
            cache.close()
            return None
        shared: dict[str, str] = {}
        try:
            # Decoded a chunk of rows at a time (a large folder's manifest decoded at once was as much
            # memory again as its articles).
            articles = [restore_manifest_row(row, shared) for row in each_row(snapshot.manifest)]
        except (ValueError, TypeError):
            cache.drop_snapshot(snapshot.id)  # damaged: a start that found it again would read the same
            raise
        return restore_snapshot(cache, snapshot, articles, gazetteer)
    except (CacheCorrupt, CacheUnavailable, CorpusUnavailable, KeyError, TypeError, ValueError):
        cache.close()
        return None  # index_paths will say what is wrong with the cache


def unchanged_since_last_start(
    paths: Sequence[Path | str], gazetteer: Gazetteer, cache_path: Path | None = None, roots: str | None = None
) -> bool:
    """Whether one look at the folders (names, sizes and mtimes: `fingerprint`) shows that
    nothing changed since the last run on these paths, and that run had no problem or notice to
    report: then its stored corpus is what `index_paths` would give, without reading a file.
    `roots` is the start's key when it is not the gazetteer's (`quick_roots_key`)."""
    stamp = fingerprint(paths)
    if stamp is None:
        return False
    cache = Cache(cache_path)
    try:
        cache.open()
        return cache.start_stamp(roots or roots_key(paths, gazetteer_key(gazetteer))) == stamp
    except (CacheCorrupt, CacheUnavailable):
        return False
    finally:
        cache.close()


def unchanged_corpus_before_the_gazetteer(paths: Sequence[Path | str], cache_path: Path | None = None) -> Corpus | None:
    """`unchanged_corpus`, found by the corrections file's bytes rather than by a loaded gazetteer
    (as `reader search` finds its answers): `reader entities` and `compare` need none to list or
    compare what was stored. Its `gazetteer` is None until the caller sets one."""
    origin = corrections_identity_now()
    if origin is None:
        return None
    roots = quick_roots_key(paths, origin)
    with collector.paused():
        if not unchanged_since_last_start(paths, None, cache_path, roots):  # type: ignore[arg-type]
            return None
        return _last_corpus(paths, None, cache_path, roots)


def unchanged_corpus(
    paths: Sequence[Path | str], gazetteer: Gazetteer, cache_path: Path | None = None
) -> Corpus | None:
    """The corpus of the last run on these paths when nothing changed since (see
    `unchanged_since_last_start`), at a fraction of `index_paths`'s cost; else None."""
    with collector.paused():
        if not unchanged_since_last_start(paths, gazetteer, cache_path):
            return None
        return _last_corpus(paths, gazetteer, cache_path)


def remember_start(
    cache: Cache, paths: Sequence[Path | str], gkey: str, key: str, stamp: str = "", origin: str | None = None
) -> None:
    """Which snapshot these paths showed (see `Cache.remember_start`); with the gazetteer's
    `origin` (the corrections file it was loaded with), also under the key that `reader search`
    (`reader.cli.quick`, with a `stamp` only) and the app's first frame look it up by without
    loading a gazetteer."""
    try:
        cache.remember_start(roots_key(paths, gkey), key, stamp)
        if origin is not None:
            cache.remember_start(quick_roots_key(paths, origin), key, stamp)
    except (CacheCorrupt, CacheUnavailable):
        pass  # only the next start's first frame is slower
