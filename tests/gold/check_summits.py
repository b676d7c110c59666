"""Check the hand-made summit gold (summits.jsonl, seeds_summits.jsonl) against the texts.

Standard library only; it never imports the reader package and reads nothing under reader/.
Run from anywhere:  python tests/gold/check_summits.py  [--markdown] [--review]

For every line it checks: exactly the keys doc/start/end/text/type/entity/instance/kind and
their types; type "EVENT"; the document exists (summits.jsonl: tests/corpus/summits/, seeds:
seeds/); text == content[start:end] (content = the file decoded as UTF-8, BOM stripped, front
matter included); no surrounding whitespace, no leading determiner, no possessive 's; kind is
named/place/generic/unnamed; an instance is "<entity> <year> <place>"; a null entity has a null
instance and a generic or unnamed kind; lines are sorted by (doc, start) with no overlaps or
duplicates. Consistency of kinds within a document: a "generic" line of entity E needs a named
or place line of E in the same document; an "unnamed" line of E must have none.

It also checks the corpus folder (file names, every article annotated, metadata from front
matter or sources.toml, the README free of words that look like mentions) and the traps table
in SUMMITS.md (each trap's context is in its document and its span overlaps no gold span).

Prints counts per entity and per instance by kind (--markdown: as Markdown tables), and with
--review every occurrence of a summit-like word that no gold span covers. Exits 1 on a problem.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

GOLD = Path(__file__).resolve().parent
REPO = GOLD.parent.parent
CORPUS_DIR = REPO / "tests" / "corpus" / "summits"
FILES = {"summits.jsonl": "tests/corpus/summits/", "seeds_summits.jsonl": "seeds/"}
KEYS = {"doc", "start", "end", "text", "type", "entity", "instance", "kind"}
KINDS = ["named", "place", "generic", "unnamed"]
INSTANCE = re.compile(r"^(?P<series>.+) (?P<year>\d{4}) (?P<place>\S.*)$")
ARTICLE_NAME = re.compile(r"^s\d[a-z]_[a-z0-9_]+\.(md|txt)$")
TRIGGER = re.compile(
    r"summits?|meetings?|gatherings?|forums?|games|olympics|congress(es)?|conferences?"
    r"|events?|sessions?|talks|visits?",
    re.I,
)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# words that would read as a mention if the app opened the folder's README as an article
README_WORDS = re.compile(
    r"\b(summit|meeting|gathering|forum|games|olympics|congress|conference|event|session)\b", re.I
)


def load_text(doc: str) -> str:
    content = (REPO / doc).read_bytes().decode("utf-8")
    return content[1:] if content.startswith("\ufeff") else content


def front_matter(text: str) -> dict[str, str] | None:
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 4)
    if end < 0:
        return None
    fields = {}
    for line in text[4:end].splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip().strip('"').strip("'")
    return fields


class Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.texts: dict[str, str] = {}
        self.records: dict[str, list[dict]] = {}

    def bad(self, msg: str) -> None:
        self.problems.append(msg)

    def text(self, doc: str) -> str | None:
        if doc not in self.texts:
            if not (REPO / doc).is_file():
                return None
            self.texts[doc] = load_text(doc)
        return self.texts[doc]

    # -- the gold lines -------------------------------------------------------------------
    def check_file(self, name: str, prefix: str) -> None:
        path = GOLD / name
        recs: list[dict] = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{name}:{n}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                self.bad(f"{where}: not JSON ({exc})")
                continue
            if not isinstance(rec, dict) or rec.keys() != KEYS:
                got = set(rec) if isinstance(rec, dict) else set()
                self.bad(f"{where}: keys missing {sorted(KEYS - got)} / unexpected {sorted(got - KEYS)}")
                continue
            s, e, t = rec["start"], rec["end"], rec["text"]
            if type(s) is not int or type(e) is not int:
                self.bad(f"{where}: offsets are not integers")
                continue
            if not isinstance(t, str):
                self.bad(f"{where}: text is not a string")
                continue
            if rec["type"] != "EVENT":
                self.bad(f"{where}: type must be EVENT, got {rec['type']!r}")
            ent, inst, kind = rec["entity"], rec["instance"], rec["kind"]
            if ent is not None and (not isinstance(ent, str) or not ent.strip() or ent != ent.strip()):
                self.bad(f"{where}: entity must be a non-empty string or null: {ent!r}")
            if inst is not None and not isinstance(inst, str):
                self.bad(f"{where}: instance must be a string or null: {inst!r}")
            if kind not in KINDS:
                self.bad(f"{where}: kind must be one of {KINDS}: {kind!r}")
            if ent is None:
                if inst is not None:
                    self.bad(f"{where}: null entity with an instance")
                if kind not in ("generic", "unnamed"):
                    self.bad(f"{where}: null entity must be generic or unnamed, got {kind!r}")
            elif isinstance(inst, str):
                m = INSTANCE.match(inst)
                if not m or m["series"] != ent:
                    self.bad(f"{where}: instance {inst!r} is not '<{ent}> <year> <place>'")
                elif not 1900 <= int(m["year"]) <= 2100:
                    self.bad(f"{where}: implausible year in {inst!r}")
            doc = rec["doc"]
            if not isinstance(doc, str) or not doc.startswith(prefix):
                self.bad(f"{where}: doc {doc!r} should start with {prefix!r}")
                continue
            content = self.text(doc)
            if content is None:
                self.bad(f"{where}: no such document {doc}")
                continue
            if not 0 <= s < e <= len(content):
                self.bad(f"{where}: offsets {s}-{e} out of range")
            elif content[s:e] != t:
                self.bad(f"{where}: text {t!r} != content {content[s:e]!r}")
            if t != t.strip() or "\n" in t:
                self.bad(f"{where}: span has surrounding whitespace or a line break: {t!r}")
            if re.match(r"(?i)(the|a|an|this|that|its|their|his|her)\s", t):
                self.bad(f"{where}: span starts with a determiner: {t!r}")
            if t.endswith(("'s", "’s", "'", "’")):
                self.bad(f"{where}: span keeps a possessive: {t!r}")
            rec["_where"] = where
            recs.append(rec)
        keys = [(r["doc"], r["start"], r["end"]) for r in recs]
        if keys != sorted(keys):
            self.bad(f"{name}: lines are not sorted by doc, start")
        by_doc: dict[str, list[dict]] = defaultdict(list)
        for r in recs:
            by_doc[r["doc"]].append(r)
        for doc, items in by_doc.items():
            items.sort(key=lambda r: (r["start"], r["end"]))
            for a, b in zip(items, items[1:]):
                if b["start"] < a["end"]:
                    self.bad(f"overlap in {doc}: {a['_where']} and {b['_where']}")
            self.check_kinds(doc, items)
        self.records[name] = recs

    def check_kinds(self, doc: str, items: list[dict]) -> None:
        naming = {r["entity"] for r in items if r["kind"] in ("named", "place") and r["entity"]}
        for r in items:
            ent = r["entity"]
            if ent is None:
                continue
            if r["kind"] == "generic" and ent not in naming:
                self.bad(f"{r['_where']}: generic {r['text']!r} but {doc} never names {ent!r}")
            if r["kind"] == "unnamed" and ent in naming:
                self.bad(f"{r['_where']}: unnamed {r['text']!r} but {doc} names {ent!r}")
            if r["kind"] == "place" and " " not in r["text"].replace("-", " "):
                self.bad(f"{r['_where']}: place span {r['text']!r} has no place modifier")

    # -- the corpus folder ----------------------------------------------------------------
    def check_corpus(self) -> list[tuple[str, str, str]]:
        rows: list[tuple[str, str, str]] = []
        sidecar: dict = {}
        toml_path = CORPUS_DIR / "sources.toml"
        if toml_path.is_file():
            try:
                sidecar = tomllib.loads(toml_path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                self.bad(f"sources.toml: {exc}")
        annotated = {r["doc"] for r in self.records.get("summits.jsonl", [])}
        articles = sorted(p for p in CORPUS_DIR.iterdir() if p.suffix in (".md", ".txt") and p.name != "README.md")
        for p in articles:
            doc = f"tests/corpus/summits/{p.name}"
            if not ARTICLE_NAME.match(p.name):
                self.bad(f"{doc}: name does not follow s<story><article>_<slug>.<ext>")
            if doc not in annotated:
                self.bad(f"{doc}: no gold lines")
            text = self.text(doc) or ""
            meta = front_matter(text) if p.suffix == ".md" else None
            if meta is None:
                meta = {k: str(v) for k, v in sidecar.get(p.name, {}).items()}
                origin = "sources.toml"
            else:
                origin = "front matter"
                if p.name in sidecar:
                    self.bad(f"{doc}: has both front matter and a sources.toml entry")
            if not meta.get("source"):
                self.bad(f"{doc}: no source in {origin}")
            date = meta.get("date", "")
            if date and not DATE.match(date):
                self.bad(f"{doc}: date {date!r} is not YYYY-MM-DD")
            words = len(re.findall(r"\S+", text[text.find("\n---\n", 4) + 5 :] if origin == "front matter" else text))
            if not 150 <= words <= 400:
                self.bad(f"{doc}: {words} words, outside 150-400")
            for field in ("title", "url"):
                if TRIGGER.search(meta.get(field, "")):
                    self.bad(f"{doc}: metadata {field} contains a summit-like word")
            rows.append((p.name, meta.get("source", ""), date or "(none: in the text)"))
        for name in sidecar:
            if not (CORPUS_DIR / name).is_file():
                self.bad(f"sources.toml: entry for missing file {name}")
        undated = [r for r in rows if r[2].startswith("(none")]
        if not 1 <= len(undated) <= 2:
            self.bad(f"expected one or two undated articles, found {len(undated)}")
        readme = CORPUS_DIR / "README.md"
        if not readme.is_file():
            self.bad("tests/corpus/summits/README.md is missing")
        else:
            m = README_WORDS.search(readme.read_text(encoding="utf-8"))
            if m:
                self.bad(f"corpus README.md contains {m.group(0)!r}; the app would read it as an article")
        return rows

    # -- the traps table ------------------------------------------------------------------
    def check_traps(self) -> int:
        md = GOLD / "SUMMITS.md"
        if not md.is_file():
            self.bad("SUMMITS.md is missing")
            return 0
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for recs in self.records.values():
            for r in recs:
                spans[r["doc"]].append((r["start"], r["end"]))
        n = 0
        section = False
        for line in md.read_text(encoding="utf-8").splitlines():
            if line.startswith("## "):
                section = line.strip().lower().startswith("## traps")
                continue
            if not section or not line.startswith("| `"):
                continue
            cells = re.findall(r"`([^`]*)`", line)
            if len(cells) < 3:
                self.bad(f"SUMMITS.md trap row without doc/context/span: {line[:60]}")
                continue
            doc, context, span = cells[:3]
            n += 1
            content = self.text(doc)
            if content is None:
                self.bad(f"trap: no such document {doc}")
                continue
            if span not in context:
                self.bad(f"trap in {doc}: span {span!r} not inside context {context!r}")
                continue
            starts = [m.start() for m in re.finditer(re.escape(context), content)]
            if not starts:
                self.bad(f"trap in {doc}: context {context!r} not found")
            for i in starts:
                s = i + context.index(span)
                e = s + len(span)
                if any(a < e and s < b for a, b in spans[doc]):
                    self.bad(f"trap in {doc}: {span!r} at {s} overlaps a gold span")
        return n

    # -- review ---------------------------------------------------------------------------
    def review(self) -> None:
        print("\nsummit-like words that no gold span covers (deliberate omissions and traps):")
        for _name, recs in self.records.items():
            docs = sorted({r["doc"] for r in recs})
            for doc in docs:
                covered = [(r["start"], r["end"]) for r in recs if r["doc"] == doc]
                content = self.texts[doc]
                for m in TRIGGER.finditer(content):
                    if not any(a <= m.start() < b for a, b in covered):
                        ctx = content[max(0, m.start() - 40) : m.end() + 25].replace("\n", " ")
                        print(f"  {doc}:{m.start()}: …{ctx}…")


def table(title: str, counter: dict[str, Counter], markdown: bool) -> None:
    if markdown:
        print(f"\n| {title} | " + " | ".join(KINDS) + " | total |")
        print("|" + "---|" * (len(KINDS) + 2))
    else:
        print(f"\n{title:<70}" + "".join(f"{k:>9}" for k in KINDS) + f"{'total':>8}")
    for key in sorted(counter, key=lambda k: (k == "(null)", k)):
        c = counter[key]
        if markdown:
            print(f"| {key} | " + " | ".join(str(c[k]) for k in KINDS) + f" | {sum(c.values())} |")
        else:
            print(f"{key:<70}" + "".join(f"{c[k]:>9}" for k in KINDS) + f"{sum(c.values()):>8}")


def main() -> int:
    markdown = "--markdown" in sys.argv
    ck = Checker()
    for name, prefix in FILES.items():
        ck.check_file(name, prefix)
    rows = ck.check_corpus()
    traps = ck.check_traps()
    for name, recs in ck.records.items():
        print(f"\n== {name}: {len(recs)} lines in {len({r['doc'] for r in recs})} documents")
        by_ent: dict[str, Counter] = defaultdict(Counter)
        by_inst: dict[str, Counter] = defaultdict(Counter)
        for r in recs:
            by_ent[r["entity"] or "(null)"][r["kind"]] += 1
            inst = r["instance"] or ("(null)" if r["entity"] is None else f"{r['entity']} (no instance)")
            by_inst[inst][r["kind"]] += 1
        table("entity", by_ent, markdown)
        table("instance", by_inst, markdown)
    if markdown:
        print("\n| file | source | date |\n|---|---|---|")
        for f, src, date in rows:
            print(f"| `{f}` | {src} | {date} |")
    print(f"\n{len(rows)} articles checked, {traps} traps checked")
    if "--review" in sys.argv:
        ck.review()
    if ck.problems:
        print(f"\n{len(ck.problems)} problem(s):", file=sys.stderr)
        for p in ck.problems:
            print("  " + p, file=sys.stderr)
        return 1
    print("\nall summit gold lines check out", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
