"""The key footer: Textual's Footer, rebuilt once for a burst of binding changes.

Textual's Footer rebuilds all its keys after every change of the bindings, and a start makes
three in a row (the screen stack, the focus, the first idle), each ~20 ms at 80 columns, on the
UI thread while the corpus is being loaded beside it. One rebuild, after the burst, shows the
same keys.

A footer hidden under an opaque screen (`E`, `c`) is not rebuilt until its screen is on top again:
the screen's resumption is itself a change of its bindings, which rebuilds it then, and the new
screen's first frame does not wait for keys nobody can see.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _rebuild_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or _hidden(screen):
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        # Cleared first: a change while the keys are being rebuilt asks for another rebuild.
        self._rebuild_pending = False
        await self.recompose()


def _hidden(screen: Screen) -> bool:
    """Whether an opaque screen above `screen` covers it (a translucent one shows it, dimmed)."""
    stack = screen.app.screen_stack
    if screen not in stack:
        return False
    above = stack[stack.index(screen) + 1 :]
    return any(other.styles.background.a == 1 for other in above)
