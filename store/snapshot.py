"""The library as tables in texts.sqlite, so a start opens them instead of reading corpus.json,
and answers read the few rows they show instead of the whole corpus living in memory.

One row per announcement (its record without the text, pickled), one per measure (which
announcement, which of its items, in the library's order, milestones with their dates), the
topics of both, and the answers that need the whole corpus (the budget overviews), computed
when the corpus is stored. `StoredLibrary` (stored_library.py) answers from them.

Derived, like the search index: written by every ingest inside its write-locked transaction,
and sealed with corpus.json's file signature (inode, mtime, size) right after that file is
written, still under the lock. It is trusted only while corpus.json has that very signature:
a crash between the two writes, a restored backup, a reindex, another program's write or a
new model layout all make it stale, and the start falls back to reading corpus.json and
writes it again. corpus.json stays the record.

Records are pickles, read with an unpickler that builds nothing but the model's and the
answers' own types (and dates and decimals): a tampered file can make the start fail, never
run code.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import io
import json
import logging
import pickle
import sqlite3
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

from briefings import answers, model, topics, views
from briefings.library import Library
from briefings.measures import Family, measures_in
from briefings.model import Announcement, Milestone

from .storage import Signature
from .texts import ReleaseTexts, TextDatabase

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS library_meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    layout TEXT NOT NULL, fingerprint TEXT NOT NULL, count INTEGER NOT NULL, sealed TEXT);
CREATE TABLE IF NOT EXISTS library_announcements (
    seq INTEGER PRIMARY KEY,            -- ingest order
    id TEXT NOT NULL UNIQUE,
    newest INTEGER NOT NULL UNIQUE,     -- rank, newest first
    ingested_at REAL,                   -- first seen, seconds since the epoch
    quiet INTEGER NOT NULL,             -- stored without alerting (a backfill, a first read)
    year INTEGER,                       -- of publication, when known
    data BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS library_announcements_seen ON library_announcements (ingested_at);
CREATE TABLE IF NOT EXISTS library_announcement_topics (
    topic TEXT NOT NULL, newest INTEGER NOT NULL, id TEXT NOT NULL,
    PRIMARY KEY (topic, newest)) WITHOUT ROWID;
-- One row per measure and topic, and one with topic '' for all: every question is a range.
CREATE TABLE IF NOT EXISTS library_measures (
    family TEXT NOT NULL, topic TEXT NOT NULL,
    position INTEGER NOT NULL,                         -- the library's order in its family
    id TEXT NOT NULL, item INTEGER NOT NULL,           -- which announcement, which of its items
    ends INTEGER, forward INTEGER,                     -- milestones: last day, forward-looking
    data BLOB,                          -- a milestone itself (topic '' only), for the plan
    PRIMARY KEY (family, topic, position)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS library_measures_ends
    ON library_measures (family, topic, forward, ends);
CREATE INDEX IF NOT EXISTS library_measures_days ON library_measures (family, topic, ends);
CREATE TABLE IF NOT EXISTS library_answers (key TEXT PRIMARY KEY, data BLOB NOT NULL);
"""
FORMAT = 6
_TABLES = ("library_announcements", "library_announcement_topics", "library_measures",
           "library_answers", "library_meta")
_EARLIER_TABLES = ("snapshot", "library_measure_topics")
_MODULES = {model.__name__, views.__name__, topics.__name__}
_ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "timezone"),
            ("datetime", "timedelta"), ("decimal", "Decimal")}


def _layout() -> str:
    """Changes whenever a stored type gains, loses or renames a field or an enum member (an
    old pickle would then build objects of the wrong shape), and whenever the core's code or
    data change: the stored answers hold finished text, counted and worded by that code."""
    parts = [str(FORMAT), _core_fingerprint()]
    for module in (model, views, topics):
        for name, value in sorted(vars(module).items()):
            if isinstance(value, type) and value.__module__ == module.__name__:
                if dataclasses.is_dataclass(value):
                    parts.append(f"{name}({','.join(f.name for f in dataclasses.fields(value))})")
                elif issubclass(value, enum.Enum):
                    parts.append(f"{name}[{','.join(str(m.value) for m in value)}]")
    return hashlib.sha256(";".join(parts).encode()).hexdigest()[:16]


def _core_fingerprint() -> str:
    core = Path(model.__file__).parent
    digest = hashlib.sha256()
    for path in sorted([*core.glob("*.py"), *core.glob("data/*")]):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


LAYOUT = _layout()


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        """Only a class defined in one of those modules, named directly: a dotted name
        (`re.enum.…`) would reach anything those modules import."""
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        if module in _MODULES and "." not in name:
            found = super().find_class(module, name)
            if isinstance(found, type) and found.__module__ == module:
                return found
        raise pickle.UnpicklingError(f"{module}.{name} does not belong in the library")


UNREADABLE = (pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError,
              IndexError, KeyError)


def decode(data: bytes) -> Any:
    """A stored record; raises one of UNREADABLE when it is damaged or tampered with."""
    return _ModelUnpickler(io.BytesIO(data)).load()


def _encode(value: object) -> bytes:
    return pickle.dumps(value, protocol=5)


STORED_ANSWERS = {"budget"}  # the kinds of answer stored with the corpus (the first key part)


def answer_key(key: Hashable) -> str:
    return json.dumps(key)


class StaleTables(RuntimeError):
    """The tables are not (or no longer) of the corpus file they were asked for."""


class LibraryTables:
    def __init__(self, database: TextDatabase) -> None:
        self.database = database
        with database.guard:
            if not _has_table(database.connection, "library_meta"):
                database.connection.executescript(SCHEMA)
        # Tables of another layout are left as they are: their meta row names that layout, so
        # they are never trusted, and the next write (under the lock) replaces them.

    def _meta(self, column: str) -> Any:
        with self.database.guard:
            row = self.database.connection.execute(
                f"SELECT {column} FROM library_meta WHERE id = 1 AND layout = ?",  # noqa: S608
                (LAYOUT,)).fetchone()
        return row[0] if row else None

    def sealed_for(self, signature: Signature) -> bool:
        """True when the tables were written of the corpus file that has this signature."""
        return signature is not None and self._meta("sealed") == json.dumps(list(signature))

    def fingerprint(self) -> str | None:
        return self._meta("fingerprint")  # type: ignore[no-any-return]

    def count(self) -> int | None:
        return self._meta("count")  # type: ignore[no-any-return]

    def load(self) -> list[Announcement] | None:
        """Every stored announcement, in ingest order; None (logged) when a record cannot be
        read."""
        with self.database.guard:
            rows = self.database.connection.execute(
                "SELECT data FROM library_announcements ORDER BY seq").fetchall()
        try:
            loaded = [decode(row[0]) for row in rows]
        except UNREADABLE as error:
            logger.warning("the library tables in texts.sqlite are unreadable, corpus.json is "
                           "read instead: %r", error)
            return None
        return loaded if all(isinstance(a, Announcement) for a in loaded) else None

    def put(self, announcements: Sequence[Announcement], fingerprint: str) -> None:
        """Writes the tables unsealed: `seal` vouches for them once corpus.json is written.
        The orders and the budget overviews come from the in-memory library of the same
        announcements, so both libraries answer alike."""
        library = Library(announcements, texts=ReleaseTexts(self.database))
        newest = {a.id: rank for rank, a in enumerate(library.announcements_about(None))}
        with self.database.transaction() as db:
            for table in (*_TABLES, *_EARLIER_TABLES):
                db.execute(f"DROP TABLE IF EXISTS {table}")  # noqa: S608
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.executemany(
                "INSERT INTO library_announcements (seq, id, newest, ingested_at, quiet, year, "
                "data) VALUES (?, ?, ?, ?, ?, ?, ?)",
                ((seq, a.id, newest[a.id], a.ingested_at.timestamp() if a.ingested_at else None,
                  int(a.quiet), a.published.year if a.published else None, _encode(a))
                 for seq, a in enumerate(announcements)))
            db.executemany(
                "INSERT OR IGNORE INTO library_announcement_topics (topic, newest, id) "
                "VALUES (?, ?, ?)",
                ((topic, newest[a.id], a.id) for a in announcements
                 for topic in a.extraction.topics))
            for family in Family:
                self._put_family(db, library, family)
            db.executemany("INSERT INTO library_answers (key, data) VALUES (?, ?)",
                           _stored_answers(library))
            db.execute("INSERT INTO library_meta (id, layout, fingerprint, count, sealed) "
                       "VALUES (1, ?, ?, ?, NULL)", (LAYOUT, fingerprint, len(announcements)))

    @staticmethod
    def _put_family(db: sqlite3.Connection, library: Library, family: Family) -> None:
        rows: list[tuple[object, ...]] = []
        item_of: dict[int, int] = {}
        for position, sourced in enumerate(library.measures(family)):
            if id(sourced.item) not in item_of:
                item_of.update((id(m), i) for i, m in enumerate(
                    measures_in(sourced.announcement.extraction, family)))
            item = sourced.item
            ends = item.date.end.toordinal() if isinstance(item, Milestone) else None
            forward = int(item.forward_looking) if isinstance(item, Milestone) else None
            data = _encode(item) if isinstance(item, Milestone) else None
            rows.extend((family.value, topic, position, sourced.announcement.id,
                         item_of[id(item)], ends, forward, None if topic else data)
                        for topic in ("", *set(item.topics)))
        db.executemany("INSERT INTO library_measures (family, topic, position, id, item, ends, "
                       "forward, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def reader(self, signature: Signature) -> sqlite3.Connection:
        """A connection of its own that sees the tables as they are now, until it is closed;
        raises StaleTables unless what it sees is sealed with `signature` (a writer may have
        come between the caller's check and this read). It only reads, but is not opened
        read-only: the last connection to close cleans up the write-ahead log, and a
        read-only one cannot."""
        path = self.database.path
        if path is None:
            raise ValueError("an in-memory store has no library tables to read apart")
        connection = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        try:
            connection.execute("BEGIN")
            row = connection.execute(  # the first read: the snapshot starts here
                "SELECT sealed FROM library_meta WHERE id = 1 AND layout = ?",
                (LAYOUT,)).fetchone()
            if signature is None or row is None or row[0] != json.dumps(list(signature)):
                raise StaleTables(path)
        except BaseException:
            connection.close()
            raise
        return connection

    def seal(self, signature: Signature) -> None:
        with self.database.transaction() as db:
            db.execute("UPDATE library_meta SET sealed = ? WHERE id = 1",
                       (json.dumps(list(signature)) if signature else None,))

    def forget(self) -> None:
        with self.database.transaction() as db:
            db.execute("DELETE FROM library_meta")


def _stored_answers(library: Library) -> list[tuple[str, bytes]]:
    """The budget overviews, for the whole corpus and per topic: each adds up every budget,
    which no answer should do while a user waits."""
    result = []
    for topic in (None, *(t.command for t in topics.topic_table().topics)):
        answer = answers.budget(library, topic)
        result.append((answer_key(("budget", topic)), _encode(answer)))
    return result


def _has_table(connection: sqlite3.Connection, name: str) -> bool:
    return connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                              (name,)).fetchone() is not None


def sealed_in(texts_file: Path, signature: Signature) -> bool:
    """`LibraryTables.sealed_for`, asked of a file before the stores open (read-only: a
    directory the start then refuses must be left exactly as it was)."""
    if signature is None or not texts_file.exists():
        return False
    try:
        connection = sqlite3.connect(f"{texts_file.as_uri()}?mode=ro", uri=True)
        try:
            row = connection.execute("SELECT sealed FROM library_meta WHERE id = 1 AND "
                                     "layout = ?", (LAYOUT,)).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == json.dumps(list(signature))
