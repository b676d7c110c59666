"""The one reference pipeline: articles → recognised mentions → linked entities → a `Corpus`.

The indexer gives the same corpus through its cache and worker processes; tests and the
evaluation compare against this path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from reader.corpus.corpus import Corpus
from reader.entities.gazetteer import Gazetteer, load_gazetteer
from reader.entities.link import link
from reader.entities.model import Mention
from reader.ingest.article import Article, Problem
from reader.ingest.discover import load_articles

Progress = Callable[[int, int], None]


def build_corpus(
    articles: list[Article],
    gazetteer: Gazetteer | None = None,
    problems: Iterable[Problem] = (),
    progress: Progress | None = None,
) -> Corpus:
    """Recognise every article, then link."""
    gazetteer = gazetteer or load_gazetteer()
    from reader.entities.recognize import Recognizer  # here: loading a stored corpus needs no recogniser

    recognizer = Recognizer(gazetteer)
    documents = []
    for number, article in enumerate(articles, 1):
        documents.append(recognizer.recognize(article.recognisable, article.debris, article.date))
        if progress:
            progress(number, len(articles))
    return link_corpus(articles, documents, gazetteer, problems)


def link_corpus(
    articles: list[Article], documents: list[list[Mention]], gazetteer: Gazetteer, problems: Iterable[Problem] = ()
) -> Corpus:
    """A corpus from recognised (not yet linked) mentions, e.g. restored from the cache."""
    entities = link(documents, gazetteer)
    return Corpus(articles, documents, entities, list(problems), gazetteer=gazetteer)


def load_corpus(
    paths: Iterable[Path | str], gazetteer: Gazetteer | None = None, progress: Progress | None = None
) -> Corpus:
    """Every article under `paths`, read, recognised and linked (no cache)."""
    articles, problems = load_articles(paths)
    return build_corpus(articles, gazetteer, problems, progress)
