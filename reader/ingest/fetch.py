"""URLs → stored copies: a page or a feed fetched once (httpx), then read like a file.

`ensure(url)` gives the stored copy, fetching it only when there is none, so a second start
works offline; `fetch(url)` fetches again (`reader refresh`), conditionally when the server gave
an ETag or a Last-Modified. A copy is the body as received (`<key>.body`) and what the response
said about it (`<key>.json`: the final URL, content type, charset, format), written atomically
in `reader.config.cache_dir()/fetched/`; the index keys its articles by the URL and goes by the
body's size and mtime, as for a file.

Only http and https are fetched or followed: a redirect elsewhere (file:, ftp:, data:) is
refused, and so are a redirect loop, more than `MAX_REDIRECTS` redirects, an answer that is
not a page, a feed or text, and a body over `MAX_BYTES` (counted as decoded, so a compressed
bomb stops too). Every failure is a `FetchError` with a one-line reason. Timeouts bound the
connection, each read and the whole transfer (`READER_FETCH_TIMEOUT` sets them, in seconds).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from reader import __version__
from reader.config import cache_dir
from reader.ingest import formats
from reader.ingest.address import URL_SCHEMES, url_scheme
from reader.ingest.extracted import write_atomically

MAX_BYTES = 32 * 1024 * 1024  # as for a file (reader.ingest.read.MAX_ARTICLE_BYTES)
MAX_REDIRECTS = 5
CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 20.0
TOTAL_TIMEOUT_S = 60.0
USER_AGENT = f"reader/{__version__} (terminal news reader)"
ACCEPT = (
    "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/rdf+xml,"
    " application/xml;q=0.9, text/xml;q=0.9, text/plain;q=0.8, */*;q=0.1"
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A URL that could not be fetched; the message is the one-line reason."""


@dataclass(slots=True)
class Stored:
    url: str  # as normalised: the article path
    body: Path
    meta: dict[str, Any]

    @property
    def final_url(self) -> str:
        return str(self.meta.get("final") or self.url)

    @property
    def media_type(self) -> str:
        return str(self.meta.get("media_type") or "")

    @property
    def charset(self) -> str:
        return str(self.meta.get("charset") or "")

    @property
    def format(self) -> formats.Format:
        return formats.BY_NAME.get(str(self.meta.get("format")), formats.TEXT)


def normalise(url: str) -> str:
    """The URL as articles are named by it: scheme and host in lower case, no fragment."""
    scheme = url_scheme(url)
    if scheme not in URL_SCHEMES:
        raise FetchError(f"only http and https URLs are read, not {scheme or 'this'}:")
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"not a valid URL ({exc})") from None
    if not host or any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in url.strip()):
        raise FetchError("not a valid URL")
    netloc = host if ":" not in host else f"[{host}]"
    if parts.username is not None:
        netloc = f"{parts.username}{':' + parts.password if parts.password is not None else ''}@{netloc}"
    if port is not None:
        netloc = f"{netloc}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def folder() -> Path:
    return cache_dir() / "fetched"


def _files(url: str) -> tuple[Path, Path]:
    name = hashlib.blake2b(url.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return folder() / f"{name}.body", folder() / f"{name}.json"


def stored(url: str) -> Stored | None:
    """The stored copy of `url`, or None. Raises FetchError for a URL that cannot be one."""
    url = normalise(url)
    body, meta_path = _files(url)
    try:
        meta = json.loads(meta_path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("url") != url or not body.is_file():
        return None
    return Stored(url, body, meta)


def stored_urls() -> list[str]:
    """Every URL with a stored copy, in name order."""
    urls = []
    try:
        paths = sorted(folder().glob("*.json"))
    except OSError:
        return []
    for path in paths:
        try:
            meta = json.loads(path.read_bytes())
        except (OSError, ValueError):
            continue
        if isinstance(meta, dict) and isinstance(meta.get("url"), str):
            urls.append(meta["url"])
    return sorted(urls)


def ensure(url: str) -> Stored:
    """The stored copy, fetched now if there is none."""
    return stored(url) or fetch(url)[0]


def fetch(url: str, *, conditional: bool = False) -> tuple[Stored, bool]:
    """Fetch `url` and store it; (the stored copy, whether its body changed). With
    `conditional`, a server that says the copy is current (304) leaves it as it is."""
    url = normalise(url)
    previous = stored(url) if conditional else None
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    if previous is not None:
        if previous.meta.get("etag"):
            headers["If-None-Match"] = str(previous.meta["etag"])
        if previous.meta.get("last_modified"):
            headers["If-Modified-Since"] = str(previous.meta["last_modified"])
    answer = _get(url, headers)
    if answer is None:
        assert previous is not None
        return previous, False
    final, status, response_headers, data = answer
    media_type, charset = _content_type(response_headers.get("content-type", ""))
    chosen = _format_of(data, media_type)
    meta = {
        "url": url,
        "final": final,
        "status": status,
        "media_type": media_type,
        "charset": charset,
        "format": chosen.name,
        "etag": response_headers.get("etag", ""),
        "last_modified": response_headers.get("last-modified", ""),
        "fetched": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "bytes": len(data),
    }
    body, meta_path = _files(url)
    changed = previous is None or _digest_of(previous.body) != hashlib.blake2b(data).hexdigest()
    try:
        folder().mkdir(parents=True, exist_ok=True)
        if changed or not body.exists():
            # An unchanged body keeps its mtime: the index then reads nothing again.
            write_atomically(body, data)
        write_atomically(meta_path, json.dumps(meta, ensure_ascii=False).encode("utf-8"))
    except OSError as exc:
        raise FetchError(f"fetched, but cannot keep a copy in {folder()}: {exc.strerror or exc}") from None
    return Stored(url, body, meta), changed


def timeouts() -> tuple[float, float, float]:
    """(connect, read, whole transfer) in seconds."""
    given = os.environ.get("READER_FETCH_TIMEOUT", "")
    try:
        seconds = float(given) if given else 0.0
    except ValueError:
        seconds = 0.0
    if seconds > 0:
        return seconds, seconds, 3 * seconds
    return CONNECT_TIMEOUT_S, READ_TIMEOUT_S, TOTAL_TIMEOUT_S


def _get(url: str, headers: dict[str, str]) -> tuple[str, int, dict[str, str], bytes] | None:
    """(final URL, status, headers, body) of a successful GET; None for 304 Not Modified."""
    import httpx

    connect, read, total = timeouts()
    deadline = time.monotonic() + total
    seen = {url}
    current = url
    try:
        with httpx.Client(
            timeout=httpx.Timeout(connect=connect, read=read, write=read, pool=connect),
            follow_redirects=False,  # followed here, one at a time: each target's scheme is checked
            headers=headers,
        ) as client:
            for _ in range(MAX_REDIRECTS + 1):
                with client.stream("GET", current) as response:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        current = _redirect_target(current, response.headers["location"], seen)
                        continue
                    if response.status_code == 304 and ("If-None-Match" in headers or "If-Modified-Since" in headers):
                        return None
                    if response.status_code >= 400 or not 200 <= response.status_code < 300:
                        phrase = response.reason_phrase or ""
                        raise FetchError(f"HTTP {response.status_code}{' ' + phrase if phrase else ''}")
                    media_type, _ = _content_type(response.headers.get("content-type", ""))
                    _check_media_type(media_type)
                    data = _read_capped(response, deadline, total)
                    return current, response.status_code, {k.lower(): v for k, v in response.headers.items()}, data
            raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})")
    except httpx.ConnectTimeout:
        raise FetchError(f"no connection within {connect:g} s (offline, or the server is down)") from None
    except httpx.ConnectError as exc:
        raise FetchError(f"cannot connect (offline, or the server is down): {_reason(exc)}") from None
    except httpx.ReadTimeout:
        raise FetchError(f"the server sent nothing for {read:g} s") from None
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {read:g} s") from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"not a valid URL ({_reason(exc)})") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {_reason(exc)}") from None


def _redirect_target(current: str, location: str, seen: set[str]) -> str:
    target = urljoin(current, location.strip())
    scheme = url_scheme(target)
    if scheme not in URL_SCHEMES:
        raise FetchError(f"redirected to a {scheme or 'non-web'}: URL; only http and https are followed")
    target = normalise(target)
    if target in seen:
        raise FetchError(f"redirect loop (back to {target[:100]})")
    seen.add(target)
    return target


def _read_capped(response: Any, deadline: float, total: float) -> bytes:
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BYTES:
        raise FetchError(f"too large ({int(length) / 1048576:.1f} MB; the limit is {MAX_BYTES // 1048576} MB)")
    chunks: list[bytes] = []
    received = 0
    for chunk in response.iter_bytes():
        received += len(chunk)
        if received > MAX_BYTES:
            raise FetchError(f"too large (over {MAX_BYTES // 1048576} MB)")
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise FetchError(f"took longer than {total:g} s")
    return b"".join(chunks)


def _content_type(value: str) -> tuple[str, str]:
    media_type, _, parameters = value.partition(";")
    charset = ""
    for parameter in parameters.split(";"):
        name, _, given = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = given.strip().strip("\"'")[:40]
    return media_type.strip().lower()[:100], charset


_KNOWN_TYPES = frozenset(t for f in formats.FORMATS for t in f.media_types)
# Types a server sends for anything; the content decides.
_VAGUE_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})


def _check_media_type(media_type: str) -> None:
    if media_type not in _KNOWN_TYPES and media_type not in _VAGUE_TYPES and not media_type.endswith("+xml"):
        raise FetchError(f"not a page or a feed ({media_type})")


def _format_of(data: bytes, media_type: str) -> formats.Format:
    # A URL's path says little ("/feed", "/news/123"): the content, then the content type.
    sniffed = formats.sniff(data)
    if sniffed is not None:
        return sniffed
    given = formats.by_media_type(media_type)
    if given is not None:
        return given
    if media_type.endswith("+xml"):
        return formats.FEED
    raise FetchError(f"not a page or a feed ({media_type or 'no content type, and the content says neither'})")


def _digest_of(path: Path) -> str:
    try:
        return hashlib.blake2b(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:160]
