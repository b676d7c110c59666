"""Each summit series' meetings in the corpus shown, found off the UI thread and kept: what `n`/`N`
walk when they walk one meeting, the status line's counts for it, and the entity panel's rows.

Finding a series' meetings reads the mentions of every article that names it (each mention's
`instance`, see reader.corpus.summits): a worker does it once per series and corpus, the UI thread
only asks what is already known. No Textual here.
"""

from __future__ import annotations

import threading

from reader.corpus.corpus import Corpus
from reader.corpus.summits import meetings

SUMMITS = "EVENT"  # the entity type summit series are of (forums, games and congresses too)

Stops = tuple[list[tuple[int, int]], list[tuple[int, int]]]


def is_event(corpus: Corpus, entity: str) -> bool:
    found = corpus.entities.get(entity)
    return found is not None and found.type == SUMMITS


def meeting_label(entity: str, instance: str) -> str:
    """The meeting without its series' name, as shown beside it: "SCO summit 2022 Samarkand" of
    "SCO summit" is "2022 Samarkand" (a meeting named otherwise is shown whole)."""
    if instance.startswith(entity + " ") and len(instance) > len(entity) + 1:
        return instance[len(entity) + 1 :]
    return instance


class MeetingIndex:
    """The meetings of the series asked for, in one corpus (another corpus starts afresh)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._corpus: Corpus | None = None
        self._found: dict[str, dict[str, list[tuple[int, int]]]] = {}
        self._stops: dict[tuple[str, str, bool], Stops] = {}

    def find(self, corpus: Corpus, entity: str) -> dict[str, list[tuple[int, int]]]:
        """Instance → its (article, mention index) stops ("" the unsettled ones): reads the
        stored mentions, so call it from a worker thread."""
        known = self.known(corpus, entity)
        if known is not None:
            return known
        found = meetings(corpus, entity)
        with self._lock:
            if corpus is not self._corpus:
                self._corpus, self._found, self._stops = corpus, {}, {}
            self._found[entity] = found
        return found

    def known(self, corpus: Corpus, entity: str) -> dict[str, list[tuple[int, int]]] | None:
        """What `find` found for `entity` in `corpus`, or None if it has not been asked yet."""
        with self._lock:
            return self._found.get(entity) if corpus is self._corpus else None

    def series(self, corpus: Corpus, entity: str) -> list[tuple[str, int]] | None:
        """The series' meetings with their mention counts, most mentioned first, as
        `reader.corpus.summits.series_meetings` ranks them; None if not found yet."""
        found = self.known(corpus, entity)
        if found is None:
            return None
        return sorted(((name, len(stops)) for name, stops in found.items() if name), key=lambda p: (-p[1], p[0]))

    def stops(self, corpus: Corpus, entity: str, instance: str, hidden: bool) -> Stops | None:
        """The stops `n`/`N` visit in one meeting, (article, mention index) and (article, start) of
        each: the series' stops (`corpus.stops`, so hidden text only with `hidden`) of that meeting.
        None if the series' meetings are not found yet."""
        found = self.known(corpus, entity)
        if found is None:
            return None
        key = (entity, instance, hidden)
        with self._lock:
            kept = self._stops.get(key)
        if kept is None:
            members = set(found.get(instance, []))
            places, keys = corpus.stops(entity, hidden)
            pairs = [(place, at) for place, at in zip(places, keys) if place in members]
            kept = ([place for place, _ in pairs], [at for _, at in pairs])
            with self._lock:
                if corpus is self._corpus:
                    self._stops[key] = kept
        return kept
