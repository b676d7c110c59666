"""Six entity types, six colours: in every bundled theme, at truecolor, 256 and 16 colours, each
readable on the pane's background; with NO_COLOR no colour at all and the types apart by style."""

from __future__ import annotations

from rich.color import ColorSystem
from rich.color_triplet import ColorTriplet

from reader.entities.model import ENTITY_TYPES
from reader.tui.app import ReaderApp
from reader.tui.legend import type_styles
from support.paths import SEEDS
from support.pilot import loaded


def _luminance(color: ColorTriplet) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.red) + 0.7152 * channel(color.green) + 0.0722 * channel(color.blue)


def _contrast(a: ColorTriplet, b: ColorTriplet) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


async def test_six_types_six_colours_in_every_theme_at_every_depth():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            pane = app.pane
            colour = pane.background_colors[1].rich_color
            if colour.is_default or theme.startswith("ansi"):  # the terminal's own background: as the theme says
                background = ColorTriplet(255, 255, 255) if not app.current_theme.dark else ColorTriplet(0, 0, 0)
            else:
                background = colour.get_truecolor()
            colours = {}
            for kind in ENTITY_TYPES:
                style = pane.get_component_rich_style(f"mention--{kind.lower()}", partial=True)
                assert style.color is not None, (theme, kind)
                colours[kind] = style.color
                assert _contrast(style.color.get_truecolor(), background) >= 3.0, (theme, kind)
            for system in (ColorSystem.TRUECOLOR, ColorSystem.EIGHT_BIT, ColorSystem.STANDARD):
                seen = {kind: colour.downgrade(system) for kind, colour in colours.items()}
                assert len({c.triplet or c.number for c in seen.values()}) == len(ENTITY_TYPES), (theme, system, seen)


async def test_no_color_sends_no_colour_and_keeps_the_types_apart(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        styles = dict(type_styles(app.pane))
        assert len(set(styles.values())) == len(ENTITY_TYPES), styles
        assert all("color" not in style and "on " not in style for style in styles.values()), styles
