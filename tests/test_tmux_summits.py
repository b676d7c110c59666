"""Summits in the real terminal (tmux, 80x24): `/ china central asia summit`, Enter, `n` walk the
series, from seed 000 into the CNN seed (seeds/001*), which speaks of the Xi'an summit only
unnamed ("gathering in … Xi'an for a summit", "the two-day event", "the meeting"); on the SCO
summit the status line names each stop's meeting and `i` walks only one.

Skipped, with the reason, when tmux is not installed.
"""

from __future__ import annotations

import os
import shutil
import sys
import time

import pytest

from support.paths import REPO, SEEDS
from support.terminal import Pane

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]


def _start(tmp_path, name: str) -> Pane:
    env = " ".join(f"{k}={v}" for k, v in os.environ.items() if k.startswith("READER_"))
    command = f"cd {REPO} && env TERM=xterm-256color {env} {sys.executable} -m reader --no-state {SEEDS}"
    pane = Pane(f"reader-{name}-{os.getpid()}", command, tmp_path / "out")
    pane.wait_for("art 1/5")
    pane.settle()
    return pane


def _search(pane: Pane, query: str, row: str) -> None:
    pane.keys("/")
    time.sleep(0.3)
    pane.keys(query, literal=True)
    pane.wait_for(row)
    pane.settle()
    pane.keys("Enter")


def _status(pane: Pane, *parts: str, timeout: float = 20) -> str:
    """The status line once it holds every one of `parts` (it is the row above the footer)."""
    deadline = time.monotonic() + timeout
    while True:
        rows = pane.screen().splitlines()
        line = rows[-2] if len(rows) >= 2 else ""
        if all(part in line for part in parts):
            return line
        if time.monotonic() > deadline:
            raise AssertionError(f"{parts!r} not in the status line within {timeout} s; screen:\n{pane.screen()}")
        time.sleep(0.2)


def _press(pane: Pane, key: str) -> None:
    pane.keys(key)
    pane.settle(quiet=0.3)


def test_china_central_asia_summit_then_the_sco_summits_meetings(tmp_path):
    pane = _start(tmp_path, "summits")
    try:
        _search(pane, "china central asia summit", "China–Central Asia")
        # Seed 000's first reference ("a meeting of ex-Soviet Central Asian countries"); the name
        # is cut to fit 80 columns, the meeting is not.
        _status(pane, "· 2023 Xi'an  series 1/12", "art 1/5")
        _press(pane, "n")  # the summit named: "the first China-Central Asia summit"
        _status(pane, "· 2023 Xi'an  series 2/12", "art 1/5")
        assert "China-Central Asia summit" in pane.screen()  # on screen, in the reading pane

        _search(pane, "sco summit", "SCO summit")
        _status(pane, "SCO summit · 2024 Astana  series 1/13", "art 3/5")
        _press(pane, "i")  # only this meeting: Astana's 9 stops that show
        _status(pane, "SCO summit · 2024 Astana  meeting 1/9", "art 3/5")
        _press(pane, "N")  # wraps within the meeting, not to the series' last stop
        _status(pane, "SCO summit · 2024 Astana  meeting 9/9", "art 3/5")
        _press(pane, "i")  # the whole series again
        _status(pane, "SCO summit · 2024 Astana  series 9/13", "art 3/5")
        _press(pane, "n")  # DW's two mentions: Samarkand 2022 (the undated article is of 2022)
        _status(pane, "SCO summit · 2022 Samarkand  series 10/13", "art 4/5")
        _press(pane, "n")
        _status(pane, "SCO summit · 2022 Samarkand  series 11/13", "art 4/5")
        _press(pane, "n")
        _status(pane, "SCO summit · 2022 Samarkand  series 12/13", "art 5/5")
        _press(pane, "i")
        _status(pane, "SCO summit · 2022 Samarkand  meeting 3/4", "art 5/5")
        for _ in range(2):
            _press(pane, "n")
        _status(pane, "SCO summit · 2022 Samarkand  meeting 1/4", "art 4/5")  # round the meeting, to DW's
        pane.keys("q")
    finally:
        pane.close()


def test_n_on_the_china_central_asia_summit_visits_the_cnn_articles_references(tmp_path):
    pane = _start(tmp_path, "summits-cnn")
    try:
        _search(pane, "china central asia summit", "China–Central Asia")
        _status(pane, "series 1/12", "art 1/5")
        for _ in range(3):  # past seed 000's three references to the CNN article's first
            _press(pane, "n")
        line = _status(pane, "series 4/12", "art 2/5", timeout=5)
        assert "2023 Xi'an" in line  # and the status line names the meeting
        pane.keys("q")
    finally:
        pane.close()
