"""Paths → a Corpus, reading and recognising only what the extraction cache does not hold.

Unchanged files come from the cache (no reading, no recognition: their text is read when an
article is opened). New and changed files are read and recognised, on every core when there
are many of them, and written back. Linking always runs over everything: it is cheap and
depends on the whole corpus.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from reader.articles import Article, ArticleError, Metadata, Problem, discover, load_article, read_sidecar
from reader.config import cache_dir
from reader.entities.gazetteer import Gazetteer, GazetteerError, load_gazetteer
from reader.entities.model import Mention
from reader.entities.recognize import Recognizer
from reader.index import Corpus
from reader.store import ExtractionCache, FileStamp, article_from_record, engine_version, mentions_from_record, path_key

Progress = Callable[[int, int], None]
# Below this many files to extract, a process pool costs more to start than it saves.
POOL_THRESHOLD = 200
CHUNK = 64


@dataclass
class IndexReport:
    files: int = 0
    extracted: int = 0
    cached: int = 0
    notice: str = ""


# ---------------------------------------------------------------- extraction (also in workers)

_worker_recognizer: Recognizer | None = None


def _init_worker(corrections: str | None) -> None:
    global _worker_recognizer
    try:
        gazetteer = load_gazetteer(Path(corrections) if corrections else None)
    except GazetteerError:
        gazetteer = load_gazetteer(None)
    _worker_recognizer = Recognizer(gazetteer)


def _extract(job: tuple[str, Metadata | None]) -> tuple[str, Article | None, list[Mention], str]:
    path, sidecar = job
    try:
        article = load_article(path, sidecar)
    except ArticleError as exc:
        return path, None, [], str(exc)
    mentions = _worker_recognizer.recognize(article.safe, article.debris, article.date)
    return path, article, mentions, ""


def _strip_text(result):
    """Send only metadata and mentions back from a worker: the text is read again on demand."""
    path, article, mentions, error = result
    if article is not None:
        article = Article(article.path, None, None, article.title, article.source, article.date, article.url,
                          article.encoding, article.debris, article.body_start, article.title_span, article.size,
                          article.words)
    return path, article, mentions, error


def _extract_light(job):
    return _strip_text(_extract(job))


# ---------------------------------------------------------------- building


def build_corpus(paths: Iterable[Path | str], corrections: Path | None = None, use_cache: bool = True,
                 progress: Progress | None = None, workers: int | None = None,
                 gazetteer: Gazetteer | None = None) -> tuple[Corpus, IndexReport]:
    found = discover(paths)
    problems: list[Problem] = list(found.problems)
    report = IndexReport(files=len(found.files))
    engine = engine_version(corrections)
    cache = ExtractionCache(cache_dir() / "index.db", engine) if use_cache else None
    entries = cache.entries() if cache is not None else {}

    sidecars: dict[Path, dict[str, Metadata]] = {}
    articles: list[Article | None] = [None] * len(found.files)
    documents: list[list[Mention]] = [[] for _ in found.files]
    todo: list[tuple[int, str, Metadata | None, FileStamp, str]] = []
    for index, file in enumerate(found.files):
        folder = file.parent
        if folder not in sidecars:
            sidecars[folder], problem = read_sidecar(folder)
            if problem:
                problems.append(problem)
        sidecar = sidecars[folder].get(file.name)
        sidecar_key = json.dumps([sidecar.title, sidecar.source, sidecar.date, sidecar.url]) if sidecar else ""
        path = str(file)
        try:
            stamp = FileStamp.of(path)
        except OSError as exc:
            problems.append(Problem(path, exc.strerror or str(exc)))
            continue
        entry = entries.get(path_key(path))
        if entry and entry[:4] == (stamp.size, stamp.mtime_ns, engine, sidecar_key):
            articles[index] = article_from_record(path, entry[4])
            documents[index] = mentions_from_record(entry[5])
            report.cached += 1
        else:
            todo.append((index, path, sidecar, stamp, sidecar_key))

    done = report.cached
    if progress:
        progress(done, len(found.files))
    rows = []
    jobs = [(path, sidecar) for _, path, sidecar, _, _ in todo]
    if len(todo) >= POOL_THRESHOLD and (workers or os.cpu_count() or 1) > 1:
        pool = ProcessPoolExecutor(max_workers=workers or os.cpu_count(), initializer=_init_worker,
                                   initargs=(str(corrections) if corrections else None,))
        with pool:
            results = pool.map(_extract_light, jobs, chunksize=CHUNK)
            rows = _collect(todo, results, articles, documents, problems, progress, done, len(found.files))
    else:
        global _worker_recognizer
        _worker_recognizer = Recognizer(gazetteer) if gazetteer is not None else None
        if _worker_recognizer is None:
            _init_worker(str(corrections) if corrections else None)
        results = (_extract(job) for job in jobs)
        rows = _collect(todo, results, articles, documents, problems, progress, done, len(found.files))
    report.extracted = len(rows)

    if cache is not None:
        keep = {path_key(str(f)) for f in found.files}
        cache.store([(path_key(path), stamp, key, article, mentions) for path, stamp, key, article, mentions in rows], keep)
        report.notice = cache.notice
        cache.close()

    kept = [(a, m) for a, m in zip(articles, documents) if a is not None]
    if gazetteer is None:
        try:
            gazetteer = load_gazetteer(corrections)
        except GazetteerError:
            gazetteer = load_gazetteer(None)
    corpus = Corpus.from_mentions([a for a, _ in kept], [m for _, m in kept], gazetteer, problems)
    return corpus, report


def _collect(todo, results, articles, documents, problems, progress, done, total):
    rows = []
    for (index, _, _, stamp, sidecar_key), (path, article, mentions, error) in zip(todo, results):
        if article is None:
            problems.append(Problem(path, error))
        else:
            articles[index] = article
            documents[index] = mentions
            rows.append((path, stamp, sidecar_key, article, mentions))
        done += 1
        if progress and (done % 50 == 0 or done == total):
            progress(done, total)
    return rows
