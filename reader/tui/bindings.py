"""The app's own key bindings. Every binding has an id, by which `[keys]` in config.toml remaps
it and the help screen lists it; the tooltip is the help text."""

from __future__ import annotations

from textual.binding import Binding

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
