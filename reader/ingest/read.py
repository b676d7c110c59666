"""One article path → an `Article`: read the file safely (bounded, never blocking), then let its
format make the article (text here; pages and feeds in their modules, see
`reader.ingest.formats`), and find its metadata, debris and title.

An article path is a file, a feed item (`feed.xml#3`), a URL or a fetched feed's item (see
`reader.ingest.address`). A URL is read from its stored copy: nothing here touches the
network (`reader.ingest.fetch` does, when asked).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reader.ingest import formats
from reader.ingest.address import is_url, item_doc, split_item
from reader.ingest.article import Article, ArticleError, Metadata
from reader.ingest.debris import find_debris
from reader.ingest.decode import decode_bytes
from reader.ingest.markdown import SUFFIXES as MARKDOWN_SUFFIXES
from reader.ingest.metadata import parse_front_matter
from reader.ingest.sanitize import safe_name, safe_text

# Larger files are skipped with a message: an article is not tens of megabytes of text.
MAX_ARTICLE_BYTES = 32 * 1024 * 1024
# A title is one line; an article whose first line is megabytes long gets it cut here.
MAX_TITLE_CHARS = 300


def make_article(
    path: str,
    text: str,
    encoding: str = "utf-8",
    sidecar: Metadata | None = None,
    size: int | None = None,
    *,
    own: Metadata | None = None,
) -> Article:
    """Build an Article from decoded text: metadata, debris and title.

    `own`: the metadata a page or a feed item carries itself; it takes the place of front matter
    (which extracted text never has: a page starting with "---" is not front matter)."""
    if own is None:
        front, body_start = parse_front_matter(text)
    else:
        front, body_start = own, 0
    meta = front.merged_over(sidecar or Metadata())
    safe = safe_text(text)
    debris: list[tuple[int, int]] = list(find_debris(safe, body_start))
    if body_start:
        debris.insert(0, (0, body_start))
    title_span = _title_span(safe, body_start, debris)
    if not meta.title and path.lower().endswith(MARKDOWN_SUFFIXES):
        title_span = _heading_text(safe, title_span)
    title = _one_line(meta.title) or _one_line(
        safe[title_span[0] : min(title_span[1], title_span[0] + 4 * MAX_TITLE_CHARS)]
    )
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1].rstrip() + "…"
    name = _one_line(Path(path).name)
    return Article(
        path=path,
        text=text,
        safe=safe,
        title=title or name,
        source=_one_line(meta.source) or name,
        date=_one_line(meta.date),
        url=_one_line(meta.url),
        encoding=encoding,
        debris=tuple(debris),
        body_start=body_start,
        title_span=title_span,
        size=len(text.encode("utf-8", "surrogatepass")) if size is None else size,
    )


def _one_line(text: str) -> str:
    """Safe text on one line, trimmed: for titles, sources and other one-line fields."""
    return safe_name(text).replace("\u2424", " ").strip()


def _title_span(safe: str, start: int, debris: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """The first non-blank line of the body that is not debris."""
    hidden = sorted(debris)
    position = start
    while position < len(safe):
        end = safe.find("\n", position)
        end = len(safe) if end < 0 else end
        line = safe[position:end]
        if line.strip() and not any(a <= position and end <= b for a, b in hidden):
            left = position + (len(line) - len(line.lstrip()))
            return left, left + len(line.strip())
        position = end + 1
    return start, start


_ATX_OPEN = re.compile(r"#{1,6}[ \t]+")
_ATX_CLOSE = re.compile(r"[ \t]+#+$")


def _heading_text(safe: str, span: tuple[int, int]) -> tuple[int, int]:
    """A Markdown title line without its heading marks: "# Title #" is the title "Title"."""
    start, end = span
    line = safe[start:end]
    opened = _ATX_OPEN.match(line)
    if opened is None or opened.end() == len(line):
        return span
    closed = _ATX_CLOSE.search(line, opened.end())
    return start + opened.end(), start + (closed.start() if closed else len(line))


@dataclass(slots=True)
class Read:
    """An article as read, with what the indexer needs to cache it."""

    article: Article
    data: bytes  # what the article was made from: the indexer hashes it
    info: os.stat_result  # the status of `backing` just before it was read
    backing: str  # the file read: a file, a feed, a URL's stored copy
    whole: bool = True  # `data` is all of `backing` (so its length is the file's size)


@dataclass(slots=True)
class ReadItems:
    """A feed as read: one `formats.Item` per item, addressed `path#1` …"""

    path: str
    items: list[formats.Item]
    data: bytes
    info: os.stat_result
    backing: str
    notes: list[str] = field(default_factory=list)  # one line each, about the feed as a whole


def load_article(path: Path | str | bytes, sidecar: Metadata | None = None) -> Article:
    """Read one article. Raises ArticleError with a one-line reason.

    The file is opened once and checked through its descriptor, so a file swapped for a
    folder, a FIFO or a bigger file between the folder walk and the read is refused rather
    than blocking or filling memory; no more than MAX_ARTICLE_BYTES + 1 bytes are ever read.
    """
    return read_document(path, sidecar).article


def read_text_again(path: str, size: int) -> tuple[str, str] | None:
    """(text, safe text) of a plain-text or Markdown file indexed before at `size` bytes, when it
    still has that size: what `load_article` would give as its text, without working out its
    title, front matter and debris again (the stored record has them). None for a page, a feed
    item, a URL or a changed size: `load_article` reads those."""
    if split_item(path)[1] is not None or is_url(path):
        return None
    try:
        data, _ = _read_file(path)
    except ArticleError:
        return None
    if len(data) != size or formats.detect(path, data[: formats.SNIFF_BYTES]) is not formats.TEXT:
        return None
    try:
        text, _ = decode_bytes(data)
    except ArticleError:
        return None
    return text, safe_text(text)


def read_article(path: Path | str | bytes, sidecar: Metadata | None = None) -> tuple[Article, bytes, os.stat_result]:
    """`load_article`, with the bytes read and the file's status just before reading them (the
    indexer hashes those bytes, and compares that status with one taken after)."""
    done = read_document(path, sidecar)
    return done.article, done.data, done.info


def read_document(path: Path | str | bytes, sidecar: Metadata | None = None) -> Read:
    """`load_article` with what the indexer needs: see `Read`."""
    doc = os.fsdecode(os.fspath(path))
    base, number = split_item(doc)
    source, info, backing, kind = _open(base)
    if number is not None:
        if not kind.many:
            raise ArticleError(f"not a feed, so it has no item {number}")
        items = kind.reader().items_of(source, sidecar)
        if number > len(items):
            raise ArticleError(f"no item {number} (the feed has {len(items)})")
        item = items[number - 1]
        if item.article is None:
            raise ArticleError(item.problem)
        return Read(item.article, item.data, info, backing, whole=False)
    if kind.many:
        raise ArticleError(f"a feed: its items are read as {safe_name(item_doc(base, 1))}, #2, …")
    return Read(kind.reader().article_of(source, sidecar), source.data, info, backing)


def read_items(path: Path | str | bytes, sidecar: Metadata | None = None) -> ReadItems:
    """Every item of a feed (or of a fetched feed). Raises ArticleError for what is not one."""
    base = os.fsdecode(os.fspath(path))
    source, info, backing, kind = _open(base)
    if not kind.many:
        raise ArticleError("not a feed")
    reader = kind.reader()
    items = reader.items_of(source, sidecar)
    return ReadItems(source.path, items, source.data, info, backing, reader.notes_of(source))


def holds_many(path: Path | str | bytes) -> bool:
    """Whether the file (or URL) gives many articles: by its stored format, its suffix, or its
    first bytes; False when it cannot be read (reading it then says why)."""
    base = os.fsdecode(os.fspath(path))
    if is_url(base):
        from reader.ingest.fetch import FetchError, stored

        try:
            copy = stored(base)
        except FetchError:
            return False
        return copy is not None and copy.format.many
    proposed = formats.by_suffix(base)
    if proposed is not None and proposed.suffix_decides:
        return proposed.many
    try:
        descriptor = os.open(base, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return False
        head = os.read(descriptor, formats.SNIFF_BYTES)
    except OSError:
        return False
    finally:
        os.close(descriptor)
    return formats.detect(base, head).many


def backing_file(path: Path | str | bytes) -> str | None:
    """The file whose size and mtime say whether an article is unchanged: the file itself, the
    feed of an item, a URL's stored copy (None when there is none)."""
    base, _ = split_item(os.fsdecode(os.fspath(path)))
    if is_url(base):
        from reader.ingest.fetch import FetchError, stored

        try:
            copy = stored(base)
        except FetchError:
            return None
        return str(copy.body) if copy is not None else None
    return base


def _open(base: str) -> tuple[formats.Source, os.stat_result, str, formats.Format]:
    if is_url(base):
        from reader.ingest.fetch import FetchError, stored

        try:
            copy = stored(base)
        except FetchError as exc:
            raise ArticleError(str(exc)) from None
        if copy is None:
            raise ArticleError("not fetched yet (`reader refresh URL` fetches it)")
        data, info = _read_file(str(copy.body), copy=True)
        source = formats.Source(copy.url, data, url=copy.final_url, media_type=copy.media_type, charset=copy.charset)
        return source, info, str(copy.body), copy.format
    data, info = _read_file(base)
    return formats.Source(base, data), info, base, formats.detect(base, data[: formats.SNIFF_BYTES])


def article_of(source: formats.Source, sidecar: Metadata | None) -> Article:
    """The text format (`formats.TEXT`): the decoded bytes are the article."""
    text, encoding = decode_bytes(source.data)
    if not text.strip():
        raise ArticleError("empty file (only white space)")
    return make_article(source.path, text, encoding, sidecar, size=len(source.data))


def _read_file(path_str: str, copy: bool = False) -> tuple[bytes, os.stat_result]:
    try:
        info = os.stat(path_str)
        _check_file(info)
        # Non-blocking: a FIFO or device that appears after the check cannot hang the loader.
        descriptor = os.open(
            path_str,
            os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0),
        )
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            _check_file(info)
            data = _read_bounded(handle, info.st_size)
    except FileNotFoundError:
        raise ArticleError(
            "the stored copy is gone (`reader refresh URL` fetches it again)" if copy else "no such file (deleted?)"
        ) from None
    except PermissionError:
        raise ArticleError("permission denied") from None
    except IsADirectoryError:
        raise ArticleError("is a folder") from None
    except OSError as exc:
        raise ArticleError((exc.strerror or type(exc).__name__).lower()) from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(f"too large (over {MAX_ARTICLE_BYTES // 1048576} MB; it grew while being read)")
    if not data.strip():
        raise ArticleError("empty file" if not data else "empty file (only white space)")
    return data, info


def _read_bounded(handle, expected: int) -> bytes:
    """Read the file, at most MAX_ARTICLE_BYTES + 1 bytes; ask for no more than the file
    holds (a read asks for memory up front), then go on in chunks if it grew."""
    chunks: list[bytes] = []
    total = 0
    want = expected + 1
    while total <= MAX_ARTICLE_BYTES:
        chunk = handle.read(min(max(want, 65536), MAX_ARTICLE_BYTES + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        want = 1024 * 1024
    return b"".join(chunks)


def _check_file(info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise ArticleError("is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise ArticleError("not a regular file")
    if info.st_size > MAX_ARTICLE_BYTES:
        raise ArticleError(
            f"too large ({info.st_size / 1048576:.1f} MB; the limit is {MAX_ARTICLE_BYTES // 1048576} MB)"
        )
