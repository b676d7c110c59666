"""The user's TOML files as untrusted input: entities.toml, sources.toml (and front matter), read
through `reader.user_files`. Deep nesting and wrong types are one line naming the file, the key
and the problem; the rest keeps working. config.toml's [keys] is in test_user_files_keymap.py."""

from __future__ import annotations

import json
import os
import re
import threading
import time
import tomllib
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reader.entities.gazetteer import BUNDLED_PATH, GazetteerError, load_gazetteer, load_toml, load_user_gazetteer
from reader.entities.normalize import identity_key
from reader.ingest.article import Metadata
from reader.ingest.discover import load_articles
from reader.ingest.metadata import MAX_CHARS, capped, parse_front_matter, read_sidecar
from reader.ingest.read import make_article
from reader.user_files import (
    MAX_DEPTH,
    Array,
    OneOf,
    Table,
    Text,
    UserFileError,
    deep_line,
    key_path,
    nested_deeper,
    parse_toml,
    read_bytes,
    validate,
)

# What the issue reported: 20,000 levels in 40 KB, every way TOML can nest.
DEEP = {
    "arrays": "x = " + "[" * 20_000 + "]" * 20_000,
    "inline tables": "x = " + "{a = " * 20_000 + "1" + "}" * 20_000,
    "dotted key": "x." * 20_000 + "y = 1",
    "dotted table header": "[" + "a." * 20_000 + "b]\nc = 1",
    "quoted dotted key": '"=".' * 20_000 + "y = 1",
}
# Nothing a terminal would act on, and one line.
_INERT = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def assert_one_safe_line(text: str) -> None:
    assert text and not _INERT.search(text), repr(text)


# ------------------------------------------------------------ reading and nesting


@pytest.mark.parametrize("name", DEEP)
def test_deep_nesting_is_one_line_and_quick(name):
    started = time.perf_counter()
    with pytest.raises(UserFileError) as caught:
        parse_toml(DEEP[name].encode(), "some/file.toml")
    assert time.perf_counter() - started < 1  # the dotted key alone took tomllib 6 s
    assert str(caught.value) == f"some/file.toml: line 1: nested more than {MAX_DEPTH} levels deep"


def test_recursion_in_tomllib_is_caught_if_the_scan_misses_it(monkeypatch):
    from reader import user_files

    monkeypatch.setattr(user_files, "deep_line", lambda text, max_depth=MAX_DEPTH: None)
    with pytest.raises(UserFileError, match="nested more than"):
        parse_toml(DEEP["arrays"].encode(), "f.toml")


def test_nesting_that_only_adds_up_after_parsing_is_refused():
    # Each piece is shallow; the dotted header and the dotted key under it nest 13 deep together.
    text = "[a.b.c.d.e.f]\ng.h.i.j.k.l = [1]\n"
    assert deep_line(text) is None
    with pytest.raises(UserFileError, match="nested more than 10 levels deep"):
        parse_toml(text.encode(), "f.toml")


def test_brackets_and_dots_in_strings_and_comments_are_no_nesting():
    deep = "[" * 40 + "." * 40
    text = (
        f"a = \"{deep}\"\nb = '{deep}'\n# {deep}\nc = \"\"\"\n{deep}\n\"\"\"\nd = '''{deep}'''\n"
        f'e = "\\"{deep}"\nf = [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5]\n'
        '"quoted.key.with.many.dots.in.it.a.b.c.d" = 1\ng = """ends with quotes"""""\n'
    )
    assert deep_line(text) is None
    assert parse_toml(text.encode(), "f.toml") == tomllib.loads(text)


def test_the_line_is_counted_through_multi_line_strings():
    assert deep_line('a = """\n\n\n"""\nb = 1\nx = ' + "[" * 20 + "]" * 20) == 6


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xff\xfe", "not UTF-8 text (byte 0 cannot be decoded)"),
        (b"a = ", "not valid TOML: Invalid value (at end of document)"),
    ],
)
def test_undecodable_or_invalid_toml_is_one_line(data, reason):
    with pytest.raises(UserFileError) as caught:
        parse_toml(data, "f.toml")
    assert caught.value.reason == reason


def test_read_bytes_refuses_what_is_not_a_small_regular_file(tmp_path):
    assert read_bytes(tmp_path / "missing.toml") is None
    with pytest.raises(UserFileError, match="not a regular file"):
        read_bytes(tmp_path)
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * 2048)
    with pytest.raises(UserFileError, match=r"too large \(over 1 KB\)"):
        read_bytes(big, max_bytes=1024)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(_attempt(fifo)), daemon=True)
    worker.start()
    worker.join(5)
    assert outcome == ["not a regular file"]


def _attempt(path: Path) -> str:
    try:
        read_bytes(path)
    except UserFileError as exc:
        return exc.problem
    return "read"


# ------------------------------------------------------------ the validator

_NAMES = Array(Text(max_chars=20))
_SCHEMA = Table(
    {"name": Text(max_chars=20, nonblank=True), "names": _NAMES, "keys": OneOf((Text(), _NAMES))},
    required=("name",),
)


@pytest.mark.parametrize(
    ("data", "reasons"),
    [
        ({"name": "x"}, []),
        ({"name": "x", "names": 5}, ["names: expected an array of strings, found an integer (5)"]),
        ({"name": "x", "names": ["a", 2]}, ["names[2]: expected a string, found an integer (2)"]),
        ({"name": " "}, ["name: is empty"]),
        ({"name": "x" * 21}, ["name: longer than 20 characters"]),
        ({}, ["name: missing"]),
        ({"name": "x", "nmae": 1}, ["nmae: unknown key (expected name, names, keys)"]),
        ({"name": "x", "keys": True}, ["keys: expected a string or an array of strings, found a boolean (true)"]),
        ({"name": "x", "keys": ["a", []]}, ["keys[2]: expected a string, found an array"]),
    ],
)
def test_validation_examples(data, reasons):
    assert [issue.reason for issue in validate(data, _SCHEMA)] == reasons


def test_key_paths_read_like_toml_keys_and_stay_short():
    assert key_path(("entity", 2, "aliases")) == "entity[3].aliases"
    assert key_path(("a.txt", "title")) == '"a.txt".title'
    assert key_path(('say "hi"\\',)) == '"say \\"hi\\"\\\\"'
    assert len(key_path(("x" * 3_000_000,))) < 80


_TOML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=30,
)


def _conforms(data: object) -> bool:
    """_SCHEMA written out by hand, independently of the validator."""
    if not isinstance(data, dict) or "name" not in data or set(data) - {"name", "names", "keys"}:
        return False
    name, names, keys = data["name"], data.get("names", []), data.get("keys", "")
    strings = lambda value, limit: (
        isinstance(value, list)
        and all(  # noqa: E731
            isinstance(item, str) and len(item) <= limit for item in value
        )
    )
    return (
        isinstance(name, str)
        and bool(name.strip())
        and len(name) <= 20
        and strings(names, 20)
        and (isinstance(keys, str) and len(keys) <= 1000 or strings(keys, 20))
    )


@given(
    st.one_of(
        _TOML_VALUES,
        st.fixed_dictionaries(
            {"name": _TOML_VALUES | st.text(max_size=25)},
            optional={"names": _TOML_VALUES | st.lists(st.text(max_size=25)), "keys": _TOML_VALUES},
        ),
    )
)
@example({"name": "\x1b[2J\u202e", "names": [1], "\x1b]0;x\x07": 1})
def test_the_validator_finds_exactly_what_does_not_conform_in_one_safe_line_each(data):
    issues = validate(data, _SCHEMA)
    assert (not issues) == _conforms(data)
    for issue in issues:
        assert_one_safe_line(issue.line("some/file.toml"))


def _nest(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


@given(st.integers(min_value=0, max_value=30), st.sampled_from(["x = {}", "[t]\nx = {}", "a.b = {}"]))
def test_exactly_what_nests_too_deep_is_refused(depth, template):
    text = template.format(_nest(depth))
    data = tomllib.loads(text)
    try:
        parsed = parse_toml(text.encode(), "f.toml")
    except UserFileError:
        assert nested_deeper(data)
    else:
        assert parsed == data and not nested_deeper(data)


def _basic(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


_STRINGY = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)


@given(st.dictionaries(st.text(max_size=12), _STRINGY, max_size=6), _STRINGY.filter(lambda s: "'" not in s))
@example({"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[.........."}, "]]]]]]]]]]]]]]]]]]]]]]]]}}}}}}}}}}}}}")
def test_strings_of_any_content_never_look_nested(values, comment):
    comment = comment.replace("\n", " ").replace("\r", " ")
    text = "".join(f"{_basic(key)} = {_basic(value)}\n" for key, value in values.items())
    text += f"# {comment}\nlist = [{', '.join(_basic(value) for value in values.values())}]\n"
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return  # a comment with a character TOML refuses there
    assert parse_toml(text.encode(), "f.toml") == expected


@given(st.text(max_size=200) | st.binary(max_size=200).map(lambda data: data.decode("latin-1")))
@example("x = [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]")
@example('a."b".c.d.e.f.g.h.i.j.k.l = 1')
def test_any_text_gives_a_shallow_dict_or_one_safe_line(text):
    try:
        parsed = parse_toml(text.encode("utf-8", "surrogatepass"), "dir/\x1b[31mfile.toml")
    except UserFileError as exc:
        assert_one_safe_line(str(exc))
    else:
        assert isinstance(parsed, dict) and not nested_deeper(parsed)


# ------------------------------------------------------------ entities.toml


def _corrections(text: str) -> Path:
    from reader.config import corrections_file

    path = corrections_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            '[[entity]]\nname = "Zorba Quill"\ntype = "PERSON"\naliases = 5\n',
            "entity[1].aliases: expected an array of strings, found an integer (5)",
        ),
        (
            '[[merge]]\ninto = "Vladimir Putin"\nnames = [1, 2]\n',
            "merge[1].names[1]: expected a string, found an integer (1) (and 1 more)",
        ),
        ('merge = "abc"\n', 'merge: expected an array of tables, found a string ("abc")'),
        ("split = [1, 2]\n", "split[1]: expected a table, found an integer (1) (and 1 more)"),
        ("[[split]]\nnames = [1, 2]\n", "split[1].names[1]: expected a string, found an integer (1) (and 1 more)"),
        (
            '[suppress]\nnames = "Breaking News"\n',
            'suppress.names: expected an array of strings, found a string ("Breaking News")',
        ),
        (
            '[[entity]]\nname = "Z"\ntype = "PERSN"\n',
            'entity[1].type: "PERSN" is not one of PERSON, ORG, GPE, LOC, EVENT, NORP',
        ),
        ('[[entity]]\ntype = "PERSON"\n', "entity[1].name: missing"),
        ('[[entities]]\nname = "Z"\n', "entities: unknown key (expected entity, merge, split, suppress)"),
        (DEEP["arrays"], f"line 1: nested more than {MAX_DEPTH} levels deep"),
        (DEEP["dotted key"], f"line 1: nested more than {MAX_DEPTH} levels deep"),
    ],
)
def test_a_wrong_corrections_file_is_one_notice_and_the_bundled_names_still_work(text, reason):
    path = _corrections(text)
    with pytest.raises(GazetteerError) as caught:
        load_gazetteer(path)
    assert str(caught.value) == f"{path}: {reason}"
    notices: list[str] = []
    gazetteer = load_user_gazetteer(notices)
    assert notices == [f"corrections ignored: {path}: {reason}"]
    assert gazetteer.lookup("Putin") is not None


def test_what_the_corrections_file_says_is_shown_inert():
    path = _corrections('[[entity]]\nname = "Z"\ntype = "\\u001b]0;pwned\\u0007\\u202e"\n')
    notices: list[str] = []
    load_user_gazetteer(notices)
    assert notices == [f'corrections ignored: {path}: entity[1].type: "␛]0;PWNED␇\ufffd" is not one of {_TYPES}']
    assert_one_safe_line(notices[0])


_TYPES = "PERSON, ORG, GPE, LOC, EVENT, NORP"


def test_a_good_corrections_file_still_applies():
    path = _corrections(
        '[[entity]]\nname = "Zorba Quill"\ntype = "person"\naliases = ["Quill"]\n'
        '[[merge]]\ninto = "Vladimir Putin"\nnames = ["VVP"]\n[[split]]\nnames = ["Li"]\n'
        '[suppress]\nnames = ["Breaking News"]\n'
    )
    gazetteer = load_gazetteer(path)
    assert gazetteer.lookup("Quill").name == "Zorba Quill"
    assert gazetteer.corrections.merges == {identity_key("VVP"): "Vladimir Putin"}
    assert gazetteer.corrections.splits == {identity_key("Li")}
    assert gazetteer.corrections.suppress == {identity_key("Breaking News")}


def _copy_of(path: Path) -> Path:
    from reader.entities.gazetteer import _parsed_copy

    copy = _parsed_copy(path.read_bytes())
    assert copy is not None
    return copy


@pytest.mark.parametrize(
    "crafted",
    ["[" * 100_000 + "]" * 100_000, '{"entity": ' + "[" * 50 + "]" * 50 + "}", "[]", '"x"'],
    ids=["past the recursion limit", "deeper than any gazetteer", "not a table", "a string"],
)
def test_a_crafted_kept_copy_of_the_bundled_gazetteer_is_parsed_again(crafted):
    expected = load_toml(BUNDLED_PATH)
    copy = _copy_of(BUNDLED_PATH)
    copy.write_text(crafted, encoding="utf-8")
    assert load_toml(BUNDLED_PATH) == expected
    assert json.loads(copy.read_text(encoding="utf-8")) == expected  # and kept again
    assert load_gazetteer(None).lookup("Putin") is not None


def test_a_kept_copy_with_wrong_types_is_one_line_not_a_crash(tmp_path):
    path = _corrections('[suppress]\nnames = ["x"]\n')
    _copy_of(path).parent.mkdir(parents=True, exist_ok=True)
    _copy_of(path).write_text('{"suppress": {"names": [1]}}', encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"suppress\.names\[1\]: expected a string"):
        load_gazetteer(path)


def test_the_bundled_gazetteer_still_loads_quickly_from_its_copy():
    load_gazetteer(None)  # makes the copy
    started = time.perf_counter()
    for _ in range(5):
        load_toml(BUNDLED_PATH)
    per_load = (time.perf_counter() - started) / 5
    assert per_load < 0.02  # a tomllib parse was 45 ms; the copy with its checks is a few


# ------------------------------------------------------------ sources.toml and front matter


def _folder(tmp_path: Path, sidecar: str) -> Path:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Headline {name}\n\nBody.\n", encoding="utf-8")
    (tmp_path / "sources.toml").write_text(sidecar, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("title = 5", '"a.txt".title: expected a string, found an integer (5); entry ignored'),
        ('tittle = "x"', '"a.txt".tittle: unknown key (expected title, source, date, url); entry ignored'),
        ("date = 07:32:00", '"a.txt".date: expected a string or a date, found a time; entry ignored'),
        ("source = [1]", '"a.txt".source: expected a string, found an array; entry ignored'),
    ],
)
def test_a_wrong_sidecar_entry_is_left_out_and_the_others_apply(tmp_path, entry, reason):
    folder = _folder(tmp_path, f'["a.txt"]\n{entry}\n\n["b.txt"]\nsource = "B News"\ndate = 2024-07-04\n')
    metadata, problem = read_sidecar(folder)
    assert set(metadata) == {"b.txt"} and metadata["b.txt"].date == "2024-07-04"
    assert problem is not None and str(problem) == f"{folder / 'sources.toml'}: {reason}"
    articles, problems = load_articles([folder])
    assert [(a.title, a.source) for a in articles] == [
        ("Headline a.txt", "a.txt"),
        ("Headline b.txt", "B News"),
        ("Headline c.txt", "c.txt"),
    ]
    assert [str(p) for p in problems] == [str(problem)]


def test_a_sidecar_entry_that_is_not_a_table_is_named_safely(tmp_path):
    folder = _folder(tmp_path, '"\\u001b[2Ja.txt" = "x"\n')
    _, problem = read_sidecar(folder)
    assert problem is not None
    assert problem.reason.startswith('"\x1b[2Ja.txt": expected a table')
    assert_one_safe_line(str(problem)) and "␛[2Ja.txt" in str(problem)


@pytest.mark.parametrize("name", DEEP)
def test_a_deeply_nested_sidecar_is_one_problem_and_the_files_load(tmp_path, name):
    folder = _folder(tmp_path, DEEP[name])
    articles, problems = load_articles([folder])
    assert len(articles) == 3
    assert [p.reason for p in problems] == [f"ignored: line 1: nested more than {MAX_DEPTH} levels deep"]


def test_a_3_mb_source_in_a_sidecar_is_cut_and_noted(tmp_path):
    folder = _folder(
        tmp_path,
        f'["a.txt"]\nsource = "{"S" * 3_000_000}"\ntitle = "{"T " * 400_000}"\n'
        f'date = "{"2" * 100}"\nurl = "https://x/{"u" * 5000}"\n["b.txt"]\nsource = "B"\n',
    )
    metadata, problem = read_sidecar(folder)
    a = metadata["a.txt"]
    assert (len(a.source), len(a.title), len(a.date), len(a.url)) == (200, 300, 64, 2048)
    assert a.title.endswith("T…") and a.source == "S" * 200
    assert metadata["b.txt"].source == "B"
    assert problem is not None
    assert problem.reason == '"a.txt".title: longer than 300 characters; cut there (and 3 more)'
    articles, _ = load_articles([folder])
    assert len(articles[0].source) == 200


def test_long_front_matter_values_are_cut(tmp_path):
    text = f"---\ntitle: {'T' * 1000}\nsource: {'S' * 1000}\ndate: {'2' * 100}\nurl: https://{'u' * 2100}\n---\nBody\n"
    meta, _ = parse_front_matter(text)
    assert (len(meta.title), len(meta.source), len(meta.date), len(meta.url)) == (300, 200, 64, 2048)
    assert meta.title.endswith("…")
    article = make_article("a.md", text)
    assert (len(article.source), len(article.url)) == (200, 2048)


_FIELD = st.text(max_size=400) | st.builds(
    lambda n, c: c * n, st.integers(0, 3000), st.sampled_from("x \u00e9\U0001f600")
)


@given(st.builds(Metadata, title=_FIELD, source=_FIELD, date=_FIELD, url=_FIELD))
def test_capped_metadata_fits_and_keeps_what_already_fit(meta):
    cut_meta, cut = capped(meta)
    for name, limit in MAX_CHARS.items():
        before, after = getattr(meta, name), getattr(cut_meta, name)
        assert len(after) <= limit
        assert (name in cut) == (len(before) > limit)
        if len(before) <= limit:
            assert after == before
        elif name == "title":
            assert after.endswith("…") and before.startswith(after[:-1])
        else:
            assert before.startswith(after) and len(after) == limit


# ------------------------------------------------------------ end to end


@pytest.mark.slow
def test_reader_index_with_its_user_files_nested_20000_deep_reports_them_and_indexes(tmp_path):
    import shutil
    import subprocess
    import sys

    from reader.config import config_dir
    from support.paths import SEEDS, reader_env

    folder = tmp_path / "news"
    folder.mkdir()
    for article in SEEDS.glob("*.txt"):
        shutil.copy(article, folder)
    (folder / "sources.toml").write_text(DEEP["arrays"], encoding="utf-8")
    _corrections(DEEP["inline tables"])
    done = subprocess.run(
        [sys.executable, "-m", "reader", "index", str(folder)], capture_output=True, env=reader_env(), timeout=120
    )
    errors = done.stderr.decode()
    assert done.returncode == 0 and "Traceback" not in errors
    assert f"reader: corrections ignored: {config_dir() / 'entities.toml'}: line 1: nested more than" in errors
    assert f"{folder / 'sources.toml'}: ignored: line 1: nested more than" in errors
    assert done.stdout.decode().startswith("5 files (5 read")  # the report, on stdout


async def test_the_app_starts_with_every_user_file_nested_20000_deep(tmp_path):
    from reader.config import config_dir
    from reader.tui.app import ReaderApp
    from support.paths import SEEDS
    from support.pilot import loaded, search, status

    _corrections(DEEP["arrays"])
    (config_dir() / "config.toml").write_text(DEEP["inline tables"], encoding="utf-8")
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        notices = [str(n.message) for n in app._notifications]
        assert any(n.startswith("Key settings ignored:") and "nested more than" in n for n in notices)
        await search(pilot, "putin")
        assert status(app).startswith("Vladimir Putin")
