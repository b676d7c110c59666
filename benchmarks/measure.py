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
    "putn", "tokaev", "shangai cooperation", "xian", "erdogan", "zelenski", "xi jinping", "biden", "trump",
    "modi", "macron", "merkel", "boris jonson", "united nations", "nato", "european union",
    "world health organisation", "russia", "ukrain", "kazakstan", "astana", "beijing", "moskow",
    "washington", "china", "olympics", "g20 summit", "brics", "security council", "kim jong un",
    "navalny", "lukashenko", "jacinda ardern", "new zealand", "taliban", "wikinews", "pelosi",
    "bolsonaro", "maduro", "netanyahu",
]


def peak_rss_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: kilobytes


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return {"n": len(ordered), "p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99),
            "max_ms": ordered[-1] * 1000, "mean_ms": statistics.fmean(ordered) * 1000}


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
    return {"seconds": seconds, "extract_seconds": stats.extract_seconds, "link_seconds": stats.link_seconds,
            "files": stats.articles, "extracted": stats.extracted, "words": stats.words, "bytes": stats.bytes,
            "mentions": stats.mentions, "entities": stats.entities, "workers": stats.workers,
            "aliases": len(result.corpus.aliases), "notices": result.notices,
            "peak_rss_mb": peak_rss_mb(), "workers_peak_rss_mb": peak_rss_mb(resource.RUSAGE_CHILDREN)}


def warm(corpus_dir: str, fast: bool) -> dict:
    import_started = time.perf_counter()
    from reader.indexer import index_paths

    started = time.perf_counter()
    result = index_paths([corpus_dir])
    seconds = time.perf_counter() - started
    corpus = result.corpus
    out = {"seconds": seconds, "import_seconds": started - import_started, "link_seconds": result.stats.link_seconds,
           "cached": result.stats.cached, "extracted": result.stats.extracted,
           "peak_rss_after_load_mb": peak_rss_mb()}
    # Text of every article, as the app's reading state asks for it today.
    started = time.perf_counter()
    loaded = sum(len(a.text) for a in corpus.articles)
    out["text_load_seconds"] = time.perf_counter() - started
    out["text_chars"] = loaded
    out["peak_rss_with_text_mb"] = peak_rss_mb()
    prefixes = keystrokes()
    out["search"] = time_search(corpus.search, prefixes)
    if fast:
        from reader.search_index import SearchIndex

        started = time.perf_counter()
        index = SearchIndex(corpus)
        out["fast_search_build_seconds"] = time.perf_counter() - started
        out["fast_search"] = time_search(index.search, prefixes)
    out["jump"] = time_jumps(corpus)
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
    """The reader app, headless at 80x24: the first painted frame, and the frame with an article."""
    import asyncio

    from reader.tui.app import ReaderApp

    imported = time.time()
    result: dict = {}

    async def main() -> None:
        app = ReaderApp([__import__("pathlib").Path(corpus_dir)], use_state=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            result["first_paint"] = time.time() - launched
            for _ in range(6000):
                if app.corpus is not None and getattr(app.pane, "article", None) is not None:
                    break
                await asyncio.sleep(0.005)
            await pilot.pause()
            result["ready"] = time.time() - launched
            result["articles"] = len(app.corpus.articles) if app.corpus else 0
    asyncio.run(main())
    result["import"] = imported - launched
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def minimal(launched: float) -> dict:
    import asyncio

    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Static

    imported = time.time()

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("hello")
            yield Footer()

    result: dict = {}

    async def main() -> None:
        async with Minimal().run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            result["first_paint"] = time.time() - launched
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
        out = warm(argv[1], fast="--fast" in argv)
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
