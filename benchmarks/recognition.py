"""Recognition speed on one core: words per second over a folder of real articles.

    python -m benchmarks.recognition                 # the Wikinews sample (../shared/corpora/wikinews)
    python -m benchmarks.recognition FOLDER --rounds 5
    python -m benchmarks.recognition --long          # one long article: the sample joined, and 5 copies

Words are counted as `wc -w` counts them (runs of non-whitespace in each file's bytes). The
articles are read and made ready first (reading is not recognition); then every article is
recognised, in one process, `--rounds` times, and the best round is reported (this machine's
speed wanders by ±15%, and the best round is the one least disturbed); words per CPU second of
the process are reported beside it, the figure least moved by other work on a shared machine. Start-up (building the
gazetteer and the recogniser, what each worker process pays once) and linking the recognised
articles (the corpus-level pass, on one core) are reported beside it. JSON with `--json`.

With `--long`, the folder's articles are joined into one article (about 0.2 M words for the
Wikinews sample), which is recognised and linked once as it is and once repeated five times
(about 1 M words): the ratio of the two times says whether one article's time is linear in its
length (5.0 for linear; with a search of the whole text per name recognition's was 6.2: 3.4 s
and 21 s; linking's scans per surname and per organisation made the whole 13).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

WIKINEWS = Path(
    os.environ.get("READER_WIKINEWS") or Path(__file__).resolve().parents[2] / "shared" / "corpora" / "wikinews"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.recognition")
    parser.add_argument("folder", nargs="?", default=str(WIKINEWS))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--long", action="store_true", help="time one long article and five times its length")
    args = parser.parse_args(argv)

    files = sorted(Path(args.folder).glob("*.txt"))
    if not files:
        print(f"no .txt files in {args.folder}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    from reader.entities.gazetteer import load_gazetteer
    from reader.entities.recognize import Recognizer

    imported = time.perf_counter()
    gazetteer = load_gazetteer(None)
    loaded = time.perf_counter()
    recognizer = Recognizer(gazetteer)
    recognizer.recognize("Warm-up: President Xi met officials in Astana.")
    built = time.perf_counter()

    from reader.ingest.read import make_article

    articles = []
    words = 0
    for path in files:
        data = path.read_bytes()
        words += len(data.split())
        articles.append(make_article(str(path), data.decode("utf-8", "replace")))

    if args.long:
        return _long_article(recognizer, gazetteer, [article.recognisable for article in articles], args.json)

    rounds = []
    cpu_rounds = []
    documents = []
    for _ in range(max(1, args.rounds)):
        documents = []
        began, began_cpu = time.perf_counter(), time.process_time()
        for article in articles:
            documents.append(recognizer.recognize(article.recognisable, article.debris, article.date))
        rounds.append(time.perf_counter() - began)
        cpu_rounds.append(time.process_time() - began_cpu)

    from reader.entities.link import link

    began = time.perf_counter()
    link(documents, gazetteer)
    link_seconds = time.perf_counter() - began

    best = min(rounds)
    result = {
        "files": len(files),
        "words": words,
        "mentions": sum(len(doc) for doc in documents),
        "rounds": len(rounds),
        "best_seconds": round(best, 4),
        "median_seconds": round(statistics.median(rounds), 4),
        "words_per_second": round(words / best),
        "median_words_per_second": round(words / statistics.median(rounds)),
        # CPU time of this process: what one core does, less the waits of a shared machine.
        "cpu_words_per_second": round(words / min(cpu_rounds)),
        "startup_import_s": round(imported - started, 4),
        "startup_gazetteer_s": round(loaded - imported, 4),
        "startup_recognizer_s": round(built - loaded, 4),
        "link_seconds": round(link_seconds, 4),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{result['files']} files, {words:,} words, {result['mentions']:,} mentions: "
            f"{result['words_per_second']:,} words/s on one core (best of {len(rounds)}; "
            f"median {result['median_words_per_second']:,}; by CPU time {result['cpu_words_per_second']:,})\n"
            f"start-up: import {result['startup_import_s']:.3f} s, gazetteer {result['startup_gazetteer_s']:.3f} s, "
            f"recogniser {result['startup_recognizer_s']:.3f} s; linking {link_seconds:.3f} s"
        )
    return 0


def _long_article(recognizer, gazetteer, texts: list[str], as_json: bool) -> int:
    """Time one article made of every text, and one five times as long: recognising it, and
    recognising and linking it (what indexing does with one file); print both and their ratios."""
    from reader.entities.link import link

    joined = "\n\n".join(texts)
    result: dict[str, float | int] = {}
    for copies in (1, 5):
        text = "\n\n".join([joined] * copies)
        began = time.process_time()
        mentions = recognizer.recognize(text, (), "2024-01-01")
        recognised = time.process_time()
        link([mentions], gazetteer)
        linked = time.process_time()
        result[f"words_x{copies}"] = len(text.split())
        result[f"seconds_x{copies}"] = round(recognised - began, 3)
        result[f"link_seconds_x{copies}"] = round(linked - recognised, 3)
        result[f"mentions_x{copies}"] = len(mentions)
    result["ratio"] = round(result["seconds_x5"] / max(result["seconds_x1"], 1e-9), 2)
    whole = [result[f"seconds_x{n}"] + result[f"link_seconds_x{n}"] for n in (1, 5)]
    result["ratio_with_linking"] = round(whole[1] / max(whole[0], 1e-9), 2)
    if as_json:
        print(json.dumps(result))
    else:
        print(
            f"one article of {result['words_x1']:,} words: {result['seconds_x1']:.2f} s; "
            f"of {result['words_x5']:,} words: {result['seconds_x5']:.2f} s (CPU time); "
            f"ratio {result['ratio']:.2f} for 5x the words\n"
            f"with linking: {whole[0]:.2f} s and {whole[1]:.2f} s, ratio {result['ratio_with_linking']:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
