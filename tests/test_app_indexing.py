"""The app while an index is built, and when its stored corpus goes away: what the user sees."""

from __future__ import annotations

import shutil
import sqlite3

from reader.corpus.build import link_corpus as assemble
from reader.indexer import index_paths
from reader.store.file_cache import Cache
from reader.tui.app import ReaderApp
from support.paths import SEEDS
from support.pilot import loaded, screen_text, status


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
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    fresh = index_paths([folder], gazetteer, use_cache=False).corpus
    so_far = assemble(fresh.articles[:3], [list(fresh.mentions[i]) for i in range(3)], gazetteer)
    app = ReaderApp([folder], use_state=False)
    app._load = lambda: None
    async with app.run_test(size=(120, 30)) as pilot:
        app._loaded(so_far, final=False)
        app._progress(3, 5)
        await pilot.pause()
        assert "Indexing 3 of 5 files" in screen_text(app)


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
