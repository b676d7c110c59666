"""Score summit references against the summit gold (tests/gold/SUMMITS.md).

    python -m reader.corpus.summit_evaluation tests/gold/summits.jsonl tests/gold/seeds_summits.jsonl

Each gold file is one corpus (its documents recognised and linked together). A gold reference
is *found* by an engine mention that overlaps its span (gold spans include premodifiers such as
"two-day"; the engine may take the head noun alone). Per gold summit (series):

- *reach*: the share of its gold references that `n` visits, i.e. found by a mention of the one
  engine entity most of its found references are linked to (its majority);
- *stops*: of that engine entity's mentions in the gold documents, the share that lie on a gold
  reference of this summit (a mention on no gold span, such as "the meeting with Putin", or on
  another summit's span, is a wrong stop);
- *instances*: of its references that `n` visits, the share whose engine instance is the gold
  meeting: the same year and place after the series name ("SCO summit 2024 Astana"), or no
  instance where the gold has none.

Then: the gold references that must stay unlinked (`"entity": null`) but were linked, and any
two distinct gold meetings that share one engine instance (merged).
"""

from __future__ import annotations

import json
import sys
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from reader.corpus.corpus import Corpus
from reader.entities.model import Mention
from reader.entities.normalize import identity_key


@dataclass
class SummitScore:
    references: int = 0
    reached: int = 0
    stops: int = 0
    stops_right: int = 0
    instances_right: int = 0
    engine_entity: str = ""

    @property
    def reach(self) -> float:
        return self.reached / self.references if self.references else 0.0

    @property
    def stops_share(self) -> float:
        return self.stops_right / self.stops if self.stops else 1.0

    @property
    def instance_share(self) -> float:
        return self.instances_right / self.reached if self.reached else 0.0


@dataclass
class Report:
    summits: dict[str, SummitScore] = field(default_factory=dict)
    null_linked: list[str] = field(default_factory=list)
    merged: list[tuple[str, str, str]] = field(default_factory=list)  # engine instance, gold a, gold b

    def pooled(self) -> SummitScore:
        total = SummitScore()
        for s in self.summits.values():
            total.references += s.references
            total.reached += s.reached
            total.stops += s.stops
            total.stops_right += s.stops_right
            total.instances_right += s.instances_right
        return total


def read_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _meeting(instance: str, series: str) -> str:
    """The year and place of an instance, as an identity key ("" for none)."""
    if not instance:
        return ""
    rest = instance[len(series) :] if instance.startswith(series) else instance
    return identity_key(rest.replace("-", " "))


def _overlapping(mentions: list[Mention], starts: list[int], start: int, end: int) -> Mention | None:
    """The EVENT mention overlapping [start, end) (a summit mention is an EVENT)."""
    at = bisect_right(starts, end - 1) - 1
    while at >= 0 and mentions[at].end > start - 200:
        m = mentions[at]
        if m.start < end and start < m.end and m.type == "EVENT":
            return m
        at -= 1
    return None


def evaluate(gold_rows: list[dict], corpus: Corpus | None = None) -> Report:
    docs = list(dict.fromkeys(row["doc"] for row in gold_rows))
    corpus = corpus or Corpus.load(docs)
    index_of = {article.path: i for i, article in enumerate(corpus.articles)}
    starts = {i: [m.start for m in corpus.mentions[i]] for i in index_of.values()}
    report = Report()
    found: dict[int, Mention | None] = {}
    for n, row in enumerate(gold_rows):
        article = index_of.get(row["doc"])
        found[n] = (
            None
            if article is None
            else _overlapping(corpus.mentions[article], starts[article], row["start"], row["end"])
        )
    by_summit: dict[str, list[int]] = defaultdict(list)
    for n, row in enumerate(gold_rows):
        if row["entity"] is None:
            m = found[n]
            if m is not None and m.type == "EVENT" and m.entity:
                report.null_linked.append(f"{row['doc']}:{row['start']} {row['text']!r} → {m.entity}")
            continue
        by_summit[row["entity"]].append(n)
    # Which gold reference each engine mention lies on.
    on_gold: dict[int, str | None] = {}
    for n, row in enumerate(gold_rows):
        m = found[n]
        if m is not None:
            on_gold[id(m)] = row["entity"]
    engine_instances: dict[str, set[str]] = defaultdict(set)
    for summit, rows in by_summit.items():
        score = report.summits[summit] = SummitScore(references=len(rows))
        linked = Counter(found[n].entity for n in rows if found[n] is not None)  # type: ignore[union-attr]
        if not linked:
            continue
        majority = max(linked.items(), key=lambda kv: kv[1])[0]
        score.engine_entity = majority
        for n in rows:
            m = found[n]
            if m is None or m.entity != majority:
                continue
            score.reached += 1
            gold_instance = gold_rows[n]["instance"] or ""
            if _meeting(m.instance, m.entity) == _meeting(gold_instance, summit):
                score.instances_right += 1
            if m.instance and gold_instance:
                engine_instances[m.instance].add(gold_instance)
        for doc in docs:
            article = index_of.get(doc)
            if article is None:
                continue
            for m in corpus.mentions[article]:
                if m.entity == majority:
                    score.stops += 1
                    score.stops_right += on_gold.get(id(m)) == summit
    for instance, golds in sorted(engine_instances.items()):
        ordered = sorted(golds)
        for a, b in zip(ordered, ordered[1:], strict=False):
            report.merged.append((instance, a, b))
    return report


def format_report(name: str, report: Report) -> str:
    lines = [f"== {name}", f"{'summit':<46} {'refs':>4}  {'reach':>6}  {'stops':>6}  {'inst':>6}  engine entity"]
    for summit in sorted(report.summits):
        s = report.summits[summit]
        lines.append(
            f"{summit:<46} {s.references:>4}  {s.reach:6.3f}  {s.stops_share:6.3f}  {s.instance_share:6.3f}  "
            f"{s.engine_entity or '-'} ({s.reached}/{s.references}, stops {s.stops_right}/{s.stops})"
        )
    total = report.pooled()
    lines.append(
        f"{'(pooled)':<46} {total.references:>4}  {total.reach:6.3f}  {total.stops_share:6.3f}  "
        f"{total.instance_share:6.3f}"
    )
    lines.append(f"null references linked: {len(report.null_linked)}")
    lines += ["  " + x for x in report.null_linked]
    lines.append(f"distinct meetings merged: {len(report.merged)}")
    lines += [f"  {i}: {a} + {b}" for i, a, b in report.merged]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for name in argv:
        print(format_report(Path(name).stem, evaluate(read_gold(Path(name)))))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
