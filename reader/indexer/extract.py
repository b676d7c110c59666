"""Per-file work of the indexer: read, hash and recognise one file (or every item of one feed),
in this process or in a pool of worker processes (one Gazetteer and Recognizer per worker, built
once)."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from reader.entities.gazetteer import Gazetteer
from reader.entities.model import Mention
from reader.ingest.article import Article, ArticleError, Metadata
from reader.ingest.read import load_article, read_document, read_items
from reader.store.answers import compress_text
from reader.store.codec import article_record, recognised_rows
from reader.store.file_cache import content_hash

# Below this many files to read, a pool costs more (interpreter start-up) than it saves.
POOL_THRESHOLD = 200
MAX_CHUNK = 128
IN_PROCESS_BATCH = 32
_PARENT_CHECK_S = 0.5

# (article number, path, sidecar metadata or None, what is cached, whether it is a feed). What is
# cached: for a file, the content hash whose mentions the cache holds, or None; for a feed, the
# content hashes of its items that the cache holds mentions for.
Job = tuple[int, str, "dict[str, str] | None", "str | frozenset[str] | None", bool]
Result = tuple[Any, ...]
Batch = list[tuple[int, Result]]


class IndexCancelled(Exception):
    """`index_paths` stopped because its `cancelled` callback said so (the app is quitting)."""


_recognizer: Any = None


def recognizer_for(gazetteer: Gazetteer) -> Any:
    # Imported when recognition is needed: a warm start (the app's, `reader search`) needs none.
    from reader.entities.recognize import Recognizer

    return Recognizer(gazetteer)


def _init_worker(entries: Any, corrections: Any, priority: int, parent: int) -> None:
    global _recognizer
    _exit_with(parent)
    _recognizer = recognizer_for(Gazetteer(entries, corrections, priority))


def _exit_with(parent: int) -> None:
    """End this worker when the process that started it dies (kill -9 included): otherwise the
    pool's workers, and the resource tracker that waits for them, run on orphaned for minutes.
    Linux says so at once (PR_SET_PDEATHSIG); elsewhere, and as a check, a thread looks."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # it died before that took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(_PARENT_CHECK_S)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="reader-parent-watch", daemon=True).start()


def recognize(recognizer: Any, article: Article) -> list[Mention]:
    mentions: list[Mention] = recognizer.recognize(article.recognisable, article.debris, article.date)
    return mentions


def extract(path: str, sidecar: dict[str, str] | None, known_hash: str | None, recognizer: Any) -> Result:
    """Read and recognise one file.

    ("problem", reason) or ("ok", mtime_ns, size, hash, article record, mention records or
    None when the content hash equals `known_hash`, cacheable, the text compressed). The run
    stores the compressed text in the cache (what `reader search` prints its contexts from) and
    holds no text: the article reads its file again when it is opened.
    For a feed item or a URL, mtime and size are those of the file read (the feed, the URL's
    stored copy): what the next run compares."""
    try:
        # The hash is of the bytes the article was made from: one read of the file.
        done = read_document(path, Metadata(**sidecar) if sidecar else None)
        after = os.stat(done.backing)
    except ArticleError as exc:
        return ("problem", str(exc))
    except OSError as exc:
        return ("problem", (exc.strerror or type(exc).__name__).lower())
    before, data = done.info, done.data
    digest = content_hash(data)
    # Changed while being read: use what was read, but do not cache it.
    stable = (before.st_mtime_ns, before.st_size) == (after.st_mtime_ns, after.st_size) and (
        not done.whole or after.st_size == len(data)
    )
    mentions = None
    if digest != known_hash:
        mentions = _mentions_json(recognizer, done.article)
    text = compress_text(done.article.text)
    return ("ok", before.st_mtime_ns, before.st_size, digest, article_record(done.article), mentions, stable, text)


def extract_feed(path: str, sidecar: dict[str, str] | None, known: frozenset[str] | None, recognizer: Any) -> Result:
    """Read a feed and recognise each item.

    ("problem", reason) or ("feed", mtime_ns, size, hash, notes, items, cacheable), each item
    ("problem", reason) or ("ok", hash, article record, mention records or None when the item's
    hash is in `known`, the text compressed)."""
    try:
        feed = read_items(path, Metadata(**sidecar) if sidecar else None)
        after = os.stat(feed.backing)
    except ArticleError as exc:
        return ("problem", str(exc))
    except OSError as exc:
        return ("problem", (exc.strerror or type(exc).__name__).lower())
    before = feed.info
    stable = (
        (before.st_mtime_ns, before.st_size)
        == (after.st_mtime_ns, after.st_size)
        == (
            after.st_mtime_ns,
            len(feed.data),
        )
    )
    items: list[tuple[Any, ...]] = []
    for item in feed.items:
        if item.article is None:
            items.append(("problem", item.problem))
            continue
        digest = content_hash(item.data)
        mentions = None if known and digest in known else _mentions_json(recognizer, item.article)
        items.append(("ok", digest, article_record(item.article), mentions, compress_text(item.article.text)))
    return ("feed", before.st_mtime_ns, before.st_size, content_hash(feed.data), feed.notes, items, stable)


def _mentions_json(recognizer: Any, article: Article) -> str:
    # As JSON: the form the cache stores, made here in parallel, and cheaper to send back than
    # nested lists.
    return json.dumps(recognised_rows(recognize(recognizer, article)), ensure_ascii=False, separators=(",", ":"))


def _run(job: Job, recognizer: Any) -> Result:
    _, path, sidecar, known, many = job
    if many:
        return extract_feed(path, sidecar, known if isinstance(known, frozenset) else None, recognizer)
    return extract(path, sidecar, known if isinstance(known, str) else None, recognizer)


def _extract_chunk(items: list[Job]) -> Batch:
    return [(job[0], _run(job, _recognizer)) for job in items]


def recognize_file(gazetteer: Gazetteer, path: str) -> list[Mention]:
    """Recognise a file whose cached mentions could not be read back (rare: the cache changed
    under us); an unreadable file yields no mentions rather than stopping the load."""
    try:
        article = load_article(path)
    except ArticleError:
        return []
    return recognize(recognizer_for(gazetteer), article)


def pool_size_for(todo: int, workers: int | None) -> int:
    size = workers or os.cpu_count() or 1
    return 1 if todo < POOL_THRESHOLD else min(size, max(1, todo // 16))


def extract_all(
    todo: Sequence[Job], gazetteer: Gazetteer, pool_size: int, finish: Callable[[Batch], None], notices: list[str]
) -> None:
    """Extract every job, handing each finished batch to `finish` (which may raise
    IndexCancelled: the workers are then stopped and it propagates)."""
    if pool_size == 1:
        _in_process(todo, gazetteer, finish)
        return
    if not todo:
        return
    # Imported here: a warm start starts no process.
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    chunk = max(8, min(MAX_CHUNK, len(todo) // (pool_size * 8)))
    finished_numbers: set[int] = set()
    try:
        _start_resource_tracker()
        # spawn, not fork: the app indexes from a thread, and forking a threaded process is unsafe.
        with ProcessPoolExecutor(
            pool_size,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=_gazetteer_recipe(gazetteer),
        ) as pool:
            pending = {pool.submit(_extract_chunk, list(todo[at : at + chunk])) for at in range(0, len(todo), chunk)}
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
        _in_process([job for job in todo if job[0] not in finished_numbers], gazetteer, finish)


def _in_process(todo: Sequence[Job], gazetteer: Gazetteer, finish: Callable[[Batch], None]) -> None:
    recognizer = recognizer_for(gazetteer)
    for at in range(0, len(todo), IN_PROCESS_BATCH):
        finish([(job[0], _run(job, recognizer)) for job in todo[at : at + IN_PROCESS_BATCH]])


def _gazetteer_recipe(gazetteer: Gazetteer) -> tuple[Any, ...]:
    """What a worker needs to build the same gazetteer (the automaton itself does not pickle)."""
    from reader.entities.gazetteer import BUNDLED_PATH, load_toml, parse_entries

    priority = 0
    try:
        bundled = parse_entries(load_toml(BUNDLED_PATH), str(BUNDLED_PATH))
        if bundled and gazetteer.entries[-len(bundled) :] == bundled:
            priority = len(gazetteer.entries) - len(bundled)
    except Exception:
        pass
    return (gazetteer.entries, gazetteer.corrections, priority, os.getpid())


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
