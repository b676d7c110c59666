"""The app's plain-text search (the search bar's "text" row): find every match off the UI
thread, then `n`/`N` walk them across articles as they walk an entity's mentions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import App

from reader.corpus.text_search import TextMatches, find_text

if TYPE_CHECKING:
    from reader.corpus.corpus import Corpus, Position
    from reader.tui.reading_pane import ReadingPane
    from reader.tui.session import ReadingSession
    from reader.tui.status_line import StatusLine


class TextSearching(App[None]):
    """ReaderApp's text search: `text` is the search `n`/`N` walk instead of an entity, or None."""

    text: TextMatches | None = None

    if TYPE_CHECKING:  # what ReaderApp gives it
        corpus: Corpus | None
        current: int
        session: ReadingSession

        @property
        def pane(self) -> ReadingPane: ...

        @property
        def status(self) -> StatusLine: ...

        def open_article(self, index: int, restore: bool = False) -> None: ...

        def _update_status(self, position: Position | None = None) -> None: ...

    @work(thread=True, exclusive=True, group="text")
    def _find_text(self, query: str, hidden: bool) -> None:
        """Every match of `query` in the articles (their files are read: off the UI thread)."""
        if self.corpus is not None:
            found = find_text(self.corpus, query, hidden)
            self.call_from_thread(self._text_found, found)

    def _text_found(self, found: TextMatches) -> None:
        self.text = found
        self.session.active = ""
        self.pane.set_active("")
        if not found.places:
            self.notify(f"“{found.query}” is not in the articles' text", timeout=4)
            self._update_status()
            return
        self._step_text(1, from_start=True)

    def _step_text(self, step: int, from_start: bool = False) -> None:
        """`n`/`N` in a text search: the next (previous) match, across articles, wrapping."""
        found = self.text
        assert found is not None
        offset = -1 if from_start else self._text_origin()
        stop = found.step(self.current, offset, forward=step > 0)
        if stop is None:
            return
        at, wrapped = stop
        if wrapped and not from_start:
            where = "first" if step > 0 else "last"
            self.notify(f"Wrapped around to the {where} match of “{found.query}”", timeout=3)
        article, start, _ = found.places[at]
        if article != self.current:
            self.open_article(article)
        matches = found.in_article(article)
        self.pane.set_matches(matches, next(i for i, span in enumerate(matches) if span[0] == start))
        self._text_status(at)

    def _text_origin(self) -> int:
        pane = self.pane
        if pane.current_match is not None and pane.current_match < len(pane.matches):
            return pane.matches[pane.current_match][0]
        return pane.step_origin(forward=True)

    def _text_status(self, at: int) -> None:
        assert self.text is not None and self.corpus is not None
        found = self.text
        here = found.in_article(self.current)
        first = next((n for n, place in enumerate(found.places) if place[0] == self.current), at)
        self.status.show(
            f"text “{found.query}”",
            at + 1,
            len(found.places),
            self.corpus.articles[self.current].source,
            (at - first + 1, len(here)),
            (self.current + 1, len(self.corpus.articles)),
        )

    def _end_text_search(self) -> None:
        if self.text is not None:
            self.text = None
            self.pane.set_matches([])
