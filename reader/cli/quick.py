"""`reader search` without restoring the corpus, when nothing changed since the last run on the
same paths: one walk of the folders (names, sizes, mtimes: `fingerprint`), then the answer
tables the index cache keeps with that run's snapshot (`reader.store.answers`) and the texts it
keeps of the articles to print. Nothing here loads the gazetteer or imports the recogniser.

Any doubt (a URL, a changed file, a corrections file that cannot be read, a row missing or
damaged, a cache of another version) gives None, and the command takes the general way, which
reports what there is to report. The output is the general way's, byte for byte.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from reader.store.answers import QuickAnswers


class QuickArticle(NamedTuple):
    """What printing a mention needs of its article (the attributes of `Article` it reads)."""

    path: str
    source: str
    debris: tuple[tuple[int, int], ...]
    text: str
    safe: str


def quick_search(paths: Sequence[str], query: str, limit: int, as_json: bool) -> int | None:
    """The exit status of `reader search` answered from the index cache, or None (nothing printed)."""
    from reader.cli.commands import as_paths
    from reader.config import cache_dir, corrections_identity_now
    from reader.ingest.address import is_url
    from reader.ingest.names import fingerprint

    if any(is_url(path) for path in paths):
        return None
    corrections = corrections_identity_now()
    if corrections is None:
        return None
    given = as_paths(paths)
    stamp = fingerprint(given)
    if stamp is None:
        return None
    from reader.store.answers import QuickAnswers, Unanswerable
    from reader.store.db import DB_NAME
    from reader.store.keys import quick_roots_key
    from reader.store.versions import ENGINE_VERSION

    answers = QuickAnswers.open(str(cache_dir() / DB_NAME), quick_roots_key(given, corrections), stamp)
    if answers is None:
        return None
    try:
        hits = answers.index.stored_search(query, limit)
        spans = {hit.name: answers.places(hit) for hit, _ in hits}
        if not as_json:
            spans = {name: _shown(found, answers) for name, found in spans.items()}
        numbers = {article for found in spans.values() for article, _, _ in found}
        articles = answers.articles(numbers)
        texts = answers.texts([article.path for article in articles.values()], ENGINE_VERSION)
    except (Unanswerable, sqlite3.Error, zlib.error, ValueError, TypeError, KeyError, IndexError):
        return None
    finally:
        answers.close()
    from reader.cli.reports import write_search

    shown = {}
    for number, article in articles.items():
        text, safe = texts[article.path]
        shown[number] = QuickArticle(article.path, article.source, article.debris, text, safe)
    return write_search(query, hits, lambda entity: spans[entity.name], shown.__getitem__, as_json)


def _shown(places: list[tuple[int, int, int]], answers: QuickAnswers) -> list[tuple[int, int, int]]:
    """The places a reader sees: none whose start is in its article's page debris."""
    articles = answers.articles({article for article, _, _ in places})
    return [
        (article, start, end)
        for article, start, end in places
        if not any(low <= start < high for low, high in articles[article].debris)
    ]
