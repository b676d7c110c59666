"""Command line: `reader [PATH...]` opens the app; `entities`, `search`, `index` and `text` print;
`refresh` fetches URLs again. A PATH is a file, a folder, a feed item (`feed.xml#3`) or a URL
(fetched once, then read from the copy kept; see `reader.ingest.fetch`).

Exit status, as grep: 0 something found, 1 nothing found, 2 a usage or input error (one
line on stderr). Files that cannot be read are reported one line each on stderr and skipped.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, cast

from reader import __version__

EXIT_CODES = """exit status:
  0    something found (the app: quit normally)
  1    nothing found: no entity matches, no close match, no mention
  2    a usage or input error: a bad option, a path that does not exist, no readable article
  130  interrupted (Ctrl-C)
  The app exits non-zero after an unhandled error."""

COMMANDS = ("open", "entities", "search", "compare", "index", "text", "refresh", "restore-state")
KWIC_WIDTH = 60


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, as the rest of the CLI
        # argparse names an optional PATH... among the missing arguments when QUERY is missing.
        message = message.replace(", PATH", "").replace(", URL", "")
        raise UsageError(f"{self.prog}: {message} (see --help)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reader",
        description="Read news from several outlets side by side, with leaders, countries, "
        "organisations and summits highlighted and linked across sources.",
        epilog="Commands: open (the default), entities, search, compare, index, text, refresh, restore-state. "
        "'reader COMMAND --help' for more.\n\n" + EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    def add_paths(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "paths",
            nargs="*",
            metavar="PATH",
            help="article files, folders or URLs (default: the bundled seeds)",
        )

    open_ = _command(sub, "open", help="open the reader (the default command)")
    add_paths(open_)
    open_.add_argument("--no-mouse", action="store_true", help="ignore the mouse (less traffic over slow links)")
    open_.add_argument("--no-state", action="store_true", help="neither read nor write reading state")
    open_.add_argument("--theme", help="a Textual theme name, e.g. textual-dark, textual-light")

    entities = _command(sub, "entities", help="list entities and their mentions")
    add_paths(entities)
    entities.add_argument("--json", action="store_true", help="JSON Lines, one mention per line")

    search = _command(sub, "search", help="fuzzy-search entities; show their mentions in context")
    search.add_argument("query", help="a name or part of one, as typed in the app's search bar")
    add_paths(search)
    search.add_argument("--json", action="store_true", help="JSON Lines, one entity per line")
    search.add_argument("--limit", type=int, default=5, metavar="N", help="at most N entities (default 5)")

    compare = _command(sub, "compare", help="what each source says about the best-matching entity")
    compare.add_argument("query", help="a name or part of one")
    add_paths(compare)
    compare.add_argument("--json", action="store_true", help="JSON Lines, one source (article) per line")

    index = _command(sub, "index", help="read and index articles; report what was found")
    add_paths(index)

    text = _command(sub, "text", help="print an article's text: what mention offsets index")
    text.add_argument("doc", metavar="DOC", help="an article as `entities --json` names it: a file, feed.xml#3, a URL")

    refresh = _command(sub, "refresh", help="fetch URLs again (default: every URL fetched before)")
    refresh.add_argument("urls", nargs="*", metavar="URL")

    _command(sub, "restore-state", help="put back the reading state set aside when it was damaged")
    return parser


def _command(sub: Any, name: str, help: str) -> argparse.ArgumentParser:
    """A subcommand whose --help ends with the exit codes."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help, epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    return parser


def parse(argv: Sequence[str]) -> argparse.Namespace:
    argv = list(argv)
    first = next((a for a in argv if not a.startswith("-") or a == "-"), None)
    if first not in COMMANDS and not {"-h", "--help", "--version"} & set(
        argv[: argv.index(first)] if first in argv else argv
    ):
        if first is not None and not _exists(first):
            import difflib

            close = difflib.get_close_matches(first, COMMANDS, n=1, cutoff=0.6)
            if close:
                raise UsageError(
                    f"reader: {first!r} is not a command or a path; did you mean {close[0]!r}? (see --help)"
                )
        argv.insert(0, "open")
    args = _parser().parse_args(argv)
    for path in getattr(args, "paths", None) or ():
        if not _exists(path):
            raise UsageError(f"reader: {path}: no such file or folder")
    return args


def _exists(path: str) -> bool:
    """A file, a folder, a URL, or an item of a feed that exists (`feed.xml#3`)."""
    import os

    from reader.ingest.address import is_url, split_item

    return is_url(path) or os.path.lexists(path) or os.path.lexists(split_item(path)[0])


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = parse(argv)
    except UsageError as exc:
        _error(str(exc))
        return 2
    except SystemExit as exc:  # --help, --version
        return int(exc.code or 0)
    try:
        if args.command == "text":
            return _text(args.doc)
        if args.command == "refresh":
            return _refresh(args.urls)
        if args.command == "restore-state":
            return _restore_state()
        args.paths = _fetched(args.paths)
        if args.command == "open":
            return _open(args)
        started = time.perf_counter()
        corpus, report = _load(args.paths, _progress_on_stderr if args.command == "index" else None)
        if args.command == "index":
            return _index(corpus, report, time.perf_counter() - started)
        if args.command == "entities":
            return _entities(corpus, args.json)
        if args.command == "compare":
            return _compare(corpus, args.query, args.json)
        if args.command == "search" and args.limit < 1:
            raise UsageError("reader search: --limit must be at least 1")
        return _search(corpus, args.query, args.limit, args.json)
    except UsageError as exc:
        _error(str(exc))
        return 2
    except BrokenPipeError:
        sys.stderr.close()  # `reader entities | head`: the reader went away, not an error
        return 0
    except KeyboardInterrupt:
        return 130


def _paths(paths: Sequence[str]) -> list[Path | str]:
    from reader.ingest.address import is_url

    if paths:
        # A URL stays a string: a Path would make "https://" "https:/".
        return [p if is_url(p) else Path(p) for p in paths]
    from reader.resources import seeds_dir

    return [seeds_dir()]


def _fetched(paths: Sequence[str]) -> list[str]:
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


def _load(paths: Sequence[str], progress=None):
    from reader.config import corrections_file
    from reader.entities.gazetteer import GazetteerError, load_gazetteer
    from reader.indexer import index_paths

    try:
        gazetteer = load_gazetteer(corrections_file())
    except GazetteerError as exc:
        _error(f"reader: corrections ignored: {exc}")
        gazetteer = load_gazetteer(None)
    result = index_paths(_paths(paths), gazetteer, progress=progress)
    for notice in result.notices:
        _error(f"reader: {notice}")
    corpus = result.corpus
    for problem in corpus.problems:
        print(f"reader: skipped {problem}", file=sys.stderr)
    if not corpus.articles:
        where = ", ".join(paths) if paths else "the bundled seeds"
        raise UsageError(f"reader: no readable articles in {where}")
    return corpus, result.stats


def _error(message: str) -> None:
    """One line on stderr; paths and values in it (from argv, file names, corrections) made inert."""
    from reader.ingest.sanitize import safe_name

    print(safe_name(message), file=sys.stderr)


def _console():
    from rich.console import Console

    return Console(markup=False, highlight=False, emoji=False, soft_wrap=False)


def _write(line: str) -> None:
    sys.stdout.write(line + "\n")


# ---------------------------------------------------------------- entities


def _entities(corpus, as_json: bool) -> int:
    from reader.ingest.sanitize import json_line

    if as_json:
        for article, mentions in zip(corpus.articles, corpus.mentions):
            for mention in mentions:
                _write(json_line(mention.record(article.path, article.text)))
        return 0 if any(corpus.mentions) else 1
    ranked = sorted(corpus.entities.values(), key=lambda e: (-e.count, e.name))
    console = _console()
    if not console.is_terminal:  # (FORCE_COLOR counts as a terminal, as Rich has it)
        # Piped: a plain table, one entity a line, tab-separated, for cut, sort and awk.
        _write("type\tentity\tmentions\tper source")
        for entity in ranked:
            per_source = corpus.sources_of(entity.name)
            spread = " · ".join(f"{_safe(corpus.articles[a].source)} {n}" for a, n in sorted(per_source.items()))
            _write(f"{entity.type}\t{_safe(entity.name)}\t{entity.count}\t{spread}".replace("\r", " "))
        return 0 if ranked else 1
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(f"{len(corpus.entities)} entities in {len(corpus.articles)} articles"), title_justify="left"
    )
    table.add_column("Type", no_wrap=True)
    table.add_column("Entity")
    table.add_column("Mentions", justify="right")
    table.add_column("Per source")
    for entity in ranked:
        per_source = corpus.sources_of(entity.name)
        spread = " · ".join(f"{corpus.articles[a].source} {n}" for a, n in sorted(per_source.items()))
        table.add_row(Text(entity.type), Text(_safe(entity.name)), Text(str(entity.count)), Text(spread))
    console.print(table)
    return 0 if ranked else 1


def _safe(text: str) -> str:
    from reader.ingest.sanitize import safe_text

    return safe_text(text).replace("\n", " ").replace("\t", " ")


# ---------------------------------------------------------------- search


def keyword_in_context(
    text: str, start: int, end: int, width: int = KWIC_WIDTH, hidden: tuple[tuple[int, int], ...] = ()
) -> tuple[str, str, str]:
    """(left, mention, right) around a mention, on one line, cut at word boundaries; never into
    the `hidden` ranges (page debris: "Accessibility links Breaking News…")."""
    low, high = max(0, start - width), min(len(text), end + width)
    for a, b in hidden:
        if b <= start:
            low = max(low, b)
        elif a >= end:
            high = min(high, a)
    left = text[low:start].replace("\n", " ")
    right = text[end:high].replace("\n", " ")
    if start > width and " " in left and low == start - width:
        left = "…" + left[left.index(" ") + 1 :]
    if end + width < len(text) and " " in right and high == end + width:
        right = right[: right.rindex(" ")] + "…"
    return left, text[start:end].replace("\n", " "), right


def _search(corpus, query: str, limit: int, as_json: bool) -> int:
    from reader.corpus.search import CLOSE_MATCH
    from reader.ingest.sanitize import json_line

    hits = corpus.search(query, limit=limit)
    if hits and hits[0].score < CLOSE_MATCH:
        best = hits[0]
        print(
            f"reader: no close match for {_safe(query)!r} (the nearest: {_safe(best.entity.name)}, score "
            f"{best.score:.0f}); the app's search bar can find it as text",
            file=sys.stderr,
        )
        return 1
    if as_json:
        for hit in hits:
            mentions = []
            for article_index, mention_index in hit.entity.occurrences:
                article = corpus.articles[article_index]
                mention = article_mention = corpus.mentions[article_index][mention_index]
                left, middle, right = keyword_in_context(article.safe, mention.start, mention.end)
                mentions.append(
                    {
                        "doc": article.path,
                        "start": article_mention.start,
                        "end": article_mention.end,
                        "text": article.text[mention.start : mention.end],
                        "context": f"{left}{middle}{right}",
                    }
                )
            _write(
                json_line(
                    {
                        "entity": hit.entity.name,
                        "type": hit.entity.type,
                        "score": round(hit.score, 1),
                        "mentions": mentions,
                    }
                )
            )
        return 0 if hits else 1
    from rich.text import Text

    console = _console()
    plain = not console.is_terminal or console.no_color
    for number, hit in enumerate(hits):
        entity = hit.entity
        header = Text()
        header.append(f"{entity.type:<7}", style="dim")
        header.append(_safe(entity.name), style="bold")
        sources = entity.article_count
        header.append(
            f"  {entity.count} mention{'s' * (entity.count != 1)} in {sources} source{'s' * (sources != 1)}"
            f"  score {hit.score:.0f}",
            style="dim",
        )
        if number:
            console.print()
        console.print(header)
        # The mentions a reader sees: none in page debris (the app's n skips them too).
        for article_index, mention_index in corpus.stops(entity.name, hidden=False)[0]:
            article = corpus.articles[article_index]
            mention = corpus.mentions[article_index][mention_index]
            left, middle, right = keyword_in_context(article.safe, mention.start, mention.end, hidden=article.debris)
            line = Text("  ")
            line.append(f"{article.source[:24]:<24} ", style="cyan")
            line.append(left)
            line.append(f"«{middle}»" if plain else middle, style="bold reverse")
            line.append(right)
            line.no_wrap = True
            line.overflow = "ellipsis"
            console.print(line)
    if not hits:
        print(f"reader: no entity matches {_safe(query)!r}", file=sys.stderr)
    return 0 if hits else 1


# ---------------------------------------------------------------- compare


def _compare(corpus, query: str, as_json: bool) -> int:
    """What each source says about the entity that best matches `query`."""
    import shutil

    from reader.corpus.compare import compare, compare_records, render_text
    from reader.corpus.search import CLOSE_MATCH
    from reader.ingest.sanitize import json_line

    hits = corpus.search(query, limit=1)
    if not hits or hits[0].score < CLOSE_MATCH:
        print(f"reader: no entity matches {_safe(query)!r} closely", file=sys.stderr)
        return 1
    name = hits[0].entity.name
    if as_json:
        records = compare_records(corpus, name)
        for record in records:
            _write(json_line(record))
        return 0 if records else 1
    sections = compare(corpus, name)
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 100
    sys.stdout.write(render_text(sections, name, width=width))
    return 0 if sections else 1


# ---------------------------------------------------------------- restore-state


def _restore_state() -> int:
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


# ---------------------------------------------------------------- index


def _progress_on_stderr(done: int, total: int) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\rreader: indexing {done}/{total} files")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _index(corpus, report, seconds: float) -> int:
    mentions = sum(len(m) for m in corpus.mentions)
    words = corpus.words
    print(
        f"{len(corpus.articles)} files ({report.extracted} read, {report.cached} from cache), {words} words, "
        f"{mentions} mentions, {len(corpus.entities)} entities, {len(corpus.problems)} skipped, "
        f"{seconds:.2f} s ({words / max(seconds, 1e-9):,.0f} words/s)",
    )
    return 0 if corpus.articles else 1


# ---------------------------------------------------------------- text


def _text(doc: str) -> int:
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


# ---------------------------------------------------------------- refresh


def _refresh(urls: Sequence[str]) -> int:
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


# ---------------------------------------------------------------- open


def _open(args: argparse.Namespace) -> int:
    from reader.tui.app import run_app

    # run_app takes Paths; a URL is a str, which the app only hands on to the indexer.
    paths = cast(list[Path], _paths(args.paths))
    return run_app(paths, mouse=not args.no_mouse, use_state=not args.no_state, theme=args.theme)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
