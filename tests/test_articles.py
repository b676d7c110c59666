"""Articles: decoding, sanitising, metadata (front matter, sources.toml), titles, discovery;
normal behaviour as unit tests and the invariants as properties."""

from __future__ import annotations

import codecs
import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reader.ingest.article import ArticleError, Problem
from reader.ingest.decode import decode_bytes
from reader.ingest.discover import discover, load_articles
from reader.ingest.read import load_article, make_article
from reader.ingest.sanitize import json_line, safe_name, safe_text
from support import hostile

# ------------------------------------------------------------ decoding: properties

_PREFIXES = st.sampled_from(
    [
        b"",
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF16_BE,
        codecs.BOM_UTF32_LE,
        codecs.BOM_UTF32_BE,
        b"\x89PNG",
        b"PK\x03\x04",
        b"\x00",
        b"\xff",
        b"\xc3",
    ]
)
_BYTES = st.one_of(
    st.binary(max_size=3000),
    st.tuples(_PREFIXES, st.binary(max_size=500)).map(b"".join),
    st.tuples(
        st.text(max_size=300),
        st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1", "cp1251", "shift_jis"]),
    ).map(lambda pair: pair[0].encode(pair[1], "replace")),
)


@given(_BYTES)
@example(b"caf\xe9")
@example(b"\xff\xfe\x00")
@example(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate
@example(b"\x1b" * 100)
def test_decoding_returns_text_or_article_error(data):
    try:
        text, encoding = decode_bytes(data)
    except ArticleError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(text, str) and isinstance(encoding, str) and encoding
    assert not text.startswith("\ufeff") or not data.startswith(
        (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    )
    text.encode("utf-8")  # no lone surrogates


@given(st.text(max_size=500))
def test_utf8_and_utf16_text_decodes_to_itself_or_is_refused_as_binary(text):
    text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    for data in (
        text.encode("utf-8"),
        codecs.BOM_UTF8 + text.encode("utf-8"),
        codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    ):
        try:
            decoded, _ = decode_bytes(data)
        except ArticleError as exc:
            assert "binary" in str(exc)
            continue
        # UTF-8 text that starts with U+FEFF is indistinguishable from a BOM
        assert decoded == (text[1:] if data == text.encode("utf-8") and text.startswith("\ufeff") else text)


WESTERN = [
    "Le président de la République a reçu à l'Élysée le chancelier allemand.",
    "« Nous sommes d'accord », a-t-il déclaré devant les journalistes réunis à Genève.",
    "Die Bundesregierung hat über die Maßnahmen beraten; größere Änderungen seien nötig.",
    "El presidente español habló con la canciller en Bruselas sobre la situación económica.",
    "O ministro português disse que a reunião em Lisboa foi “muito útil”.",
    "He said “we’re ready” — and the talks in Zürich went on until 3 a.m.",
    "Über 40 % der Befragten sagten, sie würden für die Koalition stimmen.",
    "Il governo italiano ha annunciato nuove misure: più fondi per la sanità.",
    "Ålesund og Tromsø får nye bruer, sa samferdselsministeren.",
]


@given(st.lists(st.sampled_from(WESTERN), min_size=1, max_size=12), st.sampled_from(["cp1252", "latin-1"]))
def test_western_news_in_a_legacy_encoding_decodes_exactly(sentences, encoding):
    text = "\n".join(sentences) + "\n"
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:  # smart quotes are not Latin-1
        data = text.encode("cp1252")
    decoded, used = decode_bytes(data)
    assert decoded == text, used


def test_decoding_examples():
    assert decode_bytes("Zürich".encode()) == ("Zürich", "utf-8")
    assert decode_bytes(codecs.BOM_UTF8 + "Zürich".encode()) == ("Zürich", "utf-8-sig")
    assert decode_bytes(codecs.BOM_UTF16_LE + "Zürich".encode("utf-16-le")) == ("Zürich", "utf-16")
    assert decode_bytes(codecs.BOM_UTF16_BE + "Zürich".encode("utf-16-be")) == ("Zürich", "utf-16")
    assert decode_bytes(codecs.BOM_UTF32_LE + "Zürich".encode("utf-32-le")) == ("Zürich", "utf-32")
    assert decode_bytes("“Putin” said".encode("cp1252")) == ("“Putin” said", "cp1252")
    assert decode_bytes("café".encode("latin-1")) == ("café", "cp1252")
    text = "Путин встретился с президентом Казахстана в Москве во вторник."
    assert decode_bytes(text.encode("cp1251")) == (text, "cp1251")
    text, encoding = decode_bytes("Zürich “x” ".encode() + b"\xff" + " déjà".encode())
    assert text == "Zürich “x” \ufffd déjà" and encoding.startswith("utf-8")
    for data, reason in (
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"\x7fELF\x02", "executable"),
        (b"ab\x00\x00cd" * 10, "NUL"),
        (bytes(range(1, 32)) * 20, "control"),
    ):
        with pytest.raises(ArticleError, match=reason):
            decode_bytes(data)
    assert decode_bytes(b"one stray \x00 NUL in a line of text that is otherwise fine")[1] == "utf-8"


# ------------------------------------------------------------ sanitising: properties

_HOSTILE_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.sampled_from(
            [
                *hostile.ESCAPES.values(),
                hostile.BIDI,
                *hostile.MARKUP,
                "\ud800",
                "\udcff",
                "\u2028",
                "\ufeff",
                "\n",
                "\t",
                "word ",
            ]
        ),
        max_size=20,
    ).map("".join),
)


@given(_HOSTILE_TEXT)
def test_safe_text_keeps_length_and_removes_every_terminal_active_code_point(text):
    safe = safe_text(text)
    assert len(safe) == len(text)
    assert not set(safe) & hostile.TERMINAL_ACTIVE
    assert not any("\ud800" <= char <= "\udfff" for char in safe)
    safe.encode("utf-8")
    for original, cleaned in zip(text, safe):  # only what is dangerous changes
        if original not in hostile.TERMINAL_ACTIVE and not "\ud800" <= original <= "\udfff" and original != "\ufeff":
            assert cleaned == original
    name = safe_name(text)
    assert len(name) == len(text) and "\n" not in name and "\t" not in name
    assert not set(name) & hostile.TERMINAL_ACTIVE


@given(
    st.dictionaries(st.text(max_size=10), st.one_of(st.text(max_size=100), st.integers(), st.booleans()), max_size=5)
)
def test_json_line_is_one_inert_line_that_parses_back(record):
    line = json_line(record)
    assert "\n" not in line
    assert not set(line) & hostile.TERMINAL_ACTIVE
    assert json.loads(line) == record


def test_safe_text_examples():
    assert safe_text("a\x1b[2Jb") == "a␛[2Jb"
    assert safe_text("\x1b]0;pwned\x07") == "␛]0;pwned␇"
    assert safe_text("x\x9b2J") == "x\ufffd2J"
    assert safe_text("a\u202eb") == "a\ufffdb"
    assert safe_text("line\r\n") == "line \n"
    assert safe_text("[bold]x[/bold]") == "[bold]x[/bold]"  # markup is plain text here; the UI never parses it
    assert safe_name("new\nline\t.txt") == "new␤line .txt"


# ------------------------------------------------------------ make_article: properties

_ARTICLE_TEXT = st.one_of(
    _HOSTILE_TEXT,
    st.lists(
        st.sampled_from(
            [
                "---\n",
                "title: T\n",
                "source: S\n",
                "---",
                "\n",
                "Advertisement\n",
                "Share\n",
                "Headline\n",
                "Body text. ",
                "\r\n",
                "   \n",
                "We're here. Get the X newsletter now.\n",
            ]
        ),
        max_size=20,
    ).map("".join),
)


@given(_ARTICLE_TEXT)
def test_make_article_offsets_are_in_bounds(text):
    article = make_article("dir/a.txt", text)
    assert article.text == text and len(article.safe) == len(text)
    assert 0 <= article.body_start <= len(text)
    start, end = article.title_span
    assert article.body_start <= start <= end <= len(text) or (start, end) == (article.body_start,) * 2
    previous = 0
    for begin, finish in article.debris:
        assert previous <= begin < finish <= len(text)
        previous = finish
    for field in (article.title, article.source, article.date, article.url):
        assert "\n" not in field and not set(field) & hostile.TERMINAL_ACTIVE
    assert article.title


# ------------------------------------------------------------ metadata and titles


def test_front_matter_sets_title_source_date_url_and_hides_itself():
    text = (
        '---\ntitle: "Summit in Astana"\nsource: Example News\ndate: 2024-07-04\n'
        "url: https://example.com/a\nauthor: Somebody\n---\nFirst line of the body\n\nText.\n"
    )
    article = make_article("x.md", text)
    assert (article.title, article.source, article.date, article.url) == (
        "Summit in Astana",
        "Example News",
        "2024-07-04",
        "https://example.com/a",
    )
    assert article.body_start == text.index("First line")
    assert article.debris[0] == (0, article.body_start)
    assert article.title_span == (article.body_start, article.body_start + len("First line of the body"))


def test_front_matter_outlet_alias_and_crlf():
    text = "---\r\noutlet: Wire\r\ntitle: T\r\n---\r\nBody\r\n"
    article = make_article("x.md", text)
    assert article.source == "Wire" and article.title == "T"


@pytest.mark.parametrize("text", ["---\ntitle: never closed\nBody\n", "--- not front matter\nBody\n", "---"])
def test_unclosed_or_false_front_matter_is_body(text):
    article = make_article("x.txt", text)
    assert article.body_start == 0 and article.source == "x.txt"


def test_title_is_the_first_non_debris_line_and_falls_back_to_the_file_name():
    text = "Skip to main content\nAccessibility links\n\n  The real headline  \nBody.\n"
    article = make_article("a/b.txt", text)
    assert article.title == "The real headline"
    assert article.safe[slice(*article.title_span)] == "The real headline"
    assert make_article("a/b.txt", "Advertisement\n\n").title == "b.txt"
    assert make_article("a/b.txt", "\x1b]0;pwned\x07 Title\n").title == "␛]0;pwned␇ Title"
    long = make_article("a/b.txt", "word " * 1000)
    assert len(long.title) <= 300 and long.title.endswith("…")


def test_sidecar_gives_metadata_and_front_matter_wins(tmp_path):
    (tmp_path / "a.txt").write_text("Headline A\n\nBody.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: From front matter\n---\nHeadline B\n", encoding="utf-8")
    (tmp_path / "sources.toml").write_text(
        '["a.txt"]\ntitle = "Sidecar title"\nsource = "Sidecar News"\ndate = 2024-07-04\nurl = "https://x/a"\n'
        '["b.md"]\ntitle = "Loses"\nsource = "B News"\n',
        encoding="utf-8",
    )
    articles, problems = load_articles([tmp_path])
    assert not problems
    a, b = articles
    assert (a.title, a.source, a.date, a.url) == ("Sidecar title", "Sidecar News", "2024-07-04", "https://x/a")
    assert (b.title, b.source) == ("From front matter", "B News")


@pytest.mark.parametrize("sidecar", ['["a.txt"\ntitle = "x"', b"\xff\xfe not utf-8", 'title = """\nnever closed'])
def test_a_broken_sidecar_is_one_problem_and_the_files_still_load(tmp_path, sidecar):
    (tmp_path / "a.txt").write_text("Headline A\n\nBody.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Headline B\n\nBody.\n", encoding="utf-8")
    path = tmp_path / "sources.toml"
    path.write_bytes(sidecar if isinstance(sidecar, bytes) else sidecar.encode())
    articles, problems = load_articles([tmp_path])
    assert [a.title for a in articles] == ["Headline A", "Headline B"]
    assert len(problems) == 1 and problems[0].path == str(path)
    assert problems[0].reason.startswith("ignored:") and "\n" not in str(problems[0])


def test_sidecar_that_is_a_folder_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text("Headline A\n", encoding="utf-8")
    (tmp_path / "sources.toml").mkdir()
    articles, problems = load_articles([tmp_path])
    assert len(articles) == 1 and len(problems) == 1 and "regular file" in problems[0].reason


# ------------------------------------------------------------ discovery


def test_hidden_files_and_other_suffixes_are_skipped_silently(tmp_path):
    for name in ("a.txt", "b.MD", ".hidden.txt", "c.rst", "d.txt.bak", "README", "sources.toml"):
        (tmp_path / name).write_text("Headline\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("Headline\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "e.txt").write_text("Headline\n", encoding="utf-8")
    found = discover([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found.files] == ["a.txt", "b.MD", "sub/e.txt"]
    assert not found.problems


def test_explicit_file_paths_are_read_whatever_their_suffix(tmp_path):
    for name in ("notes.rst", ".hidden", "README"):
        (tmp_path / name).write_text(f"Headline {name}\n", encoding="utf-8")
    articles, problems = load_articles(
        [tmp_path / "notes.rst", tmp_path / ".hidden", tmp_path / "README", tmp_path / "notes.rst"]
    )
    assert [a.title for a in articles] == ["Headline notes.rst", "Headline .hidden", "Headline README"]
    assert not problems


def test_missing_paths_and_folders_are_problems(tmp_path):
    articles, problems = load_articles([tmp_path / "missing", tmp_path])
    assert not articles
    assert [p.reason for p in problems] == ["no such file or folder"]
    with pytest.raises(ArticleError, match="folder"):
        load_article(tmp_path)


def test_problem_text_is_one_safe_line():
    problem = Problem("dir/\x1b]0;pwned\x07\nname.txt", "reason with \x1b[2J\nnewline")
    assert str(problem) == "dir/␛]0;pwned␇␤name.txt: reason with ␛[2J␤newline"
