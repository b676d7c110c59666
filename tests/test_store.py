"""The extraction cache: a warm start extracts nothing, and stale rows never survive."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import reader.indexing as indexing
import reader.store as store
from conftest import SEEDS, reader_env
from reader.index import Corpus
from reader.indexing import build_corpus


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "news"
    shutil.copytree(SEEDS, target)
    return target


def records(corpus: Corpus) -> list[tuple]:
    return [(a.path, m.start, m.end, m.text, m.type, m.entity, m.instance, m.generic)
            for a, mentions in zip(corpus.articles, corpus.mentions) for m in mentions]


def test_warm_start_extracts_nothing_and_gives_the_same_corpus(folder, gazetteer):
    cold, report = build_corpus([folder], gazetteer=gazetteer)
    assert report.extracted == 5 and report.cached == 0
    warm, report = build_corpus([folder], gazetteer=gazetteer)
    assert report.extracted == 0 and report.cached == 5
    assert records(warm) == records(cold) == records(Corpus.load([folder], gazetteer))
    assert not any(a.loaded for a in warm.articles)  # text is read only when needed …
    assert warm.articles[2].title == cold.articles[2].title
    assert warm.articles[2].text == cold.articles[2].text  # … and then it is the file's


def test_a_changed_file_is_read_again_and_a_deleted_one_dropped(folder, gazetteer):
    build_corpus([folder], gazetteer=gazetteer)
    changed = folder / "000_5bb43277bd878173.txt"
    changed.write_text("A new headline\n\nRecep Tayyip Erdogan spoke.\n", encoding="utf-8")
    os.utime(changed, ns=(1, 1))  # a different modification time, whatever the clock
    (folder / "001_c1ddc58547b124d4.txt").unlink()
    corpus, report = build_corpus([folder], gazetteer=gazetteer)
    assert report.extracted == 1 and report.cached == 3
    assert [m.entity for m in corpus.mentions[0]] == ["Recep Tayyip Erdogan"]
    rows = store.ExtractionCache(store.Path(os.environ["READER_CACHE_DIR"]) / "index.db", "x").entries()
    assert len(rows) == 4


def test_an_engine_change_or_new_corrections_re_extract(folder, gazetteer, monkeypatch, tmp_path):
    build_corpus([folder], gazetteer=gazetteer)
    monkeypatch.setattr(indexing, "engine_version", lambda corrections=None: "another engine")
    _, report = build_corpus([folder], gazetteer=gazetteer)
    assert report.extracted == 5
    monkeypatch.undo()
    corrections = tmp_path / "entities.toml"
    corrections.write_text('[suppress]\nnames = ["Kremlin"]\n', encoding="utf-8")
    corpus, report = build_corpus([folder], corrections)
    assert report.extracted == 5
    assert "Kremlin" not in corpus.entities


def test_a_corrupt_cache_is_rebuilt_with_a_notice(folder, gazetteer):
    path = Path(os.environ["READER_CACHE_DIR"]) / "index.db"
    path.write_bytes(b"garbage" * 1000)
    corpus, report = build_corpus([folder], gazetteer=gazetteer)
    assert "rebuilt" in report.notice and len(corpus.articles) == 5
    _, report = build_corpus([folder], gazetteer=gazetteer)
    assert report.cached == 5 and not report.notice


def test_a_cache_that_cannot_be_written_is_skipped(folder, gazetteer, monkeypatch, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("READER_CACHE_DIR", str(blocked / "cache"))
    corpus, report = build_corpus([folder], gazetteer=gazetteer)
    assert len(corpus.articles) == 5 and "not used" in report.notice


def test_two_processes_indexing_at_once_both_succeed(folder):
    command = [sys.executable, "-m", "reader", "index", str(folder)]
    first = subprocess.Popen(command, env=reader_env(), stderr=subprocess.PIPE)
    second = subprocess.Popen(command, env=reader_env(), stderr=subprocess.PIPE)
    outputs = [p.communicate(timeout=120)[1].decode() for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    assert all("5 files" in out for out in outputs)
    again = subprocess.run(command, env=reader_env(), capture_output=True, text=True, timeout=120)
    assert "0 read, 5 from cache" in again.stderr


def test_many_files_use_the_process_pool(tmp_path, monkeypatch):
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(indexing.POOL_THRESHOLD + 10):
        (folder / f"{number:04}.txt").write_text(f"Story {number}\n\nVladimir Putin met Xi Jinping in Astana.\n", encoding="utf-8")
    corpus, report = build_corpus([folder], workers=2)
    assert report.extracted == indexing.POOL_THRESHOLD + 10
    assert corpus.entities["Vladimir Putin"].count == indexing.POOL_THRESHOLD + 10
    assert corpus.articles[0].text.startswith("Story 0")
