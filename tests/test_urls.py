"""URLs: a page or a feed fetched once (a local HTTP server on 127.0.0.1 that each test starts
and stops), then read offline from the copy kept; every failure is one line and the rest loads."""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader import cli
from reader.config import cache_dir
from reader.indexer import index_paths
from reader.ingest import extracted
from reader.ingest.article import ArticleError
from reader.ingest.fetch import MAX_BYTES, FetchError, normalise, stored, stored_urls
from reader.ingest.read import load_article
from support.paths import CORPUS

PAGES = CORPUS / "pages"
TIMEOUT_S = 2


@dataclass
class Answer:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class Server:
    """A local HTTP server whose routes a test sets; counts requests per path."""

    def __init__(self) -> None:
        self.routes: dict[str, Answer | Callable[[BaseHTTPRequestHandler], None]] = {}
        self.requests: Counter[str] = Counter()
        self.release = threading.Event()  # lets a handler that never answers go at the end
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the http.server name)
                path = self.path.split("?")[0]
                server.requests[path] += 1
                route = server.routes.get(path, Answer(404, {"Content-Type": "text/plain"}, b"no such page"))
                try:
                    if callable(route):
                        route(self)
                        return
                    if "ETag" in route.headers and self.headers.get("If-None-Match") == route.headers["ETag"]:
                        self.send_response(304)
                        self.end_headers()
                        return
                    self.send_response(route.status)
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    if "Content-Length" not in route.headers:
                        self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading (a body over the limit)

            def log_message(self, *args: object) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.http.daemon_threads = True
        self.thread = threading.Thread(target=self.http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.http.server_address[1]}{path}"

    def stop(self) -> None:
        self.release.set()
        self.http.shutdown()
        self.http.server_close()
        self.thread.join(5)


def _html(path: str = "news_page.html") -> Answer:
    return Answer(200, {"Content-Type": "text/html; charset=utf-8"}, (PAGES / path).read_bytes())


def _never_answers(server: Server) -> Callable[[BaseHTTPRequestHandler], None]:
    return lambda handler: server.release.wait(30)


def _streams(size: int) -> Callable[[BaseHTTPRequestHandler], None]:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()  # no length: the body is read until it stops or is too large
        chunk = b"<p>" + b"x" * 65_530 + b"</p>"
        sent = 0
        while sent < size:
            handler.wfile.write(chunk)
            sent += len(chunk)

    return answer


@pytest.fixture(autouse=True)
def no_proxies_and_short_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    # Requests go to 127.0.0.1 only: never through a proxy from the environment.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("READER_FETCH_TIMEOUT", str(TIMEOUT_S))
    extracted.forget_memory()


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    running.routes.update(
        {
            "/news/xi": _html(),
            "/brief": _html("short_brief.html"),
            "/feed": Answer(200, {"Content-Type": "application/rss+xml"}, (PAGES / "rss2.xml").read_bytes()),
            "/atom": Answer(200, {"Content-Type": "application/atom+xml"}, (PAGES / "atom.xml").read_bytes()),
            "/moved": Answer(301, {"Location": "/news/xi"}),
            "/loop-a": Answer(302, {"Location": "/loop-b"}),
            "/loop-b": Answer(302, {"Location": "/loop-a"}),
            "/to-file": Answer(302, {"Location": "file:///etc/passwd"}),
            "/error": Answer(500, {"Content-Type": "text/plain"}, b"boom"),
            "/image": Answer(200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + bytes(100)),
            "/declared-big": Answer(200, {"Content-Type": "text/html", "Content-Length": str(50 * 1024 * 1024)}),
            "/streamed-big": _streams(MAX_BYTES + 1024 * 1024),
            "/gzip-bomb": Answer(
                200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, gzip.compress(b" " * (MAX_BYTES + 4096))
            ),
            "/hang": _never_answers(running),
            "/untyped": Answer(200, {}, (PAGES / "short_brief.html").read_bytes()),
            "/latin": Answer(
                200,
                {"Content-Type": "text/html; charset=windows-1252"},
                (
                    "<html><body><article><h1>Caf\u00e9 talks</h1><p>"
                    + "Emmanuel Macron met Olaf Scholz at a caf\u00e9 in Z\u00fcrich, \u201cfor coffee\u201d. " * 4
                    + "</p></article></body></html>"
                ).encode("cp1252"),
            ),
        }
    )
    for hop in range(8):
        running.routes[f"/hop{hop}"] = Answer(302, {"Location": f"/hop{hop + 1}"})
    try:
        yield running
    finally:
        running.stop()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ------------------------------------------------------------ fetched once, read offline


def test_a_page_url_is_fetched_once_and_read_offline_afterwards(server, gazetteer):
    url = server.url("/news/xi")
    cold = index_paths([url], gazetteer, workers=1)
    (article,) = cold.corpus.articles
    assert article.path == url
    assert (article.title, article.source, article.date) == (
        "Xi courts Central Asia as Putin looks on",
        "The Daily Planet",
        "2022-09-14",
    )
    assert server.requests["/news/xi"] == 1
    server.stop()  # offline from here on
    warm = index_paths([url], gazetteer, workers=1)
    assert warm.stats.cached == 1 and warm.corpus.articles[0].text == article.text
    (cache_dir() / "index.sqlite3").unlink()  # the index gone: the copy kept is read
    again = index_paths([url], gazetteer, workers=1)
    assert again.stats.extracted == 1 and again.corpus.articles[0].title == article.title
    assert load_article(url).text == article.text


def test_a_feed_url_gives_its_items(server, gazetteer):
    url = server.url("/feed")
    result = index_paths([url], gazetteer, workers=1)
    assert [a.path for a in result.corpus.articles] == [f"{url}#{n}" for n in (1, 2, 3)]
    assert result.corpus.articles[1].title == "Putin and Xi meet in Samarkand"
    server.stop()
    warm = index_paths([url], gazetteer, workers=1)
    assert warm.stats.cached == 3
    assert load_article(f"{url}#3").title == "SCO leaders sign Samarkand declaration"
    named = index_paths([f"{url}#2"], gazetteer, workers=1)
    assert [a.title for a in named.corpus.articles] == ["Putin and Xi meet in Samarkand"]


def test_articles_are_named_by_the_url_as_normalised(server):
    given = server.url("/news/xi#comments").replace("http://", "HTTP://")
    result = index_paths([given], workers=1)
    assert result.corpus.articles[0].path == server.url("/news/xi")


def test_a_redirect_is_followed_and_the_final_url_is_the_pages(server):
    url = server.url("/moved")
    (article,) = index_paths([url], workers=1).corpus.articles
    assert article.path == url  # named as asked for
    assert article.title == "Xi courts Central Asia as Putin looks on"
    copy = stored(url)
    assert copy is not None and copy.final_url == server.url("/news/xi")


def test_the_http_charset_decodes_the_page(server):
    (article,) = index_paths([server.url("/latin")], workers=1).corpus.articles
    assert "café in Zürich, “for coffee”" in article.text


def test_an_answer_without_a_content_type_is_known_by_its_content(server):
    (article,) = index_paths([server.url("/untyped")], workers=1).corpus.articles
    assert article.title == "NATO summit date set"


# ------------------------------------------------------------ failures: one line each


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/error", "HTTP 500 Internal Server Error"),
        ("/loop-a", "redirect loop"),
        ("/hop0", "too many redirects (more than 5)"),
        ("/to-file", "redirected to a file: URL; only http and https are followed"),
        ("/image", "not a page or a feed (image/png)"),
        ("/declared-big", "too large (50.0 MB; the limit is 32 MB)"),
        ("/streamed-big", "too large (over 32 MB)"),
        ("/gzip-bomb", "too large (over 32 MB)"),
        ("/hang", f"the server sent nothing for {TIMEOUT_S} s"),
    ],
)
def test_a_bad_url_is_one_line_and_the_rest_loads(server, path, reason, tmp_path):
    local = tmp_path / "local.txt"
    local.write_text("Local\n\nVladimir Putin spoke.\n", encoding="utf-8")
    started = time.perf_counter()
    result = index_paths([server.url(path), server.url("/brief"), local], workers=1)
    assert time.perf_counter() - started < 4 * TIMEOUT_S + 5
    assert [a.title for a in result.corpus.articles] == ["NATO summit date set", "Local"]
    (problem,) = result.corpus.problems
    assert problem.path == server.url(path) and problem.reason.startswith(reason)
    assert "\n" not in str(problem)
    assert stored(server.url(path)) is None  # nothing kept of a failure


def test_offline_is_one_clear_line():
    url = f"http://127.0.0.1:{_closed_port()}/news"
    result = index_paths([url], workers=1)
    (problem,) = result.corpus.problems
    assert problem.reason.startswith("cannot connect (offline, or the server is down)")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.com/file.txt", "only http and https URLs are read, not ftp:"),
        ("file:///etc/passwd", "only http and https URLs are read, not file:"),
        ("http://", "not a valid URL"),
        ("http://exa mple.com/", "not a valid URL"),
        ("http://127.0.0.1:99999/", "not a valid URL"),
    ],
)
def test_what_cannot_be_fetched_is_refused_without_a_request(url, reason):
    result = index_paths([url], workers=1)
    (problem,) = result.corpus.problems
    assert problem.reason.startswith(reason)


@given(st.text(max_size=80))
def test_normalising_gives_a_url_or_a_reason(text):
    for candidate in (text, f"http://{text}", f"https://example.com/{text}"):
        try:
            url = normalise(candidate)
        except FetchError as exc:
            assert str(exc) and "\n" not in str(exc)
        else:
            assert url.startswith(("http://", "https://")) and "#" not in url and normalise(url) == url


# ------------------------------------------------------------ refresh


def test_refresh_fetches_again_and_the_index_follows(server, capsys):
    url = server.url("/brief")
    server.routes["/brief"].headers["ETag"] = '"v1"'  # type: ignore[union-attr]
    assert cli.main(["index", url]) == 0
    assert cli.main(["refresh", url]) == 0
    assert f"reader: unchanged: {url}" in capsys.readouterr().err
    assert server.requests["/brief"] == 2
    server.routes["/brief"] = Answer(
        200,
        {"Content-Type": "text/html", "ETag": '"v2"'},
        (PAGES / "short_brief.html").read_bytes().replace(b"NATO summit date set", b"NATO summit moved"),
    )
    assert cli.main(["refresh"]) == 0  # every URL fetched before
    assert "reader: refreshed (" in capsys.readouterr().err
    assert stored_urls() == [url]
    assert index_paths([url], workers=1).corpus.articles[0].title == "NATO summit moved"


def test_a_failed_refresh_keeps_the_copy(server, capsys, gazetteer):
    url = server.url("/news/xi")
    index_paths([url], gazetteer, workers=1)
    server.stop()
    assert cli.main(["refresh", url]) == 2
    err = capsys.readouterr().err
    assert f"reader: cannot refresh {url}: cannot connect" in err and len(err.splitlines()) == 1
    assert index_paths([url], gazetteer, workers=1).corpus.articles[0].title.startswith("Xi courts")


def test_refresh_with_nothing_fetched(capsys):
    assert cli.main(["refresh"]) == 1
    assert "nothing to refresh" in capsys.readouterr().err


# ------------------------------------------------------------ the commands


def test_entities_and_text_of_urls(server, capsys):
    page, feed = server.url("/news/xi"), server.url("/atom")
    assert cli.main(["entities", "--json", page, feed]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {line["doc"] for line in lines} == {page, f"{feed}#1", f"{feed}#2"}
    texts: dict[str, str] = {}
    for doc in sorted({line["doc"] for line in lines}):
        assert cli.main(["text", doc]) == 0
        texts[doc] = capsys.readouterr().out
    for line in lines:
        assert texts[line["doc"]][line["start"] : line["end"]] == line["text"]


def test_text_of_a_url_never_fetched_fetches_it(server, capsys):
    assert cli.main(["text", server.url("/brief")]) == 0
    assert capsys.readouterr().out.startswith("NATO summit date set\n\n")
    assert cli.main(["text", server.url("/missing")]) == 2
    assert "HTTP 404" in capsys.readouterr().err


def test_a_failed_url_on_the_command_line_is_one_line(server, capsys, tmp_path):
    local = tmp_path / "local.txt"
    local.write_text("Local\n\nVladimir Putin spoke.\n", encoding="utf-8")
    assert cli.main(["index", server.url("/error"), str(local)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert f"reader: skipped {server.url('/error')}: HTTP 500 Internal Server Error" in err
    assert server.requests["/error"] == 1  # not asked again by the index
    assert cli.main(["entities", server.url("/error")]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"reader: no readable articles in {server.url('/error')}"


def test_load_article_never_fetches(server):
    with pytest.raises(ArticleError, match="not fetched yet"):
        load_article(server.url("/news/xi"))
    assert server.requests["/news/xi"] == 0
    assert not list(Path(cache_dir()).glob("fetched/*.body"))
