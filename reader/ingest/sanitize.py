"""Neutralise characters that could act on a terminal, keeping every offset where it was.

Article text is untrusted. Each dangerous code point is replaced by exactly one visible
code point, so an offset into the decoded file text is the same offset into the safe text:
recognition, search and the reading pane can all use the safe text, while JSON output keeps
the original for `content[start:end]`.
"""

from __future__ import annotations

import json
import re

# C0 controls get their Unicode "control picture" (␛ for ESC, ␇ for BEL …).
_TABLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
# A raw TAB moves the terminal's cursor to the next tab stop over what is already drawn there
# (old text shows through, words after it are hidden): one space, so offsets stay where they are.
_TABLE[0x09] = " "
_TABLE[0x0D] = " "  # CR of CRLF line endings: harmless as a space at the end of a line
_TABLE[0x7F] = "\u2421"  # DEL → ␡
for _code in range(0x80, 0xA0):  # C1 controls (CSI 0x9B, OSC 0x9D …)
    _TABLE[_code] = "\ufffd"
# Bidirectional overrides, embeddings and isolates can reorder what the reader sees.
for _code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C):
    _TABLE[_code] = "\ufffd"
# Line and paragraph separators would split lines differently from the file's newlines.
_TABLE[0x2028] = " "
_TABLE[0x2029] = " "
_TABLE[0xFEFF] = " "  # a stray zero-width no-break space inside the text
# Lone surrogates (from surrogateescape or broken UTF-16) cannot be written to a terminal.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Most text has none of them: finding that out with one regex scan is far cheaper than a translate.
_ACTIVE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_TABLE)) + "\ud800-\udfff]")


def safe_text(text: str) -> str:
    """Return `text` with every terminal-active code point replaced one for one."""
    if _ACTIVE.search(text) is None:
        return text
    cleaned = text.translate(_TABLE)
    if _SURROGATE.search(cleaned):
        cleaned = _SURROGATE.sub("\ufffd", cleaned)
    return cleaned


def safe_name(name: str) -> str:
    """Any one-line string for display (a file name, an entity name, a key, a notice): newlines
    too become visible. One for one, so offsets into `name` hold for the result."""
    return safe_text(name).replace("\n", "\u2424")


_JSON_UNSAFE = re.compile("[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


# `json.dumps` with these options, made once: it built an encoder for every line, a tenth of
# `reader entities --json`'s time.
_JSON_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def json_line(record: dict) -> str:
    """One JSON object on one line, readable UTF-8, with every terminal-active code point escaped.

    `json.dumps(ensure_ascii=False)` escapes C0 controls but passes C1 controls and bidi
    overrides through raw; those are escaped here so the line is safe to print.
    """
    text = _JSON_ENCODER.encode(record)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def safe_url(url: str) -> str:
    """`url` fit to be a terminal hyperlink (OSC 8), or "": http(s) with a host, non-ASCII
    percent-encoded, nothing that could end the escape sequence or act on the terminal."""
    from urllib.parse import quote, urlsplit

    url = url.strip()
    if not url or len(url) > 2048 or any(ord(char) < 0x21 or 0x7F <= ord(char) <= 0x9F for char in url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    quoted = quote(url, safe=_URL_SAFE)
    return quoted if quoted.isascii() and quoted.isprintable() else ""
