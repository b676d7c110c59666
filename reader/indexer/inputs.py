"""The inputs of a run (files, URLs, named feed items), their article slots, and small tests of them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from reader.ingest.address import is_url, split_item
from reader.store.file_cache import Entry


@dataclass(slots=True)
class Input:
    """One file, URL or named feed item to index."""

    path: str  # as found or named
    absolute: str  # its cache key: absolute path, or the URL
    sidecar: dict[str, str] | None
    sidecar_json: str  # "" for none
    # The file whose size and mtime say whether its rows are current: the file, the feed of a
    # named item, a URL's stored copy.
    backing: str | None = None
    many: bool = False  # a feed: read in the first round, one article per item
    _info: os.stat_result | None = None
    _looked: bool = False

    @property
    def info(self) -> os.stat_result | None:
        """The backing file's status, looked up once and only when a cached row is compared with it
        (a cold start makes no system call here)."""
        if not self._looked:
            self._looked = True
            try:
                self._info = os.stat(self.backing) if self.backing is not None else None
            except OSError:
                self._info = None
        return self._info


@dataclass(slots=True)
class Unit:
    """One article slot: an article of an input (the input itself, or one of its feed's items)."""

    source: int  # its input's number
    path: str  # the article's path
    absolute: str  # its cache key


def item_count(row: Entry) -> int:
    """How many items the feed of a container row had (0 for a row of one article)."""
    count = row.article.get("items")
    return count if type(count) is int and 0 < count <= 1_000_000 else 0


def is_virtual(path: Path | str) -> bool:
    """A URL or a named feed item: no file of that name is expected to exist."""
    text = os.fsdecode(path)
    return is_url(text) or (split_item(text)[1] is not None and not os.path.lexists(text))
