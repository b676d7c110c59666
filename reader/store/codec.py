"""The stored forms of articles and mentions, written and read in one place.

A mention as recognised is the row [start, end, text, type, key, rule, generic, instance]; a
stored linked article adds each mention's entity number beside those rows (see
`reader.store.snapshots`). An article record is the metadata the list and the entity table
need without reading the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from sys import intern
from typing import Any

from reader.entities.model import Mention
from reader.ingest.article import Article
from reader.ingest.sanitize import safe_text

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def recognised_rows(mentions: list[Mention]) -> list[list[Any]]:
    """Mentions as recognised, in the form the index cache stores (and a snapshot beside what
    linking adds): [start, end, text, type, key, rule, generic, instance] each."""
    return [[m.start, m.end, m.text, m.type, m.key, m.rule, m.generic, m.instance] for m in mentions]


def encode_mentions(mentions: list[Mention]) -> str:
    """`recognised_rows` as compact JSON."""
    return _encode(recognised_rows(mentions))


def encode(value: Any) -> str:
    """Compact JSON, non-ASCII kept as is."""
    return _encode(value)


def decode_mentions(records: list[list[Any]], entities: list[str] | None = None) -> list[Mention]:
    """Mentions from recognised rows; with `entities` (each row's entity name), linked ones.

    Positional construction is faster than keywords; strings are interned, as in a fresh index:
    JSON gives every value a string of its own, and a corpus says "PERSON" or "=Donald Trump"
    hundreds of thousands of times."""
    if entities is None:
        return [
            Mention(start, end, intern(text), intern(kind), intern(key), "", instance, generic, intern(rule))
            for start, end, text, kind, key, rule, generic, instance in records
        ]
    return [
        Mention(start, end, intern(text), intern(kind), intern(key), entity, "", generic, intern(rule))
        for (start, end, text, kind, key, rule, generic, _), entity in zip(records, entities)
    ]


def article_record(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "source": article.source,
        "date": article.date,
        "url": article.url,
        "encoding": article.encoding,
        "debris": [list(r) for r in article.debris],
        "body_start": article.body_start,
        "title_span": list(article.title_span),
        "size": article.size,
        "words": article.words,
    }


def manifest_row(article: Article) -> list[Any]:
    """An article of a stored corpus's manifest: its path and `article_record`'s values, by
    position (a large corpus's manifest is read at every start, and lists decode faster than
    objects with their keys); `restore_manifest_row` reads them in that order."""
    return [article.path, *article_record(article).values()]


def restore_manifest_row(row: list[Any], shared: dict[str, str] | None = None) -> Article:
    """The article of a `manifest_row` (its text read when first asked for). With `shared`, one
    string object for each distinct title, source, date, URL and encoding across the rows
    restored with it (JSON decoding makes a new one each time they recur: outlets, dates and
    syndicated titles do). Raises TypeError or ValueError for a row this code cannot read."""
    path, title, source, date, url, encoding, debris, body_start, title_span, size, words = row
    if shared is not None:
        title = shared.setdefault(title, title)
        source = shared.setdefault(source, source)
        date = shared.setdefault(date, date)
        url = shared.setdefault(url, url)
        encoding = shared.setdefault(encoding, encoding)
    return Article(
        path,
        None,
        None,
        title,
        source,
        date,
        url,
        encoding,
        tuple(map(tuple, debris)) if debris else (),
        body_start,
        tuple(title_span),
        size,
        words,
    )


def restore_article(path: str, record: dict[str, Any], text: str | None = None) -> Article:
    """The article of `record` (its text read from `path` when first asked for, unless given).
    Raises KeyError, TypeError or ValueError for a record this code cannot read."""
    debris = record["debris"]
    # Positional: a large folder restores 100,000 of these before its list is shown.
    return Article(
        path,
        text,
        safe_text(text) if text is not None else None,
        record["title"],
        record["source"],
        record["date"],
        record["url"],
        record["encoding"],
        tuple(map(tuple, debris)) if debris else (),
        record["body_start"],
        tuple(record["title_span"]),
        record["size"],
        record["words"],
    )


# ---------------------------------------------------------------- tables as JSON lines

_CHUNK = 1 << 16  # characters of a table decoded at once
_LINE = {ascii: json.JSONEncoder(ensure_ascii=ascii, separators=(",", ":")).encode for ascii in (False, True)}


def encode_lines(rows: Iterable[Any], ascii: bool = False) -> str:
    """A table as JSON lines, a row's JSON a line (JSON escapes the newlines in strings), for
    `each_row` to decode a few hundred rows at a time: a large corpus's entity table and
    manifest decoded whole were the highest step of its memory at a start. With `ascii`, what
    is not ASCII is escaped (a file name's stray bytes, lone surrogates, survive so)."""
    return "\n".join(map(_LINE[ascii], rows))


def each_row(text: str) -> Iterator[Any]:
    """The rows of an `encode_lines` table, decoded a chunk of lines at a time (in C), so that
    only a chunk's rows are held at once. Raises ValueError, as it comes to it, where the text
    is not JSON lines."""
    at, end = 0, len(text)
    while at < end:
        stop = text.find("\n", at + _CHUNK)
        if stop < 0:
            stop = end
        yield from json.loads("[" + text[at:stop].replace("\n", ",") + "]")
        at = stop + 1
