"""The real `reader` command in a real terminal (tmux at 80x24): search, jump, read the screen.

Skipped, with the reason, when tmux is not installed (`.ci/run` installs it).
"""

from __future__ import annotations

import os
import shutil

import pytest

from support.terminal import Pane, reader_command, search_putn_and_jump_three_times

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]


def test_search_putn_and_jump_three_times(tmp_path):
    command = reader_command()
    pane = Pane(f"reader-tmux-{os.getpid()}", command, tmp_path / "out")
    try:
        search_putn_and_jump_three_times(pane)
        pane.keys("q")
    finally:
        pane.close()


def test_keys_typed_at_once_after_enter_go_to_the_reading_pane(tmp_path):
    """`/putn`, Enter, `n`, `n` in one write to the terminal, as a fast typist or an SSH link
    delivers them: the jump, then two steps; nothing typed into the closed query box."""
    command = reader_command()
    pane = Pane(f"reader-burst-{os.getpid()}", command, tmp_path / "out")
    try:
        pane.wait_for("Xi Snubs Putin")
        pane.settle()
        pane.keys("/putn\rnn", literal=True)
        pane.wait_for("Vladimir Putin  3/")
        pane.keys("/")
        screen = pane.wait_for("PERSON")
        assert "putn" in screen and "putnn" not in screen, screen  # the box kept the query alone
        pane.keys("Escape")
        pane.keys("q")
    finally:
        pane.close()
