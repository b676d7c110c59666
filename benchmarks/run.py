"""`make bench`: build corpora of 1,000 and 10,000 articles (100,000 with --sizes), index them
cold and warm, time search keystrokes, jumps and the app's start, and print one table.

    python -m benchmarks.run [--sizes 1000,10000,100000] [--out bench-results] [--no-app]

Every measurement runs in a fresh process (benchmarks.measure) with its own empty or warm cache
folder, so peak RSS and start-up times are that process's own. JSON goes to OUT/bench.json.
"""

from __future__ import annotations

import argparse
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
TARGETS = {"search_p95_ms": 16, "jump_p95_ms": 50, "start_ratio": 2.0, "words_per_s": 1_000_000, "peak_rss_mb": 300}


def measure(mode: str, *args: str, cache: Path | None = None, timeout: float = 3600) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO), BENCH_LAUNCHED=repr(time.time()))
    if cache is not None:
        env["READER_CACHE_DIR"] = str(cache)
        env["READER_DATA_DIR"] = str(cache / "data")
        env["READER_CONFIG_DIR"] = str(cache / "config")
    env["BENCH_LAUNCHED"] = repr(time.time())
    done = subprocess.run([sys.executable, "-m", "benchmarks.measure", mode, *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]}
    return json.loads(lines[-1])


def fast_search_available() -> bool:
    return (REPO / "reader" / "search_index.py").exists()


def bench_size(size: int, out: Path, with_app: bool, log) -> dict:
    folder = corpora.build(size, out / "corpora", log)
    cache = out / "caches" / f"cache-{size}"
    if cache.exists():
        shutil.rmtree(cache)
    cache.mkdir(parents=True)
    row: dict = {"size": size, "corpus": str(folder)}
    log(f"[{size}] cold index …")
    row["cold"] = measure("cold", str(folder), cache=cache)
    log(f"[{size}] warm index, search, jumps …")
    args = [str(folder)] + (["--fast"] if fast_search_available() else [])
    row["warm"] = measure("warm", *args, cache=cache)
    row["fzf"] = measure("fzf", str(folder), cache=cache) if shutil.which("fzf") else {"available": False}
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


def _best(runs: list[dict], key: str) -> dict:
    good = [r for r in runs if key in r]
    if not good:
        return runs[-1]
    ordered = sorted(good, key=lambda r: r[key])
    return ordered[len(ordered) // 2]  # the median run


def _f(value, spec: str = ".1f", na: str = "n/a") -> str:
    return na if value is None else format(value, spec)


def table(rows: list[dict]) -> str:
    lines = []
    head = (f"{'articles':>9} {'cold s':>7} {'MB/s':>6} {'words/s':>10} {'/core':>9} {'warm s':>7} "
            f"{'app 1st':>7} {'app ready':>9} {'minimal':>7} {'ratio':>11} "
            f"{'search p50/p95/p99 ms':>22} {'fast p50/p95/p99 ms':>20} {'jump p50/p95 ms':>15} "
            f"{'RSS MB':>13} {'entities':>8} {'aliases':>7}")
    lines.append(head)
    for row in rows:
        cold, warm = row.get("cold", {}), row.get("warm", {})
        seconds = cold.get("seconds")
        workers = cold.get("workers") or 1
        words_s = cold["words"] / seconds if seconds else None
        mb_s = cold["bytes"] / 1e6 / seconds if seconds else None
        search, fast, jump = warm.get("search", {}), warm.get("fast_search", {}), warm.get("jump", {})
        app, minimal = row.get("app_warm", {}), row.get("minimal", {})
        ready, first, base = app.get("ready"), app.get("first_paint"), minimal.get("first_paint")
        ratio = f"{first / base:.1f}/{ready / base:.1f}x" if first and ready and base else "n/a"
        rss = f"{_f(warm.get('peak_rss_after_load_mb'), '.0f')}/{_f(warm.get('peak_rss_mb'), '.0f')}"
        lines.append(
            f"{row['size']:>9} {_f(seconds):>7} {_f(mb_s):>6} {_f(words_s, ',.0f'):>10} "
            f"{_f(words_s / workers if words_s else None, ',.0f'):>9} {_f(warm.get('seconds'), '.2f'):>7} "
            f"{_f(first, '.2f'):>7} {_f(ready, '.2f'):>9} {_f(base, '.2f'):>7} {ratio:>11} "
            f"{_f(search.get('p50_ms'))}/{_f(search.get('p95_ms'))}/{_f(search.get('p99_ms')):<9}".rjust(0)
            + f" {(_f(fast.get('p50_ms')) + '/' + _f(fast.get('p95_ms')) + '/' + _f(fast.get('p99_ms'))) if fast else 'n/a':>20}"
            f" {_f(jump.get('p50_ms'), '.3f')}/{_f(jump.get('p95_ms'), '.2f'):>8}"
            f" {rss:>13} {_f(cold.get('entities'), 'd'):>8} {_f(warm.get('aliases'), 'd'):>7}")
    return "\n".join(lines)


def verdicts(rows: list[dict]) -> list[str]:
    row = next((r for r in rows if r["size"] == 10000), None)
    if row is None:
        return ["targets are for 10,000 articles: not measured in this run"]
    cold, warm = row["cold"], row["warm"]
    out = []

    def say(name: str, ok: bool | None, detail: str) -> None:
        out.append(f"  {'MET ' if ok else 'n/a ' if ok is None else 'MISS'} {name}: {detail}")

    p95 = warm.get("search", {}).get("p95_ms")
    fast = warm.get("fast_search", {}).get("p95_ms")
    say("search p95 ≤ 16 ms (Corpus.search)", p95 is not None and p95 <= 16, f"{_f(p95)} ms")
    if fast is not None:
        say("search p95 ≤ 16 ms (reader.search_index)", fast <= 16, f"{_f(fast)} ms")
    jump = warm.get("jump", {}).get("p95_ms")
    say("jump p95 ≤ 50 ms (engine side)", jump is not None and jump <= 50, f"{_f(jump, '.2f')} ms")
    app, minimal = row.get("app_warm", {}), row.get("minimal", {})
    if "ready" in app and "first_paint" in minimal:
        ratio = app["ready"] / minimal["first_paint"]
        say("warm start ≤ 2x minimal Textual app (to the article on screen)", ratio <= 2,
            f"{app['ready']:.2f} s vs {minimal['first_paint']:.2f} s = {ratio:.1f}x "
            f"(first frame, 'Loading…': {app['first_paint']:.2f} s = {app['first_paint'] / minimal['first_paint']:.1f}x)")
    else:
        say("warm start ≤ 2x minimal Textual app", None, f"app: {app.get('error', 'not measured')}")
    if cold.get("seconds"):
        rate = cold["words"] / cold["seconds"]
        say("cold index ≥ 1,000,000 words/s", rate >= 1e6, f"{rate:,.0f} words/s on {cold['workers']} workers")
    rss = warm.get("peak_rss_mb")
    say("peak RSS ≤ 300 MB (warm: load, all texts, search, jumps)", rss is not None and rss <= 300,
        f"{_f(rss, '.0f')} MB (after load, texts unread: {_f(warm.get('peak_rss_after_load_mb'), '.0f')} MB; "
        f"cold indexing main process {_f(cold.get('peak_rss_mb'), '.0f')} MB)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes (default 1000,10000)")
    parser.add_argument("--out", default=str(REPO / "bench-results"), help="corpora, caches and bench.json")
    parser.add_argument("--no-app", action="store_true", help="skip the app start-up measurements")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    log(__doc__.splitlines()[0])
    log(corpora.__doc__.strip().split("\n\n")[1].replace("\n", " "))
    rows = [bench_size(size, out, not args.no_app, log) for size in sizes]
    result = {
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "targets_at_10000": TARGETS,
        "rows": rows,
    }
    (out / "bench.json").write_text(json.dumps(result, indent=2))
    print(f"reader benchmark, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(table(rows))
    print("cold: empty cache, all cores; warm: second start of the engine (cache hits, linking); "
          "app 1st: process start to first painted frame; app ready: to the frame with an article "
          "(headless run_test, 80x24); minimal: a minimal Textual app to its first frame; ratio: 1st/ready "
          "over minimal; search: Corpus.search per keystroke over "
          f"{len(__import__('benchmarks.measure', fromlist=['QUERIES']).QUERIES)} queries typed letter by letter; "
          "fast: reader.search_index; RSS: warm process after load / at the end (all texts read).")
    fzf = rows[-1].get("fzf", {})
    print("fzf --filter over the same aliases: " + (f"p50 {fzf['p50_ms']:.1f} ms, p95 {fzf['p95_ms']:.1f} ms "
          "(includes process start)" if fzf.get("available") else "n/a (fzf is not installed)"))
    for row in rows:
        for key in ("cold", "warm", "app_cold", "app_warm", "minimal"):
            if "error" in row.get(key, {}):
                print(f"  {row['size']} {key}: error: {row[key]['error']}")
    print("Targets at 10,000 articles:")
    print("\n".join(verdicts(rows)))
    print(f"JSON: {out / 'bench.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
