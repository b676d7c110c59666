"""SVG snapshots of the main screens at 80x24, on the bundled seeds: a change to what a screen
shows fails here until the new picture is looked at and accepted (`make test
PYTEST_ARGS="tests/test_snapshots.py --snapshot-update"`)."""

from __future__ import annotations

from reader.tui.app import ReaderApp
from support.paths import SEEDS
from support.pilot import loaded

SIZE = (80, 24)


def _app() -> ReaderApp:
    return ReaderApp([SEEDS], use_state=False)


async def _wait_for_corpus(pilot) -> None:
    await loaded(pilot, pilot.app)


def test_reading_screen(snap_compare):
    assert snap_compare(_app(), terminal_size=SIZE, run_before=_wait_for_corpus)


def test_search_results(snap_compare):
    async def run_before(pilot) -> None:
        await _wait_for_corpus(pilot)
        await pilot.press("slash", *"putn")
        for _ in range(100):
            await pilot.pause(0.05)
            if pilot.app.query_one("#search-results").option_count:
                break

    assert snap_compare(_app(), terminal_size=SIZE, run_before=run_before)


def test_jump_to_a_mention(snap_compare):
    async def run_before(pilot) -> None:
        await _wait_for_corpus(pilot)
        pilot.app.activate("Vladimir Putin")
        await pilot.press("n", "n")
        await pilot.pause(1.0)  # the flash of the current mention has ended

    assert snap_compare(_app(), terminal_size=SIZE, run_before=run_before)


def test_entity_panel(snap_compare):
    async def run_before(pilot) -> None:
        await _wait_for_corpus(pilot)
        await pilot.press("e")
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare):
    async def run_before(pilot) -> None:
        await _wait_for_corpus(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=SIZE, run_before=run_before)
