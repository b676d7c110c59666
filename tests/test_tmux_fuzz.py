"""A bounded key fuzzer against the real command in tmux: random keys, resizes, pastes and invalid
bytes for a fixed time; it fails on any traceback, and the app must still quit cleanly.

`READER_FUZZ_SECONDS` (default 20) and `READER_FUZZ_SEED` (default: random, printed on failure)
make a run longer or repeatable. Skipped, with the reason, when tmux is not installed.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import time

import pytest

from support.paths import REPO, SEEDS
from support.terminal import Pane

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]

KEYS = [
    *"nNjkgGbrlaeE?/]]]x",
    "[",
    "space",
    "Tab",
    "BTab",
    "Enter",
    "Escape",
    "Up",
    "Down",
    "PageUp",
    "PageDown",
    "Home",
    "End",
    "C-p",
    "C-b",
    "C-t",
    "C-f",
    "BSpace",
]
PASTES = ["putin", "xi jinping", "[b]bold[/b]", "\u202eevil", "SCO summit", "ü ß 中文 🙂"]
INVALID = [["ff"], ["c3"], ["1b", "5b", "32", "30", "30", "7e", "9b", "41", "1b", "5b", "32", "30", "31", "7e"]]


def test_random_keys_resizes_and_pastes_leave_no_traceback(tmp_path):
    seconds = float(os.environ.get("READER_FUZZ_SECONDS", "20"))
    seed = int(os.environ.get("READER_FUZZ_SEED", str(random.randrange(10**6))))
    rng = random.Random(seed)
    env = " ".join(f"{k}={v}" for k, v in os.environ.items() if k.startswith("READER_"))
    command = (
        f"cd {REPO} && env TERM=xterm-256color {env} {sys.executable} -m reader --no-state {SEEDS}; echo EXITED=$?"
    )
    pane = Pane(f"reader-fuzz-{os.getpid()}", command, tmp_path / "out")
    try:
        pane.wait_for("art 1/5")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            roll = rng.random()
            if roll < 0.06:
                width, height = rng.choice([(20, 4), (40, 8), (60, 20), (80, 24), (120, 40), (30, 3)])
                subprocess.run(
                    ["tmux", "resize-window", "-t", pane.name, "-x", str(width), "-y", str(height)], capture_output=True
                )
            elif roll < 0.10:
                pane.keys(rng.choice(PASTES), literal=True)
            elif roll < 0.13:
                subprocess.run(["tmux", "send-keys", "-t", pane.name, "-H", *rng.choice(INVALID)], check=True)
            else:
                pane.keys(rng.choice(KEYS))
            time.sleep(rng.choice([0.0, 0.01, 0.05, 0.1]))
            assert "Traceback" not in pane.screen(), f"seed {seed}"
        subprocess.run(["tmux", "resize-window", "-t", pane.name, "-x", "80", "-y", "24"], capture_output=True)
        for _ in range(3):  # out of any text field, screen or palette
            pane.keys("Escape")
            time.sleep(0.3)
        pane.keys("C-q")
        deadline = time.monotonic() + 20
        screen = pane.screen()
        while time.monotonic() < deadline and not re.search(r"EXITED=\d", screen):  # not the command's echo
            time.sleep(0.2)
            screen = pane.screen()
        assert "EXITED=0" in screen and "Traceback" not in screen, f"seed {seed}:\n{screen}"
    finally:
        pane.close()
