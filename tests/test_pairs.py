"""`Pairs`, an entity's places as two arrays, acts as the sorted list of tuples it stands for:
indexing, slicing, iteration, `bisect`, equality; a restored corpus keeps its places so."""

from __future__ import annotations

import bisect
import shutil
from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.corpus.corpus import Corpus
from reader.entities.pairs import Pairs
from reader.indexer import index_paths
from support.paths import SEEDS

PAIRS = st.lists(st.tuples(st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1)), max_size=40).map(sorted)


def pairs_of(listed: list[tuple[int, int]]) -> Pairs:
    return Pairs(array("I", [a for a, _ in listed]), array("I", [b for _, b in listed]))


@settings(max_examples=200, deadline=None)
@given(PAIRS, st.tuples(st.integers(-1, 2**32), st.integers(-1, 2**32)), st.slices(45))
def test_pairs_act_as_the_list_of_tuples(listed, probe, cut):
    pairs = pairs_of(listed)
    assert len(pairs) == len(listed) and list(pairs) == listed
    assert [pairs[n] for n in range(-len(listed), len(listed))] == [listed[n] for n in range(-len(listed), len(listed))]
    assert list(pairs[cut]) == listed[cut]
    assert bisect.bisect_left(pairs, probe) == bisect.bisect_left(listed, probe)
    assert bisect.bisect_right(pairs, probe) == bisect.bisect_right(listed, probe)
    assert pairs == listed and listed == pairs and pairs == pairs_of(listed)
    assert pairs != [*listed, (0, 0)] and pairs != "ab"
    kept = list(range(0, len(listed), 3))
    assert list(pairs.take(kept)) == [listed[n] for n in kept]


def test_a_restored_corpus_keeps_its_places_as_pairs_and_walks_as_a_fresh_one(tmp_path, gazetteer):
    folder = tmp_path / "news"
    shutil.copytree(SEEDS, folder)
    db = tmp_path / "c.db"
    index_paths([folder], gazetteer, workers=1, cache_path=db)
    warm = index_paths([folder], gazetteer, workers=1, cache_path=db).corpus
    fresh = Corpus.load([folder], gazetteer)
    busiest = max(fresh.entities.values(), key=lambda e: e.count).name
    assert isinstance(warm.entities[busiest].occurrences, Pairs)
    for hidden in (True, False):
        places, keys = warm.stops(busiest, hidden)
        assert isinstance(places, Pairs) and isinstance(keys, Pairs)
        assert (list(places), list(keys)) == tuple(map(list, fresh.stops(busiest, hidden)))
        position = warm.first_mention(busiest, hidden=hidden)
        for _ in range(len(places) + 1):
            want = fresh.step(busiest, position.article, position.mention.start, hidden=hidden)
            position = warm.step(busiest, position.article, position.mention.start, hidden=hidden)
            assert (position.article, position.index, position.ordinal) == (want.article, want.index, want.ordinal)
    assert warm.stop_spans(busiest) == fresh.stop_spans(busiest)
    warm.close()
