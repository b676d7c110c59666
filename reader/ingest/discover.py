"""Paths → article inputs: folders walked in name order, hidden files and other suffixes skipped,
URLs fetched when no copy is kept, and `load_articles`, the whole of ingest for a list of paths."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reader.ingest.address import is_url, split_item
from reader.ingest.article import Article, ArticleError, Metadata, Problem
from reader.ingest.metadata import read_sidecar
from reader.ingest.names import is_article_name
from reader.ingest.read import holds_many, load_article, read_items


@dataclass(slots=True)
class Discovery:
    # Files as found or named (a Path, or a str for a feed item named as `feed.xml#3`) and URLs
    # (a str, as normalised: the name their articles go by), in the order given.
    files: list[Path | str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def discover(paths: Iterable[Path | str], fetch: bool = True) -> Discovery:
    """Expand files, folders (recursively, in name order) and URLs into article inputs.

    Hidden files and folders and other suffixes are skipped silently; missing or unreadable
    paths become problems. Folder symlinks are not followed, so symlink loops cannot recur.
    A URL with no stored copy is fetched (unless `fetch` is False); one that cannot be is a
    problem, with the reason.
    """
    found = Discovery()
    seen: set[str] = set()
    for given in paths:
        if isinstance(given, str) and is_url(given):
            _add_url(given, found, seen, fetch)
            continue
        path = Path(os.fsdecode(given))
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists() or path.is_symlink()
        except OSError as exc:
            found.problems.append(Problem(str(path), exc.strerror or str(exc)))
            continue
        if not exists:
            base, number = split_item(str(path))
            if number is not None and os.path.isfile(base):
                # One item of a feed, named as its articles are (`feed.xml#3`).
                if str(path) not in seen:
                    seen.add(str(path))
                    found.files.append(str(path))
                continue
            found.problems.append(Problem(str(path), "no such file or folder"))
        elif is_dir:
            for file in _walk(path, found.problems):
                if str(file) not in seen:
                    seen.add(str(file))
                    found.files.append(file)
        elif str(path) not in seen:
            # A file named explicitly is read whatever its suffix.
            seen.add(str(path))
            found.files.append(path)
    return found


def _add_url(given: str, found: Discovery, seen: set[str], fetch: bool) -> None:
    from reader.ingest.fetch import FetchError, ensure, normalise, stored

    base, number = split_item(given)
    try:
        url = normalise(base)
        copy = ensure(url) if fetch else stored(url)
    except FetchError as exc:
        found.problems.append(Problem(given, str(exc)))
        return
    if copy is None:
        found.problems.append(Problem(given, "not fetched yet (`reader refresh URL` fetches it)"))
        return
    name = f"{url}#{number}" if number is not None else url
    if name not in seen:
        seen.add(name)
        found.files.append(name)


def _walk(root: Path, problems: list[Problem]) -> Iterator[Path]:
    def on_error(error: OSError) -> None:
        problems.append(Problem(error.filename or str(root), f"cannot read folder: {error.strerror or error}"))

    for folder, subfolders, files in os.walk(root, onerror=on_error):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        parent = Path(folder)  # once per folder: parsing it again for each file was half the walk
        for name in sorted(files):
            if is_article_name(name):
                yield parent / name


def sidecar_name(file: Path | str) -> tuple[Path | None, str]:
    """(the folder whose `sources.toml` describes `file`, the name it is described under): a feed
    item is described as its feed; a URL by no sidecar."""
    if isinstance(file, str):
        if is_url(file):
            return None, ""
        file = Path(split_item(file)[0])
    return file.parent, file.name


def load_articles(paths: Iterable[Path | str]) -> tuple[list[Article], list[Problem]]:
    """Discover and load every article under `paths`; unreadable files become problems. A feed
    gives one article per item, in feed order."""
    found = discover(paths)
    articles: list[Article] = []
    problems = list(found.problems)
    sidecars: dict[Path, dict[str, Metadata]] = {}
    for file in found.files:
        folder, name = sidecar_name(file)
        sidecar = None
        if folder is not None:
            if folder not in sidecars:
                sidecars[folder], problem = read_sidecar(folder)
                if problem:
                    problems.append(problem)
            sidecar = sidecars[folder].get(name)
        try:
            if holds_many(file):
                feed = read_items(file, sidecar)
                problems.extend(Problem(str(file), note) for note in feed.notes)
                for number, item in enumerate(feed.items, 1):
                    if item.article is not None:
                        articles.append(item.article)
                    else:
                        problems.append(Problem(f"{feed.path}#{number}", item.problem))
            else:
                articles.append(load_article(file, sidecar))
        except ArticleError as exc:
            problems.append(Problem(str(file), str(exc)))
    return articles, problems
