"""`[keys]` in config.toml, read as untrusted input: lists or comma strings, clashes, unknown ids
and names that are no keys each keep the defaults for what they touch and are said in one line."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from textual.binding import Binding

from reader.tui.app import ReaderApp
from reader.tui.help_screen import help_groups
from reader.tui.keymap import key_name, load_keymap
from support.paths import SEEDS
from support.pilot import loaded, search, status

_INERT = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _config(text: str) -> Path:
    path = Path(os.environ["READER_CONFIG_DIR"]) / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _load(text: str) -> tuple[dict[str, str], str]:
    return load_keymap(_config(text), help_groups(ReaderApp))


def test_a_list_or_a_comma_string_of_keys():
    assert _load('[keys]\nquit = ["q", "x"]\nnext_mention = "n, ctrl+n"\n') == (
        {"quit": "q,x", "next_mention": "n,ctrl+n"},
        "",
    )
    # Textual's own spelling, so the help and the footer show what the user wrote.
    assert _load('[keys]\nhelp = ["?", "f1"]\nsearch = "/,shift+ctrl+s"\n')[0] == {
        "help": "question_mark,f1",
        "search": "slash,ctrl+shift+s",
    }


def test_two_ids_given_one_key_both_keep_their_defaults():
    keymap, notice = _load('[keys]\nquit = "q"\nnext_mention = "q"\nhelp = "f1"\n')
    assert keymap == {"help": "f1"}
    path = _config("")  # the same path
    assert notice == f'{path}: keys.quit and keys.next_mention both have "q"; defaults kept'


def test_a_key_taken_from_a_binding_left_alone_is_a_clash_too():
    keymap, notice = _load('[keys]\nquit = "n"\n')
    assert keymap == {} and 'keys.quit and keys.next_mention both have "n"' in notice


def test_a_default_given_back_can_clash_in_turn():
    # search and next_mention clash on q; next_mention's default n then clashes with quit = "n".
    keymap, notice = _load('[keys]\nquit = "n"\nnext_mention = "q"\nsearch = "q"\nhelp = "f1"\n')
    assert keymap == {"help": "f1"}
    assert "keys.search and keys.next_mention" in notice and "keys.quit and keys.next_mention" in notice


def test_keys_of_different_places_do_not_clash():
    # q closes the entity panel and quits the reader: each where it works.
    assert _load('[keys]\nentities_close = "escape,q"\nquit = "q,x"\n') == (
        {"entities_close": "escape,q", "quit": "q,x"},
        "",
    )


@pytest.mark.parametrize(
    ("text", "keymap", "said"),
    [
        ('quit = "ctrl+qq, x"', {"quit": "x"}, 'keys.quit: "ctrl+qq" is no key name'),
        ('quit = "bogus"', {}, 'keys.quit: "bogus" is no key name; default kept'),
        ('quit = ["cmd+q", "ctrl+"]', {}, 'keys.quit: "cmd+q", "ctrl+" are no key names; default kept'),
        ("quit = 5", {}, "keys.quit: expected a string or an array of strings, found an integer (5); default kept"),
        ('quit = ["q", 3]', {}, "keys.quit[2]: expected a string, found an integer (3); default kept"),
        ('quit = ""', {}, "keys.quit: no keys given; default kept"),
        ('no_such_binding = "z"', {}, "keys: unknown binding ids ignored: no_such_binding"),
    ],
)
def test_what_is_wrong_is_said_and_the_rest_applies(text, keymap, said):
    got, notice = _load(f'[keys]\n{text}\nhelp = "f1"\n')
    assert got == {**keymap, "help": "f1"}
    assert notice == f"{_config('')}: {said}"


def test_unknown_ids_are_shown_inert():
    _, notice = _load('[keys]\n"\\u001b]0;pwned\\u0007\\u001b[2J" = "x"\n')
    assert not _INERT.search(notice)
    assert notice.endswith('keys: unknown binding ids ignored: "␛]0;pwned␇␛[2J"')


@pytest.mark.parametrize(
    ("text", "notice"),
    [
        ("x = " + "[" * 20_000 + "]" * 20_000, "Key settings ignored: {}: line 1: nested more than 10 levels deep"),
        ("keys = 5", "{}: keys: expected a table, found an integer (5)"),
        ('[keyz]\nquit = "x"', "{}: keyz: unknown key (expected keys)"),
        (
            "[keys\n",
            "Key settings ignored: {}: not valid TOML: Expected ']' at the end of a table declaration (at line 1, column 6)",
        ),
    ],
)
def test_a_config_file_that_cannot_be_used_is_one_line(text, notice):
    path = _config(text)
    assert load_keymap(path, help_groups(ReaderApp)) == ({}, notice.format(path))


def test_a_long_list_of_problems_stays_one_short_line():
    bindings = ("quit", "search", "help", "legend", "coverage", "toggle_raw")
    _, notice = _load("[keys]\n" + "".join(f'{binding} = "nope"\n' for binding in bindings))
    assert notice.count("is no key name") == 4 and notice.endswith("; and 2 more") and len(notice) < 400


@given(st.text(max_size=12))
@example("shift+ctrl+up")
@example("«")  # Textual names it with underscores where Unicode has hyphens
@example("\x1b[A")
@example("ctrl+\u202e")
def test_a_key_name_is_a_fixed_point_or_refused(text):
    name = key_name(text)
    if name is not None:
        assert key_name(name) == name  # what is given to Textual reads back the same
        assert "," not in name and not any(c.isspace() for c in name) and not _INERT.search(name)


_BINDING_IDS = st.sampled_from([b.id for _, bindings in help_groups(ReaderApp) for b in bindings if b.id])
_KEYS = st.sampled_from(["q", "n", "x", "ctrl+n", "?", "bogus", "", "f1", "\x1b", "j", "escape"])
_VALUES = st.one_of(
    st.lists(_KEYS, max_size=3).map(", ".join),
    st.lists(_KEYS, max_size=3),
    st.integers(),
    st.text(max_size=10),
)


def _toml(value: object) -> str:
    return json.dumps(value).replace("\x7f", "\\u007f")  # TOML wants DEL escaped; JSON does not


@given(st.dictionaries(_BINDING_IDS | st.text(max_size=8), _VALUES, max_size=6))
def test_whatever_the_keys_say_no_two_bindings_of_one_place_share_a_key(keys):
    path = _config("[keys]\n" + "".join(f"{_toml(k)} = {_toml(v)}\n" for k, v in keys.items()))
    keymap, notice = load_keymap(path, help_groups(ReaderApp))
    assert not _INERT.search(notice)
    for _, bindings in help_groups(ReaderApp):
        taken: dict[str, str] = {}
        for binding in bindings:
            for key in keymap.get(binding.id or "", "").split(",") if binding.id in keymap else _defaults(binding):
                assert key_name(key) == key
                assert taken.setdefault(key, binding.id or "") == binding.id, (key, taken[key], binding.id)


def _defaults(binding: Binding) -> list[str]:
    return [key_name(key) or key for key in binding.key.split(",")]


# ------------------------------------------------------------ in the app


async def test_a_list_of_keys_works_in_the_app():
    _config('[keys]\nquit = ["q", "x"]\n')
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("x")
        await pilot.pause()
        assert not app.is_running


async def test_a_clash_in_the_app_keeps_both_keys_working_and_says_so():
    _config('[keys]\nquit = "q"\nnext_mention = "q"\n')
    app = ReaderApp([SEEDS], use_state=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        assert any("keys.quit and keys.next_mention" in str(n.message) for n in app._notifications)
        await search(pilot, "putin")
        await pilot.press("n")
        assert status(app).startswith("Vladimir Putin  2/")
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
