"""Inline Markdown: which characters of one paragraph (or heading, or list item) are syntax.

CommonMark's rules where they matter for prose: code spans before everything else, backslash
escapes, autolinks, links and images (inline, or by a reference defined in the file), and
emphasis by delimiter runs, so that `snake_case` is no emphasis and `2 * 3 * 4` is arithmetic.
Offsets are into the paragraph's text as given.
"""

from __future__ import annotations

import re
import string
import unicodedata
from functools import lru_cache

BOLD, ITALIC, CODE, LINK = "bold", "italic", "code", "link"

_SPECIAL = re.compile(r"[\\`<\[\]!*_]")
_RUNS = {"*": re.compile(r"\*+"), "_": re.compile(r"_+"), "`": re.compile(r"`+")}
_AUTOLINK = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*"
    r"|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*)>"
)
_ESCAPABLE = frozenset(string.punctuation)
_MAX_LABEL = 999
_MAX_PARENS = 32


def scan_inline(subject: str, labels: set[str]) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """The hidden ranges and the styled ranges (start, end, kind) of `subject`; `labels` are the
    reference labels defined in the file, as `normal_label` gives them."""
    hidden: list[tuple[int, int]] = []
    styles: list[tuple[int, int, str]] = []
    _Inline(subject, labels, hidden, styles).scan()
    return hidden, styles


def has_syntax(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] has a character that may be inline syntax."""
    return _SPECIAL.search(text, start, end) is not None


def normal_label(label: str) -> str:
    return " ".join(label.split()).casefold()


@lru_cache(maxsize=64)
def _closing_ticks(length: int) -> re.Pattern[str]:
    return re.compile(rf"(?<!`)`{{{length}}}(?!`)")


def _char_class(char: str) -> int:
    """1 for white space (and the ends of the text), 2 for punctuation or symbols, 0 otherwise."""
    if char.isspace():
        return 1
    return 2 if unicodedata.category(char)[0] in "PS" else 0


class _Delimiter:
    """A run of `*` or `_`; what is left of it is [low, high): an opener uses its right end, a closer its left."""

    __slots__ = ("char", "low", "high", "length", "can_open", "can_close")

    def __init__(self, char: str, low: int, high: int, can_open: bool, can_close: bool) -> None:
        self.char, self.low, self.high, self.length = char, low, high, high - low
        self.can_open, self.can_close = can_open, can_close


class _Bracket:
    __slots__ = ("start", "end", "image", "delimiters", "active")

    def __init__(self, start: int, end: int, image: bool, delimiters: int) -> None:
        self.start, self.end, self.image, self.delimiters, self.active = start, end, image, delimiters, True


class _Inline:
    """One run of inline text: code spans, escapes, autolinks, links and images, emphasis."""

    def __init__(
        self, subject: str, labels: set[str], hidden: list[tuple[int, int]], styles: list[tuple[int, int, str]]
    ) -> None:
        self.s = subject
        self.labels = labels
        self.hidden = hidden
        self.styles = styles
        self.delimiters: list[_Delimiter] = []
        self.brackets: list[_Bracket] = []
        self.no_closer: dict[int, int] = {}  # backtick run length → from where none closes it

    def scan(self) -> None:
        s = self.s
        length = len(s)
        position = 0
        while (match := _SPECIAL.search(s, position)) is not None:
            i = match.start()
            char = s[i]
            if char == "\\":
                following = s[i + 1] if i + 1 < length else ""
                if following in _ESCAPABLE or following == "\n":  # an escape, or a hard line break
                    self.hidden.append((i, i + 1))
                    position = i + 2 if following in _ESCAPABLE else i + 1
                else:
                    position = i + 1
            elif char == "`":
                position = self._code(i)
            elif char == "<":
                link = _AUTOLINK.match(s, i)
                if link:
                    self.hidden.extend(((i, i + 1), (link.end() - 1, link.end())))
                    self.styles.append((i + 1, link.end() - 1, LINK))
                    position = link.end()
                else:
                    position = i + 1
            elif char == "!":
                if i + 1 < length and s[i + 1] == "[":
                    self.brackets.append(_Bracket(i, i + 2, True, len(self.delimiters)))
                    position = i + 2
                else:
                    position = i + 1
            elif char == "[":
                self.brackets.append(_Bracket(i, i + 1, False, len(self.delimiters)))
                position = i + 1
            elif char == "]":
                position = self._close_bracket(i)
            else:
                position = self._run(char, i)
        self._emphasis(self.delimiters)

    def _code(self, i: int) -> int:
        s = self.s
        run = _RUNS["`"].match(s, i)
        assert run is not None
        ticks = run.end() - i
        if self.no_closer.get(ticks, len(s) + 1) <= run.end():
            return run.end()
        close = _closing_ticks(ticks).search(s, run.end())
        if close is None:
            self.no_closer[ticks] = run.end()
            return run.end()
        self.hidden.extend(((i, run.end()), (close.start(), close.end())))
        self.styles.append((run.end(), close.start(), CODE))
        return close.end()

    def _run(self, char: str, i: int) -> int:
        s = self.s
        run = _RUNS[char].match(s, i)
        assert run is not None
        j = run.end()
        before = _char_class(s[i - 1]) if i > 0 else 1
        after = _char_class(s[j]) if j < len(s) else 1
        left = after != 1 and (after != 2 or before != 0)
        right = before != 1 and (before != 2 or after != 0)
        if char == "*":
            can_open, can_close = left, right
        else:  # `_` inside a word (snake_case) neither opens nor closes
            can_open = left and (not right or before == 2)
            can_close = right and (not left or after == 2)
        if can_open or can_close:
            self.delimiters.append(_Delimiter(char, i, j, can_open, can_close))
        return j

    def _close_bracket(self, i: int) -> int:
        if not self.brackets:
            return i + 1
        opener = self.brackets[-1]
        end = self._link_end(i, opener) if opener.active else -1
        self.brackets.pop()
        if end < 0:
            return i + 1
        self.hidden.extend(((opener.start, opener.end), (i, end)))
        self.styles.append((opener.end, i, LINK))
        inside = self.delimiters[opener.delimiters :]
        del self.delimiters[opener.delimiters :]
        self._emphasis(inside)
        if not opener.image:  # no link inside a link
            for bracket in self.brackets:
                if not bracket.image:
                    bracket.active = False
        return end

    def _link_end(self, i: int, opener: _Bracket) -> int:
        """Where the link whose text ends at `i` (a `]`) ends, or -1 when it is no link."""
        s = self.s
        j = i + 1
        if j < len(s) and s[j] == "(":
            end = self._inline_tail(j)
            if end >= 0:
                return end
        if j < len(s) and s[j] == "[":
            close = s.find("]", j + 1, j + 2 + _MAX_LABEL)
            if close >= 0 and "[" not in s[j + 1 : close]:
                label = s[j + 1 : close] if close > j + 1 else s[opener.end : i]
                return close + 1 if normal_label(label) in self.labels else -1
        if self.labels and i - opener.end <= _MAX_LABEL and normal_label(s[opener.end : i]) in self.labels:
            return j
        return -1

    def _inline_tail(self, j: int) -> int:
        """The end of `(destination "title")` starting at `j`, or -1."""
        s = self.s
        length = len(s)
        p = self._space(j + 1)
        if p < length and s[p] == "<":
            q = p + 1
            while q < length and s[q] not in "<>\n":
                q += 2 if s[q] == "\\" else 1
            if q >= length or s[q] != ">":
                return -1
            p = q + 1
        else:
            depth, q = 0, p
            while q < length:
                char = s[q]
                if char == "\\" and q + 1 < length and s[q + 1] in _ESCAPABLE:
                    q += 2
                    continue
                if char.isspace():
                    break
                if char == "(":
                    depth += 1
                    if depth > _MAX_PARENS:
                        return -1
                elif char == ")":
                    if depth == 0:
                        break
                    depth -= 1
                q += 1
            if depth:
                return -1
            p = q
        t = self._space(p)
        if t > p and t < length and s[t] in "\"'(":
            close = ")" if s[t] == "(" else s[t]
            q = t + 1
            while q < length and s[q] != close:
                if s[q] == "\\":
                    q += 1
                elif close == ")" and s[q] == "(":
                    return -1
                q += 1
            if q >= length:
                return -1
            t = self._space(q + 1)
        return t + 1 if t < length and s[t] == ")" else -1

    def _space(self, p: int) -> int:
        """Past spaces and at most one line break."""
        s = self.s
        newline = False
        while p < len(s) and (s[p] == " " or (s[p] == "\n" and not newline)):
            newline = newline or s[p] == "\n"
            p += 1
        return p

    def _emphasis(self, delimiters: list[_Delimiter]) -> None:
        """CommonMark's "process emphasis", over a doubly linked list of the delimiter runs."""
        count = len(delimiters)
        if count < 2:
            return
        previous = list(range(-1, count - 1))
        following = list(range(1, count + 1))

        def unlink(index: int) -> None:
            before, after = previous[index], following[index]
            if before >= 0:
                following[before] = after
            if after < count:
                previous[after] = before

        # The lowest opener worth looking back to, by the kind of closer: it keeps this linear.
        bottoms: dict[tuple[str, bool, int], int] = {}
        closer_index = 0
        while closer_index < count:
            closer = delimiters[closer_index]
            if not closer.can_close:
                closer_index = following[closer_index]
                continue
            key = (closer.char, closer.can_open, closer.length % 3)
            floor = bottoms.get(key, -1)
            opener_index = previous[closer_index]
            opener = None
            while opener_index > floor:
                candidate = delimiters[opener_index]
                if candidate.can_open and candidate.char == closer.char:
                    # The rule of three: `*foo**bar*` is not `*foo*` then `*bar*`.
                    odd = (
                        (closer.can_open or candidate.can_close)
                        and closer.length % 3 != 0
                        and (candidate.length + closer.length) % 3 == 0
                    )
                    if not odd:
                        opener = candidate
                        break
                opener_index = previous[opener_index]
            if opener is None:
                bottoms[key] = previous[closer_index]
                after = following[closer_index]
                if not closer.can_open:
                    unlink(closer_index)
                closer_index = after
                continue
            use = 2 if closer.high - closer.low >= 2 and opener.high - opener.low >= 2 else 1
            content_start, content_end = opener.high, closer.low
            opener.high -= use
            closer.low += use
            self.hidden.extend(((opener.high, content_start), (content_end, closer.low)))
            self.styles.append((content_start, content_end, BOLD if use == 2 else ITALIC))
            following[opener_index] = closer_index  # the runs between are text now
            previous[closer_index] = opener_index
            if opener.high == opener.low:
                unlink(opener_index)
            if closer.high == closer.low:
                after = following[closer_index]
                unlink(closer_index)
                closer_index = after
