"""Walking one summit meeting: `n`/`N` walk a summit series' every mention (as any entity's); a
key (`i`, id `walk_meeting`) narrows them to the meeting of the current stop ("SCO summit 2022
Samarkand" of "SCO summit") and back. The status line names the stop's meeting and the mode.

A series' meetings are found in a worker (see reader.tui.meeting_index); a key that needs them
before they are known waits for them, in order, instead of blocking the UI thread.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App

from reader.corpus.summits import instance_at
from reader.store.snapshots import CorpusUnavailable
from reader.tui.loader import reload_if_lost
from reader.tui.meeting_index import MeetingIndex, is_event, meeting_label

if TYPE_CHECKING:
    from textual.widget import Widget

    from reader.corpus.corpus import Corpus, Position
    from reader.corpus.text_search import TextMatches
    from reader.tui.reading_pane import ReadingPane
    from reader.tui.session import StatusFields


class MeetingWalking(App[None]):
    """ReaderApp's meeting walk: `walking` is (series, meeting) while `n`/`N` walk one meeting."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.walking: tuple[str, str] | None = None
        self.meeting_index = MeetingIndex()
        # The series whose meetings were asked for in `_asked_corpus` (each is asked once), and
        # what waits for them: (the series, what to run once they are known).
        self._asked_corpus: Corpus | None = None
        self._asked: set[str] = set()
        self._after_meetings: list[tuple[str, Callable[[], object]]] = []

    if TYPE_CHECKING:  # what ReaderApp gives it
        corpus: Corpus | None
        current: int
        text: TextMatches | None

        @property
        def pane(self) -> ReadingPane: ...

        @property
        def active(self) -> str: ...

        def go_to(self, position: Position) -> None: ...

        def action_step(self, step: int) -> None: ...

        def _make_active(self, entity: str, article: int | None = None) -> None: ...

        def _end_text_search(self) -> None: ...

        @staticmethod
        def _focus(widget: Widget) -> None: ...

        def _update_status(self, position: Position | None = None) -> None: ...

        def _corpus_lost(self, exc: CorpusUnavailable) -> None: ...

    # ------------------------------------------------------------ finding a series' meetings

    def _meetings(self, entity: str) -> dict[str, list[tuple[int, int]]] | None:
        """The meetings of `entity` (a summit series) in the corpus shown; None while a worker is
        finding them (this starts it), {} for an entity that is no event."""
        corpus = self.corpus
        if corpus is None or not is_event(corpus, entity):
            return {}
        found = self.meeting_index.known(corpus, entity)
        if corpus is not self._asked_corpus:
            self._asked_corpus, self._asked = corpus, set()
        if found is None and entity not in self._asked:
            self._asked.add(entity)
            self._find_meetings(corpus, entity)
        return found

    def _when_meetings_known(self, entity: str, then: Callable[[], object]) -> bool:
        """Run `then` now if the meetings of `entity` are known (True), else once they are (False),
        if `entity` is still the active entity then."""
        if self._meetings(entity) is not None:
            return True
        self._after_meetings.append((entity, then))
        return False

    @work(thread=True, group="meetings")
    def _find_meetings(self, corpus: Corpus, entity: str) -> None:
        try:
            self.meeting_index.find(corpus, entity)
        except CorpusUnavailable as exc:
            self.call_from_thread(self._corpus_lost, exc)
            return
        self.call_from_thread(self._meetings_found, corpus)

    def _meetings_found(self, corpus: Corpus) -> None:
        if corpus is not self.corpus:
            return  # another corpus is shown now: it is asked again
        waiting = self._after_meetings
        ready = [(entity, then) for entity, then in waiting if self.meeting_index.known(corpus, entity) is not None]
        waiting[:] = [pair for pair in waiting if pair not in ready]
        for entity, then in ready:
            if entity == self.active and self.text is None:
                then()
        self._update_status()

    # ------------------------------------------------------------ the walk

    def _walked_meeting(self) -> str:
        """The meeting `n`/`N` walk now, "" when they walk the whole series (or no summit)."""
        walking = self.walking
        if walking is None or walking[0] != self.active or self.text is not None:
            return ""
        return walking[1]

    def _walk_series(self) -> None:
        """Back to walking the whole series (a new active entity starts there)."""
        self.walking = None

    def _stop_meeting(self) -> str:
        """The meeting of the current stop (the pane's cursor on a mention of the active summit)."""
        pane, corpus = self.pane, self.corpus
        index = pane.cursor
        if corpus is None or index is None or index >= len(pane.mentions):
            return ""
        if pane.mentions[index].entity != self.active:
            return ""
        return instance_at(corpus, self.current, index)

    def action_walk_meeting(self) -> None:
        """Walk only the meeting of the current stop, or (walking one) the whole series again."""
        corpus, entity = self.corpus, self.active
        if corpus is None:
            return
        if self._walked_meeting():
            self.walking = None
            self.notify(f"n/N walk every meeting of {entity} again", timeout=3)
            self._update_status()
            return
        if not entity or self.text is not None or not is_event(corpus, entity):
            self.notify("No summit is active: search one with / and go to one of its mentions", timeout=4)
            return
        if not self._when_meetings_known(entity, self.action_walk_meeting):
            return
        instance = self._stop_meeting()
        if not instance:
            if not self.meeting_index.series(corpus, entity):
                self.notify(f"No meeting of {entity} is known: n/N walk all its mentions", timeout=4)
            else:
                self.notify("Which meeting this mention is of is not known: go to another with n", timeout=4)
            return
        self.walking = (entity, instance)
        self._update_status()

    def walk_meeting_of(self, entity: str, instance: str) -> None:
        """Make `entity` active, walking only its meeting `instance`: go to the meeting's first stop
        in this article, else its first anywhere (the entity panel's meeting rows)."""
        if self.corpus is None or entity not in self.corpus.entities:
            return
        self._end_text_search()
        self._make_active(entity)  # no jump to the series' first mention: the meeting's comes next
        self._focus(self.pane)
        self.walking = (entity, instance)

        def first_stop() -> None:
            stops = self._meeting_stops()
            if stops is None or self._walked_meeting() != instance:
                return
            places = stops[0]
            if not places:
                self.notify(f"{instance} has no mention that shows here", timeout=4)
                self._update_status()
                return
            at = bisect.bisect_left(places, (self.current, 0))
            target = places[at] if at < len(places) and places[at][0] == self.current else places[0]
            self._go_to_stop(target)

        if self._when_meetings_known(entity, first_stop):
            first_stop()

    def _meeting_stops(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]] | None:
        instance = self._walked_meeting()
        if self.corpus is None or not instance:
            return None
        return self.meeting_index.stops(self.corpus, self.active, instance, self.pane.raw)

    @reload_if_lost
    def _go_to_stop(self, target: tuple[int, int], wrapped: bool = False) -> None:
        """Open the stop's article (its mentions are read from the index cache) and land on it."""
        assert self.corpus is not None
        self.go_to(self.corpus.position(self.active, *target, wrapped=wrapped, hidden=self.pane.raw))

    def _step_meeting(self, step: int) -> bool:
        """`n`/`N` while walking one meeting: its next (previous) stop, across articles, wrapping.
        False when no meeting is walked (the caller walks the series)."""
        entity, corpus = self.active, self.corpus
        if any(waiting == entity for waiting, _ in self._after_meetings):
            # Keys wait for the series' meetings (`i` pressed before they were known): this one
            # too, so that they apply in the order typed.
            self._after_meetings.append((entity, lambda: self.action_step(step)))
            return True
        instance = self._walked_meeting()
        if not instance or corpus is None:
            return False
        if not self._when_meetings_known(entity, lambda: self.action_step(step)):
            return True  # a new corpus: its meetings are being found; the key is kept
        stops = self._meeting_stops()
        assert stops is not None
        places, keys = stops
        if not places:
            self.walking = None
            self.notify(f"{instance} has no mention that shows: n/N walk the whole series", timeout=4)
            return False
        offset = self.pane.step_origin(forward=step > 0)
        if step > 0:
            at = bisect.bisect_right(keys, (self.current, offset))
            wrapped = at == len(places)
            target = places[0 if wrapped else at]
        else:
            at = bisect.bisect_left(keys, (self.current, offset)) - 1
            wrapped = at < 0
            target = places[-1 if wrapped else at]
        if wrapped:
            where = "first" if step > 0 else "last"
            self.notify(f"Wrapped around to the {where} mention of {instance}", timeout=3)
        self._go_to_stop(target, wrapped)
        return True

    # ------------------------------------------------------------ the status line

    def _summit_fields(self, fields: StatusFields, index: int | None, on_active: bool) -> StatusFields:
        """`fields` for a summit series: its stop's meeting and the walk's mode; walking one meeting,
        the place among that meeting's stops instead of the series'."""
        corpus, entity = self.corpus, self.active
        if corpus is None or not entity or self.text is not None or not is_event(corpus, entity):
            return fields
        found = self._meetings(entity)
        instance = instance_at(corpus, self.current, index) if on_active and index is not None else ""
        walked = self._walked_meeting()
        if not walked:
            named = bool(instance) or any(found or ())
            return replace(fields, instance=meeting_label(entity, instance), mode="series" if named else "")
        label = meeting_label(entity, walked)
        stops = self.meeting_index.stops(corpus, entity, walked, self.pane.raw)
        if stops is None:
            return replace(fields, instance=label, mode="meeting", ordinal=0, total=-1, in_article=None)
        places = stops[0]
        at = bisect.bisect_left(places, (self.current, index if index is not None else -1))
        ordinal = at + 1 if index is not None and at < len(places) and places[at] == (self.current, index) else 0
        first = bisect.bisect_left(places, (self.current, -1))
        last = bisect.bisect_left(places, (self.current + 1, -1))
        in_article = ((at - first + 1 if ordinal else 0), last - first) if last > first else None
        return replace(
            fields, instance=label, mode="meeting", ordinal=ordinal, total=len(places), in_article=in_article
        )
