"""The article model: one article's metadata always, its text on demand, and why a file was skipped.

Offsets everywhere refer to `Article.text`, the decoded file text with any BOM removed.
`Article.safe` is the same text with terminal-active characters replaced one for one, so
the same offsets apply to it; everything that is displayed comes from `safe`.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.ingest.sanitize import safe_name, safe_text


class ArticleError(Exception):
    """A file that cannot be read as an article; the message is the reason."""


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that was skipped, and why, for a one-line message."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{safe_name(self.path)}: {safe_name(self.reason)}"


class Article:
    """One article: metadata always, text on demand.

    Articles built from a file carry their text. Articles restored from the index cache carry
    only what the list and the entity table need; their text is read from the file the first
    time `text` or `safe` is asked for (opening the article, a search snippet).
    """

    __slots__ = (
        "path",
        "_text",
        "_safe",
        "title",
        "source",
        "date",
        "url",
        "encoding",
        "debris",
        "body_start",
        "title_span",
        "size",
        "words",
        "stale",
    )

    def __init__(
        self,
        path: str,
        text: str | None,
        safe: str | None,
        title: str,
        source: str,
        date: str = "",
        url: str = "",
        encoding: str = "utf-8",
        debris: tuple[tuple[int, int], ...] = (),
        body_start: int = 0,
        title_span: tuple[int, int] = (0, 0),
        size: int = 0,
        words: int | None = None,
    ) -> None:
        self.path = path
        self._text = text
        self._safe = safe
        self.title = title
        self.source = source
        self.date = date
        self.url = url
        self.encoding = encoding
        # Character ranges that are page furniture: hidden when reading, never deleted.
        self.debris = debris
        # Where the front matter ends (0 when there is none); it is shown only in raw view.
        self.body_start = body_start
        self.title_span = title_span
        self.size = size
        self.words = len(text.split()) if words is None and text is not None else (words or 0)
        # The text read is not the one the mentions were found in (the file changed or went away
        # since it was indexed): its mentions do not apply until the file is indexed again.
        self.stale = False

    def __repr__(self) -> str:
        return f"Article(path={self.path!r}, title={self.title!r})"

    def _load(self) -> tuple[str, str]:
        from reader.ingest.read import load_article, read_text_again  # the model does not depend on the reader of files

        if self.size:
            # Unchanged since it was indexed: its title, debris and front matter are known.
            again = read_text_again(self.path, self.size)
            if again is not None:
                self._text, self._safe = again
                return again
        try:
            fresh = load_article(self.path)
        except ArticleError as exc:
            # The file went away or cannot be read since it was indexed: say so in place of the
            # text. The debris and title ranges described the old text; none applies to this one.
            text = f"{self.title}\n\n(This article could not be read again: {exc}.)"
            self._text, self._safe = text, safe_text(text)
            self.debris, self.body_start, self.title_span = (), 0, (0, len(self.title))
            self.stale = True
            return self._text, self._safe
        if self.size and fresh.size != self.size:
            # Changed since it was indexed (edited, replaced): show what the file holds now, with
            # its own title, debris and word count.
            self.title, self.debris, self.body_start = fresh.title, fresh.debris, fresh.body_start
            self.title_span, self.words, self.size = fresh.title_span, fresh.words, fresh.size
            self.stale = True
        self._text, self._safe = fresh.text, fresh.safe
        return self._text, self._safe

    @property
    def text(self) -> str:
        if self._text is None:
            return self._load()[0]
        return self._text

    @property
    def safe(self) -> str:
        if self._safe is None:
            return self._load()[1]
        return self._safe

    @property
    def recognisable(self) -> str:
        """The safe text with its front matter blanked, one space per character (newlines kept):
        recognition never sees `source: Washington Post` or a `title:` line as article text, and
        every offset stays where it was."""
        safe = self.safe
        if not self.body_start:
            return safe
        head = "".join(char if char == "\n" else " " for char in safe[: self.body_start])
        return head + safe[self.body_start :]

    @property
    def loaded(self) -> bool:
        return self._text is not None

    @property
    def display_path(self) -> str:
        return safe_name(self.path)


@dataclass(slots=True)
class Metadata:
    title: str = ""
    source: str = ""
    date: str = ""
    url: str = ""

    def merged_over(self, other: Metadata) -> Metadata:
        """Fields of self where set, else other's."""
        return Metadata(
            title=self.title or other.title,
            source=self.source or other.source,
            date=self.date or other.date,
            url=self.url or other.url,
        )
