"""What pages and feeds were extracted into, kept beside the index cache.

A page's or a feed's article text is made by an extractor (trafilatura, feedparser), not read
as is from the file, and mention offsets index that text. So the text made once is kept, under
a key made of the bytes it came from and the version of the code that made it: opening the
article, `reader text` and a search snippet read the very text the mentions were found in
(a newer trafilatura makes new text only for new or changed files), and opening one item of
a 10,000-item feed does not parse the feed again.

Entries are JSON files in `reader.config.cache_dir()/extracted/`, written atomically; one that
cannot be read is ignored (the text is made again), and a cache that cannot be written only
makes reading slower. Entries unused for `KEEP_DAYS` are removed, at most once a day.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

from reader.config import cache_dir

KEEP_DAYS = 30
_PRUNE_EVERY_S = 24 * 3600
_MEMORY = 4  # entries kept in memory per process (a big feed's items are one entry)
_memory: OrderedDict[str, Any] = OrderedDict()
# The app opens articles on its UI thread while its loader indexes on another.
_memory_lock = threading.Lock()
_pruned = False


def key(kind: str, data: bytes, *hints: str) -> str:
    """The key of what `kind` (a format and its version, e.g. "page/1") makes of `data`, given
    what else it reads (the URL, the HTTP charset)."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(kind.encode())
    for hint in hints:
        digest.update(b"\0" + hint.encode("utf-8", "surrogatepass"))
    digest.update(b"\0\0")
    digest.update(data)
    return digest.hexdigest()


def folder() -> Path:
    return cache_dir() / "extracted"


def _path(entry: str) -> Path:
    return folder() / entry[:2] / f"{entry}.json"


def load(entry: str) -> Any | None:
    with _memory_lock:
        if entry in _memory:
            _memory.move_to_end(entry)
            return _memory[entry]
    path = _path(entry)
    try:
        with path.open("rb") as handle:
            value = json.loads(handle.read())
    except (OSError, ValueError):
        return None
    try:
        os.utime(path)  # last used: what pruning goes by
    except OSError:
        pass
    _remember(entry, value)
    return value


def save(entry: str, value: Any) -> None:
    _remember(entry, value)
    path = _path(entry)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        write_atomically(path, data)
    except OSError:
        return  # read-only or full: the text is made again next time
    _prune_now_and_then()


def _remember(entry: str, value: Any) -> None:
    with _memory_lock:
        _memory[entry] = value
        _memory.move_to_end(entry)
        while len(_memory) > _MEMORY:
            _memory.popitem(last=False)


def forget_memory() -> None:
    """Drop what this process holds in memory (tests; a long-running process after a refresh)."""
    with _memory_lock:
        _memory.clear()


def _prune_now_and_then() -> None:
    global _pruned
    if _pruned:
        return
    _pruned = True
    root = folder()
    marker = root / ".pruned"
    now = time.time()
    try:
        if now - marker.stat().st_mtime < _PRUNE_EVERY_S:
            return
    except FileNotFoundError:
        pass
    except OSError:
        return
    try:
        marker.touch()
        oldest = now - KEEP_DAYS * 24 * 3600
        for sub in root.iterdir():
            if not sub.is_dir():
                continue
            for path in sub.iterdir():
                try:
                    if path.stat().st_mtime < oldest:
                        path.unlink()
                except OSError:
                    pass
    except OSError:
        pass


def write_atomically(path: Path, data: bytes) -> None:
    """`data` as the file `path`, all or nothing: written beside it, then renamed over it."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
