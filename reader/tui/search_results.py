"""The search bar's rows for a query: entities (type, name with the typed letters emphasised,
counts), then article titles."""

from __future__ import annotations

from rich.text import Text

from reader.corpus.corpus import Corpus
from reader.corpus.search import CLOSE_MATCH
from reader.ingest.sanitize import safe_name
from reader.tui.search_bar import Result, emphasise

ENTITY_ROWS = 12
TITLE_ROWS = 5


def search_rows(corpus: Corpus, query: str) -> list[Result]:
    results: list[Result] = []
    hits = corpus.search(query, limit=ENTITY_ROWS)
    words = " ".join(query.split())
    close = bool(hits) and hits[0].score >= CLOSE_MATCH
    if words and not close:
        prompt = Text("text    ", style="dim")
        prompt.append(f"no close match: find “{safe_name(words)}” in the articles' text", style="italic")
        results.append(Result("text", words, prompt))
    for hit in hits:
        entity = hit.entity
        prompt = Text(f"{entity.type:<7}", style="dim")
        prompt.append_text(emphasise(entity.name, query))
        sources = entity.article_count
        prompt.append(
            f"  {entity.count} mention{'s' * (entity.count != 1)}, {sources} source{'s' * (sources != 1)}", style="dim"
        )
        results.append(Result("entity", entity.name, prompt))
    for title_hit in corpus.search_titles(query, limit=TITLE_ROWS):
        prompt = Text("article ", style="dim")
        prompt.append_text(emphasise(corpus.articles[title_hit.article].title, query))
        results.append(Result("article", str(title_hit.article), prompt))
    if words and close:
        prompt = Text("text    ", style="dim")
        prompt.append(f"find “{safe_name(words)}” in the articles' text, as less's / does", style="dim")
        results.append(Result("text", words, prompt))
    return results
