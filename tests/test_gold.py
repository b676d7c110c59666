"""The engine against hand-made gold annotations: a floor, so a change that breaks recognition fails."""

from __future__ import annotations

from pathlib import Path

from reader.corpus.evaluation import evaluate, read_gold
from support.paths import REPO


def test_independent_gold_stays_above_its_floor(monkeypatch):
    monkeypatch.chdir(REPO)  # gold paths are relative to the repository
    score = evaluate(read_gold(Path("tests/gold/independent.jsonl")))
    precision, recall, f1 = score.prf(score.exact)
    assert precision >= 0.93 and recall >= 0.90 and f1 >= 0.93, score.row("independent")
    assert score.jumps and score.jumps_right / score.jumps >= 0.95


def test_held_out_gold_stays_above_its_floor(monkeypatch):
    """Annotated by another session that never ran the engine; never used to tune the rules."""
    monkeypatch.chdir(REPO)
    for name, floor in (("wikinews_test", 0.85), ("unseen", 0.87), ("seeds", 0.95)):
        score = evaluate(read_gold(Path(f"tests/gold/{name}.jsonl")))
        f1 = score.prf(score.exact)[2]
        assert f1 >= floor, score.row(name)
        assert score.jumps_right / score.jumps >= 0.93, score.row(name)
