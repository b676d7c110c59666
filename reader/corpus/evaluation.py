"""Score the engine against hand-made gold annotations (JSON Lines, as `reader entities --json`).

    python -m reader.corpus.evaluation tests/gold/seeds.jsonl tests/gold/unseen.jsonl ...
    python -m reader.corpus.evaluation --markdown tests/gold/*_test.jsonl tests/gold/unseen.jsonl

Each gold file is one corpus (its documents recognised and linked together). For each:

- *typed* precision / recall / F1: a mention counts when its span and its type are the gold's;
- *mention* (span) F1: the span alone;
- the same P / R / F1 per type (a gold mention of that type, a found mention of that type);
- *coverage* of `n`: for each gold entity with two or more gold mentions, the share of its gold
  mentions that `n` visits, i.e. that were found with the right span and linked to the one
  engine entity that most of its found mentions were linked to; averaged over those entities;
- *stops right*: for each engine entity with two or more mentions, its mentions that lie on a
  gold span (the stops of a walk with `n`) and, of those, the share whose gold entity is the
  one most of them have; pooled over the stops of all such entities;
- *jump*: from every mention found with the right span, pressing `n` (next mention of the same
  entity, across articles, wrapping) lands on a mention that the gold gives the same entity.

With several files, a last row pools them (counts added; coverage and stops over all their
entities, each file's entities its own). Paths in `doc` are relative to the working folder.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from reader.corpus.corpus import Corpus
from reader.entities.model import ENTITY_TYPES


def _prf(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    exact: int = 0  # span and type
    span: int = 0  # span only
    jumps: int = 0
    jumps_right: int = 0
    # Per type: gold mentions, found mentions, found with the right span and type.
    type_gold: Counter = field(default_factory=Counter)
    type_predicted: Counter = field(default_factory=Counter)
    type_exact: Counter = field(default_factory=Counter)
    # Coverage of `n`: one share per gold entity with 2+ gold mentions.
    coverage_shares: list[float] = field(default_factory=list)
    stops: int = 0
    stops_right: int = 0

    def prf(self, hits: int) -> tuple[float, float, float]:
        return _prf(hits, self.predicted, self.gold)

    def type_prf(self, kind: str) -> tuple[float, float, float]:
        return _prf(self.type_exact[kind], self.type_predicted[kind], self.type_gold[kind])

    @property
    def coverage(self) -> float:
        return sum(self.coverage_shares) / len(self.coverage_shares) if self.coverage_shares else 0.0

    @property
    def stops_share(self) -> float:
        return self.stops_right / self.stops if self.stops else 0.0

    def add(self, other: Score) -> None:
        """Pool another file's counts into this one."""
        for name in ("gold", "predicted", "exact", "span", "jumps", "jumps_right", "stops", "stops_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.type_gold.update(other.type_gold)
        self.type_predicted.update(other.type_predicted)
        self.type_exact.update(other.type_exact)
        self.coverage_shares.extend(other.coverage_shares)

    def row(self, name: str) -> str:
        p, r, f = self.prf(self.exact)
        sp, sr, sf = self.prf(self.span)
        jump = self.jumps_right / self.jumps if self.jumps else 0.0
        return (
            f"{name:<22} {self.gold:>5} {self.predicted:>5}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}   "
            f"span F1 {sf:.3f}   jump {jump:.3f} ({self.jumps_right}/{self.jumps})   "
            f"coverage {self.coverage:.3f} ({len(self.coverage_shares)})   "
            f"stops {self.stops_share:.3f} ({self.stops_right}/{self.stops})"
        )

    def type_row(self) -> str:
        parts = []
        for kind in ENTITY_TYPES:
            if self.type_gold[kind] or self.type_predicted[kind]:
                p, r, f = self.type_prf(kind)
                parts.append(f"{kind} {f:.3f} (P {p:.2f} R {r:.2f}, {self.type_gold[kind]})")
        return "    " + "  ".join(parts)


def read_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _majority(counts: Counter) -> str | None:
    # Most common; ties go to the first counted (corpus order), which Counter keeps.
    return max(counts.items(), key=lambda kv: kv[1])[0] if counts else None


def evaluate(gold_rows: list[dict], corpus: Corpus | None = None) -> Score:
    docs = list(dict.fromkeys(row["doc"] for row in gold_rows))
    corpus = corpus or Corpus.load(docs)
    index_of = {article.path: i for i, article in enumerate(corpus.articles)}
    score = Score(gold=len(gold_rows))
    score.type_gold.update(row["type"] for row in gold_rows)
    gold_by_span = {(row["doc"], row["start"], row["end"]): row for row in gold_rows}
    # The engine entity of each gold span found with the right span.
    found_entity: dict[tuple[str, int, int], str] = {}
    # Per engine entity: the gold entities of its mentions on gold spans, and how many mentions it has.
    stops_of: dict[str, Counter] = defaultdict(Counter)
    mentions_of: Counter = Counter()
    for doc in docs:
        article = index_of.get(doc)
        if article is None:
            continue
        for mention_index, mention in enumerate(corpus.mentions[article]):
            score.predicted += 1
            score.type_predicted[mention.type] += 1
            mentions_of[mention.entity] += 1
            row = gold_by_span.get((doc, mention.start, mention.end))
            if row is None:
                continue
            score.span += 1
            found_entity[doc, mention.start, mention.end] = mention.entity
            stops_of[mention.entity][row["entity"]] += 1
            if row["type"] == mention.type:
                score.exact += 1
                score.type_exact[mention.type] += 1
            following = corpus.step(mention.entity, article, mention.start)
            if following is None or (following.article, following.index) == (article, mention_index):
                continue  # the only mention of its entity: `n` stays put, nothing to judge
            score.jumps += 1
            landed = gold_by_span.get(
                (corpus.articles[following.article].path, following.mention.start, following.mention.end)
            )
            score.jumps_right += landed is not None and landed["entity"] == row["entity"]
    # Coverage: per gold entity with 2+ mentions, the share of them on its majority engine entity.
    by_gold_entity: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for row in gold_rows:
        by_gold_entity[row["entity"]].append((row["doc"], row["start"], row["end"]))
    for places in by_gold_entity.values():
        if len(places) < 2:
            continue
        linked = Counter(found_entity[p] for p in places if p in found_entity)
        majority = _majority(linked)
        score.coverage_shares.append(linked[majority] / len(places) if majority is not None else 0.0)
    # Stops right: per engine entity with 2+ mentions, its stops on gold spans that are its majority.
    for entity, golds in stops_of.items():
        if mentions_of[entity] < 2:
            continue
        score.stops += sum(golds.values())
        score.stops_right += golds[_majority(golds)]
    return score


def markdown(scores: list[tuple[str, Score]]) -> str:
    lines = [
        "| split | gold | found | P | R | typed F1 | mention F1 | coverage of `n` | stops right | jump |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, s in scores:
        p, r, f = s.prf(s.exact)
        sf = s.prf(s.span)[2]
        jump = s.jumps_right / s.jumps if s.jumps else 0.0
        lines.append(
            f"| {name} | {s.gold} | {s.predicted} | {p:.3f} | {r:.3f} | {f:.3f} | {sf:.3f} | "
            f"{s.coverage:.3f} | {s.stops_share:.3f} | {jump:.3f} |"
        )
    lines += ["", "| split | " + " | ".join(ENTITY_TYPES) + " |", "|---|" + "---|" * len(ENTITY_TYPES)]
    for name, s in scores:
        cells = []
        for kind in ENTITY_TYPES:
            if s.type_gold[kind] or s.type_predicted[kind]:
                p, r, f = s.type_prf(kind)
                cells.append(f"{f:.3f} ({p:.2f}/{r:.2f}, {s.type_gold[kind]})")
            else:
                cells.append("–")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Per type: F1 (P/R, gold mentions).")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    as_markdown = "--markdown" in argv
    names = [a for a in argv if a != "--markdown"]
    if not names:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    scores = [(Path(name).stem, evaluate(read_gold(Path(name)))) for name in names]
    if len(scores) > 1:
        pooled = Score()
        for _, s in scores:
            pooled.add(s)
        scores.append(("together", pooled))
    if as_markdown:
        print(markdown(scores))
        return 0
    print(f"{'gold file':<22} {'gold':>5} {'found':>5}")
    for name, s in scores:
        print(s.row(name))
        print(s.type_row())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
