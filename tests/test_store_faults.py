"""Full disks, I/O errors and damaged files, for the reading state and the index cache: an error
that says nothing about the file never costs the user what it holds, and a damaged file is only
ever moved aside, where it can be put back from."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

import reader.store.file_cache as cache_module
import reader.store.reading_state as state_module
from reader.indexer import index_paths
from reader.store import db as db_module
from reader.store.db import CacheCorrupt, CacheUnavailable, classify, is_corrupt
from reader.store.file_cache import Cache
from reader.store.reading_state import ReadingState, restore_set_aside, set_aside_copies
from support.paths import SEEDS


def sqlite_error(message: str, name: str, code: int) -> sqlite3.OperationalError:
    """An error as SQLite raises it: its message, and its (extended) name and code."""
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorname = name
    exc.sqlite_errorcode = code
    return exc


# What SQLite says when it cannot use a file that may be perfectly good. A full disk shows as
# SHMSIZE when the shared-memory file cannot grow at open, as FULL when a write needs a page.
NOT_DAMAGE = {
    "shared memory on a full disk": ("disk I/O error", "SQLITE_IOERR_SHMSIZE", 4874),
    "a write fails": ("disk I/O error", "SQLITE_IOERR_WRITE", 778),
    "fsync fails": ("disk I/O error", "SQLITE_IOERR_FSYNC", 1034),
    "the file system is damaged": ("disk I/O error", "SQLITE_IOERR_CORRUPTFS", 8458),
    "full": ("database or disk is full", "SQLITE_FULL", 13),
    "read-only": ("attempt to write a readonly database", "SQLITE_READONLY", 8),
    "locked": ("database is locked", "SQLITE_BUSY", 5),
    "cannot open": ("unable to open database file", "SQLITE_CANTOPEN", 14),
}
DAMAGE = {
    "not a database": ("file is not a database", "SQLITE_NOTADB", 26),
    "malformed": ("database disk image is malformed", "SQLITE_CORRUPT", 11),
    "a damaged index": ("database disk image is malformed", "SQLITE_CORRUPT_INDEX", 779),
}


class Faulty:
    """A real connection whose statements picked by `fails` raise `error` instead of running."""

    def __init__(self, db: sqlite3.Connection, fails: Callable[[str], bool], error: sqlite3.Error) -> None:
        self.db, self.fails, self.error = db, fails, error

    def _check(self, sql: str) -> None:
        if self.fails(sql):
            raise self.error

    def execute(self, sql: str, *args):
        self._check(sql)
        return self.db.execute(sql, *args)

    def executemany(self, sql: str, *args):
        self._check(sql)
        return self.db.executemany(sql, *args)

    def executescript(self, sql: str):
        self._check(sql)
        return self.db.executescript(sql)

    def __getattr__(self, name: str):
        return getattr(self.db, name)


def inject(monkeypatch, module, fails: Callable[[str], bool], error: sqlite3.Error) -> None:
    real = db_module.connect
    monkeypatch.setattr(module, "connect", lambda path: Faulty(real(path), fails, error))


def fingerprint(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes()).hexdigest()


def saved_state(path: Path) -> None:
    state = ReadingState(path)
    state.save_article("/news/a.txt", "d1", True, 42)
    state.save_session("corpus", "article", "/news/a.txt")
    state.close()
    assert not state.notice, state.notice


def assert_saved_state_is_there(path: Path) -> None:
    state = ReadingState(path)
    try:
        assert state.saving and not state.notice, state.notice
        assert state.article("/news/a.txt", "d1") == (True, 42)
        assert state.session("corpus") == {"article": "/news/a.txt"}
    finally:
        state.close()


# ---------------------------------------------------------------- a real full disk


@contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted on `folder`, unmounted whatever happens."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small file system (a real full disk) needs root")
    if shutil.which("mount") is None or shutil.which("umount") is None:
        pytest.skip("no mount command here")
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {mounted.stderr.strip() or mounted.returncode}")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the file system `folder` is on, then give back `leave` bytes; returns the filler."""
    filler = folder / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(handle, b"\0" * 4096)
    except OSError as exc:
        assert exc.errno == 28, exc  # ENOSPC
    finally:
        if leave:
            os.ftruncate(handle, max(0, os.fstat(handle).st_size - leave))
        os.close(handle)
    return filler


def test_a_good_state_file_on_a_full_disk_is_kept_and_is_all_there_once_space_is_freed(tmp_path):
    with small_disk(tmp_path / "disk", "200k") as disk:
        path = disk / "state.db"
        saved_state(path)
        before = fingerprint(path)
        filler = fill(disk)
        state = ReadingState(path)
        assert not state.saving
        assert str(path) in state.notice and "\n" not in state.notice
        assert "not saved" in state.notice and "no space left" in state.notice, state.notice
        state.save_article("/news/b.txt", "d", True, 1)  # does nothing, raises nothing
        state.close()
        assert fingerprint(path) == before, "the file is left exactly as it was"
        assert set_aside_copies(path) == [] and not list(disk.glob("state.db.*"))
        filler.unlink()
        assert_saved_state_is_there(path)


def test_a_disk_that_fills_during_a_session_keeps_what_was_saved_before(tmp_path):
    with small_disk(tmp_path / "disk", "200k") as disk:
        path = disk / "state.db"
        saved_state(path)
        state = ReadingState(path)
        assert state.saving
        filler = fill(disk)
        for number in range(200):  # until a write needs a page the disk does not have
            state.save_article(f"/news/{number}.txt", "d" * 200, True, number)
            if not state.saving:
                break
        assert not state.saving and "disk is full" in state.notice and str(path) in state.notice
        state.close()
        filler.unlink()
        assert_saved_state_is_there(path)
        assert not set_aside_copies(path)


def test_a_full_disk_never_makes_the_index_cache_damaged(tmp_path, gazetteer):
    with small_disk(tmp_path / "disk", "1m") as disk:
        cache_path = disk / "index.sqlite3"
        first = index_paths([SEEDS], gazetteer, workers=1, cache_path=cache_path)
        assert not first.notices
        before = fingerprint(cache_path)
        filler = fill(disk)
        full = index_paths([SEEDS], gazetteer, workers=1, cache_path=cache_path)
        assert len(full.corpus.articles) == 5
        assert len(full.notices) == 1 and "not used" in full.notices[0] and "no space left" in full.notices[0]
        assert fingerprint(cache_path) == before
        # Room to open it, not to store what changed: the rows it has stay.
        filler.unlink()
        filler = fill(disk, leave=48 * 1024)
        changed = tmp_path / "changed"
        for copy in range(3):
            shutil.copytree(SEEDS, changed / f"copy{copy}")
        for file in changed.rglob("*.txt"):
            file.write_text(file.read_text(encoding="utf-8") * 5, encoding="utf-8")
        nearly = index_paths([changed], gazetteer, workers=1, cache_path=cache_path)
        assert len(nearly.corpus.articles) == 15
        assert nearly.notices and all("damaged" not in n and "\n" not in n for n in nearly.notices), nearly.notices
        assert any("not updated" in n for n in nearly.notices), nearly.notices
        filler.unlink()
        warm = index_paths([SEEDS], gazetteer, workers=1, cache_path=cache_path)
        assert warm.stats.cached == 5 and not warm.notices


# ---------------------------------------------------------------- the same, by fault injection


@pytest.mark.parametrize("fault", NOT_DAMAGE.values(), ids=NOT_DAMAGE.keys())
def test_an_io_error_at_start_leaves_the_state_file_as_it_is(tmp_path, monkeypatch, fault):
    path = tmp_path / "state.db"
    saved_state(path)
    before = fingerprint(path)
    inject(monkeypatch, state_module, lambda sql: True, sqlite_error(*fault))
    state = ReadingState(path)
    assert not state.saving
    assert state.notice.startswith("Reading state not saved") and str(path) in state.notice
    assert fault[0] in state.notice and "\n" not in state.notice
    assert fingerprint(path) == before and set_aside_copies(path) == []
    monkeypatch.undo()
    assert_saved_state_is_there(path)


@pytest.mark.parametrize("fault", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_state_file_is_set_aside_whole_and_a_fresh_one_started(tmp_path, monkeypatch, fault):
    path = tmp_path / "state.db"
    saved_state(path)
    before = fingerprint(path)
    wal = Path(f"{path}-wal")
    wal.write_bytes(b"the newest changes of the damaged file")
    healed: list[bool] = []  # once the file is set aside, the fresh one opens normally
    inject(monkeypatch, state_module, lambda sql: not healed, sqlite_error(*fault))
    original = state_module._move_aside

    def then_heal(*args):
        healed.append(True)
        return original(*args)

    monkeypatch.setattr(state_module, "_move_aside", then_heal)
    state = ReadingState(path)
    assert state.saving and "unreadable" in state.notice and fault[0] in state.notice
    assert "reader restore-state" in state.notice and "\n" not in state.notice
    (aside,) = set_aside_copies(path)
    assert aside.name in state.notice
    assert fingerprint(aside) == before, "the damaged file is kept as it was"
    assert Path(f"{aside}-wal").read_bytes() == b"the newest changes of the damaged file"
    assert state.article("/news/a.txt", "d1") == (False, 0)
    state.close()


def test_a_state_file_damaged_twice_in_a_second_keeps_both_copies(tmp_path, monkeypatch):
    path = tmp_path / "state.db"
    monkeypatch.setattr(state_module, "_stamp", lambda: "20260101-120000")
    for damage in (b"first damage " * 100, b"second damage " * 100):
        path.write_bytes(damage)
        state = ReadingState(path)
        assert state.saving and "kept it as" in state.notice
        state.close()
    assert sorted(copy.read_bytes()[:6] for copy in set_aside_copies(path)) == [b"first ", b"second"]
    assert [copy.name for copy in set_aside_copies(path)] == [
        "state.db.unreadable-20260101-120000-2",
        "state.db.unreadable-20260101-120000",
    ]


def test_the_start_after_a_set_aside_says_once_where_the_copy_is_and_how_to_restore_it(tmp_path):
    path = tmp_path / "state.db"
    path.write_bytes(b"this is not a database" * 100)
    ReadingState(path).close()
    (aside,) = set_aside_copies(path)
    after = ReadingState(path)
    assert aside.name in after.notice and "reader restore-state" in after.notice and str(path) in after.notice
    after.close()
    later = ReadingState(path)
    assert not later.notice, "said once"
    later.close()


def test_restoring_a_copy_puts_it_back_and_keeps_the_current_file_aside(tmp_path, monkeypatch):
    path = tmp_path / "state.db"
    saved_state(path)
    with closing(sqlite3.connect(path)) as db:  # what a newer reader would leave
        db.execute(f"PRAGMA user_version = {state_module.SCHEMA_VERSION + 1}")
        db.commit()
    stamps = iter(["20260101-120000", "20260102-120000"])
    monkeypatch.setattr(state_module, "_stamp", lambda: next(stamps))
    fresh = ReadingState(path)
    assert "newer reader" in fresh.notice
    fresh.save_article("/news/since.txt", "d", True, 3)
    fresh.close()
    (copy,) = set_aside_copies(path)
    with closing(sqlite3.connect(copy)) as db:
        db.execute(f"PRAGMA user_version = {state_module.SCHEMA_VERSION}")  # say it was made by this reader
        db.commit()
    wanted = fingerprint(copy)
    replaced = restore_set_aside(path, copy)
    assert replaced is not None and replaced.name == "state.db.replaced-20260102-120000"
    assert fingerprint(path) == wanted and not copy.exists()
    assert set_aside_copies(path) == [replaced], "newest first, and nothing deleted"
    with closing(sqlite3.connect(replaced)) as db:
        assert db.execute("SELECT path FROM articles").fetchall() == [("/news/since.txt",)]
    state = ReadingState(path)
    assert state.article("/news/a.txt", "d1") == (True, 42)
    state.close()


def test_restoring_refuses_what_is_not_a_set_aside_copy(tmp_path):
    path = tmp_path / "state.db"
    saved_state(path)
    before = fingerprint(path)
    other = tmp_path / "elsewhere" / "state.db.unreadable-20260101-120000"
    other.parent.mkdir()
    other.write_bytes(b"x")
    for copy in (other, tmp_path / "notes.txt", tmp_path / "state.db.unreadable-20260101-120000"):
        copy.parent.mkdir(exist_ok=True)
        with pytest.raises(ValueError):
            restore_set_aside(path, copy)
    assert fingerprint(path) == before and other.exists()


def test_restoring_when_there_is_no_current_file(tmp_path):
    path = tmp_path / "state.db"
    saved_state(path)
    aside = path.with_name("state.db.unreadable-20260101-120000")
    path.rename(aside)
    assert restore_set_aside(path, aside) is None
    assert_saved_state_is_there(path)


@pytest.mark.parametrize("fault", NOT_DAMAGE.values(), ids=NOT_DAMAGE.keys())
def test_an_io_error_opening_the_cache_skips_it_and_deletes_nothing(tmp_path, gazetteer, monkeypatch, fault):
    cache_path = tmp_path / "cache" / "index.sqlite3"
    index_paths([SEEDS], gazetteer, workers=1, cache_path=cache_path)
    inject(monkeypatch, cache_module, lambda sql: "user_version" in sql, sqlite_error(*fault))
    with pytest.raises(CacheUnavailable):
        Cache(cache_path).open()
    result = index_paths([SEEDS], gazetteer, workers=1, cache_path=cache_path)
    assert len(result.corpus.articles) == 5
    assert len(result.notices) == 1 and "not used" in result.notices[0] and fault[0] in result.notices[0]
    monkeypatch.undo()
    with Cache(cache_path) as cache:
        assert cache.count() == 5, "the cache was not deleted"


@pytest.mark.parametrize("statement", ["INSERT", "COMMIT"])
@pytest.mark.parametrize("fault", [NOT_DAMAGE["full"], NOT_DAMAGE["a write fails"]], ids=["full", "a write fails"])
def test_an_io_error_writing_the_cache_keeps_it_and_lets_others_write(
    tmp_path, gazetteer, monkeypatch, fault, statement
):
    cache_path = tmp_path / "cache" / "index.sqlite3"
    index_paths([SEEDS], gazetteer, workers=1, cache_path=cache_path)
    folder = tmp_path / "news"
    shutil.copytree(SEEDS, folder)
    inject(monkeypatch, cache_module, lambda sql: sql.startswith(statement), sqlite_error(*fault))
    cache = Cache(cache_path).open()
    try:
        with pytest.raises(CacheUnavailable, match=fault[0]):
            cache.put_many(cache.get_many([str(SEEDS / "000_5bb43277bd878173.txt")]).values())
        # No transaction left open: its write lock would stop every other reader's writes.
        assert not cache._live.in_transaction
        with closing(sqlite3.connect(cache_path, timeout=0, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        cache.close()
    result = index_paths([folder], gazetteer, workers=1, cache_path=cache_path)
    assert len(result.corpus.articles) == 5
    assert result.notices and all("damaged" not in n for n in result.notices), result.notices
    monkeypatch.undo()
    with Cache(cache_path) as cache:
        assert cache.count() == 5


@pytest.mark.parametrize("fault", NOT_DAMAGE.values(), ids=NOT_DAMAGE.keys())
def test_an_io_error_is_never_damage(fault):
    error = sqlite_error(*fault)
    assert not is_corrupt(error)
    assert isinstance(classify(error), CacheUnavailable)
    # By its name, whatever the message says, and by its message when it has no name.
    assert not is_corrupt(sqlite_error("database disk image is malformed", fault[1], fault[2]))
    assert not is_corrupt(sqlite3.OperationalError(fault[0]))


@pytest.mark.parametrize("fault", DAMAGE.values(), ids=DAMAGE.keys())
def test_damage_is_damage(fault):
    assert is_corrupt(sqlite_error(*fault))
    assert is_corrupt(sqlite3.DatabaseError(fault[0]))
    assert isinstance(classify(sqlite_error(*fault)), CacheCorrupt)


def test_cached_mentions_read_a_batch_at_a_time_say_a_failing_cache_once():
    """The mentions of each path in order, a batch of paths a query; once the cache fails the
    rest are None (those files are read again) and the failure is said once."""
    from reader.indexer.cache_access import each_cached_mentions

    class Row:
        def __init__(self, mentions):
            self.mentions = mentions

    class FailingSecondTime:
        def __init__(self) -> None:
            self.asked: list[list[str]] = []

        def get_many(self, paths):
            self.asked.append(list(paths))
            if len(self.asked) == 2:
                raise CacheUnavailable("disk I/O error")
            return {path: Row([[0, 1, path]]) for path in paths if path != "b"}

    cache = FailingSecondTime()
    notices: list[str] = []
    paths = ["a", "b", "c", "d", "e", "f"]
    got = list(each_cached_mentions(cache, paths, notices, batch=2))  # type: ignore[arg-type]
    assert got == [[[0, 1, "a"]], None, None, None, None, None]
    assert cache.asked == [["a", "b"], ["c", "d"]]
    assert notices == ["index cache not used (disk I/O error); reading the files again"]
    assert list(each_cached_mentions(None, paths, notices)) == [None] * 6
    twice = FailingSecondTime()
    assert list(each_cached_mentions(twice, ["a", "a", "c"], [], batch=3)) == [[[0, 1, "a"]]] * 2 + [[[0, 1, "c"]]]  # type: ignore[arg-type]
