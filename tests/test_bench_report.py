"""The benchmark's report: the table and the verdicts read what a run measured, and say n/a for
what it could not (no fzf, no app run), never a number it did not measure."""

from __future__ import annotations

import json
import sys

from support.paths import REPO

sys.path.insert(0, str(REPO))
from benchmarks import run  # noqa: E402


def _row(size: int, *, fzf: bool, app: bool) -> dict:
    row = {
        "size": size,
        "cold": {
            "seconds": 10.0,
            "words": 8_000_000,
            "bytes": 40_000_000,
            "workers": 2,
            "entities": 1234,
            "peak_rss_mb": 200.0,
            "workers_peak_rss_mb": 40.0,
        },
        "warm": {
            "seconds": 0.5,
            "aliases": 1500,
            "search": {"p50_ms": 1.0, "p95_ms": 2.0, "p99_ms": 3.0},
            "jump": {"p50_ms": 0.01, "p95_ms": 0.05},
        },
        "fzf": {"available": True, "p50_ms": 9.5, "p95_ms": 20.4} if fzf else {"available": False},
    }
    if app:
        row["app_warm"] = {
            "first_paint": 0.4,
            "article_shown": 0.8,
            "ready": 1.6,
            "peak_rss_mb": 130.0,
            "search": {"p50_ms": 8.0, "p95_ms": 13.0, "p99_ms": 15.0},
            "jump_across": {"p50_ms": 12.0, "p95_ms": 20.0},
            "coverage": {"first_frame_ms": 45.0, "filled_ms": 380.0},
            "compare": {"first_frame_ms": 130.0, "filled_ms": 200.0},
        }
        row["cli_search"] = {"reader_s": 0.5, "grep_s": 0.1, "ratio": 5.0}
        row["app_cold"] = {"peak_rss_mb": 250.0}
        row["minimal"] = {"first_paint": 0.25}
    return row


def test_the_table_shows_each_measured_figure_and_na_for_the_rest():
    lines = run.table([_row(1000, fzf=True, app=True), _row(10000, fzf=False, app=False)]).splitlines()
    assert "fzf ms" in lines[0] and "app search ms" in lines[0]
    measured, unmeasured = lines[1].split(), lines[2].split()
    assert "800,000" in measured and "9.5/20.4" in measured and "8.0/13.0/15.0" in measured
    assert "1.6/3.2/6.4x" in measured  # first frame, article, ready over the minimal app
    assert "0.50/0.10=5.0x" in measured and "45.0/380.0" in measured
    assert "800,000" in unmeasured and "9.5/20.4" not in unmeasured and unmeasured.count("n/a") >= 5


def test_verdicts_compare_the_10000_row_with_the_targets():
    said = "\n".join(run.verdicts([_row(1000, fzf=True, app=True), _row(10000, fzf=True, app=True)]))
    assert "MET  search p95 ≤ 16 ms, in the app (key to results on screen): 13.0 ms" in said
    assert "MISS cold index ≥ 1,000,000 words/s: 800,000 words/s on 2 workers" in said
    assert "MET  warm start ≤ 2x a minimal Textual app (first frame): 0.40 s vs 0.25 s = 1.6x" in said
    assert "MISS warm start ≤ 2x a minimal Textual app (files checked)" in said
    assert "MET  peak RSS of the app ≤ 300 MB: 130 MB warm" in said
    assert "MISS warm reader search ≤ 0.5x grep -ril (whole processes): 0.50/0.10=5.0x" in said
    assert "MET  E (entities × sources) opens within 100 ms (first frame; filled after): 45.0 ms" in said
    assert "MISS c (compare) opens within 100 ms" in said
    assert "MISS start to the article list ≤ 1.2x a minimal Textual app: 3.2x" in said
    assert run.verdicts([_row(1000, fzf=True, app=True)]) == [
        "targets are for 10,000 articles: not measured in this run"
    ]


def test_report_reprints_a_saved_run(tmp_path, capsys):
    result = {
        "when": "2026-11-30 10:00:00",
        "machine": {"cores": 2, "python": "3.11.7"},
        "rows": [_row(10000, fzf=False, app=True)],
    }
    (tmp_path / "bench.json").write_text(json.dumps(result))
    assert run.main(["--report", "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "reader benchmark, 2026-11-30 10:00:00, 2 cores" in printed
    assert "fzf --filter: n/a (fzf is not installed)" in printed
    assert "MISS cold index" in printed
    assert "Recognition" not in printed  # a run from before it was measured


def test_the_report_says_how_fast_recognition_is_on_one_core(tmp_path, capsys):
    recognition = {
        "files": 283,
        "words": 213101,
        "rounds": 5,
        "words_per_second": 512345,
        "median_words_per_second": 480000,
        "cpu_words_per_second": 513000,
    }
    result = {"when": "2026-12-01 16:00:00", "recognition": recognition, "rows": [_row(10000, fzf=False, app=True)]}
    (tmp_path / "bench.json").write_text(json.dumps(result))
    assert run.main(["--report", "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "MET  recognition ≥ 500,000 words/s on one core: 512,345 words/s (best of 5 rounds" in printed
    slow = dict(recognition, words_per_second=400000)
    assert run.recognition_verdicts(slow)[0].startswith("  MISS recognition")
    assert run.recognition_verdicts({"error": "boom"}) == ["  n/a  recognition ≥ 500,000 words/s on one core: boom"]


def test_the_cold_index_is_the_median_of_three_runs_up_to_10000_articles(tmp_path, monkeypatch):
    """Each run on an empty cache; the verdict gives the median and every run's rate."""
    timings = iter([8.0, 10.0, 7.0, 120.0])
    calls: list[tuple[str, bool]] = []

    def fake_measure(mode, *args, cache=None, timeout=0):
        if mode != "cold":
            return {"error": "not measured here"}
        calls.append((mode, any(cache.iterdir())))
        (cache / "index.sqlite3").write_text("filled")
        return {"seconds": next(timings), "words": 8_000_000, "bytes": 1, "workers": 2}

    monkeypatch.setattr(run, "measure", fake_measure)
    monkeypatch.setattr(run.corpora, "build", lambda size, folder, log: tmp_path / f"corpus-{size}")
    row = run.bench_size(10000, tmp_path, False, lambda message: None)
    assert calls == [("cold", False)] * 3, "three runs, each on an empty cache"
    assert row["cold"]["seconds"] == 8.0 and row["cold"]["runs_seconds"] == [8.0, 10.0, 7.0]
    said = "\n".join(run.verdicts([dict(row, warm={})]))
    assert (
        "MET  cold index ≥ 1,000,000 words/s: 1,000,000 words/s on 2 workers"
        " (median of 3 runs: 800,000, 1,000,000, 1,142,857)" in said
    )
    big = run.bench_size(100000, tmp_path, False, lambda message: None)
    assert len(calls) == 4 and big["cold"]["runs_seconds"] == [120.0]


def test_the_report_says_whether_one_long_article_takes_linear_time():
    recognition = {"error": "not run"}
    long_article = {
        "words_x1": 213159,
        "words_x5": 1065795,
        "seconds_x1": 1.5,
        "seconds_x5": 7.5,
        "link_seconds_x1": 0.3,
        "link_seconds_x5": 1.5,
        "ratio": 5.0,
        "ratio_with_linking": 5.0,
    }
    lines = run.recognition_verdicts(recognition, long_article)
    assert lines[1].startswith("  MET  one article of 5x the words in ≤ 6x the time, recognised and linked: 5.00x")
    quadratic = dict(long_article, link_seconds_x5=14.0, ratio_with_linking=12.0)
    assert run.recognition_verdicts(recognition, quadratic)[1].startswith("  MISS one article")
    assert run.recognition_verdicts(recognition, {"error": "boom"})[1].endswith(": boom")
