"""Markdown as it is read: each construct's syntax is hidden and its text styled, on the file's
offsets; the ranges are always well-formed, whatever the text, and the file text is untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.ingest import fetch
from reader.ingest.debris import visible_ranges
from reader.ingest.markdown import MarkdownView, is_markdown, markdown_view
from reader.tui.shown_text import Shown


def shown(text: str, start: int = 0) -> str:
    return Shown(text, markdown_view(text, start)).text


def styled(text: str, kind: str) -> list[str]:
    """The shown text of each range styled `kind`."""
    view = markdown_view(text)
    screen = Shown(text, view)
    return [screen.text[screen.index(a) : screen.index(b)] for a, b, k in view.styles if k == kind]


# ------------------------------------------------------------ headings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Title\n\nBody.", "Title\n\nBody."),
        ("### Third level", "Third level"),
        ("## Closed ##", "Closed"),
        ("## Closed ##   ", "Closed"),
        ("   # Indented", "Indented"),
        ("# C# is a language", "C# is a language"),
        ("# ", ""),
    ],
)
def test_atx_headings_lose_their_hashes_and_are_styled(text, expected):
    assert shown(text) == expected
    if expected:
        assert styled(text, "heading") == [expected.split("\n")[0]]


@pytest.mark.parametrize("text", ["#hashtag trending", "####### seven is too many", "    not # a heading"])
def test_what_is_not_a_heading_is_left_alone(text):
    assert shown(text) == text
    assert styled(text, "heading") == []


def test_setext_headings_hide_their_underline():
    assert shown("Big news\n========\nThe text.") == "Big news\nThe text."
    assert styled("Big news\n========\nThe text.", "heading") == ["Big news"]
    assert shown("Smaller\n---\n") == "Smaller\n"
    assert styled("Two lines\nof heading\n---", "heading") == ["Two lines", "of heading"]


# ------------------------------------------------------------ emphasis


@pytest.mark.parametrize(
    ("text", "expected", "bold", "italic"),
    [
        ("a **bold** word", "a bold word", ["bold"], []),
        ("a __bold__ word", "a bold word", ["bold"], []),
        ("an *italic* word", "an italic word", [], ["italic"]),
        ("an _italic_ word", "an italic word", [], ["italic"]),
        ("***both***", "both", ["both"], ["both"]),
        ("**bold *and italic***", "bold and italic", ["bold and italic"], ["and italic"]),
        ("**Joe Biden** said", "Joe Biden said", ["Joe Biden"], []),
        ("_snake_case_", "snake_case", [], ["snake_case"]),
        ("__init__", "init", ["init"], []),
    ],
)
def test_emphasis_hides_its_markers(text, expected, bold, italic):
    assert shown(text) == expected
    assert styled(text, "bold") == bold
    assert styled(text, "italic") == italic


@pytest.mark.parametrize(
    "text",
    [
        "snake_case and file_name_here",
        "2 * 3 * 4 = 24",
        "a * b",
        "** not bold **",
        "an unclosed *star",
        "an unclosed **pair",
        "_ spaced _",
        "price_in_usd_total",
        "email me at first_last@example.com",
    ],
)
def test_what_is_no_emphasis_is_shown_as_it_is(text):
    assert shown(text) == text
    assert styled(text, "bold") == styled(text, "italic") == []


def test_emphasis_spans_the_lines_of_a_paragraph_but_not_paragraphs():
    assert shown("**bold that\ngoes on** here") == "bold that\ngoes on here"
    assert shown("**not\n\nbold**") == "**not\n\nbold**"


def test_the_rule_of_three():
    # CommonMark: `*foo**bar**baz*` is one emphasis with strong inside, not two emphases.
    assert shown("*foo**bar**baz*") == "foobarbaz"
    assert styled("*foo**bar**baz*", "italic") == ["foobarbaz"]
    assert styled("*foo**bar**baz*", "bold") == ["bar"]


# ------------------------------------------------------------ lists, quotes, breaks


def test_list_items_get_a_bullet_or_keep_their_number():
    text = "- one\n* two\n+ three\n1. four\n2) five\n  - nested"
    assert shown(text) == "• one\n• two\n• three\n1. four\n2) five\n  • nested"


def test_a_list_item_with_emphasis_at_its_start():
    assert shown("* *italic* item") == "• italic item"
    assert shown("*italic* line") == "italic line"  # no space after the star: not an item


def test_quotes_get_a_bar_and_are_styled():
    text = "> Quoted **words**\n> > nested"
    assert shown(text) == "│ Quoted words\n│ │ nested"
    assert styled(text, "quote") == ["│ Quoted words", "│ │ nested"]


def test_thematic_breaks_are_a_rule():
    assert shown("Before\n\n* * *\n\nAfter") == "Before\n\n─ ─ ─\n\nAfter"
    assert shown("Before\n\n---\n\nAfter") == "Before\n\n───\n\nAfter"


# ------------------------------------------------------------ links


def test_links_show_their_text_only():
    text = 'Said [Joe Biden](https://example.com/a_(b) "A title") today.'
    assert shown(text) == "Said Joe Biden today."
    assert styled(text, "link") == ["Joe Biden"]
    assert shown("[**bold** link](<https://x.example/a b>)") == "bold link"
    assert shown("an ![image of Paris](paris.jpg) here") == "an image of Paris here"


def test_reference_links_need_their_definition():
    text = "See [the report][r] and [Reuters] and [1].\n\n[r]: https://example.com/r\n[reuters]: <https://reuters.com> 'Reuters'\n"
    assert shown(text) == "See the report and Reuters and [1].\n\n"
    assert shown("Only [brackets] here.") == "Only [brackets] here."


def test_autolinks_show_the_address_without_angle_brackets():
    assert shown("Go to <https://example.com/x> now") == "Go to https://example.com/x now"
    assert shown("a <b>tag</b> stays") == "a <b>tag</b> stays"


def test_no_link_inside_a_link_and_brackets_that_are_text():
    assert shown("[a [b](u) c](v)") == "[a b c](v)"
    assert shown("[x] (not a link)") == "[x] (not a link)"
    assert shown("[unclosed](https://x.example") == "[unclosed](https://x.example"


# ------------------------------------------------------------ code, escapes


def test_inline_code_loses_its_backticks_and_nothing_in_it_is_markup():
    text = "call `f(*args, **kwargs)` and ``a ` tick``"
    assert shown(text) == "call f(*args, **kwargs) and a ` tick"
    assert styled(text, "code") == ["f(*args, **kwargs)", "a ` tick"]
    assert shown("`unclosed code") == "`unclosed code"
    assert shown("[a`](u)`") == "[a](u)"  # the code span comes first: no link
    assert shown("[`]`](u)") == "]"  # a link whose text is a code span


def test_fenced_code_is_shown_as_it_is_without_its_fences():
    text = "Before\n```python\nx = a * b * c  # **not bold**\n\n> not a quote\n```\nAfter **bold**"
    assert shown(text) == "Before\nx = a * b * c  # **not bold**\n\n> not a quote\nAfter bold"
    assert styled(text, "code") == ["x = a * b * c  # **not bold**", "> not a quote"]
    assert shown("~~~\n# kept\n~~~~\n") == "# kept\n"
    assert shown("```\nno end *here*") == "no end *here*"
    assert shown("``` a`b\nnot a fence") == "``` a`b\nnot a fence"
    assert shown("> ```\n> code *x*\n> ```\n> quoted") == "│ code *x*\n│ quoted"


def test_backslash_escapes():
    assert shown(r"\*not italic\* and \_no\_ and \\ kept") == r"*not italic* and _no_ and \ kept"
    assert shown("a line\\\nbreak") == "a line\nbreak"
    assert shown(r"a \w stays") == r"a \w stays"


# ------------------------------------------------------------ offsets


def test_the_file_text_and_its_offsets_are_kept():
    text = "# Summit\n\n**Joe Biden** met [Xi Jinping](https://x.example)."
    view = markdown_view(text)
    screen = Shown(text, view)
    assert screen.text == "Summit\n\nJoe Biden met Xi Jinping."
    biden = text.index("Joe Biden")
    assert screen.text[screen.index(biden) : screen.index(biden + 9)] == "Joe Biden"
    assert screen.offset(screen.text.index("Xi")) == text.index("Xi")
    # A range over hidden syntax keeps its shown part: "**Joe" shows as "Joe".
    assert screen.text[screen.index(text.index("**Joe")) : screen.index(biden + 3)] == "Joe"


def test_front_matter_is_not_markdown():
    text = "---\ntitle: A *title*\n---\n# Heading\n"
    body = text.index("# Heading")
    view = markdown_view(text, body)
    assert all(a >= body for a, _ in view.hidden)
    assert shown(text, body) == "---\ntitle: A *title*\n---\nHeading\n"


def test_the_rows_are_laid_out_by_what_is_shown():
    # 40 characters shown, 60 in the file: one row at 50 columns.
    text = "**" + "a" * 18 + "** " + "[" + "b" * 20 + "](https://example.com/1234567890)"
    screen = Shown(text, markdown_view(text))
    rows = screen.layout((), 50, False, 0, (0, 0))
    assert len(rows) == 1 and (rows[0].start, rows[0].end) == (0, len(text))
    assert len(Shown(text).layout((), 50, False, 0, (0, 0))) > 1  # as the raw view lays it out


def test_plain_text_maps_every_offset_to_itself():
    screen = Shown("No markdown here.")
    assert screen.identity and screen.index(5) == 5 and screen.offset(5) == 5
    assert Shown("x", markdown_view("x")).identity


def test_which_articles_are_markdown(monkeypatch, tmp_path):
    assert is_markdown("news/a.md") and is_markdown("A.MD") and is_markdown("b.markdown")
    assert not is_markdown("news/a.txt") and not is_markdown("page.html") and not is_markdown("feed.xml#2")
    assert not is_markdown("https://example.com/notes.md")  # not fetched: nothing says what it is
    body = tmp_path / "copy.body"
    body.write_text("x", encoding="utf-8")
    copies = {
        "https://example.com/notes.md": {"format": "text", "media_type": "text/plain"},
        "https://example.com/notes": {"format": "text", "media_type": "text/markdown"},
        "https://example.com/readme.md": {"format": "page", "media_type": "text/html"},
    }
    monkeypatch.setattr(fetch, "stored", lambda url: fetch.Stored(url, Path(body), copies[url]))
    assert is_markdown("https://example.com/notes.md") and is_markdown("https://example.com/notes")
    assert not is_markdown("https://example.com/readme.md")  # a page: its text is extracted HTML


# ------------------------------------------------------------ properties

_MARKDOWNISH = st.text(alphabet="*_`[]()<>!#=-+~\\\"' \n\t1.:abcXY@é", max_size=300)


def _well_formed(text: str, view: MarkdownView) -> None:
    length = len(text)
    previous_end = -1
    for a, b in view.hidden:
        assert 0 <= a < b <= length
        assert a > previous_end  # sorted, disjoint, and merged when they touch
        previous_end = b
    covered = sum(b - a for a, b in view.hidden) + sum(b - a for a, b in visible_ranges(length, view.hidden))
    assert covered == length
    for a, b, kind in view.styles:
        assert 0 <= a < b <= length and kind in {"heading", "bold", "italic", "code", "quote", "link"}
    hidden = {i for a, b in view.hidden for i in range(a, b)}
    for offset, char in view.marks:
        assert 0 <= offset < length and offset not in hidden and len(char) == 1


@given(st.one_of(_MARKDOWNISH, st.text(max_size=200)), st.integers(min_value=0, max_value=400))
def test_the_ranges_are_well_formed_for_any_text(text, start):
    view = markdown_view(text, start)
    _well_formed(text, view)
    assert all(a >= min(start, len(text)) for a, _ in view.hidden)


@given(_MARKDOWNISH, st.integers(min_value=8, max_value=60))
def test_what_is_shown_is_the_file_text_less_what_is_hidden(text, width):
    view = markdown_view(text)
    screen = Shown(text, view)
    marks = dict(view.marks)
    assert len(screen.text) == len(text) - sum(b - a for a, b in view.hidden)
    for index, char in enumerate(screen.text):
        offset = screen.offset(index)
        assert char == marks.get(offset, text[offset])
        assert screen.index(offset) == index
    rows = screen.layout((), width, False, 0, (0, 0))
    for row in rows:
        assert 0 <= row.start <= row.end <= len(text)
    assert [row.start for row in rows] == sorted(row.start for row in rows)


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("# Putin meets Xi", "Putin meets Xi"),
        ("### Putin meets Xi ###", "Putin meets Xi"),
        ("#hashtag news", "#hashtag news"),  # no space: not a heading
        ("#", "#"),
        ("Putin meets Xi", "Putin meets Xi"),
    ],
)
def test_a_markdown_title_line_loses_its_heading_marks(tmp_path, first_line, title):
    from reader.ingest.read import load_article

    path = tmp_path / "a.md"
    path.write_text(f"{first_line}\n\nVladimir Putin met Xi Jinping.\n", encoding="utf-8")
    article = load_article(path)
    assert article.title == title and article.safe[slice(*article.title_span)] == title
    plain = tmp_path / "a.txt"
    plain.write_text(f"{first_line}\n\nText.\n", encoding="utf-8")
    assert load_article(plain).title == first_line  # only Markdown has heading marks
