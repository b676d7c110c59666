"""Recognition and linking: the traps named in the design, and articles the engine has never seen.

The unseen articles below are invented for these tests: their people, organisations and
summits are in no gazetteer, so only the rules can find them.
"""

from __future__ import annotations

import datetime
import json
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.corpus.corpus import Corpus
from reader.entities.gazetteer import GazetteerError, load_toml
from reader.entities.link import link
from reader.entities.recognize import Recognizer
from reader.ingest.read import make_article


def corpus_of(gazetteer, *texts: str) -> Corpus:
    articles = [make_article(f"article{i}.txt", text) for i, text in enumerate(texts)]
    return Corpus.build(articles, gazetteer)


def spans(corpus: Corpus, article: int = 0) -> list[tuple[str, str, str]]:
    return [(m.text, m.type, m.entity) for m in corpus.mentions[article]]


def entity_of(corpus: Corpus, text: str, article: int = 0, nth: int = 0) -> str:
    found = [m for m in corpus.mentions[article] if m.text == text]
    assert len(found) > nth, f"{text!r} not recognised; got {spans(corpus, article)}"
    return found[nth].entity


# ---------------------------------------------------------------- spans are names only


def test_titles_articles_and_possessives_stay_outside_spans(gazetteer):
    corpus = corpus_of(
        gazetteer,
        "Headline\n\nChina’s President Xi Jinping met Russian President Vladimir Putin. "
        "Xi's visit was noted by the Kremlin, and Putin’s aides said the West was watching.",
    )
    texts = [m.text for m in corpus.mentions[0]]
    assert "Xi Jinping" in texts and "Vladimir Putin" in texts
    assert "China" in texts and "Russian" in texts
    assert "Xi" in texts and "Putin" in texts  # possessives ’s and 's are not in the span
    assert "West" in texts and "Kremlin" in texts
    assert not any(t.startswith(("President", "the ", "The ")) or t.endswith(("’s", "'s")) for t in texts)


def test_affixes_are_not_part_of_names(gazetteer):
    corpus = corpus_of(
        gazetteer, "Headline\n\nThe ex-Soviet republics resisted the U.S.-led order and pro-Russian separatists."
    )
    found = {(m.text, m.type) for m in corpus.mentions[0]}
    assert ("Soviet", "NORP") in found
    assert ("U.S.", "GPE") in found
    assert ("Russian", "NORP") in found


def test_a_title_with_a_demonym_keeps_the_demonym(gazetteer):
    corpus = corpus_of(gazetteer, "Headline\n\nKazakh President Kassym-Jomart Tokayev spoke in Astana.")
    assert ("Kazakh", "NORP") in {(m.text, m.type) for m in corpus.mentions[0]}
    assert entity_of(corpus, "Kassym-Jomart Tokayev") == "Kassym-Jomart Tokayev"


# ---------------------------------------------------------------- identity traps


def test_xi_the_person_is_not_the_city_of_xian(gazetteer):
    corpus = corpus_of(
        gazetteer, "Headline\n\nPresident Xi Jinping hosted leaders in Xi’an. Xi spoke first. Xi'an is old."
    )
    person = entity_of(corpus, "Xi Jinping")
    assert entity_of(corpus, "Xi") == person
    city = entity_of(corpus, "Xi’an")
    assert city != person
    assert corpus.entities[city].type == "GPE" and corpus.entities[person].type == "PERSON"
    assert entity_of(corpus, "Xi'an") == city


def test_spelling_and_transliteration_variants_are_one_entity(gazetteer):
    corpus = corpus_of(
        gazetteer,
        "Headline\n\nPresident Kassym-Jomart Tokaev met the Shanghai Cooperation Organisation.",
        "Headline\n\nPresident Tokayev addressed the Shanghai Cooperation Organization (SCO). The SCO agreed.",
    )
    assert entity_of(corpus, "Kassym-Jomart Tokaev", 0) == entity_of(corpus, "Tokayev", 1)
    organisation = entity_of(corpus, "Shanghai Cooperation Organisation", 0)
    assert organisation == entity_of(corpus, "Shanghai Cooperation Organization", 1) == entity_of(corpus, "SCO", 1)


def test_different_summits_are_not_merged(gazetteer):
    corpus = corpus_of(gazetteer, "Headline\n\nThe G20 summit followed the G7 summit, and the SCO summit came later.")
    summits = [m.entity for m in corpus.mentions[0] if m.type == "EVENT"]
    assert len(set(summits)) == 3, summits


def test_a_surname_means_the_li_that_the_article_named(gazetteer):
    corpus = corpus_of(
        gazetteer,
        "Headline\n\nCommunist Party official Li Zhanshu met Russian lawmakers. “We understand,” Li said.",
        "Headline\n\nSpecial Representative Li Hui toured Europe. “Support matters,” said Li Mingjiang, "
        "an associate professor. “It is significant,” according to Li.",
    )
    assert entity_of(corpus, "Li", 0) == "Li Zhanshu"
    assert entity_of(corpus, "Li", 1) == "Li Mingjiang"
    people = {m.entity for doc in corpus.mentions for m in doc if m.type == "PERSON"}
    assert {"Li Zhanshu", "Li Hui", "Li Mingjiang"} <= people


def test_a_surname_alone_links_to_the_corpus_only_person_of_that_name(gazetteer):
    corpus = corpus_of(
        gazetteer,
        "Headline\n\n“Nothing changes,” said Oksana Veremchuk-Daly, a fellow at the Lviv Policy Institute.",
        "Headline\n\n“It is decided,” Veremchuk-Daly said on Tuesday.",
    )
    assert entity_of(corpus, "Veremchuk-Daly", 1) == "Oksana Veremchuk-Daly"


# ---------------------------------------------------------------- summits


def test_summit_series_instance_and_generic_mentions(gazetteer):
    corpus = corpus_of(
        gazetteer,
        "Leaders gather\n\nLeaders met at the Shanghai Cooperation Organization summit in Astana, Kazakhstan, "
        "on July 3, 2024. The summit ended on Thursday. Analysts said the two-day meeting changed little.",
    )
    events = [m for m in corpus.mentions[0] if m.type == "EVENT"]
    assert [m.entity for m in events] == ["SCO summit"] * 3
    assert [m.generic for m in events] == [False, True, True]
    assert [m.text for m in events[1:]] == ["summit", "two-day meeting"]
    assert all(m.instance == "SCO summit 2024 Astana" for m in events)


def test_a_summit_mentioned_in_passing_does_not_capture_generic_references(gazetteer):
    corpus = corpus_of(
        gazetteer,
        "Headline\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n\nThe talks overlap with the G7 summit in Hiroshima, Japan. "
        "The gathering in Xi’an is the first of its kind.",
    )
    assert not [m for m in corpus.mentions[0] if m.generic]


# ---------------------------------------------------------------- unseen articles

UNSEEN_MARITIME = """Baltic-Andean council meets in Tallinn

Prime Minister Amaru Quispe-Lindqvist arrived in Tallinn on Monday for the Tallinn Water Summit, \
where delegates of the Baltic-Andean Cooperation Council (BACC) will discuss fisheries.

“We came to listen,” Quispe-Lindqvist said. Foreign Minister Ilse Varjonen, who chairs the BACC, \
said the summit would end on Wednesday.

Marta Oyelaran-Sipe, a senior fellow at the Rotterdam Institute for Ocean Governance, said the \
two-day meeting was overdue. “Nobody else is trying,” according to Oyelaran-Sipe.
"""

UNSEEN_ELECTION = """Coalition talks stall

The Verdant Union Party lost its majority in Estonia, spokesperson Taavi Koorits told reporters. \
Opposition leader Helena Rautsepp-Mäe said she would meet President Alar Karis on Friday.

“The numbers do not add up,” said Kadri Põldsaar, director of the Narva Centre for Civic Studies.
"""


def test_unseen_people_organisations_and_summits_are_found(gazetteer):
    corpus = corpus_of(gazetteer, UNSEEN_MARITIME, UNSEEN_ELECTION)
    found = {(m.text, m.type) for doc in corpus.mentions for m in doc}
    expected = {
        ("Amaru Quispe-Lindqvist", "PERSON"),
        ("Quispe-Lindqvist", "PERSON"),
        ("Tallinn Water Summit", "EVENT"),
        ("Baltic-Andean Cooperation Council", "ORG"),
        ("BACC", "ORG"),
        ("Ilse Varjonen", "PERSON"),
        ("Marta Oyelaran-Sipe", "PERSON"),
        ("Rotterdam Institute for Ocean Governance", "ORG"),
        ("Oyelaran-Sipe", "PERSON"),
        ("Verdant Union Party", "ORG"),
        ("Taavi Koorits", "PERSON"),
        ("Helena Rautsepp-Mäe", "PERSON"),
        ("Kadri Põldsaar", "PERSON"),
        ("Narva Centre for Civic Studies", "ORG"),
        ("Tallinn", "GPE"),
        ("Estonia", "GPE"),
    }
    assert expected <= found, sorted(expected - found)
    # Titles and roles never become part of the names.
    assert not any(text.startswith(("Prime", "Foreign", "Opposition", "President ")) for text, _ in found)


def test_unseen_acronym_surname_and_generic_summit_link_up(gazetteer):
    corpus = corpus_of(gazetteer, UNSEEN_MARITIME)
    assert entity_of(corpus, "BACC") == entity_of(corpus, "Baltic-Andean Cooperation Council")
    assert entity_of(corpus, "Quispe-Lindqvist") == "Amaru Quispe-Lindqvist"
    assert entity_of(corpus, "Oyelaran-Sipe") == "Marta Oyelaran-Sipe"
    generic = [m for m in corpus.mentions[0] if m.generic]
    assert generic and all(m.entity == "Tallinn Water Summit" for m in generic)


def test_headline_capitals_do_not_make_names(gazetteer):
    corpus = corpus_of(gazetteer, "Xi Snubs Putin Amid Summit With Central Asia Power Play\n\nBody text.")
    assert {m.text for m in corpus.mentions[0]} == {"Xi", "Putin", "Central Asia"}


def test_sentence_starts_are_not_people(gazetteer):
    corpus = corpus_of(
        gazetteer, "Headline\n\nAnalysts say the plan failed. Observers said little. However, Residents told us."
    )
    assert not [m for m in corpus.mentions[0] if m.type == "PERSON"]


def test_user_corrections_add_merge_split_and_suppress(tmp_path):
    from reader.entities.gazetteer import load_gazetteer

    corrections = tmp_path / "entities.toml"
    corrections.write_text(
        """
[[entity]]
name = "Zorba Quill"
type = "PERSON"
aliases = ["Quill"]

[[merge]]
into = "Vladimir Putin"
names = ["VVP"]

[[entity]]
name = "VVP"
type = "PERSON"

[suppress]
names = ["Kremlin"]
""",
        encoding="utf-8",
    )
    gazetteer = load_gazetteer(corrections)
    corpus = corpus_of(gazetteer, "Headline\n\nQuill met VVP at the Kremlin. Putin smiled.")
    assert entity_of(corpus, "Quill") == "Zorba Quill"
    assert entity_of(corpus, "VVP") == entity_of(corpus, "Putin") == "Vladimir Putin"
    assert "Kremlin" not in {m.text for m in corpus.mentions[0]}


# ---------------------------------------------------------------- properties

_name_like = st.sampled_from(
    [
        "Xi",
        "Xi’an",
        "Putin's",
        "President",
        "the West",
        "SCO (SCO)",
        "summit",
        "the summit",
        "Li",
        "Li Hui",
        "said",
        "according to",
        "(",
        ")",
        "-",
        "’",
        "'",
        " ",
        "\n",
        "\n\n",
        ".",
        ",",
        "U.S.-led",
        "Organisation",
        "Institute for",
        "Tallinn Water Summit",
        "Mr.",
        "É",
        "ǅ",
        "\u202e",
        "\x1b[2J",
        "[@click=app.quit]",
    ]
)
_texts = st.one_of(
    st.text(max_size=300),
    st.lists(_name_like, max_size=60).map("".join),
    st.lists(st.one_of(_name_like, st.text(max_size=5)), max_size=60).map("".join),
)


@given(_texts)
def test_any_text_gives_in_bounds_non_overlapping_spans_that_match(text):
    from reader.entities.gazetteer import load_gazetteer

    gazetteer = _cached_gazetteer(load_gazetteer)
    article = make_article("x.txt", text) if text.strip() else None
    safe = article.safe if article else text
    documents = [Recognizer(gazetteer).recognize(safe, article.debris if article else (), "2024-01-01")]
    link(documents, gazetteer)  # a document whose mentions linking settles becomes a new list
    previous_end = 0
    for m in documents[0]:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= previous_end
        assert m.text == safe[m.start : m.end]
        assert m.entity
        previous_end = m.end


_GAZETTEER = []


def _cached_gazetteer(load):
    if not _GAZETTEER:
        _GAZETTEER.append(load(None))
    return _GAZETTEER[0]


# The per-article searches below replace regexes that were compiled for every article; each
# must find exactly what its regex finds.
_SCRAPS = st.lists(
    st.sampled_from(
        [
            "Li",
            "Li Hui",
            "Hui",
            "ASEAN",
            "AS",
            "'s",
            "'",
            "-",
            " ",
            "\t",
            "(",
            ")",
            "(ASEAN)",
            "(SCO)",
            "(G20)",
            "(Ab)",
            "x",
            "Z",
            "_",
            ".",
            "\n",
            "s",
        ]
    ),
    max_size=30,
).map("".join)


@given(_SCRAPS)
def test_acronym_definitions_are_what_the_definition_regex_finds(form):
    import re

    from reader.entities.spans import _acronym_definitions

    pattern = re.compile(r"(?:'s)?[ \t]*\(([A-Z][A-Za-z]?[A-Z0-9&\-]{0,8}[A-Z0-9])\)")
    assert list(_acronym_definitions(form)) == [(m.start(), m.group(1)) for m in pattern.finditer(form)]


@given(_SCRAPS, st.lists(st.sampled_from(["Li", "Li Hui", "Hui", "ASEAN", "AS", "s"]), min_size=1, unique=True))
def test_literal_matches_are_what_the_alternation_regex_finds(form, parts):
    import re

    from reader.entities.lexicon import _NAME_FOLLOWS, _SURNAME_GLUED, _UPPER, _WORD_OR_APOSTROPHE
    from reader.entities.spans import _literal_matches

    ordered = tuple(sorted(parts, key=len, reverse=True))
    pattern = re.compile(
        r"(?<![\w'-])(" + "|".join(re.escape(p) for p in ordered) + rf")(?![\w-]|'(?!s\b))(?![ \t]+[{_UPPER}])"
    )
    fits = lambda end: not _SURNAME_GLUED.match(form, end) and not _NAME_FOLLOWS.match(form, end)  # noqa: E731
    assert list(_literal_matches(form, ordered, _WORD_OR_APOSTROPHE, fits)) == [
        m.span() for m in pattern.finditer(form)
    ]


def test_a_gazetteer_file_is_parsed_once_and_then_read_from_its_kept_copy(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("READER_CACHE_DIR", str(cache))
    source = tmp_path / "entities.toml"
    source.write_text(
        '[[entity]]\nname = "Zorba Quill"\ntype = "PERSON"\naliases = ["Quill", "Zörbá"]\n', encoding="utf-8"
    )
    expected = tomllib.loads(source.read_text(encoding="utf-8"))
    assert load_toml(source) == expected
    (copy,) = (cache / "parsed").iterdir()
    assert json.loads(copy.read_text(encoding="utf-8")) == expected
    # Read from the copy: a copy that says something else is what comes back (it is the one read) …
    copy.write_text(json.dumps({"entity": []}), encoding="utf-8")
    assert load_toml(source) == {"entity": []}
    # … a damaged copy is parsed again and replaced …
    copy.write_text('{"entity": [', encoding="utf-8")
    assert load_toml(source) == expected
    assert json.loads(copy.read_text(encoding="utf-8")) == expected
    # … and a changed file is a new copy.
    source.write_text('[suppress]\nnames = ["Breaking News"]\n', encoding="utf-8")
    assert load_toml(source) == {"suppress": {"names": ["Breaking News"]}}
    assert len(list((cache / "parsed").iterdir())) == 2


def test_a_gazetteer_file_with_dates_or_errors_is_parsed_every_time(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("READER_CACHE_DIR", str(cache))
    dated = tmp_path / "dated.toml"
    dated.write_text("[suppress]\nnames = []\nsince = 2024-05-01\n", encoding="utf-8")
    assert load_toml(dated)["suppress"]["since"] == datetime.date(2024, 5, 1)  # no JSON form: not kept
    assert not (cache / "parsed").exists() or not list((cache / "parsed").iterdir())
    broken = tmp_path / "broken.toml"
    broken.write_text("[[entity]\nname = ", encoding="utf-8")
    with pytest.raises(GazetteerError, match="broken.toml"):
        load_toml(broken)
    with pytest.raises(GazetteerError, match="missing.toml"):
        load_toml(tmp_path / "missing.toml")


def test_a_read_only_cache_folder_only_costs_the_parse(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("READER_CACHE_DIR", str(blocked))
    source = tmp_path / "entities.toml"
    source.write_text('[suppress]\nnames = ["x"]\n', encoding="utf-8")
    assert load_toml(source) == {"suppress": {"names": ["x"]}}


def test_old_parsed_copies_are_dropped_beyond_a_few(tmp_path, monkeypatch):
    from reader.entities import gazetteer

    cache = tmp_path / "cache"
    monkeypatch.setenv("READER_CACHE_DIR", str(cache))
    source = tmp_path / "entities.toml"
    for edit in range(gazetteer.KEPT_COPIES + 5):
        source.write_text(f'[suppress]\nnames = ["edit {edit}"]\n', encoding="utf-8")
        assert load_toml(source) == {"suppress": {"names": [f"edit {edit}"]}}
    copies = list((cache / "parsed").glob("*.json"))
    assert len(copies) == gazetteer.KEPT_COPIES
    assert {"names": [f"edit {gazetteer.KEPT_COPIES + 4}"]} in [json.loads(c.read_text())["suppress"] for c in copies]


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_the_ascii_identity_key_is_the_full_folding(name):
    """ASCII names skip the Unicode folding: the key must be the one the folding gives."""
    import unicodedata

    from reader.entities.normalize import _NOT_ALNUM, _SPELLING, identity_key, match_form

    text = unicodedata.normalize("NFKD", match_form(name))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("'", "")
    text = _NOT_ALNUM.sub("", text)
    for pattern, replacement in _SPELLING:
        text = pattern.sub(replacement, text)
    assert identity_key(name) == text
