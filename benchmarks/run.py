"""`make bench`: build corpora of 1,000, 10,000 and 100,000 articles, index them cold and warm,
time search keystrokes, jumps and the app's start, and print one table.

    python -m benchmarks.run [--sizes 1000,10000,100000] [--out bench-results] [--no-app] [--report]

The 100,000-article row takes most of the run (about half an hour on 2 cores); `make bench
BENCH_ARGS="--sizes 1000,10000"` leaves it out.

Every measurement runs in a fresh process (benchmarks.measure) with its own empty or warm cache
folder, so peak RSS and start-up times are that process's own. JSON goes to OUT/bench.json.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import corpus as corpora

REPO = Path(__file__).resolve().parent.parent
COLD_RUNS = 3
COLD_RUNS_UP_TO = 10_000
TARGETS = {"search_p95_ms": 16, "jump_p95_ms": 50, "start_ratio": 2.0, "words_per_s": 1_000_000, "peak_rss_mb": 300}


def measure(mode: str, *args: str, cache: Path | None = None, timeout: float = 3600) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO), BENCH_LAUNCHED=repr(time.time()))
    if cache is not None:
        env["READER_CACHE_DIR"] = str(cache)
        env["READER_DATA_DIR"] = str(cache / "data")
        env["READER_CONFIG_DIR"] = str(cache / "config")
    env["BENCH_LAUNCHED"] = repr(time.time())
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.measure", mode, *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]}
    return json.loads(lines[-1])


def bench_size(size: int, out: Path, with_app: bool, log) -> dict:
    folder = corpora.build(size, out / "corpora", log)
    cache = out / "caches" / f"cache-{size}"
    row: dict = {"size": size, "corpus": str(folder)}
    # This machine's speed varies by ±15% from one minute to the next (a shared virtual
    # machine): the cold index is the median of three runs, each on an empty cache, where
    # three runs take a few minutes at most. The warm measurements use the last run's cache.
    cold_runs = COLD_RUNS if size <= COLD_RUNS_UP_TO else 1
    log(f"[{size}] cold index ×{cold_runs} …")
    runs = []
    for _ in range(cold_runs):
        if cache.exists():
            shutil.rmtree(cache)
        cache.mkdir(parents=True)
        runs.append(measure("cold", str(folder), cache=cache))
    row["cold"] = dict(_best(runs, "seconds"), runs_seconds=[r.get("seconds") for r in runs])
    log(f"[{size}] warm index, search, jumps …")
    row["warm"] = measure("warm", str(folder), cache=cache)
    row["fzf"] = measure("fzf", str(folder), cache=cache) if shutil.which("fzf") else {"available": False}
    log(f"[{size}] reader search vs grep …")
    row["cli_search"] = cli_search(folder, cache)
    if with_app:
        log(f"[{size}] app: first start (fills the app's cache), then warm start ×3 …")
        app_cache = out / "caches" / f"app-cache-{size}"
        if app_cache.exists():
            shutil.rmtree(app_cache)
        app_cache.mkdir(parents=True)
        row["app_cold"] = measure("app", str(folder), cache=app_cache)
        runs = [measure("app", str(folder), cache=app_cache) for _ in range(3)]
        row["app_warm"] = _best(runs, "ready")
        row["minimal"] = _best([measure("minimal") for _ in range(3)], "first_paint")
    return row


def recognition_speed(*options: str) -> dict:
    """`python -m benchmarks.recognition --json` in a fresh process: words per second of
    recognition alone, on one core, over the Wikinews sample (best of 5 rounds); with `--long`,
    one article of the whole sample and one five times as long, recognised and linked."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.recognition", "--json", *options],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]}
    return json.loads(lines[-1])


def cli_search(folder: Path, cache: Path, runs: int = 5) -> dict:
    """Warm `reader search putin FOLDER` into a pipe, whole processes, against `grep -ril putin`
    on the same folder in the same run: the median of `runs` each (after one warm-up of each)."""
    env = dict(
        os.environ,
        PYTHONPATH=str(REPO),
        READER_CACHE_DIR=str(cache),
        READER_DATA_DIR=str(cache / "data"),
        READER_CONFIG_DIR=str(cache / "config"),
    )

    def seconds(command: list[str]) -> float:
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
        return time.perf_counter() - started

    # The command a user runs (the console script), as `make run` installs it; else the module.
    script = Path(sys.executable).with_name("reader")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "reader"]
    reader = [*command, "search", "putin", str(folder)]
    grep = ["grep", "-ril", "putin", str(folder)]
    seconds(reader), seconds(grep)
    reader_s = sorted(seconds(reader) for _ in range(runs))[runs // 2]
    grep_s = sorted(seconds(grep) for _ in range(runs))[runs // 2]
    return {"reader_s": reader_s, "grep_s": grep_s, "ratio": reader_s / grep_s if grep_s else None}


def _best(runs: list[dict], key: str) -> dict:
    good = [r for r in runs if key in r]
    if not good:
        return runs[-1]
    ordered = sorted(good, key=lambda r: r[key])
    return ordered[len(ordered) // 2]  # the median run


def _f(value, spec: str = ".1f", na: str = "n/a") -> str:
    return na if value is None else format(value, spec)


def _cli(stats: dict) -> str:
    """reader search s / grep s = ratio."""
    if not stats.get("ratio"):
        return "n/a"
    return f"{stats['reader_s']:.2f}/{stats['grep_s']:.2f}={stats['ratio']:.1f}x"


def _ms(stats: dict, *keys: str) -> str:
    return "/".join(_f(stats.get(k), ".1f") for k in keys) if stats else "n/a"


def table(rows: list[dict]) -> str:
    """One line per corpus size; the legend printed below says what each column is."""
    head = (
        f"{'articles':>9} {'cold s':>7} {'MB/s':>5} {'words/s':>10} {'/core':>8} {'warm s':>6} "
        f"{'1st s':>5} {'art s':>5} {'ready s':>7} {'min s':>5} {'ratio':>13} "
        f"{'search ms':>14} {'app search ms':>14} {'fzf ms':>10} {'jump ms':>9} {'app n ms':>10} "
        f"{'RSS MB':>11} {'entities':>8} {'aliases':>7} {'cli÷grep':>15} {'E ms':>11} {'c ms':>11}"
    )
    lines = [head]
    for row in rows:
        cold, warm = row.get("cold", {}), row.get("warm", {})
        app, minimal, app_cold = row.get("app_warm", {}), row.get("minimal", {}), row.get("app_cold", {})
        seconds = cold.get("seconds")
        workers = cold.get("workers") or 1
        words_s = cold["words"] / seconds if seconds else None
        mb_s = cold["bytes"] / 1e6 / seconds if seconds else None
        ready, first, base = app.get("ready"), app.get("first_paint"), minimal.get("first_paint")
        shown = app.get("article_shown")
        ratio = (
            f"{first / base:.1f}/{shown / base:.1f}/{ready / base:.1f}x"
            if first and shown and ready and base
            else "n/a"
        )
        rss = f"{_f(app.get('peak_rss_mb'), '.0f')}/{_f(app_cold.get('peak_rss_mb'), '.0f')}"
        lines.append(
            f"{row['size']:>9} {_f(seconds):>7} {_f(mb_s):>5} {_f(words_s, ',.0f'):>10} "
            f"{_f(words_s / workers if words_s else None, ',.0f'):>8} {_f(warm.get('seconds'), '.2f'):>6} "
            f"{_f(first, '.2f'):>5} {_f(shown, '.2f'):>5} {_f(ready, '.2f'):>7} {_f(base, '.2f'):>5} {ratio:>13} "
            f"{_ms(warm.get('search', {}), 'p50_ms', 'p95_ms', 'p99_ms'):>14} "
            f"{_ms(app.get('search', {}), 'p50_ms', 'p95_ms', 'p99_ms'):>14} "
            f"{_ms(row['fzf'] if row.get('fzf', {}).get('available') else {}, 'p50_ms', 'p95_ms'):>10} "
            f"{_ms(warm.get('jump', {}), 'p50_ms', 'p95_ms'):>9} {_ms(app.get('jump_across', {}), 'p50_ms', 'p95_ms'):>10} "
            f"{rss:>11} {_f(cold.get('entities'), 'd'):>8} {_f(warm.get('aliases'), 'd'):>7} "
            f"{_cli(row.get('cli_search', {})):>15} {_ms(app.get('coverage', {}), 'first_frame_ms', 'filled_ms'):>11} "
            f"{_ms(app.get('compare', {}), 'first_frame_ms', 'filled_ms'):>11}"
        )
    return "\n".join(lines)


LEGEND = """\
cold: `reader index` on an empty cache, every core (words/s across them, and per core); the median of
{cold_runs} runs up to {cold_up_to:,} articles, one run above;
warm s: the same again (files unchanged: the stored corpus is restored, nothing is read or linked);
1st s / art s / ready s: the app (headless, 80x24, warm cache) from process start to its first painted
frame / to the first frame with the article list and an article (what the folder showed last time) /
to the frame after every file was checked against the cache; min s: a minimal Textual app to its
first frame; ratio: 1st, art and ready over min;
search ms: Corpus.search per keystroke (p50/p95/p99), {queries} queries typed letter by letter;
app search ms: in the app, a key reaching it to the frame with its results ({app_queries} queries);
fzf ms: `fzf --filter` over the same aliases, the same keystrokes (p50/p95; includes its process start);
jump ms: Corpus.step (p50/p95); app n ms: in the app, `n` reaching it to the frame showing the mention
in another article (p50/p95);
RSS MB: peak of the app process (warm start, 120 jumps, search) / of the app's first start (indexing);
cli÷grep: warm `reader search putin FOLDER` into a pipe over `grep -ril putin FOLDER`, whole processes
(seconds, median of 5 each, same run); E ms / c ms: in the app, E (entities × sources) and c (what each
source says about the busiest person) from the key to the screen's first frame / to the frame with its
counts or first sentences."""


def verdicts(rows: list[dict]) -> list[str]:
    row = next((r for r in rows if r["size"] == 10000), None)
    if row is None:
        return ["targets are for 10,000 articles: not measured in this run"]
    cold, warm = row["cold"], row["warm"]
    app, minimal, app_cold = row.get("app_warm", {}), row.get("minimal", {}), row.get("app_cold", {})
    out = []

    def say(name: str, ok: bool | None, detail: str) -> None:
        out.append(f"  {'MET ' if ok else 'n/a ' if ok is None else 'MISS'} {name}: {detail}")

    engine = warm.get("search", {}).get("p95_ms")
    in_app = app.get("search", {}).get("p95_ms")
    say("search p95 ≤ 16 ms, engine (Corpus.search)", engine is not None and engine <= 16, f"{_f(engine)} ms")
    say(
        "search p95 ≤ 16 ms, in the app (key to results on screen)",
        None if in_app is None else in_app <= 16,
        f"{_f(in_app)} ms",
    )
    jump = app.get("jump_across", {}).get("p95_ms")
    say(
        "jump p95 ≤ 50 ms (n to the mention painted in another article)",
        None if jump is None else jump <= 50,
        f"{_f(jump)} ms (engine step {_f(warm.get('jump', {}).get('p95_ms'), '.2f')} ms)",
    )
    if "ready" in app and "first_paint" in minimal:
        base = minimal["first_paint"]
        say(
            "warm start ≤ 2x a minimal Textual app (first frame)",
            app["first_paint"] / base <= 2,
            f"{app['first_paint']:.2f} s vs {base:.2f} s = {app['first_paint'] / base:.1f}x",
        )
        if "article_shown" in app:
            say(
                "warm start ≤ 2x a minimal Textual app (article on screen)",
                app["article_shown"] / base <= 2,
                f"{app['article_shown']:.2f} s vs {base:.2f} s = {app['article_shown'] / base:.1f}x",
            )
        if "article_shown" in app:
            ratio = app["article_shown"] / base
            say("start to the article list ≤ 1.2x a minimal Textual app", ratio <= 1.2, f"{ratio:.1f}x")
            say("start to the article's text ≤ 1.4x a minimal Textual app", ratio <= 1.4, f"{ratio:.1f}x")
        say(
            "warm start ≤ 2x a minimal Textual app (files checked)",
            app["ready"] / base <= 2,
            f"{app['ready']:.2f} s vs {base:.2f} s = {app['ready'] / base:.1f}x",
        )
    else:
        say("warm start ≤ 2x a minimal Textual app", None, f"app: {app.get('error', 'not measured')}")
    if cold.get("seconds"):
        rate = cold["words"] / cold["seconds"]
        runs = [r for r in cold.get("runs_seconds") or [] if r]
        spread = (
            (
                f" (median of {len(runs)} runs: "
                + ", ".join(f"{cold['words'] / r:,.0f}" for r in sorted(runs, reverse=True))
                + ")"
            )
            if len(runs) > 1
            else ""
        )
        say("cold index ≥ 1,000,000 words/s", rate >= 1e6, f"{rate:,.0f} words/s on {cold['workers']} workers{spread}")
    cli = row.get("cli_search", {})
    say(
        "warm reader search ≤ 0.5x grep -ril (whole processes)",
        None if not cli.get("ratio") else cli["ratio"] <= 0.5,
        _cli(cli),
    )
    for name, key in (("E (entities × sources)", "coverage"), ("c (compare)", "compare")):
        opened = app.get(key, {})
        frame = opened.get("first_frame_ms")
        say(
            f"{name} opens within 100 ms (first frame; filled after)",
            None if frame is None else frame <= 100,
            f"{_f(frame)} ms; filled {_f(opened.get('filled_ms'))} ms",
        )
    big = next((r for r in rows if r["size"] == 100000), None)
    if big is not None:
        warm_big, cold_big = big.get("app_warm", {}), big.get("app_cold", {})
        peak, held = cold_big.get("peak_rss_mb"), warm_big.get("peak_rss_mb")
        say(
            "100,000 articles: first-start peak RSS ≤ 1 GB, warm ≤ 300 MB",
            None if peak is None or held is None else peak <= 1024 and held <= 300,
            f"{_f(peak, '.0f')} MB / {_f(held, '.0f')} MB",
        )
        shown, ready = warm_big.get("article_shown"), warm_big.get("ready")
        say(
            "100,000 articles: warm start to the article ≤ 1.5 s, every file checked ≤ 3 s",
            None if shown is None or ready is None else shown <= 1.5 and ready <= 3,
            f"{_f(shown, '.2f')} s / {_f(ready, '.2f')} s",
        )
    rss = app.get("peak_rss_mb")
    say(
        "peak RSS of the app ≤ 300 MB",
        None if rss is None else rss <= 300,
        f"{_f(rss, '.0f')} MB warm; {_f(app_cold.get('peak_rss_mb'), '.0f')} MB on its first start, indexing "
        f"(`reader index`: {_f(cold.get('peak_rss_mb'), '.0f')} MB plus {_f(cold.get('workers_peak_rss_mb'), '.0f')} MB per worker)",
    )
    return out


def recognition_verdicts(recognition: dict, long_article: dict | None = None) -> list[str]:
    if "error" in recognition:
        lines = [f"  n/a  recognition ≥ 500,000 words/s on one core: {recognition['error']}"]
    else:
        rate = recognition["words_per_second"]
        lines = [
            f"  {'MET ' if rate >= 500_000 else 'MISS'} recognition ≥ 500,000 words/s on one core: {rate:,} words/s "
            f"(best of {recognition['rounds']} rounds over {recognition['files']} articles, {recognition['words']:,} words; "
            f"median {recognition['median_words_per_second']:,}; by CPU time {recognition['cpu_words_per_second']:,})"
        ]
    if long_article is None:
        return lines
    if "error" in long_article:
        return [*lines, f"  n/a  one article of 5x the words in ≤ 6x the time: {long_article['error']}"]
    ratio = long_article["ratio_with_linking"]
    whole = [long_article[f"seconds_x{n}"] + long_article[f"link_seconds_x{n}"] for n in (1, 5)]
    return [
        *lines,
        f"  {'MET ' if ratio <= 6 else 'MISS'} one article of 5x the words in ≤ 6x the time, recognised and linked: "
        f"{ratio:.2f}x ({long_article['words_x1']:,} words {whole[0]:.2f} s, {long_article['words_x5']:,} words "
        f"{whole[1]:.2f} s, CPU time; recognition alone {long_article['ratio']:.2f}x)",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="comma-separated corpus sizes (default 1000,10000,100000)"
    )
    parser.add_argument("--out", default=str(REPO / "bench-results"), help="corpora, caches and bench.json")
    parser.add_argument("--no-app", action="store_true", help="skip the app start-up measurements")
    parser.add_argument("--report", action="store_true", help="print the table of the last run (OUT/bench.json) again")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    out = Path(args.out)
    if args.report:
        print_report(json.loads((out / "bench.json").read_text()), out)
        return 0
    out.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    log(__doc__.splitlines()[0])
    # Every start measured imports reader's compiled bytecode, as an installed reader does:
    # where PYTHONDONTWRITEBYTECODE is set (as on this machine), Python would otherwise compile
    # every changed module again at each start and never keep the result.
    compileall.compile_dir(str(REPO / "reader"), quiet=1)
    log(corpora.__doc__.strip().split("\n\n")[1].replace("\n", " "))
    log("recognition on one core (the Wikinews sample) …")
    recognition = recognition_speed()
    log("one long article and five times its length …")
    long_article = recognition_speed("--long")
    rows = [bench_size(size, out, not args.no_app, log) for size in sizes]
    result = {
        "recognition": recognition,
        "long_article": long_article,
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "targets_at_10000": TARGETS,
        "rows": rows,
    }
    (out / "bench.json").write_text(json.dumps(result, indent=2))
    print_report(result, out)
    return 0


def print_report(result: dict, out: Path) -> None:
    from benchmarks.measure import APP_QUERIES, QUERIES

    rows = result["rows"]
    machine = result.get("machine", {})
    print(
        f"reader benchmark, {result.get('when', '?')}, {machine.get('cores', '?')} cores, "
        f"Python {machine.get('python', '?')}"
    )
    print(table(rows))
    print(
        LEGEND.format(
            queries=len(QUERIES), app_queries=len(APP_QUERIES), cold_runs=COLD_RUNS, cold_up_to=COLD_RUNS_UP_TO
        )
    )
    if not any(row.get("fzf", {}).get("available") for row in rows):
        print("fzf --filter: n/a (fzf is not installed)")
    for row in rows:
        for key in ("cold", "warm", "app_cold", "app_warm", "minimal"):
            if "error" in row.get(key, {}):
                print(f"  {row['size']} {key}: error: {row[key]['error']}")
    print("Targets at 10,000 articles:")
    print("\n".join(verdicts(rows)))
    recognition = result.get("recognition")
    if recognition:
        print("Recognition (issue 12):")
        print("\n".join(recognition_verdicts(recognition, result.get("long_article"))))
    print(f"JSON: {out / 'bench.json'}")


if __name__ == "__main__":
    raise SystemExit(main())
