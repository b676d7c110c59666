"""Packed mentions: what a first index holds of every article instead of Mention objects, and
linking from them, one article's objects at a time."""

from __future__ import annotations

import gc

import pytest

from reader.corpus.corpus import Corpus
from reader.entities.link import link, link_packed
from reader.entities.model import Mention
from reader.entities.packed import RECENT, Packed, PackedMentions, Packer
from reader.indexer import index_paths
from reader.store.codec import encode, recognised_rows
from support.corpus_view import signature
from support.paths import SEEDS


def _recognised(gazetteer) -> list[list[Mention]]:
    from reader.entities.recognize import Recognizer
    from reader.ingest.discover import load_articles

    recognizer = Recognizer(gazetteer)
    articles, _ = load_articles([SEEDS])
    return [recognizer.recognize(a.recognisable, a.debris, a.date) for a in articles]


def test_rows_and_objects_pack_to_the_same_mentions(gazetteer):
    documents = _recognised(gazetteer)
    store = Packer()
    for mentions in documents:
        rows = recognised_rows(mentions)
        from_rows, from_objects = store.rows(rows), store.mentions(mentions)
        assert from_rows.mentions() == from_objects.mentions() == mentions
        # The JSON a worker sent is made again to the same text (the snapshot stores it).
        assert encode(from_rows.rows()) == encode(rows)
    # One tuple per distinct payload, however often it is written.
    assert len(store.payloads) < sum(map(len, documents)) / 2


def test_a_packed_article_gives_new_objects_each_time():
    packed = Packer().rows([[0, 5, "Putin", "PERSON", "=Vladimir Putin", "gazetteer", False, ""]])
    first = packed.mentions()
    first[0].entity = "changed"
    assert packed.mentions()[0].entity == ""


def test_refill_keeps_the_offsets_and_refuses_other_mentions():
    settled = Packer()
    packed = settled.rows([[0, 2, "Xi", "PERSON", "=Xi Jinping", "gazetteer", False, ""]])
    mentions = packed.mentions()
    mentions[0].entity = "Xi Jinping"
    linked = Packer(settled)
    refilled = linked.refill(packed, mentions)
    assert linked.starts is settled.starts and refilled.mentions() == mentions
    with pytest.raises(ValueError):
        linked.refill(packed, mentions * 2)


def test_packed_mentions_read_like_a_list_and_keep_only_recent_articles():
    store = Packer()
    packed = [store.rows([[n, n + 1, "A", "ORG", "A", "rule", False, ""]]) for n in range(RECENT + 10)]
    view = PackedMentions(packed)
    assert len(view) == RECENT + 10
    assert view[-1] == packed[-1].mentions() and view[3:5] == [packed[3].mentions(), packed[4].mentions()]
    assert view[7] is view[7]  # one article's objects are kept while it is read
    assert list(view) == [p.mentions() for p in packed]
    for n in range(len(view)):
        view[n]
    assert len(view._recent) == RECENT
    with pytest.raises(IndexError):
        view[len(view)]


def test_linking_packed_articles_hands_them_over_in_order_as_link_leaves_them(gazetteer):
    expected = _recognised(gazetteer)
    entities = link(expected, gazetteer)
    store = Packer()
    packed = [store.mentions(mentions) for mentions in _recognised(gazetteer)]
    handed: list[tuple[int, list[Mention]]] = []
    found = link_packed(packed, gazetteer, lambda number, mentions, changed: handed.append((number, mentions)))
    assert [number for number, _ in handed] == list(range(len(expected)))
    assert [mentions for _, mentions in handed] == expected
    assert list(found) == list(entities)
    for name, (kind, aliases, places, article_count) in found.items():
        entity = entities[name]
        assert (kind, aliases, article_count) == (entity.type, entity.aliases, entity.article_count)
        assert list(zip(places[0::2], places[1::2])) == entity.occurrences


def _mention_objects() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is Mention)


def test_a_first_index_keeps_no_mention_object_and_reads_like_the_stored_corpus(gazetteer):
    before = _mention_objects()
    cold = index_paths([SEEDS], gazetteer, workers=1)
    # Neither JSON nor objects of every mention: the corpus makes an article's when it is read.
    assert isinstance(cold.corpus.mentions, PackedMentions)
    assert _mention_objects() == before
    first = cold.corpus.mentions[0]
    assert _mention_objects() == before + len(first)
    warm = index_paths([SEEDS], gazetteer)
    assert warm.stats.cached == 5 and not isinstance(warm.corpus.mentions, PackedMentions)
    assert signature(cold.corpus) == signature(warm.corpus) == signature(Corpus.load([SEEDS], gazetteer))
    for name in cold.corpus.entities:
        for hidden in (True, False):
            assert cold.corpus.stop_spans(name, hidden) == warm.corpus.stop_spans(name, hidden)
    assert [(e.count, e.article_count) for e in cold.corpus.entities.values()] == [
        (e.count, e.article_count) for e in warm.corpus.entities.values()
    ]


def test_a_provisional_corpus_is_packed_and_leaves_the_articles_as_recognised(gazetteer, monkeypatch):
    import types

    from reader.corpus.build import link_corpus
    from reader.indexer import provisional
    from reader.ingest.discover import load_articles

    articles, _ = load_articles([SEEDS])
    store = Packer()
    packed = [store.mentions(mentions) for mentions in _recognised(gazetteer)]
    before = [p.mentions() for p in packed]
    ticks = iter(range(0, 10**9, 10))
    monkeypatch.setattr(provisional, "time", types.SimpleNamespace(perf_counter=lambda: float(next(ticks))))
    # Two articles of six read so far (a provisional corpus stops at a third).
    offered: list[Corpus] = []
    slots: list[Packed | None] = [*packed[:2], None, None, None, None]
    provisional.Provisional(offered.append, [*articles[:2], None, None, None, None], slots, gazetteer).offer({})
    [corpus] = offered
    assert isinstance(corpus.mentions, PackedMentions)
    assert signature(corpus) == signature(link_corpus(articles[:2], [p.mentions() for p in packed[:2]], gazetteer))
    assert [p.mentions() for p in packed] == before
