"""A restored corpus's search tables are made from the stored search forms, decoded a chunk
of JSON lines at a time, into compact tables: the same hits, in the same order, with the corpus's own entities, as
a corpus linked in memory gives; a damaged stored table gives them too (made from the entities)."""

from __future__ import annotations

import gc
import shutil
import sqlite3
import threading
import tracemalloc
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.corpus.corpus import Corpus
from reader.corpus.search import SearchIndex, _name_tables, words_index
from reader.entities.model import Entity
from reader.indexer import index_paths
from reader.store import codec
from reader.store.codec import each_row, encode_lines
from reader.store.snapshots import StoredMentions
from support.paths import SEEDS

QUERIES = ("putn", "tokaev", "shangai cooperation", "xi", "erdogan", "astana", "sco summit", "beijing", "v putin")


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory, gazetteer):
    """The seeds indexed once, then restored from the cache: (restored corpus, fresh corpus, db)."""
    root = tmp_path_factory.mktemp("stored-search")
    folder = root / "news"
    shutil.copytree(SEEDS, folder)
    db = root / "c.db"
    index_paths([folder], gazetteer, workers=1, cache_path=db)
    warm = index_paths([folder], gazetteer, workers=1, cache_path=db)
    assert isinstance(warm.corpus.mentions, StoredMentions)
    yield warm.corpus, Corpus.load([folder], gazetteer), db
    warm.corpus.close()


def restore(folder_db: Path, gazetteer) -> Corpus:
    """Another restored corpus of the same folder (its own connection)."""
    folder = folder_db.parent / "news"
    result = index_paths([folder], gazetteer, workers=1, cache_path=folder_db)
    assert isinstance(result.corpus.mentions, StoredMentions)
    return result.corpus


def hits(corpus: Corpus, query: str) -> list[tuple[str, float, str]]:
    return [(hit.entity.name, hit.score, hit.matched) for hit in corpus.search(query)]


def prefixes(corpus: Corpus) -> list[str]:
    """What typing each entity's name gives, keystroke by keystroke (a sample of the names)."""
    names = sorted(corpus.entities)[::3]
    return [name[:n] for name in names for n in range(1, len(name) + 1)]


def test_every_keystroke_finds_what_the_in_memory_search_finds(stored):
    warm, expected, _ = stored
    for query in [*QUERIES, *prefixes(expected)]:
        got = hits(warm, query)
        assert got == hits(expected, query), query
        assert all(warm.entities[name] is hit.entity for (name, _, _), hit in zip(got, warm.search(query)))
    assert warm.aliases == expected.aliases
    for query in ("summit", "leaders gather", "china"):
        assert warm.search_titles(query) == expected.search_titles(query)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="abcdeijklmnoprstuvxyz ’-", max_size=14))
def test_any_query_finds_what_the_in_memory_search_finds(stored, query):
    warm, expected, _ = stored
    assert hits(warm, query) == hits(expected, query)


def test_threads_searching_one_restored_corpus_get_the_same_hits(stored, gazetteer):
    _, expected, db = stored
    warm = restore(db, gazetteer)
    queries = prefixes(expected)
    want = {query: hits(expected, query) for query in queries}
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def search(offset: int) -> None:
        try:
            barrier.wait()
            for query in queries[offset:] + queries[:offset]:
                assert hits(warm, query) == want[query], query
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    def read_mentions() -> None:
        try:
            barrier.wait()
            for _ in range(3):
                for article in range(len(expected.articles)):
                    assert len(warm.mentions[article]) == len(expected.mentions[article])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=search, args=(offset,)) for offset in (0, len(queries) // 2)]
    threads.append(threading.Thread(target=read_mentions))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    warm.close()


def _indexed(tmp_path: Path, gazetteer) -> tuple[Path, Path]:
    """The seeds copied and indexed once: (the folder, its cache database)."""
    folder = tmp_path / "news"
    shutil.copytree(SEEDS, folder)
    db = tmp_path / "c.db"
    index_paths([folder], gazetteer, workers=1, cache_path=db)
    return folder, db


def _set_forms(db: Path, forms: str) -> None:
    with closing(sqlite3.connect(db, isolation_level=None)) as connection:
        connection.execute("UPDATE snapshot_search SET forms = ?", (forms,))


def _stored_forms(db: Path) -> list:
    with closing(sqlite3.connect(db, isolation_level=None)) as connection:
        return list(each_row(connection.execute("SELECT forms FROM snapshot_search").fetchone()[0]))


def _cut(forms: list) -> str:
    return encode_lines(forms)[: len(encode_lines(forms)) * 2 // 3]


def _stranger(forms: list) -> str:
    forms[len(forms) // 2][1][0][0] = "Nobody In This Corpus"
    return encode_lines(forms)


def _not_text(forms: list) -> str:
    forms[len(forms) // 2][0] = 7
    return encode_lines(forms)


def _bad_owner(forms: list) -> str:
    forms[-1][1] = [3]
    return encode_lines(forms)


@pytest.mark.parametrize(
    "damage",
    [_cut, _stranger, _not_text, _bad_owner, lambda forms: '{"a": 1}', lambda forms: encode_lines(forms) + "\n]"],
    ids=["cut short", "an owner not in the corpus", "a form not text", "an owner not a pair", "not a row", "after"],
)
def test_a_damaged_stored_table_searches_as_the_entities_do(tmp_path, gazetteer, damage):
    folder, db = _indexed(tmp_path, gazetteer)
    _set_forms(db, damage(_stored_forms(db)))
    warm = restore(db, gazetteer)
    expected = Corpus.load([folder], gazetteer)
    for query in QUERIES:
        assert hits(warm, query) == hits(expected, query), query
    assert warm.aliases == expected.aliases
    warm.close()


def test_a_damaged_stored_table_loads_the_gazetteer_for_its_spellings(tmp_path, gazetteer):
    """A corpus shown before a gazetteer was loaded (`reader search` on an unchanged folder)
    loads one when it must make the search forms from its entities."""
    folder, db = _indexed(tmp_path, gazetteer)
    _set_forms(db, _cut(_stored_forms(db)))
    warm = restore(db, gazetteer)
    warm.gazetteer = None
    loaded: list[int] = []
    warm.load_gazetteer = lambda: loaded.append(1) or gazetteer
    expected = Corpus.load([folder], gazetteer)
    assert hits(warm, "putn") == hits(expected, "putn")
    assert loaded == [1] and warm.gazetteer is gazetteer
    warm.close()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(JSON, max_size=12), st.booleans(), st.sampled_from([1, 7, 1 << 16]))
def test_any_table_comes_back_from_its_json_lines(rows, ascii, chunk):
    """Across chunks of any size, with newlines and stray surrogates in the strings."""
    rows = [*rows, "a\nb", ["\udcff", "x\ny"]]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(codec, "_CHUNK", chunk)
        text = encode_lines(rows, ascii=ascii)
        assert list(each_row(text)) == rows
        assert list(each_row(encode_lines([]))) == []


@pytest.mark.parametrize("text", ["not json", "[1]\n", "\n[1]", "[1]\n\n[2]", "[1] x", "[1,"], ids=repr)
def test_json_lines_that_are_not_refuse(text):
    with pytest.raises(ValueError):
        list(each_row(text))


def test_the_search_tables_hold_no_object_per_name():
    """A large corpus's tables hold its forms as a few texts and arrays: what they add per form
    stays under a hundred bytes (a string, a tuple of words and a list of tuples each were
    about 340), on names made as a corpus's are, of fewer words than names."""
    first = [f"First{chr(97 + a)}{chr(97 + b)}" for a in range(20) for b in range(10)]
    last = [f"Last{chr(97 + a)}{chr(97 + b)}x" for a in range(20) for b in range(10)]
    entities = {}
    for i, given_name in enumerate(first):
        for j, surname in enumerate(last):
            name = f"{given_name} {surname}"
            entities[name] = Entity(name, "PERSON", (surname,) if (i + j) % 3 == 0 else ())
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        index = SearchIndex(entities, [], None)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    forms = len(index.choices)
    assert forms == len(entities) + len(last)
    assert held / forms < 100, f"{held / forms:.0f} bytes per form"
    top = index.search("firstbc lastdex")[0]
    assert (top.entity.name, top.matched) == ("Firstbc Lastdex", "Firstbc Lastdex")
    assert {hit.matched for hit in index.search("lastdex", limit=300)} >= {"Lastdex"}


FORM = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12).filter(str.split)


@settings(max_examples=60, deadline=None)
@given(st.lists(FORM, min_size=1, max_size=30), st.integers(0, 9_000))
def test_the_compact_tables_give_back_every_form_and_owner(forms, padding):
    """Across the texts' 4,096-form chunks, and with forms outside Latin-1 in some of them."""
    forms = list(dict.fromkeys([*(f"pad {n}" for n in range(padding)), *forms]))
    entities = {f"E{n}": Entity(f"E{n}", "PERSON") for n in range(5)}
    rows = [(form, [(f"E{n % 5}", form), (f"E{(n + 1) % 5}", f"E{(n + 1) % 5}")]) for n, form in enumerate(forms)]
    choices, owners, by_word = _name_tables(rows, entities)
    assert len(choices) == len(forms) == len(owners)
    assert list(choices) == forms and choices[-1] == forms[-1] and choices[: len(forms)] == forms
    assert [owners[n] for n in range(len(forms))] == [list(held) for _, held in rows]
    assert {word: list(found) for word, found in by_word.items()} == words_index(forms)
    with pytest.raises(IndexError):
        choices[len(forms)]
    with pytest.raises(IndexError):
        choices[-len(forms) - 1]
    assert choices[-len(forms)] == forms[0]
    with pytest.raises(IndexError):
        owners[len(forms)]
