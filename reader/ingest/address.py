"""What an article's path (its `doc`) can be, one grammar for every stage:

- a file, as found or named: `news/xi.txt`, `saved/page.html`;
- one item of a feed file: `news/feed.xml#3` (the item's number in the feed, from 1);
- a URL, http or https: `https://example.com/news/xi` (its fragment dropped);
- one item of a fetched feed: `https://example.com/feed.xml#3`.

Items are numbered, not named by their id: ids are arbitrary strings from the feed (URLs with
their own `#`, spaces, control characters) and make poor paths to type or print; a number is
what `reader text` needs. A file whose own name ends in `#3` is still that file.
"""

from __future__ import annotations

import os
import re

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_ITEM = re.compile(r"^(.+)#([1-9][0-9]{0,8})$")
URL_SCHEMES = ("http", "https")


def is_url(value: str) -> bool:
    """Whether `value` is meant as a URL (any scheme: `ftp://x` gets a clear refusal, not
    "no such file")."""
    return _SCHEME.match(value) is not None


def url_scheme(value: str) -> str:
    match = _SCHEME.match(value)
    return match.group(1).lower() if match else ""


def split_item(doc: str) -> tuple[str, int | None]:
    """`feed.xml#3` → (`feed.xml`, 3); anything else → (doc, None). A local file that exists
    under the whole name is that file."""
    match = _ITEM.match(doc)
    if match is None:
        return doc, None
    if not is_url(doc) and os.path.lexists(doc):
        return doc, None
    return match.group(1), int(match.group(2))


def item_doc(base: str, number: int) -> str:
    return f"{base}#{number}"
