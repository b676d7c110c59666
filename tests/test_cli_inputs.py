"""The commands on pages, feeds and text side by side: `text[start:end]` of every `entities
--json` line is what `reader text DOC` prints there, and the app lists the pages' headlines and
the feeds' items (in a real terminal)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader import cli
from support import hostile
from support.paths import CORPUS, REPO, reader_env
from support.terminal import Pane

PAGES = CORPUS / "pages"


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    folder.mkdir()
    shutil.copy(PAGES / "news_page.html", folder / "news_page.html")
    shutil.copy(PAGES / "rss2.xml", folder / "rss2.xml")
    shutil.copy(PAGES / "atom.xml", folder / "atom.xml")
    (folder / "plain.txt").write_text(
        "Plain headline\n\nVladimir Putin met Kassym-Jomart Tokayev in Astana on Monday.\n", encoding="utf-8"
    )
    return folder


def _json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_every_offset_holds_against_reader_text(mixed, capsys):
    assert cli.main(["entities", "--json", str(mixed)]) == 0
    lines = _json_lines(capsys.readouterr().out)
    docs = sorted({line["doc"] for line in lines})
    assert [Path(doc).name for doc in docs] == [
        "atom.xml#1",
        "atom.xml#2",
        "news_page.html",
        "plain.txt",
        "rss2.xml#1",
        "rss2.xml#2",
        "rss2.xml#3",
    ]
    texts = {}
    for doc in docs:
        assert cli.main(["text", doc]) == 0
        texts[doc] = capsys.readouterr().out
    for line in lines:
        assert texts[line["doc"]][line["start"] : line["end"]] == line["text"], line
    assert texts[str(mixed / "plain.txt")] == (mixed / "plain.txt").read_text(encoding="utf-8")


@pytest.mark.slow
def test_offsets_hold_in_a_real_process(mixed):
    env = reader_env()
    done = subprocess.run(
        [sys.executable, "-m", "reader", "entities", "--json", str(mixed)], capture_output=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    lines = _json_lines(done.stdout.decode("utf-8"))
    for doc in sorted({line["doc"] for line in lines}):
        shown = subprocess.run([sys.executable, "-m", "reader", "text", doc], capture_output=True, env=env, timeout=60)
        assert shown.returncode == 0 and not shown.stderr
        text = shown.stdout.decode("utf-8")
        for line in (line for line in lines if line["doc"] == doc):
            assert text[line["start"] : line["end"]] == line["text"]


def test_text_to_a_terminal_is_inert_and_keeps_every_offset(tmp_path, capsys, monkeypatch):
    page = tmp_path / "hostile.html"
    page.write_text(
        "<html><head><title>Escapes \x1b]0;pwned\x07</title></head><body><article><p>"
        + "Vladimir Putin said \x1b[2J and &#x202e; reversed, in Moscow on Tuesday. " * 4
        + "</p></article></body></html>",
        encoding="utf-8",
    )
    assert cli.main(["text", str(page)]) == 0
    raw = capsys.readouterr().out
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert cli.main(["text", str(page)]) == 0
    shown = capsys.readouterr().out
    assert len(shown) == len(raw)
    assert not set(shown) & hostile.TERMINAL_ACTIVE - {"\n"}
    assert raw.index("Vladimir Putin") == shown.index("Vladimir Putin")


@pytest.mark.parametrize(
    ("doc", "reason"),
    [
        ("rss2.xml", "a feed: its items are read as"),
        ("rss2.xml#7", "no item 7 (the feed has 3)"),
        ("missing.html", "no such file"),
        ("plain.txt#1", "not a feed"),
    ],
)
def test_text_of_what_is_no_article_is_one_line(mixed, capsys, doc, reason):
    assert cli.main(["text", str(mixed / doc)]) == 2
    captured = capsys.readouterr()
    assert not captured.out
    (line,) = captured.err.splitlines()
    assert line.startswith("reader: ") and reason in line


def test_search_shows_feed_items_and_pages_in_context(mixed, capsys):
    assert cli.main(["search", "tokaev", str(mixed), "--json"]) == 0
    (hit,) = _json_lines(capsys.readouterr().out)[:1]
    assert hit["entity"] == "Kassym-Jomart Tokayev"
    docs = {Path(m["doc"]).name for m in hit["mentions"]}
    assert {"news_page.html", "rss2.xml#1", "plain.txt"} <= docs
    assert all("Tokayev" in m["context"] for m in hit["mentions"])


def test_index_counts_items_as_articles(mixed, capsys):
    assert cli.main(["index", str(mixed)]) == 0
    assert capsys.readouterr().out.startswith("7 files (7 read, 0 from cache)")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_app_lists_the_pages_headline_and_the_feeds_items(tmp_path):
    folder = tmp_path / "story"
    folder.mkdir()
    shutil.copy(PAGES / "news_page.html", folder / "page.html")
    shutil.copy(PAGES / "rss2.xml", folder / "wire.xml")
    (folder / "notes.txt").write_text("Notes headline\n\nKassym-Jomart Tokayev spoke.\n", encoding="utf-8")
    env = " ".join(f"{k}={v}" for k, v in os.environ.items() if k.startswith("READER_"))
    command = f"cd {REPO} && env TERM=xterm-256color {env} {sys.executable} -m reader --no-state {folder}"
    pane = Pane(f"reader-inputs-{os.getpid()}", command, tmp_path / "out")
    try:
        screen = pane.wait_for("Steppe Herald")
        pane.settle()
        screen = pane.screen()
        for shown in ("Notes headline", "Xi courts", "The Daily Planet", "Tokayev welc", "Putin and Xi", "SCO leaders"):
            assert shown in screen, f"{shown!r} not in the list:\n{screen}"
        assert "Kassym-Jomart Tokayev spoke." in screen  # notes.txt, first in name order
        pane.keys("]")
        screen = pane.wait_for("Chinese President Xi Jinping")  # the page's story in the reading pane
        assert "By Lois Lane" in screen and "Accept all" not in screen
        pane.keys("/")
        pane.keys("tokaev", literal=True)
        pane.wait_for("PERSON")
        pane.keys("Enter")
        # Mentions in list order: the notes' (1), the page's (2, the article open), the feed item's (3, 4).
        pane.wait_for("Kassym-Jomart Tokayev  2/4")
        pane.keys("n")
        screen = pane.wait_for("Kassym-Jomart Tokayev  3/4")
        assert "Steppe Herald · 2022-09-14" in screen  # the jump opened the feed's first item
        pane.keys("q")
    finally:
        pane.close()
