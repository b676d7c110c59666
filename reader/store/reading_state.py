"""Reading state that survives between runs: read/unread, scroll positions, the last article,
the active entity, the theme. SQLite under the user data folder, WAL and short transactions so
two readers at once keep both sets of changes.

Nothing the user saved is lost. A state file that cannot be used this time (a full disk, an
I/O error, read-only, locked) is left exactly as it is: the session runs without saving, and
`notice` says so. Only a file that is really damaged, or from a newer reader, is renamed aside
(with its WAL), never overwritten nor deleted, and a fresh one is started; `set_aside_copies`
lists such copies and `restore_set_aside` puts one back (`reader restore-state`), and the
notice of the start after says that a copy is kept.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import time
from pathlib import Path

from reader.store.db import connect, is_corrupt, reason, user_version

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    path TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    scroll INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
    corpus TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (corpus, key)
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


RESTORE_COMMAND = "reader restore-state"
_NOTICED = "notice.set-aside-copy"  # the setting: which copy the last reminder was about
# A state file and the files SQLite keeps beside it, which belong to it: the WAL holds its
# latest changes, the journal what undoes an unfinished one.
_COMPANIONS = ("-wal", "-journal", "-shm")


class _NewerSchema(sqlite3.DatabaseError):
    pass


def digest(text: str) -> str:
    """A short fingerprint of an article's text: saved positions apply only to the same text."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


class ReadingState:
    def __init__(self, path: Path | None) -> None:
        """`path=None`: keep nothing (`--no-state`)."""
        self.path = path
        self.notice = ""
        self._db: sqlite3.Connection | None = None
        if path is not None:
            self._open(path)

    @property
    def saving(self) -> bool:
        return self._db is not None

    def _open(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.notice = f"Reading state not saved: cannot create {path.parent} ({exc.strerror or exc})"
            return
        try:
            self._db = self._connect(path)
        except _NewerSchema as exc:
            self._set_aside(path, str(exc))
        except sqlite3.DatabaseError as exc:
            if is_corrupt(exc):
                self._set_aside(path, f"unreadable ({exc})")
            else:
                # A full disk or an I/O error says nothing about the file, which may hold
                # everything the user read: it stays as it is, for the next start.
                self.notice = (
                    f"Reading state not saved this session: {path} cannot be used now ({reason(exc, path)});"
                    " it is kept as it is"
                )
        else:
            self._mention_set_aside_copy(path)

    def _set_aside(self, path: Path, why: str) -> None:
        try:
            aside = _move_aside(path, "unreadable")
        except OSError as exc:
            self.notice = (
                f"Reading state not saved: {path} is {why}, and could not be moved aside ({exc.strerror or exc})"
            )
            return
        self.notice = (
            f"Reading state in {path} was {why}; kept it as {aside.name} and started afresh"
            f" (`{RESTORE_COMMAND}` puts it back)"
        )
        try:
            self._db = self._connect(path)
        except sqlite3.DatabaseError as again:
            self.notice += f"; saving is off ({reason(again, path)})"

    def _mention_set_aside_copy(self, path: Path) -> None:
        """Once more, at the start after a copy was set aside (its notice is easily missed while
        the articles load): where it is and how to put it back."""
        copies = set_aside_copies(path)
        if not copies or self.setting(_NOTICED) == copies[0].name:
            return
        self.notice = (
            f"An earlier reading state is kept beside {path} as {copies[0].name}; `{RESTORE_COMMAND}` puts it back"
        )
        self.save_setting(_NOTICED, copies[0].name)

    def _connect(self, path: Path) -> sqlite3.Connection:
        db = connect(path)
        try:
            version = user_version(db)
            if version > SCHEMA_VERSION:
                raise _NewerSchema(f"made by a newer reader (schema {version})")
            db.execute("PRAGMA journal_mode = WAL")  # no retries: a locked state file turns saving off
            db.executescript(_SCHEMA)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("SELECT count(*) FROM articles").fetchone()
        except BaseException:
            db.close()
            raise
        return db

    def _write(self, sql: str, params: tuple) -> None:
        if self._db is None:
            return
        try:
            self._db.execute(sql, params)
        except sqlite3.DatabaseError as exc:
            self.notice = f"Reading state not saved from now on: {self.path}: {reason(exc, self.path)}"
            self.close()

    def _read(self, sql: str, params: tuple) -> list[tuple]:
        if self._db is None:
            return []
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            self.notice = f"Reading state could not be read: {self.path}: {reason(exc, self.path)}"
            return []

    # ------------------------------------------------------------ articles

    def article(self, path: str, text_digest: str) -> tuple[bool, int]:
        """(read, scroll) for this article, if saved for the same text; else (False, 0)."""
        rows = self._read("SELECT read, scroll FROM articles WHERE path = ? AND digest = ?", (path, text_digest))
        return (bool(rows[0][0]), int(rows[0][1])) if rows else (False, 0)

    def read_paths(self, paths: list[str]) -> set[str]:
        """Which of these articles were read (by path: the list shows this before any text is read)."""
        wanted = set(paths)
        return {path for path, read in self._read("SELECT path, read FROM articles", ()) if read and path in wanted}

    def save_article(self, path: str, text_digest: str, read: bool, scroll: int) -> None:
        self._write(
            "INSERT INTO articles (path, digest, read, scroll) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(path) DO UPDATE SET digest = excluded.digest, read = excluded.read, scroll = excluded.scroll",
            (path, text_digest, int(read), int(scroll)),
        )

    # ------------------------------------------------------------ sessions and settings

    def session(self, corpus: str) -> dict[str, str]:
        return dict(self._read("SELECT key, value FROM sessions WHERE corpus = ?", (corpus,)))

    def save_session(self, corpus: str, key: str, value: str) -> None:
        self._write("INSERT OR REPLACE INTO sessions (corpus, key, value) VALUES (?, ?, ?)", (corpus, key, value))

    def setting(self, key: str, default: str = "") -> str:
        rows = self._read("SELECT value FROM settings WHERE key = ?", (key,))
        return rows[0][0] if rows else default

    def save_setting(self, key: str, value: str) -> None:
        self._write("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            finally:
                self._db = None


# ------------------------------------------------------------ copies set aside


def _aside_pattern(path: Path) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(path.name)}\.(?:unreadable|replaced)-(\d{{8}}-\d{{6}})(?:-(\d+))?")


def set_aside_copies(path: Path) -> list[Path]:
    """The copies of the state file `path` kept beside it, newest first: those set aside as
    unreadable, and those a restore replaced."""
    pattern = _aside_pattern(path)
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    found = []
    for name in names:
        match = pattern.fullmatch(name)
        if match:
            found.append(((match[1], int(match[2] or 1)), path.with_name(name)))
    return [copy for _, copy in sorted(found, reverse=True)]


def restore_set_aside(path: Path, copy: Path) -> Path | None:
    """Put `copy` (one of `set_aside_copies(path)`) back as the state file. The current file,
    if any, is kept aside in turn; returns where, or None. Nothing is deleted. Raises
    ValueError for a file that is not such a copy, and OSError when a file cannot be moved
    (then everything is where it was). Meant for when no reader is running: one that is keeps
    saving into the file it has open, wherever that file is moved."""
    copy = Path(copy)
    if os.path.realpath(copy.parent) != os.path.realpath(path.parent) or not _aside_pattern(path).fullmatch(copy.name):
        raise ValueError(f"{copy} is not a copy of {path} set aside")
    if not copy.is_file():
        raise ValueError(f"{copy} is not there any more")
    current = any(os.path.lexists(f"{path}{suffix}") for suffix in ("", *_COMPANIONS))
    replaced = _move_aside(path, "replaced") if current else None
    try:
        _move_together(copy, path)
    except OSError:
        if replaced is not None:
            try:
                _move_together(replaced, path)
            except OSError:
                pass  # both are still there, under the names the error and the listing give
        raise
    return replaced


def _move_aside(path: Path, kind: str) -> Path:
    """Rename the state file (and its companions) to a name of its own beside it."""
    stamp = _stamp()
    number = 1
    while True:
        aside = path.with_name(f"{path.name}.{kind}-{stamp}" + (f"-{number}" if number > 1 else ""))
        if not any(os.path.lexists(f"{aside}{suffix}") for suffix in ("", *_COMPANIONS)):
            try:
                _move_together(path, aside)
            except FileExistsError:  # another reader took the name meanwhile
                pass
            else:
                return aside
        number += 1


def _stamp() -> str:
    return time.strftime("%Y%m%d-%H%M%S")


def _move_together(source: Path, target: Path) -> None:
    """Move a database file and its companions, all or none, never over an existing file: a WAL
    left behind would be replayed into whatever database takes the name next."""
    moved: list[str] = []
    try:
        for suffix in ("", *_COMPANIONS):
            if os.path.lexists(f"{source}{suffix}"):
                _rename_without_replacing(f"{source}{suffix}", f"{target}{suffix}")
                moved.append(suffix)
    except OSError:
        for suffix in reversed(moved):
            try:
                os.rename(f"{target}{suffix}", f"{source}{suffix}")
            except OSError:
                pass
        raise


def _rename_without_replacing(source: str, target: str) -> None:
    # os.rename replaces an existing target; a hard link fails instead (FileExistsError).
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if os.path.lexists(target):
            raise FileExistsError(target) from None
        os.rename(source, target)
        return
    os.unlink(source)
