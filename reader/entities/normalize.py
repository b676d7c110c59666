"""Normal forms for matching and for identity.

Two forms, with different jobs:
- `match_form` is length-preserving (one code point for one code point): curly apostrophes
  and dashes become ASCII, accented letters lose their accents. The gazetteer matcher runs on
  it, so a match's offsets are offsets into the article text.
- `identity_key` decides identity in the alias table: case, accents, apostrophes, spaces and
  punctuation are folded away, and a few spelling and transliteration differences are folded
  together ("Organisation"/"Organization", "Tokaev"/"Tokayev", "Berdymukhamedov"/
  "Berdimuhamedov", "Zelenskyy"/"Zelensky"). It never merges names that differ in letters
  that matter: "Xi" and "Xi'an" stay apart, as do "G7" and "G20".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = "\u2019\u2018\u02bc\u02b9\u0060\u00b4\u2032"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


def _base_letter(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base if len(base) == 1 else char


_MATCH_TABLE = {ord(c): "'" for c in _APOSTROPHES} | {ord(c): "-" for c in _DASHES}
for _code in range(0xC0, 0x250):
    _char = chr(_code)
    _base = _base_letter(_char)
    if _base != _char and _base.isascii():
        _MATCH_TABLE[_code] = _base
_MATCH_TABLE[0x0131] = "i"  # dotless i (Turkish)
_MATCH_TABLE[0x00A0] = " "  # no-break space


# News text holds few of these characters, and visiting only them is ten times faster than
# `str.translate`, which looks every character up in the table.
_FOLDED = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_MATCH_TABLE)) + "]")


def _fold(match: re.Match) -> str:
    return _MATCH_TABLE[ord(match.group())]


def match_form(text: str) -> str:
    """The text with apostrophes, dashes and accents folded; same length as `text`."""
    if text.isascii():
        return text.replace("`", "'")  # the one ASCII character folded; isascii() costs nothing
    return _FOLDED.sub(_fold, text)


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_SPELLING = (
    (re.compile(r"isation"), "ization"),
    (re.compile(r"centre"), "center"),
    (re.compile(r"programme"), "program"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"y"), "i"),
    (re.compile(r"(?<=[aeiou])i(?=[aeiou])"), ""),  # Tokayev → tokaev, Zelenskiy → zelenski
    (re.compile(r"(.)\1+"), r"\1"),  # doubled letters: Zelenskyy, Berdimuhammedov
)


@lru_cache(maxsize=65536)
def identity_key(name: str) -> str:
    """The alias-table key of a name: equal keys mean the same name, spelt differently."""
    if name.isascii():
        # What the folding below comes to for ASCII, where it has no accents or curly marks
        # to fold and the apostrophe goes with the other punctuation; most names are ASCII.
        text = _NOT_ALNUM.sub("", name.lower())
    else:
        text = unicodedata.normalize("NFKD", match_form(name))
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
        text = text.replace("'", "")
        text = _NOT_ALNUM.sub("", text)
    for pattern, replacement in _SPELLING:
        text = pattern.sub(replacement, text)
    return text


def search_form(text: str) -> str:
    """Lower-case, accent-free, punctuation-free form used to rank fuzzy search results."""
    if text.isascii():
        # What `_folded_search_form` comes to for ASCII (the backtick is an apostrophe there too);
        # a corpus's names and titles are mostly ASCII.
        return " ".join(_NOT_ALNUM.sub(" ", text.lower().replace("'", "").replace("`", "")).split())
    return _folded_search_form(text)


def _folded_search_form(text: str) -> str:
    """`search_form` for any text: accents and curly marks folded, then case and punctuation."""
    text = unicodedata.normalize("NFKD", match_form(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("'", "")
    return " ".join(_NOT_ALNUM.sub(" ", text).split())
