"""`c` in the real terminal (tmux, 80x24): `/putn`, Enter, `c` shows every outlet's sentences about
Putin; Enter lands on that mention and `n` goes on from there (issue 18)."""

from __future__ import annotations

import os
import shutil
import sys
import time

import pytest

from support.paths import REPO, SEEDS
from support.terminal import Pane, compare_putin

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]


def test_compare_putin_then_land_on_a_mention(tmp_path):
    env = " ".join(f"{k}={v}" for k, v in os.environ.items() if k.startswith("READER_"))
    command = f"cd {REPO} && env TERM=xterm-256color {env} {sys.executable} -m reader --no-state {SEEDS}"
    pane = Pane(f"reader-compare-{os.getpid()}", command, tmp_path / "out")
    try:
        compare_putin(pane)
        pane.keys("G")  # the last source's sentences
        pane.wait_for("DW")
        pane.keys("g")
        pane.wait_for("VOA · 10 mentions")
        pane.keys("j")
        time.sleep(0.3)
        pane.keys("Enter")
        screen = pane.wait_for("Vladimir Putin  ")
        before = [line for line in screen.splitlines() if "Vladimir Putin  " in line][-1]
        pane.keys("n")
        time.sleep(0.5)
        after = [line for line in pane.screen().splitlines() if "Vladimir Putin  " in line][-1]
        assert after != before
        pane.keys("q")
    finally:
        pane.close()
