"""Guards for two faults of Textual (8.2.8) that would end the app, found by fuzzing.

- One byte of invalid UTF-8 typed or pasted at the terminal (`tmux send-keys -H ff`, 0x9b in a
  bracketed paste) raises UnicodeDecodeError in the driver's input thread, which kills the
  app. Input is decoded with replacement instead: the bad byte becomes U+FFFD, a key that
  does nothing.
- An OptionList's page keys raise KeyError at very small heights (its line map is not built
  for the highlighted option): at 7 rows or fewer, `e` then PageDown; `ctrl+p`, a query, a
  resize to 3-4 rows, then PageUp. The page move is skipped then; the arrows still move.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Callable
from typing import Any

_installed = False


def _lenient_decoder(encoding: str) -> Callable[..., codecs.IncrementalDecoder]:
    return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")


def install() -> None:
    """Apply both guards (once; later calls do nothing)."""
    global _installed
    if _installed:
        return
    _installed = True
    try:
        from textual.drivers import linux_driver

        # The driver looks the decoder up by this module-level name when its input thread starts.
        linux_driver.getincrementaldecoder = _lenient_decoder  # type: ignore[assignment]
    except ImportError:  # not on this platform
        pass
    from textual.widgets import OptionList

    move_page = OptionList._move_page

    @functools.wraps(move_page)
    def guarded_move_page(self: OptionList, direction: Any) -> None:
        try:
            move_page(self, direction)
        except KeyError:
            pass  # too small to page: see the module's docstring

    OptionList._move_page = guarded_move_page  # type: ignore[method-assign]
