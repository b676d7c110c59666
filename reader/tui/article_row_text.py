"""What the article list's rows say, as plain text: titles cut at a word, the byline's date and
size, and the text the filter searches. No Textual: the rows widget (reader.tui.article_rows)
draws these."""

from __future__ import annotations

from rich.cells import cell_len

from reader.ingest.article import Article
from reader.tui.article_order import date_key

# Titles and sources are untrusted: control characters would drive the terminal. They are
# replaced when articles are loaded; the list does not rely on it.
CONTROLS = {c: " " for c in [*range(0x20), *range(0x7F, 0xA0)]}


def size_label(words: int) -> str:
    """The byline's length: "850 words", "1.2k words"."""
    return f"{words / 1000:.1f}k words" if words >= 1000 else f"{words} words"


def haystack(article: Article) -> str:
    """What the filter looks in: the title and the source, casefolded."""
    return f"{article.title}\n{article.source}".casefold()


def shown_date(date: str) -> str:
    """The byline's date: the day, read like the order reads it, else the first characters."""
    return date_key(date)[:10] or date[:10]


def cut_at_word(text: str, width: int) -> str:
    """`text` in at most `width` cells: cut at the last word that fits, with one ellipsis (a
    word longer than most of the width is cut where the width ends)."""
    if width <= 0 or cell_len(text) <= width:
        return text
    cut = text
    while cut and cell_len(cut) > width - 1:
        cut = cut[:-1]
    space = cut.rfind(" ")
    if space > len(cut) * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ·,;:-") + "…"
