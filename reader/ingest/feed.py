"""RSS 2.0, RSS 1.0 and Atom feeds → one article per item (feedparser).

Each item is an article at `FEED#N` (N counts the items from 1 in feed order; see
`reader.ingest.address`): its title, link, date (published, else updated) and author, and the
feed's title as its source. Its text is the headline, a "By …" line when the item names an
author, and the item's content (Atom `content`, RSS `content:encoded`) or else its summary
(`description`); HTML in either goes through the page extraction (`reader.ingest.html`), so
share links, scripts and asides in it are not text.

XML that declares entities is refused before feedparser sees it (defusedxml): an entity bomb
or an external entity never expands. Malformed XML is read as far as feedparser's lenient
parser can. The extraction of a whole feed is kept in `reader.ingest.extracted`, so opening
one of its items later reads that, not the feed again.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from typing import Any
from urllib.parse import urlsplit

from reader.ingest import extracted
from reader.ingest.address import item_doc
from reader.ingest.article import ArticleError, Metadata
from reader.ingest.formats import Item, Source, root_element
from reader.ingest.html import article_from, compose, fragment_text

VERSION = "feed/1"
# Items read from one feed; the rest are left out with a line saying so. A news feed has tens;
# ten thousand is an archive, and takes about 15 s to read on one core.
MAX_ITEMS = 10_000
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
_EMAIL = re.compile(r"^[^\s@()<>]+@[^\s@()<>]+$")
_EMAIL_AND_NAME = re.compile(r"^[^\s@()<>]+@[^\s@()<>]+\s*\((.+)\)$")
_ITEM_FIELDS = ("text", "title", "author", "date", "url", "source", "encoding", "digest")


def items_of(source: Source, sidecar: Metadata | None) -> list[Item]:
    """One Item per item of the feed, in feed order. Raises ArticleError for what is not a feed."""
    stored = _stored(source)
    items = []
    for number, record in enumerate(stored["items"], 1):
        doc = item_doc(source.path, number)
        if "problem" in record:
            items.append(Item(None, str(record["problem"])))
        else:
            items.append(Item(article_from(doc, record, sidecar), data=record["digest"].encode()))
    return items


def notes_of(source: Source) -> list[str]:
    """What the reader of the feed should know that is not one item's problem (items left out)."""
    return list(_stored(source).get("notes", []))


def _stored(source: Source) -> dict[str, Any]:
    entry = extracted.key(VERSION, source.data, source.url, source.charset)
    stored = extracted.load(entry)
    if isinstance(stored, dict) and _valid(stored):
        return stored
    made = extract_feed(source)
    extracted.save(entry, made)
    return made


def _valid(stored: Any) -> bool:
    if not isinstance(stored, dict) or not isinstance(stored.get("items"), list):
        return False
    return all(
        isinstance(item, dict)
        and (isinstance(item.get("problem"), str) or all(isinstance(item.get(k), str) for k in _ITEM_FIELDS))
        for item in stored["items"]
    )


def extract_feed(source: Source) -> dict[str, Any]:
    refuse_entities(source.data)
    import feedparser  # type: ignore[import-untyped]

    headers = {"content-type": f"{source.media_type or 'application/xml'}; charset={source.charset}"}
    if not source.charset:
        headers = {"content-type": source.media_type} if source.media_type else {}
    if source.url:
        headers["content-location"] = source.url
    try:
        # Bytes, never a str: feedparser would take a str for a URL or a file name to open.
        parsed = feedparser.parse(
            bytes(source.data),
            response_headers=headers,
            # The HTML of an item becomes text, never markup: feedparser's sanitiser and URL
            # rewriting (half its time) change nothing that is kept.
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # a parser bug on hostile input must be one line, not a crash
        raise ArticleError(f"not a feed: {type(exc).__name__}") from None
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        root = root_element(source.data)
        raise ArticleError(f"not a feed (an XML document with root <{root}>)" if root else "not a feed")
    feed = parsed.get("feed") or {}
    encoding = str(parsed.get("encoding") or "utf-8")
    feed_title = _title(feed)
    site = feed_title or _host(str(feed.get("link") or source.url))
    notes = []
    if len(entries) > MAX_ITEMS:
        notes.append(f"only the first {MAX_ITEMS:,} of its {len(entries):,} items are read")
    items = [_item(entry, site, encoding) for entry in entries[:MAX_ITEMS]]
    if not items:
        raise ArticleError("a feed with no items")
    return {"title": feed_title, "items": items, "notes": notes}


def refuse_entities(data: bytes) -> None:
    """Raise ArticleError when the XML declares entities or refers to external ones (defusedxml);
    malformed XML passes, for feedparser's lenient parser, which expands no declared entity."""
    import defusedxml  # type: ignore[import-untyped]
    import defusedxml.ElementTree  # type: ignore[import-untyped]

    try:
        defusedxml.ElementTree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden as exc:
        raise ArticleError(f"refused: the XML declares entities (&{exc.name};), a possible entity bomb") from None
    except defusedxml.DefusedXmlException:
        raise ArticleError("refused: the XML refers to external resources") from None
    except Exception:
        pass  # ParseError (malformed), or an encoding expat does not know: feedparser decides


def _item(entry: Any, site: str, encoding: str) -> dict[str, str]:
    title = _title(entry)
    kind, value = _content(entry)
    body = fragment_text(value) if kind in _HTML_TYPES else _plain(value)
    author = _author(entry)
    date = _date(entry)
    link = str(entry.get("link") or "")
    if not title and not body:
        return {"problem": "an item with neither a title nor any text"}
    raw = json.dumps([VERSION, title, link, str(entry.get("id") or ""), date, author, kind, value, site])
    return {
        "text": compose(title, author, body),
        "title": title,
        "author": author,
        "date": date,
        "url": link,
        "source": site,
        "encoding": encoding,
        "digest": hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest(),
    }


def _title(entry: Any) -> str:
    detail = entry.get("title_detail") or {}
    value = str(entry.get("title") or "")
    if str(detail.get("type") or "") in _HTML_TYPES and "<" in value:
        value = fragment_text(value)
    return " ".join(value.split())


def _content(entry: Any) -> tuple[str, str]:
    """(type, value) of the item's fullest text: its content, else its summary."""
    contents = [c for c in entry.get("content") or [] if str(c.get("value") or "").strip()]
    if contents:
        chosen = max(contents, key=lambda c: (str(c.get("type") or "") in _HTML_TYPES, len(str(c.get("value")))))
        return str(chosen.get("type") or "text/html"), str(chosen.get("value"))
    detail = entry.get("summary_detail") or {}
    return str(detail.get("type") or "text/html"), str(entry.get("summary") or "")


def _author(entry: Any) -> str:
    given = " ".join(str(entry.get("author") or "").split())
    # RSS 2.0 writes "desk@example.com (Name)", which feedparser's author_detail cuts wrongly.
    match = _EMAIL_AND_NAME.match(given)
    if match:
        return match.group(1).strip()
    if _EMAIL.match(given):
        return ""  # an address is not a byline
    detail = entry.get("author_detail") or {}
    return " ".join(str(detail.get("name") or given).split())


def _date(entry: Any) -> str:
    for field in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(field)
        if value:
            try:
                return time.strftime("%Y-%m-%d", value)
            except (TypeError, ValueError):
                continue
    return ""


def _plain(text: str) -> str:
    paragraphs = ("\n".join(" ".join(line.split()) for line in block.splitlines()) for block in text.split("\n\n"))
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host
