"""Corpus-level summit queries: a series' meetings and the stops of one meeting.

A summit mention's `instance` names its meeting ("SCO summit 2024 Astana"); its `entity` is the
series ("SCO summit"). `n` walks the series; these functions let the app walk one meeting.
"""

from __future__ import annotations

import bisect

from reader.corpus.corpus import Corpus


def meetings(corpus: Corpus, entity: str) -> dict[str, list[tuple[int, int]]]:
    """Instance → its (article, mention index) stops, in corpus order; mentions of the series
    whose meeting is not settled are under "" (first-seen order of instances)."""
    found: dict[str, list[tuple[int, int]]] = {}
    for article, index in corpus.occurrences(entity):
        found.setdefault(corpus.mentions[article][index].instance, []).append((article, index))
    return found


def series_meetings(corpus: Corpus, entity: str) -> list[tuple[str, int]]:
    """The series' meetings with their mention counts, most mentioned first (for the entity
    panel); the unsettled ones ("") are left out."""
    counted = [(instance, len(stops)) for instance, stops in meetings(corpus, entity).items() if instance]
    return sorted(counted, key=lambda pair: (-pair[1], pair[0]))


def instance_at(corpus: Corpus, article: int, index: int) -> str:
    """The meeting of the mention at (article, mention index), "" if none (status line)."""
    return corpus.mentions[article][index].instance


def step_meeting(
    corpus: Corpus, entity: str, instance: str, article: int, offset: int, forward: bool = True
) -> tuple[int, int] | None:
    """The next (previous) stop of one meeting after (before) `offset` in `article`, wrapping:
    (article, mention index), or None if the meeting has no stops."""
    stops = meetings(corpus, entity).get(instance, [])
    if not stops:
        return None
    keys = [(a, corpus.mentions[a][i].start) for a, i in stops]
    if forward:
        at = bisect.bisect_right(keys, (article, offset))
        return stops[0 if at == len(stops) else at]
    at = bisect.bisect_left(keys, (article, offset)) - 1
    return stops[at]
