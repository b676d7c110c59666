"""Paths → the keys things are stored under, one way each.

- `absolute`: a path as the index cache keys a file (absolute, symlinks kept).
- `state_key`: the key of an article's reading state (absolute, symlinks resolved).
- `session_key`: which opened folders a session (last article, active entity) belongs to.
- `roots_key`: which opened paths a start was for (what they showed last).
- `snapshot_key`: which linked corpus a set of files makes.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from reader.store.versions import LINK_VERSION


def absolute(path: Path | str) -> str:
    return os.path.abspath(os.fsdecode(path))


def absolute_all(paths: Iterable[Path | str]) -> list[str]:
    return [absolute(p) for p in paths]


@functools.lru_cache(maxsize=1024)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def state_key(path: str) -> str:
    """The key an article's state is kept under: its absolute path, symlinks resolved (as
    `Path.resolve`), resolving each folder once rather than every file's whole path."""
    path = os.path.abspath(path)
    if os.path.islink(path):
        return os.path.realpath(path)
    folder, name = os.path.split(path)
    return os.path.join(_real_folder(folder), name)


def presumed_state_keys(paths: list[str]) -> list[str]:
    """`state_key` of each path, presuming that no file is itself a symlink: no system call per
    file (only one per folder, once), so the app can mark what was read as soon as it shows
    the list, and check each file afterwards."""
    if _presumed_as_given(paths):
        return list(paths)
    # The real folder (with its separator) of each distinct text up to a path's last separator:
    # os.path.split's folder depends on that text alone, and 100,000 splits and joins were most
    # of the time the app took to show a large folder's list.
    bases: dict[str, str] = {}
    keys = []
    for path in paths:
        head, sep, name = path.rpartition(os.sep)
        if name in ("", ".", "..") or os.altsep:  # not a file name, or two separators: the general way
            folder, name = os.path.split(os.path.abspath(path))
            keys.append(os.path.join(_real_folder(folder), name))
            continue
        base = bases.get(head + sep)
        if base is None:
            folder = os.path.split(path)[0]
            base = bases[head + sep] = _real_base(folder)
        keys.append(base + name)
    return keys


def _real_base(folder: str) -> str:
    """The real folder of `folder`, absolute, with its separator: what a name is appended to."""
    return os.path.join(_real_folder(os.path.abspath(folder)), "")


def _presumed_as_given(paths: list[str]) -> bool:
    """Whether each path is its own presumed key: every folder named as it really is (absolute,
    no symlink, no dot or doubled separator) and every name a file's. Asked first because it
    is the usual case and costs two string methods per path instead of a split and a join."""
    if os.altsep:
        return False
    sep = os.sep
    ends = (sep, sep + ".", sep + "..")  # a name that is empty, "." or "..": the general way normalises it
    if any(path.endswith(ends) for path in paths):
        return False
    heads = {path.rpartition(sep)[0] for path in paths}
    return all(head and _real_base(head) == head + sep for head in heads)


def unpresumed_state_keys(paths: list[str]) -> dict[str, str]:
    """`state_key` of each path whose key is not its presumed one (`presumed_state_keys`): a
    symlinked file, most often none. One directory listing per folder stands for a system call
    per file: a listing says which of its names are symlinks. A name a listing does not hold as
    a plain entry (a symlink, a feed's item, what went away) is found the general way. Only the
    exceptions are given: at 100,000 articles, every path with its key was 12 MB kept."""
    listed: dict[str, dict[str, bool]] = {}
    keys: dict[str, str] = {}
    for path, presumed in zip(paths, presumed_state_keys(paths)):
        folder, _, name = presumed.rpartition(os.sep)
        entries = listed.get(folder)
        if entries is None:
            entries = listed[folder] = _listing(folder or os.sep)
        if entries.get(name) is not False:
            key = state_key(path)
            if key != presumed:
                keys[path] = key
    return keys


def _listing(folder: str) -> dict[str, bool]:
    """Each name in `folder` and whether it is a symlink (from the listing itself, as the file
    system gives it); empty when it cannot be listed."""
    try:
        with os.scandir(folder) as entries:
            return {entry.name: entry.is_symlink() for entry in entries}
    except OSError:
        return {}


def session_key(paths: Iterable[Path | str]) -> str:
    """Which folder set a session belongs to: opening the same folders again restores it."""
    return "\n".join(sorted(str(Path(p).resolve()) for p in paths))


def roots_key(paths: Iterable[Path | str], gazetteer_key: str) -> str:
    """Which opened paths a start was for (the `starts` table: what they showed last), as they
    were given, and from where when any is relative: the corpus stored for them names its
    articles by those paths, so `reader .` and `reader /abs/path` of one folder are two starts."""
    given = sorted(os.fsdecode(p) for p in paths)
    digest = hashlib.blake2b(f"{LINK_VERSION}\n{gazetteer_key}\n".encode(), digest_size=16)
    if any(not os.path.isabs(path) for path in given):
        digest.update(f"cwd {os.getcwd()}\n".encode("utf-8", "surrogatepass"))
    for path in given:
        digest.update(f"{path}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def quick_roots_key(paths: Iterable[Path | str], corrections: str) -> str:
    """`roots_key` of a start by the corrections file it was made with (`config.corrections_identity`)
    rather than by the gazetteer it loaded: `reader search` finds it without loading one."""
    return roots_key(paths, f"corrections {corrections}")


def snapshot_key(gazetteer_key: str, files: Iterable[tuple[str, str, str, str]]) -> str:
    """The key of a corpus: the engine, the gazetteer, and (path as given, absolute path, content
    hash, sidecar metadata) of each article in corpus order. The path as given counts because the
    stored corpus names its articles by it: `news/a.txt` stored from one folder is not a file
    from another, where the same folder is `../news`."""
    digest = hashlib.blake2b(f"{LINK_VERSION}\n{gazetteer_key}\n".encode(), digest_size=16)
    for given, path, content, sidecar in files:
        digest.update(f"{given}\0{path}\0{content}\0{sidecar}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
