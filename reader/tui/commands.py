"""The command palette's provider: articles and entities (display text built as Text, not markup)."""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual.command import Hit, Hits, Provider

from reader.ingest.sanitize import safe_name


class ReaderCommands(Provider):
    """Offers the corpus's articles and entities; the app gives `corpus`, `open_article_from_palette`
    and `activate`."""

    async def search(self, query: str) -> Hits:
        app: Any = self.app
        corpus = getattr(app, "corpus", None)
        if corpus is None:
            return
        matcher = self.matcher(query)

        def display(kind: str, candidate: str) -> Text:
            # Built as Text with the matched characters styled: `Matcher.highlight` would parse
            # the candidate (an article title) as markup.
            text = Text(f"{kind}: ", style="dim")
            name = Text(safe_name(candidate))  # one for one: the match offsets still apply
            for offset in matcher.fuzzy_search.match(query, candidate)[1]:
                name.stylize("bold underline", offset, offset + 1)
            return text.append_text(name)

        for index, article in enumerate(corpus.articles):
            score = matcher.match(article.title)
            if score > 0:
                yield Hit(
                    score,
                    display("Article", article.title),
                    partial(app.open_article_from_palette, index),
                    text=article.title,
                )
        for name in corpus.entities:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, display("Entity", name), partial(app.activate, name), text=name)
