"""The real `reader` command on the hostile corpus: nothing that came from an article or a file
name reaches the terminal as an escape sequence or control character, markup stays literal,
and `--json` lines parse and point at the right text. Assertions are on raw bytes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from reader.ingest.decode import decode_bytes
from support import hostile
from support.paths import reader_env

pytestmark = pytest.mark.slow

SGR = re.compile(r"\x1b\[[0-9;]*m")
SKIP_LINE = re.compile(r"^reader: skipped .+: .+$")
PLAIN = {"COLUMNS": "200", "TERM": "dumb", "NO_COLOR": "1"}
COLOUR = {"COLUMNS": "200", "TERM": "xterm-256color", "FORCE_COLOR": "1"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    built = hostile.build(tmp_path_factory.mktemp("cli-hostile") / "corpus")
    yield built
    hostile.unlock(built.root)


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = reader_env(**env)
    if "NO_COLOR" not in env:
        environment.pop("NO_COLOR", None)
    if "FORCE_COLOR" not in env:
        environment.pop("FORCE_COLOR", None)
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, env=environment, timeout=120)


def assert_inert(raw: bytes, colour: bool) -> str:
    """Decode strictly and check no terminal-active code point is left; return the text."""
    text = raw.decode("utf-8")  # output is valid UTF-8: no stray 0x9b byte, no surrogate
    if colour:
        text = SGR.sub("", text)
    assert "\x1b" not in text, _around(text, "\x1b")
    active = set(text) & hostile.TERMINAL_ACTIVE
    assert not active, [_around(text, char) for char in active]
    return text


def _around(text: str, char: str) -> str:
    at = text.index(char)
    return repr(text[max(0, at - 60) : at + 60])


def assert_stderr(raw: bytes, colour: bool = False) -> list[str]:
    lines = assert_inert(raw, colour).splitlines()
    summary = re.compile(
        r"^\d+ files \(\d+ read, \d+ from cache\), \d+ words, \d+ mentions, \d+ entities, \d+ skipped, [\d.]+ s \([\d,]+ words/s\)$"
    )
    for line in lines:
        assert line.startswith("reader") or summary.match(line), line
    return [line for line in lines if line.startswith("reader: skipped ")]


@pytest.mark.parametrize("env", [PLAIN, COLOUR], ids=["plain", "colour"])
def test_entities_table_is_inert_and_markup_literal(corpus, env):
    done = run("entities", str(corpus.root), **env)
    assert done.returncode == 0, done.stderr
    if "FORCE_COLOR" not in env:  # into a pipe: tab-separated, a tab only between the four fields
        assert all(line.count(b"\t") == 3 for line in done.stdout.splitlines())
    out = assert_inert(done.stdout.replace(b"\t", b" | "), colour="FORCE_COLOR" in env)
    if "FORCE_COLOR" in env:
        assert SGR.search(done.stdout.decode())  # Rich did style: the check above was not vacuous
    assert "[link=http://evil.example]Evil[/link]" in out  # a front-matter source, as written
    assert "[@click=app.quit]quit" in out  # a file name used as the source
    assert "␛]0;pwned␇" in out  # the escape is shown, not run
    skipped = assert_stderr(done.stderr, colour="FORCE_COLOR" in env)
    assert skipped and all(SKIP_LINE.match(line) for line in skipped)


@pytest.mark.parametrize("env", [PLAIN, COLOUR], ids=["plain", "colour"])
def test_search_output_is_inert_and_markup_literal(corpus, env):
    done = run("search", "putin", str(corpus.root), **env)
    assert done.returncode == 0, done.stderr
    out = assert_inert(done.stdout, colour="FORCE_COLOR" in env)
    assert "«Vladimir Putin» said [bold] [link=http://evil.example]x[/link]" in out.replace("«", "").replace(
        "»", ""
    ).replace("Vladimir Putin", "«Vladimir Putin»")
    assert "␛[2J" in out and "␛]8;;http://evil.example/" in out
    assert_stderr(done.stderr, colour="FORCE_COLOR" in env)


def test_index_and_skip_lines(corpus):
    from reader.ingest.discover import load_articles

    done = run("index", str(corpus.root), **COLOUR)
    assert done.returncode == 0
    assert done.stdout.decode().count("\n") == 1 and b"files (" in done.stdout  # the report only
    skipped = assert_stderr(done.stderr, colour=True)
    _, problems = load_articles([corpus.root])
    assert len(skipped) == len(problems)
    for line in skipped:
        assert SKIP_LINE.match(line), line
    names = "\n".join(skipped)
    for expect in corpus.skipped():
        assert os.path.basename(hostile_display(expect.name)) in names, expect.name
    summary = done.stdout.decode().splitlines()[-1]
    assert re.match(
        r"^\d+ files \(\d+ read, \d+ from cache\), \d+ words, \d+ mentions, \d+ entities, \d+ skipped, [\d.]+ s \([\d,]+ words/s\)$",
        summary,
    ), summary


def hostile_display(name: str) -> str:
    from reader.ingest.sanitize import safe_name

    return safe_name(name)


def _content(doc: str, cache: dict[str, str]) -> str:
    if doc not in cache:
        with open(os.fsencode(doc), "rb") as handle:
            cache[doc] = decode_bytes(handle.read())[0]
    return cache[doc]


def test_entities_json_lines_parse_and_point_at_the_text(corpus):
    done = run("entities", "--json", str(corpus.root), **COLOUR)
    assert done.returncode == 0, done.stderr
    assert_inert(done.stdout, colour=False)  # JSON is never styled, even with FORCE_COLOR
    known = {str(corpus.root / e.name): e.text for e in corpus.expected if e.loaded and e.text is not None}
    contents: dict[str, str] = {}
    lines = done.stdout.decode("utf-8").splitlines()
    assert len(lines) > 20
    docs = set()
    for line in lines:
        row = json.loads(line)
        content = _content(row["doc"], contents)
        if row["doc"] in known:
            assert content == known[row["doc"]]
        assert content[row["start"] : row["end"]] == row["text"]
        docs.add(row["doc"])
    assert str(corpus.root / "hostile.txt") in docs
    assert any("\n" in doc for doc in docs) and any("\udce9" in doc for doc in docs)


def test_search_json_lines_parse_and_point_at_the_text(corpus):
    done = run("search", "putin", str(corpus.root), "--json", **COLOUR)
    assert done.returncode == 0, done.stderr
    assert_inert(done.stdout, colour=False)
    contents: dict[str, str] = {}
    rows = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert rows
    for row in rows:
        for mention in row["mentions"]:
            content = _content(mention["doc"], contents)
            assert content[mention["start"] : mention["end"]] == mention["text"]
            assert not set(mention["context"]) & hostile.TERMINAL_ACTIVE


def test_hostile_query_and_paths_in_messages(corpus, tmp_path):
    done = run("search", "\x1b]0;pwned\x07\u202e[bold]", str(corpus.root), **COLOUR)
    assert done.returncode == 1
    assert_stderr(done.stderr, colour=True)
    missing = str(tmp_path / "\x1b]0;pwned\x07\x1b[2J\u202emissing")
    done = run("entities", missing, **COLOUR)
    assert done.returncode == 2
    # One line naming the path, made inert (issue 14.13: a path that does not exist exits 2).
    lines = done.stderr.decode("utf-8").splitlines()
    assert len(lines) == 1 and lines[0].endswith("no such file or folder")
    assert not set(lines[0]) & hostile.TERMINAL_ACTIVE
    assert "\x1b" not in lines[0]


def test_usage_error_lines_are_inert(tmp_path):
    missing = str(tmp_path / "\x1b]0;pwned\x07\x1b[2J\u202emissing")
    done = run("entities", missing, **COLOUR)
    assert done.returncode == 2
    assert_stderr(done.stderr, colour=False)
    done = run("entities", "--\x1b[2J", **COLOUR)
    assert done.returncode == 2
    assert_stderr(done.stderr, colour=False)
