"""An article's metadata from the file itself (`---` front matter) or from a folder's sidecar
(`sources.toml`, one table per file name)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from reader.ingest.article import Metadata, Problem
from reader.ingest.names import SIDECAR_NAME
from reader.user_files import Issue, OneOf, Table, Text, UserFileError, Value, read_toml, summarize, validate

MAX_SIDECAR_BYTES = 4 * 1024 * 1024

# Longer values are cut here, wherever they come from: a 3 MB `source` made every `]` and `[`
# take over a second (the status line and the list lay it out), and no outlet, date or title is
# that long. A title is cut with an ellipsis, so the cut shows; the rest are cut plainly.
MAX_CHARS = {"title": 300, "source": 200, "date": 64, "url": 2048}

# One `["file.txt"]` table of sources.toml. Values are not length-checked here: long ones are
# cut (above) rather than refused.
_SIDECAR_ENTRY = Table(
    {
        "title": Text(max_chars=None),
        "source": Text(max_chars=None),
        "date": OneOf((Text(max_chars=None), Value((datetime.date,), "a date", "dates"))),
        "url": Text(max_chars=None),
    },
    what="a table of title, source, date and url",
)

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
    meta, _ = capped(
        Metadata(
            title=fields.get("title", ""),
            source=fields.get("source", "") or fields.get("outlet", ""),
            date=fields.get("date", ""),
            url=fields.get("url", ""),
        )
    )
    return meta, body


def capped(meta: Metadata) -> tuple[Metadata, list[str]]:
    """`meta` with every field cut to its MAX_CHARS, and the names of the fields that were cut."""
    cut = [name for name, limit in MAX_CHARS.items() if len(getattr(meta, name)) > limit]
    if not cut:
        return meta, cut
    title = meta.title
    if len(title) > MAX_CHARS["title"]:
        title = title[: MAX_CHARS["title"] - 1].rstrip() + "…"
    return (
        Metadata(
            title=title,
            source=meta.source[: MAX_CHARS["source"]],
            date=meta.date[: MAX_CHARS["date"]],
            url=meta.url[: MAX_CHARS["url"]],
        ),
        cut,
    )


def read_sidecar(folder: Path) -> tuple[dict[str, Metadata], Problem | None]:
    """Per-file metadata from `sources.toml` in a folder: `["file.txt"]` tables of title/source/date/url.

    The file is untrusted: one that cannot be read at all is one problem and no metadata; an
    entry that is wrong (`title = 5`, an unknown key) is left out and the others apply; values
    too long are cut. The problem, if any, is one line naming the first entry and key."""
    path = folder / SIDECAR_NAME
    try:
        data = read_toml(path, MAX_SIDECAR_BYTES)
    except UserFileError as exc:
        return {}, Problem(str(path), f"ignored: {exc.reason}")
    if data is None:
        return {}, None
    result: dict[str, Metadata] = {}
    wrong: list[Issue] = []
    cut: list[Issue] = []
    for name, table in data.items():
        issues = validate(table, _SIDECAR_ENTRY, (name,))
        if issues:
            wrong.extend(issues)
            continue
        meta, long_fields = capped(Metadata(**{key: str(table.get(key, "")) for key in MAX_CHARS}))
        cut.extend(Issue((name, key), f"longer than {MAX_CHARS[key]:,} characters; cut there") for key in long_fields)
        result[name] = meta
    if wrong:
        return result, Problem(str(path), summarize(wrong, "entry ignored"))
    if cut:
        return result, Problem(str(path), summarize(cut))
    return result, None
