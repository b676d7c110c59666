"""One version scheme for everything stored: a hash of the package's own files, by stage.

A cached file row is used only when made by the same `ENGINE_VERSION` (the package version and
every file of the stages that read and recognise: `ingest/` and `entities/`, the bundled
gazetteer included). A stored linked corpus also needs the same `LINK_VERSION`, which adds the
stages that link, store and assemble it. Whole folders are hashed, so a module added to a stage
is covered without anyone listing it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import reader

_PACKAGE = Path(reader.__file__).resolve().parent
# What reading and recognition are made of, and what linking and storing add to it.
ENGINE_STAGES = ("ingest", "entities")
LINK_STAGES = ("corpus", "store", "indexer")


# Where a package remembers its stages' digests, beside its compiled modules: the digests are
# of its own files, and so is this cache (none is written into the user's folders).
MEMO_NAME = "stage-digests.json"


def stage_files(stages: tuple[str, ...], package: Path = _PACKAGE) -> list[tuple[str, list[str]]]:
    """Each stage with its files' paths, in name order (not those of `__pycache__`)."""
    found = []
    for stage in stages:
        root = package / stage
        files: list[str] = []
        # os.walk, not rglob: __pycache__ is pruned rather than walked and left out file by file.
        for folder, subfolders, names in os.walk(root):
            subfolders[:] = [name for name in subfolders if name != "__pycache__"]
            files.extend(os.path.join(folder, name) for name in names if not name.endswith((".pyc", ".pyo")))
        files.sort(key=lambda path: Path(path).relative_to(package).parts)
        found.append((stage, files))
    return found


def stage_digest(stages: tuple[str, ...], package: Path = _PACKAGE) -> str:
    """A hash of every file under these folders of the package (names and bytes, in name order).

    Every command pays for it, so it is remembered in the package's `__pycache__` with the files'
    names, sizes, mtimes, ctimes and inodes, and the bytes are read again only when one of those changed
    (or the memo cannot be read)."""
    listed = stage_files(stages, package)
    shape = _shape(listed)
    memo_path = package / "__pycache__" / MEMO_NAME
    key = ",".join(stages)
    memo = _read_memo(memo_path)
    remembered = memo.get(key)
    if isinstance(remembered, dict) and shape is not None and remembered.get("shape") == shape:
        digest = remembered.get("digest")
        if isinstance(digest, str):
            return digest
    digest = _content_digest(listed, package)
    if shape is not None:
        memo[key] = {"shape": shape, "digest": digest}
        _write_memo(memo_path, memo)
    return digest


def _content_digest(listed: list[tuple[str, list[str]]], package: Path) -> str:
    digest = hashlib.blake2b(digest_size=8)
    for stage, files in listed:
        digest.update(f"{stage}:{len(files)}\n".encode())
        for file in files:
            digest.update(Path(file).relative_to(package).as_posix().encode("utf-8", "surrogateescape") + b"\0")
            try:
                with open(file, "rb") as handle:
                    digest.update(handle.read())
            except OSError:
                digest.update(b"-")
    return digest.hexdigest()


def _shape(listed: list[tuple[str, list[str]]]) -> str | None:
    """A hash of what the files are on disk (not their bytes); None when one cannot be looked at."""
    lines = []
    for stage, files in listed:
        lines.append(f"{stage}:{len(files)}")
        for file in files:
            try:
                info = os.stat(file)
            except OSError:
                return None
            # ctime too: `cp -p`, `rsync -t` and archives set a file's mtime back, never its ctime.
            lines.append(f"{file}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}")
    return hashlib.blake2b("\n".join(lines).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def _read_memo(path: Path) -> dict:
    try:
        memo = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return memo if isinstance(memo, dict) else {}


def _write_memo(path: Path, memo: dict) -> None:
    """Written whole under a name of this process's, then renamed: a reader never sees half of it.
    A package that cannot be written to (installed for all users) just reads its files each time."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(exist_ok=True)
        partial.write_text(json.dumps(memo, sort_keys=True), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass


ENGINE_VERSION = f"{reader.__version__}+{stage_digest(ENGINE_STAGES)}"


def link_version(engine_version: str) -> str:
    """The version of stored linked corpora made with `engine_version`."""
    return hashlib.blake2b(f"{engine_version}\n{stage_digest(LINK_STAGES)}".encode(), digest_size=8).hexdigest()


LINK_VERSION = link_version(ENGINE_VERSION)
