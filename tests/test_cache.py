"""The extraction cache: what is reused, what is read again, and what happens when it is broken."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import pytest

from reader.config import cache_dir
from reader.indexer import index_paths, pipeline
from reader.store import db as db_module
from reader.store import file_cache as cache_module
from reader.store import versions
from reader.store.answers import compress_text, decompress_text, decompress_texts
from reader.store.file_cache import DB_NAME, Cache
from support.corpus_view import signature
from support.paths import REPO, SEEDS


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "news"
    shutil.copytree(SEEDS, target)
    return target


def run(folder: Path, gazetteer=None, **options):
    return index_paths([folder], gazetteer, workers=1, **options)


def test_second_start_reads_nothing_and_gives_the_same_corpus(folder, calls, gazetteer):
    first = run(folder, gazetteer)
    assert len(calls) == first.stats.extracted == len(first.corpus.articles) == 5
    second = run(folder, gazetteer)
    assert len(calls) == 5, "unchanged files were recognised again"
    assert second.stats.cached == 5 and second.stats.extracted == 0
    assert signature(first.corpus) == signature(second.corpus)
    assert not first.notices and not second.notices


def test_ten_thousand_files_second_start_extracts_nothing(tmp_path, calls, gazetteer):
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(10_000):
        (folder / f"{number:05d}.txt").write_text(
            f"Report {number}\n\nPresident Vladimir Putin met Mr Ivan Petrov{number % 97} in Astana.\n"
        )
    first = run(folder, gazetteer)
    assert len(calls) == 10_000
    second = run(folder, gazetteer)
    assert len(calls) == 10_000 and second.stats.cached == 10_000
    assert len(second.corpus.entities) == len(first.corpus.entities)
    assert second.stats.mentions == first.stats.mentions


def test_changed_file_is_read_again_and_a_touched_one_is_not(folder, calls, gazetteer):
    run(folder, gazetteer)
    changed = folder / "001_c1ddc58547b124d4.txt"
    changed.write_text(changed.read_text() + "\nPresident Xi Jinping flew to Astana.\n")
    touched = folder / "002_4c3a095d842103b2.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    calls.clear()
    result = run(folder, gazetteer)
    assert len(calls) == 1, "only the changed file is recognised (the touched one keeps its hash)"
    assert result.stats.extracted == 1 and result.stats.cached == 4
    article = next(a for a in result.corpus.articles if a.path == str(changed))
    assert "flew to Astana" in article.text
    from reader.corpus.corpus import Corpus

    assert signature(result.corpus) == signature(Corpus.load([folder], gazetteer))


def test_deleted_file_is_dropped_from_corpus_and_cache(folder, gazetteer):
    run(folder, gazetteer)
    with Cache() as cache:
        assert cache.count() == 5
    gone = folder / "003_c33b9b08482d96a7.txt"
    gone.unlink()
    result = run(folder, gazetteer)
    assert str(gone) not in [a.path for a in result.corpus.articles]
    assert len(result.corpus.articles) == 4
    with Cache() as cache:
        assert cache.count() == 4
        assert str(gone.resolve()) not in set(cache.paths_under(str(folder.resolve())))


def test_engine_version_bump_reads_everything_again(folder, calls, gazetteer, monkeypatch):
    run(folder, gazetteer)
    calls.clear()
    bumped = cache_module.ENGINE_VERSION + "-next"
    for module in (cache_module, pipeline):
        monkeypatch.setattr(module, "ENGINE_VERSION", bumped)
    result = run(folder, gazetteer)
    assert len(calls) == 5 and result.stats.extracted == 5
    calls.clear()
    run(folder, gazetteer)
    assert not calls


def test_engine_version_follows_the_rules_and_the_gazetteer(tmp_path):
    assert cache_module.ENGINE_VERSION.startswith(__import__("reader").__version__ + "+")
    assert set(versions.ENGINE_STAGES) == {"ingest", "entities"}
    # Derived from the files, not a list: a module added to a stage changes the version.
    package = tmp_path / "package"
    (package / "entities").mkdir(parents=True)
    (package / "entities" / "recognize.py").write_text("rules = 1\n")
    before = versions.stage_digest(("entities",), package)
    (package / "entities" / "gazetteer.toml").write_text("[x]\n")
    with_data = versions.stage_digest(("entities",), package)
    (package / "entities" / "new_rules.py").write_text("more = 2\n")
    assert len({before, with_data, versions.stage_digest(("entities",), package)}) == 3
    (package / "entities" / "__pycache__").mkdir()
    (package / "entities" / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert versions.stage_digest(("entities",), package) == versions.stage_digest(("entities",), package)


def test_stage_digests_are_remembered_and_follow_every_change(tmp_path, monkeypatch):
    package = tmp_path / "package"
    (package / "entities").mkdir(parents=True)
    rules = package / "entities" / "recognize.py"
    rules.write_text("rules = 1\n")
    first = versions.stage_digest(("entities",), package)
    assert (package / "__pycache__" / versions.MEMO_NAME).exists()
    read = []
    monkeypatch.setattr(versions, "_content_digest", lambda *args: read.append(args) or "read")
    assert versions.stage_digest(("entities",), package) == first and not read  # remembered
    monkeypatch.undo()
    rules.write_text("rules = 2\n")  # same size, another mtime
    second = versions.stage_digest(("entities",), package)
    assert second != first
    (package / "__pycache__" / versions.MEMO_NAME).write_text("{not json")
    assert versions.stage_digest(("entities",), package) == second  # a damaged memo is read past
    rules.write_text("rules = 1\n")
    assert versions.stage_digest(("entities",), package) == first  # the bytes decide, not the memo
    kept = rules.stat()
    rules.write_text("rules = 3\n")  # as `cp -p` or `rsync -t` leave it: same size, mtime set back
    os.utime(rules, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    assert versions.stage_digest(("entities",), package) != first


def test_corrections_change_reads_everything_again(folder, calls):
    from reader.config import corrections_file

    run(folder)  # no corrections file
    calls.clear()
    run(folder)
    assert not calls
    corrections_file().parent.mkdir(parents=True, exist_ok=True)
    corrections_file().write_text('[suppress]\nnames = ["Astana"]\n')
    result = run(folder)
    assert len(calls) == 5 and result.stats.extracted == 5
    assert all(m.text != "Astana" for doc in result.corpus.mentions for m in doc)
    calls.clear()
    run(folder)
    assert not calls


def test_sidecar_change_updates_metadata_without_recognition(folder, calls, gazetteer):
    run(folder, gazetteer)
    calls.clear()
    sidecar = folder / "sources.toml"
    sidecar.write_text(
        sidecar.read_text() + '\n["004_417d19dd07950f15.txt"]\nsource = "Example Daily"\n'
        if '["004_417d19dd07950f15.txt"]' not in sidecar.read_text()
        else sidecar.read_text().replace(
            '["004_417d19dd07950f15.txt"]', '["004_417d19dd07950f15.txt"]\nsource = "Example Daily"', 1
        )
    )
    result = run(folder, gazetteer)
    assert not calls
    from reader.corpus.corpus import Corpus

    expected = Corpus.load([folder], gazetteer)
    assert signature(result.corpus) == signature(expected)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "newer schema"])
def test_damaged_cache_is_rebuilt_with_a_notice(folder, calls, gazetteer, damage):
    first = run(folder, gazetteer)
    database = cache_dir() / DB_NAME
    with closing(sqlite3.connect(database)) as db:  # fold the WAL in, so the main file holds the rows
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if damage == "garbage":
        database.write_bytes(b"this is not a database" * 100)
    elif damage == "truncated":
        data = database.read_bytes()
        database.write_bytes(data[: len(data) // 2])
    else:
        with closing(sqlite3.connect(database)) as db:
            db.execute("PRAGMA user_version = 99")
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    calls.clear()
    result = run(folder, gazetteer)
    assert signature(result.corpus) == signature(first.corpus)
    assert len(result.notices) == 1 and "rebuilt" in result.notices[0]
    assert "\n" not in result.notices[0]
    calls.clear()
    again = run(folder, gazetteer)
    assert not calls and not again.notices, "the rebuilt cache works"


def test_unusable_cache_falls_back_to_no_cache(folder, calls, gazetteer, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("READER_CACHE_DIR", str(blocker / "cache"))
    result = run(folder, gazetteer)
    assert len(result.notices) == 1 and "not used" in result.notices[0]
    assert len(result.corpus.articles) == 5 and len(calls) == 5


def test_locked_cache_still_gives_the_corpus(folder, calls, gazetteer, monkeypatch):
    run(folder, gazetteer)
    (folder / "000_5bb43277bd878173.txt").write_text("Changed: President Xi Jinping in Beijing.\n")
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(cache_dir() / DB_NAME, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        calls.clear()
        result = run(folder, gazetteer)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(result.corpus.articles) == 5
    assert "Xi Jinping" in result.corpus.entities
    assert len(calls) == 1
    assert result.notices and all("\n" not in n for n in result.notices)


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root ignores file modes")
def test_read_only_cache_falls_back_to_no_cache(folder, gazetteer):
    run(folder, gazetteer)
    database = cache_dir() / DB_NAME
    database.chmod(0o444)
    try:
        result = run(folder, gazetteer)
    finally:
        database.chmod(0o644)
    assert len(result.corpus.articles) == 5 and result.notices


_CHILD = textwrap.dedent("""
    import sys
    from reader.indexer import index_paths
    result = index_paths([sys.argv[1]], workers=1)
    print(len(result.corpus.articles), result.stats.mentions, len(result.corpus.entities), len(result.notices))
""")


def test_two_processes_share_the_cache(folder, gazetteer):
    for copy in range(3):  # more rows, so the two writers overlap
        shutil.copytree(SEEDS, folder / f"copy{copy}")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(folder)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (_out, err) in zip(children, outputs):
        assert child.returncode == 0, err
    assert outputs[0][0] == outputs[1][0]
    assert outputs[0][0].split()[-1] == "0", "no cache notices"
    result = run(folder, gazetteer)
    assert result.stats.cached == 20 and result.stats.extracted == 0
    assert (
        f"{len(result.corpus.articles)} {result.stats.mentions} {len(result.corpus.entities)} 0"
        == outputs[0][0].strip()
    )


def test_the_cache_keeps_each_read_articles_text(folder, gazetteer):
    """What `reader search` prints its contexts from: the text of every article read, as the
    article gives it (offsets into it are the mentions')."""
    result = run(folder, gazetteer)
    with closing(sqlite3.connect(cache_dir() / DB_NAME)) as db:
        rows = dict(db.execute("SELECT path, text FROM files"))
    for article in result.corpus.articles:
        assert decompress_text(rows[os.path.abspath(article.path)]) == article.text
        assert decompress_texts(rows[os.path.abspath(article.path)]) == (article.text, article.safe)


@pytest.mark.parametrize("text", ["Plain news.\n", "A tab\there, an escape \x1b[31m, a bidi \u202e.\n", ""])
def test_a_kept_text_knows_whether_it_is_its_own_safe_text(text):
    from reader.ingest.sanitize import safe_text

    kept = compress_text(text)
    assert kept[:1] == (b"s" if safe_text(text) == text else b"u")
    assert decompress_texts(kept) == (text, safe_text(text))


def test_a_schema_5_cache_keeps_its_rows_and_gains_the_text_column(folder, calls, gazetteer):
    run(folder, gazetteer)
    with closing(sqlite3.connect(cache_dir() / DB_NAME)) as db:
        # What a schema-5 reader made: the same table without the text column.
        db.execute("ALTER TABLE files DROP COLUMN text")
        db.execute("PRAGMA user_version = 5")
        db.commit()
    again = run(folder, gazetteer)
    assert again.stats.cached == 5 and len(calls) == 5, "an upgrade forgets no row"
    with closing(sqlite3.connect(cache_dir() / DB_NAME)) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (cache_module.SCHEMA_VERSION,)
        assert db.execute("SELECT count(*) FROM files WHERE text IS NULL").fetchone() == (5,)
