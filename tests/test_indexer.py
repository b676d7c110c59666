"""The indexer gives the corpus `Corpus.load` gives, in process or on a pool, cold or warm."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.corpus.corpus import Corpus
from reader.indexer import index_paths, load_corpus
from support.corpus_view import signature
from support.paths import SEEDS


def test_seeds_cold_and_warm_match_corpus_load(gazetteer):
    expected = signature(Corpus.load([SEEDS], gazetteer))
    cold = index_paths([SEEDS], gazetteer)
    warm = index_paths([SEEDS], gazetteer)
    assert cold.stats.extracted == 5 and warm.stats.cached == 5
    assert signature(cold.corpus) == expected
    assert signature(warm.corpus) == expected


def test_search_and_navigation_agree_with_corpus_load(gazetteer):
    expected = Corpus.load([SEEDS], gazetteer)
    index_paths([SEEDS], gazetteer)
    warm = load_corpus([SEEDS], gazetteer)
    for query in ("putn", "tokaev", "shangai cooperation", "xi", "erdogan", "astana"):
        assert [(h.entity.name, h.score) for h in warm.search(query)] == [
            (h.entity.name, h.score) for h in expected.search(query)
        ]
    for name in list(expected.entities)[:20]:
        assert warm.step(name, 0, 0) == expected.step(name, 0, 0)


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory) -> Path:
    """250 files (50 copies of the seeds, each with its own date), enough for the pool."""
    root = tmp_path_factory.mktemp("big")
    for copy in range(50):
        target = root / f"c{copy:02d}"
        target.mkdir()
        for file in sorted(SEEDS.glob("*.txt")):
            text = file.read_text(encoding="utf-8")
            (target / file.name).write_text(text.replace("2024", str(1990 + copy)), encoding="utf-8")
    return root


def test_process_pool_gives_the_same_corpus(big_folder, gazetteer):
    steps: list[tuple[int, int]] = []
    pooled = index_paths(
        [big_folder], gazetteer, workers=2, use_cache=False, progress=lambda done, total: steps.append((done, total))
    )
    assert pooled.stats.workers == 2 and pooled.stats.extracted == 250
    assert steps[-1] == (250, 250)
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)
    assert signature(pooled.corpus) == signature(Corpus.load([big_folder], gazetteer))


def test_pool_fills_the_cache_for_the_next_start(big_folder, gazetteer):
    cold = index_paths([big_folder], gazetteer, workers=2)
    warm = index_paths([big_folder], gazetteer, workers=2)
    assert cold.stats.extracted == 250 and warm.stats.cached == 250 and warm.stats.extracted == 0
    assert signature(warm.corpus) == signature(cold.corpus)


def test_problems_are_reported_in_load_order(tmp_path, gazetteer):
    folder = tmp_path / "mixed"
    shutil.copytree(SEEDS, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (folder / "sources.toml").write_text("not [valid toml")
    expected = Corpus.load([folder, tmp_path / "missing"], gazetteer)
    for _ in range(2):
        result = index_paths([folder, tmp_path / "missing"], gazetteer)
        assert [str(p) for p in result.corpus.problems] == [str(p) for p in expected.problems]
        assert signature(result.corpus) == signature(expected)


def test_a_user_entity_in_the_corrections_reaches_the_workers(big_folder):
    from reader.config import corrections_file

    corrections_file().parent.mkdir(parents=True, exist_ok=True)
    corrections_file().write_text('[[entity]]\nname = "Astana Talks"\ntype = "EVENT"\naliases = ["Astana"]\n')
    pooled = index_paths([big_folder], workers=2, use_cache=False)
    single = index_paths([big_folder], workers=1, use_cache=False)
    assert signature(pooled.corpus) == signature(single.corpus)


def test_cancelled_index_stops_early_and_keeps_what_it_read(big_folder, gazetteer, tmp_path):
    """Quitting the app during a cold index: the pool stops after the batch in hand, and the
    next start reads only the files the first did not finish."""
    from reader.indexer import IndexCancelled

    cache_path = tmp_path / "cancel.db"
    batches = []

    def cancel_after_first_batch() -> bool:
        batches.append(1)
        return len(batches) > 1

    with pytest.raises(IndexCancelled):
        index_paths([big_folder], gazetteer, cache_path=cache_path, workers=2, cancelled=cancel_after_first_batch)
    second = index_paths([big_folder], gazetteer, cache_path=cache_path, workers=1)
    assert 0 < second.stats.cached < second.stats.files
    assert second.stats.cached + second.stats.extracted == second.stats.files
    assert signature(second.corpus) == signature(index_paths([big_folder], gazetteer, use_cache=False).corpus)


def test_the_garbage_collector_is_off_while_indexing_and_back_as_it_was_after(gazetteer, tmp_path):
    """Indexing pauses the cyclic collector (its full passes over the growing mentions found
    nothing to free); it comes back on after, also when indexing fails, and stays off when
    it was off. Two indexings at once (the app reloading while a CLI-like caller indexes)
    turn it back on only when both are done."""
    import gc
    import threading

    from reader.indexer import IndexCancelled

    seen: list[bool] = []
    assert gc.isenabled()
    index_paths([SEEDS], gazetteer, use_cache=False, progress=lambda done, total: seen.append(gc.isenabled()))
    assert seen and not any(seen)
    assert gc.isenabled()

    with pytest.raises(IndexCancelled):
        index_paths([SEEDS], gazetteer, use_cache=False, cancelled=lambda: True, workers=1)
    assert gc.isenabled()

    gc.disable()
    try:
        index_paths([SEEDS], gazetteer, use_cache=False)
        assert not gc.isenabled()
    finally:
        gc.enable()

    inside, release = threading.Event(), threading.Event()

    def slow_progress(done: int, total: int) -> None:
        inside.set()
        release.wait(10)

    first = threading.Thread(
        target=index_paths, args=([SEEDS], gazetteer), kwargs={"use_cache": False, "progress": slow_progress}
    )
    first.start()
    assert inside.wait(10)
    index_paths([SEEDS], gazetteer, use_cache=False)
    assert not gc.isenabled(), "the other indexing is still running"
    release.set()
    first.join(10)
    assert gc.isenabled()
