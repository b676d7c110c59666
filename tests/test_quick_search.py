"""`reader search` from the index cache's answer tables (reader.cli.quick): on an unchanged
folder it prints what the general way prints, byte for byte, without loading the gazetteer or
restoring the corpus; whenever anything it needs is missing or stale it declines, and the
general way answers."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from reader import cli
from reader.cli import quick
from reader.config import cache_dir, corrections_file
from reader.store.db import DB_NAME
from support.paths import REPO, SEEDS

QUERIES = ["putin", "xi jinping", "shangai cooperation", "sco summit", "nato", "kazakstan", "erdogan", "zz"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The seeds, a page with debris and a file whose text tries markup and escape sequences."""
    copy = tmp_path / "news"
    shutil.copytree(SEEDS, copy)
    (copy / "hostile.txt").write_text(
        "Hostile\n\n[link=https://evil.example]Vladimir Putin[/link] met \x1b]8;;https://x\x1b\\\\Xi Jinping"
        "\x1b]8;;\x1b\\\\ and [@click=app.quit]NATO[/] in Astana.\n",
        encoding="utf-8",
    )
    return copy


@pytest.fixture
def answered(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """What each quick_search call gave (None: it declined)."""
    given: list[int | None] = []
    real = quick.quick_search

    def recording(*args):
        result = real(*args)
        given.append(result)
        return result

    monkeypatch.setattr(quick, "quick_search", recording)
    return given


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("options", [(), ("--json",), ("--limit", "1")])
def test_the_quick_answer_is_the_general_ways_byte_for_byte(folder, capsys, monkeypatch, answered, options):
    run(capsys, "index", str(folder))
    for query in QUERIES:
        answered.clear()
        fast = run(capsys, "search", query, str(folder), *options)
        assert answered and answered[0] is not None, f"{query!r} was not answered quickly"
        with monkeypatch.context() as general:
            general.setattr(quick, "quick_search", lambda *args: None)
            assert run(capsys, "search", query, str(folder), *options) == fast, query


@pytest.mark.parametrize(
    "environ",
    [
        {"FORCE_COLOR": "1"},
        {"FORCE_COLOR": "1", "NO_COLOR": "1"},
        {"COLUMNS": "50"},
        {"TTY_COMPATIBLE": "1", "TERM": "dumb"},
    ],
)
def test_the_quick_answer_styles_and_cuts_lines_as_the_general_way(folder, capsys, monkeypatch, answered, environ):
    run(capsys, "index", str(folder))
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    fast = run(capsys, "search", "putin", str(folder))
    assert answered == [0]
    monkeypatch.setattr(quick, "quick_search", lambda *args: None)
    assert run(capsys, "search", "putin", str(folder)) == fast


def test_markup_and_escapes_in_an_article_print_inert(folder, capsys, monkeypatch, answered):
    monkeypatch.setenv("COLUMNS", "200")  # wide enough for the markup beside the mention
    run(capsys, "index", str(folder))
    code, out, _ = run(capsys, "search", "putin", str(folder))
    assert code == 0 and answered == [0]
    assert "[link=https://evil.example]" in out and "\x1b" not in out and "\x9d" not in out


def test_the_quick_answer_loads_no_gazetteer_and_no_rich_console(folder):
    """What makes it quick: checked in a fresh process, as a user runs it."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-m", "reader", "index", str(folder)], env=env, check=True, capture_output=True)
    probe = (
        "import sys; from reader.cli import main; code = main(['search', 'putin', sys.argv[1]]);"
        "print([m for m in ('reader.entities.gazetteer', 'reader.entities.recognize', 'reader.corpus.corpus',"
        " 'rich.console', 'reader.store.file_cache') if m in sys.modules], code, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", probe, str(folder)], env=env, capture_output=True, text=True)
    assert result.stderr.strip().splitlines()[-1] == "[] 0", result.stderr


def _declined(capsys, folder, answered) -> tuple[int, str, str]:
    answered.clear()
    result = run(capsys, "search", "putin", str(folder))
    assert answered == [None], "answered from stale or missing rows"
    return result


def test_a_changed_file_is_not_answered_quickly(folder, capsys, answered):
    run(capsys, "index", str(folder))
    article = sorted(folder.glob("*.txt"))[0]
    article.write_text(article.read_text(encoding="utf-8").replace("Putin", "Putin Putin"), encoding="utf-8")
    code, out, _ = _declined(capsys, folder, answered)
    assert code == 0 and "«Putin» Putin" in out
    answered.clear()
    assert run(capsys, "search", "putin", str(folder))[1] == out and answered == [0], "the new run is remembered"


def test_a_changed_corrections_file_is_not_answered_quickly(folder, capsys, answered):
    run(capsys, "index", str(folder))
    corrections_file().parent.mkdir(parents=True, exist_ok=True)
    corrections_file().write_text('[merge]\n"Putin" = "Vladimir Putin"\n', encoding="utf-8")
    _declined(capsys, folder, answered)


def test_a_broken_corrections_file_is_reported_every_time(folder, capsys, answered):
    corrections_file().parent.mkdir(parents=True, exist_ok=True)
    corrections_file().write_text("[[entity]\n", encoding="utf-8")
    first = run(capsys, "search", "putin", str(folder))
    again = _declined(capsys, folder, answered)
    assert "corrections ignored" in first[2] and again == first


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE files SET text = NULL",
        "UPDATE files SET text = x'00ff'",
        "UPDATE files SET engine = 'another'",
        "DELETE FROM snapshot_names",
        "DELETE FROM snapshot_articles",
        "DELETE FROM snapshot_occurrences",
        "UPDATE snapshot_occurrences SET places = x'0102'",
        "UPDATE snapshot_words SET choices = x''",
        "DELETE FROM snapshot_vocabulary",
        "PRAGMA user_version = 99",
    ],
)
def test_missing_or_damaged_answer_rows_give_the_general_way(folder, capsys, answered, damage):
    run(capsys, "index", str(folder))
    expected = run(capsys, "search", "putin", str(folder))
    with closing(sqlite3.connect(cache_dir() / DB_NAME)) as db:
        db.execute(damage)
        db.commit()
    answered.clear()
    result = run(capsys, "search", "putin", str(folder))
    assert answered == [None], damage
    if "occurrences" in damage:
        # The stored corpus the general way reads is damaged too: one line, and it is dropped.
        assert result[0] == 2 and result[2].count("\n") == 1 and "index" in result[2]
        result = run(capsys, "search", "putin", str(folder))
    if not damage.startswith("PRAGMA"):
        assert result[0] == expected[0] and result[1] == expected[1], damage


def test_a_feed_item_is_printed_the_general_way(tmp_path, capsys, answered, monkeypatch):
    """A feed's items have no file of their own to check their kept text against."""
    feed = tmp_path / "feed.xml"
    shutil.copy(REPO / "tests" / "corpus" / "pages" / "rss2.xml", feed)
    run(capsys, "index", str(feed))
    first = run(capsys, "search", "xi jinping", str(feed))
    assert answered == [None] and first[0] == 0 and "Xi Jinping" in first[1]


def test_a_bad_limit_is_still_a_usage_error(folder, capsys):
    run(capsys, "index", str(folder))
    code, _, err = run(capsys, "search", "putin", str(folder), "--limit", "0")
    assert code == 2 and "--limit" in err


def test_the_stored_search_ranks_as_the_search_tables_do(folder, gazetteer):
    """Every query, typed letter by letter: the answer tables give the hits, scores and surfaces
    that the in-memory search tables give."""
    from reader.indexer import index_paths
    from reader.indexer.last_start import last_corpus

    index_paths([folder], gazetteer, workers=1)
    stored = last_corpus([folder], gazetteer)
    assert stored is not None and stored.stored_search is not None
    names = sorted(stored.entities)
    queries = {query[:end] for query in QUERIES for end in range(1, len(query) + 1)}
    queries |= {name[start : start + 6].lower() for name in names[::7] for start in (0, 2)}
    for query in sorted(queries):
        expected = [(hit.entity.name, hit.score, hit.matched) for hit in stored.search(query, 5)]
        found = stored.stored_search(query, 5)
        assert found is not None
        assert [(hit.entity.name, hit.score, hit.matched) for hit in found] == expected, query
    stored.close()
