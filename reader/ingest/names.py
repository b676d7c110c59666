"""Which files are articles (the suffixes a folder walk takes, the sidecar's name) and the
fingerprint of what a walk would find: light, so that `reader search` can tell that nothing
changed without importing the readers (see `reader.ingest.formats` for what reads each)."""

from __future__ import annotations

import hashlib
import operator
import os
from collections.abc import Iterable
from pathlib import Path

from reader.ingest.address import is_url, split_item

TEXT_SUFFIXES = (".txt", ".md")
# Text files shown as Markdown (see reader.ingest.markdown).
MARKDOWN_SUFFIXES = (".md", ".markdown")
PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
# Every format's suffixes: text, pages, feeds.
WALKED_SUFFIXES = TEXT_SUFFIXES + PAGE_SUFFIXES + FEED_SUFFIXES
# The file in a folder that describes its articles (see reader.ingest.metadata).
SIDECAR_NAME = "sources.toml"


_name = operator.attrgetter("name")


def is_article_name(name: str) -> bool:
    return not name.startswith(".") and name.lower().endswith(WALKED_SUFFIXES)


def fingerprint(paths: Iterable[Path | str]) -> str | None:
    """A digest of what `discover` would find under `paths` as it is now: every article file's
    path, size and mtime, and each walked folder's sidecar, by the same rules as `discover`, so
    that any file added, removed, changed or touched changes it. None when it cannot tell
    cheaply (a URL, a path that cannot be read): then the files must be looked at one by one."""
    # One line per file, hashed at once at the end (the same digest as line by line, at a
    # fraction of the calls: `reader search` on an unchanged folder is mostly this walk).
    lines: list[str] = []

    def add(path: str) -> bool:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            lines.append(f"{path}\0-\n")
            return True
        except OSError:
            return False
        lines.append(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n")
        return True

    def walk(folder: str) -> bool:
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=_name)
        except OSError:
            return False
        if not add(os.path.join(folder, SIDECAR_NAME)):
            return False
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                return False
            if is_folder:
                if not walk(entry.path):
                    return False
            elif name.endswith(WALKED_SUFFIXES) or name.lower().endswith(WALKED_SUFFIXES):
                # The entry's own stat (as os.stat of its path: symlinks followed), without
                # parsing the path again.
                try:
                    info = entry.stat()
                except FileNotFoundError:
                    lines.append(f"{entry.path}\0-\n")
                    continue
                except OSError:
                    return False
                lines.append(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}\n")
        return True

    for given in sorted(os.fsdecode(p) for p in paths):
        if is_url(given):
            return None
        lines.append(f"given {given}\n")
        if os.path.isdir(given):
            if not walk(given):
                return None
        else:
            base = split_item(given)[0] if not os.path.lexists(given) else given
            if not add(base) or not add(os.path.join(os.path.dirname(base) or ".", SIDECAR_NAME)):
                return None
    return hashlib.blake2b("".join(lines).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
