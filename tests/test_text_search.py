"""Search says when nothing matches well, and finds plain text as less's `/` does (issue 14.12)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.corpus.text_search import TextMatches, find_text, pattern_of
from reader.tui.app import ReaderApp
from support.paths import SEEDS
from support.pilot import loaded, screen_text


async def _type(pilot, app, text: str) -> None:
    await pilot.press("slash", *text)
    for _ in range(100):
        await pilot.pause(0.05)
        bar = app.query_one("#search")
        if bar.shown_query == text:
            break


async def test_a_query_with_no_close_match_says_so_and_offers_the_text_first():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await _type(pilot, app, "erdogan")
        assert "no close match" in screen_text(app)
        await pilot.press("escape")
        await _type(pilot, app, "putin")
        text = screen_text(app)
        assert "no close match" not in text and "Vladimir Putin" in text


async def test_the_text_row_walks_literal_matches_across_articles():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        expected = find_text(app.corpus, "central asian")
        assert len({article for article, _, _ in expected.places}) >= 2
        await _type(pilot, app, "central asian")
        bar = app.query_one("#search")
        row = next(i for i, r in enumerate(bar.results) if r.kind == "text")
        bar.list.highlighted = row
        await pilot.press("enter")
        for _ in range(100):
            await pilot.pause(0.05)
            if app.text is not None:
                break
        await pilot.pause()
        seen = []
        for _ in range(len(expected.places)):
            article, start, end = expected.places[len(seen)]
            assert app.current == article and app.pane.matches[app.pane.current_match] == (start, end)
            assert str(app.status.render()).startswith(f"text “central asian”  {len(seen) + 1}/{len(expected.places)}")
            seen.append(article)
            await pilot.press("n")
            await pilot.pause()
        assert (
            app.pane.matches[app.pane.current_match] == expected.places[0][1:] and app.current == expected.places[0][0]
        )
        assert any("Wrapped around" in str(n.message) for n in app._notifications)
        app.activate("Vladimir Putin")  # an entity ends the text search
        await pilot.pause()
        assert app.text is None and app.pane.matches == []


def test_a_phrase_matches_across_line_breaks_and_case():
    pattern = pattern_of("belt and road")
    assert pattern is not None and pattern.search("the Belt\nand  Road Initiative")


@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 200)), min_size=1, max_size=30),
    st.integers(0, 5),
    st.integers(-1, 210),
)
def test_stepping_visits_the_next_match_and_wraps(raw, article, offset):
    places = sorted({(a, s, s + 3) for a, s in raw})
    found = TextMatches("x", places)
    at, wrapped = found.step(article, offset, forward=True)
    after = [p for p in places if (p[0], p[1]) > (article, offset)]
    assert places[at] == (after[0] if after else places[0]) and wrapped == (not after)
    at, wrapped = found.step(article, offset, forward=False)
    before = [p for p in places if (p[0], p[1]) < (article, offset)]
    assert places[at] == (before[-1] if before else places[-1]) and wrapped == (not before)
