"""Faults found by probing (issue 19): files that go away or change under the reader, a folder
opened by two names, a killed indexer's workers. Each case crashed or misbehaved before its fix."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.indexer import extract
from reader.tui.app import ReaderApp
from support.paths import SEEDS, reader_env
from support.pilot import loaded, screen_text

SECOND = "001_c1ddc58547b124d4.txt"


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    shutil.copytree(SEEDS, folder)
    return folder


async def _open_and_quit(paths: list[Path], keys: tuple[str, ...] = ()) -> None:
    app = ReaderApp(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press(*keys)
        await pilot.press("q")


async def test_the_article_left_open_last_time_deleted_before_the_next_start(news):
    await _open_and_quit([news], ("right_square_bracket",))  # the second article stays open
    (news / SECOND).unlink()
    app = ReaderApp([news])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)  # the last start's corpus is shown at once, the file is gone
        for _ in range(40):
            await pilot.pause(0.05)
        assert app.is_running
        assert len(app.corpus.articles) == 4  # the checked corpus, without the deleted file
        await pilot.press("right_square_bracket", "left_square_bracket")
        assert app.is_running


async def test_an_article_deleted_while_the_app_is_open_shows_a_notice(news):
    app = ReaderApp([news], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        (news / SECOND).unlink()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.is_running
        text = screen_text(app)
        assert "could not be read again" in text and "deleted" in text
        assert app.pane.mentions == []  # the offsets were of the text that is gone
        await pilot.press("n", "N", "right_square_bracket", "left_square_bracket")
        assert app.is_running


async def test_an_article_edited_while_the_app_is_open_shows_what_the_file_holds_now(news):
    app = ReaderApp([news], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        (news / SECOND).write_text("A much shorter story\n\nOnly this line is left.\n", encoding="utf-8")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        text = screen_text(app)
        assert "A much shorter story" in text and "Only this line is left." in text
        assert app.corpus.articles[1].words == 9 and app.pane.mentions == []


async def test_a_folder_opened_as_dot_and_later_by_its_absolute_path(news, tmp_path, monkeypatch):
    monkeypatch.chdir(news)
    await _open_and_quit([Path(".")])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    app = ReaderApp([news.resolve()])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        assert app.is_running
        assert "could not be read again" not in screen_text(app)
        assert all(os.path.isabs(article.path) for article in app.corpus.articles)


WORKERS = """
import sys
from pathlib import Path
from reader.indexer import index_paths
index_paths([Path(sys.argv[1])], workers=2, cache_path=Path(sys.argv[2]))
"""


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the process table from /proc")
def test_workers_end_when_the_indexer_is_killed(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(extract.POOL_THRESHOLD * 4):
        (folder / f"{number:04}.txt").write_text(
            f"Story {number}\n\nVladimir Putin met Xi Jinping in Astana.\n" * 200, encoding="utf-8"
        )
    indexer = subprocess.Popen(
        [sys.executable, "-c", WORKERS, str(folder), str(tmp_path / "c.db")],
        env=reader_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    for _ in range(200):  # the pool's processes: two workers and the resource tracker
        time.sleep(0.05)
        workers = _children(indexer.pid)
        if len(workers) >= 3:
            break
    assert len(workers) >= 2, "the pool did not start"
    time.sleep(0.3)  # the workers are running their initializer, or past it
    indexer.send_signal(signal.SIGKILL)
    indexer.wait(timeout=10)
    deadline = time.monotonic() + 15  # a loaded machine is slow to reap them
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"{len(left)} of the pool's processes outlived the indexer"


# ---------------------------------------------------------------- what reaches the terminal

HOSTILE = "\x1b]52;c;SGVsbG8=\x07\x1b[2J\x1b]8;;https://evil.example\x1b\\"


def _no_control(text: str) -> bool:
    return not any(char in text for char in ("\x1b", "\x07", "\x9b", "\x9d", "\t"))


async def test_entity_names_from_the_users_file_reach_no_screen_raw(isolated_user_dirs):
    config = isolated_user_dirs / "config"
    (config / "entities.toml").write_text(
        '[[merge]]\ninto = "Boss \\u001b]52;c;SGVsbG8=\\u0007 \\u001b[2J"\nnames = ["Vladimir Putin"]\n',
        encoding="utf-8",
    )
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        name = next((n for n in app.corpus.entities if n.startswith("Boss")), "")
        if name:  # (the loader may also refuse control characters: then nothing to show)
            app.activate(name)
            await pilot.press("N", "N", "N")  # the wrap notice quotes the name
            await pilot.pause()
            assert _no_control(screen_text(app))
            await pilot.press("e")
            await pilot.pause()
            assert _no_control(screen_text(app))
            await pilot.press("escape", "E")
            await pilot.pause()
            assert _no_control(screen_text(app))
        assert app.is_running


async def test_notices_and_the_status_line_show_escapes_literally():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        app.notify(f"a notice {HOSTILE}", timeout=30)
        app.status.show(f"Name {HOSTILE}", 1, 2, f"Source {HOSTILE}", (1, 1), (1, 5))
        await pilot.pause()
        text = screen_text(app)
        assert _no_control(text) and "␛" in text


async def test_a_tab_in_the_text_is_drawn_as_a_space_and_hides_nothing(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Tabs\n\nA\tcolumn\t\t\t\t\t\t\t\tthen Vladimir Putin spoke in Moscow.\n", encoding="utf-8"
    )
    app = ReaderApp([tmp_path], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        text = screen_text(app)
        assert "\t" not in text and "Vladimir Putin" in text and "art 1/1" in text
        assert app.corpus.articles[0].text.count("\t") == 9  # the file's text is unchanged


async def test_page_keys_in_lists_at_tiny_heights_do_not_crash():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 7)) as pilot:
        await loaded(pilot, app)
        await pilot.press("e", "pagedown", "pageup", "pagedown", "escape")
        await pilot.press("ctrl+p", "x")
        await pilot.pause()
        await pilot.resize_terminal(80, 3)
        await pilot.press("pageup", "pagedown", "escape")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.is_running


def test_invalid_utf8_from_the_terminal_is_replaced_not_fatal():
    from reader.tui.textual_guards import install

    install()
    from textual.drivers import linux_driver

    decode = linux_driver.getincrementaldecoder("utf-8")().decode
    assert decode(b"a\xffb\x9b") == "a\ufffdb\ufffd"


def test_an_unhandled_error_in_the_app_exits_non_zero(monkeypatch):
    from textual.app import App

    from reader.tui import app as app_module

    def broken(self):
        raise RuntimeError("a bug")

    monkeypatch.setattr(app_module.ReaderApp, "on_mount", broken)
    monkeypatch.setattr(app_module.ReaderApp, "run", lambda self, **options: App.run(self, headless=True, **options))
    assert app_module.run_app([SEEDS], use_state=False) != 0


# ---------------------------------------------------------------- issue 14: every stop shows something


async def test_every_stop_of_n_shows_the_mention_on_screen():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        app.activate("Vladimir Putin")
        await pilot.pause()
        total = int(status_text(app).split("/")[1].split()[0])
        for _ in range(total + 2):
            await pilot.press("n")
            await pilot.pause()
            assert app.pane.cursor in app.pane.visible_mentions(), status_text(app)
        # Headline mentions are stops; a caption hidden as page debris is not, until `r`.
        headline = app.pane.title_row
        assert headline is not None
        await pilot.press("r")
        await pilot.pause()
        assert int(status_text(app).split("/")[1].split()[0]) > total


async def test_the_wrap_notice_leaves_the_status_line_readable():
    from textual.widgets._toast import Toast

    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await loaded(pilot, app)
        app.activate("Vladimir Putin")
        await pilot.press("N")  # from the first mention back to the last: wraps
        await pilot.pause(0.2)
        assert any("Wrapped around" in str(n.message) for n in app._notifications)
        toasts = list(app.screen.query(Toast))
        assert toasts
        status = app.status.region
        for toast in toasts:
            assert toast.region.bottom <= status.y, (toast.region, status)


def status_text(app: ReaderApp) -> str:
    return str(app.status.render())


async def test_a_click_on_a_name_in_the_headline_makes_it_active():
    from reader.tui.reading_pane import ReadingPane

    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        pane = app.pane
        assert pane.title_row is not None
        index = next(i for i in pane.visible_mentions() if pane._in_title(pane.mentions[i].start))
        mention = pane.mentions[index]
        x = pane.styles.padding.left + (mention.start - pane.title_row.start)
        await pilot.click(ReadingPane, offset=(x, 0))
        assert app.active == mention.entity


async def test_help_scrolls_with_the_keys_it_lists():
    from textual.containers import VerticalScroll

    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        scroller = app.screen.query_one(VerticalScroll)
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert scroller.scroll_y == 3
        await pilot.press("k")
        await pilot.pause()
        assert scroller.scroll_y == 2
        await pilot.press("G")
        await pilot.pause()
        assert scroller.scroll_y == scroller.max_scroll_y > 10
        await pilot.press("g")
        await pilot.pause()
        assert scroller.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        assert scroller.scroll_y > 5


async def test_a_wide_terminal_widens_the_list_and_keeps_the_text_readable():
    from reader.tui.article_list import ArticleList

    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(200, 50)) as pilot:
        await loaded(pilot, app)
        assert app.query_one(ArticleList).size.width >= 40
        longest = max(len(app.pane.article.safe[row.start : row.end]) for row in app.pane.rows)
        assert 80 <= longest <= 100


async def test_titles_are_cut_at_a_word_and_the_status_line_has_one_ellipsis():
    from reader.tui.article_list import cut_at_word

    assert cut_at_word("China Woos Central Asian Leaders at Summit", 20) == "China Woos Central…"
    assert cut_at_word("Short", 20) == "Short"
    from textual.app import App, ComposeResult

    from reader.tui.status_line import StatusLine

    class Line(App[None]):
        def compose(self) -> ComposeResult:
            yield StatusLine()

    for width in range(30, 90):
        app = Line()
        async with app.run_test(size=(width, 3)) as pilot:
            line = app.query_one(StatusLine)
            line.show("Shanghai Cooperation Organization", 3, 24, "001_c1ddc58547b124d4.txt", (1, 4), (2, 5))
            await pilot.pause()
            text = str(line.render())
            assert text.count("…") <= 1 and text.rstrip().endswith("art 2/5"), (width, text)


async def test_the_article_shown_at_start_is_read_only_once_looked_at(monkeypatch, news):
    monkeypatch.setattr(ReaderApp, "LOOKED_AT_SECONDS", 0.3)
    app = ReaderApp([news])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        assert 0 in app.unread  # shown, not yet looked at
        await pilot.pause(0.5)
        assert 0 not in app.unread
    app = ReaderApp([news])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        assert 0 not in app.unread  # remembered


async def test_m_marks_an_article_read_or_unread(news):
    app = ReaderApp([news])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("right_square_bracket")  # opened: read
        assert 1 not in app.unread
        await pilot.press("m")
        assert 1 in app.unread and "● " in screen_text(app)
        await pilot.press("m")
        assert 1 not in app.unread
        await pilot.press("m", "q")
    app = ReaderApp([news])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        assert 1 in app.unread  # kept across runs


def test_front_matter_is_never_article_text(tmp_path, gazetteer):
    from reader.corpus.corpus import Corpus
    from reader.indexer import index_paths

    (tmp_path / "a.md").write_text(
        "---\ntitle: Putin meets Xi in Moscow\nsource: Washington Post\n---\n\nThe talks ended on Tuesday.\n",
        encoding="utf-8",
    )
    for corpus in (Corpus.load([tmp_path], gazetteer), index_paths([tmp_path], gazetteer, use_cache=False).corpus):
        assert corpus.articles[0].source == "Washington Post" and corpus.articles[0].title.startswith("Putin")
        assert corpus.mentions[0] == [], corpus.mentions[0]


async def test_the_articles_url_is_a_link_made_from_a_checked_url_only(tmp_path):
    from reader.ingest.sanitize import safe_url

    assert safe_url("https://www.dw.com/en/a-b?x=1") == "https://www.dw.com/en/a-b?x=1"
    assert safe_url("https://example.com/é") == "https://example.com/%C3%A9"
    for bad in (
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://x.example/\x1b]8;;\x07",
        "https:///nohost",
        "ftp://a.b",
    ):
        assert safe_url(bad) == "", bad
    (tmp_path / "a.md").write_text(
        "---\nurl: https://www.dw.com/en/story\n---\n\nA story\n\nXi spoke.\n", encoding="utf-8"
    )
    (tmp_path / "b.md").write_text("---\nurl: javascript:alert(1)\n---\n\nB story\n\nXi spoke.\n", encoding="utf-8")
    app = ReaderApp([tmp_path], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        links = {s.style.link for s in app.pane.render_line(1) if s.style and s.style.link}
        assert links == {"https://www.dw.com/en/story"} and "dw.com" in screen_text(app)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert not any(s.style and s.style.link for s in app.pane.render_line(1))
