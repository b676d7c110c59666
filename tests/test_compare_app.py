"""`c` in the app: what each source says about the active entity, and Enter lands on it (issue 18)."""

from __future__ import annotations

from reader.tui.app import ReaderApp
from reader.tui.compare_screen import CompareScreen
from support.paths import SEEDS
from support.pilot import loaded, screen_text, search


async def test_c_shows_every_source_of_putin_and_enter_lands_on_the_mention():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await search(pilot, "putn")
        assert app.active == "Vladimir Putin"
        await pilot.press("c")
        for _ in range(100):
            await pilot.pause(0.05)
            if isinstance(app.screen, CompareScreen) and "Loading" not in screen_text(app):
                break
        assert isinstance(app.screen, CompareScreen)
        sources = {app.corpus.articles[a].source for a, _ in app.corpus.stops("Vladimir Putin", hidden=False)[0]}
        text = screen_text(app)
        shown = [source for source in sources if source[:12] in text]
        assert shown, text
        await pilot.press("slash", *"kremlin", "enter")  # the view's own filter, not the search bar
        await pilot.pause()
        assert not app.query_one("#search").has_class("-open")
        await pilot.press("escape")
        await pilot.press("j", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)
        pane = app.pane
        assert pane.cursor is not None and pane.mentions[pane.cursor].entity == "Vladimir Putin"
        before = str(app.status.render())
        await pilot.press("n")
        assert str(app.status.render()) != before
