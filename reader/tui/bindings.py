"""The app's own key bindings. Every binding has an id, by which `[keys]` in config.toml remaps
it and the help screen lists it; the tooltip is the help text."""

from __future__ import annotations

from textual.binding import Binding, BindingType

APP_BINDINGS = [
    Binding("q", "quit", "Quit", id="quit", tooltip="Quit (your place is remembered)"),
    Binding("slash", "search", "Search", id="search", priority=True, tooltip="Search entities and titles; Enter jumps"),
    Binding(
        "ctrl+f",
        "search_anywhere",
        "Search",
        show=False,
        id="search_anywhere",
        priority=True,
        tooltip="Search, even from a text field",
    ),
    Binding("n", "step(1)", "Next", id="next_mention", tooltip="Next mention of the active entity, across articles"),
    Binding("N", "step(-1)", "Prev", id="previous_mention", tooltip="Previous mention of the active entity"),
    Binding(
        "i",
        "walk_meeting",
        "Meeting",
        show=False,
        id="walk_meeting",
        tooltip="n/N walk only this summit meeting, or the series",
    ),
    Binding("right_square_bracket", "article(1)", "Article", id="next_article", tooltip="Next article in the list"),
    Binding(
        "left_square_bracket",
        "article(-1)",
        "Prev article",
        show=False,
        id="previous_article",
        tooltip="Previous article in the list",
    ),
    Binding("e", "entities", "Entities", id="entity_panel", tooltip="This article's entities by type"),
    Binding("E", "coverage", "Coverage", show=False, id="coverage", tooltip="Entities × sources: who covers whom"),
    Binding(
        "c", "compare", "Compare", show=False, id="compare", tooltip="What each source says about the active entity"
    ),
    Binding("m", "toggle_read", "Read", show=False, id="toggle_read", tooltip="Mark the article read or unread"),
    Binding("r", "raw", "Raw text", show=False, id="toggle_raw", tooltip="Show or hide page debris (raw text)"),
    Binding("l", "legend", "Legend", show=False, id="legend", tooltip="Show or hide the colour legend"),
    Binding(
        "a",
        "focus_articles",
        "Articles",
        show=False,
        id="focus_articles",
        tooltip="The article list: type to filter, ↑/↓, Enter",
    ),
    Binding("ctrl+b", "sidebar", "Articles", show=False, id="toggle_articles", tooltip="Show or hide the article list"),
    Binding("ctrl+t", "theme", "Theme", show=False, id="toggle_theme", tooltip="Dark or light theme (remembered)"),
    Binding("question_mark", "help", "Help", id="help", tooltip="This help"),
]

# The panels' bindings, here rather than with their screens: the keymap and the help list every
# binding at start, and the first frame does without importing the screens themselves.
COMPARE_BINDINGS: list[BindingType] = [
    Binding("escape,q", "close", "Close", id="compare_close", tooltip="Close, back to the article"),
    Binding("down,j", "move(1)", "Next sentence", show=False, id="compare_down", tooltip="Next sentence"),
    Binding("up,k", "move(-1)", "Previous sentence", show=False, id="compare_up", tooltip="Previous sentence"),
    Binding("pagedown,space", "page(1)", "Page down", show=False, id="compare_page_down", tooltip="Page down"),
    Binding("pageup,b", "page(-1)", "Page up", show=False, id="compare_page_up", tooltip="Page up"),
    Binding("home,g", "first", "First", show=False, id="compare_first", tooltip="First sentence"),
    Binding("end,G", "last", "Last", show=False, id="compare_last", tooltip="Last sentence"),
    Binding(
        "enter",
        "choose",
        "Open",
        id="compare_open",
        tooltip="Open the article at this mention (n, N go on)",
    ),
    Binding("o", "order", "Order", id="compare_order", tooltip="Order the sources by date or by mention count"),
    Binding("slash", "filter", "Filter", id="compare_filter", tooltip="Show only the sentences with a word"),
]


COVERAGE_BINDINGS: list[BindingType] = [
    Binding("escape,q,E", "close", "Close", id="coverage_close", tooltip="Close the coverage"),
    Binding(
        "s", "sort", "Sort by this column", id="coverage_sort", tooltip="Sort by this column (again: the other way)"
    ),
    Binding("enter", "choose", "Jump", id="coverage_jump", tooltip="Jump to this source's first mention"),
    Binding("down,j", "move(1, 0)", "Down", show=False, id="coverage_down", tooltip="Next entity"),
    Binding("up,k", "move(-1, 0)", "Up", show=False, id="coverage_up", tooltip="Previous entity"),
    Binding("right,l", "move(0, 1)", "Right", show=False, id="coverage_right", tooltip="Next column"),
    Binding("left,h", "move(0, -1)", "Left", show=False, id="coverage_left", tooltip="Previous column"),
    Binding("pagedown,space", "page(1)", "Page down", show=False, id="coverage_page_down", tooltip="Page down"),
    Binding("pageup,b", "page(-1)", "Page up", show=False, id="coverage_page_up", tooltip="Page up"),
    Binding("home,g", "ends(0)", "Top", show=False, id="coverage_top", tooltip="The first entity"),
    Binding("end,G", "ends(-1)", "Bottom", show=False, id="coverage_bottom", tooltip="The last entity"),
]


ENTITY_PANEL_BINDINGS: list[BindingType] = [
    Binding("escape,q,e", "dismiss(None)", "Close", id="entities_close", tooltip="Close the entity panel")
]
