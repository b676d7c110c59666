"""One search thread for the session: it always takes the newest query, so a key typed while a
query runs replaces the one waiting and keys never queue up. No Textual: it is given the
function that searches and the one that delivers the results (on the UI thread)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

# How often a waiting thread looks at whether it should stop without being woken.
_POLL_S = 0.1


class SearchThread:
    """`submit(query)` from the UI thread; `deliver(query, results)` is called for the newest
    query's results only (an answer already stale is skipped). A worker per query cost a
    thread start and three state messages per keystroke, handled by the UI thread while the
    search needed the interpreter."""

    def __init__(self, search: Callable[[str], Any], deliver: Callable[[str, Any], None]) -> None:
        self._search = search
        self._deliver = deliver
        self._wakeup = threading.Condition()
        self._wanted: str | None = None
        self._running = False
        self._stopping = False

    @property
    def running(self) -> bool:
        with self._wakeup:
            return self._running

    def submit(self, query: str) -> None:
        with self._wakeup:
            self._wanted = query
            self._wakeup.notify()
            if self._running or self._stopping:
                return
            self._running = True
        threading.Thread(target=self._run, name="reader-search", daemon=True).start()

    def stop(self) -> None:
        """The loop ends at once (quitting)."""
        with self._wakeup:
            self._stopping = True
            self._wakeup.notify_all()

    def _run(self) -> None:
        try:
            while True:
                with self._wakeup:
                    while self._wanted is None and not self._stopping:
                        self._wakeup.wait(_POLL_S)
                    if self._stopping:
                        return
                    query = self._wanted
                    self._wanted = None
                    if query is None:
                        continue
                results = self._search(query)
                with self._wakeup:
                    stale = self._wanted is not None  # a newer query is waiting: skip this one
                    stopping = self._stopping
                if results is not None and not stale and not stopping:
                    self._deliver(query, results)
        finally:
            with self._wakeup:
                self._running = False
