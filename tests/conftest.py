"""Shared fixtures: every test runs with its own config, data and cache folders, and without
what makes screens differ from one run to the next (a blinking cursor)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from support.paths import SEEDS

# CI machines are slow and noisy: property tests must not fail on time.
settings.register_profile("reader", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("reader")


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("user")
    for name in ("CONFIG", "DATA", "CACHE"):
        folder = home / name.lower()
        folder.mkdir()
        monkeypatch.setenv(f"READER_{name}_DIR", str(folder))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture(autouse=True)
def no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    # Cursor blink makes screens differ from one capture to the next.
    from textual.widgets import Input

    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)


@pytest.fixture(scope="session")
def gazetteer():
    from reader.entities.gazetteer import load_gazetteer

    return load_gazetteer(None)


@pytest.fixture(scope="session")
def seed_corpus(gazetteer):
    from reader.corpus.corpus import Corpus

    return Corpus.load([SEEDS], gazetteer)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts recogniser calls in this process (the tests index with workers=1)."""
    from reader.entities.recognize import Recognizer

    counted: list[int] = []
    original = Recognizer.recognize

    def counting(self, *args, **kwargs):
        counted.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Recognizer, "recognize", counting)
    return counted


@pytest.fixture
def general_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """`reader search` without its quick path (reader.cli.quick): the corpus is restored or indexed."""
    monkeypatch.setattr("reader.cli.quick.quick_search", lambda *args: None)
