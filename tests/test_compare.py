"""What each source says: one section per source, whole sentences in the articles' order, hidden
text left out unless asked for, the two orders, the JSON records and the plain text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.cells import cell_len

from reader.corpus.compare import (
    BY_COUNT,
    BY_DATE,
    compare,
    compare_records,
    date_key,
    other_order,
    plan,
    render_text,
    wrap,
)
from reader.corpus.corpus import Corpus
from reader.ingest.read import load_article
from reader.ingest.sanitize import json_line
from support.paths import SEEDS

PUTIN = "Vladimir Putin"


def write(folder: Path, name: str, body: str, **meta: str) -> None:
    front = "".join(f"{key}: {value}\n" for key, value in meta.items())
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"---\n{front}---\n{body}" if meta else body, encoding="utf-8")


def test_one_section_per_source_with_every_shown_mention_in_a_whole_sentence(seed_corpus):
    corpus = seed_corpus
    sections = compare(corpus, PUTIN)
    stops = corpus.stops(PUTIN, hidden=False)[0]
    assert {corpus.articles[a].source for a, _ in stops} == {s.source for s in sections}
    assert {"VOA", "DW"} <= {s.source for s in sections}
    assert sum(s.count for s in sections) == len(stops) == 22
    found = []
    for section in sections:
        assert section.titles == [corpus.articles[a].title for a in section.articles]
        assert section.count == sum(len(s.spans) for s in section.sentences)
        # In the articles' order, each sentence once.
        assert [(s.article, s.start) for s in section.sentences] == sorted(
            {(s.article, s.start) for s in section.sentences}
        )
        for sentence in section.sentences:
            article = corpus.articles[sentence.article]
            assert sentence.text == article.text[sentence.start : sentence.end]
            assert not any(start <= sentence.start < end for start, end in article.debris)
            mentions = corpus.mentions[sentence.article]
            assert corpus.mentions[sentence.article][sentence.first].entity == PUTIN
            for mention in sentence.mentions:
                assert mentions[mention.index].start == mention.start
                assert sentence.start <= mention.start < mention.end <= sentence.end
            found.extend((sentence.article, m.index) for m in sentence.mentions if m.entity == PUTIN)
    assert sorted(found) == stops


def test_hidden_text_is_left_out_unless_asked_for(seed_corpus):
    shown = compare(seed_corpus, PUTIN)
    every = compare(seed_corpus, PUTIN, hidden=True)
    assert sum(s.count for s in every) == len(seed_corpus.stops(PUTIN, hidden=True)[0]) == 24
    extra = [s for section in every for s in section.sentences if s not in [t for u in shown for t in u.sentences]]
    assert extra and all(any(a <= s.start < b for a, b in seed_corpus.articles[s.article].debris) for s in extra), (
        "the sentences added are those in hidden text (the caption printed twice)"
    )


def test_a_summits_generic_references_come_with_it(seed_corpus):
    # "the summit", "the two-day meeting" are mentions of the summit: their sentences are there.
    sentences = [s for section in compare(seed_corpus, "SCO summit") for s in section.sentences]
    shown = {(s.article, m.index) for s in sentences for m in s.mentions if m.entity == "SCO summit"}
    stops = seed_corpus.stops("SCO summit", hidden=False)[0]
    generic = {(a, i) for a, i in stops if seed_corpus.mentions[a][i].generic}
    assert generic and generic <= shown == set(stops)


def test_an_article_known_only_by_its_file_name_is_a_source_of_its_own(tmp_path, gazetteer):
    body = "Putin meets Xi\n\nVladimir Putin met Xi Jinping in Moscow. They talked.\n"
    write(tmp_path / "a", "story.txt", body)
    write(tmp_path / "b", "story.txt", body)  # the same file name in another folder
    write(tmp_path / "c", "one.txt", body, source="VOA", title="Putin meets Xi")
    write(tmp_path / "c", "two.txt", body + "Putin left.\n", source="VOA", title="Putin leaves")
    corpus = Corpus.load([tmp_path], gazetteer)
    sections = compare(corpus, PUTIN)
    assert sorted(s.source for s in sections) == ["VOA", "story.txt", "story.txt"]
    voa = next(s for s in sections if s.source == "VOA")
    assert voa.titles == ["Putin meets Xi", "Putin leaves"]
    assert voa.count == 5
    assert [s.text for s in voa.sentences] == [
        "Putin meets Xi",
        "Vladimir Putin met Xi Jinping in Moscow.",
        "Putin meets Xi",
        "Vladimir Putin met Xi Jinping in Moscow.",
        "Putin left.",
    ]
    # One record per article, in the same order.
    records = compare_records(corpus, PUTIN)
    assert [(r["source"], Path(r["doc"]).parent.name) for r in records][:2] == [("VOA", "c"), ("VOA", "c")]
    assert len(records) == 4


def test_sources_are_ordered_by_date_where_known_else_by_mentions_and_the_other_way(tmp_path, gazetteer):
    one = "Putin met Xi. "
    write(tmp_path, "late.txt", "Late\n\n" + one * 1, source="Late News", date="2024-07-03")
    write(tmp_path, "early.txt", "Early\n\n" + one * 2, source="Early Post", date="14 September 2022")
    write(tmp_path, "many.txt", "Many\n\n" + one * 5, source="Many Times")
    write(tmp_path, "few.txt", "Few\n\n" + one * 3, source="Few Herald")
    corpus = Corpus.load([tmp_path], gazetteer)
    by_date = [s.source for s in compare(corpus, "Vladimir Putin", order=BY_DATE)]
    assert by_date == ["Early Post", "Late News", "Many Times", "Few Herald"]
    by_count = [s.source for s in compare(corpus, "Vladimir Putin", order=BY_COUNT)]
    assert by_count == ["Many Times", "Few Herald", "Early Post", "Late News"]
    assert other_order(BY_DATE) == BY_COUNT and other_order(BY_COUNT) == BY_DATE
    assert [s.source for s in plan(corpus, "Vladimir Putin")] == by_date  # no text read for the order
    with pytest.raises(ValueError):
        compare(corpus, "Vladimir Putin", order="alphabet")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2022-09-14", "2022-09-14"),
        ("2022-09-14T10:00:00Z", "2022-09-14"),
        ("14 September 2022", "2022-09-14"),
        ("Sep. 14, 2022", "2022-09-14"),
        ("Wednesday, September 14th, 2022", "2022-09-14"),
        ("2022", "2022-00-00"),
        ("last week", ""),
        ("", ""),
    ],
)
def test_dates_are_read_in_the_usual_forms(text, key):
    assert date_key(text) == key


def test_records_are_json_with_the_files_own_text(seed_corpus):
    records = compare_records(seed_corpus, PUTIN)
    assert {r["source"] for r in records} == {s.source for s in compare(seed_corpus, PUTIN)}
    for record in records:
        assert list(record) == ["entity", "source", "doc", "title", "date", "sentences"]
        assert record["entity"] == PUTIN
        content = load_article(record["doc"]).text
        for sentence in record["sentences"]:
            assert list(sentence) == ["start", "end", "text"]
            assert sentence["text"] == content[sentence["start"] : sentence["end"]]
        assert json.loads(json_line(record)) == record
    assert compare_records(seed_corpus, "Nobody At All") == []


def test_the_plain_text_is_wrapped_at_words_and_safe(tmp_path, gazetteer):
    sections = compare(Corpus.load([SEEDS], gazetteer), PUTIN)
    for width in (40, 60, 80):
        text = render_text(sections, PUTIN, width)
        assert all(cell_len(line) <= width for line in text.splitlines())
        flat = " ".join(text.split())
        for section in sections:
            for sentence in section.sentences:
                assert " ".join(sentence.text.split()) in flat
    write(
        tmp_path,
        "evil.txt",
        "Evil\n\nVladimir Putin said \x1b[31mred\x1b[0m and \x07 rang.\n",
        source="Bad\x1b]0;x\x07",
    )
    evil = render_text(compare(Corpus.load([tmp_path], gazetteer), PUTIN), PUTIN, 80)
    assert "\x1b" not in evil and "\x07" not in evil
    assert "␛[31mred" in evil


def test_wrap_cuts_at_spaces_and_long_words_where_the_row_ends():
    text = "Vladimir Putin met Xi Jinping in Samarkand, Uzbekistan"
    rows = wrap(text, 20)
    assert [text[a:b] for a, b in rows] == ["Vladimir Putin met", "Xi Jinping in", "Samarkand,", "Uzbekistan"]
    long = "a" * 25
    assert [long[a:b] for a, b in wrap(long, 10)] == ["a" * 10, "a" * 10, "a" * 5]
    wide = "習近平 會見 普京 在 撒馬爾罕"
    assert all(cell_len(wide[a:b]) <= 8 for a, b in wrap(wide, 8, cell_len))
