"""Colours as the terminal receives them (tmux capture with escape codes): at 16 colours
(TERM=xterm) a person and an organisation differ; with NO_COLOR no colour code is sent."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from support.terminal import Pane, reader_command

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]

SGR = re.compile(r"\x1b\[([0-9;]*)m")


def _screen(tmp_path, environment: str) -> str:
    command = reader_command(environment)
    pane = Pane(f"reader-colours-{os.getpid()}", command, tmp_path / "out")
    try:
        pane.wait_for("art 1/5")
        pane.settle()
        return subprocess.run(
            ["tmux", "capture-pane", "-e", "-p", "-t", pane.name], capture_output=True, text=True
        ).stdout
    finally:
        pane.keys("q")
        pane.close()


def _code_before(screen: str, word: str) -> str:
    match = re.search(r"\x1b\[([0-9;]*)m" + re.escape(word), screen)
    assert match, f"{word!r} not on screen"
    return match.group(1)


def test_sixteen_colours_keep_a_person_and_an_organisation_apart(tmp_path):
    screen = _screen(tmp_path, "TERM=xterm")
    person, organisation, country = (_code_before(screen, w) for w in ("Vladimir", "Kremlin", "Kazakhstan"))
    assert len({person, organisation, country}) == 3, (person, organisation, country)


def test_no_color_sends_no_colour_codes(tmp_path):
    screen = _screen(tmp_path, "TERM=xterm-256color NO_COLOR=1")
    codes = {part for group in SGR.findall(screen) for part in group.split(";") if part}
    colours = {c for c in codes if re.fullmatch(r"3[0-8]|4[0-8]|9[0-7]|10[0-7]", c)}
    assert not colours, sorted(colours)
    assert "Kremlin" in SGR.sub("", screen)
