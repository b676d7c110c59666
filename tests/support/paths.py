"""Where the repository, the seeds and the test corpora are, and the environment for running
the real `reader` command."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
SEEDS = REPO / "seeds"
CORPUS = REPO / "tests" / "corpus"


def reader_env(**extra: str) -> dict[str, str]:
    """Environment for running the real `reader` command in a subprocess."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("READER_")}
    env.update({k: v for k, v in os.environ.items() if k.startswith("READER_")})
    env.update(extra)
    return env
