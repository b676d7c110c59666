"""The wheel carries the seeds and styles: `pip install .` gives a working `reader` anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from support.paths import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("reader-*.whl")
    return built


def test_wheel_contains_seeds_styles_and_gazetteer(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    seeds = sorted(p.name for p in (REPO / "seeds").glob("*.txt"))
    assert seeds and all(f"reader/_data/seeds/{name}" in names for name in seeds)
    assert any(n.startswith("reader/_data/styles/") and n.endswith(".tcss") for n in names)
    assert "reader/entities/gazetteer.toml" in names


def test_installed_wheel_runs_from_any_folder(wheel, tmp_path):
    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True, timeout=600
    )
    assert install.returncode == 0, install.stderr[-2000:]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(target / "bin" / "reader"), "entities", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"Xi Jinping", "Vladimir Putin"} <= {row["entity"] for row in rows}
    assert all("/_data/seeds/" in row["doc"] for row in rows)
