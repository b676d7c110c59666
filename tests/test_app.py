"""The app as a user meets it, at 80x24 by keyboard: what is on screen after each key."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from reader.tui.app import ReaderApp
from reader.tui.reading_pane import HEADER_ROWS, ReadingPane
from support.paths import SEEDS
from support.pilot import cursor_is_visible, loaded, screen_text, search, status


async def test_opens_on_the_seeds_with_list_title_and_status():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        text = screen_text(app)
        assert "Xi Snubs Putin" in text
        assert "VOA" in text and "DW" in text  # sources in the side panel
        assert "art 1/5" in status(app)
        assert app.query_one(ReadingPane).has_focus


async def test_search_enter_jumps_to_the_mention_and_flashes_it():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await search(pilot, "putn")
        assert app.active == "Vladimir Putin"
        assert status(app).startswith("Vladimir Putin  1/")
        pane = app.pane
        assert pane.mentions[pane.cursor].entity == "Vladimir Putin"
        assert pane.flash == pane.cursor  # the jumped-to mention flashes …
        assert cursor_is_visible(app)
        await pilot.pause(1.2)
        assert pane.flash is None  # … briefly
        assert not app.query_one("#search").has_class("-open")


async def test_n_walks_every_mention_across_articles_then_wraps_with_a_notice():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await search(pilot, "putin")
        total = len(app.corpus.stops("Vladimir Putin", hidden=False)[0])  # what shows: no hidden captions
        articles_seen = {app.current}
        for expected in range(2, total + 1):
            await pilot.press("n")
            assert status(app).startswith(f"Vladimir Putin  {expected}/{total}"), status(app)
            assert cursor_is_visible(app)
            articles_seen.add(app.current)
        assert len(articles_seen) == len(app.corpus.entities["Vladimir Putin"].articles)
        await pilot.press("n")
        await pilot.pause()
        assert status(app).startswith(f"Vladimir Putin  1/{total}")
        assert any("Wrapped around" in str(n.message) for n in app._notifications)
        await pilot.press("N")
        assert status(app).startswith(f"Vladimir Putin  {total}/{total}")


async def test_brackets_change_article_and_the_list_follows():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("right_square_bracket")
        assert app.current == 1 and "art 2/5" in status(app)
        assert "China Woos Central Asia" in screen_text(app)
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert app.current == 4
        options = app.query_one("#article-options")
        assert options.highlighted == 4


async def test_debris_is_hidden_and_r_shows_the_raw_text():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        app.open_article(2)
        await pilot.pause()
        assert "Accessibility links" not in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert "Accessibility links" in screen_text(app)


async def test_tab_moves_a_cursor_over_visible_mentions_and_enter_activates_it():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("tab", "tab")
        pane = app.pane
        chosen = pane.mentions[pane.cursor]
        await pilot.press("enter")
        await pilot.pause()
        assert app.active == chosen.entity
        assert status(app).startswith(chosen.entity)
        await pilot.press("shift+tab")
        assert pane.cursor is not None


async def test_entity_panel_lists_this_article_and_choosing_activates():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("e")
        await pilot.pause()
        text = screen_text(app)
        assert "Person" in text and "Xi Jinping" in text
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.active and app.active in app.corpus.entities


async def test_coverage_view_jumps_to_a_source():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot, app)
        await pilot.press("E")
        await pilot.pause()
        assert "Who covers whom" in screen_text(app)
        await pilot.press("enter")  # the first row is the most mentioned entity, first column
        await pilot.pause()
        assert app.active
        assert app.pane.mentions[app.pane.cursor].entity == app.active


async def test_help_lists_every_binding():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(100, 70)) as pilot:
        await loaded(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for binding in (*ReaderApp.BINDINGS, *ReadingPane.BINDINGS):
            assert (binding.tooltip or binding.description) in text
        await pilot.press("G")  # the help scrolls with the keys it lists: the legend is at its end
        await pilot.pause()
        text = screen_text(app)
        assert "PERSON" in text and "organisation" in text  # the colour legend
        await pilot.press("escape")
        await pilot.pause()
        assert "Next mention of the active entity" not in screen_text(app)


async def test_wide_terminal_shows_list_and_pane_side_by_side():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(pilot, app)
        await search(pilot, "tokaev")
        assert status(app).startswith("Kassym-Jomart Tokayev")
        assert app.query_one("#articles").display


async def test_narrow_terminal_folds_the_list_and_ctrl_b_toggles_it():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await loaded(pilot, app)
        assert not app.query_one("#articles").display
        await pilot.press("ctrl+b")
        assert app.query_one("#articles").display


async def test_reading_state_persists_across_runs():
    app = ReaderApp([SEEDS])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await search(pilot, "tokaev")
        position = app.current
        await pilot.press("q")
    again = ReaderApp([SEEDS])
    async with again.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, again)
        assert again.current == position
        assert again.active == "Kassym-Jomart Tokayev"
        assert status(again).startswith("Kassym-Jomart Tokayev")
        assert 1 not in again.unread  # read on the first run
        assert 0 in again.unread  # shown at start and left at once: not looked at (see LOOKED_AT_SECONDS)
        assert 4 in again.unread


async def test_an_unreadable_state_file_is_kept_aside(isolated_user_dirs):
    state = Path(os.environ["READER_DATA_DIR"]) / "state.db"
    state.write_bytes(b"this is not a database" * 100)
    app = ReaderApp([SEEDS])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        assert any("unreadable" in str(n.message) for n in app._notifications)
    kept = list(state.parent.glob("state.db.unreadable-*"))
    assert kept and kept[0].read_bytes().startswith(b"this is not a database")


async def test_markup_and_escapes_in_articles_show_literally_and_do_nothing(tmp_path):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "Title [bold]not bold[/bold]\n\n"
        "Click [@click=app.quit]here[/] or [link=https://evil.example]there[/link] \x1b]0;pwned\x07 "
        "\x1b[2J and Vladimir Putin said so.\n",
        encoding="utf-8",
    )
    app = ReaderApp([tmp_path], use_state=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await loaded(pilot, app)
        text = screen_text(app)
        assert "[@click=app.quit]here[/]" in text
        assert "[link=https://evil.example]there[/link]" in text
        assert "Title [bold]not bold[/bold]" in text
        assert "\x1b" not in text and "␛" in text
        for y in range(HEADER_ROWS, HEADER_ROWS + 3):
            for x in range(0, 60, 3):
                await pilot.click(ReadingPane, offset=(x, y))
        assert app.is_running  # the click action did not run
        await search(pilot, "putin")
        assert status(app).startswith("Vladimir Putin")


async def test_keys_can_be_remapped_by_binding_id(isolated_user_dirs):
    (Path(os.environ["READER_CONFIG_DIR"]) / "config.toml").write_text('[keys]\nnext_mention = "x"\n', encoding="utf-8")
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await search(pilot, "putin")
        await pilot.press("x")
        assert status(app).startswith("Vladimir Putin  2/")


async def test_command_palette_offers_articles_and_entities_as_plain_text():
    from reader.tui.app import ReaderCommands

    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.press(*"tokayev")
        for _ in range(60):
            await pilot.pause(0.05)
            if "Entity: Kassym-Jomart Tokayev" in screen_text(app):
                break
        assert "Entity: Kassym-Jomart Tokayev" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.active == "Kassym-Jomart Tokayev"
        assert ReaderCommands in ReaderApp.COMMANDS


async def test_theme_toggle_is_remembered():
    app = ReaderApp([SEEDS])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        before = app.theme
        await pilot.press("ctrl+t")
        changed = app.theme
        assert changed != before
        await pilot.press("q")
    again = ReaderApp([SEEDS])
    async with again.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, again)
        assert again.theme == changed


async def test_theme_option_and_an_unknown_theme():
    app = ReaderApp([SEEDS], use_state=False, theme="textual-light")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        assert app.theme == "textual-light"
    odd = ReaderApp([SEEDS], use_state=False, theme="no-such-theme")
    async with odd.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, odd)
        assert any("no-such-theme" in str(n.message) for n in odd._notifications)


async def test_a_folder_big_enough_for_worker_processes_loads_in_the_app(tmp_path):
    from reader.indexer import extract

    for number in range(extract.POOL_THRESHOLD + 20):
        (tmp_path / f"{number:04}.txt").write_text(
            f"Story {number}\n\nVladimir Putin met Xi Jinping.\n", encoding="utf-8"
        )
    app = ReaderApp([tmp_path], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(600):  # a slow machine shows the articles read so far first: wait for all
            await pilot.pause(0.05)
            if app.corpus is not None and len(app.corpus.articles) == extract.POOL_THRESHOLD + 20:
                break
        assert app.corpus is not None and len(app.corpus.articles) == extract.POOL_THRESHOLD + 20
        assert not any("one process" in str(n.message) for n in app._notifications)  # the pool ran
        await search(pilot, "putin")
        assert status(app).startswith(f"Vladimir Putin  1/{extract.POOL_THRESHOLD + 20}")


async def test_letters_typed_right_after_slash_reach_the_search_box():
    """Keys that arrive together (fast typing, SSH) are queued before `/` is handled."""
    from textual import events

    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        for key, char in [("slash", "/"), ("p", "p"), ("u", "u"), ("t", "t"), ("n", "n")]:
            app.post_message(events.Key(key, char))
        await pilot.pause(0.3)
        assert app.query_one("#search-input").value == "putn"
        await pilot.press("escape")
        await pilot.press("a")  # the article filter takes a literal slash
        await pilot.press("slash")
        assert app.query_one("#article-filter").value == "/"


def seeds_with_a_linked_article(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """The seeds, plus an article `name` that is a symlink to a file in another folder: (folder, target)."""
    folder, elsewhere = tmp_path / "news", tmp_path / "elsewhere"
    shutil.copytree(SEEDS, folder)
    elsewhere.mkdir()
    target = elsewhere / "linked.txt"
    target.write_text("Linked story\n\nPresident Xi Jinping met Vladimir Putin in Astana.\n", encoding="utf-8")
    (folder / name).symlink_to(target)
    return folder, target


async def test_a_read_symlinked_article_is_marked_read_once_the_files_are_checked(isolated_user_dirs, tmp_path):
    """A warm start marks the list with presumed state keys (no system call per file); an
    article that is a symlink is kept under its target, and is marked read once checked."""
    from reader.store.keys import state_key as state_path
    from reader.store.reading_state import ReadingState

    folder, target = seeds_with_a_linked_article(tmp_path, "zz-linked.txt")

    first = ReaderApp([folder])
    async with first.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, first)
        linked = [a.path for a in first.corpus.articles].index(str(folder / "zz-linked.txt"))
        assert linked in first.unread and linked != first.current
        await pilot.press("q")
    state = ReadingState(Path(os.environ["READER_DATA_DIR"]) / "state.db")
    assert state_path(str(folder / "zz-linked.txt")) == os.path.realpath(target)
    state.save_article(os.path.realpath(target), "digest", True, 0)  # read in another folder's list
    state.close()

    again = ReaderApp([folder])
    async with again.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, again)
        for _ in range(100):  # the last start's list first, then the checked files
            if linked not in again.unread:
                break
            await pilot.pause(0.02)
        assert linked not in again.unread
        assert 4 in again.unread  # an article nobody opened


@pytest.fixture
def footer_rebuilds(monkeypatch) -> list[int]:
    """One item per rebuild of the key footer."""
    from reader.tui.key_footer import KeyFooter

    rebuilt: list[int] = []
    original = KeyFooter.recompose

    async def counted(self):
        rebuilt.append(1)
        await original(self)

    monkeypatch.setattr(KeyFooter, "recompose", counted)
    return rebuilt


async def test_the_footer_is_rebuilt_once_for_a_burst_of_binding_changes(footer_rebuilds):
    rebuilt = footer_rebuilds
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.pause(0.1)
        rebuilt.clear()
        for _ in range(3):
            app.screen.refresh_bindings()
        await pilot.pause(0.1)
        assert rebuilt == [1]
        footer = screen_text(app).splitlines()[-1]
        assert "q Quit" in footer and "/ Search" in footer and "n Next" in footer


async def test_the_footer_under_another_screen_waits_until_it_is_on_top_again(footer_rebuilds):
    """Opening `E` does not rebuild the hidden main footer (its first frame would wait for it);
    closing it does, and the main keys are there."""
    from reader.tui.coverage_screen import CoverageScreen

    rebuilt = footer_rebuilds
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.pause(0.1)
        rebuilt.clear()
        await pilot.press("E")
        await pilot.pause(0.1)
        assert isinstance(app.screen, CoverageScreen)
        assert rebuilt == []
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert rebuilt == [1]
        footer = screen_text(app).splitlines()[-1]
        assert "q Quit" in footer and "/ Search" in footer and "n Next" in footer


async def test_the_open_article_stays_read_when_the_checked_files_arrive(isolated_user_dirs, tmp_path, monkeypatch):
    """Without saving reading state, the article read at start (here a symlink, whose exact
    state key differs from the presumed one) stays read when the files are checked."""
    monkeypatch.setattr(ReaderApp, "LOOKED_AT_SECONDS", 0.0)  # looked at as soon as it is shown
    folder, target = seeds_with_a_linked_article(tmp_path, "000-linked.txt")
    first = ReaderApp([folder], use_state=False)
    async with first.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, first)
        await pilot.press("q")

    checked: list[bool] = []
    again = ReaderApp([folder], use_state=False)
    original = again._correct_read_marks

    def correcting():
        original()
        checked.append(True)

    again._correct_read_marks = correcting
    async with again.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, again)
        assert again.corpus.articles[again.current].path == str(folder / "000-linked.txt")
        for _ in range(100):
            if checked:
                break
            await pilot.pause(0.02)
        assert checked, "the last start's corpus was shown, then the checked files arrived"
        await pilot.pause(0.1)
        assert again.current not in again.unread
