"""Pairs of counts kept as two arrays: an entity's places in a restored corpus."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import overload


class Pairs(Sequence[tuple[int, int]]):
    """(first, second) pairs of unsigned ints as two arrays, each pair made when asked for: the
    busiest entity of a large corpus has hundreds of thousands of places, and a tuple and two
    ints each were over 100 bytes a mention. In the order the pairs are in (an entity's places
    are sorted), so `bisect` finds a pair in it; equal to any sequence of the same pairs."""

    __slots__ = ("firsts", "seconds")

    def __init__(self, firsts: array[int], seconds: array[int]) -> None:
        if len(firsts) != len(seconds):
            raise ValueError("pairs of two lengths")
        self.firsts = firsts
        self.seconds = seconds

    def __len__(self) -> int:
        return len(self.firsts)

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, index: slice) -> Pairs: ...
    def __getitem__(self, index: int | slice) -> tuple[int, int] | Pairs:
        if isinstance(index, slice):
            return Pairs(self.firsts[index], self.seconds[index])
        return self.firsts[index], self.seconds[index]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.firsts, self.seconds)

    def take(self, indexes: Sequence[int]) -> Pairs:
        """The pairs at these indexes, as pairs of their own."""
        firsts, seconds = self.firsts, self.seconds
        return Pairs(
            array(firsts.typecode, [firsts[at] for at in indexes]),
            array(seconds.typecode, [seconds[at] for at in indexes]),
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Pairs):
            return self.firsts == other.firsts and self.seconds == other.seconds
        if isinstance(other, Sequence) and not isinstance(other, (str, bytes)):
            return len(self) == len(other) and all(mine == theirs for mine, theirs in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to lists, which have none

    def __repr__(self) -> str:
        return f"Pairs({list(self)!r})"
