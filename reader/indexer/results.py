"""What an indexing run gives: the corpus, counts and timings of the run, and notices."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.corpus.corpus import Corpus


@dataclass(slots=True)
class IndexStats:
    files: int = 0  # article files found
    articles: int = 0  # of which readable
    cached: int = 0  # restored from the cache without recognition
    extracted: int = 0  # recognised now
    problems: int = 0
    mentions: int = 0
    entities: int = 0
    words: int = 0
    bytes: int = 0
    workers: int = 1
    seconds: float = 0.0
    extract_seconds: float = 0.0  # reading and recognising (the pool's time)
    link_seconds: float = 0.0

    def line(self) -> str:
        return (
            f"{self.articles} files ({self.cached} cached, {self.extracted} read), {self.words} words, "
            f"{self.mentions} mentions, {self.entities} entities, {self.problems} skipped, {self.seconds:.2f} s"
        )


@dataclass(slots=True)
class Indexed:
    corpus: Corpus
    stats: IndexStats
    notices: list[str] = field(default_factory=list)  # one line each: cache trouble, corrections ignored
