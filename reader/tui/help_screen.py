"""`?`: every key binding, read from the bindings themselves so the list cannot go stale."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.entities.model import TYPE_NAMES
from reader.ingest.sanitize import safe_name

# Key names as the footer shows them, so the help and the footer agree.
_KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "space": "space",
    "escape": "esc",
    "pagedown": "pgdn",
    "pageup": "pgup",
}


def keys_of(binding: Binding, keymap: dict[str, str] | None = None) -> str:
    """The keys that run `binding`: the user's remapping (by binding id) if any, else the default."""
    keys = (keymap or {}).get(binding.id or "", binding.key)
    names = []
    for key in keys.split(","):
        key = key.strip()
        names.append(_KEY_NAMES.get(key, key).replace("shift+", "⇧").replace("ctrl+", "^"))
    return safe_name(", ".join(names))  # the keys can come from config.toml


def help_groups(app: type) -> list[tuple[str, list[Binding]]]:
    """Every binding of the app (`app`: its class), by where it works; the help lists them all."""
    from reader.tui.article_list import ArticleList
    from reader.tui.bindings import COMPARE_BINDINGS, COVERAGE_BINDINGS, ENTITY_PANEL_BINDINGS
    from reader.tui.reading_pane import ReadingPane
    from reader.tui.search_bar import SearchBar

    owners: list[tuple[str, list]] = [
        ("Reader", getattr(app, "BINDINGS", [])),
        ("Reading pane", ReadingPane.BINDINGS),
        ("Search bar", SearchBar.BINDINGS),
        ("Article list (a)", ArticleList.BINDINGS),
        ("Entity panel (e)", ENTITY_PANEL_BINDINGS),
        ("Coverage (E)", COVERAGE_BINDINGS),
        ("Compare (c)", COMPARE_BINDINGS),
        ("Help (?)", HelpScreen.BINDINGS),
    ]
    return [(title, [b for b in bindings if isinstance(b, Binding)]) for title, bindings in owners]


class HelpScreen(ModalScreen[None]):
    AUTO_FOCUS = "*"  # the app's own choice (the reading pane) is not on this screen
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 76; max-width: 100%; height: 90%; border: round $accent; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help_close"),
        Binding("down,j", "scroll(1)", "Down", show=False, id="help_down", tooltip="Scroll down a line"),
        Binding("up,k", "scroll(-1)", "Up", show=False, id="help_up", tooltip="Scroll up a line"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="help_page_down", tooltip="Page down"),
        Binding("pageup,b", "page(-1)", "Page up", show=False, id="help_page_up", tooltip="Page up"),
        Binding("home,g", "ends(-1)", "Top", show=False, id="help_top", tooltip="The top"),
        Binding("end,G", "ends(1)", "Bottom", show=False, id="help_bottom", tooltip="The bottom"),
    ]

    def __init__(
        self,
        groups: list[tuple[str, list[Binding]]],
        legend: list[tuple[str, str]],
        keymap: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.groups = groups
        self.legend = legend
        self.keymap = keymap or {}

    @property
    def _scroller(self) -> VerticalScroll:
        return self.query_one(VerticalScroll)

    def action_scroll(self, step: int) -> None:
        """The keys the help lists, so the help can be read with them."""
        self._scroller.scroll_relative(y=step, animate=False)

    def action_page(self, step: int) -> None:
        scroller = self._scroller
        (scroller.scroll_page_down if step > 0 else scroller.scroll_page_up)(animate=False)

    def action_ends(self, step: int) -> None:
        scroller = self._scroller
        (scroller.scroll_end if step > 0 else scroller.scroll_home)(animate=False)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True)
        table.add_column()
        for title, bindings in self.groups:
            table.add_row(Text(title, style="bold underline"), "")
            for binding in bindings:
                table.add_row(
                    Text(keys_of(binding, self.keymap), style="bold"), Text(binding.tooltip or binding.description)
                )
            table.add_row("", "")
        table.add_row(Text("Everywhere", style="bold underline"), "")
        table.add_row(Text("^p", style="bold"), Text("Command palette: open an article or an entity by name"))
        table.add_row(Text("^q", style="bold"), Text("Quit"))
        table.add_row(
            Text("type", style="bold"), Text("In the article list's filter box: show matching titles and sources")
        )
        table.add_row("", "")
        table.add_row(Text("Highlight colours", style="bold underline"), "")
        for kind, style in self.legend:
            table.add_row(Text(kind, style=style), Text(TYPE_NAMES.get(kind, kind)))
        with VerticalScroll():
            yield Static(table)
