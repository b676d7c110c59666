"""`E`, who covers whom, at 80x24: built in a worker (the screen says Loading… and keys pressed
meanwhile are kept), one column per outlet (files without one are "other", the smallest outlets
fold into one "N others" column), only the visible cells rendered, `s` sorts by the cursor's
column and Enter jumps to that outlet's first mention."""

from __future__ import annotations

import gc
import shutil
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App

from reader.corpus.corpus import Corpus
from reader.entities.model import Entity
from reader.ingest.article import Article
from reader.resources import styles_dir
from reader.tui import coverage_screen
from reader.tui.app import ReaderApp
from reader.tui.coverage_matrix import Rows
from reader.tui.coverage_screen import Coverage, CoverageGrid, CoverageScreen, build_coverage
from reader.tui.entity_panel import CoverageScreen as ReExported
from support.paths import SEEDS
from support.pilot import loaded, screen_text


class Host(App):
    """Just the coverage screen over a corpus; what it is dismissed with is kept."""

    CSS_PATH = str(styles_dir() / "reader.tcss")

    def __init__(self, corpus: Corpus) -> None:
        super().__init__()
        self.corpus = corpus
        self.results: list[tuple[str, int] | None] = []
        self.bells = 0

    def on_mount(self) -> None:
        self.push_screen(CoverageScreen(self.corpus), self.results.append)

    def bell(self) -> None:
        self.bells += 1


def synthetic(articles: int, outlets: int, entities: int) -> Corpus:
    """`articles` articles spread over `outlets` outlets (outlet k has fewer than outlet k-1),
    and `entities` entities, entity e mentioned in every (e+1)th article."""
    listed = [
        Article(f"/n/{i:05}.txt", None, None, title=f"Story {i}", source=f"Outlet {_outlet(i, outlets):02}", words=9)
        for i in range(articles)
    ]
    table = {}
    for e in range(entities):
        name = f"Entity {e:05}"
        table[name] = Entity(name, "PERSON", occurrences=[(a, 0) for a in range(0, articles, e + 1)])
    return Corpus(listed, [[] for _ in listed], table)


def _outlet(i: int, outlets: int) -> int:
    return int(outlets * ((i * 2654435761 % 1000) / 1000) ** 2)


def grid_lines(app: App) -> list[str]:
    region = app.screen.query_one(CoverageGrid).scrollable_content_region
    lines = screen_text(app).splitlines()  # type: ignore[arg-type]
    return [line[region.x : region.right].rstrip() for line in lines[region.y : region.bottom]]


def cursor_cell(app: App) -> str:
    """The text of the cell drawn in the cursor's colours."""
    grid = app.screen.query_one(CoverageGrid)
    wanted = grid.get_component_styles("coverage-grid--cursor").rich_style.bgcolor
    region = grid.scrollable_content_region
    found = []
    for strip in app.screen._compositor.render_strips()[region.y : region.bottom]:
        x = 0
        for segment in strip:
            if region.x <= x < region.right and segment.style and segment.style.bgcolor == wanted:
                found.append(segment.text)
            x += segment.cell_length
    return "".join(found).strip()


def built(app: App) -> Coverage:
    coverage = app.screen.query_one(CoverageGrid).coverage
    assert coverage is not None, "the matrix is not built yet"
    return coverage


async def wait_built(pilot, app: App) -> None:
    for _ in range(200):
        await pilot.pause(0.02)
        if app.screen.query(CoverageGrid) and app.screen.query_one(CoverageGrid).coverage is not None:
            break
    await pilot.pause()


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text("First VOA story\n\nVladimir Putin spoke in Moscow.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Second VOA story\n\nXi Jinping spoke. Xi Jinping left. Xi Jinping returned.\n", encoding="utf-8"
    )
    (tmp_path / "c.txt").write_text("A DW story\n\nXi Jinping and Vladimir Putin met.\n", encoding="utf-8")
    (tmp_path / "d.txt").write_text("No outlet known\n\nXi Jinping spoke to Vladimir Putin.\n", encoding="utf-8")
    (tmp_path / "e.txt").write_text("Nor here\n\nVladimir Putin was in Minsk.\n", encoding="utf-8")
    (tmp_path / "sources.toml").write_text(
        '["a.txt"]\nsource = "VOA"\n["b.txt"]\nsource = "VOA"\n["c.txt"]\nsource = "DW"\n', encoding="utf-8"
    )
    return tmp_path


def test_the_screen_is_still_importable_from_the_entity_panel():
    assert ReExported is CoverageScreen


async def test_files_without_an_outlet_are_one_column_other_and_enter_jumps_there(tmp_path):
    app = ReaderApp([_folder(tmp_path)], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("E")
        await wait_built(pilot, app)
        lines = grid_lines(app)
        header = lines[0].split()
        # The outlets by mentions, then the files without one: not a column each for d.txt and e.txt.
        assert header == ["Entity", "All▼", "VOA", "DW", "other"]
        assert "d.txt" not in screen_text(app) and "e.txt" not in screen_text(app)
        putin = next(line for line in lines if line.startswith(" Vladimir Putin"))
        assert putin.split()[2:] == ["4", "1", "1", "2"]  # all, VOA, DW, other (d and e)
        await pilot.press("down")  # Vladimir Putin: 4 mentions, after Xi Jinping's 5
        await pilot.press("right", "right", "right", "right")
        assert cursor_cell(app) == "2"
        await pilot.press("enter")
        await pilot.pause()
        assert app.active == "Vladimir Putin" and app.current == 3  # d.txt: the first "other" article


async def test_it_says_loading_keeps_the_keys_pressed_meanwhile_and_applies_them(tmp_path, monkeypatch):
    gate = threading.Event()
    real = coverage_screen.build_coverage

    def slow(corpus, *args, **kwargs):
        gate.wait(10)
        return real(corpus, *args, **kwargs)

    monkeypatch.setattr(coverage_screen, "build_coverage", slow)
    app = ReaderApp([_folder(tmp_path)], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("E")
        await pilot.pause()
        assert "Loading…" in screen_text(app)
        # Sort by VOA (the Entity, All, VOA column), then the top row's VOA cell: Xi Jinping.
        await pilot.press("right", "right", "s", "enter")
        await pilot.pause()
        assert "Loading…" in screen_text(app) and app.screen.query(CoverageGrid)
        gate.set()
        for _ in range(100):
            await pilot.pause(0.02)
            if not app.screen.query(CoverageGrid):
                break
        assert app.active == "Xi Jinping" and app.current == 1  # b.txt: VOA's article that names him


async def test_escape_while_loading_closes_at_once(tmp_path, monkeypatch):
    gate = threading.Event()
    monkeypatch.setattr(coverage_screen, "build_coverage", lambda corpus, *a, **k: gate.wait(10) and None)
    app = ReaderApp([_folder(tmp_path)], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("E")
        await pilot.pause()
        started = time.perf_counter()
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query(CoverageGrid) and time.perf_counter() - started < 1
        assert "Who covers whom" not in screen_text(app)
        gate.set()


async def test_the_smallest_outlets_fold_into_one_others_column(monkeypatch):
    corpus = synthetic(2000, 40, 50)
    monkeypatch.setattr(coverage_screen, "TOP_SOURCES", 5)
    app = Host(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_built(pilot, app)
        coverage = built(app)
        assert [c.label for c in coverage.columns][:5] == [
            "Outlet 00",
            "Outlet 01",
            "Outlet 02",
            "Outlet 03",
            "Outlet 04",
        ]
        assert coverage.columns[-1].label == "35 others"
        assert sum(c.articles for c in coverage.columns) == 2000
        first = coverage.rows[0]  # Entity 00000, in every article
        assert first.name == "Entity 00000" and first.total == 2000 and sum(first.counts) == 2000
        await pilot.press("end", "right", "right", "l", "l", "l", "l", "l")  # onto "35 others"
        assert "35 others" in grid_lines(app)[0]
        assert grid_lines(app)[0].startswith(" Entity")  # the name column stays put
        await pilot.press("home", "enter")
        folded = {f"Outlet {k:02}" for k in range(5, 40)}
        expected = next(i for i, a in enumerate(corpus.articles) if a.source in folded)
        assert app.results == [("Entity 00000", expected)]


async def test_s_sorts_by_the_cursors_column_descending_then_ascending():
    app = Host(synthetic(400, 6, 30))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_built(pilot, app)
        coverage = built(app)
        outlet = coverage.columns[3]
        await pilot.press("right", "right", "right", "right", "right", "s")
        header = grid_lines(app)[0]
        assert f"{outlet.label}▼" in header and "All▼" not in header
        column = [row.counts[3] for row in coverage.rows]
        rows = grid_lines(app)[1:]
        top = next(row for row in coverage.rows if row.counts[3] == max(column))
        assert rows[0].startswith(f" {top.name}") and cursor_cell(app) == str(max(column))
        await pilot.press("s")
        assert f"{outlet.label}▲" in grid_lines(app)[0]
        bottom = sorted(coverage.rows, key=lambda r: (r.counts[3], -r.total, r.folded))[0]
        assert grid_lines(app)[1].startswith(f" {bottom.name}")
        await pilot.press("left", "left", "left", "left", "left", "s")  # the names: A to Z first
        assert "Entity▲" in grid_lines(app)[0] and grid_lines(app)[1].startswith(" Entity 00000")


async def test_a_cell_with_no_mention_rings_and_stays_open():
    corpus = synthetic(40, 3, 30)
    app = Host(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_built(pilot, app)
        grid = app.screen.query_one(CoverageGrid)
        empty = next((r, c) for r, row in enumerate(built(app).rows) for c, n in enumerate(row.counts) if n == 0)
        grid.move_to(row=empty[0], column=empty[1] + 2)
        await pilot.press("enter")
        assert app.bells == 1 and app.results == [] and app.screen.query(CoverageGrid)


async def test_ten_thousand_articles_by_forty_outlets_open_at_once_and_render_only_what_shows():
    corpus = synthetic(10_000, 40, 5_000)
    app = Host(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_built(pilot, app)
        grid = app.screen.query_one(CoverageGrid)
        assert len(built(app).rows) == 5_000 and len(built(app).columns) == 31
        cells = 0
        real = grid._row_cell

        def counted(row, column):
            nonlocal cells
            cells += 1
            return real(row, column)

        grid._row_cell = counted  # type: ignore[method-assign]
        await pilot.press("pagedown")
        await pilot.pause()
        height = grid.scrollable_content_region.height
        # A frame draws the rows on screen, and of each only the columns that fit in 80 columns.
        assert 0 < cells <= height * 10
        started = time.perf_counter()
        keys = ("down", *["right"] * 10, "pagedown", "end")
        for key in keys:
            await pilot.press(key)
        assert (time.perf_counter() - started) / len(keys) < 0.25  # each key, with its frame (a slow CI machine)
        assert grid.row == 4_999 and grid.column == 10
        header = grid_lines(app)[0]
        # Scrolled across: the cursor's outlet is on screen, the name and All columns stay put.
        assert header.startswith(" Entity") and "All" in header and built(app).columns[8].label in header
        assert built(app).columns[0].label not in header
        last = built(app).rows[grid.order[-1]]
        assert grid_lines(app)[-1].startswith(f" {last.name}") and cursor_cell(app) == (
            f"{last.counts[8]:,}" if last.counts[8] else ""
        )


def test_build_coverage_counts_one_column_without_reading_the_mentions():
    read = []

    def load(entity):
        read.append(entity.name)
        return [(0, 0)] * 3

    articles = [Article(f"/n/{i}.txt", None, None, title="t", source=f"{i}.txt", words=1) for i in range(3)]
    entities = {"A": Entity("A", "PERSON", count=3, load_occurrences=load)}
    coverage = build_coverage(Corpus(articles, [[], [], []], entities))
    assert [c.label for c in coverage.columns] == ["other"] and list(coverage.rows[0].counts) == [3]
    assert read == []  # every article is "other": an entity's count is its row


async def test_a_matrix_counted_before_opens_without_counting_again(monkeypatch):
    corpus = synthetic(300, 5, 40)
    coverage = coverage_screen.prepare_coverage(corpus)  # what the app may do in a worker after loading
    assert coverage_screen.prepare_coverage(corpus) is coverage
    monkeypatch.setattr(coverage_screen, "build_coverage", lambda *a, **k: (_ for _ in ()).throw(AssertionError))
    app = Host(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Loading…" not in screen_text(app)  # type: ignore[arg-type]
        assert grid_lines(app)[1].startswith(" Entity 00000")


async def test_tiny_and_resized_terminals_keep_it_working():
    app = Host(synthetic(500, 40, 200))
    async with app.run_test(size=(80, 7)) as pilot:
        await wait_built(pilot, app)
        await pilot.press("pagedown", "l", "l", "l", "l", "pageup", "G")
        await pilot.resize_terminal(30, 3)
        await pilot.press("pagedown", "right", "s", "g")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        grid = app.screen.query_one(CoverageGrid)
        assert grid.row == 0 and grid_lines(app)[0].startswith(" Entity")
        assert cursor_cell(app)  # the cursor's cell is on screen again


@pytest.mark.parametrize("batch", [1, 7, 256])
def test_a_stored_corpus_counts_it_in_one_read_keeping_no_entitys_places(tmp_path, gazetteer, monkeypatch, batch):
    """On a restored corpus the matrix is the fresh corpus's, counted from one read of every
    entity's places, a batch of rows at a time: no entity's places are loaded for it (and kept:
    as much memory again as the corpus)."""
    from reader.indexer import index_paths
    from reader.store import snapshots
    from reader.store.snapshots import StoredMentions

    monkeypatch.setattr(snapshots, "_PLACES_BATCH", batch)

    folder = tmp_path / "news"
    shutil.copytree(SEEDS, folder)
    db = tmp_path / "c.db"
    index_paths([folder], gazetteer, workers=1, cache_path=db).corpus.close()
    stored = index_paths([folder], gazetteer, workers=1, cache_path=db).corpus
    assert isinstance(stored.mentions, StoredMentions)
    coverage = build_coverage(stored)
    assert not [entity.name for entity in stored.entities.values() if entity._occurrences is not None]
    reference = build_coverage(Corpus.load([folder], gazetteer))
    assert len(coverage.columns) > 1
    assert [(c.label, c.articles, c.mentions) for c in coverage.columns] == [
        (c.label, c.articles, c.mentions) for c in reference.columns
    ]
    assert [(r.name, r.total, list(r.counts)) for r in coverage.rows] == [
        (r.name, r.total, list(r.counts)) for r in reference.rows
    ]
    assert (coverage.column_of, coverage.peaks) == (reference.column_of, reference.peaks)
    stored.close()


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda width: st.tuples(
            st.just(width),
            st.lists(
                st.dictionaries(st.integers(0, width - 1), st.integers(1, 2**32 - 1), max_size=width), max_size=30
            ),
        )
    )
)
def test_the_rows_give_back_each_row_and_column(table):
    """`Rows` keeps only the counts that are not 0: each row and each column comes back whole."""
    width, counts = table
    rows = Rows(width)
    for n, row in enumerate(counts):
        rows.append(f"E{n}", sum(row.values()), row)
    assert len(rows) == len(counts)
    want = [[row.get(column, 0) for column in range(width)] for row in counts]
    assert [list(row.counts) for row in rows] == want
    assert [row.name for row in rows[::-1]] == [f"E{n}" for n in reversed(range(len(counts)))]
    for column in range(width):
        assert rows.column(column) == [line[column] for line in want]
    with pytest.raises(IndexError):
        rows[len(counts)]


def test_a_large_matrix_holds_no_object_per_row():
    """100,000 entities over 40 outlets: the matrix adds a few dozen bytes per row (a row object
    and an array each were about 330)."""
    articles = [
        Article(f"/n/{n:04}.txt", None, None, title=f"Story {n}", source=f"Outlet {n % 40:02}", words=9)
        for n in range(4_000)
    ]
    entities = {}
    for n in range(100_000):
        places = [(n % 4_000, 0)] if n % 5 else [(n % 4_000, 0), ((n + 1) % 4_000, 0)]
        entities[f"Entity {n:06d}"] = Entity(f"Entity {n:06d}", "PERSON", occurrences=places)
    corpus = Corpus(articles, [[] for _ in articles], entities)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        coverage = build_coverage(corpus)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(coverage.rows) == 100_000 and len(coverage.columns) == 31
    assert held / len(coverage.rows) < 60, f"{held / len(coverage.rows):.0f} bytes per row"
