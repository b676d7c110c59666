"""A hostile corpus, generated into a folder by the tests (no binary files are committed).

`build(root)` writes the files and returns a `Corpus` describing what each one must become:
loaded (with the exact decoded text where the test can know it) or skipped (with a word the
reason must contain). The big files (a 50 MB file, a 10 MB line, 10,000 tiny files) are
separate helpers so only the tests that need them pay for them.
"""

from __future__ import annotations

import codecs
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

# A news paragraph with names the recognizer can find without the gazetteer's help.
PROSE = (
    "Vladimir Putin said on Tuesday that talks with Emmanuel Macron would continue in Paris. "
    "Putin said the meeting had been useful, and Macron said he agreed.\n"
)

# Everything a terminal or Rich/Textual would act on, as it may appear in scraped text.
ESCAPES = {
    "title": "\x1b]0;pwned\x07",
    "clear": "\x1b[2J\x1b[H",
    "osc8": "\x1b]8;;http://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
    "sgr": "\x1b[31;1mred\x1b[0m",
    "csi_c1": "\x9b2J",
    "osc_c1": "\x9d0;pwned\x9c",
    "bell": "\x07\x07",
    "backspace": "abc\x08\x08\x08xyz",
    "cr": "overwrite\rOK",
    "del": "x\x7fy",
    "c0": "".join(chr(c) for c in range(0x20) if c not in (0x09, 0x0A)),
    "c1": "".join(chr(c) for c in range(0x80, 0xA0)),
}
BIDI = "\u202eevil\u202c \u2066iso\u2069 \u2067r\u2069 \u2068f\u2069 \u202a\u202b\u202d \u200e\u200f\u061c"
MARKUP = ["[bold]", "[link=http://evil.example]x[/link]", "[@click=app.quit]quit[/]", "[/]", "[red on white]"]
LONG_WORD = "Supercalifragilistic" * 5000  # 100,000 characters without a space

# Code points that must never reach a terminal raw from an article or a file name.
TERMINAL_ACTIVE = frozenset(
    # TAB too: a raw tab moves the cursor over what is drawn (it is shown as a space)
    [chr(c) for c in range(0x20) if c != 0x0A]
    + [chr(0x7F)]
    + [chr(c) for c in range(0x80, 0xA0)]
    + [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C, 0x2028, 0x2029)]
)


@dataclass
class Expect:
    name: str  # the file's path relative to the corpus root, as os.walk spells it
    loaded: bool
    text: str | None = None  # the decoded text, when loaded and known
    reason: str = ""  # a word the skip reason must contain
    either: bool = False  # loaded or skipped are both fine (permissions under root)


@dataclass
class Corpus:
    root: Path
    expected: list[Expect] = field(default_factory=list)
    silent: list[str] = field(default_factory=list)  # files that are neither loaded nor reported

    def add(self, relative: str | bytes, data: bytes, **expect) -> Path:
        path = self.root / os.fsdecode(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.expected.append(Expect(os.fsdecode(relative), **expect))
        return path

    def loaded(self) -> list[Expect]:
        return [e for e in self.expected if e.loaded and not e.either]

    def skipped(self) -> list[Expect]:
        return [e for e in self.expected if not e.loaded and not e.either]


def article(title: str, body: str = PROSE) -> str:
    return f"{title}\n\n{body}"


def build(root: Path, *, specials: bool = True) -> Corpus:
    """Write the hostile corpus under `root` (created). `specials`: also symlinks, a FIFO,
    an unreadable file and odd names (everything a plain folder copy would lose)."""
    root.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(root)
    rng = random.Random(20240601)

    # ---- binary files, whatever their suffix
    corpus.add("binary.txt", bytes(rng.randrange(256) for _ in range(8192)), loaded=False, reason="binary")
    no_nul = bytes(rng.randrange(1, 256) for _ in range(8192))
    corpus.add("binary_no_nul.txt", no_nul, loaded=False, reason="binary")
    corpus.add(
        "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(512)), loaded=False, reason="PNG"
    )
    corpus.add("archive.md", b"PK\x03\x04" + b"\x14\x00" * 40 + b"hello.txt", loaded=False, reason="ZIP")
    corpus.add("document.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", loaded=False, reason="PDF")
    corpus.add(
        "nul_late.txt", b"Headline\n\n" + b"text " * 100 + b"\x00\x01\x02\x03" * 200, loaded=False, reason="binary"
    )

    # ---- encodings
    latin1 = article(
        "Élysée talks",
        "Le président a rencontré les élèves à Zürich. Über alles, garçon! Die Größe der Maßnahmen überrascht.\n",
    )
    corpus.add("latin1.txt", latin1.encode("latin-1"), loaded=True, text=latin1)
    cp1252 = article("“Smart” quotes", "He said “hello” — it’s über-cool, café… «Très bien», said Müller. 5 €.\n")
    corpus.add("cp1252.txt", cp1252.encode("cp1252"), loaded=True, text=cp1252)
    short = "café"
    corpus.add("short_latin1.txt", short.encode("latin-1"), loaded=True, text=short)
    quotes = "“Putin” said"
    corpus.add("short_cp1252.txt", quotes.encode("cp1252"), loaded=True, text=quotes)
    utf16 = article("UTF-16 — Zürich “quoted”", PROSE + "Emoji 🌍 and 漢字.\n")
    corpus.add("utf16le.txt", codecs.BOM_UTF16_LE + utf16.encode("utf-16-le"), loaded=True, text=utf16)
    corpus.add("utf16be.txt", codecs.BOM_UTF16_BE + utf16.encode("utf-16-be"), loaded=True, text=utf16)
    corpus.add("utf8bom.txt", codecs.BOM_UTF8 + utf16.encode("utf-8"), loaded=True, text=utf16)
    corpus.add("utf16_odd.txt", codecs.BOM_UTF16_LE + utf16.encode("utf-16-le")[:-1], loaded=False, reason="utf-16")
    broken = article("Mostly UTF-8 — déjà vu", PROSE)
    data = broken.encode("utf-8")
    corpus.add(
        "invalid_utf8.txt",
        data[:8] + b"\xff" + data[8:],
        loaded=True,
        text=(data[:8] + b"\xff" + data[8:]).decode("utf-8", "replace"),
    )
    corpus.add(
        "truncated_utf8.txt",
        "Zürich — “café”".encode()[:-1],
        loaded=True,
        text="Zürich — “café”".encode()[:-1].decode("utf-8", "replace"),
    )
    corpus.add("empty.txt", b"", loaded=False, reason="empty")
    corpus.add("blank.txt", b" \n\t\r\n   \n", loaded=False, reason="white space")
    corpus.add("bom_only.txt", codecs.BOM_UTF8, loaded=False, reason="empty")
    corpus.add("blank_utf16.txt", codecs.BOM_UTF16_LE + "  \n ".encode("utf-16-le"), loaded=False, reason="empty")

    # ---- terminal-hostile content (valid UTF-8: the CLI must neutralise it, not refuse it)
    hostile = "\n".join(
        [
            f"Title {ESCAPES['title']} {ESCAPES['clear']} {BIDI}",
            "",
            *(f"{PROSE.strip()} {name}: {seq} end." for name, seq in ESCAPES.items()),
            f"Vladimir Putin said {' '.join(MARKUP)} {ESCAPES['title']} {ESCAPES['osc8']} {BIDI}.",
            f"Macron said {LONG_WORD} and Putin said {LONG_WORD[:300]}.",
            "",
        ]
    )
    corpus.add("hostile.txt", hostile.encode("utf-8"), loaded=True, text=hostile)
    front = (
        "---\ntitle: [bold]Evil \x1b]0;pwned\x07 title[/bold]\nsource: [link=http://evil.example]Evil"
        "[/link] \x1b[2J News \u202e\nurl: http://x\x1b[2J\ndate: 2024-01-01\x07\n---\n" + PROSE
    )
    corpus.add("front.md", front.encode("utf-8"), loaded=True, text=front)
    crlf = article("CRLF headline", PROSE).replace("\n", "\r\n")
    corpus.add("crlf.txt", crlf.encode("utf-8"), loaded=True, text=crlf)

    # ---- folders
    deep = "/".join(f"d{level:02d}" for level in range(60))
    corpus.add(f"{deep}/deep.txt", article("Sixty folders down").encode(), loaded=True)
    corpus.add(".hidden.txt", b"hidden", loaded=False)
    corpus.expected.pop()
    corpus.silent.append(".hidden.txt")
    corpus.add(".git/HEAD.txt", b"ref", loaded=False)
    corpus.expected.pop()
    corpus.silent.append(".git/HEAD.txt")
    for other in ("notes.rst", "picture.png", "data.json", "README"):
        corpus.add(other, article("Not an article suffix").encode(), loaded=False)
        corpus.expected.pop()
        corpus.silent.append(other)
    corpus.add("sidecar/good.txt", article("Sidecar folder").encode(), loaded=True)
    (root / "sidecar" / "sources.toml").write_text('["good.txt"\ntitle = \x1b[2J broken', encoding="utf-8")

    if specials:
        _specials(corpus)
    return corpus


def _specials(corpus: Corpus) -> None:
    root = corpus.root
    # names with a newline, non-UTF-8 bytes, escapes, bidi and markup in them
    for raw in (
        b"new\nline.txt",
        b"caf\xe9 latin1 name.txt",
        b"\xff\xfe bad bytes.txt",
        b"\x1b]0;pwned\x07 title.txt",
        b"\x1b[2J clear.txt",
        "\x9b2J c1.txt".encode(),
        "\u202etxt.exe evil.txt".encode(),
        b"[@click=app.quit]quit markup.txt",
        b"[link=evil.example]x [bold]name.txt",
        b"tab\tname.txt",
    ):
        corpus.add(raw, article("Odd name", PROSE).encode(), loaded=True, text=article("Odd name", PROSE))
    corpus.add(b"\x1b]0;pwned\x07 empty \xff.txt", b"", loaded=False, reason="empty")

    # symlink loops (must terminate) and a link to a real article
    loops = root / "loops"
    loops.mkdir()
    os.symlink(".", loops / "again")  # a folder loop
    os.symlink("..", loops / "up")
    os.symlink("self.txt", loops / "self.txt")
    os.symlink("b.txt", loops / "a.txt")
    os.symlink("a.txt", loops / "b.txt")
    os.symlink("missing-target.txt", loops / "dangling.txt")
    for name in ("self.txt", "a.txt", "b.txt"):
        corpus.expected.append(Expect(f"loops/{name}", loaded=False, reason="symbolic links"))
    corpus.expected.append(Expect("loops/dangling.txt", loaded=False, reason="no such file"))
    os.symlink("../latin1.txt", loops / "link.txt")
    corpus.expected.append(
        Expect("loops/link.txt", loaded=True, text=next(e.text for e in corpus.expected if e.name == "latin1.txt"))
    )
    # a FIFO named like an article: must not block
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "fifo.txt")
        corpus.expected.append(Expect("fifo.txt", loaded=False, reason="not a regular file"))
    # a folder named like an article
    (root / "folder.txt").mkdir()
    # no read permission: under root it is still readable, so either outcome is right
    locked = corpus.add("locked.txt", article("Locked").encode(), loaded=False, reason="permission")
    locked.chmod(0)
    if os.access(locked, os.R_OK):
        corpus.expected[-1].either = True
    locked_dir = root / "locked_dir"
    locked_dir.mkdir()
    (locked_dir / "inside.txt").write_text(article("Inside a locked folder"), encoding="utf-8")
    locked_dir.chmod(0)
    corpus.expected.append(Expect("locked_dir/inside.txt", loaded=False, reason="", either=True))


def unlock(root: Path) -> None:
    """Give back permissions so pytest can delete the tmp folder."""
    for path in (root / "locked.txt", root / "locked_dir"):
        if path.exists():
            path.chmod(0o700)


def write_big(path: Path, size: int = 50 * 1024 * 1024) -> Path:
    """A sparse file of `size` bytes: instant to make, takes no disk, and is still too large."""
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


def write_long_line(path: Path, size: int = 10 * 1024 * 1024) -> str:
    """A single line of about `size` bytes of words, no newline; returns the text."""
    words = "Putin said Macron agreed in Paris on Tuesday and the talks went on "
    text = "Headline of one line " + words * (size // len(words))
    path.write_text(text, encoding="utf-8")
    return text


def write_many(root: Path, count: int = 10_000, per_folder: int = 1000) -> None:
    for number in range(count):
        folder = root / f"batch{number // per_folder:03d}"
        if number % per_folder == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"a{number:05d}.txt").write_bytes(b"Tiny %d\n\nPutin said %d.\n" % (number, number))
