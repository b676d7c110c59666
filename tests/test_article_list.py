"""The article list alone, at 80x24, with 10,000 articles: what the user sees after each key."""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Static

from reader.ingest.article import Article
from reader.resources import styles_dir
from reader.tui.article_list import ArticleList, ArticleRows

N = 10_000
OUTLETS = ["Reuters", "AP", "VOA", "DW", "BBC", "AFP", "NHK"]


def synthetic(n: int, start: int = 0) -> list[Article]:
    return [
        Article(
            f"/news/{i:05}.txt",
            None,
            None,
            title=f"Story {i:05} on the summit",
            source=OUTLETS[i % len(OUTLETS)],
            words=200 + i % 3000,
        )
        for i in range(start, start + n)
    ]


class Host(App):
    CSS_PATH = str(styles_dir() / "reader.tcss")
    CSS = "Screen { layout: horizontal; }"

    def __init__(self, articles: list[Article], unread: set[int] | None = None, current: int = 0) -> None:
        super().__init__()
        self.articles = articles
        self.unread = set(range(len(articles))) if unread is None else unread
        self.current = current
        self.chosen: list[int] = []
        self.left = 0

    def compose(self) -> ComposeResult:
        yield ArticleList(id="articles")
        yield Static("the reading pane", id="pane")

    def on_mount(self) -> None:
        self.query_one(ArticleList).set_articles(self.articles, self.unread, self.current)

    def on_article_list_chosen(self, event: ArticleList.Chosen) -> None:
        self.chosen.append(event.index)

    def on_article_list_left(self, event: ArticleList.Left) -> None:
        self.left += 1


def screen_lines(app: App) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def list_lines(app: App) -> list[str]:
    """The rows of the article list, as on screen (the filter box is above them; the scrollbar
    is left out)."""
    rows = app.query_one(ArticleRows).scrollable_content_region
    return [line[rows.x : rows.right].rstrip() for line in screen_lines(app)[rows.y : rows.bottom]]


def article_list(app: App) -> ArticleList:
    return app.query_one(ArticleList)


async def test_first_titles_show_and_end_shows_the_last():
    app = Host(synthetic(N))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = list_lines(app)
        assert lines[0].startswith("● Story 00000 on th")
        assert lines[1].startswith("  Reuters · 200 words")
        assert lines[2].startswith("● Story 00001")
        assert lines[3].startswith("  AP · 201 words")
        assert article_list(app).highlighted == 0
        app.query_one("#article-options").focus()
        await pilot.press("end")
        lines = list_lines(app)
        assert article_list(app).highlighted == N - 1
        assert any(line.startswith("● Story 09999") for line in lines)
        assert lines[-1] == "  DW · 1.2k words"  # the last row: 9999's byline, 200 + 999 words
        await pilot.press("home")
        assert article_list(app).highlighted == 0 and list_lines(app)[0].startswith("● Story 00000")


async def test_long_titles_are_cut_with_an_ellipsis_to_the_width():
    app = Host(synthetic(20))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = app.query_one(ArticleRows)
        width = rows.scrollable_content_region.width
        first = list_lines(app)[0]
        # Cut at a word, with one ellipsis, within the width.
        assert first.endswith("…") and len(first) <= width and first.count("…") == 1
        assert ("Story 00000 on the summit" + " ").startswith(first[2:-1] + " ")


async def test_keys_move_the_highlight_and_keep_it_on_screen():
    app = Host(synthetic(N))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.query_one("#article-options").focus()
        await pilot.press("down", "j", "j")
        assert article_list(app).highlighted == 3
        await pilot.press("k")
        assert article_list(app).highlighted == 2
        await pilot.press("pagedown", "pagedown")
        shown = article_list(app).highlighted
        assert shown > 10
        assert any(line.startswith(f"● Story {shown:05}") for line in list_lines(app))
        await pilot.press("pageup")
        assert article_list(app).highlighted < shown
        await pilot.press("enter")
        assert app.chosen == [article_list(app).highlighted]
        await pilot.press("escape")
        assert app.left == 1


def background_at(app: App, x: int, y: int):
    """The background colour of the screen cell at x, y."""
    cells = 0
    for segment in app.screen._compositor.render_strips()[y]:
        cells += segment.cell_length
        if cells > x:
            return segment.style.bgcolor if segment.style else None
    return None


async def test_the_highlighted_rows_are_drawn_in_the_highlight_style_brighter_with_focus():
    app = Host(synthetic(50))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = app.query_one(ArticleRows).scrollable_content_region

        def backgrounds(y: int) -> set:  # across the whole row, the text and the padding after it
            return {background_at(app, x, rows.y + y) for x in range(rows.x, rows.right)}

        app.query_one("#article-options").focus()
        await pilot.press("down")
        await pilot.pause()
        focused = backgrounds(2) | backgrounds(3)
        plain = backgrounds(0) | backgrounds(1) | backgrounds(4)
        assert len(focused) == 1 and focused.isdisjoint(plain)
        app.query_one("#pane").can_focus = True
        app.query_one("#pane").focus()
        await pilot.pause()
        blurred = backgrounds(2) | backgrounds(3)
        assert len(blurred) == 1 and blurred != focused and blurred.isdisjoint(plain)
        app.query_one("#article-filter").focus()  # typing in the filter: the highlight is the cursor
        await pilot.pause()
        assert backgrounds(2) | backgrounds(3) == focused


async def test_filter_narrows_case_insensitively_and_enter_opens_the_highlighted_one():
    app = Host(synthetic(N))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.query_one("#article-filter").focus()
        await pilot.press(*"STORY 0012", "space", *"dw")  # every word, in the title or the source
        expected = [i for i in range(N) if "0012" in f"{i:05}" and OUTLETS[i % 7] == "DW"]
        assert article_list(app).shown == expected
        lines = [line for line in list_lines(app) if line]
        assert [line[2:13] for line in lines[::2]] == [f"Story {i:05}" for i in expected]
        await pilot.press("down", "enter")
        assert app.chosen == [expected[1]]
        await pilot.press("backspace", "backspace", "backspace")  # "story 0012": narrower again
        assert article_list(app).shown == [12, *range(120, 130)]
        await pilot.press(*"xyz")
        assert article_list(app).shown == [] and article_list(app).highlighted is None
        assert list_lines(app)[0] == "  no article matches"
        await pilot.press("enter")
        assert app.chosen == [expected[1]]


async def test_j_and_k_are_letters_in_the_filter():
    app = Host(synthetic(100))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.query_one("#article-filter").focus()
        await pilot.press("j", "k")
        assert app.query_one("#article-filter").value == "jk"


async def test_a_click_chooses_the_article_under_it_and_the_wheel_scrolls():
    app = Host(synthetic(N))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#article-options", offset=(3, 4))  # the third article's title
        await pilot.click("#article-options", offset=(3, 7))  # the fourth article's byline
        assert app.chosen == [2, 3]
        rows = app.query_one(ArticleRows)
        for _ in range(3):
            rows.post_message(events.MouseScrollDown(rows, 3, 3, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert rows.scroll_y > 0
        assert not list_lines(app)[0].startswith("● Story 00000")


async def test_mark_moves_the_highlight_and_the_unread_marker():
    app = Host(synthetic(N), current=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        unread = set(range(N)) - {0, 7000}
        article_list(app).mark(7000, unread)
        await pilot.pause()
        assert article_list(app).highlighted == 7000
        lines = list_lines(app)
        assert any(line.startswith("  Story 07000") for line in lines)  # read: no marker
        assert any(line.startswith("● Story 06999") for line in lines)
        article_list(app).mark(0, unread)
        await pilot.pause()
        assert list_lines(app)[0].startswith("  Story 00000")


async def test_set_unread_redraws_the_markers_and_leaves_the_highlight():
    app = Host(synthetic(N), current=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = article_list(app).rows
        rows.move_to(3)  # the reader moved down the list
        await pilot.pause()
        article_list(app).set_unread(set(range(N)) - {1})
        await pilot.pause()
        assert article_list(app).highlighted == 3
        lines = list_lines(app)
        assert any(line.startswith("  Story 00001") for line in lines)  # read now: no marker
        assert any(line.startswith("● Story 00002") for line in lines)


async def test_the_current_article_is_highlighted_and_on_screen_from_the_start():
    app = Host(synthetic(N), current=6000)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert article_list(app).highlighted == 6000
        assert any(line.startswith("● Story 06000") for line in list_lines(app))


async def test_markup_and_control_characters_in_titles_show_literally():
    titles = ["[link=https://example.com]click[/link] [b]x[/]", "bell\x07 and \x1b[31mred", "[red]Source"]
    articles = [
        Article(f"/n/{i}.txt", None, None, title=t, source="[i]Wire[/i]", words=9) for i, t in enumerate(titles)
    ]
    app = Host(articles)
    app.CSS = "Screen { layout: horizontal; } #articles { width: 60; max-width: 60; }"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = list_lines(app)
        assert lines[0] == "● [link=https://example.com]click[/link] [b]x[/]"
        assert lines[1] == "  [i]Wire[/i] · 9 words"
        assert lines[2] == "● bell  and  [31mred"
        assert lines[4] == "● [red]Source"
        assert not any("\x1b" in line or "\x07" in line for line in screen_lines(app))


async def test_more_articles_arriving_keep_the_highlight_and_the_scroll():
    first = synthetic(1000)
    app = Host(first)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.query_one("#article-options").focus()
        await pilot.press(*["pagedown"] * 20, "down")
        highlighted = article_list(app).highlighted
        rows = app.query_one(ArticleRows)
        scroll, before = rows.scroll_y, list_lines(app)
        assert highlighted > 100 and scroll > 0
        article_list(app).set_articles(first + synthetic(N - 1000, start=1000), set(), current=0)
        await pilot.pause()
        assert article_list(app).highlighted == highlighted
        assert rows.scroll_y == scroll
        assert [line[1:] for line in list_lines(app)] == [line[1:] for line in before]  # markers aside
        await pilot.press("end")
        assert article_list(app).highlighted == N - 1


async def test_more_articles_arriving_do_not_scroll_back_to_the_highlight():
    app = Host(synthetic(100))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = app.query_one(ArticleRows)
        for _ in range(5):  # the wheel, away from the highlighted first article
            rows.post_message(events.MouseScrollDown(rows, 3, 3, 0, 1, 0, False, False, False))
        await pilot.pause()
        scroll = rows.scroll_y
        assert scroll > 2
        article_list(app).extend(synthetic(100, start=100))
        await pilot.pause()
        assert rows.scroll_y == scroll and article_list(app).highlighted == 0


async def test_more_articles_arriving_while_filtered_are_filtered_too():
    app = Host(synthetic(100))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.query_one("#article-filter").focus()
        await pilot.press(*"story 0005")
        assert article_list(app).shown == [5, *range(50, 60)]
        article_list(app).extend(synthetic(100, start=100))
        await pilot.pause()
        assert article_list(app).shown == [5, *range(50, 60)]
        article_list(app).extend(synthetic(10, start=10_000))  # the sixth of them: Story 10005
        await pilot.pause()
        assert article_list(app).shown == [5, *range(50, 60), 205]
        assert list_lines(app)[0].startswith("● Story 00005")
