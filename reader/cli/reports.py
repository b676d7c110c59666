"""The commands that answer from the corpus: `entities`, `search` and `compare`."""

from __future__ import annotations

import sys
from collections.abc import Callable

from reader.cli.output import cells, fit_left, keyword_in_context, render_lines, terminal
from reader.cli.output import console as _console
from reader.cli.output import safe as _safe
from reader.cli.output import write as _write

# A search listing's line: the indent, the source cut to its column, then the mention in context.
SOURCE_INDENT = "  "
SOURCE_COLUMN = 24


def print_entities(corpus, as_json: bool) -> int:
    from reader.ingest.sanitize import json_line

    if as_json:
        for article, mentions in zip(corpus.articles, corpus.mentions):
            # An article's lines in one write: one a line was a tenth of the time.
            path, text = article.path, article.text
            sys.stdout.write("".join([json_line(mention.record(path, text)) + "\n" for mention in mentions]))
        return 0 if any(corpus.mentions) else 1
    ranked = sorted(corpus.entities.values(), key=lambda e: (-e.count, e.name))
    spreads = _spreads(corpus)
    if not terminal().is_terminal:  # (FORCE_COLOR counts as a terminal, as Rich has it)
        # Piped: a plain table, one entity a line, tab-separated, for cut, sort and awk.
        lines = ["type\tentity\tmentions\tper source"]
        for entity in ranked:
            lines.append(
                f"{entity.type}\t{_safe(entity.name)}\t{entity.count}\t{spreads[entity.name]}".replace("\r", " ")
            )
        _write("\n".join(lines))
        return 0 if ranked else 1
    console = _console()
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(f"{len(corpus.entities)} entities in {len(corpus.articles)} articles"), title_justify="left"
    )
    table.add_column("Type", no_wrap=True)
    table.add_column("Entity")
    table.add_column("Mentions", justify="right")
    table.add_column("Per source")
    for entity in ranked:
        table.add_row(Text(entity.type), Text(_safe(entity.name)), Text(str(entity.count)), Text(spreads[entity.name]))
    console.print(table)
    return 0 if ranked else 1


def _spreads(corpus) -> dict[str, str]:
    """Each entity's mentions per source, "VOA 3 · BBC 1": the articles of one outlet counted
    together, outlets in the order their first articles come, each name made inert once."""
    outlets: dict[str, int] = {}
    names: list[str] = []
    outlet_of = []
    for article in corpus.articles:
        number = outlets.get(article.source)
        if number is None:
            number = outlets[article.source] = len(names)
            names.append(_safe(article.source))
        outlet_of.append(number)
    return {
        name: " · ".join([f"{names[outlet]} {totals[outlet]}" for outlet in sorted(totals)])
        for name, totals in corpus.each_source(outlet_of)
    }


def print_search(corpus, query: str, limit: int, as_json: bool) -> int:
    hits = corpus.search_once(query, limit=limit)
    return write_search(
        query,
        [(hit.entity, hit.score) for hit in hits],
        # JSON gives every mention; the listing those a reader sees: none in page debris (the
        # app's n skips them too). From the stored corpus: no article's mentions are decoded.
        lambda entity: corpus.stop_spans(entity.name, hidden=as_json),
        corpus.articles.__getitem__,
        as_json,
    )


def write_search(query: str, hits: list, spans_of: Callable, article_of: Callable, as_json: bool) -> int:
    """`reader search`'s answer: `hits` are (entity, score), best first; `spans_of(entity)` the
    (article, start, end) of the mentions to show; `article_of(number)` an article with its
    path, source, debris, text and safe text (a corpus's, or `reader.cli.quick`'s)."""
    from reader.corpus.search import CLOSE_MATCH
    from reader.ingest.sanitize import json_line

    if hits and hits[0][1] < CLOSE_MATCH:
        best, score = hits[0]
        print(
            f"reader: no close match for {_safe(query)!r} (the nearest: {_safe(best.name)}, score "
            f"{score:.0f}); the app's search bar can find it as text",
            file=sys.stderr,
        )
        return 1
    if as_json:
        for entity, score in hits:
            mentions = []
            for article_index, start, end in spans_of(entity):
                article = article_of(article_index)
                left, middle, right = keyword_in_context(article.safe, start, end)
                mentions.append(
                    {
                        "doc": article.path,
                        "start": start,
                        "end": end,
                        "text": article.text[start:end],
                        "context": f"{left}{middle}{right}",
                    }
                )
            _write(
                json_line(
                    {
                        "entity": entity.name,
                        "type": entity.type,
                        "score": round(score, 1),
                        "mentions": mentions,
                    }
                )
            )
        return 0 if hits else 1
    shown = terminal()
    plain = not shown.is_terminal or shown.no_color
    lines: list[list[tuple[str, str]]] = []
    for number, (entity, score) in enumerate(hits):
        if number:
            lines.append([])
        sources = entity.article_count
        lines.append(
            [
                (f"{entity.type:<7}", "dim"),
                (_safe(entity.name), "bold"),
                (
                    f"  {entity.count} mention{'s' * (entity.count != 1)} in {sources} source{'s' * (sources != 1)}"
                    f"  score {score:.0f}",
                    "dim",
                ),
            ]
        )
        for article_index, start, end in spans_of(entity):
            article = article_of(article_index)
            left, middle, right = keyword_in_context(article.safe, start, end, hidden=article.debris)
            source = f"{article.source[:SOURCE_COLUMN]:<{SOURCE_COLUMN}} "
            mention = f"«{middle}»" if plain else middle
            # Half the columns the mention leaves, at most, before it: a fixed 60 characters put
            # it past the edge of an 80-column terminal. What follows it is cut at the edge.
            room = shown.width - cells(SOURCE_INDENT) - cells(source) - cells(mention)
            lines.append(
                [
                    (SOURCE_INDENT, ""),
                    (source, "cyan"),
                    (fit_left(left, max(0, room // 2)), ""),
                    (mention, "bold reverse"),
                    (right, ""),
                ]
            )
    sys.stdout.write(render_lines(shown, lines))
    if not hits:
        print(f"reader: no entity matches {_safe(query)!r}", file=sys.stderr)
    return 0 if hits else 1


def print_compare(corpus, query: str, as_json: bool) -> int:
    """What each source says about the entity that best matches `query`."""
    import shutil

    from reader.corpus.compare import compare, compare_records, render_text
    from reader.corpus.search import CLOSE_MATCH
    from reader.ingest.sanitize import json_line

    hits = corpus.search_once(query, limit=1)
    if not hits or hits[0].score < CLOSE_MATCH:
        print(f"reader: no entity matches {_safe(query)!r} closely", file=sys.stderr)
        return 1
    name = hits[0].entity.name
    if as_json:
        records = compare_records(corpus, name)
        for record in records:
            _write(json_line(record))
        return 0 if records else 1
    sections = compare(corpus, name)
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 100
    sys.stdout.write(render_text(sections, name, width=width))
    return 0 if sections else 1
