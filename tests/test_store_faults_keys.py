"""File names as cache keys: every name its own row, whatever code points or stray bytes it holds."""

from __future__ import annotations

import os
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reader.indexer import index_paths
from reader.store import file_cache as cache_module
from reader.store.db import path_from_db, path_to_db
from reader.store.file_cache import Cache

# The code points the mapping treats specially, and their neighbours, come up often; anything
# else (any surrogate included) now and then.
_EDGES = st.one_of(
    st.characters(min_codepoint=0xDC70, max_codepoint=0xDD10, exclude_categories=()),
    st.characters(min_codepoint=0xF770, max_codepoint=0xF810, exclude_categories=()),
    st.sampled_from("/0a.é\x7f"),
    st.characters(exclude_categories=()),
)
PATHS = st.text(_EDGES, max_size=12)


@given(PATHS)
@example("a\udc80.txt")
@example("a\uf780.txt")
@example("\uf77f")
@example("\uf77f\uf780\udc80\udcff\uf7ff")
def test_a_path_comes_back_from_the_database_as_it_went_in(path):
    stored = path_to_db(path)
    stored.encode("utf-8")  # SQLite text: no lone surrogate left
    assert path_from_db(stored) == path


@given(PATHS, PATHS)
@example("a\udc80.txt", "a\uf780.txt")
@example("\uf77f\uf780", "\udc80")
@example("\uf77f\uf77f", "\uf77f")
def test_two_paths_never_share_a_key(one, other):
    if one != other:
        assert path_to_db(one) != path_to_db(other)


@given(PATHS, PATHS)
@example("/r\udc80", "/r\udc80/x")
@example("/r\uf780", "/r\udc80/x")
@example("/r", "/r\uf77f/x")
def test_a_folder_range_holds_exactly_the_paths_under_it(root, path):
    """`Cache.paths_under` selects keys in [key(root + "/"), key(root + "0")): that must be the
    keys of the paths under `root`, in SQLite's order (UTF-8 bytes) as in Python's (code points)."""
    low, high, key = path_to_db(root + "/"), path_to_db(root + "0"), path_to_db(path)
    inside = path.startswith(root + "/")
    assert (low <= key < high) == inside
    assert (low.encode() <= key.encode() < high.encode()) == inside


def _make(folder: Path, name: bytes | str, text: str) -> Path:
    raw = os.path.join(os.fsencode(folder), os.fsencode(name) if isinstance(name, str) else name)
    with open(raw, "wb") as handle:
        handle.write(text.encode("utf-8"))
    return Path(os.fsdecode(raw))


@pytest.fixture
def clashing(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """One folder with `a\\x80.txt` (a stray byte: U+DC80 in Python) and `a\\uf780.txt`, of the
    same size and mtime, and each naming other people."""
    if sys.getfilesystemencoding().lower() not in ("utf-8", "utf8"):
        pytest.skip("file names are not UTF-8 here")
    folder = tmp_path / "news"
    folder.mkdir()
    texts = {
        b"a\x80.txt": "Kremlin talks\n\nVladimir Putin met Xi Jinping in Astana on Tuesday.\n",
        "a\uf780.txt": "Paris visits\n\nEmmanuel Macron met Olaf Scholz in Berlin on Friday.\n",
    }
    assert len({len(text.encode()) for text in texts.values()}) == 1, "same size, so only the name tells them apart"
    made = {}
    for name, text in texts.items():
        try:
            path = _make(folder, name, text)
        except (OSError, UnicodeError) as exc:
            pytest.skip(f"this file system cannot hold the name {name!r}: {exc}")
        os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
        made[str(path)] = text
    assert len(os.listdir(folder)) == 2
    return folder, made


def _shown(result) -> dict[str, tuple[str, set[str]]]:
    corpus = result.corpus
    return {
        article.path: (article.text, {m.text for m in corpus.mentions[number]})
        for number, article in enumerate(corpus.articles)
    }


def test_names_that_differ_only_in_a_stray_byte_or_a_private_use_character_keep_their_own_rows(
    clashing, tmp_path, gazetteer
):
    folder, texts = clashing
    cache_path = tmp_path / "cache" / "index.sqlite3"
    cold = index_paths([folder], gazetteer, workers=1, cache_path=cache_path)
    warm = index_paths([folder], gazetteer, workers=1, cache_path=cache_path)
    for result in (cold, warm):
        shown = _shown(result)
        assert set(shown) == set(texts)
        for path, text in texts.items():
            shown_text, names = shown[path]
            assert shown_text.rstrip("\n").endswith(text.split("\n\n")[1].rstrip("\n")), path
            own, other = ("Vladimir Putin", "Emmanuel Macron")[:: 1 if "Putin" in text else -1]
            assert own in names and other not in names, (path, names)
        assert not result.notices
    assert warm.stats.cached == 2 and warm.stats.extracted == 0, "both files have a row of their own"
    with Cache(cache_path) as cache:
        assert cache.count() == 2
        assert set(cache.paths_under(str(folder))) == set(texts)
        assert set(cache.paths_under(str(folder) + "\udc80")) == set()


def test_an_older_cache_forgets_only_the_rows_whose_keys_were_ambiguous(clashing, tmp_path, gazetteer, calls):
    """A schema-2 cache kept U+F780–U+F7FF both for stray bytes and for themselves, so such a
    row may be another file's: the upgrade forgets those rows (quietly: it is a cache), keeps
    the rest, and the files named so are read again."""
    folder, texts = clashing
    _make(folder, "plain.txt", "Berlin news\n\nOlaf Scholz spoke in Berlin.\n")
    cache_path = tmp_path / "cache" / "index.sqlite3"
    index_paths([folder], gazetteer, workers=1, cache_path=cache_path)
    macron = next(path for path, text in texts.items() if "Macron" in text)
    with closing(sqlite3.connect(cache_path)) as db:
        row = db.execute("SELECT * FROM files WHERE path = ?", (path_to_db(macron),)).fetchone()
        db.execute("DELETE FROM files WHERE path != ?", (str(folder / "plain.txt"),))
        # What a schema-2 reader stored for `a\uf780.txt`, and read back as `a\udc80.txt` too.
        db.execute(f"INSERT INTO files VALUES ({', '.join('?' * len(row))})", (macron, *row[1:]))
        db.execute("PRAGMA user_version = 2")
        db.commit()
    calls.clear()
    upgraded = index_paths([folder], gazetteer, workers=1, cache_path=cache_path)
    assert not upgraded.notices, "an upgrade is not damage"
    assert len(calls) == 2 and upgraded.stats.cached == 1, "only the two clashing names are read again"
    with closing(sqlite3.connect(cache_path)) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (cache_module.SCHEMA_VERSION,)
    shown = _shown(upgraded)
    for path, text in texts.items():
        assert ("Emmanuel Macron" in shown[path][1]) == ("Macron" in text), path
