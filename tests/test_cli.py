"""The `reader` command as scripts and pipes use it: output formats and exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader import __version__
from reader.cli import main
from support.paths import SEEDS, reader_env


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env=reader_env(COLUMNS="120"),
        cwd=cwd,
        timeout=120,
    )


def test_entities_json_lines_match_the_file_text(capsys):
    assert main(["entities", "--json", str(SEEDS)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 100
    contents: dict[str, str] = {}
    for line in lines:
        row = json.loads(line)
        assert {"doc", "start", "end", "text", "type", "entity"} <= set(row)
        content = contents.setdefault(row["doc"], Path(row["doc"]).read_text(encoding="utf-8-sig"))
        assert content[row["start"] : row["end"]] == row["text"]
        assert row["type"] in {"PERSON", "ORG", "GPE", "LOC", "EVENT", "NORP"}
    generic = [json.loads(line) for line in lines if '"generic": true' in line]
    assert generic and all(row["type"] == "EVENT" for row in generic)
    assert any("instance" in json.loads(line) for line in lines)


def test_entities_table_lists_entities_with_sources(capsys):
    assert main(["entities", str(SEEDS)]) == 0
    out = capsys.readouterr().out
    assert "Vladimir Putin" in out and "PERSON" in out and "per source" in out.lower()


def test_search_json_and_exit_status(capsys):
    assert main(["search", "putn", str(SEEDS), "--json", "--limit", "2"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0]["entity"] == "Vladimir Putin" and rows[0]["type"] == "PERSON"
    assert len(rows) <= 2
    first = rows[0]["mentions"][0]
    assert {"doc", "start", "end", "text", "context"} <= set(first) and first["text"] in first["context"]
    assert main(["search", "qqqqzzzz", str(SEEDS)]) == 1


def test_search_prints_keyword_in_context(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["search", "tokaev", str(SEEDS)]) == 0
    out = capsys.readouterr().out
    assert "Kassym-Jomart Tokayev" in out and "«Kassym-Jomart Tokayev»" in out
    monkeypatch.setenv("COLUMNS", "60")  # each line cut at the width, never wrapped
    assert main(["search", "tokaev", str(SEEDS)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 8 and all(len(line) <= 60 for line in lines) and lines[1].endswith("…")


@pytest.mark.parametrize("columns", ["50", "80", "100"])
def test_search_shows_each_mention_within_the_width(capsys, monkeypatch, columns):
    # The context on each side shrinks to the width: a fixed 60 characters of it left the
    # mention past the edge of an 80-column terminal or pipe.
    monkeypatch.setenv("COLUMNS", columns)
    assert main(["search", "putin", str(SEEDS)]) == 0
    listed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    assert listed and all(len(line) <= int(columns) for line in listed)
    assert all("«" in line and "»" in line for line in listed), [line for line in listed if "»" not in line]


def test_search_shows_a_mention_among_wide_characters_within_the_width(capsys, monkeypatch, tmp_path):
    from rich.cells import cell_len

    wide = "中国国家主席 习近平 在阿斯塔纳 会见了 俄罗斯总统 "
    (tmp_path / "a.txt").write_text(f"Talks\n\n{wide * 3} Vladimir Putin {wide * 3}", encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "60")  # each character of the context before it takes two columns
    assert main(["search", "putin", str(tmp_path)]) == 0
    listed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    assert listed and all("«Vladimir Putin»" in line and cell_len(line) <= 60 for line in listed), listed


def test_entities_count_the_articles_of_one_outlet_together(capsys, monkeypatch, tmp_path):
    for name, text in (("a.txt", "Vladimir Putin spoke."), ("b.txt", "Putin spoke again."), ("c.txt", "Putin left.")):
        (tmp_path / name).write_text(f"Headline\n\n{text}", encoding="utf-8")
    (tmp_path / "sources.toml").write_text(
        '["a.txt"]\nsource = "VOA"\n["b.txt"]\nsource = "BBC"\n["c.txt"]\nsource = "VOA"\n', encoding="utf-8"
    )
    assert main(["entities", str(tmp_path)]) == 0
    rows = {line.split("\t")[1]: line.split("\t") for line in capsys.readouterr().out.splitlines()[1:]}
    assert rows["Vladimir Putin"][2:] == ["3", "VOA 2 · BBC 1"]


def test_usage_and_input_errors_exit_2_with_one_line(capsys, tmp_path):
    assert main(["search"]) == 2
    assert main(["entities", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err and all(line.startswith("reader") for line in err)
    assert main(["search", "x", "--limit", "0", str(SEEDS)]) == 2


def test_a_bad_file_is_reported_and_the_rest_loads(capsys, tmp_path):
    (tmp_path / "good.txt").write_text("Headline\n\nVladimir Putin spoke.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert main(["entities", "--json", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "Vladimir Putin" in captured.out
    assert captured.err.count("\n") == 1 and "bad.txt" in captured.err and "PNG" in captured.err


def test_version_and_help():
    assert run("--version").stdout.strip() == f"reader {__version__}"
    helped = run("--help")
    assert helped.returncode == 0 and "entities" in helped.stdout and "search" in helped.stdout
    assert run("search", "--help").returncode == 0


def test_commands_work_from_any_folder_on_the_bundled_seeds(tmp_path):
    result = run("entities", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Xi Jinping" in result.stdout


def test_index_reports_counts():
    result = run("index", str(SEEDS))
    assert result.returncode == 0
    assert "5 files" in result.stdout and "mentions" in result.stdout  # the report is the output


@pytest.mark.parametrize("args", [["entities"], ["search", "xi"]])
def test_output_into_a_closed_pipe_is_not_an_error(args):
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", *args, str(SEEDS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=reader_env(),
    )
    process.stdout.readline()
    process.stdout.close()
    assert process.wait(timeout=120) in (0, 1)
    assert b"Traceback" not in process.stderr.read()
