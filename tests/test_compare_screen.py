"""The compare screen (`c`): every source's sentences about one entity, by keyboard at 80x24 and
60x20, Enter returning the mention to open, `/` filtering, `o` reordering, text shown literally."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pytest
from textual.app import App

from reader.corpus import compare as compare_module
from reader.corpus.compare import compare, header_line
from reader.corpus.corpus import Corpus
from reader.resources import styles_dir
from reader.tui import compare_screen
from reader.tui.compare_screen import CompareScreen
from reader.tui.reading_pane import TYPE_CLASSES, ReadingPane
from support.paths import SEEDS
from support.pilot import screen_text

PUTIN = "Vladimir Putin"
_SCROLLBAR = re.compile(r"\s[▁▂▃▄▅▆▇█]\s*$")


class Host(App):
    """A minimal app that opens the compare screen and keeps what it is dismissed with."""

    def __init__(self, corpus: Corpus, entity: str = PUTIN, **options) -> None:
        super().__init__()
        self.corpus = corpus
        self.entity = entity
        self.options = options
        self.results: list = []

    def on_mount(self) -> None:
        self.push_screen(CompareScreen(self.corpus, self.entity, **self.options), self.results.append)


async def opened(pilot, app: Host) -> CompareScreen:
    for _ in range(300):
        await pilot.pause(0.02)
        if isinstance(app.screen, CompareScreen) and not app.screen.reading:
            break
    screen = app.screen
    assert isinstance(screen, CompareScreen) and not screen.reading, "the sentences were not read"
    await pilot.pause()
    return screen


def lines(app: App) -> list[str]:
    return [_SCROLLBAR.sub("", line) for line in screen_text(app).splitlines()]


def rows(app: App) -> list[str]:
    """The lines on screen without the space around them."""
    return [line.strip() for line in lines(app)]


def flat(text: str) -> str:
    return " ".join(text.split())


def cursor_sentence(app: App) -> str:
    """The sentence the cursor bar marks, as one line."""
    rows = [line.strip()[1:] for line in lines(app) if line.strip().startswith("▌")]
    return flat(" ".join(rows)).removeprefix("• ")


def headers(app: App) -> list[str]:
    """The source headers on screen: rows drawn at the left edge (titles and sentences are indented)."""
    body = lines(app)[1:-1]
    return [line.strip() for line in body if line[:2].strip() and not line.strip().startswith("▌")]


async def walk(pilot, app: Host, count: int) -> tuple[list[str], list[str]]:
    """Every sentence under the cursor from the first, and the source headers in the order seen."""
    await pilot.press("g")
    sentences, seen = [], []
    for number in range(count):
        if number:
            await pilot.press("j")
        sentences.append(cursor_sentence(app))
        seen.extend(header for header in headers(app) if header not in seen)
    return sentences, seen


def expected_sentences(sections) -> list[str]:
    return [flat(s.text) for section in sections for s in section.sentences]


async def test_every_source_that_mentions_putin_is_shown_with_its_sentences(seed_corpus):
    sections = compare(seed_corpus, PUTIN)
    assert len(sections) == 4
    app = Host(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        assert "Vladimir Putin · 4 sources · 22 mentions · by date" in lines(app)[0]
        assert "enter open" in lines(app)[-1]
        sentences, seen = await walk(pilot, app, len(expected_sentences(sections)))
        assert sentences == expected_sentences(sections)
        assert seen == [header_line(section) for section in sections]
        assert "VOA · 10 mentions" in seen and "DW · 4 mentions" in seen
        # Every shown row fits the screen: wrapped at words, not cut off.
        assert all(len(line.rstrip()) <= 79 for line in lines(app))


async def test_enter_returns_the_sentences_first_mention_of_the_entity(seed_corpus):
    sections = compare(seed_corpus, PUTIN)
    third = [s for section in sections for s in section.sentences][2]
    app = Host(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        await pilot.press("j", "j")
        shown = cursor_sentence(app)
        assert shown == flat(third.text)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)
    assert app.results == [(third.article, third.first)]
    article, index = app.results[0]
    mention = seed_corpus.mentions[article][index]
    assert mention.entity == PUTIN and mention.text in shown
    # A stop of `n`/`N`: the app opens the article there and goes on from it.
    assert (article, index) in seed_corpus.stops(PUTIN, hidden=False)[0]


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_and_q_close_with_nothing(seed_corpus, key):
    app = Host(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)
    assert app.results == [None]


async def test_slash_filters_the_sentences_by_a_word(seed_corpus):
    every = expected_sentences(compare(seed_corpus, PUTIN))
    with_beijing = [s for s in every if "beijing" in s.casefold()]
    assert 1 < len(with_beijing) < len(every)
    app = Host(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot, app)
        await pilot.press("slash", *"beijing")  # b, j and g are keys of the screen: here they are letters
        await pilot.pause()
        assert f"“beijing” in {len(with_beijing)} of {len(every)} sentences" in lines(app)[0]
        assert "beijing" in lines(app)[-1]
        assert "VOA · 10 mentions · 2 of 8 sentences" in rows(app)
        # Esc in the box clears the filter and closes the box.
        await pilot.press("escape")
        await pilot.pause()
        assert "4 sources · 22 mentions" in lines(app)[0] and "enter open" in lines(app)[-1]
        assert isinstance(app.screen, CompareScreen)
        # Enter keeps the filter: the cursor walks the matching sentences only, and opens one.
        await pilot.press("slash", *"beijing", "enter")
        await pilot.pause()
        assert "enter open" in lines(app)[-1]
        sentences, _ = await walk(pilot, app, len(with_beijing))
        assert sentences == with_beijing
        await pilot.press("j")  # the last one stays
        assert cursor_sentence(app) == with_beijing[-1]
        chosen = screen.view.sentence
        await pilot.press("enter")
        await pilot.pause()
    assert chosen is not None and app.results == [(chosen.article, chosen.first)]
    # A word nothing has.
    app = Host(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        await pilot.press("slash", *"zzzz")
        await pilot.pause()
        assert "No sentence has “zzzz”" in screen_text(app)
        await pilot.press("enter", "enter")  # nothing to open: the screen stays
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)


@pytest.fixture
def dated_seeds(tmp_path: Path, gazetteer) -> Corpus:
    """The seeds with outlets and dates in their sidecar: by date and by mentions differ."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    (folder / "sources.toml").write_text(
        '["000_5bb43277bd878173.txt"]\nsource = "Insider"\ndate = "2023-03-22"\n'
        '["002_4c3a095d842103b2.txt"]\nsource = "VOA"\ndate = "2024-07-03"\n'
        '["003_c33b9b08482d96a7.txt"]\nsource = "DW"\ndate = "2022-09-13"\n'
        '["004_417d19dd07950f15.txt"]\nsource = "Post"\ndate = "2022-09-14"\n',
        encoding="utf-8",
    )
    return Corpus.load([folder], gazetteer)


async def test_o_orders_the_sources_by_mentions_and_back_by_date(dated_seeds):
    count = len(expected_sentences(compare(dated_seeds, PUTIN)))
    app = Host(dated_seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        by_date = ["DW · 2022-09-13 · 4 mentions", "Post · 2022-09-14 · 4 mentions"]
        by_date += ["Insider · 2023-03-22 · 4 mentions", "VOA · 2024-07-03 · 10 mentions"]
        assert (await walk(pilot, app, count))[1] == by_date
        chosen = cursor_sentence(app)
        await pilot.press("o")
        assert "· by mentions" in lines(app)[0]
        assert cursor_sentence(app) == chosen  # the place is kept
        await pilot.press("g")
        assert headers(app)[0] == "VOA · 2024-07-03 · 10 mentions"
        assert (await walk(pilot, app, count))[1] == [by_date[3], *by_date[:3]]
        await pilot.press("o")
        assert "· by date" in lines(app)[0]
        assert (await walk(pilot, app, count))[1] == by_date


async def test_markup_in_an_article_shows_literally(tmp_path, gazetteer):
    (tmp_path / "evil.txt").write_text(
        "---\nsource: [b]Bold[/b] News\n---\n"
        "Putin and [b]x[/b]\n\n"
        'Vladimir Putin said "[b]x[/b]" and [@click=app.quit] at the [red]meeting[/red] in Moscow.\n',
        encoding="utf-8",
    )
    corpus = Corpus.load([tmp_path], gazetteer)
    app = Host(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        text = flat(screen_text(app))
        assert "[b]Bold[/b] News · 2 mentions" in text
        assert "Putin and [b]x[/b]" in text
        assert 'Vladimir Putin said "[b]x[/b]" and [@click=app.quit] at the [red]meeting[/red] in Moscow.' in text
        await pilot.click("#compare-view", offset=(10, 2))  # the cursor goes to that sentence
        await pilot.click("#compare-view", offset=(10, 2))  # on the cursor's sentence: open it
        await pilot.pause()
        assert app.is_running
    assert app.results and app.results[0] is not None


async def test_it_works_by_keyboard_in_a_narrow_terminal(seed_corpus):
    sections = compare(seed_corpus, PUTIN)
    everything = [s for section in sections for s in section.sentences]
    app = Host(seed_corpus)
    async with app.run_test(size=(60, 20)) as pilot:
        await opened(pilot, app)
        assert lines(app)[0].startswith(" Vladimir Putin · 4 sources")
        assert all(len(line) <= 60 for line in lines(app))
        await pilot.press("G")
        assert cursor_sentence(app) == flat(everything[-1].text)
        await pilot.press("b")  # a page up: a page of rows back, at least one sentence
        before = cursor_sentence(app)
        assert before != flat(everything[-1].text)
        await pilot.press("space")
        assert cursor_sentence(app) != before
        await pilot.press("g")
        assert cursor_sentence(app) == flat(everything[0].text)
        await pilot.press("pagedown", "down", "up", "k", "enter")
        await pilot.pause()
    assert app.results and app.results[0] is not None
    article, index = app.results[0]
    assert seed_corpus.mentions[article][index].entity == PUTIN


async def test_it_shows_loading_until_the_sentences_are_read(seed_corpus, monkeypatch):
    go_on = threading.Event()
    fill = compare_module.fill_section

    def slow(*args, **kwargs):
        go_on.wait(10)
        return fill(*args, **kwargs)

    monkeypatch.setattr(compare_screen, "fill_section", slow)
    app = Host(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        assert "Loading… 0 of 4 articles" in lines(app)[0]
        assert "Loading…" in lines(app)[1]
        await pilot.press("j", "enter")  # nothing to move over or open yet
        assert isinstance(app.screen, CompareScreen) and not app.results
        go_on.set()
        await opened(pilot, app)
        assert "4 sources · 22 mentions" in lines(app)[0]
        assert "VOA · 10 mentions" in lines(app)[1]


async def test_closing_while_reading_stops_the_reading(seed_corpus, monkeypatch):
    go_on = threading.Event()
    read: list[int] = []
    fill = compare_module.fill_section

    def slow(*args, **kwargs):
        go_on.wait(10)
        read.append(1)
        return fill(*args, **kwargs)

    monkeypatch.setattr(compare_screen, "fill_section", slow)
    app = Host(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        await pilot.press("escape")
        await pilot.pause()
        go_on.set()
        await pilot.pause(0.3)
        assert app.results == [None]
    assert len(read) <= 1  # the section being read when it closed, no more


async def test_hidden_text_is_shown_when_asked_for(seed_corpus):
    app = Host(seed_corpus, hidden=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        assert "4 sources · 24 mentions" in lines(app)[0]
        assert "VOA · 12 mentions" in rows(app)


class Styled(Host):
    """The app's stylesheet and a reading pane under the compare screen, to compare colours."""

    CSS_PATH = str(styles_dir() / "reader.tcss")

    def compose(self):
        yield ReadingPane()


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_mentions_are_coloured_as_in_the_reading_pane_and_the_entitys_highlighted(seed_corpus, theme):
    app = Styled(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await opened(pilot, app)
        pane = app.screen_stack[0].query_one(ReadingPane)
        styles = {
            name: pane.get_component_rich_style(name, partial=True)
            for name in [*TYPE_CLASSES.values(), "mention--active"]
        }
        segments = {seg.text: seg.style for strip in app.screen._compositor.render_strips() for seg in strip}
        putin, xi, russian = segments["Vladimir Putin"], segments["Xi Jinping"], segments["Russian"]
        assert putin.color == styles["mention--person"].color and putin.bold and putin.underline
        assert putin.bgcolor == styles["mention--active"].bgcolor
        assert xi.color == styles["mention--person"].color and xi.underline and not xi.bold
        assert russian.color == styles["mention--norp"].color


async def test_remapped_keys_work_and_the_keys_line_says_so(seed_corpus):
    app = Host(seed_corpus)
    app.keymap = {"compare_down": "down,n", "compare_order": "s"}  # as ReaderApp keeps config.toml's [keys]
    app.set_keymap(app.keymap)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        assert "n/k move" in lines(app)[-1] and "s order" in lines(app)[-1]
        first = cursor_sentence(app)
        await pilot.press("n")
        assert cursor_sentence(app) != first
        await pilot.press("s")
        assert "· by mentions" in lines(app)[0]
