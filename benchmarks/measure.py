"""One measurement in a fresh process (so peak RSS and start-up are its own), JSON on stdout.

    python -m benchmarks.measure cold   CORPUS      index with an empty cache
    python -m benchmarks.measure warm   CORPUS      index again, then search and jump
    python -m benchmarks.measure app    CORPUS      the reader app, headless, until painted
    python -m benchmarks.measure minimal            a minimal Textual app, until painted

The cache folder is READER_CACHE_DIR, set by benchmarks.run.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import sys
import time

# Typed letter by letter; misspellings on purpose.
QUERIES = [
    "putn",
    "tokaev",
    "shangai cooperation",
    "xian",
    "erdogan",
    "zelenski",
    "xi jinping",
    "biden",
    "trump",
    "modi",
    "macron",
    "merkel",
    "boris jonson",
    "united nations",
    "nato",
    "european union",
    "world health organisation",
    "russia",
    "ukrain",
    "kazakstan",
    "astana",
    "beijing",
    "moskow",
    "washington",
    "china",
    "olympics",
    "g20 summit",
    "brics",
    "security council",
    "kim jong un",
    "navalny",
    "lukashenko",
    "jacinda ardern",
    "new zealand",
    "taliban",
    "wikinews",
    "pelosi",
    "bolsonaro",
    "maduro",
    "netanyahu",
]


# Typed in the app's search bar too, each keystroke waiting for its results on screen.
APP_QUERIES = QUERIES


def peak_rss_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: kilobytes


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return {
        "n": len(ordered),
        "p50_ms": at(0.50),
        "p95_ms": at(0.95),
        "p99_ms": at(0.99),
        "max_ms": ordered[-1] * 1000,
        "mean_ms": statistics.fmean(ordered) * 1000,
    }


def keystrokes() -> list[str]:
    return [query[:n] for query in QUERIES for n in range(1, len(query) + 1)]


def time_search(search, prefixes: list[str]) -> dict:
    search("warm up")
    samples = []
    for prefix in prefixes:
        started = time.perf_counter()
        search(prefix)
        samples.append(time.perf_counter() - started)
    return percentiles(samples)


def time_jumps(corpus, seed: int = 7) -> dict:
    """Corpus.step forward and back from mention to mention, for busy and for rare entities."""
    rng = random.Random(seed)
    ranked = sorted(corpus.entities.values(), key=lambda e: -e.count)
    chosen = ranked[:10] + rng.sample(ranked[10:], min(20, max(0, len(ranked) - 10)))
    samples = []
    for entity in chosen:
        article, index = entity.occurrences[0]
        offset = corpus.mentions[article][index].start
        for step in range(60):
            forward = step % 6 != 5
            started = time.perf_counter()
            position = corpus.step(entity.name, article, offset, forward)
            samples.append(time.perf_counter() - started)
            article, offset = position.article, position.mention.start
    return percentiles(samples)


def cold(corpus_dir: str) -> dict:
    from reader.indexer import index_paths

    started = time.perf_counter()
    result = index_paths([corpus_dir])
    seconds = time.perf_counter() - started
    stats = result.stats
    return {
        "seconds": seconds,
        "extract_seconds": stats.extract_seconds,
        "link_seconds": stats.link_seconds,
        "files": stats.articles,
        "extracted": stats.extracted,
        "words": stats.words,
        "bytes": stats.bytes,
        "mentions": stats.mentions,
        "entities": stats.entities,
        "workers": stats.workers,
        "aliases": len(result.corpus.aliases),
        "notices": result.notices,
        "peak_rss_mb": peak_rss_mb(),
        "workers_peak_rss_mb": peak_rss_mb(resource.RUSAGE_CHILDREN),
    }


def warm(corpus_dir: str) -> dict:
    import_started = time.perf_counter()
    from reader.indexer import index_paths

    started = time.perf_counter()
    result = index_paths([corpus_dir])
    seconds = time.perf_counter() - started
    corpus = result.corpus
    out = {
        "seconds": seconds,
        "import_seconds": started - import_started,
        "link_seconds": result.stats.link_seconds,
        "cached": result.stats.cached,
        "extracted": result.stats.extracted,
        "peak_rss_after_load_mb": peak_rss_mb(),
    }
    started = time.perf_counter()
    corpus.prepare_search()
    out["search_tables_seconds"] = time.perf_counter() - started
    prefixes = keystrokes()
    out["search"] = time_search(corpus.search, prefixes)
    out["jump"] = time_jumps(corpus)
    # A long reading session: 500 articles opened (text, mentions), on top of the jumps above.
    started = time.perf_counter()
    for article in random.Random(3).sample(range(len(corpus.articles)), min(500, len(corpus.articles))):
        len(corpus.articles[article].safe), len(corpus.mentions[article])
    out["open_500_seconds"] = time.perf_counter() - started
    out["aliases"] = len(corpus.aliases)
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def fzf(corpus_dir: str) -> dict:
    import shutil
    import subprocess

    if not shutil.which("fzf"):
        return {"available": False}
    from reader.indexer import index_paths

    choices = "\n".join(index_paths([corpus_dir]).corpus.aliases)
    samples = []
    for prefix in keystrokes():
        started = time.perf_counter()
        subprocess.run(["fzf", "--filter", prefix], input=choices, capture_output=True, text=True)
        samples.append(time.perf_counter() - started)
    return {"available": True, **percentiles(samples)}


def app(corpus_dir: str, launched: float) -> dict:
    """The reader app, headless at 80x24: its first painted frame, the first frame with the
    article list and an article, the frame after the files were checked (ready), then `n` through the busiest person's mentions (keypress to the frame
    that shows the mention), and the process's peak RSS at the end."""
    import asyncio
    from pathlib import Path

    from textual import events

    from reader.tui.app import ReaderApp
    from reader.tui.search_bar import SearchBar

    imported = time.time()
    result: dict = {}
    painted = asyncio.Event()
    shown = asyncio.Event()
    show_results = SearchBar.show_results

    key_times: list[float] = []  # when the app received each key (pilot's own waits excluded)
    done_times: list[float] = []  # when the frame showing its effect was painted

    def painted_now() -> None:
        done_times.append(time.perf_counter())
        shown.set()

    def showing(bar, query, results) -> None:
        show_results(bar, query, results)
        if query == bar.input.value:
            bar.app.call_after_refresh(painted_now)

    SearchBar.show_results = showing

    class Measured(ReaderApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.call_after_refresh(lambda: result.setdefault("first_paint", time.time() - launched))

        async def on_event(self, event) -> None:
            if isinstance(event, events.Key):
                key_times.append(time.perf_counter())
            await super().on_event(event)

        def action_step(self, step: int) -> None:
            super().action_step(step)
            self.call_after_refresh(painted_now)

        def _loaded(self, corpus, final: bool = True, *rest) -> None:
            super()._loaded(corpus, final, *rest)
            if corpus.articles and self.pane.article is not None:
                # The first frame with the article list and an article: from the corpus the
                # same folder showed last time (warm) or the first files read (cold).
                self.call_after_refresh(lambda: result.setdefault("article_shown", time.time() - launched))
            if final:
                self.call_after_refresh(lambda: (result.setdefault("ready", time.time() - launched), painted.set()))

    async def main() -> None:
        app = Measured([Path(corpus_dir)], use_state=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await asyncio.wait_for(painted.wait(), 3600)
            await pilot.pause()
            # Imported only now: the app itself imports them on `E` and `c`, not at its start,
            # which these imports would otherwise slow.
            from reader.tui.compare_screen import CompareScreen
            from reader.tui.coverage_screen import CoverageScreen

            result["articles"] = len(app.corpus.articles)
            people = [e for e in app.corpus.entities.values() if e.type == "PERSON"]
            busiest = max(people, key=lambda e: e.count)
            app.activate(busiest.name)
            await pilot.pause()
            across, within = [], []
            for _ in range(120):
                before = app.current
                shown.clear()
                await pilot.press("n")
                await asyncio.wait_for(shown.wait(), 60)
                (across if app.current != before else within).append(done_times[-1] - key_times[-1])
            result["jump_entity"] = busiest.name
            result["jump_across"] = percentiles(across) if across else {}
            result["jump_within"] = percentiles(within) if within else {}
            # Search in the app: a keystroke until its results are on screen (the query runs in
            # a worker thread; results of older queries are dropped).
            samples = []
            await pilot.press("slash")
            await pilot.pause()
            for query in APP_QUERIES:
                for letter in query:
                    shown.clear()
                    await pilot.press("space" if letter == " " else letter)
                    await asyncio.wait_for(shown.wait(), 60)
                    samples.append(done_times[-1] - key_times[-1])
                for _ in query:
                    await pilot.press("backspace")
                await pilot.pause()
            result["search"] = percentiles(samples)
            await pilot.press("escape")
            await pilot.pause()
            result["coverage"] = await _open_and_close(pilot, "E", CoverageScreen, "_show")
            app.activate(busiest.name)
            await pilot.pause()
            result["compare"] = await _open_and_close(pilot, "c", CompareScreen, "_add")

    async def _open_and_close(pilot, key: str, screen_class, filled_method: str) -> dict:
        """`key` opens `screen_class`: from the key reaching the app to its first frame, and to
        the frame after its first `filled_method` call (the counts, or the first sentences)."""
        times: dict = {}
        frame = asyncio.Event()
        filled = asyncio.Event()
        mount, fill = screen_class.on_mount, getattr(screen_class, filled_method)

        def mounted(screen) -> None:
            mount(screen)
            screen.call_after_refresh(lambda: (times.setdefault("frame", time.perf_counter()), frame.set()))

        def filling(screen, *args) -> None:
            fill(screen, *args)
            screen.call_after_refresh(lambda: (times.setdefault("filled", time.perf_counter()), filled.set()))

        screen_class.on_mount = mounted
        setattr(screen_class, filled_method, filling)
        try:
            await pilot.press(key)
            await asyncio.wait_for(frame.wait(), 600)
            await asyncio.wait_for(filled.wait(), 600)
            pressed = key_times[-1]
        finally:
            screen_class.on_mount = mount
            setattr(screen_class, filled_method, fill)
        await pilot.press("escape")
        await pilot.pause()
        return {"first_frame_ms": (times["frame"] - pressed) * 1000, "filled_ms": (times["filled"] - pressed) * 1000}

    asyncio.run(main())
    result["import"] = imported - launched
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def minimal(launched: float) -> dict:
    import asyncio

    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Static

    imported = time.time()
    result: dict = {}
    painted = asyncio.Event()

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("hello")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(lambda: (result.setdefault("first_paint", time.time() - launched), painted.set()))

    async def main() -> None:
        async with Minimal().run_test(size=(80, 24)):
            await asyncio.wait_for(painted.wait(), 60)

    asyncio.run(main())
    result["import"] = imported - launched
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def main(argv: list[str]) -> int:
    mode = argv[0]
    launched = float(os.environ.get("BENCH_LAUNCHED", time.time()))
    if mode == "cold":
        out = cold(argv[1])
    elif mode == "warm":
        out = warm(argv[1])
    elif mode == "fzf":
        out = fzf(argv[1])
    elif mode == "app":
        out = app(argv[1], launched)
    elif mode == "minimal":
        out = minimal(launched)
    else:
        raise SystemExit(f"unknown mode {mode}")
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
    os._exit(0)  # no interpreter teardown: the measurement is done


if __name__ == "__main__":
    main(sys.argv[1:])
