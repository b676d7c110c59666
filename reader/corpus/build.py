"""The one reference pipeline: articles → recognised mentions → linked entities → a `Corpus`.

The indexer gives the same corpus through its cache and worker processes; tests and the
evaluation compare against this path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from reader.corpus.corpus import Corpus
from reader.entities.gazetteer import Gazetteer, load_gazetteer
from reader.entities.link import Linked, link, link_packed
from reader.entities.model import Entity, Mention
from reader.entities.packed import Packed, PackedMentions, Packer
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


def link_packed_corpus(
    articles: list[Article], documents: list[Packed], gazetteer: Gazetteer, problems: Iterable[Problem] = ()
) -> tuple[Corpus, set[int]]:
    """`link_corpus` of packed articles, and the numbers of those linking changed (see
    `link_packed`); `documents` are left as linking settled them. The corpus holds its mentions
    packed, no object for each (the indexer's first run of 100,000 articles has millions), and
    reads like a stored one: an article's mentions are made when it is read, an entity's
    occurrences when first asked for."""
    linked: list[Packed] = []
    changed: set[int] = set()
    # Each article's mention objects are let go once packed again, in a store that shares the
    # offsets of the articles as linking settled them (it keeps every offset).
    stores: dict[int, Packer] = {}  # by the store of the settled articles (one, but for a few)

    def keep(number: int, mentions: list[Mention], settled: bool) -> None:
        packed = documents[number]
        store = stores.get(id(packed.store))
        if store is None:
            store = stores[id(packed.store)] = Packer(packed.store)
        linked.append(store.refill(packed, mentions))
        if settled:
            changed.add(number)

    found = link_packed(documents, gazetteer, keep)
    for store in stores.values():
        store.close()
    corpus = Corpus(articles, PackedMentions(linked), {}, list(problems), gazetteer=gazetteer)
    corpus.entities.update(_entities(corpus, linked, found))
    return corpus, changed


def _entities(corpus: Corpus, linked: list[Packed], found: dict[str, Linked]) -> dict[str, Entity]:
    """The entity table of a packed corpus, each entity's occurrences (and the start and end of
    each of its mentions, for stepping, read from the packed articles without making their
    mention objects) made from its places when first asked for, as a stored corpus reads them."""
    places_of = {name: places for name, (_, _, places, _) in found.items()}

    def load_occurrences(entity: Entity) -> list[tuple[int, int]]:
        places = places_of[entity.name]
        occurrences = list(zip(places[0::2], places[1::2]))
        keys = [(article, linked[article].start(index)) for article, index in occurrences]
        corpus.set_step_keys(entity.name, keys, [linked[article].end(index) for article, index in occurrences])
        return occurrences

    return {
        name: Entity(
            name, kind, aliases, count=len(places) // 2, article_count=article_count, load_occurrences=load_occurrences
        )
        for name, (kind, aliases, places, article_count) in found.items()
    }


def load_corpus(
    paths: Iterable[Path | str], gazetteer: Gazetteer | None = None, progress: Progress | None = None
) -> Corpus:
    """Every article under `paths`, read, recognised and linked (no cache)."""
    articles, problems = load_articles(paths)
    return build_corpus(articles, gazetteer, problems, progress)
