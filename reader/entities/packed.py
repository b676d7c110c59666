"""Mentions packed for a whole corpus at once: what linking and a first index hold of every article.

A `Mention` object costs about 160 bytes; a large corpus has millions. A packed article keeps its
mentions' offsets in two arrays and everything else as one shared tuple per distinct
(text, type, key, entity, instance, generic, rule): a corpus repeats a few tens of thousands of
them hundreds of thousands of times, so a mention costs 16 bytes. Mention objects are made for
one article at a time, when it is worked on or read.
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import Any, overload

from reader.entities.model import Mention

# Mention's fields after start and end, in its order: Mention(start, end, *payload).
Payload = tuple[str, str, str, str, str, bool, str]  # text, type, key, entity, instance, generic, rule


class Packed:
    """One article's mentions in offset order, packed (see the module's docstring)."""

    __slots__ = ("starts", "ends", "payloads")

    def __init__(self, starts: array[int], ends: array[int], payloads: tuple[Payload, ...]) -> None:
        self.starts = starts
        self.ends = ends
        self.payloads = payloads

    def __len__(self) -> int:
        return len(self.payloads)

    def rows(self) -> list[list[Any]]:
        """The mentions as recognised rows (see `Packer.rows`)."""
        return [
            [start, end, text, kind, key, rule, generic, instance]
            for start, end, (text, kind, key, _, instance, generic, rule) in zip(self.starts, self.ends, self.payloads)
        ]

    def mentions(self) -> list[Mention]:
        """The article's mentions as new objects (changing them changes nothing here)."""
        return [Mention(start, end, *payload) for start, end, payload in zip(self.starts, self.ends, self.payloads)]


class Packer:
    """Packs articles' mentions, sharing one tuple per distinct payload across all of them."""

    def __init__(self) -> None:
        self.table: dict[Payload, Payload] = {}

    def rows(self, rows: list[list[Any]]) -> Packed:
        """Mentions from recognised rows ([start, end, text, type, key, rule, generic, instance])."""
        shared = self.table.setdefault
        return Packed(
            array("I", [row[0] for row in rows]),
            array("I", [row[1] for row in rows]),
            tuple([shared(p, p) for p in [(t, k, key, "", i, g, r) for _, _, t, k, key, r, g, i in rows]]),
        )

    def mentions(self, mentions: list[Mention]) -> Packed:
        """Mentions from objects, as they are (linked or not)."""
        shared = self.table.setdefault
        return Packed(
            array("I", [m.start for m in mentions]),
            array("I", [m.end for m in mentions]),
            tuple(
                [
                    shared(p, p)
                    for p in [(m.text, m.type, m.key, m.entity, m.instance, m.generic, m.rule) for m in mentions]
                ]
            ),
        )

    def payload(self, payload: Payload) -> Payload:
        """The shared tuple equal to `payload`."""
        return self.table.setdefault(payload, payload)


# Articles whose mention objects are kept once read (as a stored corpus keeps them).
RECENT = 256


class PackedMentions(Sequence[list[Mention]]):
    """`corpus.mentions` over packed articles: article i's mention objects, made when first asked
    for and kept for the RECENT most recently used articles."""

    def __init__(self, packed: list[Packed]) -> None:
        self._packed = packed
        self._recent: OrderedDict[int, list[Mention]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._packed)

    @overload
    def __getitem__(self, index: int) -> list[Mention]: ...

    @overload
    def __getitem__(self, index: slice) -> list[list[Mention]]: ...

    def __getitem__(self, index: int | slice) -> list[Mention] | list[list[Mention]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        with self._lock:
            found = self._recent.get(index)
            if found is not None:
                self._recent.move_to_end(index)
                return found
            found = self._recent[index] = self._packed[index].mentions()
            if len(self._recent) > RECENT:
                self._recent.popitem(last=False)
            return found

    def __iter__(self) -> Iterator[list[Mention]]:
        # Every article once (`reader index`, `reader entities`), without filling the recent ones.
        for at, packed in enumerate(self._packed):
            with self._lock:
                found = self._recent.get(at)
            yield found if found is not None else packed.mentions()
