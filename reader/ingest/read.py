"""One file → an `Article`: read it safely (bounded, never blocking), decode it, and find its
metadata, debris and title."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from reader.ingest.article import Article, ArticleError, Metadata
from reader.ingest.debris import find_debris
from reader.ingest.decode import decode_bytes
from reader.ingest.metadata import parse_front_matter
from reader.ingest.sanitize import safe_name, safe_text

# Larger files are skipped with a message: an article is not tens of megabytes of text.
MAX_ARTICLE_BYTES = 32 * 1024 * 1024
# A title is one line; an article whose first line is megabytes long gets it cut here.
MAX_TITLE_CHARS = 300


def make_article(
    path: str, text: str, encoding: str = "utf-8", sidecar: Metadata | None = None, size: int | None = None
) -> Article:
    """Build an Article from decoded text: metadata, debris and title."""
    front, body_start = parse_front_matter(text)
    meta = front.merged_over(sidecar or Metadata())
    safe = safe_text(text)
    debris: list[tuple[int, int]] = list(find_debris(safe, body_start))
    if body_start:
        debris.insert(0, (0, body_start))
    title_span = _title_span(safe, body_start, debris)
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


def load_article(path: Path | str | bytes, sidecar: Metadata | None = None) -> Article:
    """Read one file. Raises ArticleError with a one-line reason.

    The file is opened once and checked through its descriptor, so a file swapped for a
    folder, a FIFO or a bigger file between the folder walk and the read is refused rather
    than blocking or filling memory; no more than MAX_ARTICLE_BYTES + 1 bytes are ever read.
    """
    return read_article(path, sidecar)[0]


def read_article(path: Path | str | bytes, sidecar: Metadata | None = None) -> tuple[Article, bytes, os.stat_result]:
    """`load_article`, with the bytes read and the file's status just before reading them (the
    indexer hashes those bytes, and compares that status with one taken after)."""
    path_str = os.fsdecode(os.fspath(path))
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
        raise ArticleError("no such file (deleted?)") from None
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
    text, encoding = decode_bytes(data)
    if not text.strip():
        raise ArticleError("empty file (only white space)")
    return make_article(path_str, text, encoding, sidecar, size=len(data)), data, info


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
