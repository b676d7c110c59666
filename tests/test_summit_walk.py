"""Walking a summit: the status line names the meeting of each stop, `i` narrows `n`/`N` to that
meeting and back, the entity panel lists a series' meetings. At 80x24, by keyboard, on the seeds
(the SCO summit: 9 stops of its 2024 Astana meeting in the VOA article, 4 of its 2022 Samarkand
meeting, two in DW's and two in the last article)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from reader.tui.app import ReaderApp
from reader.tui.meeting_index import MeetingIndex, meeting_label
from support.paths import SEEDS
from support.pilot import loaded, screen_text, search

SERIES = "SCO summit"
ASTANA = "SCO summit 2024 Astana"
SAMARKAND = "SCO summit 2022 Samarkand"


def status_row(app: ReaderApp) -> str:
    """The status line as it is on screen: its cells of the screen's row, padding left out."""
    region = app.status.region
    return screen_text(app).splitlines()[region.y][region.x : region.right].strip()


def messages(app: ReaderApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def settled(pilot) -> None:
    """Let the worker that finds a series' meetings report (a few frames at most)."""
    for _ in range(5):
        await pilot.pause(0.05)


async def test_the_status_line_names_the_meeting_of_each_stop_and_fits_80_columns():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await search(pilot, "sco summit")
        await settled(pilot)
        assert app.active == SERIES
        places = app.corpus.stops(SERIES, hidden=False)[0]
        seen = []
        for ordinal, (article, index) in enumerate(places, start=1):
            if ordinal > 1:
                await pilot.press("n")
            row = status_row(app)
            instance = app.corpus.mentions[article][index].instance
            named = f"{SERIES} · {meeting_label(SERIES, instance)}" if instance else SERIES
            assert row.startswith(f"{named}  series {ordinal}/{len(places)}"), row
            assert row.endswith(f"art {article + 1}/5") and "…" not in row, row  # it fits, uncut
            seen.append(row.split("  series")[0])
        assert seen.count(f"{SERIES} · 2024 Astana") == 9
        # DW's two as well: the undated article is of 2022 (the Winter Olympics in Beijing took place)
        assert seen.count(f"{SERIES} · 2022 Samarkand") == 4


async def test_i_walks_only_the_meeting_of_this_stop_and_back_to_the_whole_series():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await search(pilot, "sco summit")
        await settled(pilot)
        await pilot.press("N")  # wraps to the series' last stop: Samarkand's last
        assert status_row(app).startswith(f"{SERIES} · 2022 Samarkand  series 13/13")
        await pilot.press("i")
        assert status_row(app).startswith(f"{SERIES} · 2022 Samarkand  meeting 4/4")
        await pilot.press("n")  # past the meeting's last stop: its first (DW's), not the series' first
        assert status_row(app).startswith(f"{SERIES} · 2022 Samarkand  meeting 1/4")
        assert app.current == 3
        assert f"Wrapped around to the first mention of {SAMARKAND}" in messages(app)
        await pilot.press("n")
        assert status_row(app).startswith(f"{SERIES} · 2022 Samarkand  meeting 2/4")
        await pilot.press("N", "N")  # and back, wrapping to its last
        assert status_row(app).startswith(f"{SERIES} · 2022 Samarkand  meeting 4/4")
        assert app.current == 4
        await pilot.press("i")
        assert status_row(app).startswith(f"{SERIES} · 2022 Samarkand  series 13/13")
        await pilot.press("n")  # the whole series again: wraps to Astana, in the VOA article
        assert status_row(app).startswith(f"{SERIES} · 2024 Astana  series 1/13")
        assert app.current == 2


async def test_walking_one_meeting_visits_its_stops_in_order_and_counts_hidden_ones_only_in_raw_text():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await search(pilot, "sco summit")
        await settled(pilot)
        await pilot.press("i")
        shown = MeetingIndex()
        shown.find(app.corpus, SERIES)
        stops = shown.stops(app.corpus, SERIES, ASTANA, hidden=False)[0]
        assert len(stops) == 9  # two of its eleven mentions are in a hidden photo caption
        visited = []
        for ordinal in range(1, len(stops) + 1):
            assert status_row(app).startswith(f"{SERIES} · 2024 Astana  meeting {ordinal}/9"), status_row(app)
            visited.append((app.current, app.pane.cursor))
            await pilot.press("n")
        assert visited == stops
        await pilot.press("r")  # the raw text: the caption's two are stops too
        await pilot.pause()
        assert "meeting 1/11" in status_row(app)


async def test_i_says_why_when_there_is_no_meeting_to_walk(tmp_path):
    (tmp_path / "quad.md").write_text(
        "---\ntitle: Leaders meet\nsource: Example Wire\ndate: 2023-05-20\n---\n"
        "The Quad summit in Hiroshima lasted an hour. The Quad summit in Sydney was cancelled.\n",
        encoding="utf-8",
    )
    app = ReaderApp([SEEDS, tmp_path], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("i")
        assert any(m.startswith("No summit is active") for m in messages(app))
        await search(pilot, "putn")
        before = status_row(app)
        await pilot.press("i")
        assert status_row(app) == before and before.startswith("Vladimir Putin  1/")
        assert messages(app).count("No summit is active: search one with / and go to one of its mentions") == 2
        await search(pilot, "quad summit")
        await settled(pilot)
        assert status_row(app).startswith("Quad summit · 2023 Hiroshima  series 1/2")
        await pilot.press("n")  # the Sydney summit: the record has none there, so no meeting is said
        assert status_row(app).startswith("Quad summit  series 2/2")
        await pilot.press("i")
        assert status_row(app).startswith("Quad summit  series 2/2")
        assert messages(app)[-1].startswith("Which meeting this mention is of is not known")


async def test_a_new_active_entity_starts_with_the_whole_series():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await search(pilot, "sco summit")
        await settled(pilot)
        await pilot.press("i")
        assert "meeting 1/9" in status_row(app)
        await search(pilot, "putn")
        await pilot.press("n")
        assert status_row(app).startswith("Vladimir Putin  6/22")  # VOA's second
        await search(pilot, "sco summit")  # its first stop in this (VOA's) article
        await settled(pilot)
        assert status_row(app).startswith(f"{SERIES} · 2024 Astana  series 1/13")


async def test_the_entity_panel_lists_a_series_meetings_and_choosing_one_walks_only_it():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("right_square_bracket", "right_square_bracket")  # the VOA article
        await pilot.press("e")
        options = app.screen.query_one("OptionList")
        for _ in range(40):  # the meetings' rows come from a worker
            await pilot.pause(0.05)
            if any("Samarkand" in str(options.get_option_at_index(n).prompt) for n in range(options.option_count)):
                break
        await pilot.press("end")  # summits are near the end; the list scrolls to the highlight
        for _ in range(options.option_count):
            if "Samarkand" in str(options.get_option_at_index(options.highlighted).prompt):
                break
            await pilot.press("up")
        await pilot.pause()
        region = options.region
        rows = [line[region.x : region.right].strip("▊▎ ") for line in screen_text(app).splitlines()]
        series = rows.index(f"{SERIES}  11")  # this article's mentions of the series, then its meetings'
        assert rows[series + 1 : series + 3] == ["2024 Astana  11 in all", "2022 Samarkand  4 in all"]
        await pilot.press("enter")
        await pilot.pause()
        # The VOA article has none of Samarkand's: its first stop, in DW's article.
        assert app.current == 3
        assert status_row(app).startswith(f"{SERIES} · 2022 Samarkand  meeting 1/4")
        await pilot.press("n", "n")
        assert status_row(app).startswith(f"{SERIES} · 2022 Samarkand  meeting 3/4")
        assert app.current == 4


async def test_the_panel_on_a_series_row_walks_the_whole_series():
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        app.open_article(2)
        await pilot.press("e")
        options = app.screen.query_one("OptionList")
        await pilot.press("end")
        for _ in range(options.option_count):
            if str(options.get_option_at_index(options.highlighted).prompt).strip().startswith(f"{SERIES} "):
                break
            await pilot.press("up")
        await pilot.press("enter")
        await pilot.pause()
        assert status_row(app).startswith(f"{SERIES} · 2024 Astana  series 1/13")


async def test_a_long_meeting_name_is_cut_cleanly_at_80_columns(tmp_path):
    (tmp_path / "xian.md").write_text(
        "---\ntitle: Xi hosts Central Asian leaders\nsource: Example Daily Wire Service\ndate: 2023-05-18\n---\n"
        "Xi hosted the China-Central Asia summit in Xi'an on Thursday.\n",
        encoding="utf-8",
    )
    app = ReaderApp([tmp_path], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await search(pilot, "china central asia summit")
        await settled(pilot)
        # The series' name gives way first, then the meeting's; the counts and the place stay whole.
        assert status_row(app).endswith("China–Central Asi… · 2023 Xi'an  series 1/1  art 1/1")
        await pilot.press("i")
        assert status_row(app).endswith("China–Central As… · 2023 Xi'an  meeting 1/1  art 1/1")
        await pilot.resize_terminal(40, 24)
        await pilot.pause()
        assert status_row(app).endswith("China–Cen… · 20…  meeting 1/1  art 1/1")
        await pilot.resize_terminal(120, 24)
        await pilot.pause()
        assert "China–Central Asia summit · 2023 Xi'an  meeting 1/1  Example Daily… (1/1)" in status_row(app)


async def test_a_meeting_name_from_the_users_files_is_shown_as_text():
    """A meeting is named from the series' name, which entities.toml can set: no markup, no escape."""
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        line = app.status
        line.show(
            "[b]x[/b]\x1b]52;c;aGk=\x07", 1, 2, "", None, (1, 5), instance="[red]2024[/red] \x1b[2J", mode="series"
        )
        await pilot.pause()
        row = status_row(app)
        assert "[b]x[/b]" in row and "[red]2024[/red]" in row
        assert "\x1b" not in str(line.render())


async def test_the_meeting_key_is_in_the_help_and_can_be_remapped():
    config = Path(os.environ["READER_CONFIG_DIR"]) / "config.toml"
    config.write_text('[keys]\nwalk_meeting = "M"\n', encoding="utf-8")
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await search(pilot, "sco summit")
        await settled(pilot)
        await pilot.press("i")  # no longer bound
        assert "series 1/13" in status_row(app)
        await pilot.press("M")
        assert "meeting 1/9" in status_row(app)
        await pilot.press("question_mark")
        await pilot.pause()
        region = app.screen.query_one("VerticalScroll").region
        help_rows = [line[region.x : region.right] for line in screen_text(app).splitlines()]
        row = next(line for line in help_rows if "walk only this summit meeting" in line)
        assert row.strip("│ ").split() == ["M", *"n/N walk only this summit meeting, or the series".split()]  # one line


async def test_keys_typed_before_the_meetings_are_found_wait_for_them_in_order(monkeypatch):
    """The series' meetings are found off the UI thread: `i` and `n` typed meanwhile are kept."""
    from reader.tui import meeting_index

    found = meeting_index.meetings

    def slowly(corpus, entity):
        time.sleep(1.5)
        return found(corpus, entity)

    monkeypatch.setattr(meeting_index, "meetings", slowly)
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await search(pilot, "sco summit")
        await pilot.press("i", "n", "n")
        assert status_row(app).startswith(f"{SERIES} · 2024 Astana  series 1/13")  # nothing blocked, nothing lost
        for _ in range(200):
            await pilot.pause(0.05)
            if "meeting" in status_row(app):
                break
        assert status_row(app).startswith(f"{SERIES} · 2024 Astana  meeting 3/9")
