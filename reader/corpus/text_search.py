"""Plain-text search across a corpus, as less's `/` does: every place where the query's words
stand in that order (any case, any white space between them), and stepping between them."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from reader.corpus.corpus import Corpus

MAX_MATCHES = 100_000  # beyond this a query matches too much to walk


@dataclass(slots=True)
class TextMatches:
    """Where `query` stands in the articles: (article, start, end), in corpus order."""

    query: str
    places: list[tuple[int, int, int]] = field(default_factory=list)

    def step(self, article: int, offset: int, forward: bool = True) -> tuple[int, bool] | None:
        """The index of the next (previous) match after (before) `offset` in `article`, and
        whether the walk wrapped around the ends; None when nothing matches."""
        if not self.places:
            return None
        key = (article, offset, 1 << 62) if forward else (article, offset, -1)
        if forward:
            at = bisect.bisect_right(self.places, key)
            return (0, True) if at == len(self.places) else (at, False)
        at = bisect.bisect_left(self.places, key) - 1
        return (len(self.places) - 1, True) if at < 0 else (at, False)

    def in_article(self, article: int) -> list[tuple[int, int]]:
        """(start, end) of the matches in `article`."""
        first = bisect.bisect_left(self.places, (article, -1, -1))
        last = bisect.bisect_left(self.places, (article + 1, -1, -1))
        return [(start, end) for _, start, end in self.places[first:last]]


def pattern_of(query: str) -> re.Pattern[str] | None:
    """The query's words in order, any case, any run of white space between them."""
    words = query.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)


def find_text(corpus: Corpus, query: str, hidden: bool = False) -> TextMatches:
    """Every match of `query` in the articles' text (read from their files as needed); without
    `hidden`, none inside text hidden while reading (page debris, front matter)."""
    found = TextMatches(query)
    pattern = pattern_of(query)
    if pattern is None:
        return found
    for number, article in enumerate(corpus.articles):
        text = article.safe
        for match in pattern.finditer(text):
            start, end = match.span()
            if not hidden and any(a <= start < b for a, b in article.debris):
                continue
            found.places.append((number, start, end))
            if len(found.places) >= MAX_MATCHES:
                return found
    return found
