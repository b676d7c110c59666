"""The article list's order and groups, at 80x24: `o` cycles as loaded → by date (newest first)
→ by source → by title, `O` groups by source under header rows that cannot be selected; the
order shows in the filter box's top edge; the open article stays highlighted and on screen;
the filter, paging and g/G work on the sorted and grouped list."""

from __future__ import annotations

from test_article_list import Host, article_list, list_lines, screen_lines, synthetic

from reader.ingest.article import Article
from reader.tui.article_list import ArticleRows, date_key

N = 10_000


def dated() -> list[Article]:
    """Five articles: dates in three spellings and one missing; two outlets and two files with none."""
    rows = [
        ("/n/a.txt", "Zebra talks", "VOA", "2023-03-20"),
        ("/n/b.txt", "Apple summit", "b.txt", ""),  # no outlet known: the source is the file name
        ("/n/c.txt", "Moscow visit", "DW", "March 22, 2023"),
        ("/n/d.txt", "“Beijing” plan", "VOA", "2023-03-21T10:00"),
        ("/n/e.txt", "Kazakh vote", "e.txt", "Tue, 21 Mar 2023 08:00:00 +0000"),
    ]
    return [Article(p, None, None, title=t, source=s, date=d, words=100) for p, t, s, d in rows]


def titles(app) -> list[str]:
    return [line[2:] for line in list_lines(app) if line.startswith("● ")]  # every one is unread


def edge(app) -> str:
    """The filter box's top edge, where the order is named."""
    return screen_lines(app)[0][:26]


async def test_o_cycles_date_source_title_and_back_and_the_edge_says_which():
    app = Host(dated())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.query_one("#article-options").focus()
        assert titles(app) == ["Zebra talks", "Apple summit", "Moscow visit", "“Beijing” plan", "Kazakh vote"]
        assert "by" not in edge(app)
        await pilot.press("o")  # newest first, the undated one last
        assert titles(app) == ["Moscow visit", "“Beijing” plan", "Kazakh vote", "Zebra talks", "Apple summit"]
        assert "by date" in edge(app)
        await pilot.press("o")  # outlets A to Z (an outlet's newest first), those without one last
        assert titles(app) == ["Moscow visit", "“Beijing” plan", "Zebra talks", "Kazakh vote", "Apple summit"]
        assert "by source" in edge(app)
        await pilot.press("o")  # quotes do not count
        assert titles(app) == ["Apple summit", "“Beijing” plan", "Kazakh vote", "Moscow visit", "Zebra talks"]
        assert "by title" in edge(app)
        await pilot.press("o")
        assert titles(app)[0] == "Zebra talks" and "by" not in edge(app)


async def test_the_byline_shows_the_date_however_it_was_written():
    app = Host(dated())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = list_lines(app)
        assert lines[1].startswith("  VOA · 2023-03-20")
        assert lines[5].startswith("  DW · 2023-03-22")  # "March 22, 2023"
        assert lines[9].startswith("  e.txt · 2023-03-21")  # RFC 2822, from a feed
        assert lines[3] == "  b.txt · 100 words"  # no date: none shown


def test_date_key_reads_the_usual_spellings_and_gives_up_quietly():
    assert date_key("2023-3-7") == "2023-03-07 00:00"
    assert date_key("2023-03-07T09:30:00Z") == "2023-03-07 09:30"
    assert date_key("Friday, January 4, 2019") == "2019-01-04 00:00"
    assert date_key("4 January 2019") == "2019-01-04 00:00"
    assert date_key("yesterday") == "" and date_key("") == ""


async def test_O_groups_by_source_under_headers_that_the_cursor_skips():
    app = Host(dated(), current=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.query_one("#article-options").focus()
        await pilot.press("O")
        lines = list_lines(app)
        assert lines[:2] == ["DW · 1", "● Moscow visit"] and lines[2].startswith("  DW · 2023-03-22")
        assert lines[3] == "VOA · 2" and lines[4] == "● Zebra talks" and lines[6] == "● “Beijing” plan"
        assert lines[8] == "other · 2"  # the files without an outlet, last
        assert "grouped by source" in edge(app)
        assert article_list(app).highlighted == 4  # the open article stays highlighted
        await pilot.press("g")
        assert article_list(app).highlighted == 2 and list_lines(app)[0] == "DW · 1"
        await pilot.press("j")  # over the VOA header, onto its first article
        assert article_list(app).highlighted == 0
        await pilot.click("#article-options", offset=(3, 3))  # a header row: nothing happens
        assert app.chosen == []
        await pilot.click("#article-options", offset=(3, 4))  # Zebra talks
        assert app.chosen == [0]
        await pilot.press("G", "enter")
        assert app.chosen == [0, 4]
        await pilot.press("O")
        assert list_lines(app)[0] == "● Zebra talks" and "grouped" not in edge(app)


async def test_the_open_article_stays_highlighted_and_on_screen_across_orders():
    app = Host(synthetic(N), current=6000)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.query_one("#article-options").focus()
        for keys in ("o", "o", "o", "O", "o", "o", "O"):
            await pilot.press(keys)
            assert article_list(app).highlighted == 6000
            assert any(line.startswith("● Story 06000") for line in list_lines(app)), keys


async def test_the_filter_and_paging_work_on_the_sorted_grouped_list():
    app = Host(synthetic(N), current=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = app.query_one(ArticleRows)
        rows.focus()
        await pilot.press("o", "o", "O")  # by source, grouped: AFP, AP, BBC, DW, NHK, Reuters, VOA
        assert article_list(app).highlighted == 0  # the open one, Reuters's first, in view
        lines = list_lines(app)
        assert any(line.startswith("● Story 00000") for line in lines) and f"Reuters · {len(range(0, N, 7)):,}" in lines
        shown = article_list(app).shown
        assert [i % 7 for i in shown[:3]] == [5, 5, 5]  # AFP's first
        await pilot.press("g")
        assert list_lines(app)[0] == f"AFP · {len(range(5, N, 7)):,}"
        await pilot.press("pagedown", "pagedown")
        highlighted = article_list(app).highlighted
        assert highlighted is not None and shown.index(highlighted) > 10
        assert any(line.startswith(f"● Story {highlighted:05}") for line in list_lines(app))
        await pilot.press("G")
        assert article_list(app).highlighted == shown[-1]  # VOA's last: the highest index of VOA
        assert list_lines(app)[-1].startswith("  VOA")
        app.query_one("#article-filter").focus()
        await pilot.press(*"story 0012")
        expected = [i for i in range(120, 130)] + [12]
        by_outlet = sorted(expected, key=lambda i: (["Reuters", "AP", "VOA", "DW", "BBC", "AFP", "NHK"][i % 7], i))
        assert article_list(app).shown == by_outlet
        lines = list_lines(app)
        assert lines[0] == "AFP · 2" and lines[1].startswith("● Story 00012") and lines[3].startswith("● Story 00124")
        assert lines[5] == "AP · 2"  # 120 and 127
        await pilot.press("down", "enter")
        assert app.chosen == [by_outlet[1]]


async def test_neighbour_follows_the_order_shown():
    app = Host(dated())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        articles = article_list(app)
        assert articles.neighbour(4, 1) == 0  # as loaded: wraps
        articles.set_order("title")
        assert [articles.neighbour(1, 1), articles.neighbour(1, -1)] == [3, 0]  # Apple → Beijing; ← Zebra
        assert articles.sequence == [1, 3, 4, 2, 0]


async def test_more_articles_arriving_take_their_place_in_the_order():
    first = synthetic(100)
    app = Host(first, current=50)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        articles = article_list(app)
        articles.set_order("title")
        articles.extend([Article("/n/new.txt", None, None, title="A new story", source="AP", words=5)])
        await pilot.pause()
        assert articles.shown[0] == 100 and articles.highlighted == 50
        assert "A new story" not in list_lines(app)[0]  # the view stays where it was
        app.query_one(ArticleRows).focus()
        await pilot.press("home")
        assert list_lines(app)[0] == "  A new story"  # read: it came without an unread marker
