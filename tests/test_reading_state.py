"""Reading state survives what disks and users do: nothing saved is silently lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.store.reading_state import SCHEMA_VERSION, ReadingState


def test_round_trip_and_text_digest(tmp_path):
    state = ReadingState(tmp_path / "state.db")
    state.save_article("/a.txt", "d1", True, 42)
    state.save_session("corpus", "entity", "Vladimir Putin")
    state.save_setting("theme", "textual-light")
    state.close()
    again = ReadingState(tmp_path / "state.db")
    assert again.article("/a.txt", "d1") == (True, 42)
    assert again.article("/a.txt", "edited") == (False, 0)  # a changed text starts at the top
    assert again.read_paths(["/a.txt", "/b.txt"]) == {"/a.txt"}
    assert again.session("corpus") == {"entity": "Vladimir Putin"}
    assert again.setting("theme") == "textual-light"


def test_a_state_file_from_a_newer_reader_is_kept_aside(tmp_path):
    path = tmp_path / "state.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE precious (x)")
    db.execute("INSERT INTO precious VALUES ('saved by a newer reader')")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    state = ReadingState(path)
    assert "kept it as" in state.notice and state.saving
    kept = next(tmp_path.glob("state.db.unreadable-*"))
    assert sqlite3.connect(kept).execute("SELECT x FROM precious").fetchone() == ("saved by a newer reader",)


def test_two_readers_at_once_keep_both_sets_of_changes(tmp_path):
    path = tmp_path / "state.db"
    first, second = ReadingState(path), ReadingState(path)
    first.save_article("/one.txt", "d", True, 10)
    second.save_article("/two.txt", "d", True, 20)
    first.save_article("/one.txt", "d", True, 11)
    first.close()
    second.close()
    merged = ReadingState(path)
    assert merged.article("/one.txt", "d") == (True, 11)
    assert merged.article("/two.txt", "d") == (True, 20)


WRITER = """
import sys
from reader.store.reading_state import ReadingState
state = ReadingState(__import__("pathlib").Path(sys.argv[1]))
number = 0
while True:
    state.save_article(f"/article-{number % 500}.txt", "d", True, number)
    number += 1
    if number == 200:
        print("ready", flush=True)
"""


def test_kill_9_during_writes_leaves_a_readable_state(tmp_path):
    path = tmp_path / "state.db"
    ReadingState(path).save_article("/saved-before.txt", "d", True, 7)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE)
    assert writer.stdout.readline().strip() == b"ready"
    time.sleep(0.2)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=10)
    state = ReadingState(path)
    assert not state.notice, state.notice
    assert state.article("/saved-before.txt", "d") == (True, 7)
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_state_folder_that_cannot_be_made_turns_saving_off_with_a_notice(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    state = ReadingState(blocker / "sub" / "state.db")
    assert not state.saving and "not saved" in state.notice
    state.save_article("/a.txt", "d", True, 1)  # does nothing, raises nothing
    assert state.article("/a.txt", "d") == (False, 0)


def test_no_state_keeps_nothing(tmp_path):
    state = ReadingState(None)
    state.save_article("/a.txt", "d", True, 1)
    assert state.article("/a.txt", "d") == (False, 0) and not state.saving


def test_a_locked_state_database_turns_saving_off_with_a_notice(tmp_path, monkeypatch):
    import reader.store.reading_state as module

    path = tmp_path / "state.db"
    ReadingState(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    original = sqlite3.connect
    monkeypatch.setattr(module.sqlite3, "connect", lambda *a, **k: original(*a, **{**k, "timeout": 0.2}))
    try:
        state = ReadingState(path)
        state.save_article("/a.txt", "d", True, 1)
        assert "locked" in state.notice or "not saved" in state.notice
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert path.exists() and not list(tmp_path.glob("state.db.unreadable-*"))  # never moved aside for a lock


def test_a_full_disk_stops_saving_with_a_notice_and_nothing_raises(tmp_path):
    state = ReadingState(tmp_path / "state.db")

    class FullDisk:
        def execute(self, *args):
            raise sqlite3.OperationalError("database or disk is full")

        def close(self):
            pass

    state._db = FullDisk()
    state.save_article("/a.txt", "d", True, 1)
    assert "disk is full" in state.notice and not state.saving


def test_kill_9_during_a_cache_build_then_a_clean_rebuild(tmp_path):
    from support.paths import reader_env

    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(600):
        (folder / f"{number:04}.txt").write_text(
            f"Story {number}\n\nVladimir Putin met Xi Jinping in Astana.\n" * 20, encoding="utf-8"
        )
    env = reader_env(READER_CACHE_DIR=str(tmp_path / "cache"))
    build = subprocess.Popen(
        [sys.executable, "-m", "reader", "index", str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=30)
    done = subprocess.run(
        [sys.executable, "-m", "reader", "index", str(folder)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout
    assert "600 files" in done.stdout
    again = subprocess.run(
        [sys.executable, "-m", "reader", "index", str(folder)], env=env, capture_output=True, text=True, timeout=300
    )
    assert "0 read" in again.stdout or "600 cached" in again.stdout, again.stdout


@pytest.fixture
def linked_tree(tmp_path, monkeypatch):
    """The current folder holds real/ (a.txt, sub/b.txt, feed.xml and link.txt, a symlink to
    a.txt) and via/, a symlink to real/; returns real/."""
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    for name in ("a.txt", "sub/b.txt", "feed.xml"):
        (real / name).write_text("x", encoding="utf-8")
    (tmp_path / "via").symlink_to(real, target_is_directory=True)  # a symlinked folder is resolved
    (real / "link.txt").symlink_to(real / "a.txt")  # a symlinked file is not presumed
    monkeypatch.chdir(tmp_path)
    return real


def test_presumed_state_paths_are_the_state_paths_of_files_that_are_not_symlinks(linked_tree):
    import os

    from reader.store.keys import presumed_state_keys as presumed_state_paths
    from reader.store.keys import state_key as state_path

    real = linked_tree
    paths = [
        "real/a.txt",
        "./real/sub/b.txt",
        str(real / "a.txt"),
        "via/sub/b.txt",
        "via//a.txt",
        "real/sub/../a.txt",
        "real/link.txt",
    ]
    presumed = presumed_state_paths(paths)
    assert presumed[:-1] == [state_path(p) for p in paths[:-1]]
    assert presumed[-1] == str(real / "link.txt") != state_path("real/link.txt") == os.path.realpath(real / "a.txt")


@given(
    st.lists(
        st.lists(st.sampled_from(["real", "sub", "via", ".", "..", "", "a.txt", "b c.txt"]), min_size=1, max_size=5),
        max_size=12,
    )
)
def test_presumed_state_paths_of_any_spelling_are_the_state_paths(tmp_path_factory, parts):
    """Each spelling of a path (doubled separators, dots, a leading separator) is presumed the
    key the general way gives it, however many paths share its folder."""
    import os

    from reader.store.keys import presumed_state_keys, state_key

    root = tmp_path_factory.getbasetemp() / "spellings"
    (root / "real" / "sub").mkdir(parents=True, exist_ok=True)
    paths = [str(root) + os.sep + os.sep.join(part) for part in parts]
    presumed = presumed_state_keys(paths)
    general = []
    for path in paths:
        folder, name = os.path.split(os.path.abspath(path))
        general.append(os.path.join(os.path.realpath(folder), name))
    assert [p for p, path in zip(presumed, paths) if not os.path.islink(path)] == [
        g for g, path in zip(general, paths) if not os.path.islink(path)
    ]
    assert [state_key(p) for p in paths if os.path.exists(p) and not os.path.islink(p)] == [
        p for p, path in zip(presumed, paths) if os.path.exists(path) and not os.path.islink(path)
    ]


def test_presumed_keys_and_the_exceptions_by_listing_are_the_state_keys_of_every_file(linked_tree):
    """One listing per folder gives the keys that are not the presumed ones, and with those the
    presumed ones are each file's key as `state_key` gives it: plain files, a symlinked file (its
    target), a symlinked folder (resolved), a feed item's path and a file gone away."""
    from reader.store.keys import presumed_state_keys, state_key, unpresumed_state_keys

    real = linked_tree
    paths = [
        "real/a.txt",
        "./real/sub/b.txt",
        str(real / "a.txt"),
        "via/sub/b.txt",
        "via//a.txt",
        "real/sub/../a.txt",
        "real/link.txt",
        "via/link.txt",
        "real/feed.xml#2",
        "real/gone.txt",
        "nowhere/x.txt",
    ]
    exceptions = unpresumed_state_keys(paths)
    presumed = dict(zip(paths, presumed_state_keys(paths)))
    assert {path: exceptions.get(path, presumed[path]) for path in paths} == {path: state_key(path) for path in paths}
    assert set(exceptions) == {"real/link.txt", "via/link.txt"}  # only the symlinked file differs
    assert exceptions["real/link.txt"] == str(real / "a.txt")


def test_absolute_paths_in_real_folders_are_their_own_presumed_keys(linked_tree):
    """The usual case, answered without a split per path: absolute paths in folders that are no
    symlinks are their keys; one path through a symlinked folder sends all the general way."""
    from reader.store.keys import presumed_state_keys, state_key

    real = linked_tree
    plain = [str(real / "a.txt"), str(real / "sub" / "b.txt")]
    assert presumed_state_keys(plain) == plain == [state_key(p) for p in plain]
    via = str(real.parent / "via" / "a.txt")
    assert presumed_state_keys([*plain, via]) == [*plain, str(real / "a.txt")]
    assert presumed_state_keys([str(real / "sub") + "/.."]) == [str(real)]
