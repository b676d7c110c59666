"""An article's metadata from the file itself (`---` front matter) or from a folder's sidecar
(`sources.toml`, one table per file name)."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from reader.ingest.article import Metadata, Problem

SIDECAR_NAME = "sources.toml"
MAX_SIDECAR_BYTES = 4 * 1024 * 1024

_FRONT_MATTER_FIELD = re.compile(r"^([A-Za-z_]+)\s*:\s*(.*?)\s*$")


def parse_front_matter(text: str) -> tuple[Metadata, int]:
    """Read `---` … `---` front matter at the start; return (metadata, offset where the body starts)."""
    if not text.startswith("---"):
        return Metadata(), 0
    first_newline = text.find("\n")
    if first_newline < 0 or text[:first_newline].strip() != "---":
        return Metadata(), 0
    end = re.compile(r"^---[ \t\r]*$", re.M).search(text, first_newline + 1, first_newline + 1 + 8192)
    if end is None:
        return Metadata(), 0
    fields: dict[str, str] = {}
    for line in text[first_newline + 1 : end.start()].splitlines():
        match = _FRONT_MATTER_FIELD.match(line)
        if match:
            fields[match.group(1).lower()] = match.group(2).strip().strip("\"'")
    body = end.end() + 1 if end.end() < len(text) and text[end.end()] == "\n" else end.end()
    meta = Metadata(
        title=fields.get("title", ""),
        source=fields.get("source", "") or fields.get("outlet", ""),
        date=fields.get("date", ""),
        url=fields.get("url", ""),
    )
    return meta, body


def read_sidecar(folder: Path) -> tuple[dict[str, Metadata], Problem | None]:
    """Per-file metadata from `sources.toml` in a folder: `["file.txt"]` tables of title/source/date/url."""
    path = folder / SIDECAR_NAME
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return {}, Problem(str(path), "ignored: not a regular file")
        if info.st_size > MAX_SIDECAR_BYTES:
            return {}, Problem(str(path), f"ignored: too large (over {MAX_SIDECAR_BYTES // 1048576} MB)")
        import tomllib  # here: most folders have no sidecar, and the app's start does not wait for it

        with path.open("rb") as handle:
            data = tomllib.loads(handle.read(MAX_SIDECAR_BYTES + 1).decode("utf-8"))
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        return {}, Problem(str(path), f"ignored: {(exc.strerror or type(exc).__name__).lower()}")
    except ValueError as exc:  # tomllib.TOMLDecodeError, UnicodeDecodeError
        return {}, Problem(str(path), f"ignored: not valid TOML: {str(exc).splitlines()[0] if str(exc) else exc}")
    result: dict[str, Metadata] = {}
    for name, table in data.items():
        if isinstance(table, dict):
            result[name] = Metadata(
                **{key: str(table.get(key, "") or "") for key in ("title", "source", "date", "url")}
            )
    return result, None
