"""The loader on hostile input: every file is read correctly or skipped with one clear reason,
and the rest of the corpus loads. The corpus is generated (tests/support/hostile.py), never committed."""

from __future__ import annotations

import errno
import io
import os
import signal
import time
import tracemalloc
from pathlib import Path

import pytest

from reader.ingest import read as articles_module
from reader.ingest.article import ArticleError
from reader.ingest.discover import discover, load_articles
from reader.ingest.read import MAX_ARTICLE_BYTES, load_article
from support import hostile


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    built = hostile.build(tmp_path_factory.mktemp("hostile") / "corpus")
    yield built
    hostile.unlock(built.root)


@pytest.fixture(scope="module")
def loaded(corpus):
    started = time.perf_counter()
    articles, problems = load_articles([corpus.root])
    return articles, problems, time.perf_counter() - started


def _relative(corpus, path: str) -> str:
    return os.path.relpath(path, corpus.root)


def test_every_file_is_loaded_or_reported_once(corpus, loaded):
    articles, problems, seconds = loaded
    by_name = {_relative(corpus, a.path): a for a in articles}
    reported: dict[str, list[str]] = {}
    for problem in problems:
        reported.setdefault(_relative(corpus, problem.path), []).append(problem.reason)
    assert all(len(reasons) == 1 for reasons in reported.values()), reported
    for expect in corpus.expected:
        if expect.either:
            assert (expect.name in by_name) != (expect.name in reported), expect.name
            continue
        if expect.loaded:
            assert expect.name in by_name, (expect.name, reported.get(expect.name))
            assert expect.name not in reported
        else:
            assert expect.name in reported, expect.name
            assert expect.name not in by_name
            assert expect.reason.lower() in reported[expect.name][0].lower(), (expect.name, reported[expect.name])
    for name in corpus.silent:
        assert name not in by_name and name not in reported
    assert "folder.txt" not in by_name  # a folder named like an article is walked, not read
    assert seconds < 10


def test_decoded_text_is_exactly_right(corpus, loaded):
    articles, _, _ = loaded
    by_name = {_relative(corpus, a.path): a for a in articles}
    for expect in corpus.loaded():
        if expect.text is not None:
            assert by_name[expect.name].text == expect.text, expect.name
    assert by_name["latin1.txt"].encoding == "cp1252"
    assert "président" in by_name["latin1.txt"].text and "Zürich" in by_name["latin1.txt"].text
    assert "“hello”" in by_name["cp1252.txt"].text and "€" in by_name["cp1252.txt"].text
    assert by_name["utf16le.txt"].title == "UTF-16 — Zürich “quoted”"
    assert by_name["utf16be.txt"].text == by_name["utf8bom.txt"].text == by_name["utf16le.txt"].text
    assert not by_name["utf8bom.txt"].text.startswith("\ufeff")
    assert "\ufffd" in by_name["invalid_utf8.txt"].text and "déjà vu" in by_name["invalid_utf8.txt"].text
    assert by_name["invalid_utf8.txt"].encoding.startswith("utf-8")


def test_problem_lines_are_one_line_and_inert(corpus, loaded):
    _, problems, _ = loaded
    assert problems
    for problem in problems:
        line = str(problem)
        assert not set(line) & hostile.TERMINAL_ACTIVE, repr(line)
        assert "\n" not in line and "\t" not in line
        assert line.count(": ") >= 1 and problem.reason


def test_articles_are_safe_to_display(loaded):
    articles, _, _ = loaded
    for article in articles:
        assert len(article.safe) == len(article.text)
        for field in (article.safe, article.title, article.source, article.date, article.url, article.display_path):
            assert not set(field) & hostile.TERMINAL_ACTIVE, (article.path, field[:80])
        for field in (article.title, article.source, article.date, article.url, article.display_path):
            assert "\n" not in field
        assert 0 <= article.title_span[0] <= article.title_span[1] <= len(article.text)
        assert len(article.title) <= articles_module.MAX_TITLE_CHARS


def test_front_matter_markup_and_escapes_stay_text(corpus, loaded):
    articles, _, _ = loaded
    front = next(a for a in articles if a.path.endswith("front.md"))
    assert front.title.startswith("[bold]Evil ␛]0;pwned␇ title[/bold]")
    assert front.source.startswith("[link=http://evil.example]Evil[/link] ␛[2J News")
    assert front.date == "2024-01-01␇"


def test_odd_names_load_and_display_safely(corpus, loaded):
    articles, _, _ = loaded
    paths = {a.path for a in articles}
    assert str(corpus.root / "new\nline.txt") in paths
    assert os.fsdecode(os.fsencode(str(corpus.root)) + b"/caf\xe9 latin1 name.txt") in paths
    newline = next(a for a in articles if a.path.endswith("new\nline.txt"))
    assert newline.display_path.endswith("new␤line.txt") and newline.source == "new line.txt"
    latin_name = next(a for a in articles if "latin1 name" in a.path)
    assert "\ufffd" in latin_name.display_path
    # bytes paths (os.fsencode) are accepted too
    again = load_article(os.fsencode(latin_name.path))
    assert again.text == latin_name.text and again.path == latin_name.path


def test_explicit_special_paths_are_reported_not_followed(corpus):
    articles, problems = load_articles(
        [
            corpus.root / "loops" / "self.txt",
            corpus.root / "fifo.txt",
            corpus.root / "missing.txt",
            corpus.root / "loops",
        ]
    )
    reasons = {_relative(corpus, p.path): p.reason for p in problems}
    assert "symbolic links" in reasons["loops/self.txt"]
    assert "regular file" in reasons["fifo.txt"]
    assert "no such file" in reasons["missing.txt"]
    assert [_relative(corpus, a.path) for a in articles] == ["loops/link.txt"]


def test_a_fifo_swapped_in_after_the_check_does_not_block(corpus, monkeypatch):
    regular = os.stat(corpus.root / "latin1.txt")
    real_stat = os.stat
    monkeypatch.setattr(
        articles_module.os, "stat", lambda p, *a, **k: regular if str(p).endswith("fifo.txt") else real_stat(p, *a, **k)
    )
    previous = signal.signal(signal.SIGALRM, lambda *_: pytest.fail("reading a FIFO blocked"))
    signal.alarm(5)
    try:
        with pytest.raises(ArticleError, match="regular file"):
            load_article(corpus.root / "fifo.txt")
        with pytest.raises(ArticleError, match="folder"):
            load_article(corpus.root / "folder.txt")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_the_rest_loads_next_to_every_kind_of_bad_file(corpus, loaded):
    articles, problems, _ = loaded
    assert len(articles) >= len(corpus.loaded())
    assert len(problems) >= len(corpus.skipped())


# ------------------------------------------------------------ races: deleted or changed while read


def test_file_deleted_between_walk_and_read(tmp_path, monkeypatch):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(hostile.article(name), encoding="utf-8")
    real_open = os.open

    def vanishing_open(path, *args, **kwargs):
        if str(path).endswith("b.txt"):
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(articles_module.os, "open", vanishing_open)
    articles, problems = load_articles([tmp_path])
    assert [Path(a.path).name for a in articles] == ["a.txt", "c.txt"]
    assert len(problems) == 1 and "deleted" in problems[0].reason


def test_file_deleted_for_real_after_discovery(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(hostile.article(name), encoding="utf-8")
    found = discover([tmp_path])
    (tmp_path / "a.txt").unlink()
    with pytest.raises(ArticleError, match="deleted"):
        load_article(found.files[0])
    assert load_article(found.files[1]).title == "b.txt"


class _FlakyHandle(io.BytesIO):
    def __init__(self, data: bytes, fail: bool, real):
        super().__init__(data)
        self.fail = fail
        self.real = real

    def fileno(self):
        return self.real.fileno()

    def close(self):
        self.real.close()
        super().close()

    def read(self, size=-1):
        if self.fail:
            raise OSError(errno.EIO, "Input/output error")
        return super().read(size)


def test_read_error_and_truncation_mid_read(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("Zürich “news” " * 10, encoding="utf-8")
    real_fdopen = os.fdopen
    mode = {"fail": True}

    def fdopen(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)
        data = handle.read()
        # truncated mid-way through a multi-byte character, as a file being rewritten
        return _FlakyHandle(data[: len(data) // 2 + 1] if not mode["fail"] else data, mode["fail"], handle)

    monkeypatch.setattr(articles_module.os, "fdopen", fdopen)
    with pytest.raises(ArticleError, match="input/output error"):
        load_article(path)
    mode["fail"] = False
    article = load_article(path)
    assert article.text.startswith("Zürich “news”")


def test_file_that_grows_past_the_limit_while_read(tmp_path, monkeypatch):
    path = hostile.write_big(tmp_path / "growing.txt", MAX_ARTICLE_BYTES + 10)
    hostile.write_long_line(tmp_path / "small.txt", 100)
    small = os.stat(tmp_path / "small.txt")
    monkeypatch.setattr(articles_module.os, "stat", lambda *a, **k: small)
    monkeypatch.setattr(articles_module.os, "fstat", lambda *a, **k: small)
    with pytest.raises(ArticleError, match="too large"):
        load_article(path)


# ------------------------------------------------------------ size


def test_a_50_mb_file_is_skipped_quickly_without_being_read(tmp_path):
    big = hostile.write_big(tmp_path / "big.txt")
    (tmp_path / "ok.txt").write_text(hostile.article("Fine"), encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        articles, problems = load_articles([tmp_path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 2
    assert peak < 4 * 1024 * 1024
    assert [a.title for a in articles] == ["Fine"]
    assert len(problems) == 1 and problems[0].path == str(big)
    assert "too large" in problems[0].reason and "50.0 MB" in problems[0].reason and "32 MB" in problems[0].reason


def test_a_10_mb_single_line_loads(tmp_path):
    text = hostile.write_long_line(tmp_path / "line.txt")
    started = time.perf_counter()
    article = load_article(tmp_path / "line.txt")
    assert time.perf_counter() - started < 10
    assert article.text == text and len(article.text) > 10_000_000
    assert article.title.startswith("Headline of one line") and len(article.title) <= 300
    assert article.title_span == (0, len(text.rstrip()))


def test_ten_thousand_tiny_files_load(tmp_path):
    hostile.write_many(tmp_path)
    started = time.perf_counter()
    articles, problems = load_articles([tmp_path])
    seconds = time.perf_counter() - started
    assert len(articles) == 10_000 and not problems
    assert seconds < 20, seconds
    assert articles[0].title == "Tiny 0" and articles[-1].title == "Tiny 9999"


def test_sixty_folders_deep(corpus, loaded):
    articles, _, _ = loaded
    deep = [a for a in articles if a.path.endswith("deep.txt")]
    assert len(deep) == 1 and deep[0].path.count(os.sep) - str(corpus.root).count(os.sep) == 61
