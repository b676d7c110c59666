"""Paths → article files: folders walked in name order, hidden files and other suffixes skipped,
and `load_articles`, the whole of ingest for a list of paths."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reader.ingest.article import Article, ArticleError, Metadata, Problem
from reader.ingest.metadata import read_sidecar
from reader.ingest.read import load_article

ARTICLE_SUFFIXES = (".txt", ".md")


def _is_article_name(name: str) -> bool:
    return not name.startswith(".") and name.lower().endswith(ARTICLE_SUFFIXES)


@dataclass(slots=True)
class Discovery:
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def discover(paths: Iterable[Path | str]) -> Discovery:
    """Expand files and folders (recursively, in name order) into article files.

    Hidden files and folders and other suffixes are skipped silently; missing or unreadable
    paths become problems. Folder symlinks are not followed, so symlink loops cannot recur.
    """
    found = Discovery()
    seen: set[str] = set()
    for given in paths:
        path = Path(os.fsdecode(given))
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists() or path.is_symlink()
        except OSError as exc:
            found.problems.append(Problem(str(path), exc.strerror or str(exc)))
            continue
        if not exists:
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


def _walk(root: Path, problems: list[Problem]) -> Iterator[Path]:
    def on_error(error: OSError) -> None:
        problems.append(Problem(error.filename or str(root), f"cannot read folder: {error.strerror or error}"))

    for folder, subfolders, files in os.walk(root, onerror=on_error):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        parent = Path(folder)  # once per folder: parsing it again for each file was half the walk
        for name in sorted(files):
            if _is_article_name(name):
                yield parent / name


def load_articles(paths: Iterable[Path | str]) -> tuple[list[Article], list[Problem]]:
    """Discover and load every article under `paths`; unreadable files become problems."""
    found = discover(paths)
    articles: list[Article] = []
    problems = list(found.problems)
    sidecars: dict[Path, dict[str, Metadata]] = {}
    for file in found.files:
        folder = file.parent
        if folder not in sidecars:
            sidecars[folder], problem = read_sidecar(folder)
            if problem:
                problems.append(problem)
        try:
            articles.append(load_article(file, sidecars[folder].get(file.name)))
        except ArticleError as exc:
            problems.append(Problem(str(file), str(exc)))
    return articles, problems
