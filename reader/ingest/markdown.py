"""Markdown as the reading pane shows it: which characters of the file are syntax, and how the rest looks.

Like debris, this is a display property over the file text, which is never changed: recognition
runs on the file text as it is, and every mention's offsets stay file offsets. `markdown_view`
gives the syntax as hidden ranges, the look as styled ranges, and a few characters shown in
place of the file's (a list's bullet, a quote's bar), one for one so that cell widths hold.

A small scanner rather than a full parser: markdown-it-py (already there through rich) gives
line ranges for blocks but not the offsets of inline markers, and takes over a second for a
1 MB file. Blocks are read here a line at a time (ATX and setext headings, fenced code, quotes,
lists, thematic breaks, link reference definitions); the text of each paragraph, heading or
list item then goes to `reader.ingest.markdown_inline`. What is not recognised is shown as it is.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from reader.ingest import formats
from reader.ingest.address import is_url
from reader.ingest.markdown_inline import BOLD, CODE, ITALIC, LINK, has_syntax, normal_label, scan_inline
from reader.ingest.names import MARKDOWN_SUFFIXES

__all__ = ["BOLD", "CODE", "HEADING", "ITALIC", "LINK", "QUOTE", "MarkdownView", "is_markdown", "markdown_view"]

HEADING, QUOTE = "heading", "quote"
BULLET, QUOTE_BAR, RULE = "•", "│", "─"
SUFFIXES = MARKDOWN_SUFFIXES
MEDIA_TYPE = "text/markdown"


@dataclass(frozen=True, slots=True)
class MarkdownView:
    hidden: tuple[tuple[int, int], ...]  # sorted, disjoint, non-empty
    styles: tuple[tuple[int, int, str], ...]  # (start, end, kind), sorted; they may nest
    marks: tuple[tuple[int, str], ...]  # (offset, character shown there), never in hidden text


def is_markdown(path: str) -> bool:
    """Whether an article path is Markdown: a `.md` file; a URL whose stored copy is text served
    as text/markdown or named `.md` (not a page, whose text is extracted from its HTML)."""
    if not is_url(path):
        return path.lower().endswith(SUFFIXES)
    from reader.ingest.fetch import FetchError, stored  # only URLs need the fetched copies

    try:
        copy = stored(path)
        named = urlsplit(path).path.lower().endswith(SUFFIXES)
    except (FetchError, OSError, ValueError):
        return False
    if copy is None or copy.format is not formats.TEXT:
        return False
    return named or copy.media_type.lower() == MEDIA_TYPE


_QUOTE = re.compile(r" {0,3}> ?")
_FENCE_OPEN = re.compile(r" *(`{3,}|~{3,})(.*)")
_FENCE_CLOSE = re.compile(r" *(`{3,}|~{3,}) *$")
_ATX = re.compile(r" {0,3}(#{1,6})(?= |$) *")
_SETEXT = re.compile(r" {0,3}(?:=+|-+) *$")
_BREAK = re.compile(r" {0,3}([-*_])(?: *\1){2,} *$")
_ITEM = re.compile(r" *([-*+]|\d{1,9}[.)])(?: +|$)")
_DEFINITION = re.compile(
    r" {0,3}\[(?!\^)((?:[^\[\]\\\n]|\\.){1,999})\]: *(?:<[^<>\n]*>|\S+)"
    r"(?: +(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))? *$"
)
_BLANK = re.compile(r" *$")


def markdown_view(text: str, start: int = 0) -> MarkdownView:
    """The Markdown syntax of `text` from `start` (front matter before it is not Markdown)."""
    scanner = _Scanner(text)
    scanner.blocks(max(0, min(start, len(text))))
    for ranges in scanner.scopes:
        scanner.inline(ranges)
    return scanner.view()


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.hidden: list[tuple[int, int]] = []
        self.styles: list[tuple[int, int, str]] = []
        self.marks: list[tuple[int, str]] = []
        # The runs of inline text (one range per line), each scanned for inline syntax once the
        # whole file is read: a reference link may come before its definition.
        self.scopes: list[list[tuple[int, int]]] = []
        self.labels: set[str] = set()

    # ------------------------------------------------------------ blocks

    def blocks(self, position: int) -> None:
        text = self.text
        length = len(text)
        fence: tuple[str, int, int] | None = None  # its character, length and quote depth
        scope: list[tuple[int, int]] | None = None  # the inline text being gathered
        paragraph = False  # that text is a paragraph (a setext underline may follow it)
        while True:
            newline = text.find("\n", position)
            end = length if newline < 0 else newline
            after = end if newline < 0 else newline + 1
            # In a fence, a `>` beyond the fence's own quote depth is code.
            depth, content = self._quote(position, end, 99 if fence is None else fence[2])
            if fence is not None:
                if depth == fence[2]:
                    close = _FENCE_CLOSE.match(text, content, end)
                    if close and close.group(1)[0] == fence[0] and len(close.group(1)) >= fence[1]:
                        self.hidden.append((position, after))
                        fence = None
                    elif content < end:
                        self.styles.append((content, end, CODE))
                    if newline < 0:
                        break
                    position = after
                    continue
                fence = None  # its quote ended, and the fence with it
            continued = False
            if _BLANK.match(text, content, end):
                pass
            elif (match := _FENCE_OPEN.match(text, content, end)) and not (
                match.group(1)[0] == "`" and "`" in match.group(2)
            ):
                self.hidden.append((position, after))
                fence = (match.group(1)[0], len(match.group(1)), depth)
            elif paragraph and scope is not None and _SETEXT.match(text, content, end):
                self.hidden.append((position, after))
                self.styles.extend((a, b, HEADING) for a, b in scope)
            elif _BREAK.match(text, content, end):
                self.marks.extend((i, RULE) for i in range(content, end) if text[i] in "-*_")
            elif match := _ATX.match(text, content, end):
                self._heading(content, match.end(), end)
            elif scope is None and (match := _DEFINITION.match(text, content, end)):
                self.labels.add(normal_label(match.group(1)))
                self.hidden.append((position, after))
            elif match := _ITEM.match(text, content, end):
                if match.group(1) in "-*+":
                    self.marks.append((match.start(1), BULLET))
                if scope is not None:
                    self.scopes.append(scope)
                scope, paragraph, continued = [(match.end(), end)], False, True
            elif scope is not None:
                scope.append((content, end))
                continued = True
            else:
                scope, paragraph, continued = [(content, end)], True, True
            if not continued and scope is not None:
                self.scopes.append(scope)
                scope, paragraph = None, False
            if newline < 0:
                break
            position = after
        if scope is not None:
            self.scopes.append(scope)

    def _quote(self, start: int, end: int, limit: int) -> tuple[int, int]:
        """The quote markers at the start of a line: how many, and where the line's content starts."""
        depth, position = 0, start
        while depth < limit and (match := _QUOTE.match(self.text, position, end)):
            bar = self.text.index(">", position, match.end())
            if depth == 0:
                self.styles.append((bar, end, QUOTE))
            self.marks.append((bar, QUOTE_BAR))
            depth, position = depth + 1, match.end()
        return depth, position

    def _heading(self, start: int, content: int, end: int) -> None:
        text = self.text
        stop = end
        while stop > content and text[stop - 1] == " ":
            stop -= 1
        hashes = stop
        while hashes > content and text[hashes - 1] == "#":
            hashes -= 1
        if hashes < stop and (hashes == content or text[hashes - 1] == " "):  # a closing sequence
            while hashes > content and text[hashes - 1] == " ":
                hashes -= 1
            self.hidden.append((hashes, end))
            stop = hashes
        self.hidden.append((start, content))
        if stop > content:
            self.styles.append((content, stop, HEADING))
            self.scopes.append([(content, stop)])

    # ------------------------------------------------------------ inline

    def inline(self, ranges: list[tuple[int, int]]) -> None:
        text = self.text
        if not any(has_syntax(text, a, b) for a, b in ranges):  # most lines of prose
            return
        if len(ranges) == 1:
            base = ranges[0][0]
            subject = text[base : ranges[0][1]]
            starts, bases = [0], [base]
        else:
            # The lines of a paragraph, joined by newlines: the offsets of each line are kept.
            starts, bases, pieces, at = [], [], [], 0
            for a, b in ranges:
                starts.append(at)
                bases.append(a)
                pieces.append(text[a:b])
                at += b - a + 1
            subject = "\n".join(pieces)
        hidden, styles = scan_inline(subject, self.labels)

        def file(offset: int) -> int:
            index = bisect.bisect_right(starts, offset) - 1
            return bases[index] + offset - starts[index]

        def file_end(offset: int) -> int:
            return file(offset - 1) + 1 if offset > 0 else file(0)

        self.hidden.extend((file(a), file_end(b)) for a, b in hidden if b > a)
        self.styles.extend((file(a), file_end(b), kind) for a, b, kind in styles if b > a)

    # ------------------------------------------------------------ result

    def view(self) -> MarkdownView:
        length = len(self.text)
        merged: list[tuple[int, int]] = []
        for a, b in sorted(self.hidden):
            a, b = max(0, min(a, length)), max(0, min(b, length))
            if b <= a:
                continue
            if merged and a <= merged[-1][1]:
                if b > merged[-1][1]:
                    merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        starts = [a for a, _ in merged]

        def shown(offset: int) -> bool:
            index = bisect.bisect_right(starts, offset) - 1
            return index < 0 or offset >= merged[index][1]

        styles = sorted((max(0, a), min(b, length), kind) for a, b, kind in self.styles if min(b, length) > max(0, a))
        marks = sorted({(o, c) for o, c in self.marks if 0 <= o < length and shown(o)})
        return MarkdownView(tuple(merged), tuple(styles), tuple(marks))
