"""The command line as a daily tool (issue 14.13-16, 18): clear errors with the right exit code,
plain output into a pipe, the index report on stdout, exit codes in --help, reader compare."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support.paths import SEEDS, reader_env


def reader(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env=reader_env(),
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_a_path_that_does_not_exist_exits_2_with_one_line():
    for command in ((), ("entities",), ("search", "putin")):
        result = reader(*command, "no-such-folder")
        assert result.returncode == 2, result
        assert result.stderr.strip().splitlines() == ["reader: no-such-folder: no such file or folder"]


def test_a_mistyped_command_is_named_with_the_closest_one():
    result = reader("serch", "putin")
    assert result.returncode == 2 and "did you mean 'search'" in result.stderr


def test_search_without_a_query_asks_for_the_query_only():
    result = reader("search")
    assert result.returncode == 2 and "query" in result.stderr and "PATH" not in result.stderr


def test_no_close_match_exits_1_and_says_so():
    result = reader("search", "erdogan", str(SEEDS))
    assert result.returncode == 1 and "no close match" in result.stderr and not result.stdout


def test_index_reports_on_stdout():
    result = reader("index", str(SEEDS))
    assert result.returncode == 0 and "5 files" in result.stdout


def test_entities_into_a_pipe_is_a_plain_table():
    result = reader("entities", str(SEEDS))
    lines = result.stdout.splitlines()
    assert lines[0] == "type\tentity\tmentions\tper source"
    assert all(line.count("\t") == 3 for line in lines) and not any(c in result.stdout for c in "┃┏━│")


def test_search_context_never_shows_page_debris():
    result = reader("search", "putin", str(SEEDS))
    assert (
        result.returncode == 0 and "Accessibility links" not in result.stdout and "Breaking News" not in result.stdout
    )


def test_help_lists_every_exit_code():
    for command in ((), ("search",), ("compare",)):
        text = reader(*command, "--help").stdout
        assert all(f"  {code}  " in text for code in ("0 ", "1 ", "2 ", "130")), text


def test_compare_json_offsets_hold_and_nothing_matching_exits_1(tmp_path):
    result = reader("compare", "putn", str(SEEDS), "--json")
    assert result.returncode == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["entity"] for r in records} == {"Vladimir Putin"} and len(records) >= 3
    for record in records:
        text = Path(record["doc"]).read_text(encoding="utf-8")
        for sentence in record["sentences"]:
            assert text[sentence["start"] : sentence["end"]] == sentence["text"]
    assert reader("compare", "zzqx", str(SEEDS)).returncode == 1
