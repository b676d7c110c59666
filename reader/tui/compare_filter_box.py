"""The compare screen's filter box (`FilterBox`): the text typed filters the sentences; Esc
clears it and closes it."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class FilterBox(Input):
    """The filter's text box: Esc clears it and closes it."""

    BINDINGS = [
        Binding(
            "escape", "clear", "Clear the filter", show=False, id="compare_filter_clear", tooltip="Clear and close"
        ),
    ]

    def action_clear(self) -> None:
        """Clear the filter and close the box."""
        self.value = ""
        # The screen's (the compare screen, which imports this module: asked by name, not by type).
        close_filter = getattr(self.screen, "close_filter", None)
        if close_filter is not None:
            close_filter()
