"""The app at the edges of ordinary use: 80 columns, resizing, remapped keys, coming back
later, hostile titles in the palette, a 1 MB article. What the user sees after each key."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from reader.store.reading_state import ReadingState
from reader.tui import app as app_module
from reader.tui.app import ReaderApp
from reader.tui.search_bar import emphasise
from support.paths import SEEDS
from support.pilot import loaded, screen_text, search, status


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


async def test_status_line_and_footer_fit_80_columns():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        lines = screen_text(app).splitlines()
        assert lines[-2].rstrip().endswith("art 1/5")  # the hint gives way, the position does not
        assert "? Help" in lines[-1]
        await search(pilot, "putn")
        await pilot.press("n")
        lines = screen_text(app).splitlines()
        assert "Vladimir Putin  2/22" in lines[-2] and lines[-2].rstrip().endswith("art 1/5")


async def test_the_list_comes_back_when_the_terminal_widens_unless_hidden_with_ctrl_b():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await loaded(pilot, app)
        articles = app.query_one("#articles")
        assert not articles.display
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert articles.display and "China Woos Cent" in screen_text(app)
        await pilot.press("ctrl+b")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert not articles.display  # the user hid it; widening does not overrule that


async def test_help_lists_every_group_with_the_users_own_keys():
    config = Path(os.environ["READER_CONFIG_DIR"]) / "config.toml"
    config.write_text('[keys]\nnext_mention = "x,ctrl+n"\nno_such_binding = "z"\n', encoding="utf-8")
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(100, 120)) as pilot:
        await loaded(pilot, app)
        assert any("no_such_binding" in str(n.message) for n in app._notifications)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for _ in range(10):  # the help is longer than the screen: read it page by page
            await pilot.press("space")
            await pilot.pause()
            text += "\n" + screen_text(app)
        for _, bindings in app_module.help_groups(app_module.ReaderApp):
            for binding in bindings:
                assert (binding.tooltip or binding.description) in text
        line = next(line for line in text.splitlines() if "Next mention of the active entity" in line)
        assert "x, ^n" in line
        assert "Sort by this column" in text and "Command palette" in text


async def test_scroll_position_comes_back_and_an_edited_article_starts_at_the_top(seeds_copy):
    app = ReaderApp([seeds_copy])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("right_square_bracket", "right_square_bracket", "space", "space")
        scrolled = app.pane.scroll_y
        first_line = screen_text(app).splitlines()[5]
        assert scrolled > 0
        await pilot.press("q")
    again = ReaderApp([seeds_copy])
    async with again.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, again)
        assert again.current == 2 and again.pane.scroll_y == scrolled
        await pilot.pause()
        assert screen_text(again).splitlines()[5] == first_line
        await pilot.press("q")
    edited = sorted(seeds_copy.glob("*.txt"))[2]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA correction was appended.\n", encoding="utf-8")
    third = ReaderApp([seeds_copy])
    async with third.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, third)
        assert third.current == 2 and third.pane.scroll_y == 0  # a saved place in other text is not applied


async def test_the_place_is_saved_even_when_the_app_ends_without_q(seeds_copy, monkeypatch):
    monkeypatch.setattr(app_module, "SAVE_EVERY_SECONDS", 0.1)
    state_file = Path(os.environ["READER_DATA_DIR"]) / "state.db"
    app = ReaderApp([seeds_copy])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("space", "space")
        scrolled = int(app.pane.scroll_y)
        path = str(Path(app.corpus.articles[0].path).resolve())
        for _ in range(100):
            await pilot.pause(0.05)
            if any(
                row == (path, scrolled)
                for row in ReadingState(state_file)._read("SELECT path, scroll FROM articles", ())
            ):
                break
        app.exit()  # as a closed terminal would: no q, no final save
    again = ReaderApp([seeds_copy])
    async with again.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, again)
        assert again.pane.scroll_y == scrolled


async def test_escape_gives_focus_back_to_the_article_filter():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        box = app.query_one("#article-filter")
        box.focus()
        await pilot.press(*"xi")
        await pilot.press("ctrl+f")
        assert app.query_one("#search-input").has_focus
        await pilot.press("escape")
        assert box.has_focus and box.value == "xi"


async def test_search_results_emphasise_the_letters_typed_in_the_word_they_fit():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("slash", *"tokaev")
        results = app.query_one("#search-results")
        for _ in range(100):
            await pilot.pause(0.05)
            if results.option_count:
                break
        prompt = results.get_option_at_index(0).prompt
        assert "Kassym-Jomart Tokayev" in prompt.plain
        emphasised = "".join(
            prompt.plain[span.start : span.end] for span in prompt.spans if "underline" in str(span.style)
        )
        assert emphasised == "Tokaev"
    assert "".join("Vladimir Putin"[s.start : s.end] for s in emphasise("Vladimir Putin", "putn").spans) == "Putn"


async def test_the_command_palette_shows_a_markup_title_literally(tmp_path):
    (tmp_path / "a.txt").write_text("An ordinary title\n\nVladimir Putin spoke.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("[@click=app.quit]Boom[/] [b]loud[/b]\n\nXi Jinping spoke.\n", encoding="utf-8")
    app = ReaderApp([tmp_path], use_state=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("ctrl+p", *"boom")
        for _ in range(60):
            await pilot.pause(0.05)
            if "[@click=app.quit]Boom[/] [b]loud[/b]" in screen_text(app):
                break
        assert "Article: [@click=app.quit]Boom[/] [b]loud[/b]" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and app.current == 1
        assert "[@click=app.quit]Boom[/]" in screen_text(app)


async def test_a_1_mb_article_opens_and_scrolls_rendering_only_what_is_on_screen(tmp_path):
    seed = (SEEDS / "003_c33b9b08482d96a7.txt").read_text(encoding="utf-8")
    body = "\n\n".join(f"Part {n}. {seed}" for n in range(1_000_000 // len(seed) + 1))
    (tmp_path / "big.txt").write_text("A very long article\n\n" + body + "\n\nThe very last line.\n", encoding="utf-8")
    app = ReaderApp([tmp_path], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(600):
            await pilot.pause(0.05)
            if app.pane.article is not None:
                break
        pane = app.pane
        assert len(pane.article.text) > 1_000_000 and len(pane.rows) > 15_000
        assert "A very long article" in screen_text(app)
        await pilot.press("G")
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y
        assert "The very last line." in screen_text(app)
        await search(pilot, "tokaev")
        for _ in range(3):
            await pilot.press("N")
        assert status(app).startswith("Kassym-Jomart Tokayev")
        # The Line API at work: a few screens of rows were rendered, not the article's thousands.
        assert len(pane._cache) < 200


async def test_a_click_on_a_name_makes_it_active_and_a_click_beside_it_does_not():
    from rich.cells import cell_len

    from reader.tui.layout import row_of
    from reader.tui.reading_pane import HEADER_ROWS, ReadingPane

    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        pane = app.pane
        mention = next(
            pane.mentions[i]
            for i in pane.visible_mentions()
            if pane.article.safe[pane.mentions[i].start - 1] == " " and not pane._in_title(pane.mentions[i].start)
        )
        row = row_of(pane.rows, mention.start)
        y = row + HEADER_ROWS - int(pane.scroll_y)
        left = pane.styles.padding.left + cell_len(pane.article.safe[pane.rows[row].start : mention.start])
        await pilot.click(ReadingPane, offset=(left - 1, y))  # the space before the name
        assert app.active == ""
        await pilot.click(ReadingPane, offset=(left + cell_len(mention.text) - 1, y))  # its last letter
        assert app.active == mention.entity and status(app).startswith(mention.entity)


async def test_no_color_keeps_mentions_underlined(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        assert app.no_color
        pane = app.pane
        mention = pane.mentions[pane.visible_mentions()[0]]
        strips = [pane.render_line(y) for y in range(pane.scrollable_content_region.height)]
        styles = [segment.style for strip in strips for segment in strip if segment.text == mention.text]
        assert styles and all(style is not None and style.underline for style in styles)


async def test_skipped_files_are_summarised_in_one_notice(tmp_path):
    (tmp_path / "good.txt").write_text("A title\n\nVladimir Putin spoke.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    app = ReaderApp([tmp_path], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        skipped = [str(n.message) for n in app._notifications if "Skipped" in str(n.message)]
        assert len(skipped) == 1 and skipped[0].startswith("Skipped 2 file(s): ") and "and 1 more" in skipped[0]
        assert "A title" in screen_text(app)


async def test_a_folder_without_articles_says_so_and_keeps_running(tmp_path):
    app = ReaderApp([tmp_path], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):
            await pilot.pause(0.05)
            if app.corpus is not None:
                break
        await pilot.pause()
        assert "No readable articles" in screen_text(app)
        await pilot.press("n", "slash", "right_square_bracket", "e", "E", "question_mark")
        assert app.is_running


async def test_panels_take_the_keys_at_80x24():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert "Highlight colours" not in screen_text(app)
        await pilot.press("end")  # the help scrolls by keyboard to the colour legend
        await pilot.pause()
        assert "Highlight colours" in screen_text(app)
        await pilot.press("escape", "E")
        await pilot.pause()
        await pilot.press("down", "enter")  # the second most mentioned entity, from the coverage table
        await pilot.pause()
        assert app.active and app.pane.mentions[app.pane.cursor].entity == app.active


async def test_coverage_has_one_column_per_source_and_jumps_to_its_article(tmp_path):
    (tmp_path / "a.txt").write_text("First VOA story\n\nVladimir Putin spoke in Moscow.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Second VOA story\n\nXi Jinping spoke. Xi Jinping left. Xi Jinping returned.\n", encoding="utf-8"
    )
    (tmp_path / "c.txt").write_text("A DW story\n\nXi Jinping and Vladimir Putin met.\n", encoding="utf-8")
    (tmp_path / "sources.toml").write_text(
        '["a.txt"]\nsource = "VOA"\n["b.txt"]\nsource = "VOA"\n["c.txt"]\nsource = "DW"\n', encoding="utf-8"
    )
    app = ReaderApp([tmp_path], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("E")
        await pilot.pause()
        header = next(line for line in screen_text(app).splitlines() if "Entity" in line and "All" in line)
        assert header.count("VOA") == 1 and "DW" in header
        first_row = next(line for line in screen_text(app).splitlines() if "Xi Jinping" in line)
        assert first_row.split()[-4:-1] == ["4", "3", "1"]  # all, VOA (a and b together), DW
        await pilot.press("right", "right", "enter")  # Xi Jinping × VOA
        await pilot.pause()
        assert app.active == "Xi Jinping" and app.current == 1  # b: VOA's article that mentions him


async def test_a_goes_to_the_list_filter_and_arrows_and_enter_open_an_article():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(60, 20)) as pilot:  # narrow: the list is folded away
        await loaded(pilot, app)
        await pilot.press("a")
        assert app.query_one("#articles").display and app.query_one("#article-filter").has_focus
        await pilot.press(*"xi", "down", "enter")  # titles with "xi": the second of them
        await pilot.pause()
        shown = [i for i, a in enumerate(app.corpus.articles) if "xi" in f"{a.title} {a.source}".casefold()]
        assert app.current == shown[1] and app.pane.has_focus
        assert not app.query_one("#articles").display  # folded away again
        await pilot.press("a", "escape")
        assert app.pane.has_focus and app.current == shown[1]


async def test_the_save_timer_firing_while_the_app_closes_does_nothing(seeds_copy):
    """The timer that saves the place can fire once the widgets are gone (the app is closing):
    it saves nothing then, rather than raising out of the app."""
    from reader.tui.reading_pane import ReadingPane

    app = ReaderApp([seeds_copy])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await app.query_one(ReadingPane).remove()
        app._remember_position()
        await pilot.pause()
    assert app.return_code in (None, 0)


async def test_the_read_timer_firing_while_the_app_closes_does_nothing(seeds_copy):
    """The timer that marks the first article read can fire once the article list is gone (the
    app is closing): it marks nothing then, rather than raising out of the app."""
    from reader.tui.article_list import ArticleList

    app = ReaderApp([seeds_copy])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await app.query_one(ArticleList).remove()
        app._looked_at(app.corpus.articles[app.current].path)
        await pilot.pause()
    assert app.return_code in (None, 0)
