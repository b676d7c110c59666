"""Score the engine against hand-made gold annotations (JSON Lines, as `reader entities --json`).

    python -m reader.corpus.evaluation tests/gold/seeds.jsonl tests/gold/unseen.jsonl ...

For each gold file: mention precision / recall / F1 (exact span and type), the same for spans
alone, and *jump accuracy*: from every mention that the engine found with the right span,
pressing `n` (next mention of the same entity, across articles, wrapping) lands on a mention
that the gold gives the same entity. Paths in `doc` are relative to the working folder.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from reader.corpus.corpus import Corpus


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    exact: int = 0  # span and type
    span: int = 0  # span only
    jumps: int = 0
    jumps_right: int = 0

    def prf(self, hits: int) -> tuple[float, float, float]:
        precision = hits / self.predicted if self.predicted else 0.0
        recall = hits / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def row(self, name: str) -> str:
        p, r, f = self.prf(self.exact)
        sp, sr, sf = self.prf(self.span)
        jump = self.jumps_right / self.jumps if self.jumps else 0.0
        return (
            f"{name:<22} {self.gold:>5} {self.predicted:>5}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}   "
            f"span F1 {sf:.3f}   jump {jump:.3f} ({self.jumps_right}/{self.jumps})"
        )


def read_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(gold_rows: list[dict], corpus: Corpus | None = None) -> Score:
    docs = list(dict.fromkeys(row["doc"] for row in gold_rows))
    corpus = corpus or Corpus.load(docs)
    index_of = {article.path: i for i, article in enumerate(corpus.articles)}
    score = Score(gold=len(gold_rows))
    gold_by_span = {(row["doc"], row["start"], row["end"]): row for row in gold_rows}
    for doc in docs:
        article = index_of.get(doc)
        if article is None:
            continue
        for mention in corpus.mentions[article]:
            score.predicted += 1
            row = gold_by_span.get((doc, mention.start, mention.end))
            if row is None:
                continue
            score.span += 1
            score.exact += row["type"] == mention.type
            following = corpus.step(mention.entity, article, mention.start)
            if following is None or (following.article, following.index) == (
                article,
                corpus.mentions[article].index(mention),
            ):
                continue  # the only mention of its entity: `n` stays put, nothing to judge
            score.jumps += 1
            landed = gold_by_span.get(
                (corpus.articles[following.article].path, following.mention.start, following.mention.end)
            )
            score.jumps_right += landed is not None and landed["entity"] == row["entity"]
    return score


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    print(f"{'gold file':<22} {'gold':>5} {'found':>5}")
    for name in argv:
        print(evaluate(read_gold(Path(name))).row(Path(name).stem))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
