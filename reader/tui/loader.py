"""Loading a corpus for the app, without Textual: what the folders showed last, at once; then
the files checked (and indexed where new), with progress; then the search tables and the
collector's settings for a long session. The app runs `CorpusLoader.run` in a worker thread and
gives it callbacks that reach the UI thread."""

from __future__ import annotations

import functools
import gc
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reader import collector
from reader.corpus.corpus import Corpus
from reader.indexer.last_start import last_corpus, last_corpus_before_the_gazetteer, unchanged_since_last_start
from reader.store.keys import unpresumed_state_keys
from reader.store.snapshots import CorpusUnavailable, StoredMentions

if TYPE_CHECKING:
    from reader.entities.gazetteer import Gazetteer
    from reader.ingest.article import Problem

FIRST_FRAME_WAIT_S = 2.0  # at most this long before checking the files of a corpus already shown
FULL_COLLECTION_AFTER = 100  # middle-generation collections between full ones (Python's default: 10)


@dataclass(slots=True)
class LoadCallbacks:
    """How the loader reaches the app; each is called from the loading thread."""

    notify: Callable[[str], None]  # a one-line warning
    progress: Callable[[int, int], None]  # files done, files in all
    # A corpus to show: final or not, and each article's exact reading-state key once known.
    show: Callable[[Corpus, bool, dict[str, str] | None], None]
    # Called with an Event that is set once what `show` sent is on screen.
    after_paint: Callable[[threading.Event], object]
    cancelled: Callable[[], bool]


class HeadStart:
    """The first part of a load, begun in a thread of its own as soon as the app is made, while
    Textual starts: the corpus these paths showed last, found by the corrections file (no
    gazetteer is loaded for it: the loader loads one after the first frame); else the gazetteer
    and the corpus found by it. The article is on screen that much sooner; `CorpusLoader` takes
    the result."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        self._done = threading.Event()
        self._result: tuple[Gazetteer | None, list[str], Corpus | None] | None = None
        self._error: BaseException | None = None
        threading.Thread(target=self._run, name="reader-head-start", daemon=True).start()

    def _run(self) -> None:
        try:
            with collector.paused():
                notices: list[str] = []
                shown = last_corpus_before_the_gazetteer(self.paths)
                if shown is not None:
                    self._result = (None, notices, shown)
                else:
                    gazetteer = load_user_gazetteer(notices)
                    self._result = (gazetteer, notices, last_corpus(self.paths, gazetteer))
        except BaseException as exc:  # handed to the loader, which runs in a worker that reports it
            self._error = exc
        finally:
            self._done.set()

    def claim(self) -> tuple[Gazetteer | None, list[str], Corpus | None] | None:
        """(gazetteer or None when it is yet to be loaded, its notices, the corpus shown last or
        None), once the thread is done; to the first load only (a reload after the cache went
        away must look again): None after."""
        self._done.wait()
        result, self._result = self._result, None
        error, self._error = self._error, None
        if error is not None:
            raise error
        return result


class CorpusLoader:
    """One load of `paths` (see the module's docstring), from a `HeadStart` when given one."""

    def __init__(self, paths: list[Path], callbacks: LoadCallbacks, head_start: HeadStart | None = None) -> None:
        self.paths = paths
        self.callbacks = callbacks
        self.head_start = head_start if head_start is not None and head_start.paths == paths else None

    def run(self) -> None:
        # Everything loaded here lives as long as the corpus: no collector passes over it while
        # it is made (see reader.collector); the end of _load sets how it is collected after.
        with collector.paused():
            self._load()

    def _load(self) -> None:
        calls = self.callbacks
        started = self.head_start.claim() if self.head_start is not None else None
        gazetteer: Gazetteer | None
        if started is not None:
            gazetteer, notices, shown = started
        else:
            notices = []
            gazetteer = load_user_gazetteer(notices)
            shown = last_corpus(self.paths, gazetteer)

        def progress(done: int, total: int) -> None:
            if not calls.cancelled():
                calls.progress(done, total)

        def so_far(corpus: Corpus) -> None:
            if not calls.cancelled():
                calls.show(corpus, False, None)

        # What these folders showed last time, at once; then the files are checked, and the
        # checked corpus replaces it only if something changed.
        if shown is not None and not calls.cancelled():
            painted = threading.Event()
            calls.show(shown, False, None)
            calls.after_paint(painted)
            # Checking the files (and loading the gazetteer) competes with the first frame for
            # the interpreter: let the article reach the screen first.
            painted.wait(FIRST_FRAME_WAIT_S)
        if gazetteer is None:
            gazetteer = load_user_gazetteer(notices)
            if shown is not None:
                shown.gazetteer = gazetteer
        for notice in notices:
            calls.notify(notice[0].upper() + notice[1:])
        if shown is not None and unchanged_since_last_start(self.paths, gazetteer):
            # Nothing changed since that run: what is shown is what checking the files would give.
            self._finish(shown)
            return
        from reader.indexer.extract import IndexCancelled

        try:
            result = index_paths(self.paths, gazetteer, progress=progress, partial=so_far, cancelled=calls.cancelled)
        except IndexCancelled:
            return  # quitting: what was read is in the cache for next time
        for notice in result.notices:
            calls.notify(notice)
        corpus = result.corpus
        del result
        if shown is not None:
            if corpus.key and corpus.key == shown.key:
                corpus.close()
                corpus = shown
            else:
                shown.close()
        if corpus.key and not isinstance(corpus.mentions, StoredMentions):
            # Linked now, and stored: the stored corpus takes its place, as every later start
            # restores it. It holds an entity's places and an article's mentions only once read,
            # where the linked one holds every one of them (at 100,000 articles, several hundred
            # MB more for as long as the app runs), and it is restored into their memory.
            key, problems = corpus.key, corpus.problems
            corpus.close()
            del corpus
            gc.collect()  # what linking made holds cycles, and the collector is paused here
            stored = self._stored(key, problems, gazetteer)
            if stored is None:
                return
            corpus = stored
        self._finish(corpus)

    def _stored(self, key: str, problems: list[Problem], gazetteer: Gazetteer) -> Corpus | None:
        """The corpus stored under `key` just now, with the problems found while indexing; the
        files indexed again if it cannot be restored (the cache went away meanwhile). None when
        the app is quitting."""
        calls = self.callbacks
        restored = last_corpus(self.paths, gazetteer)
        if restored is not None and restored.key == key:
            restored.problems = problems
            return restored
        if restored is not None:
            restored.close()
        from reader.indexer.extract import IndexCancelled

        try:
            result = index_paths(self.paths, gazetteer, cancelled=calls.cancelled)
        except IndexCancelled:
            return None
        for notice in result.notices:
            calls.notify(notice)
        return result.corpus

    def _finish(self, corpus: Corpus) -> None:
        """Show the checked corpus as final, then make its search tables and settle the collector."""
        calls = self.callbacks
        if calls.cancelled():
            return
        # The read markers by each file's exact state key (a symlinked article is kept under its
        # target): a listing per folder, made here rather than on the UI thread, where the list
        # was first marked with presumed keys; only the keys that differ from those are given.
        calls.show(corpus, True, unpresumed_state_keys([article.path for article in corpus.articles]))
        # The search tables are built here rather than on the first keystroke.
        corpus.prepare_search()
        settle_collector()


def load_user_gazetteer(notices: list[str]) -> Gazetteer:
    """`reader.entities.gazetteer.load_user_gazetteer`, imported when first called: a first frame
    shown from the last start's corpus needs no gazetteer (nor the automaton it builds)."""
    from reader.entities.gazetteer import load_user_gazetteer as load

    return load(notices)


def index_paths(*args: Any, **kwargs: Any) -> Any:
    """`reader.indexer.index_paths`, imported when first called: the first frame needs none of
    the pipeline's modules (recognition, linking), and they are a sixth of the app's imports."""
    from reader.indexer.pipeline import index_paths as run

    return run(*args, **kwargs)


def settle_collector() -> None:
    """What is loaded now lives as long as the corpus: one full collection here (what an earlier
    corpus left is freed), then out of the collector's full passes, which would otherwise scan
    all of it (~75 ms at 10,000 articles) in the middle of a keystroke. Full passes over what is
    made after this (caches, opened articles) took 12–17 ms every 30–50 keystrokes at 10,000
    articles: they come 10x less often, and the app does them while no key is coming in."""
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_AFTER)


class IdleCollector:
    """Full collections while no key is coming in: `key_pressed` on every key, `tick` every
    `idle_seconds` (a timer)."""

    def __init__(self, idle_seconds: float) -> None:
        self.idle_seconds = idle_seconds
        self.last_key = 0.0  # time.monotonic() of the last key

    def key_pressed(self) -> None:
        self.last_key = time.monotonic()

    def tick(self) -> None:
        # gc.get_count()[2]: middle-generation collections since the last full one; none means
        # nothing new to look at.
        if time.monotonic() - self.last_key >= self.idle_seconds and gc.get_count()[2]:
            gc.collect()


Method = TypeVar("Method", bound=Callable[..., Any])


def reload_if_lost(method: Method) -> Method:
    """For what reads the stored corpus (an article's mentions, an entity's occurrences): if the
    index cache went away under the app, `self._corpus_lost(exc)` says so and loads again
    instead of crashing."""

    @functools.wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except CorpusUnavailable as exc:
            self._corpus_lost(exc)
            return None

    return guarded  # type: ignore[return-value]
