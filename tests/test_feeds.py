"""RSS 2.0, Atom and RSS 1.0 feeds: each item an article at `FEED#N`, through the cache like a
file, with its HTML through the page extraction; bad feeds are one clear reason each."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.corpus.corpus import Corpus
from reader.indexer import index_paths
from reader.ingest import extracted
from reader.ingest import feed as feed_module
from reader.ingest.article import ArticleError
from reader.ingest.discover import discover, load_articles
from reader.ingest.formats import sniff
from reader.ingest.read import load_article, read_items
from reader.store.file_cache import Cache
from support import hostile
from support.corpus_view import signature
from support.paths import CORPUS

PAGES = CORPUS / "pages"
FEEDS = ("rss2.xml", "atom.xml", "rss1.rdf")


@pytest.fixture
def feeds(tmp_path: Path) -> Path:
    folder = tmp_path / "feeds"
    folder.mkdir()
    for name in FEEDS:
        shutil.copy(PAGES / name, folder / name)
    return folder


def _rss(items: list[tuple[str, str]], title: str = "Wire") -> str:
    # Each item's link is its title's: an item is the same item wherever it moves in the feed.
    body = "".join(
        f"<item><title>{escape(t)}</title><link>https://wire.example/{''.join(c for c in t if c.isalnum())[:40]}</link>"
        f"<description>{escape(d)}</description></item>"
        for t, d in items
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>{body}</channel></rss>'


def _touch_later(path: Path) -> None:
    # A rewrite within one mtime tick would look unchanged: move the mtime on, as time would.
    stamp = time.time_ns() + 2 * 10**9
    os.utime(path, ns=(stamp, stamp))


# ------------------------------------------------------------ each item is an article


def test_rss2_items_with_content_encoded_and_html_descriptions(feeds):
    items = read_items(feeds / "rss2.xml").items
    articles = [item.article for item in items]
    assert all(a is not None for a in articles)
    first, second, third = articles  # type: ignore[misc]
    assert [a.path for a in articles] == [f"{feeds / 'rss2.xml'}#{n}" for n in (1, 2, 3)]
    assert first.title == "Tokayev welcomes Xi to Nur-Sultan"
    assert first.source == "Steppe Herald"  # the feed's title
    assert first.url == "https://steppeherald.example/2022/09/14/tokayev-xi"
    assert first.date == "2022-09-14"
    # content:encoded (the full story) over description; its share link and script are not text.
    assert "rail links across Kazakhstan" in first.text and "Samarkand" in first.text
    assert "Share on Twitter" not in first.text and "alert" not in first.text and "Joe Biden" not in first.text
    assert first.text.startswith("Tokayev welcomes Xi to Nur-Sultan\n\nBy Aigerim Sadykova\n\n")
    # An escaped HTML description; the RSS author "email (Name)" is the name.
    assert second.text.startswith(
        "Putin and Xi meet in Samarkand\n\nBy Timur Nazarov\n\nRussian President Vladimir Putin"
    )
    assert "<a" not in second.text and "&lt;" not in second.text
    assert third.text == (
        "SCO leaders sign Samarkand declaration\n\nLeaders of the Shanghai Cooperation Organisation signed a"
        " declaration in Samarkand. Iran signed a memorandum on joining the bloc."
    )


def test_atom_html_content_over_summary_and_html_titles(feeds):
    first, second = (item.article for item in read_items(feeds / "atom.xml").items)
    assert first is not None and second is not None
    assert first.title == "NATO leaders gather in Vilnius"  # type="html": the tags are gone
    assert first.source == "Danube Dispatch" and first.date == "2023-07-11"  # published, not updated
    assert "Recep Tayyip Erdogan dropped his objection" in first.text
    assert "Jens Stoltenberg opens the summit" not in first.text  # the summary, when there is content
    assert "Emmanuel Macron" not in first.text  # an <aside> in the content
    assert (
        second.text
        == "Zelensky arrives in Vilnius\n\nVolodymyr Zelensky met Joe Biden on the second day of the summit."
    )
    assert second.date == "2023-07-11"  # updated, when there is no published


def test_rss1_items(feeds):
    first, second = (item.article for item in read_items(feeds / "rss1.rdf").items)
    assert first is not None and second is not None
    assert (first.title, first.source, first.date, first.url) == (
        "Finland joins NATO",
        "Baltic Ledger",
        "2023-04-04",
        "https://baltic.example/a",
    )
    assert "By Mikko Virtanen" in first.text and second.title == "Estonia votes"


def test_each_item_is_an_article_of_the_index_and_furniture_is_never_a_mention(feeds, gazetteer):
    result = index_paths([feeds], gazetteer, workers=1)
    names = [Path(a.path).name for a in result.corpus.articles]
    assert names == ["atom.xml#1", "atom.xml#2", "rss1.rdf#1", "rss1.rdf#2", "rss2.xml#1", "rss2.xml#2", "rss2.xml#3"]
    entities = {
        Path(a.path).name: {m.entity for m in ms} for a, ms in zip(result.corpus.articles, result.corpus.mentions)
    }
    assert {"Kassym-Jomart Tokayev", "Xi Jinping", "Kazakhstan"} <= entities["rss2.xml#1"]
    assert "Joe Biden" not in entities["rss2.xml#1"]  # in a <script> of the item's content
    assert "Emmanuel Macron" not in entities["atom.xml#1"]  # in an <aside> of the item's content
    assert {"Jens Stoltenberg", "Recep Tayyip Erdogan", "Vilnius"} <= entities["atom.xml#1"]
    for article, mentions in zip(result.corpus.articles, result.corpus.mentions):
        for mention in mentions:
            assert article.text[mention.start : mention.end] == mention.text


def test_the_index_gives_what_corpus_load_gives_cold_and_warm(feeds, gazetteer):
    (feeds / "empty_item.xml").write_text(_rss([("First", "Vladimir Putin spoke."), ("", ""), ("Third", "Xi spoke.")]))
    (feeds / "not_a_feed.xml").write_text('<?xml version="1.0"?><urlset xmlns="x"><url/></urlset>')
    (feeds / "plain.txt").write_text("Plain\n\nEmmanuel Macron met Olaf Scholz in Berlin.\n", encoding="utf-8")
    expected = signature(Corpus.load([feeds], gazetteer))
    cold = index_paths([feeds], gazetteer, workers=1)
    warm = index_paths([feeds], gazetteer, workers=1)
    assert signature(cold.corpus) == expected
    assert signature(warm.corpus) == expected
    assert warm.stats.extracted == 0
    problems = [str(p) for p in warm.corpus.problems]
    assert any("empty_item.xml#2: an item with neither a title nor any text" in p for p in problems)
    assert any("not_a_feed.xml: not a feed (an XML document with root <urlset>)" in p for p in problems)


def test_item_paths_open_one_item(feeds):
    feed = feeds / "rss2.xml"
    assert load_article(f"{feed}#2").title == "Putin and Xi meet in Samarkand"
    with pytest.raises(ArticleError, match=r"no item 9 \(the feed has 3\)"):
        load_article(f"{feed}#9")
    with pytest.raises(ArticleError, match="a feed: its items are read as"):
        load_article(feed)
    with pytest.raises(ArticleError, match="not a feed"):
        load_article(f"{PAGES / 'news_page.html'}#1")
    # A file whose own name ends in "#2" is that file.
    odd = feeds / "notes.txt#2"
    odd.write_text("Odd name\n\nText.\n")
    assert load_article(odd).title == "Odd name"


def test_a_named_item_is_indexed_alone(feeds, gazetteer):
    result = index_paths([f"{feeds / 'rss2.xml'}#3"], gazetteer, workers=1)
    assert [a.title for a in result.corpus.articles] == ["SCO leaders sign Samarkand declaration"]
    again = index_paths([f"{feeds / 'rss2.xml'}#3"], gazetteer, workers=1)
    assert again.stats.cached == 1


def test_feeds_are_walked_and_found_by_content(feeds, tmp_path):
    assert sorted(Path(p).name for p in discover([feeds]).files) == sorted(FEEDS)
    no_suffix = tmp_path / "headlines"
    shutil.copy(PAGES / "atom.xml", no_suffix)
    articles, problems = load_articles([no_suffix])
    assert [a.title for a in articles] == ["NATO leaders gather in Vilnius", "Zelensky arrives in Vilnius"]
    assert not problems


@given(st.binary(max_size=600))
def test_sniffing_never_fails(data):
    assert sniff(data) in (None, *{sniff(b"<rss>"), sniff(b"<html>")})


# ------------------------------------------------------------ the cache


def test_a_warm_start_reads_no_feed(feeds, gazetteer, calls, monkeypatch):
    index_paths([feeds], gazetteer, workers=1)
    assert len(calls) == 7
    extracted.forget_memory()
    monkeypatch.setattr(feed_module, "extract_feed", lambda source: pytest.fail("a feed was read again"))
    warm = index_paths([feeds], gazetteer, workers=1)
    assert warm.stats.cached == 7 and len(calls) == 7


def test_a_refreshed_feed_recognises_only_its_new_items(tmp_path, gazetteer, calls):
    feed = tmp_path / "wire.xml"
    old = [("Putin in Moscow", "Vladimir Putin spoke in Moscow."), ("Xi in Beijing", "Xi Jinping spoke in Beijing.")]
    feed.write_text(_rss(old))
    index_paths([tmp_path], gazetteer, workers=1)
    assert len(calls) == 2
    feed.write_text(_rss([("Macron in Paris", "Emmanuel Macron spoke in Paris."), *old]))
    _touch_later(feed)
    result = index_paths([tmp_path], gazetteer, workers=1)
    assert len(calls) == 3, "items that did not change were recognised again"
    assert [a.title for a in result.corpus.articles] == ["Macron in Paris", "Putin in Moscow", "Xi in Beijing"]
    assert [Path(a.path).name for a in result.corpus.articles] == ["wire.xml#1", "wire.xml#2", "wire.xml#3"]
    assert signature(result.corpus) == signature(Corpus.load([tmp_path], gazetteer))


def test_a_shrunk_or_deleted_feed_leaves_no_rows(tmp_path, gazetteer):
    feed = tmp_path / "wire.xml"
    feed.write_text(_rss([("One", "Vladimir Putin."), ("Two", "Xi Jinping."), ("Three", "Emmanuel Macron.")]))
    for paths in ([tmp_path], [feed]):
        index_paths(paths, gazetteer, workers=1)
        feed.write_text(_rss([("One", "Vladimir Putin.")]))
        _touch_later(feed)
        index_paths(paths, gazetteer, workers=1)
        with Cache() as cache:
            rows = cache.get_many([f"{feed}#{n}" for n in (1, 2, 3)] + [str(feed)])
        assert sorted(rows) == sorted([str(feed), f"{feed}#1"])
        feed.unlink()
        index_paths(paths, gazetteer, workers=1)
        with Cache() as cache:
            assert not cache.get_many([f"{feed}#1", str(feed)])
        feed.write_text(_rss([("One", "Vladimir Putin."), ("Two", "Xi Jinping."), ("Three", "Emmanuel Macron.")]))
        _touch_later(feed)


def test_an_item_opened_from_the_cache_reads_the_text_its_mentions_index(feeds, gazetteer):
    index_paths([feeds], gazetteer, workers=1)
    extracted.forget_memory()
    warm = index_paths([feeds], gazetteer, workers=1)
    for article, mentions in zip(warm.corpus.articles, warm.corpus.mentions):
        assert not article.loaded
        assert all(article.text[m.start : m.end] == m.text for m in mentions)
        assert not article.stale
    # The stored extraction gone too: the feed is read again, and gives the same text.
    shutil.rmtree(extracted.folder())
    extracted.forget_memory()
    again = index_paths([feeds], gazetteer, workers=1)
    assert [a.text for a in again.corpus.articles] == [a.text for a in warm.corpus.articles]


# ------------------------------------------------------------ bad feeds


BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
    + ']>\n<rss version="2.0"><channel><title>Bomb &lol9;</title><item><title>&lol9;</title>'
    "<description>&lol9;</description></item></channel></rss>"
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<rss version="2.0"><channel><title>X</title><item><title>&xxe;</title></item></channel></rss>'
)


@pytest.mark.parametrize("content", [BOMB, EXTERNAL], ids=["entity bomb", "external entity"])
def test_entities_are_refused_and_the_rest_loads(feeds, content):
    (feeds / "evil.xml").write_text(content)
    started = time.perf_counter()
    articles, problems = load_articles([feeds])
    assert time.perf_counter() - started < 10
    assert len(articles) == 7
    assert [Path(p.path).name for p in problems] == ["evil.xml"]
    assert "refused: the XML declares entities" in problems[0].reason
    assert "root:" not in "".join(a.text for a in articles)  # /etc/passwd was not read


def test_an_old_rss_doctype_is_no_entity(tmp_path):
    feed = tmp_path / "old.rss"
    feed.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        ' "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91"><channel><title>Old</title>'
        "<item><title>Putin speaks</title><description>Hello &amp; goodbye</description></item></channel></rss>"
    )
    (item,) = read_items(feed).items
    assert item.article is not None and item.article.text == "Putin speaks\n\nHello & goodbye"


def test_malformed_xml_is_read_as_far_as_it_goes(tmp_path):
    feed = tmp_path / "broken.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Broken & co</title>'
        "<item><title>Putin in Moscow</title><description>Vladimir Putin spoke. <b>bold</description></item>"
        "<item><title>Second</title><description>unclosed"
    )
    feed_read = read_items(feed)
    assert feed_read.items and feed_read.items[0].article is not None
    assert feed_read.items[0].article.title == "Putin in Moscow"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>', "no items"),
        ('<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>', "not a feed"),
        ("just words, no markup at all", "not a feed"),
        ("<<<<>>>>&&&&", "not a feed"),
    ],
)
def test_what_is_not_a_feed_is_one_reason(tmp_path, content, reason):
    path = tmp_path / "bad.xml"
    path.write_text(content)
    articles, problems = load_articles([path])
    assert not articles and len(problems) == 1 and reason in problems[0].reason and "\n" not in problems[0].reason


def test_items_past_the_limit_are_left_out_with_a_line(tmp_path, gazetteer, monkeypatch):
    monkeypatch.setattr(feed_module, "MAX_ITEMS", 5)
    path = tmp_path / "long.xml"
    path.write_text(_rss([(f"Item {n}", f"Vladimir Putin spoke {n} times.") for n in range(7)]))
    articles, problems = load_articles([tmp_path])
    assert len(articles) == 5
    assert [p.reason for p in problems] == ["only the first 5 of its 7 items are read"]
    for _ in range(2):  # cold and warm: the line is said both times
        result = index_paths([tmp_path], gazetteer, workers=1)
        assert len(result.corpus.articles) == 5
        assert [p.reason for p in result.corpus.problems] == ["only the first 5 of its 7 items are read"]


@pytest.mark.slow
def test_a_feed_of_ten_thousand_items(tmp_path, gazetteer):
    path = tmp_path / "archive.xml"
    path.write_text(
        _rss(
            [
                (f"Talks, day {n}", f"<p>Xi Jinping met Kassym-Jomart Tokayev in Astana for talks number {n}.</p>")
                for n in range(10_000)
            ]
        )
    )
    (tmp_path / "other.txt").write_text("Other\n\nVladimir Putin spoke.\n")
    started = time.perf_counter()
    cold = index_paths([tmp_path], gazetteer, workers=1)
    cold_seconds = time.perf_counter() - started
    assert len(cold.corpus.articles) == 10_001 and not cold.corpus.problems
    assert cold.corpus.articles[9_999].title == "Talks, day 9999"
    assert cold_seconds < 120
    started = time.perf_counter()
    warm = index_paths([tmp_path], gazetteer, workers=1)
    assert time.perf_counter() - started < 10
    assert warm.stats.cached == 10_001
    assert warm.corpus.articles[4_000].text.endswith("for talks number 4000.")


# ------------------------------------------------------------ any feed


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


@given(st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=4), _TEXT)
def test_any_feed_gives_items_or_one_reason(tmp_path_factory, items, title):
    path = tmp_path_factory.mktemp("feed") / "feed.xml"
    path.write_text(_rss(items, escape(title)), encoding="utf-8")
    try:
        feed_read = read_items(path)
    except ArticleError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    for item in feed_read.items:
        if item.article is None:
            assert item.problem and "\n" not in item.problem
            continue
        article = item.article
        assert len(article.safe) == len(article.text) and not set(article.safe) & hostile.TERMINAL_ACTIVE - {"\n"}
        for one_line in (article.title, article.source):
            assert not set(one_line) & hostile.TERMINAL_ACTIVE and "\n" not in one_line


# ------------------------------------------------------------ in worker processes, while the app waits


@pytest.mark.slow
def test_feeds_and_files_on_a_pool_give_what_corpus_load_gives(tmp_path, gazetteer):
    for n in range(210):  # enough feeds for a pool of their own, and files for a second
        (tmp_path / f"feed{n:03d}.xml").write_text(
            _rss([(f"Putin day {n}", f"Vladimir Putin spoke on day {n}."), (f"Xi day {n}", "Xi Jinping replied.")])
        )
        (tmp_path / f"note{n:03d}.txt").write_text(f"Note {n}\n\nEmmanuel Macron met Olaf Scholz on day {n}.\n")
    expected = signature(Corpus.load([tmp_path], gazetteer))
    cold = index_paths([tmp_path], gazetteer, workers=2)
    assert cold.stats.workers == 2 and len(cold.corpus.articles) == 630
    assert signature(cold.corpus) == expected
    assert signature(index_paths([tmp_path], gazetteer, workers=2).corpus) == expected


@pytest.mark.slow
def test_provisional_corpora_hold_the_feeds_items_in_order(tmp_path, gazetteer, monkeypatch):
    import types

    from reader.indexer import provisional

    shutil.copy(PAGES / "rss2.xml", tmp_path / "a_feed.xml")
    for n in range(250):
        (tmp_path / f"b{n:03d}.txt").write_text(f"Note {n}\n\nVladimir Putin spoke on day {n}.\n")
    ticks = iter(range(0, 10**9, 10))  # a clock that moves ten seconds a look: offers come at once
    monkeypatch.setattr(provisional, "time", types.SimpleNamespace(perf_counter=lambda: float(next(ticks))))
    offered: list[list[str]] = []
    final = index_paths(
        [tmp_path], gazetteer, workers=1, partial=lambda c: offered.append([a.path for a in c.articles])
    )
    paths = [a.path for a in final.corpus.articles]
    assert [Path(p).name for p in paths[:4]] == ["a_feed.xml#1", "a_feed.xml#2", "a_feed.xml#3", "b000.txt"]
    assert offered
    for shown in offered:
        assert shown == paths[: len(shown)] and len(shown) >= 3
