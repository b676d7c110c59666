"""The CLI's quick path (issue 15): `reader search`, `entities` and `compare` answer from the
stored corpus when one look at the folders shows nothing changed, and run the whole index
whenever anything may have: a file added, removed, changed, touched, a sidecar changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from reader import cli
from reader.indexer import pipeline
from reader.ingest.names import fingerprint
from support.paths import SEEDS


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "news"
    shutil.copytree(SEEDS, copy)
    return copy


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the whole index ran."""
    counted: list[int] = []
    real = pipeline.index_paths

    def counting(*args, **kwargs):
        counted.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "index_paths", counting)
    monkeypatch.setattr("reader.indexer.index_paths", counting)
    return counted


def search(folder: Path, capsys: pytest.CaptureFixture[str], query: str = "putin") -> tuple[int, str, str]:
    code = cli.main(["search", query, str(folder)])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_unchanged_folder_is_answered_without_indexing_and_the_same(folder, runs, capsys):
    first = search(folder, capsys)
    assert len(runs) == 1 and first[0] == 0
    again = search(folder, capsys)
    assert len(runs) == 1, "the second search indexed again"
    assert again == first
    code = cli.main(["entities", "--json", str(folder)])
    quick_entities = capsys.readouterr().out
    assert code == 0 and len(runs) == 1
    os.utime(next(folder.iterdir()))  # touched: the whole index runs, and says the same
    assert cli.main(["entities", "--json", str(folder)]) == 0
    assert len(runs) == 2 and capsys.readouterr().out == quick_entities


@pytest.mark.parametrize("change", ["add", "remove", "edit", "touch", "sidecar", "subfolder"])
def test_any_change_to_the_files_runs_the_index(folder, runs, capsys, change):
    search(folder, capsys)
    search(folder, capsys)
    assert len(runs) == 1
    article = sorted(folder.glob("*.txt"))[0]
    if change == "add":
        (folder / "new.txt").write_text("Vladimir Putin met Xi Jinping in Moscow.\n")
    elif change == "remove":
        article.unlink()
    elif change == "edit":
        stat = article.stat()
        article.write_text(article.read_text().replace("Putin", "Mr Putin", 1))
        os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime: the size tells
    elif change == "touch":
        os.utime(article, ns=(0, 0))
    elif change == "sidecar":
        (folder / "sources.toml").write_text(f'["{article.name}"]\nsource = "Elsewhere"\n')
    else:
        (folder / "more").mkdir()
        (folder / "more" / "x.md").write_text("Putin spoke.\n")
    code, out, _ = search(folder, capsys)
    assert len(runs) == 2, change
    if change == "sidecar":
        assert "Elsewhere" in out
    if change in ("add", "subfolder"):
        assert code == 0


def test_hidden_files_and_other_suffixes_keep_the_quick_path(folder, runs, capsys):
    search(folder, capsys)
    (folder / ".notes.txt").write_text("Putin\n")
    (folder / "image.png").write_bytes(b"\x89PNG")
    search(folder, capsys)
    assert len(runs) == 1


def test_a_run_with_a_problem_is_never_answered_quickly(folder, runs, capsys):
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    first = search(folder, capsys)
    again = search(folder, capsys)
    assert len(runs) == 2, "the skipped file must be reported again"
    assert "skipped" in first[2] and again[2] == first[2]


def test_the_fingerprint_follows_what_discover_sees(folder):
    before = fingerprint([folder])
    assert before is not None and fingerprint([folder]) == before
    assert fingerprint([str(folder)]) == before
    (folder / ".hidden").write_text("x")
    assert fingerprint([folder]) == before
    (folder / "y.html").write_text("<p>x</p>")
    assert fingerprint([folder]) != before
    assert fingerprint(["https://example.com/a"]) is None
    assert fingerprint([folder / "missing.txt"]) is not None  # reported by the index, not here


def _load_in_the_app_loader(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[tuple], list[int]]:
    """What the app's loader shows for `folder`, and how many times it ran the whole index."""
    from reader.tui import loader as loader_module

    shown: list[tuple] = []
    counted: list[int] = []
    real = loader_module.index_paths

    def counting(*args, **kwargs):
        counted.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(loader_module, "index_paths", counting)
    callbacks = loader_module.LoadCallbacks(
        notify=lambda note: None,
        progress=lambda done, total: None,
        show=lambda corpus, final, keys: shown.append((corpus, final)),
        after_paint=lambda painted: painted.set(),
        cancelled=lambda: False,
    )
    loader_module.CorpusLoader([folder], callbacks).run()
    return shown, counted


def test_the_app_shows_the_stored_corpus_as_final_when_nothing_changed(folder, monkeypatch):
    shown, counted = _load_in_the_app_loader(folder, monkeypatch)  # the first start indexes
    assert counted == [1] and shown[-1][1]
    shown, counted = _load_in_the_app_loader(folder, monkeypatch)
    assert counted == [], "nothing changed, yet the files were checked one by one"
    assert [final for _, final in shown] == [False, True] and shown[0][0] is shown[1][0]
    assert len(shown[-1][0].articles) == len(list(folder.glob("*.txt")))
    os.utime(sorted(folder.glob("*.txt"))[0], ns=(0, 0))
    shown, counted = _load_in_the_app_loader(folder, monkeypatch)
    assert counted == [1] and shown[-1][1]


def test_the_head_start_serves_the_first_load_only(folder, monkeypatch):
    from reader.tui.loader import HeadStart

    _load_in_the_app_loader(folder, monkeypatch)  # indexed and stored
    head = HeadStart([folder])
    first = head.claim()
    assert first is not None and first[2] is not None and len(first[2].articles) == len(list(folder.glob("*.txt")))
    assert head.claim() is None, "a reload must look at the cache again, not reuse the first look"
    first[2].close()


def test_a_stored_corpus_prints_a_search_without_decoding_mentions_or_reworking_articles(
    folder, runs, capsys, monkeypatch, general_way
):
    """Printing the mentions of a stored corpus reads their spans from the entity's stored places
    and only the text of each article (its title, debris and front matter are kept)."""
    first = search(folder, capsys)
    first_json = (cli.main(["search", "--json", "putin", str(folder)]), capsys.readouterr().out)
    from reader.ingest import read
    from reader.store import snapshots

    def refused(*args, **kwargs):
        raise AssertionError("worked out again")

    monkeypatch.setattr(snapshots._SnapshotReader, "mentions", refused)
    monkeypatch.setattr(read, "find_debris", refused)
    assert search(folder, capsys) == first
    assert (cli.main(["search", "--json", "putin", str(folder)]), capsys.readouterr().out) == first_json
    assert len(runs) == 1


def test_an_article_of_another_size_than_indexed_is_read_whole_again(tmp_path):
    from reader.ingest.read import load_article, read_text_again

    path = tmp_path / "a.md"
    path.write_text("---\ntitle: T\n---\nKofi Annan spoke.\n", encoding="utf-8")
    article = load_article(str(path))
    assert read_text_again(str(path), article.size) == (article.text, article.safe)
    assert read_text_again(str(path), article.size + 1) is None
    page = tmp_path / "p.html"
    page.write_text("<html><body><p>Kofi Annan spoke.</p></body></html>", encoding="utf-8")
    assert read_text_again(str(page), page.stat().st_size) is None  # a page's text is extracted


def test_the_walk_takes_every_formats_suffixes_and_nothing_else():
    from reader.ingest.formats import FORMATS
    from reader.ingest.names import WALKED_SUFFIXES

    assert tuple(suffix for f in FORMATS for suffix in f.suffixes) == WALKED_SUFFIXES


def test_the_first_frame_of_a_known_folder_waits_for_no_gazetteer(folder, monkeypatch):
    """The head start finds what the folder showed last by the corrections file, so the gazetteer
    (and its automaton) is loaded after that corpus is on screen, and is then the corpus's."""
    from reader.config import corrections_file
    from reader.tui import loader as loader_module

    _load_in_the_app_loader(folder, monkeypatch)  # indexed and stored
    events: list[str] = []
    real = loader_module.load_user_gazetteer

    def loading(notices):
        events.append("gazetteer")
        return real(notices)

    monkeypatch.setattr(loader_module, "load_user_gazetteer", loading)
    callbacks = loader_module.LoadCallbacks(
        notify=events.append,
        progress=lambda done, total: None,
        show=lambda corpus, final, keys: events.append(f"show {final} {corpus.gazetteer is not None}"),
        after_paint=lambda painted: (events.append("painted"), painted.set()),
        cancelled=lambda: False,
    )
    loader_module.CorpusLoader([folder], callbacks, loader_module.HeadStart([folder])).run()
    assert events == ["show False False", "painted", "gazetteer", "show True True"]
    # A corrections file that cannot be used: found by the gazetteer, and said, as before.
    corrections_file().parent.mkdir(parents=True, exist_ok=True)
    corrections_file().write_text("[[entity]\n", encoding="utf-8")
    events.clear()
    loader_module.CorpusLoader([folder], callbacks, loader_module.HeadStart([folder])).run()
    assert events[0] == "gazetteer" and any(event.startswith("Corrections ignored") for event in events)


@pytest.mark.parametrize("quick", [True, False], ids=["quick path", "general way"])
def test_a_folder_named_from_another_folder_shows_its_articles(folder, capsys, monkeypatch, quick):
    """The same folder opened as `news` from its parent, then as `../…/news` from elsewhere: the
    corpus stored by the first names its articles relative to where that ran, and the second
    must not read them from where it runs (every article said "could not be read again")."""
    if not quick:
        monkeypatch.setattr("reader.cli.quick.quick_search", lambda *args: None)
    elsewhere = folder.parent / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(folder.parent)
    assert cli.main(["search", "--json", "putin", "news"]) == 0
    from_parent = capsys.readouterr().out
    monkeypatch.chdir(elsewhere)
    for _ in range(3):  # the first run stores a start, the next ones are answered from it
        assert cli.main(["search", "--json", "putin", "../news"]) == 0
        out = capsys.readouterr().out
        assert "could not be read again" not in out
        assert out == from_parent.replace('"doc": "news/', '"doc": "../news/')


@pytest.mark.parametrize("command", [["entities"], ["entities", "--json"], ["compare", "putin"]])
def test_entities_and_compare_of_an_unchanged_folder_load_no_gazetteer(folder, runs, capsys, monkeypatch, command):
    """The stored corpus is found by the corrections file's bytes, as `reader search` finds its
    answers: building the gazetteer was a fifth of `reader entities` on an unchanged folder."""
    assert cli.main([*command, str(folder)]) == 0
    first = capsys.readouterr()
    from reader.entities import gazetteer

    def refused(*args, **kwargs):
        raise AssertionError("the gazetteer was loaded")

    monkeypatch.setattr(gazetteer, "load_gazetteer", refused)
    assert cli.main([*command, str(folder)]) == 0
    assert capsys.readouterr() == first and len(runs) == 1


def test_a_stored_corpus_without_its_search_forms_is_searched_with_the_gazetteers_names(folder, capsys):
    """ "USSR" is only the gazetteer's alias of the Soviet Union: when the stored search forms and
    answer tables are missing, `reader compare` loads the gazetteer to make them."""
    import sqlite3
    from contextlib import closing

    from reader.config import cache_dir
    from reader.store.db import DB_NAME

    assert cli.main(["compare", "USSR", str(folder)]) == 0
    expected = capsys.readouterr().out
    with closing(sqlite3.connect(cache_dir() / DB_NAME)) as db:
        db.execute("UPDATE snapshot_search SET forms = '{broken'")
        db.execute("DELETE FROM snapshot_names")
        db.commit()
    assert cli.main(["compare", "USSR", str(folder)]) == 0
    assert capsys.readouterr().out == expected
