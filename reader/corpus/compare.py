"""What each source says: one entity, every outlet's sentences that mention it, side by side.

`compare` gives one `SourceSection` per source (the outlet; an article whose source is only its
file name is a source of its own), each with the whole sentences that mention the entity in
the articles' order. `plan` and `fill_section` are the same in two steps, for a caller that
shows the sections as they are read (`plan` reads no article text). `compare_records` is the
JSON form of `reader compare --json`, `render_text` the plain text of `reader compare`.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reader.corpus.corpus import Corpus
from reader.corpus.sentences import sentences_at
from reader.ingest.sanitize import safe_name

BY_DATE = "date"
BY_COUNT = "count"
ORDERS = (BY_DATE, BY_COUNT)


@dataclass(frozen=True, slots=True)
class SentenceMention:
    """A mention inside a sentence: offsets into the article text, its index in
    `corpus.mentions[article]`, its type and its entity."""

    start: int
    end: int
    index: int
    type: str
    entity: str


@dataclass(slots=True)
class Sentence:
    """One whole sentence that mentions the entity: `text == article.text[start:end]` (for JSON),
    `safe == article.safe[start:end]` (for display)."""

    article: int
    start: int
    end: int
    text: str
    safe: str
    # Every mention inside the sentence, the entity's and the others, in offset order.
    mentions: tuple[SentenceMention, ...]
    entity: str
    headline: bool = False  # the article's title line, as the text has it

    @property
    def spans(self) -> list[tuple[int, int]]:
        """The (start, end) of each mention of the entity in it."""
        return [(m.start, m.end) for m in self.mentions if m.entity == self.entity]

    @property
    def first(self) -> int:
        """The index (in `corpus.mentions[article]`) of its first mention of the entity."""
        return next(m.index for m in self.mentions if m.entity == self.entity)

    @property
    def shown(self) -> str:
        """The safe text on one line (line breaks as spaces, one for one), for wrapped rows."""
        return self.safe.replace("\n", " ")


@dataclass(slots=True)
class SourceSection:
    """One source: its articles that mention the entity (list order) and their sentences."""

    source: str
    articles: list[int]
    titles: list[str]
    dates: list[str]
    count: int  # mentions of the entity (in hidden text too only when asked for)
    sentences: list[Sentence] = field(default_factory=list)
    filled: bool = False

    @property
    def date(self) -> str:
        """The earliest date of its articles as written ("" when none is known)."""
        known = sorted((key, text) for text in self.dates if (key := date_key(text)))
        return known[0][1] if known else next((d for d in self.dates if d), "")


# ------------------------------------------------------------ building


def plan(corpus: Corpus, entity_name: str, *, hidden: bool = False, order: str = BY_DATE) -> list[SourceSection]:
    """The sections, in `order`, without their sentences (no article text is read)."""
    places = corpus.stops(entity_name, hidden)[0] if entity_name in corpus.entities else []
    counts: dict[int, int] = {}
    for number, _ in places:
        counts[number] = counts.get(number, 0) + 1
    sections: dict[str, SourceSection] = {}
    for index in sorted(counts):
        article = corpus.articles[index]
        # make_article names the source after the file when nothing names the outlet: such
        # articles are each a source of their own, even if two files share a name.
        key = f"\0{article.path}" if article.source == _file_name(article.path) else article.source
        section = sections.get(key)
        if section is None:
            section = sections[key] = SourceSection(article.source, [], [], [], 0)
        section.articles.append(index)
        section.titles.append(article.title)
        section.dates.append(article.date)
        section.count += counts[index]
    return sort_sections(list(sections.values()), order)


def _file_name(path: str) -> str:
    """The source make_article gives an article whose outlet nothing names."""
    return safe_name(Path(path).name).replace("\u2424", " ").strip()


def fill_section(corpus: Corpus, section: SourceSection, entity_name: str, *, hidden: bool = False) -> SourceSection:
    """Read the section's articles and find the sentences that mention the entity (in place)."""
    if section.filled:
        return section
    places = corpus.stops(entity_name, hidden)[0] if entity_name in corpus.entities else []
    sentences: list[Sentence] = []
    for article in section.articles:
        # The stops are sorted by (article, mention index): this article's are one slice.
        first = bisect.bisect_left(places, (article, -1))
        last = bisect.bisect_left(places, (article + 1, -1))
        indexes = [index for _, index in places[first:last]]
        sentences.extend(_article_sentences(corpus, article, indexes, entity_name))
    section.sentences = sentences
    section.filled = True
    return section


def _article_sentences(corpus: Corpus, number: int, indexes: list[int], entity_name: str) -> list[Sentence]:
    """The sentences of article `number` that hold its mentions `indexes` of the entity."""
    article = corpus.articles[number]
    text, safe = article.text, article.safe
    if article.stale or not indexes:
        return []  # the file changed since it was indexed: its mentions are of another text
    mentions = corpus.mentions[number]
    # A mention past the end of the text (cut short) cannot be quoted.
    usable = [i for i, m in enumerate(mentions) if m.end <= len(text)]
    keep = [(mentions[i].start, mentions[i].end) for i in usable]
    starts = [start for start, _ in keep]
    cuts = [edge for span in article.debris for edge in span]
    wanted = [mentions[i].start for i in indexes if i < len(mentions) and mentions[i].end <= len(text)]
    title_start, title_end = article.title_span
    line = text[title_start:title_end]
    headline = (
        (title_start + len(line) - len(line.lstrip()), title_start + len(line.rstrip())) if line.strip() else None
    )
    sentences = []
    for start, end in sentences_at(text, wanted, cuts=cuts, keep=keep):
        inside = tuple(
            SentenceMention(m.start, m.end, i, m.type, m.entity)
            for i in usable[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
            if (m := mentions[i]).end <= end
        )
        if any(m.entity == entity_name for m in inside):
            raw, shown = text[start:end], safe[start:end]
            shown = raw if shown == raw else shown  # most text has nothing to neutralise: one string
            sentences.append(Sentence(number, start, end, raw, shown, inside, entity_name, headline == (start, end)))
    return sentences


def iter_sections(
    corpus: Corpus, entity_name: str, *, hidden: bool = False, order: str = BY_DATE
) -> Iterator[SourceSection]:
    """The sections in `order`, each with its sentences, one at a time."""
    for section in plan(corpus, entity_name, hidden=hidden, order=order):
        yield fill_section(corpus, section, entity_name, hidden=hidden)


def compare(corpus: Corpus, entity_name: str, *, hidden: bool = False, order: str = BY_DATE) -> list[SourceSection]:
    """One section per source that mentions the entity, with the sentences that mention it.
    Sentences in hidden text (page debris) are left out unless `hidden`."""
    return list(iter_sections(corpus, entity_name, hidden=hidden, order=order))


# ------------------------------------------------------------ order

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ),
        start=1,
    )
    for name in names.split()
}
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\.?\s+([A-Za-z]+)\.?,?\s+(\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_YEAR = re.compile(r"\b(\d{4})\b")


def date_key(text: str) -> str:
    """A date as sortable "YYYY-MM-DD" ("" when it cannot be read): ISO dates, "14 September
    2022", "Sep. 14, 2022", or a year alone (sorted before that year's dated days)."""
    text = text.strip()
    if not text:
        return ""
    if found := _ISO.search(text):
        year, month, day = found.groups()
        return _key(year, int(month), int(day))
    if found := _DAY_MONTH_YEAR.search(text):
        day, month, year = found.groups()
        if month.lower() in _MONTHS:
            return _key(year, _MONTHS[month.lower()], int(day))
    if found := _MONTH_DAY_YEAR.search(text):
        month, day, year = found.groups()
        if month.lower() in _MONTHS:
            return _key(year, _MONTHS[month.lower()], int(day))
    if found := _YEAR.search(text):
        return f"{found.group(1)}-00-00"
    return ""


def _key(year: str, month: int, day: int) -> str:
    """The sortable "YYYY-MM-DD", or "" for a month or a day that cannot be."""
    return f"{year}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else ""


def order_key(section: SourceSection, order: str = BY_DATE) -> tuple:
    """By date (earliest first; undated sources after, most mentions first), or by mention
    count (most first; ties by date)."""
    known = min((key for d in section.dates if (key := date_key(d))), default="")
    first = section.articles[0] if section.articles else 0
    if order == BY_COUNT:
        return (-section.count, not known, known, section.source.casefold(), first)
    return (not known, known, -section.count, section.source.casefold(), first)


def sort_sections(sections: Iterable[SourceSection], order: str = BY_DATE) -> list[SourceSection]:
    """The sections in `order` (BY_DATE or BY_COUNT)."""
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}: one of {', '.join(ORDERS)}")
    return sorted(sections, key=lambda section: order_key(section, order))


def other_order(order: str) -> str:
    """The order `o` switches to."""
    return BY_COUNT if order == BY_DATE else BY_DATE


# ------------------------------------------------------------ output


def compare_records(corpus: Corpus, entity_name: str, *, hidden: bool = False, order: str = BY_DATE) -> list[dict]:
    """One JSON-able record per article of each source, sources in `order`: {"entity", "source",
    "doc", "title", "date", "sentences": [{"start", "end", "text"}]}; `text` is the decoded file
    text's `content[start:end]` (print with `reader.ingest.sanitize.json_line`)."""
    records = []
    for section in iter_sections(corpus, entity_name, hidden=hidden, order=order):
        for number in section.articles:
            article = corpus.articles[number]
            records.append(
                {
                    "entity": entity_name,
                    "source": section.source,
                    "doc": article.path,
                    "title": article.title,
                    "date": article.date,
                    "sentences": [
                        {"start": s.start, "end": s.end, "text": s.text}
                        for s in section.sentences
                        if s.article == number
                    ],
                }
            )
    return records


def cell_width(text: str) -> int:
    """Terminal cells of `text`: wide East Asian characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    cells = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        cells += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return cells


def wrap(text: str, width: int, cells: Callable[[str], int] = cell_width) -> list[tuple[int, int]]:
    """(start, end) of each row of one-line `text` wrapped at spaces to `width` cells (a word
    longer than a row is cut where the row ends); rows neither start nor end with a space."""
    width = max(width, 1)
    rows: list[tuple[int, int]] = []
    length = len(text)
    position = 0
    while position < length and text[position] == " ":
        position += 1
    ascii_text = text.isascii()
    while position < length:
        if ascii_text:
            cut = min(length, position + width)
        else:
            cut, used = position, 0
            while cut < length:
                used += cells(text[cut])
                if used > width:
                    break
                cut += 1
        if cut >= length:
            end = length
            while end > position and text[end - 1] == " ":
                end -= 1
            rows.append((position, end))
            break
        space = text.rfind(" ", position, cut + 1)
        if space > position:
            end = space
        else:
            end = max(cut, position + 1)  # one very long word
        next_start = end
        while end > position and text[end - 1] == " ":
            end -= 1
        rows.append((position, end))
        position = next_start
        while position < length and text[position] == " ":
            position += 1
    return rows


def header_line(section: SourceSection) -> str:
    """A section's header: source, date and mentions ("VOA · 2024-07-03 · 6 mentions"), and
    how many articles when there are several."""
    count = f"{section.count:,} mention{'s' if section.count != 1 else ''}"
    parts = [safe_name(section.source), safe_name(section.date), count]
    if len(section.articles) > 1:
        parts.append(f"{len(section.articles)} articles")
    return " · ".join(part for part in parts if part)


def render_text(sections: list[SourceSection], entity_name: str, width: int = 80) -> str:
    """The comparison as plain text for a terminal, wrapped at word boundaries to `width`."""
    width = max(width, 20)
    mentions = sum(section.count for section in sections)
    lines = [
        f"{safe_name(entity_name)}: {len(sections)} source{'s' if len(sections) != 1 else ''}, {mentions:,} mentions"
    ]
    for section in sections:
        lines.append("")
        lines.extend(_wrapped(header_line(section), width, ""))
        for article, title in zip(section.articles, section.titles):
            lines.extend(_wrapped(safe_name(title), width, "  "))
            for sentence in section.sentences:
                # The headline is the title line just printed.
                if sentence.article == article and not sentence.headline:
                    lines.extend(_wrapped(sentence.shown, width, "  • ", "    "))
    return "\n".join(lines) + "\n"


def _wrapped(text: str, width: int, first: str, rest: str | None = None) -> list[str]:
    """`text` wrapped to `width` with `first` before its first row and `rest` before the others."""
    rest = first if rest is None else rest
    rows = wrap(text, width - len(first))
    return [(first if n == 0 else rest) + text[a:b] for n, (a, b) in enumerate(rows)]
