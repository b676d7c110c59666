"""The commands that work on files and state: `index`, `text`, `refresh`, `restore-state` and
`open`, and loading the corpus the other commands answer from."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from reader.cli.arguments import UsageError
from reader.cli.output import error as _error


def as_paths(paths: Sequence[str]) -> list[Path | str]:
    from reader.ingest.address import is_url

    if paths:
        # A URL stays a string: a Path would make "https://" "https:/".
        return [p if is_url(p) else Path(p) for p in paths]
    from reader.resources import seeds_dir

    return [seeds_dir()]


def fetch_missing(paths: Sequence[str]) -> list[str]:
    """`paths`, with every URL that has no stored copy fetched now: one line on stderr for each
    that cannot be (and it is left out, so nothing waits for it again)."""
    from reader.ingest.address import is_url, split_item

    kept = []
    for path in paths:
        if is_url(path):
            from reader.ingest.fetch import FetchError, ensure, stored

            try:
                base = split_item(path)[0]
                if stored(base) is None:
                    if sys.stderr.isatty():
                        _error(f"reader: fetching {base}")
                    ensure(base)
            except FetchError as exc:
                _error(f"reader: skipped {path}: {exc}")
                continue
        kept.append(path)
    if paths and not kept:
        raise UsageError(f"reader: no readable articles in {', '.join(paths)}")
    return kept


def _gazetteer():
    """The bundled gazetteer with the user's corrections; without them (said once) when they cannot be used."""
    from reader.config import corrections_file
    from reader.entities.gazetteer import GazetteerError, load_gazetteer

    try:
        return load_gazetteer(corrections_file())
    except GazetteerError as exc:
        _error(f"reader: corrections ignored: {exc}")
        return load_gazetteer(None)


def _gazetteer_when_searched_without_forms(corpus) -> None:
    """Searching a stored corpus whose search forms are missing or damaged makes them from its
    entities and the gazetteer's names: the gazetteer is loaded then, and only then."""
    corpus.load_gazetteer = _gazetteer


def load_corpus(paths: Sequence[str], progress=None, quick: bool = False):
    """The corpus of `paths` and the indexing run's report; with `quick`, when nothing changed
    since the last run on them, the corpus that run stored (and no report: nothing was run)."""
    if quick:
        from reader.indexer.last_start import unchanged_corpus_before_the_gazetteer

        unchanged = unchanged_corpus_before_the_gazetteer(as_paths(paths))
        if unchanged is not None and unchanged.articles:
            _gazetteer_when_searched_without_forms(unchanged)
            return unchanged, None
    gazetteer = _gazetteer()
    if quick:
        from reader.indexer.last_start import unchanged_corpus

        unchanged = unchanged_corpus(as_paths(paths), gazetteer)
        if unchanged is not None and unchanged.articles:
            return unchanged, None
    from reader.indexer import index_paths

    result = index_paths(as_paths(paths), gazetteer, progress=progress)
    for notice in result.notices:
        _error(f"reader: {notice}")
    corpus = result.corpus
    for problem in corpus.problems:
        print(f"reader: skipped {problem}", file=sys.stderr)
    if not corpus.articles:
        where = ", ".join(paths) if paths else "the bundled seeds"
        raise UsageError(f"reader: no readable articles in {where}")
    return corpus, result.stats


def restore_state() -> int:
    """Put back the newest reading state set aside as damaged (the current file is kept aside)."""
    from reader.config import data_dir
    from reader.store.reading_state import restore_set_aside, set_aside_copies

    path = data_dir() / "state.db"
    copies = set_aside_copies(path)
    if not copies:
        _error(f"reader: no reading state was set aside next to {path}")
        return 1
    try:
        moved = restore_set_aside(path, copies[0])
    except (OSError, ValueError) as exc:
        raise UsageError(f"reader: cannot restore {copies[0]}: {exc}") from None
    kept = f"; the one in use until now is kept as {moved.name}" if moved else ""
    _error(f"reader: restored the reading state from {copies[0].name}{kept}")
    return 0


def progress_on_stderr(done: int, total: int) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\rreader: indexing {done}/{total} files")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def print_index_report(corpus, report, seconds: float) -> int:
    mentions = sum(len(m) for m in corpus.mentions)
    words = corpus.words
    print(
        f"{len(corpus.articles)} files ({report.extracted} read, {report.cached} from cache), {words} words, "
        f"{mentions} mentions, {len(corpus.entities)} entities, {len(corpus.problems)} skipped, "
        f"{seconds:.2f} s ({words / max(seconds, 1e-9):,.0f} words/s)",
    )
    return 0 if corpus.articles else 1


def print_text(doc: str) -> int:
    """The article's text exactly, so that `text[start:end]` of every `entities --json` line is its
    mention; to a terminal, its safe form (the same length: every offset still holds)."""
    from reader.ingest.address import is_url, split_item
    from reader.ingest.article import ArticleError
    from reader.ingest.read import load_article

    if is_url(doc):
        from reader.ingest.fetch import FetchError, ensure

        try:
            ensure(split_item(doc)[0])
        except FetchError as exc:
            raise UsageError(f"reader: {doc}: {exc}") from None
    try:
        article = load_article(doc)
    except ArticleError as exc:
        raise UsageError(f"reader: {doc}: {exc}") from None
    text = article.safe if sys.stdout.isatty() else article.text
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        # An encoding without some character: one replacement for each, so offsets still hold.
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
    sys.stdout.flush()
    return 0


def refresh_urls(urls: Sequence[str]) -> int:
    from reader.ingest.fetch import FetchError, fetch, stored_urls

    urls = list(urls) or stored_urls()
    if not urls:
        _error("reader: nothing to refresh (no URL has been fetched yet)")
        return 1
    failed = 0
    for url in urls:
        try:
            copy, changed = fetch(url, conditional=True)
        except FetchError as exc:
            failed += 1
            _error(f"reader: cannot refresh {url}: {exc} (the copy kept, if any, is unchanged)")
            continue
        size = int(copy.meta.get("bytes") or 0)
        what = f"refreshed ({size / 1024:.1f} KB)" if changed else "unchanged"
        _error(f"reader: {what}: {copy.url}")
    return 2 if failed else 0


def open_app(args: argparse.Namespace) -> int:
    from reader.tui.app import run_app

    # run_app takes Paths; a URL is a str, which the app only hands on to the indexer.
    paths = cast(list[Path], as_paths(args.paths))
    return run_app(paths, mouse=not args.no_mouse, use_state=not args.no_state, theme=args.theme)
