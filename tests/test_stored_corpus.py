"""The stored snapshot of a linked corpus: a warm start restored from it is the corpus a fresh
build gives, it is never used when anything it was made from changed, it does not pile up,
and damage to it costs a re-link (with at most a notice), never wrong data or a crash."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sqlite3
import threading
import types
from contextlib import closing
from pathlib import Path

import pytest

from reader.corpus.corpus import Corpus
from reader.entities.gazetteer import load_gazetteer, load_user_gazetteer
from reader.entities.recognize import Recognizer
from reader.indexer import extract, index_paths, last_corpus, pipeline, provisional
from reader.store import file_cache as cache_module
from reader.store import keys as keys_module
from reader.store import snapshots as stored_corpus
from reader.store import versions
from reader.store.file_cache import Cache
from reader.store.snapshots import CorpusUnavailable, StoredMentions
from support.paths import SEEDS

QUERIES = ("putn", "tokaev", "shangai cooperation", "xi", "erdogan", "astana", "sco summit", "beijing")
TITLE_QUERIES = ("summit", "leaders gather", "china", "putin")

SUMMIT = "Leaders gather\n\nThe SCO summit in Astana opened on Thursday. President Vladimir Putin met President Xi Jinping.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The seeds, plus a summit article whose sidecar date decides the summit's name."""
    target = tmp_path / "news"
    shutil.copytree(SEEDS, target)
    (target / "summit.txt").write_text(SUMMIT, encoding="utf-8")
    sidecar = target / "sources.toml"
    sidecar.write_text(
        sidecar.read_text(encoding="utf-8") + '\n["summit.txt"]\ndate = "2019-06-14"\n', encoding="utf-8"
    )
    return target


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "c.db"


def run(paths, gazetteer, db: Path, **options):
    paths = paths if isinstance(paths, list) else [paths]
    return index_paths(paths, gazetteer, workers=options.pop("workers", 1), cache_path=db, **options)


def fresh(paths, gazetteer) -> Corpus:
    """The corpus without any cache: the reference."""
    return Corpus.load(paths if isinstance(paths, list) else [paths], gazetteer)


def sql(db: Path, query: str, *args) -> list:
    with closing(sqlite3.connect(db, isolation_level=None)) as connection:
        return connection.execute(query, args).fetchall()


def mention_row(m) -> tuple:
    return (m.start, m.end, m.text, m.type, m.key, m.entity, m.instance, m.generic, m.rule)


def view(corpus: Corpus) -> dict:
    """What a reader sees of a corpus. Read the way the app reads a stored one: the entity table
    first (counts without occurrences), then article by article, then each entity's places."""
    table = {name: (e.type, sorted(e.aliases), e.count, e.article_count) for name, e in corpus.entities.items()}
    articles = [
        (
            a.path,
            a.title,
            a.source,
            a.date,
            a.url,
            a.encoding,
            tuple(map(tuple, a.debris)),
            a.body_start,
            tuple(a.title_span),
            a.size,
            a.words,
        )
        for a in corpus.articles
    ]
    mentions = [[mention_row(m) for m in corpus.mentions[i]] for i in range(len(corpus.mentions))]
    occurrences = {name: list(e.occurrences) for name, e in corpus.entities.items()}
    after = {name: (e.count, e.article_count, e.articles) for name, e in corpus.entities.items()}
    return {
        "entities": table,
        "entity order": list(corpus.entities),
        "articles": articles,
        "mentions": mentions,
        "occurrences": occurrences,
        "loaded counts": after,
        "problems": [str(p) for p in corpus.problems],
    }


def walk(corpus: Corpus) -> dict:
    """Every entity walked with next and previous from either end, first mentions per article,
    and the mention under each mention's start."""
    found = {}
    last = len(corpus.articles) - 1
    for name, entity in corpus.entities.items():
        forward, backward = [], []
        position = corpus.step(name, 0, -1)
        for _ in range(entity.count + 1):
            forward.append(
                (
                    position.article,
                    position.index,
                    position.mention.start,
                    position.ordinal,
                    position.total,
                    position.wrapped,
                )
            )
            position = corpus.step(name, position.article, position.mention.start)
        position = corpus.step(name, last, 10**9, forward=False)
        for _ in range(entity.count + 1):
            backward.append((position.article, position.index, position.ordinal, position.wrapped))
            position = corpus.step(name, position.article, position.mention.start, forward=False)
        firsts = [(p.article, p.index) for p in (corpus.first_mention(name, a) for a in range(last + 1))]
        found[name] = (forward, backward, firsts, corpus.sources_of(name))
    under = [[corpus.mention_at(a, m.start) for m in corpus.mentions[a]] for a in range(last + 1)]
    return {"steps": found, "under": under}


def searches(corpus: Corpus) -> dict:
    return {
        "entities": {q: [(h.entity.name, h.score, h.matched) for h in corpus.search(q)] for q in QUERIES},
        "titles": {q: [(h.article, h.score) for h in corpus.search_titles(q)] for q in TITLE_QUERIES},
    }


def restored(result) -> bool:
    """The corpus came from a stored snapshot (read lazily), not from linking now."""
    return isinstance(result.corpus.mentions, StoredMentions)


def snapshot_ids(db: Path) -> dict[str, int]:
    return {key: number for number, key in sql(db, "SELECT id, key FROM snapshots")}


# ---------------------------------------------------------------- 1. a warm start is a fresh build


def test_warm_start_restores_exactly_the_corpus_a_fresh_build_gives(folder, gazetteer, db, calls, monkeypatch):
    cold = run(folder, gazetteer, db)
    assert not restored(cold) and cold.corpus.key
    assert snapshot_ids(db) == {cold.corpus.key: snapshot_ids(db)[cold.corpus.key]}
    stored_id = snapshot_ids(db)[cold.corpus.key]
    expected = fresh(folder, gazetteer)
    assert expected.entities, "the fixture has entities to compare"

    calls.clear()
    monkeypatch.setattr(stored_corpus, "MENTION_CACHE", 2)  # articles are read again after eviction
    warm = run(folder, gazetteer, db)
    assert not calls and warm.stats.extracted == 0 and warm.stats.cached == len(expected.articles)
    assert restored(warm) and warm.corpus.key == cold.corpus.key
    assert snapshot_ids(db) == {cold.corpus.key: stored_id}, "the stored snapshot is reused, not stored again"
    assert not warm.notices
    # Navigation first, while no occurrence or mention is loaded: its keys come from the snapshot.
    assert walk(warm.corpus) == walk(expected)
    assert view(warm.corpus) == view(expected)
    assert searches(warm.corpus) == searches(expected)
    # Backwards (evicted articles read again) and all at once (`reader entities`).
    n = len(expected.articles)
    assert [[mention_row(m) for m in warm.corpus.mentions[i]] for i in reversed(range(n))] == [
        [mention_row(m) for m in expected.mentions[i]] for i in reversed(range(n))
    ]
    assert [[mention_row(m) for m in doc] for doc in warm.corpus.mentions] == [
        [mention_row(m) for m in doc] for doc in expected.mentions
    ]
    assert warm.stats.mentions == sum(len(doc) for doc in expected.mentions)
    assert warm.stats.entities == len(expected.entities)
    # The cold start's own (linked in memory) corpus is the same corpus too.
    assert view(cold.corpus) == view(expected)
    warm.corpus.close()


def test_a_restored_corpus_walks_like_a_fresh_one_before_anything_is_read(folder, gazetteer, db):
    """`step` on a restored corpus uses the (article, start) keys stored with the occurrences."""
    run(folder, gazetteer, db)
    warm = run(folder, gazetteer, db)
    assert restored(warm)
    expected = fresh(folder, gazetteer)
    for name in expected.entities:
        for article in range(len(expected.articles)):
            for offset in (-1, 0, 500, 2000, 10**9):
                for forward in (True, False):
                    got, want = (c.step(name, article, offset, forward) for c in (warm.corpus, expected))
                    assert (got.article, got.index, got.ordinal, got.total, got.wrapped, mention_row(got.mention)) == (
                        want.article,
                        want.index,
                        want.ordinal,
                        want.total,
                        want.wrapped,
                        mention_row(want.mention),
                    )
    warm.corpus.close()


# ---------------------------------------------------------------- 2. never a stale snapshot


def _edit(folder: Path) -> None:
    path = folder / "001_c1ddc58547b124d4.txt"
    path.write_text(
        path.read_text(encoding="utf-8") + "\nPresident Recep Tayyip Erdogan flew to Tbilisi.\n", encoding="utf-8"
    )


def _add(folder: Path) -> None:
    (folder / "005_new.txt").write_text(
        "New talks\n\nPresident Emmanuel Macron met Chancellor Olaf Scholz in Paris.\n", encoding="utf-8"
    )


def _delete(folder: Path) -> None:
    (folder / "003_c33b9b08482d96a7.txt").unlink()


def _sidecar_title(folder: Path) -> None:
    sidecar = folder / "sources.toml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + 'title = "Summit opens"\n', encoding="utf-8")


def _sidecar_date(folder: Path) -> None:
    """The date names the summit ("SCO summit 2019 Astana"): the mentions change, not the text."""
    sidecar = folder / "sources.toml"
    sidecar.write_text(
        sidecar.read_text(encoding="utf-8").replace('date = "2019-06-14"', 'date = "2021-09-17"'), encoding="utf-8"
    )


def _corrections(folder: Path) -> None:
    from reader.config import corrections_file

    corrections_file().parent.mkdir(parents=True, exist_ok=True)
    corrections_file().write_text('[suppress]\nnames = ["Astana"]\n', encoding="utf-8")


@pytest.mark.parametrize(
    "change", [_edit, _add, _delete, _sidecar_title, _sidecar_date, _corrections], ids=lambda f: f.__name__[1:]
)
def test_a_change_gives_the_fresh_corpus_not_the_snapshot(folder, db, calls, change):
    """No gazetteer given: the user's corrections file is read, as the app does."""
    before = run(folder, None, db)
    assert not restored(before)
    old = view(fresh(folder, load_user_gazetteer([])))
    change(folder)
    expected = fresh(folder, load_user_gazetteer([]))
    assert view(expected) != old, "the change changes the corpus, so a stale snapshot would show"
    after = run(folder, None, db)
    assert not restored(after), "the old snapshot was used"
    assert after.corpus.key and after.corpus.key != before.corpus.key
    assert view(after.corpus) == view(expected)
    # ... and what was stored for the new files is right: the next start restores it.
    calls.clear()
    again = run(folder, None, db)
    assert restored(again) and not calls and again.corpus.key == after.corpus.key
    assert view(again.corpus) == view(expected)
    again.corpus.close()


def test_touching_a_file_keeps_the_snapshot(folder, gazetteer, db, calls):
    first = run(folder, gazetteer, db)
    touched = folder / "002_4c3a095d842103b2.txt"
    info = touched.stat()
    os.utime(touched, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))
    calls.clear()
    second = run(folder, gazetteer, db)
    assert not calls, "the touched file keeps its mentions (same content hash)"
    assert restored(second) and second.corpus.key == first.corpus.key
    assert len(snapshot_ids(db)) == 1
    assert view(second.corpus) == view(fresh(folder, gazetteer))
    second.corpus.close()


def _drop_gpe(monkeypatch) -> None:
    """A recogniser that no longer finds places: what a new engine might do."""
    original = Recognizer.recognize
    monkeypatch.setattr(
        Recognizer, "recognize", lambda self, *a, **k: [m for m in original(self, *a, **k) if m.type != "GPE"]
    )


def test_an_engine_version_bump_gives_the_new_engine_corpus(folder, gazetteer, db, calls, monkeypatch):
    before = run(folder, gazetteer, db)
    # A new engine: its rules and so its version (which the link version is made from).
    _drop_gpe(monkeypatch)
    bumped = cache_module.ENGINE_VERSION + "-next"
    for module in (cache_module, pipeline):
        monkeypatch.setattr(module, "ENGINE_VERSION", bumped)
    monkeypatch.setattr(keys_module, "LINK_VERSION", versions.link_version(bumped))
    expected = fresh(folder, gazetteer)
    assert not any(m.type == "GPE" for doc in expected.mentions for m in doc)
    calls.clear()
    after = run(folder, gazetteer, db)
    assert len(calls) == len(expected.articles), "every file is recognised again"
    assert not restored(after) and after.corpus.key != before.corpus.key
    assert view(after.corpus) == view(expected)
    calls.clear()
    again = run(folder, gazetteer, db)
    assert restored(again) and not calls and view(again.corpus) == view(expected)
    again.corpus.close()


@pytest.mark.parametrize("batch", [None, 1, 2], ids=["one-batch", "batches-of-1", "batches-of-2"])
def test_a_link_version_bump_links_again_from_the_cached_mentions(folder, gazetteer, db, calls, monkeypatch, batch):
    """Linked again from the per-file rows, decoded a batch of files at a time."""
    from reader.indexer import cache_access

    if batch is not None:
        monkeypatch.setattr(cache_access, "MENTIONS_BATCH", batch)
    before = run(folder, gazetteer, db)
    monkeypatch.setattr(keys_module, "LINK_VERSION", keys_module.LINK_VERSION + "-next")
    calls.clear()
    after = run(folder, gazetteer, db)
    assert not calls, "recognition is unchanged: the per-file rows are used"
    assert not restored(after) and after.corpus.key and after.corpus.key != before.corpus.key
    assert view(after.corpus) == view(fresh(folder, gazetteer))
    assert len(snapshot_ids(db)) == 2


def test_linking_again_offers_the_first_articles_unpacked_once_before_the_whole(folder, gazetteer, db, monkeypatch):
    """After a link version bump every article comes from the cache and is linked anew: the
    first ones unpacked are offered at once as a corpus of their own (the app shows them), once;
    the result is the whole corpus, as a fresh build gives it."""
    from reader.indexer import extract as extract_module
    from reader.indexer import linking

    run(folder, gazetteer, db)
    monkeypatch.setattr(keys_module, "LINK_VERSION", keys_module.LINK_VERSION + "-next")
    monkeypatch.setattr(extract_module, "POOL_THRESHOLD", 3)
    monkeypatch.setattr(linking, "OFFER_EVERY", 2)
    offered: list[Corpus] = []
    after = run(folder, gazetteer, db, partial=offered.append)
    assert [len(corpus.articles) for corpus in offered] == [2]
    assert [a.path for a in offered[0].articles] == [a.path for a in after.corpus.articles[:2]]
    assert view(after.corpus) == view(fresh(folder, gazetteer))


def test_linking_again_offers_nothing_more_when_the_files_read_first_were_offered(folder, gazetteer, db, monkeypatch):
    """New files read first (their corpus offered while they are read), then every cached one
    linked anew: the relink makes no offer of its own, and the result is the whole corpus."""
    import functools

    from reader.indexer import extract as extract_module
    from reader.indexer import extraction, linking
    from reader.indexer.provisional import Provisional

    for number in range(16):  # enough cached files for a relink's offer to come before a third
        (folder / f"zz_{number:02d}.txt").write_text(SUMMIT.replace("Astana", f"Astana {number}"), encoding="utf-8")
    run(folder, gazetteer, db)
    for number in range(3):  # sorted before the cached files: the offer's run starts with them
        (folder / f"000_0_new_{number}.txt").write_text(SUMMIT.replace("Thursday", f"day {number}"), encoding="utf-8")
    monkeypatch.setattr(keys_module, "LINK_VERSION", keys_module.LINK_VERSION + "-next")
    monkeypatch.setattr(extract_module, "POOL_THRESHOLD", 3)
    monkeypatch.setattr(extraction, "Provisional", functools.partial(Provisional, wait=0))
    monkeypatch.setattr(linking, "OFFER_EVERY", 2)
    offered: list[Corpus] = []
    after = run(folder, gazetteer, db, partial=offered.append)
    assert offered and all(len(corpus.articles) <= 3 for corpus in offered), [len(c.articles) for c in offered]
    assert all(a.path.endswith(("new_0.txt", "new_1.txt", "new_2.txt")) for c in offered for a in c.articles)
    assert view(after.corpus) == view(fresh(folder, gazetteer))


# ---------------------------------------------------------------- 3. pruning


class Clock:
    """The cache's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000_000.0

    def time(self) -> float:
        return self.now

    @staticmethod
    def sleep(seconds: float) -> None:
        import time

        time.sleep(seconds)


def _small_folders(tmp_path: Path, count: int) -> list[Path]:
    folders = []
    for number in range(count):
        target = tmp_path / f"f{number:02d}"
        target.mkdir()
        (target / "a.txt").write_text(
            f"Report {number}\n\nPresident Vladimir Putin met Mr Ivan Petrov{number} in Astana.\n", encoding="utf-8"
        )
        folders.append(target)
    return folders


def _orphans(db: Path) -> tuple[int, int, int]:
    """Rows of snapshots that are gone: of their mentions, places (and answer tables), and starts."""
    from reader.store.answers import ANSWER_TABLES

    return (
        sql(db, "SELECT count(*) FROM snapshot_mentions WHERE snapshot NOT IN (SELECT id FROM snapshots)")[0][0],
        sum(
            sql(db, f"SELECT count(*) FROM {table} WHERE snapshot NOT IN (SELECT id FROM snapshots)")[0][0]
            for table in ("snapshot_occurrences", *ANSWER_TABLES)
        ),
        sql(db, "SELECT count(*) FROM starts WHERE snapshot NOT IN (SELECT key FROM snapshots)")[0][0],
    )


def test_old_snapshots_are_pruned_and_recent_ones_kept(tmp_path, gazetteer, db, calls, monkeypatch):
    keep = stored_corpus.KEEP_SNAPSHOTS
    clock = Clock()
    monkeypatch.setattr(stored_corpus, "time", clock)
    folders = _small_folders(tmp_path, keep + 5)
    keys = []
    for target in folders[: keep + 4]:
        clock.now += 2 * stored_corpus.SNAPSHOT_TTL_S
        keys.append(run(target, gazetteer, db).corpus.key)
        assert len(snapshot_ids(db)) <= keep
    assert set(snapshot_ids(db)) == set(keys[-keep:]), "the most recently used are kept"
    assert _orphans(db) == (0, 0, 0)
    assert sql(db, "SELECT count(*) FROM snapshot_mentions")[0][0] == keep  # one article each
    # Each start under two keys: by its gazetteer, and by its corrections file (reader.cli.quick).
    assert sql(db, "SELECT count(*) FROM starts")[0][0] == 2 * keep
    assert last_corpus([folders[0]], gazetteer, db) is None
    # Using the oldest kept one makes it the newest: the next corpus prunes the one after it.
    clock.now += 2 * stored_corpus.SNAPSHOT_TTL_S
    oldest = folders[keep + 4 - keep]
    calls.clear()
    reused = run(oldest, gazetteer, db)
    assert restored(reused) and not calls
    reused.corpus.close()
    clock.now += 2 * stored_corpus.SNAPSHOT_TTL_S
    newest = run(folders[-1], gazetteer, db).corpus.key
    assert set(snapshot_ids(db)) == {reused.corpus.key, newest, *keys[-keep + 2 :]}
    assert _orphans(db) == (0, 0, 0)
    # A pruned corpus is linked again, correctly.
    again = run(folders[0], gazetteer, db)
    assert not restored(again) and view(again.corpus) == view(fresh(folders[0], gazetteer))


def test_snapshots_used_within_the_ttl_are_all_kept(tmp_path, gazetteer, db):
    keep = stored_corpus.KEEP_SNAPSHOTS
    folders = _small_folders(tmp_path, keep + 2)
    for target in folders:
        run(target, gazetteer, db)
    assert len(snapshot_ids(db)) == keep + 2
    for target in folders:
        shown = last_corpus([target], gazetteer, db)
        assert shown is not None
        shown.close()


def test_the_same_folder_changing_many_times_keeps_few_snapshots(tmp_path, gazetteer, db, monkeypatch):
    monkeypatch.setattr(stored_corpus, "SNAPSHOT_TTL_S", -1)  # every snapshot is old
    target = _small_folders(tmp_path, 1)[0]
    for number in range(3 * stored_corpus.KEEP_SNAPSHOTS):
        (target / "a.txt").write_text(
            f"Edition {number}\n\nMr Ivan Petrov{number} spoke in Astana.\n", encoding="utf-8"
        )
        result = run(target, gazetteer, db)
    assert len(snapshot_ids(db)) == stored_corpus.KEEP_SNAPSHOTS
    assert result.corpus.key in snapshot_ids(db)
    assert _orphans(db) == (0, 0, 0)
    assert sql(db, "SELECT DISTINCT snapshot FROM starts") == [(result.corpus.key,)]


# ---------------------------------------------------------------- 4. a damaged or deleted snapshot


def _delete_snapshots(db: Path) -> None:
    for table in ("snapshot_mentions", "snapshot_occurrences", "snapshots"):
        sql(db, f"DELETE FROM {table}")


def test_a_deleted_snapshot_is_linked_again(folder, gazetteer, db, calls):
    first = run(folder, gazetteer, db)
    old_id = snapshot_ids(db)[first.corpus.key]
    _delete_snapshots(db)
    calls.clear()
    second = run(folder, gazetteer, db)
    assert not calls and not restored(second) and not second.notices
    assert view(second.corpus) == view(fresh(folder, gazetteer))
    assert snapshot_ids(db)[second.corpus.key] > old_id, "stored again, under a new id"
    third = run(folder, gazetteer, db)
    assert restored(third) and not third.notices and view(third.corpus) == view(fresh(folder, gazetteer))
    third.corpus.close()


def test_a_damaged_entity_table_is_linked_again_then_replaced(folder, gazetteer, db):
    first = run(folder, gazetteer, db)
    sql(db, "UPDATE snapshots SET entities = 'not json'")
    expected = view(fresh(folder, gazetteer))
    second = run(folder, gazetteer, db)
    assert not restored(second) and view(second.corpus) == expected
    assert len(second.notices) <= 1 and all("\n" not in n for n in second.notices)
    third = run(folder, gazetteer, db)
    assert restored(third) and not third.notices, "the damaged snapshot was stored again, not kept"
    assert third.corpus.key == first.corpus.key and view(third.corpus) == expected
    third.corpus.close()


def test_a_malformed_entity_row_is_linked_again_then_replaced(folder, gazetteer, db):
    run(folder, gazetteer, db)
    sql(db, "UPDATE snapshots SET entities = '[[1, 2]]'")
    expected = view(fresh(folder, gazetteer))
    second = run(folder, gazetteer, db)
    assert not restored(second) and view(second.corpus) == expected
    third = run(folder, gazetteer, db)
    assert restored(third) and not third.notices and view(third.corpus) == expected
    third.corpus.close()


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE snapshot_mentions SET mentions = 'not json' WHERE article = 2",
        "UPDATE snapshot_mentions SET mentions = '[[1, 2]]' WHERE article = 2",
        "DELETE FROM snapshot_mentions WHERE article = 2",
        # [recognised rows, entity of each, [index, instance] pairs]: parts that do not fit together.
        "UPDATE snapshot_mentions SET mentions = '[[], [0], []]' WHERE article = 2",
        "UPDATE snapshot_mentions SET mentions = '[[], [], [[5, \"SCO summit\"]]]' WHERE article = 2",
    ],
    ids=["garbage", "short rows", "missing row", "entities without mentions", "instance of no mention"],
)
def test_damaged_mentions_raise_then_the_next_start_rebuilds(folder, gazetteer, db, damage):
    run(folder, gazetteer, db)
    sql(db, damage)
    expected = fresh(folder, gazetteer)
    second = run(folder, gazetteer, db)
    assert restored(second)  # the damage is in rows read later
    assert [mention_row(m) for m in second.corpus.mentions[1]] == [mention_row(m) for m in expected.mentions[1]]
    with pytest.raises(CorpusUnavailable):
        second.corpus.mentions[2]
    with pytest.raises(CorpusUnavailable):
        list(second.corpus.mentions)
    second.corpus.close()
    # "run the reader again to rebuild it": the next start must not restore the same damage.
    third = run(folder, gazetteer, db)
    assert view(third.corpus) == view(expected)
    third.corpus.close()
    fourth = run(folder, gazetteer, db)
    assert restored(fourth) and view(fourth.corpus) == view(expected)
    fourth.corpus.close()


@pytest.mark.parametrize("places", [b"xyz", b"\x01\x00\x00\x00"], ids=["odd bytes", "partial triple"])
def test_damaged_occurrences_raise_rather_than_mislead(folder, gazetteer, db, places):
    run(folder, gazetteer, db)
    sql(db, "UPDATE snapshot_occurrences SET places = ? WHERE entity = 0", places)
    expected = fresh(folder, gazetteer)
    second = run(folder, gazetteer, db)
    assert restored(second)
    first_entity = next(iter(second.corpus.entities.values()))
    with pytest.raises(CorpusUnavailable):
        first_entity.occurrences
    second.corpus.close()
    third = run(folder, gazetteer, db)
    assert view(third.corpus) == view(expected)
    third.corpus.close()


def test_a_snapshot_deleted_under_a_restored_corpus_raises_rather_than_reads_another(folder, tmp_path, gazetteer, db):
    run(folder, gazetteer, db)
    warm = run(folder, gazetteer, db)
    assert restored(warm)
    kept = [mention_row(m) for m in warm.corpus.mentions[0]]  # read before: stays readable
    _delete_snapshots(db)
    # Another corpus as long stored meanwhile must not be read in its place (ids are never reused).
    other = tmp_path / "other"
    shutil.copytree(folder, other)
    _edit(other)
    assert len(run(other, gazetteer, db).corpus.mentions) == len(warm.corpus.articles)
    assert [mention_row(m) for m in warm.corpus.mentions[0]] == kept
    with pytest.raises(CorpusUnavailable):
        warm.corpus.mentions[1]
    with pytest.raises(CorpusUnavailable):
        list(warm.corpus.mentions)
    entity = next(iter(warm.corpus.entities.values()))
    with pytest.raises(CorpusUnavailable):
        entity.occurrences
    with pytest.raises(CorpusUnavailable):
        warm.corpus.step(entity.name, 0, 0)
    warm.corpus.close()
    again = run(folder, gazetteer, db)
    assert view(again.corpus) == view(fresh(folder, gazetteer))


def test_a_deleted_cache_file_under_a_restored_corpus_reads_right_or_raises(folder, gazetteer, db):
    """Deleting the file leaves an open connection reading the old (right) rows on POSIX."""
    run(folder, gazetteer, db)
    warm = run(folder, gazetteer, db)
    Cache(db).delete()
    expected = fresh(folder, gazetteer)
    try:
        got = [mention_row(m) for m in warm.corpus.mentions[3]]
    except CorpusUnavailable:
        pass
    else:
        assert got == [mention_row(m) for m in expected.mentions[3]]
    warm.corpus.close()
    again = run(folder, gazetteer, db)
    assert not restored(again) and view(again.corpus) == view(expected)


# ---------------------------------------------------------------- 5. last_corpus


def test_last_corpus_shows_what_the_last_start_showed(folder, gazetteer, db, calls, monkeypatch):
    assert last_corpus([folder], gazetteer, db) is None, "a fresh cache has nothing to show"
    first = run(folder, gazetteer, db)
    calls.clear()
    shown = last_corpus([folder], gazetteer, db)
    assert shown is not None and not calls
    assert shown.key == first.corpus.key
    assert view(shown) == view(first.corpus)
    assert walk(shown) == walk(first.corpus)
    shown.close()
    # The same folder named another way is another start: the stored corpus names its articles
    # by the paths as given, which would not resolve from elsewhere (issue 19.1).
    monkeypatch.chdir(folder.parent)
    assert last_corpus([Path(folder.name)], gazetteer, db) is None
    assert last_corpus([folder / "sub"], gazetteer, db) is None
    assert last_corpus([folder, folder.parent], gazetteer, db) is None
    # It does not look at the files: still the old corpus until a start sees the change.
    _edit(folder)
    stale = last_corpus([folder], gazetteer, db)
    assert stale.key == first.corpus.key
    stale.close()
    second = run(folder, gazetteer, db)
    assert second.corpus.key != first.corpus.key
    shown = last_corpus([folder], gazetteer, db)
    assert shown.key == second.corpus.key
    assert view(shown) == view(second.corpus) == view(fresh(folder, gazetteer))
    shown.close()


def test_last_corpus_of_a_restored_start(folder, gazetteer, db):
    """A start that restored (did not store) still records what it showed."""
    a = _small_folders(folder.parent, 1)[0]
    run(folder, gazetteer, db)
    run(a, gazetteer, db)
    sql(db, "DELETE FROM starts")
    warm = run(folder, gazetteer, db)
    assert restored(warm)
    shown = last_corpus([folder], gazetteer, db)
    assert shown is not None and shown.key == warm.corpus.key
    assert view(shown) == view(fresh(folder, gazetteer))
    shown.close()
    warm.corpus.close()


@pytest.mark.parametrize(
    "manifest",
    ["not json", "[[1, 2]]", '[["a.txt"', "[]]", '{"a": 1}'],
    ids=["not json", "a short row", "cut short", "text after", "not a list"],
)
def test_a_damaged_manifest_shows_nothing_then_is_replaced(folder, gazetteer, db, manifest):
    """The quick path decodes the manifest row by row: damage found part way shows nothing
    (the start then indexes the general way) and the snapshot is dropped, to be stored again."""
    first = run(folder, gazetteer, db)
    sql(db, "UPDATE snapshots SET manifest = ?", manifest)
    assert last_corpus([folder], gazetteer, db) is None
    assert not sql(db, "SELECT id FROM snapshots"), "the damaged snapshot is dropped"
    second = run(folder, gazetteer, db)
    assert not restored(second) and view(second.corpus) == view(fresh(folder, gazetteer))
    shown = last_corpus([folder], gazetteer, db)
    assert shown is not None and shown.key == first.corpus.key and view(shown) == view(second.corpus)
    shown.close()


# ---------------------------------------------------------------- 6. schema migration


def test_a_schema_1_cache_is_migrated_keeping_its_files(folder, gazetteer, db, calls):
    run(folder, gazetteer, db)
    files = sql(db, "SELECT * FROM files ORDER BY path")
    # Schema 1: the same files table, no snapshot tables.
    for table in ("snapshot_mentions", "snapshot_occurrences", "snapshot_search", "snapshots", "starts"):
        sql(db, f"DROP TABLE {table}")
    sql(db, "PRAGMA user_version = 1")
    calls.clear()
    migrated = run(folder, gazetteer, db)
    assert not calls and migrated.stats.cached == len(files) and not migrated.notices
    assert sql(db, "PRAGMA user_version") == [(cache_module.SCHEMA_VERSION,)]
    assert sql(db, "SELECT * FROM files ORDER BY path") == files
    assert view(migrated.corpus) == view(fresh(folder, gazetteer))
    calls.clear()
    again = run(folder, gazetteer, db)
    assert restored(again) and not calls
    again.corpus.close()


def test_last_corpus_on_a_schema_1_cache_migrates_it(folder, gazetteer, db):
    run(folder, gazetteer, db)
    for table in ("snapshot_mentions", "snapshot_occurrences", "snapshot_search", "snapshots", "starts"):
        sql(db, f"DROP TABLE {table}")
    sql(db, "PRAGMA user_version = 1")
    assert last_corpus([folder], gazetteer, db) is None
    assert sql(db, "PRAGMA user_version") == [(cache_module.SCHEMA_VERSION,)]
    assert sql(db, "SELECT count(*) FROM files") == [(6,)]


# ---------------------------------------------------------------- 7. concurrent readers


def test_threads_reading_one_restored_corpus_get_the_right_rows(folder, gazetteer, db, monkeypatch):
    monkeypatch.setattr(stored_corpus, "MENTION_CACHE", 1)  # every read goes to the database
    run(folder, gazetteer, db)
    warm = run(folder, gazetteer, db)
    assert restored(warm)
    expected = fresh(folder, gazetteer)
    want_mentions = [[mention_row(m) for m in doc] for doc in expected.mentions]
    want_places = {name: list(e.occurrences) for name, e in expected.entities.items()}
    names = list(expected.entities)
    n = len(expected.articles)
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def reader(offset: int) -> None:
        try:
            barrier.wait()
            for round in range(40):
                article = (round + offset) % n
                assert [mention_row(m) for m in warm.corpus.mentions[article]] == want_mentions[article]
                name = names[(round * 7 + offset) % len(names)]
                entity = warm.corpus.entities[name]
                assert list(entity.occurrences) == want_places[name]
                assert warm.corpus.step(name, 0, -1).mention.start == expected.step(name, 0, -1).mention.start
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=reader, args=(offset,)) for offset in (0, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert view(warm.corpus) == view(expected)
    warm.corpus.close()


def _index_in_child(folders: list[str], cache_path: str, out: str, prune_everything: bool) -> None:
    """In a spawned process: index each folder on the shared cache; write what it got."""
    from reader.store import snapshots as child_cache

    if prune_everything:
        child_cache.KEEP_SNAPSHOTS = 0
        child_cache.SNAPSHOT_TTL_S = -1
    gazetteer = load_gazetteer(None)
    results = []
    for target in folders:
        result = index_paths([target], gazetteer, workers=1, cache_path=Path(cache_path))
        results.append(
            {
                "key": result.corpus.key,
                "notices": result.notices,
                "mentions": [[list(mention_row(m)) for m in doc] for doc in result.corpus.mentions],
            }
        )
        result.corpus.close()
    Path(out).write_text(json.dumps(results), encoding="utf-8")


@pytest.mark.parametrize("prune_everything", [False, True], ids=["shares", "prunes it away"])
def test_another_process_indexing_the_same_cache(folder, tmp_path, gazetteer, db, prune_everything):
    try:
        context = multiprocessing.get_context("spawn")
    except ValueError:
        pytest.skip("no spawn start method")
    run(folder, gazetteer, db)
    warm = run(folder, gazetteer, db)
    assert restored(warm)
    expected = fresh(folder, gazetteer)
    want = [[mention_row(m) for m in doc] for doc in expected.mentions]
    first_read = [mention_row(m) for m in warm.corpus.mentions[0]]
    other = _small_folders(tmp_path, 1)[0]
    out = tmp_path / "child.json"
    child = context.Process(
        target=_index_in_child, args=([str(folder), str(other)], str(db), str(out), prune_everything)
    )
    child.start()
    child.join(timeout=180)
    if child.is_alive():
        child.kill()
        pytest.fail("the other process hung")
    assert child.exitcode == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results[0]["key"] == warm.corpus.key and not results[0]["notices"]
    assert [[tuple(row) for row in doc] for doc in results[0]["mentions"]] == want
    assert not results[1]["notices"]
    # The first process's corpus: right rows, or (its snapshot pruned away) CorpusUnavailable.
    assert first_read == want[0]
    if prune_everything:
        assert warm.corpus.key not in snapshot_ids(db)
        with pytest.raises(CorpusUnavailable):
            warm.corpus.mentions[1]
    else:
        assert [[mention_row(m) for m in warm.corpus.mentions[i]] for i in range(len(want))] == want
        assert {name: list(e.occurrences) for name, e in warm.corpus.entities.items()} == {
            name: list(e.occurrences) for name, e in expected.entities.items()
        }
    warm.corpus.close()


# ---------------------------------------------------------------- 8. provisional corpora


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


def test_provisional_corpora_are_prefixes_with_the_final_mentions(big_folder, gazetteer, db, monkeypatch):
    assert len(list(big_folder.rglob("*.txt"))) >= extract.POOL_THRESHOLD
    # The first provisional corpus waits a second: a clock that moves ten seconds a look.
    ticks = iter(range(0, 10**9, 10))
    monkeypatch.setattr(provisional, "time", types.SimpleNamespace(perf_counter=lambda: float(next(ticks))))
    offered: list[tuple[Corpus, list]] = []

    def partial(corpus: Corpus) -> None:
        offered.append((corpus, [[mention_row(m) for m in doc] for doc in corpus.mentions]))

    final = run(big_folder, gazetteer, db, workers=2, partial=partial)
    assert final.stats.workers == 2
    assert offered, "no provisional corpus was offered"
    paths = [a.path for a in final.corpus.articles]
    sizes = [len(corpus.articles) for corpus, _ in offered]
    assert sizes == sorted(set(sizes)) and sizes[-1] * 2 <= len(paths)
    for corpus, seen in offered:
        count = len(corpus.articles)
        assert [a.path for a in corpus.articles] == paths[:count], "not the first articles in order"
        assert [[row[:5] for row in doc] for doc in seen] == [
            [mention_row(m)[:5] for m in final.corpus.mentions[i]] for i in range(count)
        ]
        # Linked among themselves: every mention names an entity of that corpus.
        assert {m[5] for doc in seen for m in doc} == set(corpus.entities)
        # Final linking did not write into what the app was showing.
        assert [[mention_row(m) for m in doc] for doc in corpus.mentions] == seen
    final.corpus.close()


def test_a_manifest_row_restores_the_article_its_record_does(tmp_path):
    from reader.ingest.read import load_article
    from reader.store.codec import article_record, manifest_row, restore_article, restore_manifest_row

    path = tmp_path / "a.md"
    path.write_text("---\nsource: Wire\ndate: 2024-07-03\n---\n# Title\n\nKofi Annan spoke.\n", encoding="utf-8")
    article = load_article(str(path))
    fields = (
        "path",
        "title",
        "source",
        "date",
        "url",
        "encoding",
        "debris",
        "body_start",
        "title_span",
        "size",
        "words",
    )
    by_row = restore_manifest_row(manifest_row(article))
    by_record = restore_article(article.path, article_record(article))
    assert [getattr(by_row, f) for f in fields] == [getattr(by_record, f) for f in fields]
    assert [getattr(by_row, f) for f in fields] == [getattr(article, f) for f in fields]
    assert by_row.text == article.text


def test_a_stored_corpus_counts_every_entitys_sources_in_one_read(folder, gazetteer, db):
    """`reader entities` lists each entity's mentions per source: one read of every entity's
    places gives what `sources_of` gives one entity at a time, and what the fresh corpus gives."""
    run(folder, gazetteer, db)
    again = run(folder, gazetteer, db)
    assert restored(again) and again.corpus.stored_sources is not None
    reference = fresh(folder, gazetteer)
    every = again.corpus.every_source()
    assert every == {name: reference.sources_of(name) for name in reference.entities}
    assert every == reference.every_source()
    again.corpus.close()
