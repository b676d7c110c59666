"""The app while an index is built, and when its stored corpus goes away: what the user sees."""

from __future__ import annotations

import shutil
import sqlite3

from reader.corpus.build import link_corpus as assemble
from reader.indexer import index_paths
from reader.store.file_cache import Cache
from reader.store.snapshots import StoredMentions
from reader.tui.app import ReaderApp
from support.paths import SEEDS
from support.pilot import loaded, screen_text, status


def indexing_app(gazetteer, tmp_path, first: int):
    """A copy of the seeds indexed whole, a corpus of its first `first` articles linked among
    themselves (what the indexer offers while it runs), and an app on the copy that loads
    nothing itself: the test plays the indexer's part."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    full = index_paths([folder], gazetteer, use_cache=False).corpus
    so_far = assemble(full.articles[:first], [list(full.mentions[i]) for i in range(first)], gazetteer)
    app = ReaderApp([folder], use_state=False)
    app._load = lambda: None
    return full, so_far, app


async def test_articles_indexed_so_far_can_be_read_and_the_final_corpus_keeps_the_place(gazetteer, tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    full = index_paths([folder], gazetteer, use_cache=False).corpus
    # What index_paths offers while it runs: the first articles, linked among themselves.
    fresh = index_paths([folder], gazetteer, use_cache=False).corpus
    so_far = assemble(fresh.articles[:2], [list(fresh.mentions[i]) for i in range(2)], gazetteer)

    app = ReaderApp([folder], use_state=False)
    app._load = lambda: None  # the test plays the indexer's part
    async with app.run_test(size=(80, 24)) as pilot:
        app._progress(2, 5)
        app._loaded(so_far, final=False)
        await pilot.pause()
        assert "art 1/2" in status(app)
        assert app.query_one("#progress").display
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.current == 1 and "art 2/2" in status(app)
        app.pane.scroll_to(y=3, animate=False)
        await pilot.pause()
        path = app.pane.article.path

        app._loaded(full)
        await pilot.pause()
        assert app.current == 1 and "art 2/5" in status(app), "the open article stays open"
        assert app.pane.scroll_y == 3, "at the same place"
        assert not app.query_one("#progress").display
        assert app.pane.article.path == path == full.articles[1].path


async def test_progress_says_how_far_indexing_is(gazetteer, tmp_path):
    _, so_far, app = indexing_app(gazetteer, tmp_path, 3)
    async with app.run_test(size=(80, 24)) as pilot:
        app._loaded(so_far, final=False)
        app._progress(3, 5)
        await pilot.pause()
        assert "Indexing 3 of 5 files; 3 can be read now" in screen_text(app)


async def test_the_first_articles_linked_again_say_the_rest_are_being_linked(gazetteer, tmp_path):
    """Every file restored from the cache (progress at its end) and a first corpus of a few of
    them shown: the others are being linked (after an upgrade), and the status line says so
    until the whole corpus comes."""
    full, so_far, app = indexing_app(gazetteer, tmp_path, 2)
    async with app.run_test(size=(80, 24)) as pilot:
        app._progress(5, 5)
        app._loaded(so_far, final=False)
        await pilot.pause()
        assert "Linking 5 files; 2 can be read now" in screen_text(app)
        assert not app.query_one("#progress").display
        app._loaded(full)
        await pilot.pause()
        assert "Linking" not in screen_text(app) and "art 1/5" in status(app)


async def test_a_stored_corpus_removed_under_the_app_is_reloaded_with_a_notice(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    index_paths([folder])  # the cache and its snapshot
    app = ReaderApp([folder], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        assert type(app.corpus.mentions).__name__ == "StoredMentions"
        # Another reader (or the user) clears the cache while this one runs.
        database = Cache().path
        with sqlite3.connect(database) as db:
            db.execute("DELETE FROM snapshot_mentions")
            db.execute("DELETE FROM snapshot_occurrences")
            db.execute("DELETE FROM snapshots")
        await pilot.press("right_square_bracket")
        await loaded(pilot, app)
        for _ in range(100):
            await pilot.pause(0.05)
            if app.corpus is not None and app.pane.article is not None:
                break
        assert any("Reloading the articles" in str(n.message) for n in app._notifications)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "art 2/5" in status(app) or "art 1/5" in status(app)
        assert app.pane.mentions, "mentions are shown again"


async def stored_corpus_shown(pilot, app: ReaderApp) -> None:
    """Wait until the app shows a corpus read from the index cache (see StoredMentions)."""
    await loaded(pilot, app)
    for _ in range(100):
        if isinstance(app.corpus.mentions, StoredMentions):
            break
        await pilot.pause(0.05)


async def test_after_a_first_index_the_app_holds_the_stored_corpus_and_shows_what_was_linked(gazetteer, tmp_path):
    """A first start links the corpus and stores it; the app then holds the stored one (an
    entity's places and an article's mentions read when first needed, as at every later start),
    with the same articles and mentions, and the files it skipped are still said."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    linked = index_paths([folder], gazetteer, use_cache=False).corpus
    app = ReaderApp([folder], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await stored_corpus_shown(pilot, app)
        corpus = app.corpus
        assert isinstance(corpus.mentions, StoredMentions)
        assert [a.path for a in corpus.articles] == [a.path for a in linked.articles]
        assert [[(m.start, m.end, m.entity) for m in corpus.mentions[i]] for i in range(len(corpus.articles))] == [
            [(m.start, m.end, m.entity) for m in linked.mentions[i]] for i in range(len(linked.articles))
        ]
        assert [p.path for p in corpus.problems] == [p.path for p in linked.problems] != []
        assert any("Skipped 1 file(s)" in str(n.message) for n in app._notifications)
        assert linked.articles[0].title[:30] in screen_text(app)


async def test_when_the_stored_corpus_cannot_be_restored_after_a_first_index_the_files_are_indexed_again(
    tmp_path, monkeypatch
):
    """The cache went away between storing the corpus and restoring it: the app indexes again
    and ends with a corpus all the same."""
    from reader.tui import loader as loader_module

    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    restored: list[object] = []

    def gone(*args, **kwargs):
        restored.append(args)
        return None

    monkeypatch.setattr(loader_module, "last_corpus", gone)
    app = ReaderApp([folder], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await stored_corpus_shown(pilot, app)
        # Once by the head start (nothing shown yet), once after the first index.
        assert len(restored) == 2
        # Indexed again: the files are in the cache now, and so is the corpus.
        assert isinstance(app.corpus.mentions, StoredMentions) and len(app.corpus.articles) == 5
        assert "art 1/5" in status(app)
