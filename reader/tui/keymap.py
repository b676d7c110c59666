"""`[keys]` in config.toml: bindings remapped by id, `next_mention = "n,ctrl+n"` or
`next_mention = ["n", "ctrl+n"]`.

config.toml is the user's, so untrusted: whatever is wrong in it (an unknown id, a name that is
no key, two ids given one key) keeps the defaults for what it touches and is said in one line;
the rest of the remapping applies.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from textual.binding import Binding
from textual.keys import Keys, _character_to_key

from reader.user_files import (
    Array,
    OneOf,
    Table,
    Text,
    UserFileError,
    key_path,
    one_line,
    quote,
    read_toml,
    validate,
)

MAX_CONFIG_BYTES = 1024 * 1024
SHOWN_PROBLEMS = 4
_KEY_LIST = OneOf((Text(max_chars=500), Array(Text(max_chars=100), max_items=20)))
# Only [keys] today; other tables are noticed, as a misspelt [keys] would otherwise do nothing.
_CONFIG = Table({"keys": Table(rest=_KEY_LIST)})

# The order Textual writes modifiers in a key event's name (`ctrl+shift+up`): sorted. A binding
# spelt `shift+ctrl+up` would never match an event, so names are rewritten in this order.
_MODIFIERS = frozenset(("alt", "ctrl", "hyper", "meta", "shift", "super"))
# Named keys with no character: every Textual key name, without its modifiers, except the
# internal ones (`<any>`, `<ignore>` …).
_NAMED_KEYS = frozenset(
    key.value.rpartition("+")[2] for key in Keys if not key.value.startswith("<") and "-" not in key.value
)
# Textual's names for the printable ASCII characters (`slash`, `question_mark`, `comma` …).
# `_character_to_key` is private, but it is what Textual itself applies to a keymap's keys,
# so names made with it are the names bindings are matched by.
_CHARACTER_KEYS = frozenset(_character_to_key(chr(code)) for code in range(0x21, 0x7F))


def key_name(text: str) -> str | None:
    """`text` as Textual names the key (`?` → `question_mark`, `shift+ctrl+n` → `ctrl+shift+n`),
    or None when it is no key: a single printable character, a Textual key name (`escape`,
    `pagedown`, `f5`, `slash`), or modifiers (`ctrl`, `alt`, `shift` …) joined to one of those."""
    text = text.strip()
    if len(text) == 1:
        return _character_key(text)
    *modifiers, base = text.split("+")
    modifiers = [modifier.lower() for modifier in modifiers]
    if not base or len(set(modifiers)) != len(modifiers) or not _MODIFIERS.issuperset(modifiers):
        return None  # `ctrl+`, `ctrl++` (the plus key is `plus`), `ctrl+ctrl+n`, `cmd+n`
    if len(base) == 1:
        named = _character_key(base)
    else:
        base = base.lower()
        named = base if base in _NAMED_KEYS or _names_a_character(base) else None
    return None if named is None else "+".join([*sorted(modifiers), named])


def _character_key(character: str) -> str | None:
    if not character.isprintable() or character.isspace():
        return None  # a space is `space`; a control character is no key to type
    return _character_to_key(character)


def _names_a_character(name: str) -> bool:
    """Whether `name` is Textual's name for a printable character (`slash`, `e_acute` is not)."""
    if name in _CHARACTER_KEYS:
        return True
    try:
        character = unicodedata.lookup(name.replace("_", " "))
    except KeyError:
        # Textual writes hyphens in character names as underscores too ("left_pointing_…"):
        # look the name up among every character's, built once and only for such a name.
        character = _named_characters().get(name, "")
    return len(character) == 1 and _character_key(character) == name


@functools.lru_cache(maxsize=1)
def _named_characters() -> dict[str, str]:
    names: dict[str, str] = {}
    for code in range(0x21, 0x30000):
        character = chr(code)
        if character.isprintable() and not character.isspace():
            names.setdefault(_character_to_key(character), character)
    return names


def load_keymap(path: Path, scopes: Iterable[tuple[str, Sequence[Binding]]]) -> tuple[dict[str, str], str]:
    """(binding id → keys, a one-line notice or ""). A missing file is no keymap and no notice.

    `scopes`: the bindings by where they work (the help screen's groups). Two ids of one scope
    given the same key would leave one of them silently dead, so both keep their defaults."""
    try:
        data = read_toml(path, MAX_CONFIG_BYTES)
    except UserFileError as exc:
        return {}, f"Key settings ignored: {exc}"
    if data is None:
        return {}, ""
    scoped = [list(bindings) for _, bindings in scopes]
    known = {binding.id for bindings in scoped for binding in bindings if binding.id}
    problems: list[str] = []
    keymap: dict[str, list[str]] = {}
    unknown: list[str] = []
    for issue in validate(data, _CONFIG):
        if issue.path[1:] and issue.path[0] == "keys":
            continue  # one binding's keys: looked at below, with its id
        problems.append(issue.reason)
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        keys = {}
    for binding_id, value in keys.items():
        if binding_id not in known:
            unknown.append(binding_id)
            continue
        issues = validate(value, _KEY_LIST, ("keys", binding_id))
        if issues:
            problems.append(f"{issues[0].reason}; default kept")
            continue
        names, wrong = _key_names(value if isinstance(value, list) else [value])
        where = key_path(("keys", binding_id))
        if wrong:
            shown = ", ".join(quote(name) for name in wrong[:3]) + (" …" if len(wrong) > 3 else "")
            problems.append(f"{where}: {shown} {'is no key name' if len(wrong) == 1 else 'are no key names'}")
        if names:
            keymap[binding_id] = names
        elif wrong:
            problems[-1] += "; default kept"
        else:
            problems.append(f"{where}: no keys given; default kept")
    problems.extend(_drop_clashes(keymap, scoped))
    if unknown:
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        problems.append(f"keys: unknown binding ids ignored: {', '.join(key_path((k,)) for k in unknown[:5])}{more}")
    if len(problems) > SHOWN_PROBLEMS:  # one line, even for a file that is all wrong
        problems[SHOWN_PROBLEMS:] = [f"and {len(problems) - SHOWN_PROBLEMS} more"]
    notice = one_line(path, "; ".join(problems)) if problems else ""
    return {binding_id: ",".join(names) for binding_id, names in keymap.items()}, notice


def _key_names(values: list[str]) -> tuple[list[str], list[str]]:
    """(the keys as Textual names them, without repeats; the names that are no keys)."""
    names: list[str] = []
    wrong: list[str] = []
    for value in values:
        for text in value.split(","):
            if not text.strip():
                continue
            name = key_name(text)
            if name is None:
                wrong.append(text.strip())
            elif name not in names:
                names.append(name)
    return names, wrong


def _drop_clashes(keymap: dict[str, list[str]], scopes: list[list[Binding]]) -> list[str]:
    """Take out of `keymap` every id that shares a key with another binding of its scope, and say
    so. Repeated until none is left: an id given back its default key can clash in turn."""
    said: dict[tuple[str, ...], list[str]] = {}
    while True:
        clashing: set[str] = set()
        for bindings in scopes:
            owners: dict[str, list[Binding]] = {}
            for binding in bindings:
                for key in keymap.get(binding.id or "") or _key_names([binding.key])[0]:
                    if binding not in owners.setdefault(key, []):
                        owners[key].append(binding)
            for key, sharing in owners.items():
                remapped = [binding.id for binding in sharing if binding.id in keymap]
                if len(sharing) > 1 and remapped:
                    clashing.update(binding_id for binding_id in remapped if binding_id)
                    labels = tuple(_label(binding) for binding in sharing)
                    said.setdefault(labels, []).append(quote(key))
        if not clashing:
            return [
                f"{' and '.join(labels)} both have {', '.join(keys)}; defaults kept" for labels, keys in said.items()
            ]
        for binding_id in clashing:
            del keymap[binding_id]


def _label(binding: Binding) -> str:
    return key_path(("keys", binding.id)) if binding.id else f"the binding of {quote(binding.action)}"
