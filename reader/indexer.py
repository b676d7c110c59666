"""Paths → a `Corpus`, through the extraction cache and a process pool.

    result = index_paths(paths, gazetteer, progress=callback)
    result.corpus, result.stats, result.notices

For every article file: if the cache holds a row with the same size and mtime, made by the
same engine, gazetteer and sidecar metadata, the article comes from the row and the file is
not read (its text is read when the article is opened). Otherwise the file is read; a file
whose content hash is unchanged (touched, copied back) keeps its cached mentions; others are
recognised. Cold indexing of many files runs on every core (one Gazetteer and Recognizer per
worker, built once); small batches run in this process.

Then linking: when the cache holds a snapshot of exactly these files (see
`reader.stored_corpus`), the corpus is restored from it without reading any mention; else every
article's cached or new mentions are linked, as `Corpus.build` does, and the result is stored
as the snapshot for next time. Either way the corpus is the one `Corpus.load` would give.

Rows of files that went away from an indexed folder are dropped. The cache never decides
anything the files do not: when it cannot be used, indexing goes on without it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader import collector
from reader.articles import (Article, ArticleError, Metadata, Problem, discover, load_article, read_article,
                             read_sidecar)
from reader.cache import (ENGINE_VERSION, Cache, CacheCorrupt, CacheUnavailable, Entry, content_hash,
                          gazetteer_key)
from reader.entities.gazetteer import Gazetteer
from reader.entities.model import Mention, recognised_rows
from reader.index import Corpus
from reader.sanitize import safe_text
from reader.stored_corpus import CorpusUnavailable, roots_key, snapshot_key
from reader.stored_corpus import restore as restore_snapshot
from reader.stored_corpus import save as save_snapshot

Progress = Callable[[int, int], None]

# Below this many files to read, a pool costs more (interpreter start-up) than it saves.
POOL_THRESHOLD = 200
MAX_CHUNK = 128



@dataclass(slots=True)
class IndexStats:
    files: int = 0  # article files found
    articles: int = 0  # of which readable
    cached: int = 0  # restored from the cache without recognition
    extracted: int = 0  # recognised now
    problems: int = 0
    mentions: int = 0
    entities: int = 0
    words: int = 0
    bytes: int = 0
    workers: int = 1
    seconds: float = 0.0
    extract_seconds: float = 0.0  # reading and recognising (the pool's time)
    link_seconds: float = 0.0

    def line(self) -> str:
        return (f"{self.articles} files ({self.cached} cached, {self.extracted} read), {self.words} words, "
                f"{self.mentions} mentions, {self.entities} entities, {self.problems} skipped, {self.seconds:.2f} s")


@dataclass(slots=True)
class Indexed:
    corpus: Corpus
    stats: IndexStats
    notices: list[str] = field(default_factory=list)  # one line each: cache trouble, corrections ignored


# ---------------------------------------------------------------- per-file work (also in workers)

_recognizer = None


def _recognizer_for(gazetteer: Gazetteer):
    # Imported when recognition is needed: a warm start (the app's, `reader search`) needs none.
    from reader.entities.recognize import Recognizer

    return Recognizer(gazetteer)


def _init_worker(entries, corrections, priority) -> None:
    global _recognizer
    _recognizer = _recognizer_for(Gazetteer(entries, corrections, priority))


def _article_record(article: Article) -> dict:
    return {"title": article.title, "source": article.source, "date": article.date, "url": article.url,
            "encoding": article.encoding, "debris": [list(r) for r in article.debris],
            "body_start": article.body_start, "title_span": list(article.title_span),
            "size": article.size, "words": article.words}


def _recognize(recognizer, article: Article) -> list[Mention]:
    return recognizer.recognize(article.safe, article.debris, article.date)


def _extract(path: str, sidecar: dict | None, known_hash: str | None, recognizer) -> tuple:
    """Read and recognise one file.

    ("problem", reason) or ("ok", mtime_ns, size, hash, article record, mention records or
    None when the content hash equals `known_hash`, cacheable). The text stays here: the
    article reads it again when it is opened, so indexing never holds every text at once."""
    try:
        # The hash is of the bytes the article was made from: one read of the file.
        article, data, before = read_article(path, Metadata(**sidecar) if sidecar else None)
        after = os.stat(path)
    except ArticleError as exc:
        return ("problem", str(exc))
    except OSError as exc:
        return ("problem", (exc.strerror or type(exc).__name__).lower())
    digest = content_hash(data)
    # Changed while being read: use what was read, but do not cache it.
    stable = (before.st_mtime_ns, before.st_size) == (after.st_mtime_ns, after.st_size) == (after.st_mtime_ns, len(data))
    mentions = None
    if digest != known_hash:
        # As JSON: the form the cache stores, made here in parallel, and cheaper to send back
        # than nested lists.
        mentions = json.dumps(recognised_rows(_recognize(recognizer, article)), ensure_ascii=False, separators=(",", ":"))
    return ("ok", before.st_mtime_ns, before.st_size, digest, _article_record(article), mentions, stable)


def _extract_chunk(items: list[tuple[int, str, dict | None, str | None]]) -> list[tuple[int, tuple]]:
    return [(number, _extract(path, sidecar, known, _recognizer)) for number, path, sidecar, known in items]


# ---------------------------------------------------------------- restoring

def _restore_article(path: str, record: dict, text: str | None) -> Article:
    meta = dict(
        title=record["title"], source=record["source"], date=record["date"], url=record["url"],
        encoding=record["encoding"], debris=tuple(tuple(r) for r in record["debris"]),
        body_start=record["body_start"], title_span=tuple(record["title_span"]), size=record["size"],
    )
    return Article(path, text, safe_text(text) if text is not None else None, words=record["words"], **meta)


def _restore_mentions(records: list) -> list[Mention]:
    # Positional (start, end, text, type, key, entity, instance, generic, rule): faster than keywords.
    # Interned: JSON gives every value a string of its own, and a corpus says "PERSON" or
    # "=Donald Trump" hundreds of thousands of times.
    return [Mention(start, end, sys.intern(text), sys.intern(kind), sys.intern(key), "", instance, generic, sys.intern(rule))
            for start, end, text, kind, key, rule, generic, instance in records]


# ---------------------------------------------------------------- the indexer

def _gazetteer_recipe(gazetteer: Gazetteer) -> tuple:
    """What a worker needs to build the same gazetteer (the automaton itself does not pickle)."""
    from reader.entities.gazetteer import BUNDLED_PATH, load_toml, parse_entries

    priority = 0
    try:
        bundled = parse_entries(load_toml(BUNDLED_PATH), str(BUNDLED_PATH))
        if bundled and gazetteer.entries[-len(bundled):] == bundled:
            priority = len(gazetteer.entries) - len(bundled)
    except Exception:
        pass
    return (gazetteer.entries, gazetteer.corrections, priority)


def default_gazetteer(notices: list[str]) -> Gazetteer:
    """The bundled gazetteer plus the user's corrections file; without it when it is broken."""
    from reader.config import corrections_file
    from reader.entities.gazetteer import GazetteerError, load_gazetteer

    try:
        return load_gazetteer(corrections_file())
    except GazetteerError as exc:
        notices.append(f"corrections ignored: {exc}")
        return load_gazetteer(None)


class IndexCancelled(Exception):
    """`index_paths` stopped because its `cancelled` callback said so (the app is quitting)."""


def index_paths(paths: Iterable[Path | str], gazetteer: Gazetteer | None = None, *,
                progress: Progress | None = None, partial: Callable[[Corpus], None] | None = None,
                use_cache: bool = True, cache_path: Path | None = None, workers: int | None = None,
                cancelled: Callable[[], bool] | None = None) -> Indexed:
    """Discover, read (or restore) and recognise every article under `paths`, then link.

    `workers`: processes for recognition (default: every core; 1 = in this process).
    `partial`: during a long extraction, called now and then with a corpus of the articles read
    so far (linked among themselves), so the app can be used while indexing runs.
    `cancelled`: asked between batches of files; when it says yes, the worker processes are
    stopped and IndexCancelled is raised (what was read so far stays in the cache).
    Article text is never kept: an article reads its file when its text is first asked for.
    """
    with collector.paused():
        return _index_paths(paths, gazetteer, progress=progress, partial=partial, use_cache=use_cache,
                            cache_path=cache_path, workers=workers, cancelled=cancelled)


def _index_paths(paths: Iterable[Path | str], gazetteer: Gazetteer | None, *, progress: Progress | None,
                 partial: Callable[[Corpus], None] | None, use_cache: bool, cache_path: Path | None,
                 workers: int | None, cancelled: Callable[[], bool] | None) -> Indexed:
    started = time.perf_counter()
    notices: list[str] = []
    gazetteer = gazetteer if gazetteer is not None else default_gazetteer(notices)
    gkey = gazetteer_key(gazetteer)

    paths = list(paths)
    found = discover(paths)
    files = found.files
    sidecars: dict[Path, dict[str, Metadata]] = {}
    sidecar_problems: dict[int, Problem] = {}
    jobs: list[tuple[str, str, dict | None, str]] = []  # (path, absolute, sidecar, sidecar json)
    for number, file in enumerate(files):
        folder = file.parent
        if folder not in sidecars:
            sidecars[folder], problem = read_sidecar(folder)
            if problem:
                sidecar_problems[number] = problem
        meta = sidecars[folder].get(file.name)
        sidecar = None if meta is None else {"title": meta.title, "source": meta.source, "date": meta.date, "url": meta.url}
        jobs.append((str(file), os.path.abspath(file), sidecar, "" if sidecar is None else json.dumps(sidecar, sort_keys=True)))

    cache = _open_cache(cache_path, notices) if use_cache else None
    rows: dict[str, Entry] = {}
    if cache is not None:
        try:
            rows = cache.get_many((job[1] for job in jobs), mentions=False)
        except (CacheCorrupt, CacheUnavailable) as exc:
            cache = _cache_trouble(cache, exc, notices, cache_path)
            rows = {}

    total = len(jobs)
    articles: list[Article | None] = [None] * total
    documents: list[list[Mention] | None] = [None] * total  # None for cached rows until needed
    # The JSON of the mentions recognised now, as the workers sent it: the snapshot stores it as is.
    recognised_json: list[str | None] = [None] * total
    hashes: list[str | None] = [None] * total
    problems: dict[int, Problem] = {}
    stats = IndexStats(files=total)
    todo: list[tuple[int, str, dict | None, str | None]] = []
    for number, (path, absolute, sidecar, sidecar_json) in enumerate(jobs):
        row = rows.get(absolute)
        known = row.hash if row is not None and row.engine == ENGINE_VERSION and row.gazetteer == gkey else None
        if known is not None and row.sidecar != sidecar_json and _sidecar_date(row.sidecar) != (sidecar or {}).get("date", ""):
            known = None  # the date feeds recognition ("SCO summit 2019 Astana"): recognise again
        if known is not None and row.sidecar == sidecar_json:
            try:
                info = os.stat(path)
            except OSError:
                info = None
            if info is not None and (info.st_mtime_ns, info.st_size) == (row.mtime_ns, row.size):
                try:
                    articles[number] = _restore_article(path, row.article, None)
                    hashes[number] = row.hash
                    stats.cached += 1
                    continue
                except (KeyError, TypeError, ValueError):
                    known = None  # a row this code cannot read: recognise again
        todo.append((number, path, sidecar, known))
    if progress:
        progress(total - len(todo), total)

    extract_started = time.perf_counter()
    pool_size = workers or os.cpu_count() or 1
    pool_size = 1 if len(todo) < POOL_THRESHOLD else min(pool_size, max(1, len(todo) // 16))
    stats.workers = pool_size
    writing = cache is not None
    done = total - len(todo)
    provisional = _Provisional(partial, articles, documents, gazetteer) if partial and len(todo) >= POOL_THRESHOLD else None

    def finish(batch: list[tuple[int, tuple]]) -> None:
        nonlocal done, writing
        if cancelled is not None and cancelled():
            _stop(cache)
        entries = []
        for number, result in batch:
            path, absolute, sidecar, sidecar_json = jobs[number]
            if result[0] == "problem":
                problems[number] = Problem(path, result[1])
                continue
            _, mtime_ns, size, digest, record, mention_records, stable = result
            if mention_records is None:  # same content as cached: keep the cached mentions
                mention_records = _cached_mentions(cache, absolute)
                if mention_records is None:  # the row went away meanwhile
                    mention_records = recognised_rows(_recognize_file(gazetteer, path, record))
                    stats.extracted += 1
                else:
                    stats.cached += 1
            else:
                stats.extracted += 1
            articles[number] = _restore_article(path, record, None)
            if isinstance(mention_records, str):
                recognised_json[number] = mention_records
                documents[number] = _restore_mentions(json.loads(mention_records))
            else:
                recognised_json[number] = None  # the snapshot encodes these mentions itself
                documents[number] = _restore_mentions(mention_records)
            hashes[number] = digest if stable else None
            if stable:
                entries.append(Entry(absolute, mtime_ns, size, digest, ENGINE_VERSION, gkey, sidecar_json,
                                     record, mention_records))
        if writing and entries:
            try:
                cache.put_many(entries)
            except (CacheCorrupt, CacheUnavailable) as exc:
                notices.append(f"index cache not updated: {exc}")
                writing = False
        done += len(batch)
        if progress:
            progress(done, total)
        if provisional is not None:
            provisional.offer(problems)

    if pool_size == 1:
        recognizer = _recognizer_for(gazetteer)
        step = 32
        for at in range(0, len(todo), step):
            finish([(number, _extract(path, sidecar, known, recognizer))
                    for number, path, sidecar, known in todo[at : at + step]])
    elif todo:
        # Imported here: a warm start starts no process.
        import multiprocessing
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
        from concurrent.futures.process import BrokenProcessPool

        chunk = max(8, min(MAX_CHUNK, len(todo) // (pool_size * 8)))
        finished_numbers: set[int] = set()
        try:
            _start_resource_tracker()
            # spawn, not fork: the app indexes from a thread, and forking a threaded process is unsafe.
            with ProcessPoolExecutor(pool_size, mp_context=multiprocessing.get_context("spawn"),
                                     initializer=_init_worker, initargs=_gazetteer_recipe(gazetteer)) as pool:
                pending = {pool.submit(_extract_chunk, todo[at : at + chunk]) for at in range(0, len(todo), chunk)}
                try:
                    while pending:
                        finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                        for future in finished:
                            batch = future.result()
                            finish(batch)
                            finished_numbers.update(number for number, _ in batch)
                except IndexCancelled:
                    # Leaving the block waits only for the chunks already running, not the queue.
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise
        except (OSError, ValueError, RuntimeError, BrokenProcessPool) as exc:
            # No worker processes here (a sandbox, a redirected stderr): read in this process.
            notices.append(f"indexing in one process: worker processes could not start ({exc})")
            recognizer = _recognizer_for(gazetteer)
            rest = [item for item in todo if item[0] not in finished_numbers]
            for at in range(0, len(rest), 32):
                finish([(number, _extract(path, sidecar, known, recognizer))
                        for number, path, sidecar, known in rest[at : at + 32]])
    stats.extract_seconds = time.perf_counter() - extract_started

    if cache is not None and writing:
        try:
            _drop_deleted(cache, paths_given(paths), {job[1] for job in jobs})
        except (CacheCorrupt, CacheUnavailable) as exc:
            notices.append(f"index cache not updated: {exc}")
            writing = False

    # Problems in the order `load_articles` gives them: discovery, then file by file.
    ordered = list(found.problems)
    for number in range(total):
        if number in sidecar_problems:
            ordered.append(sidecar_problems[number])
        if number in problems:
            ordered.append(problems[number])
    kept = [number for number in range(total) if articles[number] is not None]
    final_articles = [articles[n] for n in kept]

    if cancelled is not None and cancelled():
        _stop(cache)
    link_started = time.perf_counter()
    corpus = None
    key = None
    if cache is not None and all(hashes[n] is not None for n in kept):
        key = snapshot_key(gkey, ((jobs[n][1], hashes[n], jobs[n][3]) for n in kept))
        corpus = _restore_snapshot(cache, key, final_articles, gazetteer, ordered, notices)
        if corpus is not None and writing:
            _remember_start(cache, paths, gkey, key)
    if corpus is None:
        missing = [n for n in kept if documents[n] is None]
        if missing:
            loaded = _load_cached_mentions(cache, [jobs[n][1] for n in missing], notices)
            for n in missing:
                records = loaded.get(jobs[n][1])
                documents[n] = _restore_mentions(records) if records is not None else _recognize_file(
                    gazetteer, jobs[n][0], _article_record(articles[n]))
        corpus = assemble(final_articles, [documents[n] for n in kept], gazetteer, ordered)
        if key is not None and writing:
            try:
                save_snapshot(cache, key, corpus.mentions, corpus.entities,
                              [[article.path, _article_record(article)] for article in final_articles],
                              [recognised_json[n] for n in kept])
                corpus.key = key
            except (CacheCorrupt, CacheUnavailable) as exc:
                notices.append(f"index cache not updated: {exc}")
            else:
                _remember_start(cache, paths, gkey, key)
        if cache is not None:
            cache.close()
    stats.link_seconds = time.perf_counter() - link_started

    stats.articles = len(final_articles)
    stats.problems = len(ordered)
    stats.mentions = sum(e.count for e in corpus.entities.values())
    stats.entities = len(corpus.entities)
    stats.words = sum(a.words for a in final_articles)
    stats.bytes = sum(a.size for a in final_articles)
    stats.seconds = time.perf_counter() - started
    return Indexed(corpus, stats, notices)


def _sidecar_date(sidecar_json: str) -> str:
    try:
        return (json.loads(sidecar_json) or {}).get("date", "") if sidecar_json else ""
    except (ValueError, AttributeError):
        return ""


def _stop(cache: Cache | None) -> None:
    if cache is not None:
        cache.close()
    raise IndexCancelled


def last_corpus(paths: Iterable[Path | str], gazetteer: Gazetteer, cache_path: Path | None = None) -> Corpus | None:
    """The corpus these paths showed at their last start, straight from the cache and without
    looking at the files: the app shows it at once, then `index_paths` checks the files and
    gives the corpus to keep (the same one, by `key`, when nothing changed). None when there
    is nothing usable to show."""
    with collector.paused():
        return _last_corpus(paths, gazetteer, cache_path)


def _last_corpus(paths: Iterable[Path | str], gazetteer: Gazetteer, cache_path: Path | None) -> Corpus | None:
    cache = Cache(cache_path)
    try:
        cache.open()
        snapshot = cache.find_snapshot(None, roots=roots_key(_absolute(paths), gazetteer_key(gazetteer)), manifest=True)
        if snapshot is None:
            cache.close()
            return None
        articles = [_restore_article(path, record, None) for path, record in snapshot.manifest]
        return restore_snapshot(cache, snapshot, articles, gazetteer)
    except (CacheCorrupt, CacheUnavailable, CorpusUnavailable, KeyError, TypeError, ValueError):
        cache.close()
        return None  # index_paths will say what is wrong with the cache


def _absolute(paths: Iterable[Path | str]) -> list[str]:
    return [os.path.abspath(os.fsdecode(p)) for p in paths]


def _remember_start(cache: Cache, paths: list, gkey: str, key: str) -> None:
    try:
        cache.remember_start(roots_key(_absolute(paths), gkey), key)
    except (CacheCorrupt, CacheUnavailable):
        pass  # only the next start's first frame is slower


class _Provisional:
    """Corpora of the articles read so far, offered to `partial` while a long extraction runs:
    the first after a second, then each time the count has doubled, so the extra linking costs
    at most as much as the final one. None once half the files are read: the final corpus is
    then no further away than the time already spent, and a late provisional corpus would be
    held in memory beside it while it is linked. Only the unbroken run of finished files from
    the start is offered, so an article keeps its index from one corpus to the next."""

    def __init__(self, callback: Callable[[Corpus], None], articles: list, documents: list, gazetteer: Gazetteer):
        self.callback = callback
        self.articles = articles
        self.documents = documents
        self.gazetteer = gazetteer
        self.started = time.perf_counter()
        self.prefix = 0
        self.offered = 0

    def offer(self, problems: dict[int, Problem]) -> None:
        while self.prefix < len(self.articles) and (
                self.documents[self.prefix] is not None or self.prefix in problems):
            self.prefix += 1
        ready = [n for n in range(self.prefix) if self.documents[n] is not None]
        if not ready or 2 * self.prefix > len(self.articles):
            return
        if self.offered and len(ready) < 2 * self.offered:
            return
        if not self.offered and time.perf_counter() - self.started < 1.0:
            return
        self.offered = len(ready)
        # Copies: linking writes into mentions, and the final linking must not change what the
        # app is showing from this corpus.
        documents = [[_copy_mention(m) for m in self.documents[n]] for n in ready]
        self.callback(assemble([self.articles[n] for n in ready], documents, self.gazetteer))


def _copy_mention(mention: Mention) -> Mention:
    return Mention(mention.start, mention.end, mention.text, mention.type, key=mention.key, rule=mention.rule,
                   generic=mention.generic, instance=mention.instance)


def _cached_mentions(cache: Cache | None, absolute: str) -> list | None:
    if cache is None:
        return None
    try:
        row = cache.get_many([absolute]).get(absolute)
    except (CacheCorrupt, CacheUnavailable):
        return None
    return row.mentions if row is not None else None


def _load_cached_mentions(cache: Cache | None, absolutes: list[str], notices: list[str]) -> dict[str, list]:
    if cache is None:
        return {}
    try:
        return {path: row.mentions for path, row in cache.get_many(absolutes).items()}
    except (CacheCorrupt, CacheUnavailable) as exc:
        notices.append(f"index cache not used ({exc}); reading the files again")
        return {}


def _recognize_file(gazetteer: Gazetteer, path: str, record: dict) -> list[Mention]:
    """Recognise a file whose cached mentions could not be read back (rare: the cache changed
    under us); an unreadable file yields no mentions rather than stopping the load."""
    try:
        article = load_article(path)
    except ArticleError:
        return []
    return _recognize(_recognizer_for(gazetteer), article)


def _restore_snapshot(cache: Cache, key: str, articles: list[Article], gazetteer: Gazetteer,
                      problems: list[Problem], notices: list[str]) -> Corpus | None:
    try:
        snapshot = cache.find_snapshot(key)
        if snapshot is None:
            return None
        return restore_snapshot(cache, snapshot, articles, gazetteer, problems)
    except (CacheCorrupt, CacheUnavailable, CorpusUnavailable) as exc:
        notices.append(f"index snapshot not used ({exc}); linking again")
        return None


def _start_resource_tracker() -> None:
    """multiprocessing's resource tracker inherits stderr's file descriptor; inside a Textual app
    sys.stderr is a capture object without one ('bad value(s) in fds_to_keep'), so start the
    tracker against the real stderr."""
    from multiprocessing import resource_tracker

    saved = sys.stderr
    try:
        if sys.__stderr__ is not None:
            sys.stderr = sys.__stderr__
        resource_tracker.ensure_running()
    finally:
        sys.stderr = saved


def paths_given(paths: Iterable[Path | str]) -> list[Path]:
    return [Path(os.fsdecode(p)) for p in paths]


def assemble(articles: list[Article], documents: list[list[Mention]], gazetteer: Gazetteer,
             problems: Sequence[Problem] = ()) -> Corpus:
    """Link the mentions of all articles and build the corpus, as `Corpus.build` does after recognition."""
    return Corpus.from_mentions(articles, documents, gazetteer, problems)


def _open_cache(cache_path: Path | None, notices: list[str]) -> Cache | None:
    cache = Cache(cache_path)
    try:
        return cache.open()
    except CacheCorrupt as exc:
        return _rebuild(cache, exc, notices)
    except CacheUnavailable as exc:
        notices.append(f"index cache not used ({exc}); reading every file")
        return None


def _rebuild(cache: Cache, exc: Exception, notices: list[str]) -> Cache | None:
    try:
        cache.delete()
        cache.open()
    except (CacheCorrupt, CacheUnavailable) as again:
        notices.append(f"index cache not used ({again}); reading every file")
        return None
    notices.append(f"index cache was damaged ({exc}); rebuilt it")
    return cache


def _cache_trouble(cache: Cache, exc: Exception, notices: list[str], cache_path: Path | None) -> Cache | None:
    if isinstance(exc, CacheCorrupt):
        return _rebuild(Cache(cache_path), exc, notices)
    cache.close()
    notices.append(f"index cache not used ({exc}); reading every file")
    return None


def _drop_deleted(cache: Cache, given: list[Path], present: set[str]) -> int:
    """Forget cached files that were under an indexed folder (or named) and are gone."""
    gone: list[str] = []
    for path in given:
        absolute = os.path.abspath(path)
        if os.path.isdir(absolute):
            gone.extend(p for p in cache.paths_under(absolute) if p not in present and not os.path.exists(p))
        elif not os.path.exists(absolute):
            gone.append(absolute)
    return cache.delete_paths(gone)


def load_corpus(paths: Iterable[Path | str], gazetteer: Gazetteer | None = None,
                progress: Progress | None = None, **options) -> Corpus:
    """`Corpus.load` through the cache; notices go to stderr."""
    result = index_paths(paths, gazetteer, progress=progress, **options)
    for notice in result.notices:
        print(f"reader: {notice}", file=sys.stderr)
    return result.corpus
