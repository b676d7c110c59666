"""Where the user's files live (platformdirs), so the CLI, the app and the tests agree.

`READER_CONFIG_DIR`, `READER_DATA_DIR` and `READER_CACHE_DIR` override the platform folders
(the tests use them to stay out of the real home folder).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

APP_NAME = "reader"


def config_dir() -> Path:
    return Path(os.environ.get("READER_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    return Path(os.environ.get("READER_DATA_DIR") or platformdirs.user_data_dir(APP_NAME))


def cache_dir() -> Path:
    return Path(os.environ.get("READER_CACHE_DIR") or platformdirs.user_cache_dir(APP_NAME))


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
