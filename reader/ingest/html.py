"""Saved web pages → articles: the story's text by trafilatura, its metadata from the page.

The article text is the headline, a "By …" line when the page names an author, and the story's
paragraphs separated by blank lines; navigation, scripts, styles, cookie banners, related links,
newsletter boxes, comments and footers are not in it, so they never become mentions. Offsets
index this text (kept in `reader.ingest.extracted`), not the HTML.

Metadata comes from the page itself: `<title>`, Open Graph (`og:title`, `og:site_name`,
`og:url`), `article:published_time`, `<link rel=canonical>` and JSON-LD, as trafilatura reads
them. The page's metadata takes the place of front matter: a `sources.toml` entry fills what it
lacks.

Decoding: a BOM, then the charset the server sent, then the page's own `<meta charset>` (or
`http-equiv` Content-Type, or XML declaration), each believed only if the bytes decode with it
(a page labelled ISO-8859-1 that is valid UTF-8 is UTF-8, as browsers find); then detection.

Why trafilatura rather than readability-lxml: on the realistic pages in tests/corpus/pages it
kept every paragraph and let no furniture through, where readability-lxml kept a newsletter
box and a share bar, lost the paragraph after the box, and kept both side columns of a table
layout; trafilatura also reads the metadata (author, date, site name, canonical URL) that
readability does not look for. Both take a few milliseconds a page.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from reader.ingest import extracted
from reader.ingest.article import Article, ArticleError, Metadata
from reader.ingest.decode import decode_bytes
from reader.ingest.formats import Source
from reader.ingest.read import make_article

# Bump when the text or metadata made of the same page changes: stored extractions are then
# made again (the index notices through the article's size).
VERSION = "page/1"
# Elements a page may have before it is refused: trafilatura takes ~0.2 ms and several KB per
# element (20,000: about 4 s and 200 MB on one core); a news page has a few thousand.
MAX_ELEMENTS = 20_000
# Below this many characters trafilatura falls back to its other extractors: a news brief of
# two short paragraphs is an article (the default, 250, took a related-stories box instead).
MIN_ARTICLE_CHARS = 100
_PRESCAN_BYTES = 16384
# Elements that never hold article text, dropped before counting and extracting (scripts too,
# but for JSON-LD: the metadata is read from it), and what HTML itself marks as navigation or
# site furniture: trafilatura drops these too, but its fallback extractors, which it runs when
# the story is short, read the page as it was ("Home" from a <nav> became a story).
_NO_TEXT = ("style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "select")
_FURNITURE_TAGS = ("nav", "footer", "aside", "form", "button", "dialog")
_FURNITURE_ROLES = (
    "@role='navigation' or @role='banner' or @role='contentinfo' or @role='complementary' or @role='search'"
)
# Characters lxml refuses in a tree it is asked to change (C0 controls, non-characters); each is
# one replacement character, as the terminal would show it anyway.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# Furniture trafilatura keeps, removed from the tree first: inline related links inside the story
# ("Read more: …", "Related: …" with a link) and boxes whose class or id is furniture by a whole
# word ("read-more", "related-links", "newsletter-signup"; not "unrelated").
_REGEX_NS = {"re": "http://exslt.org/regular-expressions"}
_FURNITURE_WORDS = (
    "read-?more|also-?read|see-?also|related|recommended|most-?read|most-?popular|more-?stories"
    "|newsletter|sign-?up|subscribe|cookies?|consent|gdpr"
)
_FURNITURE_XPATH = (
    f"//*[{_FURNITURE_ROLES}] | "
    "//p[.//a][re:test(normalize-space(.),"
    " '^(read more|read also|also read|related|see also|more on this|recommended)\\b\\s*[:|»›>-]', 'i')]"
    f" | //*[re:test(@class, '(^|[\\s_-])({_FURNITURE_WORDS})([\\s_-]|$)', 'i')"
    f" or re:test(@id, '(^|[\\s_-])({_FURNITURE_WORDS})([\\s_-]|$)', 'i')]"
)

_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I | re.S)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""", re.I)
# WHATWG: these labels mean windows-1252 in a web page.
_AS_CP1252 = frozenset({"latin_1", "iso8859_1", "ascii", "us_ascii", "cp819"})


def article_of(source: Source, sidecar: Metadata | None) -> Article:
    entry = extracted.key(VERSION, source.data, source.url, source.charset)
    stored = extracted.load(entry)
    if not _valid(stored):
        stored = extract_page(source)
        extracted.save(entry, stored)
    assert stored is not None
    return article_from(source.path, stored, sidecar)


def _valid(stored: Any) -> bool:
    return isinstance(stored, dict) and all(isinstance(stored.get(k), str) for k in _FIELDS)


_FIELDS = ("text", "title", "author", "date", "url", "source", "encoding")


def article_from(path: str, stored: dict[str, str], sidecar: Metadata | None) -> Article:
    own = Metadata(title=stored["title"], source=stored["source"], date=stored["date"], url=stored["url"])
    return make_article(path, stored["text"], stored["encoding"], sidecar, own=own)


def extract_page(source: Source) -> dict[str, str]:
    """The page's article text and metadata. Raises ArticleError with a one-line reason."""
    text, encoding = decode_page(source.data, source.charset)
    tree = parse(text)
    document = _extract(tree, source.url or None, _page_config(), metadata=True)
    body = _paragraphs(getattr(document, "text", None) or "")
    title = _one_line(getattr(document, "title", None) or "")
    if not body:
        raise ArticleError("no article text found in the page")
    author = _one_line(getattr(document, "author", None) or "")
    url = _one_line(getattr(document, "url", None) or source.url)
    site = _one_line(getattr(document, "sitename", None) or "") or _host(url)
    return {
        "text": compose(title, author, body),
        "title": title,
        "author": author,
        "date": _one_line(getattr(document, "date", None) or ""),
        "url": url,
        "source": site,
        "encoding": encoding,
    }


def compose(title: str, author: str, body: str) -> str:
    """The article text: headline, byline, paragraphs (each part once)."""
    if title and body.startswith(title) and body[len(title) : len(title) + 1] in ("", "\n"):
        body = body[len(title) :].lstrip("\n")  # the page's own <h1>: it stays first
    parts = [title] if title else []
    if author and author not in body[:500]:
        parts.append(f"By {author}")
    if body:
        parts.append(body)
    return "\n\n".join(parts)


def fragment_text(html: str) -> str:
    """The text of an HTML fragment (a feed item's content), through the same extraction as a
    page; "" when it holds none."""
    tree = parse(f"<html><body><article>{html}</article></body></html>")
    # No metadata: a fragment has none, and looking for it is 40% of trafilatura's time.
    document = _extract(tree, None, _fragment_config(), metadata=False)
    text = _paragraphs(getattr(document, "text", None) or "")
    if not text:
        # trafilatura finds nothing in a fragment of inline markup only ("<b>Xi</b> arrived"):
        # its plain text is the content.
        text = _paragraphs(tree.text_content())
    return text


# ------------------------------------------------------------ decoding


def decode_page(data: bytes, declared: str = "") -> tuple[str, str]:
    """(text, encoding) of a page. Raises ArticleError for what is not text."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data)
    for label in (declared, _declared_in(data)):
        codec = _codec(label)
        if codec is None:
            continue
        decoded = _decode_as(data, codec)
        if decoded is not None:
            return decoded
    return decode_bytes(data)


def _declared_in(data: bytes) -> str:
    head = data[:_PRESCAN_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else ""


def _codec(label: str) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name.replace("-", "_")
    except LookupError:
        return None
    if name in _AS_CP1252:
        return "cp1252"
    if name.startswith(("utf_16", "utf_32")):
        # A page read as bytes up to its <meta> is not UTF-16 (WHATWG reads such a label as UTF-8).
        return "utf_8"
    return name


def _decode_as(data: bytes, codec: str) -> tuple[str, str] | None:
    """The bytes in `codec` when they are that; None when the label is wrong."""
    if codec == "utf_8":
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            return None
    if not data.isascii():
        try:
            # Labelled a legacy charset but valid UTF-8 with non-ASCII in it: the label is wrong
            # (legacy text is almost never valid UTF-8 by chance).
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode(codec), codec.replace("_", "-")
    except (UnicodeDecodeError, LookupError):
        return None


# ------------------------------------------------------------ parsing and extraction


def parse(text: str) -> Any:
    """An lxml tree of the page, bounded: too many elements is refused with a reason."""
    import lxml.etree  # type: ignore[import-untyped]
    import lxml.html  # type: ignore[import-untyped]

    # huge_tree: without it libxml2 breaks off at a text node or attribute over 10 MB (an inline
    # image) and "recovers" a tree that has lost the article; nesting stays capped at 2,048.
    parser = lxml.html.HTMLParser(
        encoding="utf-8", huge_tree=True, remove_comments=True, remove_pis=True, remove_blank_text=False
    )
    try:
        tree = lxml.html.document_fromstring(_NOT_XML.sub("\ufffd", text).encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ArticleError(f"not a page: {_first_line(exc) or 'no HTML in it'}") from None
    for element in list(tree.iter(*_NO_TEXT, *_FURNITURE_TAGS, "script")):
        if element.tag == "script" and "ld+json" in (element.get("type") or "").lower():
            continue
        if element.getparent() is not None:
            element.drop_tree()
    for element in tree.xpath(_FURNITURE_XPATH, namespaces=_REGEX_NS):
        if element.getparent() is not None and element.tag not in ("html", "body", "article", "main"):
            element.drop_tree()
    for count, element in enumerate(tree.iter(), 1):
        if count > MAX_ELEMENTS:
            raise ArticleError(f"too complex for a page (over {MAX_ELEMENTS:,} elements)")
        attributes = element.attrib
        for name, value in attributes.items():
            # Inline images and fonts: megabytes that trafilatura would copy with the tree.
            if len(value) > 2048 and value.lstrip()[:5].lower() == "data:":
                del attributes[name]
    return tree


def _extract(tree: Any, url: str | None, config: Any, metadata: bool) -> Any:
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=metadata,
            include_comments=False,
            include_tables=False,  # layout tables hold the navigation and side columns of old pages
            include_images=False,
            include_links=False,
            deduplicate=False,
            date_extraction_params={"original_date": True, "extensive_search": True},
            config=config,
        )
    except RecursionError:
        raise ArticleError("too deeply nested for a page") from None
    except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
        # Malformed markup that lxml accepted and trafilatura cannot walk: one line, not a crash.
        raise ArticleError(f"the page could not be read ({type(exc).__name__})") from None


@lru_cache(maxsize=1)
def _page_config() -> Any:
    return _config(MIN_ARTICLE_CHARS)


@lru_cache(maxsize=1)
def _fragment_config() -> Any:
    # A feed item's content is the article already; its shortest summary is text too.
    return _config(1)


def _config(min_chars: int) -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(min_chars))
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    # trafilatura's own limit is for files it reads itself; this one is read already, within ours.
    config.set("DEFAULT", "MAX_FILE_SIZE", str(64 * 1024 * 1024))
    return config


_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def _paragraphs(text: str) -> str:
    """trafilatura's lines (one per paragraph, heading or list item) as paragraphs separated by a
    blank line, each line's runs of spaces made one."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:120] if str(exc).strip() else ""
