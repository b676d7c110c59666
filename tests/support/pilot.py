"""Reading what the user sees in a Pilot test, and the waits that go with it."""

from __future__ import annotations

from typing import Any

from reader.tui.app import ReaderApp
from reader.tui.layout import row_of
from reader.tui.reading_pane import HEADER_ROWS
from reader.tui.status_line import StatusLine


def screen_text(app: ReaderApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def status(app: ReaderApp) -> str:
    return str(app.query_one(StatusLine).render())


async def loaded(pilot: Any, app: ReaderApp) -> None:
    for _ in range(200):
        await pilot.pause(0.05)
        if app.corpus is not None and app.pane.article is not None:
            break
    assert app.corpus is not None, "the corpus did not load"
    await pilot.pause()


async def search(pilot: Any, text: str) -> None:
    await pilot.press("slash")
    await pilot.press(*text)
    for _ in range(100):
        await pilot.pause(0.05)
        if pilot.app.query_one("#search-results").option_count:
            break
    await pilot.press("enter")
    await pilot.pause()


def cursor_is_visible(app: ReaderApp) -> bool:
    pane = app.pane
    mention = pane.mentions[pane.cursor]
    row = row_of(pane.rows, mention.start) + HEADER_ROWS
    return pane.scroll_y <= row < pane.scroll_y + pane.scrollable_content_region.height
