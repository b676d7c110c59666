"""The command line's grammar: the subcommands, their options, and the checks made before any
command runs (a mistyped command, a path that does not exist)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any, NoReturn

from reader import __version__

EXIT_CODES = """exit status:
  0    something found (the app: quit normally)
  1    nothing found: no entity matches, no close match, no mention
  2    a usage or input error: a bad option, a path that does not exist, no readable article
  130  interrupted (Ctrl-C)
  The app exits non-zero after an unhandled error."""

COMMANDS = ("open", "entities", "search", "compare", "index", "text", "refresh", "restore-state")


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
