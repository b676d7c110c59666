"""A corpus as everything a reader sees of it, for comparing two ways of building one."""

from __future__ import annotations

from typing import Any


def signature(corpus: Any) -> tuple[Any, ...]:
    """Everything a reader sees of a corpus: articles, linked mentions, entities, problems."""
    articles = [
        (
            a.path,
            a.title,
            a.source,
            a.date,
            a.url,
            a.encoding,
            tuple(a.debris),
            a.body_start,
            tuple(a.title_span),
            a.size,
            a.words,
            a.text,
        )
        for a in corpus.articles
    ]
    mentions = [
        [(m.start, m.end, m.text, m.type, m.key, m.entity, m.instance, m.generic, m.rule) for m in doc]
        for doc in corpus.mentions
    ]
    entities = {name: (e.type, sorted(e.aliases), e.occurrences) for name, e in corpus.entities.items()}
    return articles, mentions, entities, [str(p) for p in corpus.problems], corpus.aliases
