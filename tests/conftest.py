"""Shared fixtures: every test runs with its own config, data and cache folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# CI machines are slow and noisy: property tests must not fail on time.
settings.register_profile("reader", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("reader")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("user")
    for name in ("CONFIG", "DATA", "CACHE"):
        folder = home / name.lower()
        folder.mkdir()
        monkeypatch.setenv(f"READER_{name}_DIR", str(folder))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture(scope="session")
def gazetteer():
    from reader.entities.gazetteer import load_gazetteer

    return load_gazetteer(None)


@pytest.fixture(scope="session")
def seed_corpus(gazetteer):
    from reader.corpus.corpus import Corpus

    return Corpus.load([SEEDS], gazetteer)


def reader_env(**extra: str) -> dict[str, str]:
    """Environment for running the real `reader` command in a subprocess."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("READER_")}
    env.update({k: v for k, v in os.environ.items() if k.startswith("READER_")})
    env.update(extra)
    return env
