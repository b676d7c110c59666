"""Files → articles: find article files, decode them, read their metadata.

Offsets everywhere refer to `Article.text`, the decoded file text with any BOM removed.
`Article.safe` is the same text with terminal-active characters replaced one for one, so
the same offsets apply to it; everything that is displayed comes from `safe`.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reader.debris import find_debris
from reader.sanitize import safe_name, safe_text

ARTICLE_SUFFIXES = (".txt", ".md")
SIDECAR_NAME = "sources.toml"
# Larger files are skipped with a message: an article is not tens of megabytes of text.
MAX_ARTICLE_BYTES = 32 * 1024 * 1024
MAX_SIDECAR_BYTES = 4 * 1024 * 1024
# A title is one line; an article whose first line is megabytes long gets it cut here.
MAX_TITLE_CHARS = 300

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"PK\x03\x04": "a ZIP archive",
    b"%PDF": "a PDF document",
    b"\x1f\x8b": "a gzip archive",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x7fELF": "an executable",
}


class ArticleError(Exception):
    """A file that cannot be read as an article; the message is the reason."""


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that was skipped, and why, for a one-line message."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{safe_name(self.path)}: {safe_name(self.reason)}"


class Article:
    """One article: metadata always, text on demand.

    Articles built from a file carry their text. Articles restored from the index cache carry
    only what the list and the entity table need; their text is read from the file the first
    time `text` or `safe` is asked for (opening the article, a search snippet).
    """

    __slots__ = ("path", "_text", "_safe", "title", "source", "date", "url", "encoding", "debris",
                 "body_start", "title_span", "size", "words")

    def __init__(self, path: str, text: str | None, safe: str | None, title: str, source: str, date: str = "",
                 url: str = "", encoding: str = "utf-8", debris: tuple[tuple[int, int], ...] = (),
                 body_start: int = 0, title_span: tuple[int, int] = (0, 0), size: int = 0,
                 words: int | None = None) -> None:
        self.path = path
        self._text = text
        self._safe = safe
        self.title = title
        self.source = source
        self.date = date
        self.url = url
        self.encoding = encoding
        # Character ranges that are page furniture: hidden when reading, never deleted.
        self.debris = debris
        # Where the front matter ends (0 when there is none); it is shown only in raw view.
        self.body_start = body_start
        self.title_span = title_span
        self.size = size
        self.words = len(text.split()) if words is None and text is not None else (words or 0)

    def __repr__(self) -> str:
        return f"Article(path={self.path!r}, title={self.title!r})"

    def _load(self) -> None:
        try:
            text = load_article(self.path).text
        except ArticleError as exc:
            # The file changed or went away since it was indexed; say so in place of the text.
            text = f"{self.title}\n\n(This article could not be read again: {exc}.)"
        self._text, self._safe = text, safe_text(text)

    @property
    def text(self) -> str:
        if self._text is None:
            self._load()
        return self._text

    @property
    def safe(self) -> str:
        if self._safe is None:
            self._load()
        return self._safe

    @property
    def loaded(self) -> bool:
        return self._text is not None

    @property
    def display_path(self) -> str:
        return safe_name(self.path)


@dataclass(slots=True)
class Metadata:
    title: str = ""
    source: str = ""
    date: str = ""
    url: str = ""

    def merged_over(self, other: Metadata) -> Metadata:
        """Fields of self where set, else other's."""
        return Metadata(
            title=self.title or other.title,
            source=self.source or other.source,
            date=self.date or other.date,
            url=self.url or other.url,
        )


# ---------------------------------------------------------------- decoding


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode article bytes to text; return (text, encoding). Raises ArticleError.

    A BOM decides (UTF-8, UTF-16, UTF-32; the BOM is removed). Otherwise strict UTF-8; a
    file that is mostly UTF-8 with a few invalid bytes (a stray Latin-1 byte, a cut-off last
    character) keeps its UTF-8 and gets U+FFFD for each invalid byte, as
    `data.decode("utf-8", "replace")`; other files are a legacy encoding: cp1252 (which reads
    Latin-1 text the same) unless a detector finds a non-Western encoding with enough evidence.
    Binary data (known signatures, NUL bytes, mostly control characters) is refused.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _checked(_strict(data[3:], "utf-8")), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        # FF FE 00 00 is also a UTF-16 BOM followed by U+0000: UTF-32 only if it reads as such.
        try:
            text = data.decode("utf-32") if len(data) % 4 == 0 else ""
        except UnicodeDecodeError:
            text = ""
        if text:
            return _checked(text), "utf-32"
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(_strict(data, name)), name  # the codec removes the BOM
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise ArticleError(f"binary file ({what}), not text")
    sample = data[:65536]
    # UTF-16 without a BOM and binary formats are full of NULs; a stray one in text is not.
    nuls = sample.count(0)
    if nuls > 1 and nuls * 1000 > len(sample):
        raise ArticleError("binary file (contains NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", "replace")
    invalid = replaced.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    valid = sum(1 for char in replaced if char > "\x7f") - invalid
    if valid > 2 * invalid:
        return _checked(replaced), f"utf-8 ({invalid} invalid byte{'s' * (invalid != 1)} replaced)"
    return _detect(data)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ArticleError(f"invalid {encoding} at byte {exc.start}") from None


# Control characters that text files do carry: tab, newlines, form feed, and the ESC, BEL
# and backspace of coloured or overstruck terminal output.
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b\x07\x08")
_CONTROL_SAMPLE = 65536
# C0 and C1 controls other than those: counted with a regex, as a loop over 64k characters is slow.
_BINARY_CONTROL = re.compile("[" + "".join(
    re.escape(chr(code)) for code in (*range(0x20), *range(0x7F, 0xA0)) if chr(code) not in _TEXT_CONTROLS) + "]")


def _checked(text: str) -> str:
    """`text`, unless it is mostly control characters: binary data that happened to decode."""
    sample = text[:_CONTROL_SAMPLE]
    controls = len(_BINARY_CONTROL.findall(sample))
    if controls >= 4 and controls * 20 > len(sample):
        raise ArticleError("binary file (mostly control characters), not text")
    return text


# Single-byte Western encodings a detector confuses with each other on short samples; news
# in any of them reads correctly (or nearly: cp1250's few Central European letters) as cp1252.
_WESTERN = frozenset({"cp1250", "cp1252", "latin_1", "iso8859_15", "mac_roman", "cp1257", "iso8859_2",
                      "mac_latin2", "cp850", "cp437", "cp858", "iso8859_10", "iso8859_13", "iso8859_14",
                      "iso8859_16", "iso8859_3", "iso8859_4", "mac_iceland", "mac_turkish"})
# Without NUL bytes a file is not UTF-16 or UTF-32; detectors still say so for tiny samples.
_IMPLAUSIBLE = ("utf_16", "utf_32", "utf_7", "utf_8")
# A detector's non-Western answer is believed only with this many non-ASCII bytes of evidence.
_MIN_EVIDENCE = 16


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    try:
        best = from_bytes(data[: 4 * 1024 * 1024]).best()
    except Exception:  # a detector bug must not stop the corpus loading
        best = None
    if best is not None:
        encoding = best.encoding
        evidence = sum(1 for byte in data[:65536] if byte > 0x7F)
        if encoding not in _WESTERN and not encoding.startswith(_IMPLAUSIBLE) and evidence >= _MIN_EVIDENCE:
            try:
                return _checked(data.decode(encoding)), encoding
            except (UnicodeDecodeError, LookupError):
                pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        if best is None:
            raise ArticleError("not text (binary data, or an unknown encoding)") from None
        # cp1252 leaves five bytes undefined; Latin-1 reads them as C1 controls (shown as �).
        return _checked(data.decode("latin-1")), "latin-1"
    return _checked(text), "cp1252"


# ---------------------------------------------------------------- metadata

_FRONT_MATTER_FIELD = re.compile(r"^([A-Za-z_]+)\s*:\s*(.*?)\s*$")


def parse_front_matter(text: str) -> tuple[Metadata, int]:
    """Read `---` … `---` front matter at the start; return (metadata, offset where the body starts)."""
    if not text.startswith("---"):
        return Metadata(), 0
    first_newline = text.find("\n")
    if first_newline < 0 or text[:first_newline].strip() != "---":
        return Metadata(), 0
    end = re.compile(r"^---[ \t\r]*$", re.M).search(text, first_newline + 1, first_newline + 1 + 8192)
    if end is None:
        return Metadata(), 0
    fields: dict[str, str] = {}
    for line in text[first_newline + 1 : end.start()].splitlines():
        match = _FRONT_MATTER_FIELD.match(line)
        if match:
            fields[match.group(1).lower()] = match.group(2).strip().strip("\"'")
    body = end.end() + 1 if end.end() < len(text) and text[end.end()] == "\n" else end.end()
    meta = Metadata(
        title=fields.get("title", ""),
        source=fields.get("source", "") or fields.get("outlet", ""),
        date=fields.get("date", ""),
        url=fields.get("url", ""),
    )
    return meta, body


def read_sidecar(folder: Path) -> tuple[dict[str, Metadata], Problem | None]:
    """Per-file metadata from `sources.toml` in a folder: `["file.txt"]` tables of title/source/date/url."""
    path = folder / SIDECAR_NAME
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return {}, Problem(str(path), "ignored: not a regular file")
        if info.st_size > MAX_SIDECAR_BYTES:
            return {}, Problem(str(path), f"ignored: too large (over {MAX_SIDECAR_BYTES // 1048576} MB)")
        import tomllib  # here: most folders have no sidecar, and the app's start does not wait for it

        with path.open("rb") as handle:
            data = tomllib.loads(handle.read(MAX_SIDECAR_BYTES + 1).decode("utf-8"))
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        return {}, Problem(str(path), f"ignored: {(exc.strerror or type(exc).__name__).lower()}")
    except ValueError as exc:  # tomllib.TOMLDecodeError, UnicodeDecodeError
        return {}, Problem(str(path), f"ignored: not valid TOML: {str(exc).splitlines()[0] if str(exc) else exc}")
    result: dict[str, Metadata] = {}
    for name, table in data.items():
        if isinstance(table, dict):
            result[name] = Metadata(
                **{key: str(table.get(key, "") or "") for key in ("title", "source", "date", "url")}
            )
    return result, None


# ---------------------------------------------------------------- loading


def make_article(path: str, text: str, encoding: str = "utf-8", sidecar: Metadata | None = None,
                 size: int | None = None) -> Article:
    """Build an Article from decoded text: metadata, debris and title."""
    front, body_start = parse_front_matter(text)
    meta = front.merged_over(sidecar or Metadata())
    safe = safe_text(text)
    debris = find_debris(safe, body_start)
    if body_start:
        debris = ((0, body_start), *debris)
    title_span = _title_span(safe, body_start, debris)
    title = _one_line(meta.title) or _one_line(safe[title_span[0] : min(title_span[1], title_span[0] + 4 * MAX_TITLE_CHARS)])
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
        descriptor = os.open(path_str, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                             | getattr(os, "O_BINARY", 0))
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


def _is_article_name(name: str) -> bool:
    return not name.startswith(".") and name.lower().endswith(ARTICLE_SUFFIXES)


@dataclass(slots=True)
class Discovery:
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def discover(paths: Iterable[Path | str]) -> Discovery:
    """Expand files and folders (recursively, in name order) into article files.

    Hidden files and folders and other suffixes are skipped silently; missing or unreadable
    paths become problems. Folder symlinks are not followed, so symlink loops cannot recur.
    """
    found = Discovery()
    seen: set[str] = set()
    for given in paths:
        path = Path(os.fsdecode(given))
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists() or path.is_symlink()
        except OSError as exc:
            found.problems.append(Problem(str(path), exc.strerror or str(exc)))
            continue
        if not exists:
            found.problems.append(Problem(str(path), "no such file or folder"))
        elif is_dir:
            for file in _walk(path, found.problems):
                if str(file) not in seen:
                    seen.add(str(file))
                    found.files.append(file)
        elif str(path) not in seen:
            # A file named explicitly is read whatever its suffix.
            seen.add(str(path))
            found.files.append(path)
    return found


def _walk(root: Path, problems: list[Problem]) -> Iterator[Path]:
    def on_error(error: OSError) -> None:
        problems.append(Problem(error.filename or str(root), f"cannot read folder: {error.strerror or error}"))

    for folder, subfolders, files in os.walk(root, onerror=on_error):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        parent = Path(folder)  # once per folder: parsing it again for each file was half the walk
        for name in sorted(files):
            if _is_article_name(name):
                yield parent / name


def load_articles(paths: Iterable[Path | str]) -> tuple[list[Article], list[Problem]]:
    """Discover and load every article under `paths`; unreadable files become problems."""
    found = discover(paths)
    articles: list[Article] = []
    problems = list(found.problems)
    sidecars: dict[Path, dict[str, Metadata]] = {}
    for file in found.files:
        folder = file.parent
        if folder not in sidecars:
            sidecars[folder], problem = read_sidecar(folder)
            if problem:
                problems.append(problem)
        try:
            articles.append(load_article(file, sidecars[folder].get(file.name)))
        except ArticleError as exc:
            problems.append(Problem(str(file), str(exc)))
    return articles, problems
