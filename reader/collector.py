"""Python's cyclic garbage collector, paused while the reader builds what it keeps.

Indexing and loading make hundreds of thousands of objects that live as long as the corpus
(articles, mentions, entities). Each time the young objects have grown by a quarter, the
collector walks all of them and finds nothing to free: about half a second of a cold index of
10,000 articles, and a third of restoring the last corpus at start. Reference counting frees
everything these steps throw away, which holds no cycles, so the collector is off while they
run (in any thread) and back on, as it was, when the last of them ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_pauses = 0
_lock = threading.Lock()
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
