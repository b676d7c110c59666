"""Saved web pages: the story's text and the page's metadata, never its furniture; every kind of
bad page is one clear reason and the rest still loads."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reader.indexer import index_paths
from reader.ingest import extracted
from reader.ingest import html as html_module
from reader.ingest.article import ArticleError
from reader.ingest.discover import discover, load_articles
from reader.ingest.formats import FEED, PAGE, TEXT, detect, sniff
from reader.ingest.read import MAX_ARTICLE_BYTES, load_article
from support import hostile
from support.paths import CORPUS

PAGES = CORPUS / "pages"

# Names that appear only in each page's furniture (navigation, scripts, styles, cookie banner,
# related links, newsletter box, comments, side columns, footer), and names of its story.
FURNITURE = {
    "news_page.html": {
        "Joe Biden",
        "NATO",
        "Olaf Scholz",
        "Brazil",
        "Canada",
        "Emmanuel Macron",
        "Recep Tayyip Erdogan",
        "Narendra Modi",
        "Justin Trudeau",
        "Jacinda Ardern",
        "Luiz Inácio Lula da Silva",
        "Jair Bolsonaro",
        "São Paulo",
        "Mexico",
        "Argentina",
        "Angela Merkel",
        "G20",
    },
    "wire_story.html": {
        "Joe Biden",
        "Emmanuel Macron",
        "Jens Stoltenberg",
        "NATO",
        "Olaf Scholz",
        "Germany",
        "Egypt",
        "Kenya",
        "Boris Johnson",
        "Sri Lanka",
        "Maldives",
        "Shinzo Abe",
        "Japan",
        "Tehran",
        "London",
        "Paris",
        "Tokyo",
    },
    "table_layout_cp1252.html": {
        "Emmanuel Macron",
        "Karachi",
        "Lahore",
        "Joe Biden",
        "Taiwan",
        "Imran Khan",
        "Islamabad",
    },
    "short_brief.html": {"Emmanuel Macron", "Olaf Scholz", "Joe Biden", "Poland", "Andrzej Duda", "Justin Trudeau"},
}
STORY = {
    "news_page.html": {"Xi Jinping", "Kassym-Jomart Tokayev", "Vladimir Putin", "Kazakhstan", "Uzbekistan", "Iran"},
    "wire_story.html": {"Recep Tayyip Erdogan", "Antonio Guterres", "Hulusi Akar", "United Nations", "Odesa"},
    "table_layout_cp1252.html": {"Narendra Modi", "Shehbaz Sharif", "Vladimir Putin", "Xi Jinping", "India"},
    "short_brief.html": {"NATO", "Jens Stoltenberg", "Vilnius", "Finland", "Sweden"},
}


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in FURNITURE:
        shutil.copy(PAGES / name, folder / name)
    return folder


def _entities_by_file(corpus) -> dict[str, set[str]]:
    return {
        Path(article.path).name: {mention.entity for mention in mentions}
        for article, mentions in zip(corpus.articles, corpus.mentions)
    }


# ------------------------------------------------------------ the story, not the furniture


def test_names_in_the_furniture_are_never_mentions(pages, gazetteer):
    result = index_paths([pages], gazetteer, workers=1)
    found = _entities_by_file(result.corpus)
    assert set(found) == set(FURNITURE)
    for name, names in found.items():
        assert not names & FURNITURE[name], f"{name}: furniture became mentions: {names & FURNITURE[name]}"
        assert STORY[name] <= names, f"{name}: story names missing: {STORY[name] - names}"


def test_furniture_is_not_in_the_text(pages):
    page = load_article(pages / "news_page.html")
    for furniture in (
        "Accept all",
        "Sign up for our newsletter",
        "Share on Facebook",
        "More from World",
        "Privacy policy",
        "dataLayer",
        "cookie-banner",
        "Related",
        "Home › World",
    ):
        assert furniture not in page.text
    wire = load_article(pages / "wire_story.html")
    for furniture in ("Read more", "Most read", "Comments (3)", "kremlinwatcher", "Log in", "Careers", "Tags:"):
        assert furniture not in wire.text


def test_a_news_page_is_its_headline_byline_and_paragraphs(pages):
    page = load_article(pages / "news_page.html")
    assert page.title == "Xi courts Central Asia as Putin looks on"
    assert page.source == "The Daily Planet"  # og:site_name
    assert page.date == "2022-09-14"  # article:published_time
    assert page.url == "https://dailyplanet.example/world/2022/09/14/xi-central-asia"  # canonical
    paragraphs = page.text.split("\n\n")
    assert paragraphs[0] == page.title and paragraphs[1] == "By Lois Lane"
    assert paragraphs[2].startswith("Chinese President Xi Jinping arrived in Kazakhstan")
    assert paragraphs[-1].startswith("The summit brings together China")
    assert page.title_span == (0, len(page.title))
    assert page.size == len(page.text.encode())  # the text's size: a different extraction is noticed


def test_metadata_from_json_ld_and_the_title(pages):
    wire = load_article(pages / "wire_story.html")
    assert (wire.title, wire.source, wire.date) == ("Erdogan hosts grain talks in Istanbul", "World Wire", "2022-07-13")
    assert "By Ayla Demir" in wire.text
    brief = load_article(pages / "short_brief.html")
    assert (brief.title, brief.source, brief.date) == ("NATO summit date set", "Capital Times", "2023-01-20")
    # No site name anywhere in the page: the file's name, as for a text file.
    table = load_article(pages / "table_layout_cp1252.html")
    assert table.title == "Modi and Sharif meet at SCO summit" and table.source == "table_layout_cp1252.html"


def test_a_short_brief_is_not_replaced_by_the_related_stories(pages):
    brief = load_article(pages / "short_brief.html")
    assert "Vilnius on 11 and 12 July" in brief.text and "Warsaw" not in brief.text


def test_sidecar_fills_what_the_page_lacks_and_the_page_wins(pages):
    (pages / "sources.toml").write_text(
        '["table_layout_cp1252.html"]\nsource = "Frontier Gazette"\n["news_page.html"]\nsource = "Planet"\n',
        encoding="utf-8",
    )
    articles, problems = load_articles([pages])
    by_name = {Path(a.path).name: a for a in articles}
    assert not problems
    assert by_name["table_layout_cp1252.html"].source == "Frontier Gazette"
    assert by_name["news_page.html"].source == "The Daily Planet"


def test_inline_read_more_links_and_furniture_boxes_are_dropped(tmp_path):
    body = " ".join(["Vladimir Putin met Xi Jinping in Moscow on Tuesday for talks on trade and energy."] * 3)
    page = tmp_path / "inline.html"
    page.write_text(
        f"<html><head><title>Talks</title></head><body><article><h1>Talks</h1><p>{body}</p>"
        '<p>READ MORE: <a href="/x">Emmanuel Macron in Berlin</a></p>'
        '<p>Related: <a href="/y">Joe Biden in Warsaw</a></p>'
        '<div id="newsletter-box"><p>Narendra Modi writes our weekly letter. Sign up today, it is free.</p></div>'
        f"<p>{body}</p><p>The unrelated-looking remark by Olaf Scholz came later in the day, officials said.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    text = load_article(page).text
    for furniture in ("Macron", "Biden", "Modi"):
        assert furniture not in text
    assert "Olaf Scholz came later" in text  # a story paragraph that only looks like a furniture word


# ------------------------------------------------------------ decoding


def test_meta_charset_windows_1252(pages):
    page = load_article(pages / "table_layout_cp1252.html")
    assert page.encoding == "cp1252"
    assert "“today’s era is not an era of war”" in page.text and "cafés" in page.text


@pytest.mark.parametrize(
    ("declared", "encoding", "expect"),
    [
        ("utf-8", "utf-8", "utf-8"),
        ("iso-8859-1", "cp1252", "cp1252"),  # WHATWG: ISO-8859-1 means windows-1252
        ("iso-8859-1", "utf-8", "utf-8"),  # a wrong label on UTF-8 bytes
        ("utf-8", "cp1252", "cp1252"),  # a wrong label on cp1252 bytes: detection
        ("", "cp1252", "cp1252"),  # no label: detection
        ("x-no-such-charset", "utf-8", "utf-8"),  # an unknown label is ignored
        ("koi8-r", "koi8-r", "koi8-r"),
    ],
)
def test_declared_charsets_are_believed_only_when_the_bytes_agree(tmp_path, declared, encoding, expect):
    words = "Москва" if encoding == "koi8-r" else "Zürich café “quoted” — naïve"
    meta = f'<meta charset="{declared}">' if declared else ""
    source = (
        f"<html><head>{meta}<title>Test page</title></head><body><article><h1>Test page</h1>"
        f"<p>{words} {'and more words about the visit of the delegation. ' * 6}</p></article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(source.encode(encoding))
    article = load_article(path)
    assert words in article.text
    assert article.encoding.replace("_", "-") == expect


def test_the_http_charset_comes_before_the_meta_one():
    text, encoding = html_module.decode_page('<meta charset="utf-8"><p>Zürich</p>'.encode("cp1252"), "windows-1252")
    assert "Zürich" in text and encoding == "cp1252"


@given(st.text(max_size=300), st.sampled_from(["utf-8", "cp1252", "latin-1", "koi8-r", "shift_jis", ""]))
@example("Zürich — ✓", "utf-8")
def test_decoding_a_page_gives_its_text_or_a_reason(text, label):
    encoding = label or "utf-8"
    if label == "latin-1":
        # A page labelled ISO-8859-1 is windows-1252 (as browsers read it): its C1 bytes are "€", "“" …
        text = "".join(c for c in text if not "\x80" <= c <= "\x9f")
    try:
        data = f'<html><head><meta charset="{label}"></head><body><p>{text}</p></body></html>'.encode(encoding)
    except UnicodeEncodeError:
        return
    try:
        decoded, used = html_module.decode_page(data)
    except ArticleError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert used
    if label and not data.isascii() and data.decode("utf-8", "ignore").encode() != data:
        # The label is right and the bytes are not UTF-8: decoded with the label.
        assert text in decoded


# ------------------------------------------------------------ bad pages


def test_a_50_mb_page_is_skipped_quickly_and_the_rest_loads(pages):
    big = pages / "saved_complete.html"
    with big.open("wb") as handle:
        handle.write(b"<html><body><img src='data:image/png;base64,")
        handle.write(b"A" * (50 * 1024 * 1024))
        handle.write(b"'></body></html>")
    started = time.perf_counter()
    articles, problems = load_articles([pages])
    assert time.perf_counter() - started < 10
    assert len(articles) == len(FURNITURE)
    assert [p.path for p in problems] == [str(big)]
    assert "too large" in problems[0].reason and f"{MAX_ARTICLE_BYTES // 1048576} MB" in problems[0].reason


def test_a_huge_inline_image_does_not_lose_the_story(tmp_path):
    source = (PAGES / "news_page.html").read_text(encoding="utf-8")
    path = tmp_path / "inline_image.html"
    path.write_text(
        source.replace("/img/xi.jpg", "data:image/png;base64," + "A" * (20 * 1024 * 1024)), encoding="utf-8"
    )
    text = load_article(path).text
    assert text.startswith("Xi courts Central Asia as Putin looks on\n\nBy Lois Lane\n\nChinese President")
    assert "Share on" not in text


def test_a_page_of_too_many_elements_is_refused_quickly(tmp_path):
    path = tmp_path / "many.html"
    path.write_text("<html><body>" + "<div><a href='/x'>link</a> junk</div>\n" * 40_000 + "</body></html>")
    started = time.perf_counter()
    with pytest.raises(ArticleError, match="too complex"):
        load_article(path)
    assert time.perf_counter() - started < 10


def test_deep_nesting_is_read_or_refused_in_one_line(tmp_path):
    path = tmp_path / "deep.html"
    story = "<p>" + "Vladimir Putin spoke in Moscow about the economy and the war. " * 5 + "</p>"
    path.write_text("<html><body>" + "<div>" * 50_000 + story + "</div>" * 50_000 + "</body></html>")
    try:
        article = load_article(path)
    except ArticleError as exc:
        assert "\n" not in str(exc)
    else:
        assert "Vladimir Putin" in article.text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<html><head><title>Nothing</title></head><body></body></html>", "no article text"),
        (b"<html><body><nav><a href='/'>Home</a></nav><script>var x = 1;</script></body></html>", "no article text"),
        (b"<!DOCTYPE html>\n", "no article text|not a page"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary"),
        (b"<html>" + b"\x00\x01\x02\x03" * 500, "binary"),
    ],
)
def test_pages_with_no_story_give_one_reason(tmp_path, content, reason):
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=reason) as caught:
        load_article(path)
    assert "\n" not in str(caught.value)


def test_malformed_html_still_gives_its_text(tmp_path):
    path = tmp_path / "broken.html"
    path.write_text(
        "<html><head><title>Broken markup</title><body><div><p>Vladimir Putin met Xi Jinping in Moscow,"
        " officials said, in talks that ran late into the night <b>and <i>beyond</b></i> the schedule."
        "<p>Another paragraph about Kazakhstan and its neighbours, long enough to be a story<table><tr><td>"
        "</div></span></article>&bogus; &#99999999; &#x0; <<<>>> </html></html>",
        encoding="utf-8",
    )
    article = load_article(path)
    assert "Vladimir Putin met Xi Jinping" in article.text and "Kazakhstan" in article.text


_TAGS = st.sampled_from(
    ["p", "div", "article", "nav", "aside", "footer", "script", "style", "b", "i", "a", "h1", "table", "td", "li"]
)
_FRAGMENT = st.recursive(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=80),
    lambda inner: st.tuples(_TAGS, st.lists(inner, max_size=4)).map(
        lambda pair: f"<{pair[0]}>{''.join(pair[1])}</{pair[0]}>"
    ),
    max_leaves=12,
)


@given(st.lists(_FRAGMENT, max_size=5).map("".join), st.booleans())
@example("<p>" + "Vladimir Putin spoke. " * 10 + "</p>", True)
@example("\x1b]0;pwned\x07<p>" + "Xi \x1b[2J spoke \u202e. " * 10 + "</p>", True)
def test_any_page_becomes_an_article_or_one_reason(tmp_path_factory, body, wrapped):
    path = tmp_path_factory.mktemp("page") / "page.html"
    path.write_text(f"<html><head><title>T</title></head><body>{body}</body></html>" if wrapped else body, "utf-8")
    try:
        article = load_article(path)
    except ArticleError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert article.text.strip() and len(article.safe) == len(article.text)
    assert not set(article.safe) & hostile.TERMINAL_ACTIVE - {"\n"}
    assert "\n" not in article.title and not set(article.title) & hostile.TERMINAL_ACTIVE
    # The same page read again gives the same text: mention offsets hold when it is reopened.
    extracted.forget_memory()
    assert load_article(path).text == article.text


# ------------------------------------------------------------ which files are pages


def test_folders_walk_pages_and_skip_other_suffixes(tmp_path):
    for name in ("a.html", "b.htm", "c.HTML", "d.xhtml", ".hidden.html", "e.php", "f.json"):
        (tmp_path / name).write_text("<html></html>")
    assert sorted(Path(p).name for p in discover([tmp_path]).files) == ["a.html", "b.htm", "c.HTML", "d.xhtml"]


def test_format_by_suffix_then_content():
    page = (PAGES / "news_page.html").read_bytes()
    feed = (PAGES / "rss2.xml").read_bytes()
    assert detect("story.txt", page) is TEXT  # .txt and .md are text whatever they hold
    assert detect("story.md", feed) is TEXT
    assert detect("story.html", feed) is PAGE
    assert detect("saved", page) is PAGE and detect("index.php", page) is PAGE
    assert detect("feed", feed) is FEED and detect("page.xml", page) is PAGE
    assert detect("notes", b"Plain words\n") is TEXT
    assert sniff(b"\xef\xbb\xbf  <!-- saved --><!doctype HTML><html>") is PAGE
    assert sniff("<?xml version='1.0' encoding='utf-16'?><rss>".encode("utf-16")) is FEED
    assert sniff(b"<?xml version='1.0'?><urlset xmlns='x'/>") is None


def test_a_page_named_without_a_suffix_is_read_as_a_page(tmp_path):
    saved = tmp_path / "saved_page"
    shutil.copy(PAGES / "news_page.html", saved)
    assert load_article(saved).title == "Xi courts Central Asia as Putin looks on"
    text_file = tmp_path / "markup.txt"
    shutil.copy(PAGES / "news_page.html", text_file)
    assert load_article(text_file).text.startswith("<!DOCTYPE html>")  # a .txt stays text


def test_xhtml_with_an_xml_declaration(tmp_path):
    source = (PAGES / "news_page.html").read_text(encoding="utf-8")
    path = tmp_path / "page.xhtml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + source.replace("<!DOCTYPE html>\n", "").replace(
            '<html lang="en">', '<html xmlns="http://www.w3.org/1999/xhtml">'
        ),
        encoding="utf-8",
    )
    assert load_article(path).title == "Xi courts Central Asia as Putin looks on"


def test_extracted_text_that_looks_like_front_matter_is_text(tmp_path):
    path = tmp_path / "dashes.html"
    path.write_text(
        "<html><body><article><p>---</p><p>title: Not front matter</p><p>---</p><p>"
        + "Vladimir Putin spoke in Moscow. " * 6
        + "</p></article></body></html>",
        encoding="utf-8",
    )
    article = load_article(path)
    assert article.body_start == 0 and article.title != "Not front matter"


# ------------------------------------------------------------ the extracted text is kept


def test_the_extraction_is_made_once_and_read_back(pages, monkeypatch):
    extracted.forget_memory()  # what earlier tests made of the same page is in this process's memory
    first = load_article(pages / "news_page.html")
    extracted.forget_memory()
    monkeypatch.setattr(html_module, "extract_page", lambda source: pytest.fail("extracted again"))
    again = load_article(pages / "news_page.html")
    assert again.text == first.text and again.title == first.title


def test_a_damaged_stored_extraction_is_made_again(pages):
    first = load_article(pages / "news_page.html")
    extracted.forget_memory()
    for path in extracted.folder().rglob("*.json"):
        path.write_bytes(b'{"text": 3')
    assert load_article(pages / "news_page.html").text == first.text


def test_an_unwritable_cache_only_makes_reading_slower(pages, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("READER_CACHE_DIR", str(blocker))
    assert load_article(pages / "news_page.html").title == "Xi courts Central Asia as Putin looks on"


def test_an_opened_page_reads_the_text_its_mentions_index(pages, gazetteer):
    index_paths([pages], gazetteer, workers=1)
    extracted.forget_memory()
    warm = index_paths([pages], gazetteer, workers=1)
    assert warm.stats.cached == len(FURNITURE)
    for article, mentions in zip(warm.corpus.articles, warm.corpus.mentions):
        assert not article.loaded  # restored from the cache: the text is read when opened
        for mention in mentions:
            assert article.text[mention.start : mention.end] == mention.text
        assert not article.stale


def test_a_changed_page_is_read_again(pages, gazetteer):
    index_paths([pages], gazetteer, workers=1)
    page = pages / "short_brief.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Vilnius", "Washington"), encoding="utf-8")
    os.utime(page, ns=(time.time_ns(), time.time_ns() + 10**9))
    warm = index_paths([pages], gazetteer, workers=1)
    assert warm.stats.extracted == 1
    brief = next(a for a in warm.corpus.articles if a.path.endswith("short_brief.html"))
    assert "Washington" in brief.text
