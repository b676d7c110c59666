"""Mentions packed for a whole corpus at once: what linking and a first index hold of every article.

A `Mention` object costs about 160 bytes; a large corpus has millions. A packed article keeps its
mentions' offsets in two arrays and everything else as one shared tuple per distinct
(text, type, key, entity, instance, generic, rule): a corpus repeats a few tens of thousands of
them hundreds of thousands of times, so a mention costs 12 bytes, in three arrays shared by many
articles (an article is a small view of a run of them). Mention objects are made for one article
at a time, when it is worked on or read.
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import Any, overload

from reader.entities.model import Mention

_new = object.__new__
# Mention's fields after start and end, in its order: Mention(start, end, *payload).
Payload = tuple[str, str, str, str, str, bool, str]  # text, type, key, entity, instance, generic, rule


class Packer:
    """A store of many articles' mentions, packed: every mention's start, end and payload number
    in three arrays (an article is a run of them), each distinct payload listed once."""

    def __init__(self, spans: Packer | None = None) -> None:
        """An empty store; with `spans`, one for the same mentions with other payloads (linked:
        linking keeps every offset), which shares that store's start and end arrays and is
        filled by `refill`."""
        self.starts: array[int] = array("I") if spans is None else spans.starts
        self.ends: array[int] = array("I") if spans is None else spans.ends
        self.numbers: array[int] = array("I", bytes(4 * len(spans.numbers)) if spans is not None else b"")
        self.payloads: list[Payload] = []
        self._number: dict[Payload, int] = {}
        self._linked_number: dict[tuple[int, str, str], int] = {}  # see refill

    def _numbered(self, payloads: list[Payload]) -> list[int]:
        number, listed = self._number, self.payloads
        numbers = []
        for payload in payloads:
            found = number.get(payload)
            if found is None:
                found = number[payload] = len(listed)
                listed.append(payload)
            numbers.append(found)
        return numbers

    def add(self, starts: list[int], ends: list[int], payloads: list[Payload]) -> Packed:
        """One article's mentions, given field by field."""
        at = len(self.numbers)
        self.starts.extend(starts)
        self.ends.extend(ends)
        self.numbers.extend(self._numbered(payloads))
        return Packed(self, at, len(payloads))

    def refill(self, packed: Packed, mentions: list[Mention]) -> Packed:
        """`packed` (a run of the store whose spans this one shares) linked: `mentions` are its
        mentions, at the same offsets, with their entity and instance set (linking changes no
        other field of a settled mention)."""
        if packed.store.starts is not self.starts or len(mentions) != packed.size:
            raise ValueError("not the same mentions")
        # Numbered by (payload number there, entity, instance): cheaper to make and hash than
        # the whole payload, at every mention.
        number, listed, settled = self._linked_number, self.payloads, packed.store.payloads
        numbers = []
        for mention, was in zip(mentions, packed.numbers):
            key = (was, mention.entity, mention.instance)
            found = number.get(key)
            if found is None:
                text, kind, key_, _, _, generic, rule = settled[was]
                found = number[key] = len(listed)
                listed.append((text, kind, key_, mention.entity, mention.instance, generic, rule))
            numbers.append(found)
        self.numbers[packed.at : packed.at + packed.size] = array("I", numbers)
        return Packed(self, packed.at, packed.size)

    def close(self) -> None:
        """No more articles to add: let go of the tables that number the payloads."""
        self._number = {}
        self._linked_number = {}

    def rows(self, rows: list[list[Any]]) -> Packed:
        """Mentions from recognised rows ([start, end, text, type, key, rule, generic, instance])."""
        return self.add(
            [row[0] for row in rows],
            [row[1] for row in rows],
            [(t, k, key, "", i, g, r) for _, _, t, k, key, r, g, i in rows],
        )

    def mentions(self, mentions: list[Mention]) -> Packed:
        """Mentions from objects, as they are (linked or not)."""
        return self.add(
            [m.start for m in mentions],
            [m.end for m in mentions],
            [(m.text, m.type, m.key, m.entity, m.instance, m.generic, m.rule) for m in mentions],
        )


class Packed:
    """One article's mentions in offset order: a run of a `Packer`'s."""

    __slots__ = ("store", "at", "size")

    def __init__(self, store: Packer, at: int, size: int) -> None:
        self.store = store
        self.at = at
        self.size = size

    def __len__(self) -> int:
        return self.size

    @property
    def numbers(self) -> array[int]:
        """Each mention's payload number in the store."""
        return self.store.numbers[self.at : self.at + self.size]

    @property
    def payloads(self) -> list[Payload]:
        listed = self.store.payloads
        return [listed[number] for number in self.numbers]

    def start(self, index: int) -> int:
        return self.store.starts[self.at + index]

    def end(self, index: int) -> int:
        return self.store.ends[self.at + index]

    def spans(self) -> zip[tuple[int, int, int]]:
        """(start, end, payload number) of each mention."""
        store, at, stop = self.store, self.at, self.at + self.size
        return zip(store.starts[at:stop], store.ends[at:stop], store.numbers[at:stop])

    def rows(self) -> list[list[Any]]:
        """The mentions as recognised rows (see `Packer.rows`)."""
        listed = self.store.payloads
        rows = []
        for start, end, number in self.spans():
            text, kind, key, _, instance, generic, rule = listed[number]
            rows.append([start, end, text, kind, key, rule, generic, instance])
        return rows

    def mentions(self) -> list[Mention]:
        """The article's mentions as new objects (changing them changes nothing here)."""
        # Made without calling Mention's __init__, every field set here: a third faster, and a
        # first index makes every mention three times (linking, the snapshot, what reads it).
        listed = self.store.payloads
        made = []
        for start, end, number in self.spans():
            mention = _new(Mention)
            mention.start, mention.end = start, end
            (
                mention.text,
                mention.type,
                mention.key,
                mention.entity,
                mention.instance,
                mention.generic,
                mention.rule,
            ) = listed[number]
            made.append(mention)
        return made


# Articles whose mention objects are kept once read (by a stored corpus too).
RECENT = 256


class RecentMentions(Sequence[list[Mention]]):
    """`corpus.mentions` made on demand: article i's mention objects, made by `_make` when first
    asked for and kept for the `keep` most recently used articles (safe to share between threads)."""

    def __init__(self, keep: int = RECENT) -> None:
        self._keep = keep
        self._recent: OrderedDict[int, list[Mention]] = OrderedDict()
        self._lock = threading.Lock()

    def _make(self, index: int) -> list[Mention]:
        raise NotImplementedError

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
        found = self._make(index)  # outside the lock: it may read the cache
        with self._lock:
            self._recent[index] = found
            if len(self._recent) > self._keep:
                self._recent.popitem(last=False)
        return found


class PackedMentions(RecentMentions):
    """`corpus.mentions` over packed articles (see `RecentMentions`)."""

    def __init__(self, packed: list[Packed]) -> None:
        super().__init__()
        self._packed = packed

    def __len__(self) -> int:
        return len(self._packed)

    def _make(self, index: int) -> list[Mention]:
        return self._packed[index].mentions()

    def __iter__(self) -> Iterator[list[Mention]]:
        # Every article once (`reader index`, `reader entities`), without filling the recent ones.
        for at, packed in enumerate(self._packed):
            with self._lock:
                found = self._recent.get(at)
            yield found if found is not None else packed.mentions()
