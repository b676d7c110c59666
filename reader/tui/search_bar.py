"""The search bar: a query box and results that update on every keystroke."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from reader.entities.normalize import search_form

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Result:
    kind: str  # "entity" or "article"
    key: str  # entity name, or article index
    prompt: Text


def _word_spans(name: str) -> list[tuple[int, int]]:
    return [match.span() for match in _WORD.finditer(name)]


def _matched_in_word(name: str, start: int, end: int, wanted: str) -> list[int]:
    """Offsets of the word name[start:end] that spell `wanted` in order (greedy)."""
    found: list[int] = []
    position = 0
    for offset in range(start, end):
        if position < len(wanted) and search_form(name[offset]) == wanted[position]:
            found.append(offset)
            position += 1
    return found


def emphasise(name: str, query: str) -> Text:
    """The name with the characters the query matched emphasised, word by word: each query
    word marks the letters it spells in the name word it fits best (a word it starts first),
    so "tokaev" marks T-o-k-a-e-v in "Tokayev", not scattered letters of "Kassym-Jomart"."""
    text = Text(name)
    spans = _word_spans(name)
    used: set[int] = set()
    for wanted in search_form(query).split():
        best: tuple[tuple[int, int], int, list[int]] | None = None
        for number, (start, end) in enumerate(spans):
            if number in used:
                continue
            offsets = _matched_in_word(name, start, end, wanted)
            rank = (len(offsets), int(bool(offsets) and offsets[0] == start))
            if offsets and (best is None or rank > best[0]):
                best = (rank, number, offsets)
        if best is None:
            continue
        used.add(best[1])
        for offset in best[2]:
            text.stylize("bold underline", offset, offset + 1)
    return text


class SearchBar(Vertical):
    DEFAULT_CSS = """
    SearchBar { dock: bottom; height: 12; display: none; layer: overlay; }
    SearchBar.-open { display: block; }
    SearchBar > OptionList { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close search", id="search_close"),
        Binding("down", "move(1)", "Next result", show=False, id="search_down"),
        Binding("up", "move(-1)", "Previous result", show=False, id="search_up"),
    ]

    class Query(Message):
        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    class Picked(Message):
        def __init__(self, result: Result) -> None:
            self.result = result
            super().__init__()

    class Closed(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.results: list[Result] = []

    def compose(self) -> ComposeResult:
        # No blinking cursor: over SSH every blink is a repaint sent down the wire.
        yield Input(placeholder="search leaders, countries, organisations, summits, titles", id="search-input",
                    classes="no-blink")
        yield OptionList(id="search-results")

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def list(self) -> OptionList:
        return self.query_one("#search-results", OptionList)

    def open(self) -> None:
        self.add_class("-open")
        # Focus now, not on a later callback (`focus()`): letters typed right after `/` (a fast
        # typist, a paste, keys arriving together over SSH) must reach the query box.
        self.screen.set_focus(self.input)
        if self.input.value:
            self.post_message(self.Query(self.input.value))

    def action_close(self) -> None:
        self.remove_class("-open")
        self.post_message(self.Closed())

    def action_move(self, step: int) -> None:
        if self.results:
            current = self.list.highlighted or 0
            self.list.highlighted = (current + step) % len(self.results)

    def show_results(self, query: str, results: list[Result]) -> None:
        if query != self.input.value:
            return  # an older query's answer
        self.results = results
        self.list.clear_options()
        self.list.add_options([Option(r.prompt) for r in results])
        if results:
            self.list.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Query(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.results:
            self.post_message(self.Picked(self.results[self.list.highlighted or 0]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(self.results[event.option_index]))
