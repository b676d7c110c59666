"""A real terminal for end-to-end tests: a tmux session whose screen is read and whose output
bytes are recorded."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from support.paths import REPO, SEEDS


def reader_command(environment: str = "TERM=xterm-256color") -> str:
    """The shell command that runs this checkout's `reader --no-state` on the seeds, with
    `environment` and the test's READER_* folders."""
    env = " ".join(f"{k}={v}" for k, v in os.environ.items() if k.startswith("READER_"))
    return f"cd {REPO} && env {environment} {env} {sys.executable} -m reader --no-state {SEEDS}"


class Pane:
    """A tmux session at 80x24 whose output bytes are recorded with pipe-pane."""

    def __init__(self, name: str, command: str, record: Path) -> None:
        self.name = name
        self.record = record
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", "bash --norc --noprofile"], check=True
        )
        subprocess.run(["tmux", "pipe-pane", "-o", "-t", name, f"cat >> {record}"], check=True)
        self.keys(command, "Enter")

    def keys(self, *keys: str, literal: bool = False) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *(["-l"] if literal else []), *keys], check=True)

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True).stdout

    def bytes_written(self) -> int:
        return self.record.stat().st_size if self.record.exists() else 0

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} did not appear within {timeout} s; screen:\n{self.screen()}")

    def settle(self, quiet: float = 0.6, timeout: float = 20) -> int:
        """Wait until the pane has written nothing for `quiet` seconds; return the byte count."""
        deadline = time.monotonic() + timeout
        size, since = self.bytes_written(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.1)
            now = self.bytes_written()
            if now != size:
                size, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                break
        return size

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def search_putn_and_jump_three_times(pane: Pane) -> None:
    """The end-to-end script of the reader: `/`, `putn`, Enter, `n` three times, then check that
    the status line counts the fourth Putin mention and the name is on screen."""
    pane.wait_for("Xi Snubs Putin")
    pane.settle()
    pane.keys("/")
    pane.keys("putn", literal=True)
    pane.wait_for("PERSON")
    pane.keys("Enter")
    pane.wait_for("Vladimir Putin  1/")
    for _ in range(3):
        pane.keys("n")
    screen = pane.wait_for("Vladimir Putin  4/")
    status = [line for line in screen.splitlines() if "Vladimir Putin  4/" in line]
    assert status, screen
    body = "\n".join(line for line in screen.splitlines() if line not in status)
    assert "Putin" in body, screen  # the highlighted name is on screen in the reading pane


def compare_putin(pane: Pane) -> str:
    """`/`, `putn`, Enter, `c`: the compare view of Putin; its screen once every source is listed."""
    pane.wait_for("art 1/5")
    pane.keys("/")
    time.sleep(0.3)
    pane.keys("putn", literal=True)
    pane.wait_for("Vladimir Putin")
    pane.keys("Enter")
    pane.wait_for("Vladimir Putin  1/")
    pane.keys("c")
    pane.wait_for("What each source says: Vladimir Putin")
    # The title comes first ("Loading…"), the sources once their sentences are found.
    pane.wait_for("VOA · 10 mentions")
    screen = pane.wait_for("4 sources")
    assert "VOA · 10 mentions" in screen, screen
    return screen
