"""Command line: `reader [PATH...]` opens the app; `entities`, `search`, `index` and `text` print;
`refresh` fetches URLs again. A PATH is a file, a folder, a feed item (`feed.xml#3`) or a URL
(fetched once, then read from the copy kept; see `reader.ingest.fetch`).

Exit status, as grep: 0 something found, 1 nothing found, 2 a usage or input error (one
line on stderr). Files that cannot be read are reported one line each on stderr and skipped.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

from reader.cli.arguments import UsageError, parse
from reader.cli.commands import (
    fetch_missing,
    load_corpus,
    open_app,
    print_index_report,
    print_text,
    progress_on_stderr,
    refresh_urls,
    restore_state,
)
from reader.cli.output import error as _error
from reader.cli.output import keyword_in_context
from reader.cli.reports import print_compare, print_entities, print_search

__all__ = ["keyword_in_context", "main", "parse"]


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
            return print_text(args.doc)
        if args.command == "refresh":
            return refresh_urls(args.urls)
        if args.command == "restore-state":
            return restore_state()
        args.paths = fetch_missing(args.paths)
        if args.command == "open":
            return open_app(args)
        if args.command == "search" and args.limit >= 1:
            from reader.cli.quick import quick_search

            answered = quick_search(args.paths, args.query, args.limit, args.json)
            if answered is not None:
                return answered
        started = time.perf_counter()
        if args.command == "index":
            corpus, report = load_corpus(args.paths, progress_on_stderr)
        else:
            corpus, report = load_corpus(args.paths, quick=True)
        if args.command == "index":
            return print_index_report(corpus, report, time.perf_counter() - started)
        if args.command == "entities":
            return print_entities(corpus, args.json)
        if args.command == "compare":
            return print_compare(corpus, args.query, args.json)
        if args.command == "search" and args.limit < 1:
            raise UsageError("reader search: --limit must be at least 1")
        return print_search(corpus, args.query, args.limit, args.json)
    except UsageError as exc:
        _error(str(exc))
        return 2
    except BrokenPipeError:
        sys.stderr.close()  # `reader entities | head`: the reader went away, not an error
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from reader.store.snapshots import CorpusUnavailable

        if not isinstance(exc, CorpusUnavailable):
            raise
        # The stored corpus went bad while being read; it has been dropped, so the next run
        # links the files anew.
        _error(f"reader: {exc}")
        return 2
