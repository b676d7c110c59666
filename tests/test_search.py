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


# ---------------------------------------------------------------- the ranking, computed in bulk


def _reference_search(corpus, query: str, limit: int) -> list[tuple[str, float, str]]:
    """`rank_score` name by name over the shortlist, as the search did before it scored the
    shortlist in one call into rapidfuzz: what `Corpus.search` must still find."""
    from rapidfuzz import fuzz

    from reader.corpus.search import MIN_SCORE, SHORTLIST_NAMES_PER_WORD, rank_score
    from reader.entities.normalize import search_form

    form = search_form(query)[:200]
    if not form:
        return []
    engine = corpus.prepare_search()
    best: dict[str, tuple[float, float, str]] = {}
    for index in sorted(engine._name_words.shortlist(form, per_word=SHORTLIST_NAMES_PER_WORD)):
        choice = engine._choices[index]
        score = rank_score(form, choice)
        if score < MIN_SCORE:
            continue
        score += 2.0 if choice == form else 0.0
        closeness = fuzz.ratio(form, choice)
        for name, surface in engine._choice_entities[index]:
            if name not in best or (score, closeness) > best[name][:2]:
                best[name] = (score, closeness, surface)
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], -item[1][1], -corpus.entities[item[0]].count, item[0]))
    return [(name, min(score, 100.0), surface) for name, (score, _, surface) in ranked[:limit]]


def _reference_titles(corpus, query: str, limit: int) -> list[tuple[int, float]]:
    """WRatio over every article whose title holds a word like a query word (titles not merged)."""
    from rapidfuzz import fuzz, process

    from reader.entities.normalize import search_form

    form = search_form(query)[:200]
    if not form:
        return []
    engine = corpus.prepare_search()
    title_words = engine._titles_by_form()[2]
    wanted = {w for word in set(form.split()) for w in title_words.similar(word)}
    titles = [search_form(article.title) for article in corpus.articles]
    shortlist = [index for index, title in enumerate(titles) if wanted & set(title.split())]
    return [
        (shortlist[at], score)
        for _, score, at in process.extract(
            form, [titles[index] for index in shortlist], scorer=fuzz.WRatio, limit=limit, score_cutoff=70
        )
    ]


def _typed(*queries: str) -> list[str]:
    return [query[:n] for query in queries for n in range(1, len(query) + 1)]


def test_bulk_ranking_scores_every_name_as_rank_score_does(seed_corpus):
    names = sorted(seed_corpus.entities)[::7]
    queries = _typed(
        "putn",
        "tokaev",
        "shangai cooperation",
        "xi jinping",
        "kazahstan",
        "li zhanshu",
        "g20 summit",
        "world health",
        "united nations",
        *[name.lower()[:14] for name in names],
    )
    for query in queries:
        found = [(hit.entity.name, hit.score, hit.matched) for hit in seed_corpus.search(query, limit=12)]
        assert found == _reference_search(seed_corpus, query, 12), query


def test_titles_found_as_wratio_over_each_article_title_finds_them(seed_corpus):
    titles = [article.title.lower()[:30] for article in seed_corpus.articles]
    for query in _typed("china woos central asia", "putin", "xi", *titles):
        found = [(hit.article, hit.score) for hit in seed_corpus.search_titles(query, limit=5)]
        assert found == _reference_titles(seed_corpus, query, 5), query


def test_articles_sharing_a_title_are_all_found_in_article_order(tmp_path, gazetteer):
    from reader.corpus.corpus import Corpus

    for number in range(6):
        title = "Summit in Astana ends" if number % 2 else f"Other news {number}"
        (tmp_path / f"{number}.txt").write_text(f"{title}\n\nLeaders met in Astana.\n", encoding="utf-8")
    corpus = Corpus.load([tmp_path], gazetteer)
    hits = corpus.search_titles("summit in astana", limit=10)
    shared = [i for i, a in enumerate(corpus.articles) if a.title == "Summit in Astana ends"]
    assert [hit.article for hit in hits[: len(shared)]] == shared
    assert len({hit.score for hit in hits[: len(shared)]}) == 1
    assert [hit.article for hit in corpus.search_titles("summit in astana", limit=2)] == shared[:2]


def test_typing_letter_by_letter_finds_what_the_whole_query_finds(seed_corpus, gazetteer):
    from reader.corpus.corpus import Corpus

    fresh = Corpus.from_mentions(seed_corpus.articles, [list(m) for m in seed_corpus.mentions], gazetteer)
    for query in ["shangai cooperation", "putn", "xi jinping", "kazahstan"]:
        for prefix in _typed(query):  # what the search bar asks, one keystroke at a time
            seed_corpus.search(prefix, limit=12)
            seed_corpus.search_titles(prefix, limit=5)
        typed = [(h.entity.name, h.score, h.matched) for h in seed_corpus.search(query, limit=12)]
        whole = [(h.entity.name, h.score, h.matched) for h in fresh.search(query, limit=12)]
        assert typed == whole, query
        assert [(h.article, h.score) for h in seed_corpus.search_titles(query, limit=5)] == [
            (h.article, h.score) for h in fresh.search_titles(query, limit=5)
        ]


def test_remembered_results_are_not_shared_lists(seed_corpus):
    first = seed_corpus.search("putin", limit=5)
    first.clear()
    assert seed_corpus.search("putin", limit=5)
    assert seed_corpus.search("putin", limit=3) == seed_corpus.search("putin", limit=5)[:3]


def test_equal_scores_name_the_alias_closest_to_the_query(seed_corpus):
    # "putn" scores "Putin" and "Vladimir Putin" alike (a word it nearly is): the hit names the
    # closer one, whatever order the names were looked at in.
    hit = seed_corpus.search("putn", limit=1)[0]
    assert hit.entity.name == "Vladimir Putin" and hit.matched == "Putin"


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_the_ascii_search_form_is_the_folded_one(text):
    from reader.entities.normalize import _folded_search_form, search_form

    assert search_form(text) == _folded_search_form(text)
