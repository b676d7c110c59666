"""The search bar in the app: results follow the newest keystroke, arrive with it in one frame,
and show untrusted names and titles literally."""

from __future__ import annotations

import asyncio
import re
import threading
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.entities.normalize import search_form
from reader.tui import search_bar
from reader.tui.app import ReaderApp
from reader.tui.search_bar import SearchBar, emphasise
from support.paths import SEEDS
from support.pilot import loaded, screen_text, status


def rows(app: ReaderApp) -> list[tuple[str, str, str]]:
    return [(r.kind, r.key, r.prompt.plain) for r in app.query_one(SearchBar).results]


async def shown(pilot, app: ReaderApp, query: str) -> None:
    """Wait until the results of `query` are in the list."""
    bar = app.query_one(SearchBar)
    for _ in range(200):
        if bar.shown_query == query:
            return
        await pilot.pause(0.02)
    raise AssertionError(f"no results shown for {query!r} (last: {bar.shown_query!r})")


def slow_searches(monkeypatch, seconds: float) -> None:
    """Each search of the app's search thread takes `seconds` longer."""
    search_results = ReaderApp._search_results

    def slow(self, query):
        time.sleep(seconds)
        return search_results(self, query)

    monkeypatch.setattr(ReaderApp, "_search_results", slow)


async def test_typed_letter_by_letter_the_results_are_those_of_the_whole_query(gazetteer):
    from reader.corpus.corpus import Corpus

    fresh = Corpus.load([SEEDS], gazetteer)
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("slash", *"shangai cooperation")
        await shown(pilot, app, "shangai cooperation")
        typed = rows(app)
        entities = [hit.entity.name for hit in fresh.search("shangai cooperation", limit=12)]
        titles = [str(hit.article) for hit in fresh.search_titles("shangai cooperation", limit=5)]
        assert [key for _, key, _ in typed] == [*entities, *titles, "shangai cooperation"]  # then the text row
        assert typed[0][1] == "Shanghai Cooperation Organization"
        # The same query pasted at once: the same rows.
        await pilot.press("escape")
        app.query_one(SearchBar).input.value = ""
        await pilot.press("slash")
        app.query_one(SearchBar).input.insert_text_at_cursor("shangai cooperation")
        await shown(pilot, app, "shangai cooperation")
        assert rows(app) == typed


async def test_an_older_querys_results_never_replace_a_newer_ones(monkeypatch):
    app = ReaderApp([SEEDS], use_state=False)
    shows: list[str] = []
    running = 0
    most_running = 0
    lock = threading.Lock()
    search_results = ReaderApp._search_results
    show_results = SearchBar.show_results

    def slow(self, query):
        nonlocal running, most_running
        with lock:
            running += 1
            most_running = max(most_running, running)
        try:
            time.sleep(0.3 if query == "p" else 0.01)  # the first letter's search is slow
            return search_results(self, query)
        finally:
            with lock:
                running -= 1

    def recording(self, query, results):
        show_results(self, query, results)
        if self.shown_query == query:
            shows.append(query)

    monkeypatch.setattr(ReaderApp, "_search_results", slow)
    monkeypatch.setattr(SearchBar, "show_results", recording)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("slash", *"putn")
        await shown(pilot, app, "putn")
        await pilot.pause(0.5)  # "p" has long finished: it must not come back
        assert shows[-1] == "putn" and "p" not in shows
        assert most_running == 1  # keys typed during a search wait for it, they do not pile up
        assert rows(app)[0][1] == "Vladimir Putin"
        # An answer to a query that is no longer in the box is dropped.
        bar = app.query_one(SearchBar)
        bar.show_results("pu", [])
        assert bar.shown_query == "putn" and rows(app)[0][1] == "Vladimir Putin"


async def test_the_frame_is_held_for_the_results_and_never_longer_than_the_limit(monkeypatch):
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("slash", "x")
        await shown(pilot, app, "x")
        assert app._batch_count == 0  # results shown: the frame is painted
        # A query that never gets an answer (no corpus, say) holds the frame at most HOLD_SECONDS.
        monkeypatch.setattr(ReaderApp, "_search_results", lambda self, query: None)
        monkeypatch.setattr(search_bar, "HOLD_SECONDS", 0.5)
        await pilot.press("i")
        assert app._batch_count == 1  # the frame with "xi" waits for its results …
        await pilot.pause(1.0)
        assert app._batch_count == 0  # … but not for ever
        # Esc while a frame is held lets it go at once.
        await pilot.press("a")
        await pilot.press("escape")
        assert app._batch_count == 0


async def test_down_enter_and_a_click_pick_the_result_they_point_at():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("slash", *"un")
        await shown(pilot, app, "un")
        results = app.query_one("#search-results")
        assert results.option_count > 7
        for _ in range(7):  # past the six rows on screen: the list scrolls with the highlight
            await pilot.press("down")
        assert results.highlighted == 7 and results.scroll_y >= 2
        picked = app.query_one(SearchBar).results[7]
        await pilot.press("enter")
        await pilot.pause()
        if picked.kind == "entity":
            assert app.active == picked.key
        else:
            assert app.current == int(picked.key)
        await pilot.press("slash")
        await pilot.press("backspace", "backspace", *"tokaev")  # the box kept "un"
        await shown(pilot, app, "tokaev")
        first = app.query_one(SearchBar).results[0]
        await pilot.click("#search-results", offset=(4, 1))  # inside the border and padding: row 0
        await pilot.pause()
        assert app.active == first.key == "Kassym-Jomart Tokayev"


async def test_markup_in_names_and_titles_shows_literally_in_the_results(tmp_path):
    (tmp_path / "a.txt").write_text(
        "[b]Loud[/b] [@click=app.quit]Boom[/] summit\n\nVladimir Putin spoke.\n", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text("An ordinary title\n\nXi Jinping spoke.\n", encoding="utf-8")
    app = ReaderApp([tmp_path], use_state=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("slash", *"boom summit")
        await shown(pilot, app, "boom summit")
        assert "article [b]Loud[/b] [@click=app.quit]Boom[/] summit" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and app.current == 0


async def test_enter_typed_before_the_results_picks_from_the_typed_querys_results(monkeypatch):
    """Typed fast and Enter at once (over SSH keys arrive together): the rows on screen still
    answer "p", so Enter searches for "putn" itself and picks the first of its results."""
    app = ReaderApp([SEEDS], use_state=False)
    slow_searches(monkeypatch, 0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("slash", "p")
        await shown(pilot, app, "p")
        await pilot.press(*"utn", "enter")
        for _ in range(100):
            if app.active:
                break
            await pilot.pause(0.05)
        assert app.active == "Vladimir Putin"
        assert "Vladimir Putin" in screen_text(app)


async def test_keys_typed_right_after_enter_reach_the_reading_pane():
    """`/putn`, Enter, `n` arriving together (fast typing, SSH): Enter jumps to the first Putin
    and `n` to the second; `n` is not typed into the closing query box."""
    from textual import events

    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("slash", *"putn")
        await shown(pilot, app, "putn")
        for key, char in [("enter", "\r"), ("n", "n"), ("n", "n")]:
            app.post_message(events.Key(key, char))
        await pilot.pause(0.3)
        assert app.query_one(SearchBar).input.value == "putn"
        assert status(app).startswith("Vladimir Putin  3/"), status(app)


async def test_keys_typed_right_after_esc_or_enter_on_the_results_go_where_focus_went():
    """Esc then `]` together: the bar closes and `]` opens the next article (it is not typed
    into the query). Enter on the focused results then `n`: the jump, then the next mention."""
    from textual import events

    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("slash", *"putn")
        await shown(pilot, app, "putn")
        for key, char in [("escape", "\x1b"), ("right_square_bracket", "]")]:
            app.post_message(events.Key(key, char))
        await pilot.pause(0.3)
        bar = app.query_one(SearchBar)
        assert bar.input.value == "putn" and not bar.has_class("-open")
        assert app.current == 1
        await pilot.press("slash")
        await shown(pilot, app, "putn")
        app.screen.set_focus(bar.list)
        await pilot.pause()
        for key, char in [("enter", "\r"), ("n", "n")]:
            app.post_message(events.Key(key, char))
        await pilot.pause(0.3)
        assert status(app).startswith("Vladimir Putin  2/"), status(app)


async def test_keys_bound_in_the_search_bar_keep_their_order_with_enter():
    """Down then Enter arriving together picks the second row; Backspace then Enter searches
    the query without its last letter, and `n` after them steps from that jump."""
    from textual import events

    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("slash", *"un")
        await shown(pilot, app, "un")
        second = app.query_one(SearchBar).results[1]
        for key, char in [("down", None), ("enter", "\r")]:
            app.post_message(events.Key(key, char))
        await pilot.pause(0.3)
        if second.kind == "entity":
            assert app.active == second.key
        else:
            assert app.current == int(second.key)
        await pilot.press("slash", "backspace", "backspace", *"putnx")  # the box kept "un"
        await shown(pilot, app, "putnx")
        for key, char in [("backspace", "\x7f"), ("enter", "\r"), ("n", "n")]:
            app.post_message(events.Key(key, char))
        await pilot.pause(0.5)
        assert app.query_one(SearchBar).input.value == "putn"
        assert status(app).startswith("Vladimir Putin  2/"), status(app)


async def test_keys_typed_after_an_enter_that_waits_for_its_results_are_held_until_the_jump(monkeypatch):
    """The search thread is slow: Enter waits for the typed query's results, and `n` `n` typed
    meanwhile step from the jump once it is made, not before (nor into the query)."""
    from textual import events

    app = ReaderApp([SEEDS], use_state=False)
    slow_searches(monkeypatch, 0.3)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        keys = [("slash", "/"), *((c, c) for c in "putn"), ("enter", "\r"), ("n", "n"), ("n", "n")]
        for key, char in keys:
            app.post_message(events.Key(key, char))
        for _ in range(100):
            await pilot.pause(0.05)
            if status(app).startswith("Vladimir Putin  3/"):
                break
        assert status(app).startswith("Vladimir Putin  3/"), status(app)
        assert app.query_one(SearchBar).input.value == "putn"


async def test_enter_before_any_results_jumps_before_the_next_key():
    """Enter on a query whose results the search thread has not given yet: the jump is made
    before `n` is handled, so `n` steps from it."""
    from textual import events

    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        keys = [("slash", "/"), *((c, c) for c in "putn"), ("enter", "\r"), ("n", "n")]
        for key, char in keys:
            app.post_message(events.Key(key, char))
        await pilot.pause(0.3)
        assert status(app).startswith("Vladimir Putin  2/"), status(app)


async def test_one_search_thread_serves_every_keystroke_and_ends_when_the_app_quits(monkeypatch):
    app = ReaderApp([SEEDS], use_state=False)
    threads: list[threading.Thread] = []
    search_results = ReaderApp._search_results

    def recording(self, query):
        threads.append(threading.current_thread())
        return search_results(self, query)

    monkeypatch.setattr(ReaderApp, "_search_results", recording)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        for query in ("putn", "xi", "shanghai"):
            await pilot.press("slash", *query)
            await shown(pilot, app, query)
            await pilot.press("escape")
        assert len(threads) >= 3 and len(set(threads)) == 1  # no thread started per keystroke
        assert app.query_one(SearchBar).searcher.running and threads[0].is_alive()
        await pilot.press("q")
        for _ in range(100):
            if not app.query_one(SearchBar).searcher.running:
                break
            await asyncio.sleep(0.01)
        # Quitting ended the thread's loop at once (a thread runs on unless it looks).
        assert not app.query_one(SearchBar).searcher.running


def _emphasised_reference(name: str, query: str) -> list[tuple[int, int]]:
    """What emphasise marks, written the plain way: fold each character as it is compared."""
    words = [m.span() for m in re.finditer(r"\w+", name)]
    used: set[int] = set()
    marked: list[tuple[int, int]] = []
    for wanted in search_form(query).split():
        best = None
        for number, (start, end) in enumerate(words):
            if number in used:
                continue
            offsets, position = [], 0
            for offset in range(start, end):
                if position < len(wanted) and search_form(name[offset]) == wanted[position]:
                    offsets.append(offset)
                    position += 1
            rank = (len(offsets), int(bool(offsets) and offsets[0] == start))
            if offsets and (best is None or rank > best[0]):
                best = (rank, number, offsets)
        if best is not None:
            used.add(best[1])
            marked += [(offset, offset + 1) for offset in best[2]]
    return marked


_NAMEISH = st.text(alphabet=st.sampled_from("abcXyzéÉøßı’'- .İŁłkhKH0"), max_size=24)


@given(_NAMEISH, _NAMEISH)
@settings(max_examples=300, deadline=None)
def test_emphasise_marks_the_letters_the_query_spells(name, query):
    emphasised = emphasise(name, query)
    assert emphasised.plain == name
    assert [(span.start, span.end) for span in emphasised.spans] == _emphasised_reference(name, query)


async def test_full_collections_wait_for_a_pause_in_typing():
    import gc

    from reader.tui import app as app_module
    from reader.tui import loader as loader_module

    app = ReaderApp([SEEDS], use_state=False)
    full: list[int] = []

    def count_full(phase, info):
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    threshold = gc.get_threshold()
    gc.callbacks.append(count_full)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot, app)
            for _ in range(100):  # the load worker sets it once the corpus is in
                if gc.get_threshold()[2] == loader_module.FULL_COLLECTION_AFTER:
                    break
                await pilot.pause(0.02)
            assert gc.get_threshold()[2] == loader_module.FULL_COLLECTION_AFTER
            await pilot.press("slash", "x")
            assert app.collector.last_key > 0  # keys are timed
            gc.collect(1)  # something for a full pass to look at
            full.clear()
            app.collector.last_key = time.monotonic()
            app.collector.tick()
            assert not full  # a key came just now: no full pass in the middle of typing
            app.collector.last_key -= app_module.IDLE_SECONDS
            app.collector.tick()
            assert full  # a pause: now
            full.clear()
            app.collector.tick()
            assert not full  # nothing new since
    finally:
        gc.callbacks.remove(count_full)
        gc.set_threshold(*threshold)
        gc.unfreeze()


async def test_the_collector_is_paused_while_the_corpus_loads_and_back_after(monkeypatch):
    """Loading (the gazetteer, the last corpus, checking the files) makes what lives as long as
    the corpus: no collector passes while it runs; the collector is on again once it is in."""
    import gc

    from reader.tui import loader as loader_module

    during: list[bool] = []
    original = loader_module.last_corpus

    def watched(*args, **kwargs):
        during.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(loader_module, "last_corpus", watched)
    threshold = gc.get_threshold()
    app = ReaderApp([SEEDS], use_state=False)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot, app)
            # The loader settles the collector after the search tables are made: on a loaded
            # machine that can take seconds, so the wait is long and ends as soon as it is done.
            for _ in range(500):
                if gc.isenabled() and gc.get_threshold()[2] == loader_module.FULL_COLLECTION_AFTER:
                    break
                await pilot.pause(0.02)
            # Each restore (the head start's; the stored corpus after a first index) ran paused.
            assert during and not any(during)
            assert gc.isenabled()
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()
        gc.enable()
