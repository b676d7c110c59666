"""One version scheme for everything stored: a hash of the package's own files, by stage.

A cached file row is used only when made by the same `ENGINE_VERSION` (the package version and
every file of the stages that read and recognise: `ingest/` and `entities/`, the bundled
gazetteer included). A stored linked corpus also needs the same `LINK_VERSION`, which adds the
stages that link, store and assemble it. Whole folders are hashed, so a module added to a stage
is covered without anyone listing it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import reader

_PACKAGE = Path(reader.__file__).resolve().parent
# What reading and recognition are made of, and what linking and storing add to it.
ENGINE_STAGES = ("ingest", "entities")
LINK_STAGES = ("corpus", "store", "indexer")


def stage_digest(stages: tuple[str, ...], package: Path = _PACKAGE) -> str:
    """A hash of every file under these folders of the package (names and bytes, in name order)."""
    digest = hashlib.blake2b(digest_size=8)
    for stage in stages:
        root = package / stage
        files: list[str] = []
        # os.walk, not rglob: __pycache__ is pruned rather than walked and left out file by file
        # (every command pays this, `reader search` included).
        for folder, subfolders, names in os.walk(root):
            subfolders[:] = [name for name in subfolders if name != "__pycache__"]
            files.extend(os.path.join(folder, name) for name in names if not name.endswith((".pyc", ".pyo")))
        files.sort(key=lambda path: Path(path).relative_to(package).parts)
        digest.update(f"{stage}:{len(files)}\n".encode())
        for file in files:
            digest.update(Path(file).relative_to(package).as_posix().encode("utf-8", "surrogateescape") + b"\0")
            try:
                with open(file, "rb") as handle:
                    digest.update(handle.read())
            except OSError:
                digest.update(b"-")
    return digest.hexdigest()


ENGINE_VERSION = f"{reader.__version__}+{stage_digest(ENGINE_STAGES)}"


def link_version(engine_version: str) -> str:
    """The version of stored linked corpora made with `engine_version`."""
    return hashlib.blake2b(f"{engine_version}\n{stage_digest(LINK_STAGES)}".encode(), digest_size=8).hexdigest()


LINK_VERSION = link_version(ENGINE_VERSION)
