"""A Markdown article in the app: shown rendered, its mentions still highlighted and `n` still
stopping on them; the raw view shows the file as it is; link text is only ever text."""

from __future__ import annotations

from reader.tui.app import ReaderApp
from reader.tui.layout import row_of
from reader.tui.reading_pane import HEADER_ROWS
from support.pilot import cursor_is_visible, loaded, screen_text, search, status

ARTICLE = """# Summit in Paris

Leaders met on Monday. **Joe Biden** arrived first, and [the summit](https://example.com/a_long/url_(x)) began.

- Xi Jinping spoke
- *Emmanuel Macron* hosted
1. A numbered point

> A quote from `Olaf Scholz`

Later, Joe Biden left for Berlin.
"""


def _pane_text(app: ReaderApp) -> str:
    """The reading pane's rows, as one line: rows wrap where the pane's width says."""
    pane = app.pane
    return " ".join(" ".join(pane.render_line(y).text.split()) for y in range(pane.scrollable_content_region.height))


async def test_a_markdown_article_is_shown_rendered_and_n_stops_in_bold_text(tmp_path):
    (tmp_path / "paris.md").write_text(ARTICLE, encoding="utf-8")
    app = ReaderApp([tmp_path], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        text = _pane_text(app)
        assert "Summit in Paris" in text and "# Summit" not in text
        assert app.corpus is not None and app.corpus.articles[0].title == "Summit in Paris"  # the list's title
        assert "# Summit" not in screen_text(app)
        assert "Joe Biden arrived first, and the summit began." in text
        assert "**" not in text and "https://example.com" not in text and "(x)" not in text
        assert "• Xi Jinping spoke" in text and "• Emmanuel Macron hosted" in text
        assert "1. A numbered point" in text and "│ A quote from Olaf Scholz" in text
        assert "`" not in text and "*Emmanuel" not in text

        await search(pilot, "biden")
        pane = app.pane
        first = pane.mentions[pane.cursor]
        assert first.text == "Joe Biden" and pane.article.text[first.start - 2 : first.start] == "**"
        await pilot.press("n")
        assert pane.mentions[pane.cursor].start > first.start
        await pilot.press("n")  # round again to the one inside the bold run
        assert pane.cursor is not None and pane.mentions[pane.cursor] == first
        assert status(app).startswith("Joe Biden") and cursor_is_visible(app)
        # It is highlighted on the row that shows it: the cursor's style is on its cells.
        row = row_of(pane.rows, first.start) + HEADER_ROWS - int(pane.scroll_y)
        cursor = pane._style("mention--cursor")
        cells = [s for s in pane.render_line(row) if s.style and cursor.reverse and s.style.reverse]
        assert "".join(s.text for s in cells) == "Joe Biden"

        await pilot.press("r")
        await pilot.pause()
        raw = _pane_text(app)
        assert "# Summit in Paris" in raw and "**Joe Biden**" in raw
        assert "[the summit](https://example.com/a_long/url_(x))" in raw
        assert "- Xi Jinping spoke" in raw and "> A quote from `Olaf Scholz`" in raw
        await pilot.press("r")
        await pilot.pause()
        assert "**" not in _pane_text(app)


async def test_a_mention_half_in_syntax_is_highlighted_where_it_shows(tmp_path):
    (tmp_path / "a.md").write_text("# Talks\n\nThe talks: *Joe* Biden and Xi Jinping.\n", encoding="utf-8")
    app = ReaderApp([tmp_path], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        pane = app.pane
        assert "The talks: Joe Biden and Xi Jinping." in _pane_text(app)
        xi = next(m for m in pane.mentions if m.text == "Xi Jinping")
        row = row_of(pane.rows, xi.start) + HEADER_ROWS - int(pane.scroll_y)
        person = pane._style("mention--person")
        coloured = "".join(s.text for s in pane.render_line(row) if s.style and s.style.color == person.color)
        assert "Xi Jinping" in coloured


async def test_markup_and_escapes_in_link_text_are_shown_literally_and_do_nothing(tmp_path):
    osc = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
    (tmp_path / "a.md").write_text(
        "# Links\n\n"
        "One [[link=https://x.example]styled[/link]](https://y.example) here.\n\n"
        "Two [[@click=app.quit]quit[/]](https://z.example) here.\n\n"
        f"Three [{osc}](https://w.example) here.\n",
        encoding="utf-8",
    )
    app = ReaderApp([tmp_path], use_state=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await loaded(pilot, app)
        pane = app.pane
        text = _pane_text(app)
        assert "One [link=https://x.example]styled[/link] here." in text
        assert "Two [@click=app.quit]quit[/] here." in text
        assert "␛]8;;https://evil.example/␛" in text  # the escape is a visible picture, not an escape
        strips = [pane.render_line(y) for y in range(pane.scrollable_content_region.height)]
        segments = [segment for strip in strips for segment in strip]
        assert not any(segment.style and (segment.style.link or segment.style.meta) for segment in segments)
        assert not any("\x1b" in segment.text for segment in segments)
        line = next(y for y, strip in enumerate(strips) if "@click" in strip.text)
        await pilot.click("ReadingPane", offset=(10, line))
        await pilot.pause()
        assert app.is_running


async def test_without_colour_markdown_emphasis_does_not_change_how_a_type_looks(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    (tmp_path / "a.md").write_text("# Visit\n\nThe leaders flew to **Paris** on Monday.\n", encoding="utf-8")
    app = ReaderApp([tmp_path], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        pane = app.pane
        paris = next(m for m in pane.mentions if m.text == "Paris")
        row = row_of(pane.rows, paris.start) + HEADER_ROWS - int(pane.scroll_y)
        styles = [s.style for s in pane.render_line(row) if s.text == "Paris"]
        # A place is italic and underlined without colour; bold would make it look like a person's.
        assert styles and all(style and style.italic and style.underline and not style.bold for style in styles)
        words = [s.style for s in pane.render_line(row) if s.text.strip() == "on Monday."]
        assert words and all(not (style and style.bold) for style in words)


async def test_a_long_markdown_article_scrolls_to_its_last_line(tmp_path):
    part = (
        "## Part {n}\n\nLeaders met. **Joe Biden** spoke with [Xi Jinping](https://example.com/{n}) about *trade*.\n\n"
    )
    body = "".join(part.format(n=n) for n in range(3000))
    (tmp_path / "long.md").write_text("# A long article\n\n" + body + "The **very last** line.\n", encoding="utf-8")
    app = ReaderApp([tmp_path], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(600):
            await pilot.pause(0.05)
            if app.pane.article is not None:
                break
        pane = app.pane
        await pilot.press("G")
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y
        text = _pane_text(app)
        assert "The very last line." in text and "Part 2999" in text and "##" not in text
        assert "Leaders met. Joe Biden spoke with Xi Jinping about trade." in text
