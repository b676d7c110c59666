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
from typing import NoReturn, cast

from reader import __version__

COMMANDS = ("open", "entities", "search", "index", "text", "refresh")
KWIC_WIDTH = 60


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, as the rest of the CLI
        raise UsageError(f"{self.prog}: {message} (see --help)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reader",
        description="Read news from several outlets side by side, with leaders, countries, "
        "organisations and summits highlighted and linked across sources.",
        epilog="Commands: open (the default), entities, search, index, text, refresh. "
        "'reader COMMAND --help' for more.",
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

    open_ = sub.add_parser("open", help="open the reader (the default command)")
    add_paths(open_)
    open_.add_argument("--no-mouse", action="store_true", help="ignore the mouse (less traffic over slow links)")
    open_.add_argument("--no-state", action="store_true", help="neither read nor write reading state")
    open_.add_argument("--theme", help="a Textual theme name, e.g. textual-dark, textual-light")

    entities = sub.add_parser("entities", help="list entities and their mentions")
    add_paths(entities)
    entities.add_argument("--json", action="store_true", help="JSON Lines, one mention per line")

    search = sub.add_parser("search", help="fuzzy-search entities; show their mentions in context")
    search.add_argument("query")
    add_paths(search)
    search.add_argument("--json", action="store_true", help="JSON Lines, one entity per line")
    search.add_argument("--limit", type=int, default=5, metavar="N", help="at most N entities (default 5)")

    index = sub.add_parser("index", help="read and index articles; report what was found")
    add_paths(index)

    text = sub.add_parser("text", help="print an article's text: what mention offsets index")
    text.add_argument("doc", metavar="DOC", help="an article as `entities --json` names it: a file, feed.xml#3, a URL")

    refresh = sub.add_parser("refresh", help="fetch URLs again (default: every URL fetched before)")
    refresh.add_argument("urls", nargs="*", metavar="URL")
    return parser


def parse(argv: Sequence[str]) -> argparse.Namespace:
    argv = list(argv)
    first = next((a for a in argv if not a.startswith("-") or a == "-"), None)
    if first not in COMMANDS and not {"-h", "--help", "--version"} & set(
        argv[: argv.index(first)] if first in argv else argv
    ):
        argv.insert(0, "open")
    return _parser().parse_args(argv)


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
        args.paths = _fetched(args.paths)
        if args.command == "open":
            return _open(args)
        started = time.perf_counter()
        corpus, report = _load(args.paths, _progress_on_stderr if args.command == "index" else None)
        if args.command == "index":
            return _index(corpus, report, time.perf_counter() - started)
        if args.command == "entities":
            return _entities(corpus, args.json)
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
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(f"{len(corpus.entities)} entities in {len(corpus.articles)} articles"), title_justify="left"
    )
    table.add_column("Type", no_wrap=True)
    table.add_column("Entity")
    table.add_column("Mentions", justify="right")
    table.add_column("Per source")
    ranked = sorted(corpus.entities.values(), key=lambda e: (-e.count, e.name))
    for entity in ranked:
        per_source = corpus.sources_of(entity.name)
        spread = " · ".join(f"{corpus.articles[a].source} {n}" for a, n in sorted(per_source.items()))
        table.add_row(Text(entity.type), Text(_safe(entity.name)), Text(str(entity.count)), Text(spread))
    _console().print(table)
    return 0 if ranked else 1


def _safe(text: str) -> str:
    from reader.ingest.sanitize import safe_text

    return safe_text(text).replace("\n", " ")


# ---------------------------------------------------------------- search


def keyword_in_context(text: str, start: int, end: int, width: int = KWIC_WIDTH) -> tuple[str, str, str]:
    """(left, mention, right) around a mention, on one line, cut at word boundaries."""
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    if start > width and " " in left:
        left = "…" + left[left.index(" ") + 1 :]
    if end + width < len(text) and " " in right:
        right = right[: right.rindex(" ")] + "…"
    return left, text[start:end].replace("\n", " "), right


def _search(corpus, query: str, limit: int, as_json: bool) -> int:
    from reader.ingest.sanitize import json_line

    hits = corpus.search(query, limit=limit)
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
        for article_index, mention_index in entity.occurrences:
            article = corpus.articles[article_index]
            mention = corpus.mentions[article_index][mention_index]
            left, middle, right = keyword_in_context(article.safe, mention.start, mention.end)
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
        file=sys.stderr,
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
