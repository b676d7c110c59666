"""Where the user's files live (platformdirs), so the CLI, the app and the tests agree.

`READER_CONFIG_DIR`, `READER_DATA_DIR` and `READER_CACHE_DIR` override the platform folders
(the tests use them to stay out of the real home folder).
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import sys
from pathlib import Path

APP_NAME = "reader"


def config_dir() -> Path:
    return Path(os.environ.get("READER_CONFIG_DIR") or _user_dir("XDG_CONFIG_HOME", "~/.config", "user_config_dir"))


def data_dir() -> Path:
    return Path(os.environ.get("READER_DATA_DIR") or _user_dir("XDG_DATA_HOME", "~/.local/share", "user_data_dir"))


def cache_dir() -> Path:
    return Path(os.environ.get("READER_CACHE_DIR") or _user_dir("XDG_CACHE_HOME", "~/.cache", "user_cache_dir"))


def _user_dir(variable: str, default: str, name: str) -> str:
    """platformdirs' folder `name` for the app. On Linux with an absolute HOME or XDG variable it
    is worked out here by platformdirs' rules (tests/test_config.py checks each against it):
    importing platformdirs was a sixth of a quick `reader search`, and every command asks."""
    if sys.platform.startswith("linux") and not _maybe_android():
        chosen = os.environ.get(variable, "")
        if posixpath.isabs(chosen):
            return posixpath.join(chosen, APP_NAME)
        # A relative variable is platformdirs' to judge (its releases have differed on it).
        if not chosen and posixpath.isabs(os.environ.get("HOME", "")):
            return posixpath.join(os.path.expanduser(default), APP_NAME)
    import platformdirs

    found: str = getattr(platformdirs, name)(APP_NAME)
    return found


def _maybe_android() -> bool:
    return hasattr(sys, "getandroidapilevel") or "ANDROID_DATA" in os.environ or "ANDROID_ROOT" in os.environ


def corrections_file() -> Path:
    """The user's entity corrections: extra names, merges, splits, suppressed names."""
    return config_dir() / "entities.toml"


def corrections_identity(data: bytes | None) -> str:
    """What the corrections file was, by its bytes (None: there is none): a start remembered with
    it is answered from the cache without loading the gazetteer (see `reader.cli.quick`)."""
    return "absent" if data is None else "blake2b " + hashlib.blake2b(data, digest_size=16).hexdigest()


def corrections_identity_now() -> str | None:
    """`corrections_identity` of the corrections file as it is now; None when it cannot be read
    (loading the gazetteer says why)."""
    try:
        return corrections_identity(corrections_file().read_bytes())
    except FileNotFoundError:
        return corrections_identity(None)
    except OSError:
        return None
