"""How the article list orders and groups its articles: outlets, dates read as sort keys, each
article's sort fields, the orders `o` cycles through and the source groups of `O`. Plain Python,
no Textual: the list widget (reader.tui.article_list) and the coverage matrix use it."""

from __future__ import annotations

import os
import re
from datetime import datetime
from functools import lru_cache

from reader.ingest.article import Article
from reader.ingest.sanitize import safe_name


def outlet_of(article: Article) -> str | None:
    """The article's outlet, or None when none is known: `Article.source` is then the file's
    name, which groups nothing (one "outlet" per file)."""
    source = article.source
    if not source:
        return None
    name = _basename(article.path)  # PurePath(…).name took ten times as long
    if source == name:
        return None
    if name.isprintable() and "\u2424" not in name and name == name.strip():
        return source  # a name with nothing to make safe is its own fallback: this is an outlet
    return None if source == safe_name(name).replace("\u2424", " ").strip() else source


_basename = os.path.basename if os.altsep else (lambda path: path.rpartition(os.sep)[2])


OTHER = "other"  # the group (and the coverage column) of the articles without a known outlet

# The orders `o` cycles through, and how the filter box's edge names them ("" for the first).
ORDERS = ("files", "date", "source", "title")
ORDER_LABELS = {"files": "", "date": "by date", "source": "by source", "title": "by title"}

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?")
_YEAR = re.compile(r"\b\d{4}\b")
_DATE_FORMATS = ("%B %d, %Y", "%A, %B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%d.%m.%Y")
_LEADING_PUNCTUATION = " \"'“”‘’«»‹›([{¿¡-–—…*#"


@lru_cache(maxsize=4096)
def date_key(date: str) -> str:
    """`date` as "YYYY-MM-DD HH:MM" (sortable as text), or "" when it cannot be read as one:
    ISO dates (front matter, sources.toml, feeds), "March 22, 2023", "22 March 2023", RFC 2822."""
    date = date.strip()
    if not date:
        return ""
    match = _ISO_DATE.match(date)
    if match:
        year, month, day, hour, minute = match.groups()
        return f"{int(year):04}-{int(month):02}-{int(day):02} {int(hour or 0):02}:{int(minute or 0):02}"
    if not _YEAR.search(date):
        return ""  # every spelling read below names the year
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(date, form).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            continue
    from email.utils import parsedate_to_datetime  # the last spelling tried: most dates never get here

    try:
        return parsedate_to_datetime(date).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError, IndexError, OverflowError):
        return ""


class SortFields:
    """What the orders compare, worked out once per article."""

    __slots__ = ("date", "outlet", "title")

    def __init__(self, article: Article) -> None:
        self.date = date_key(article.date)
        outlet = outlet_of(article)
        self.outlet = outlet.casefold() if outlet is not None else None
        self.title = article.title.casefold().lstrip(_LEADING_PUNCTUATION)


def outlet_key(outlet: str | None) -> str:
    """Outlets alphabetically, the articles without one ("other") after them (a string: quicker
    to compare than a tuple)."""
    return "\x01" if outlet is None else "\x00" + outlet


def arranged(fields: list[SortFields], order: str, grouped: bool) -> tuple[list[int], list[int]]:
    """Every article's index in `order` (one of ORDERS), by source first when `grouped`, and
    each one's place in that sequence."""
    count = len(fields)
    indexes: list[int] = list(range(count))
    # Stable sorts, least significant first, each on a list's __getitem__ (100,000 articles sort
    # in milliseconds); ties keep the order the articles came in.
    if order in ("date", "source"):
        # Newest first ("" for no date sorts last); within an outlet too.
        indexes.sort(key=[f.date for f in fields].__getitem__, reverse=True)
    elif order == "title":
        indexes.sort(key=[f.title for f in fields].__getitem__)
    if order == "source" or grouped:
        indexes.sort(key=[outlet_key(f.outlet) for f in fields].__getitem__)
    rank = [0] * count
    for place, index in enumerate(indexes):
        rank[index] = place
    return indexes, rank


def group_runs(shown: list[int], fields: list[SortFields], articles: list[Article]) -> list[tuple[str, int]]:
    """The header runs over `shown` (sorted by source): ("VOA · 12", 12), …"""
    runs: list[tuple[str, int]] = []
    label: str | None = None
    count = 0
    first = -1
    for index in shown:
        outlet = fields[index].outlet
        if count and outlet == label:
            count += 1
            continue
        if count:
            runs.append((group_label(articles[first], count), count))
        label, count, first = outlet, 1, index
    if count:
        runs.append((group_label(articles[first], count), count))
    return runs


def group_label(article: Article, count: int) -> str:
    """The header of a group of `count` articles, the first of them `article`: "VOA · 12"."""
    outlet = outlet_of(article)
    return f"{safe_name(outlet) if outlet is not None else OTHER} · {count:,}"
