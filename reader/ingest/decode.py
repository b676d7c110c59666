"""Bytes → text: BOMs, UTF-8 (with a few invalid bytes), binary sniffing, then detection.

A file that is not text (an image, an archive, mostly control characters) is refused with a
one-line reason rather than shown as noise.
"""

from __future__ import annotations

import codecs
import re

from reader.ingest.article import ArticleError

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"PK\x03\x04": "a ZIP archive",
    b"%PDF": "a PDF document",
    b"\x1f\x8b": "a gzip archive",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x7fELF": "an executable",
}


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode article bytes to text; return (text, encoding). Raises ArticleError.

    A BOM decides (UTF-8, UTF-16, UTF-32; the BOM is removed). Otherwise strict UTF-8; a
    file that is mostly UTF-8 with a few invalid bytes (a stray Latin-1 byte, a cut-off last
    character) keeps its UTF-8 and gets U+FFFD for each invalid byte, as
    `data.decode("utf-8", "replace")`; other files are a legacy encoding: cp1252 (which reads
    Latin-1 text the same) unless a detector finds a non-Western encoding with enough evidence.
    Binary data (known signatures, NUL bytes, mostly control characters) is refused.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _checked(_strict(data[3:], "utf-8")), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        # FF FE 00 00 is also a UTF-16 BOM followed by U+0000: UTF-32 only if it reads as such.
        try:
            text = data.decode("utf-32") if len(data) % 4 == 0 else ""
        except UnicodeDecodeError:
            text = ""
        if text:
            return _checked(text), "utf-32"
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(_strict(data, name)), name  # the codec removes the BOM
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise ArticleError(f"binary file ({what}), not text")
    sample = data[:65536]
    # UTF-16 without a BOM and binary formats are full of NULs; a stray one in text is not.
    nuls = sample.count(0)
    if nuls > 1 and nuls * 1000 > len(sample):
        raise ArticleError("binary file (contains NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", "replace")
    invalid = replaced.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    valid = sum(1 for char in replaced if char > "\x7f") - invalid
    if valid > 2 * invalid:
        return _checked(replaced), f"utf-8 ({invalid} invalid byte{'s' * (invalid != 1)} replaced)"
    return _detect(data)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ArticleError(f"invalid {encoding} at byte {exc.start}") from None


# Control characters that text files do carry: tab, newlines, form feed, and the ESC, BEL
# and backspace of coloured or overstruck terminal output.
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b\x07\x08")
_CONTROL_SAMPLE = 65536
# C0 and C1 controls other than those: counted with a regex, as a loop over 64k characters is slow.
_BINARY_CONTROL = re.compile(
    "["
    + "".join(re.escape(chr(code)) for code in (*range(0x20), *range(0x7F, 0xA0)) if chr(code) not in _TEXT_CONTROLS)
    + "]"
)


def _checked(text: str) -> str:
    """`text`, unless it is mostly control characters: binary data that happened to decode."""
    sample = text[:_CONTROL_SAMPLE]
    controls = len(_BINARY_CONTROL.findall(sample))
    if controls >= 4 and controls * 20 > len(sample):
        raise ArticleError("binary file (mostly control characters), not text")
    return text


# Single-byte Western encodings a detector confuses with each other on short samples; news
# in any of them reads correctly (or nearly: cp1250's few Central European letters) as cp1252.
_WESTERN = frozenset(
    {
        "cp1250",
        "cp1252",
        "latin_1",
        "iso8859_15",
        "mac_roman",
        "cp1257",
        "iso8859_2",
        "mac_latin2",
        "cp850",
        "cp437",
        "cp858",
        "iso8859_10",
        "iso8859_13",
        "iso8859_14",
        "iso8859_16",
        "iso8859_3",
        "iso8859_4",
        "mac_iceland",
        "mac_turkish",
    }
)
# Without NUL bytes a file is not UTF-16 or UTF-32; detectors still say so for tiny samples.
_IMPLAUSIBLE = ("utf_16", "utf_32", "utf_7", "utf_8")
# A detector's non-Western answer is believed only with this many non-ASCII bytes of evidence.
_MIN_EVIDENCE = 16


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    try:
        best = from_bytes(data[: 4 * 1024 * 1024]).best()
    except Exception:  # a detector bug must not stop the corpus loading
        best = None
    if best is not None:
        encoding = best.encoding
        evidence = sum(1 for byte in data[:65536] if byte > 0x7F)
        if encoding not in _WESTERN and not encoding.startswith(_IMPLAUSIBLE) and evidence >= _MIN_EVIDENCE:
            try:
                return _checked(data.decode(encoding)), encoding
            except (UnicodeDecodeError, LookupError):
                pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        if best is None:
            raise ArticleError("not text (binary data, or an unknown encoding)") from None
        # cp1252 leaves five bytes undefined; Latin-1 reads them as C1 controls (shown as �).
        return _checked(data.decode("latin-1")), "latin-1"
    return _checked(text), "cp1252"
