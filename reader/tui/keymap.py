"""`[keys]` in config.toml: bindings remapped by id, `next_mention = "n,ctrl+n"`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def load_keymap(path: Path, known_ids: Iterable[str]) -> tuple[dict[str, str], str]:
    """(binding id → keys, a one-line notice or ""). A missing file is no keymap and no notice."""
    if not path.exists():
        return {}, ""
    import tomllib  # here: most starts have no config file

    try:
        with path.open("rb") as handle:
            keys = tomllib.load(handle).get("keys", {})
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return {}, f"Key settings in {path} ignored: {exc}"
    if not isinstance(keys, dict):
        return {}, f"Key settings in {path} ignored: [keys] is not a table"
    keymap = {str(k): str(v) for k, v in keys.items()}
    unknown = sorted(set(keymap) - set(known_ids))
    if unknown:
        return keymap, f"Unknown key ids in {path} ignored: {', '.join(unknown)}"
    return keymap, ""
