"""Where the bundled seeds and styles live: inside the wheel, or beside the package in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def seeds_dir() -> Path:
    return _bundled("seeds")


def styles_dir() -> Path:
    return _bundled("styles")
