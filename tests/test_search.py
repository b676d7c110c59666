"""Search ranks entities by fuzzy score; navigation walks an entity's mentions in corpus order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("putn", "Vladimir Putin"),
        ("putin", "Vladimir Putin"),
        ("tokaev", "Kassym-Jomart Tokayev"),
        ("shangai cooperation", "Shanghai Cooperation Organization"),
        ("xi jinping", "Xi Jinping"),
        ("kazahstan", "Kazakhstan"),
        ("li zhanshu", "Li Zhanshu"),
    ],
)
def test_typos_and_transliterations_find_the_entity(seed_corpus, query, expected):
    hits = seed_corpus.search(query, limit=5)
    assert hits, query
    assert hits[0].entity.name == expected, [(h.entity.name, h.score) for h in hits]


def test_xian_ranks_the_city_above_the_leader(seed_corpus):
    names = [hit.entity.name for hit in seed_corpus.search("xian", limit=10)]
    assert names[0] == "Xi'an"
    if "Xi Jinping" in names:
        assert names.index("Xi'an") < names.index("Xi Jinping")


def test_nothing_matches_nonsense(seed_corpus):
    assert seed_corpus.search("qqqqzzzz") == []
    assert seed_corpus.search("") == []
    assert seed_corpus.search("   ") == []


def test_titles_are_searchable(seed_corpus):
    hits = seed_corpus.search_titles("china woos central asia")
    assert hits and "China Woos Central Asia" in seed_corpus.articles[hits[0].article].title


@given(st.text(max_size=300))
def test_any_query_returns_without_error(seed_corpus, query):
    for hit in seed_corpus.search(query, limit=3):
        assert 0 <= hit.score <= 100
    seed_corpus.search_titles(query)


def test_long_and_regex_queries(seed_corpus):
    seed_corpus.search("x" * 10_000)
    seed_corpus.search(".*[(?")
    seed_corpus.search("\ud800 surrogate")


def test_step_walks_every_mention_across_articles_and_wraps(seed_corpus):
    putin = seed_corpus.entities["Vladimir Putin"]
    assert len(putin.articles) >= 4
    position = seed_corpus.first_mention("Vladimir Putin")
    seen = [(position.article, position.index)]
    for _ in range(putin.count - 1):
        mention = position.mention
        position = seed_corpus.step("Vladimir Putin", position.article, mention.start)
        assert not position.wrapped
        seen.append((position.article, position.index))
    assert seen == putin.occurrences
    assert [seed_corpus.position("Vladimir Putin", *place).ordinal for place in seen] == list(range(1, putin.count + 1))
    wrapped = seed_corpus.step("Vladimir Putin", position.article, position.mention.start)
    assert wrapped.wrapped and (wrapped.article, wrapped.index) == seen[0]
    back = seed_corpus.step("Vladimir Putin", wrapped.article, wrapped.mention.start, forward=False)
    assert back.wrapped and (back.article, back.index) == seen[-1]


def test_first_mention_prefers_the_current_article(seed_corpus):
    putin = seed_corpus.entities["Vladimir Putin"]
    last_article = putin.articles[-1]
    position = seed_corpus.first_mention("Vladimir Putin", last_article)
    assert position.article == last_article
    assert seed_corpus.first_mention("no such entity") is None


def test_every_mention_of_an_entity_is_that_entity(seed_corpus):
    for name, entity in seed_corpus.entities.items():
        for article, index in entity.occurrences:
            assert seed_corpus.mentions[article][index].entity == name
