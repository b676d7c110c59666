"""The input formats: which files are articles, how each is recognised, and who reads it.

A format is one entry of `FORMATS` and one module with the reader: `article_of(source,
sidecar)` gives one Article, or, for a format whose files hold many articles (`many`),
`items_of(source, sidecar)` gives one `Item` per article (and `notes_of(source)` what is to be
said about the file as a whole), addressed as `path#1`, `path#2`, … (see
`reader.ingest.address`). A new format is a module and an entry here; its module is imported
only when a file of that format is read (trafilatura alone takes a third of a second to import,
which a warm start must not pay).

How a file's format is decided (`detect`): `.txt` and `.md` are text whatever they hold (a
scraped article may well start with "<"); `.html` and `.htm` are pages; otherwise the content
decides (a feed's root element, a page's doctype or `<html>`), then the suffix, then the HTTP
content type; anything else is text, as before.
"""

from __future__ import annotations

import codecs
import importlib
import re
from dataclasses import dataclass
from types import ModuleType

from reader.ingest.article import Article
from reader.ingest.names import FEED_SUFFIXES, PAGE_SUFFIXES, TEXT_SUFFIXES

SNIFF_BYTES = 4096


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    suffixes: tuple[str, ...]  # files walked in folders; their suffix proposes this format
    media_types: tuple[str, ...]  # HTTP content types that mean this format
    many: bool  # one file gives many articles
    module: str  # the module with `article_of` (or `items_of` and `notes_of` when `many`)
    # Whether the suffix alone decides (True) or the content is looked at first.
    suffix_decides: bool = False

    def reader(self) -> ModuleType:
        return importlib.import_module(self.module)


@dataclass(slots=True)
class Source:
    """What a format reads: the bytes of a file or of a fetched URL, and what is known about them."""

    path: str  # the article path without an item number: a file as named, or a URL
    data: bytes
    url: str = ""  # where it was fetched from (after redirects); "" for a local file
    media_type: str = ""  # the HTTP content type, without parameters
    charset: str = ""  # the HTTP charset parameter


@dataclass(slots=True)
class Item:
    """One item of a many-article file: its article, or why it is none."""

    article: Article | None
    problem: str = ""
    data: bytes = b""  # what the article was made from: an unchanged item keeps its mentions


TEXT = Format("text", TEXT_SUFFIXES, ("text/plain", "text/markdown"), False, "reader.ingest.read", True)
PAGE = Format("page", PAGE_SUFFIXES, ("text/html", "application/xhtml+xml"), False, "reader.ingest.html", True)
FEED = Format(
    "feed",
    FEED_SUFFIXES,
    ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"),
    True,
    "reader.ingest.feed",
)
FORMATS: tuple[Format, ...] = (TEXT, PAGE, FEED)
BY_NAME = {f.name: f for f in FORMATS}


def by_suffix(name: str) -> Format | None:
    lowered = name.lower()
    for candidate in FORMATS:
        if lowered.endswith(candidate.suffixes):
            return candidate
    return None


def by_media_type(media_type: str) -> Format | None:
    media_type = media_type.lower()
    return next((f for f in FORMATS if media_type in f.media_types), None)


def detect(name: str, head: bytes, media_type: str = "") -> Format:
    """The format of a file named `name` (a path, or a URL's path) starting with `head`."""
    proposed = by_suffix(name)
    if proposed is not None and proposed.suffix_decides:
        return proposed
    sniffed = sniff(head)
    if sniffed is not None:
        return sniffed
    return proposed or by_media_type(media_type) or TEXT


# Everything that may come before the root element: white space, the XML declaration,
# processing instructions, comments and a doctype (with an internal subset).
_PROLOG = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->|<!doctype[^>\[]*(?:\[.*?\])?\s*>)*", re.S | re.I)
_ROOT = re.compile(r"<([A-Za-z][\w.:-]*)")
_HTML_DOCTYPE = re.compile(r"<!doctype\s+html", re.I)
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf"})
# Elements a saved page or a fragment of one starts with.
_PAGE_ROOTS = frozenset(
    "html head body meta title link base script style noscript div p article section main header nav h1 h2 table".split()
)


def sniff(head: bytes) -> Format | None:
    """PAGE or FEED by the first bytes, or None when they say neither."""
    text = _head_text(head[:SNIFF_BYTES])
    prolog = _PROLOG.match(text)
    end = prolog.end() if prolog else 0
    if _HTML_DOCTYPE.search(text, 0, end):
        return PAGE
    root = _ROOT.match(text, end)
    if root is None:
        return None
    name = root.group(1).lower()
    if name in _FEED_ROOTS:
        return FEED
    if name in _PAGE_ROOTS:
        return PAGE
    return None


def root_element(head: bytes) -> str:
    """The name of the first element (for a one-line reason: "an XML document with root <urlset>")."""
    text = _head_text(head[:SNIFF_BYTES])
    prolog = _PROLOG.match(text)
    root = _ROOT.match(text, prolog.end() if prolog else 0)
    return root.group(1)[:40] if root else ""


def _head_text(head: bytes) -> str:
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, "replace")
    # UTF-16 without a BOM: "<" followed or preceded by NUL.
    if head[:2] == b"<\x00":
        return head.decode("utf-16-le", "replace")
    if head[:2] == b"\x00<":
        return head.decode("utf-16-be", "replace")
    return head.decode("latin-1")
