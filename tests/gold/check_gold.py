"""Check the hand-made gold files in this folder against the texts they annotate.

Reads only the gold JSON Lines files and the article texts; it never imports the reader package.
Run from anywhere:  python tests/gold/check_gold.py  [--markdown]

Checks, for every line: the keys and their types, the type label, that the document exists,
that ``text == content[start:end]`` (content = the file decoded as UTF-8, a BOM stripped),
that spans in one document do not overlap, that spans carry no leading "the"/"The", no
possessive 's/’s and no surrounding whitespace, and that "generic" appears only on EVENT lines.
Prints counts per split and type (and per file with --markdown). Exits 1 on any problem.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

GOLD = Path(__file__).resolve().parent
REPO = GOLD.parent.parent
SPLITS = ["seeds", "wikinews_dev", "wikinews_test", "unseen", "wikinews2_dev", "wikinews2_test", "wikinews3_dev"]
TYPES = ["PERSON", "ORG", "GPE", "LOC", "EVENT", "NORP"]
KEYS = {"doc", "start", "end", "text", "type", "entity"}


def load_text(doc: str) -> str:
    content = (REPO / doc).read_bytes().decode("utf-8")
    return content[1:] if content.startswith("\ufeff") else content


def check() -> int:
    problems: list[str] = []
    per_split: dict[str, Counter] = {}
    per_doc: dict[str, Counter] = defaultdict(Counter)
    texts: dict[str, str] = {}
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for split in SPLITS:
        path = GOLD / f"{split}.jsonl"
        counts: Counter = Counter()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.name}:{n}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: not JSON ({exc})")
                continue
            missing = KEYS - rec.keys()
            extra = rec.keys() - KEYS - {"generic"}
            if missing or extra:
                problems.append(f"{where}: missing {sorted(missing)} / unexpected {sorted(extra)}")
                continue
            if not (isinstance(rec["start"], int) and isinstance(rec["end"], int)):
                problems.append(f"{where}: offsets are not integers")
                continue
            if rec["type"] not in TYPES:
                problems.append(f"{where}: bad type {rec['type']!r}")
            if not isinstance(rec["entity"], str) or not rec["entity"].strip():
                problems.append(f"{where}: empty entity")
            if "generic" in rec and (rec["generic"] is not True or rec["type"] != "EVENT"):
                problems.append(f"{where}: 'generic' must be true and only on EVENT")
            doc = rec["doc"]
            if doc not in texts:
                if not (REPO / doc).is_file():
                    problems.append(f"{where}: no such document {doc}")
                    continue
                texts[doc] = load_text(doc)
            content = texts[doc]
            s, e, t = rec["start"], rec["end"], rec["text"]
            if not (0 <= s < e <= len(content)):
                problems.append(f"{where}: offsets {s}-{e} out of range")
            elif content[s:e] != t:
                problems.append(f"{where}: text {t!r} != content {content[s:e]!r}")
            if t != t.strip():
                problems.append(f"{where}: span has surrounding whitespace: {t!r}")
            if t.startswith(("the ", "The ")):
                problems.append(f"{where}: span starts with a determiner: {t!r}")
            if t.endswith(("'s", "’s")) and rec["type"] != "EVENT":
                problems.append(f"{where}: span keeps a possessive: {t!r}")
            spans[doc].append((s, e, where))
            counts[rec["type"]] += 1
            per_doc[doc][rec["type"]] += 1
            if rec.get("generic"):
                per_doc[doc]["generic"] += 1
        per_split[split] = counts
    for doc, items in spans.items():
        items.sort()
        for (s1, e1, w1), (s2, e2, w2) in zip(items, items[1:]):
            if s2 < e1:
                problems.append(f"overlap in {doc}: {w1} ({s1}-{e1}) and {w2} ({s2}-{e2})")

    header = "| split | " + " | ".join(TYPES) + " | total |"
    print(header)
    print("|" + "---|" * (len(TYPES) + 2))
    grand: Counter = Counter()
    for split in SPLITS:
        c = per_split.get(split, Counter())
        grand.update(c)
        print(f"| {split} | " + " | ".join(str(c[t]) for t in TYPES) + f" | {sum(c.values())} |")
    print("| all | " + " | ".join(str(grand[t]) for t in TYPES) + f" | {sum(grand.values())} |")
    if "--markdown" in sys.argv:
        print()
        print("| file | " + " | ".join(TYPES) + " | total | of which generic |")
        print("|" + "---|" * (len(TYPES) + 3))
        for doc in sorted(per_doc):
            c = per_doc[doc]
            total = sum(c[t] for t in TYPES)
            print(f"| `{doc}` | " + " | ".join(str(c[t]) for t in TYPES) + f" | {total} | {c['generic']} |")
    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    print("\nall lines check out", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(check())
