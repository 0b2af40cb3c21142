"""Release texts in SQLite (`texts.sqlite`), the record of every release's sections.

The TinyDB corpus keeps what is small and structured (metadata, measures, milestones); TinyDB
reads its whole file at start, so the texts, most of the corpus by size, live here and are read
only when an answer needs them. Texts are keyed by content hash: an update adds a row instead
of overwriting one, so a crash between this file and the corpus file never leaves an
announcement pointing at text it did not have. The search index (search_index.py) lives in the
same file and is derived from it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from briefings.model import Section

SCHEMA = """
CREATE TABLE IF NOT EXISTS texts (hash TEXT PRIMARY KEY, sections BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


WAL_LIMIT = 64 * 1024 * 1024


class TextDatabase:
    """One SQLite connection, in WAL mode so a reader (the bot) never waits for a writer (an
    ingest from the command line)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit; transactions are explicit (BEGIN IMMEDIATE). One connection serves the
        # event loop and the odd worker thread, serialised by our own lock.
        self.connection = sqlite3.connect(str(path) if path else ":memory:",
                                          isolation_level=None, check_same_thread=False)
        self.guard = threading.RLock()
        if path is not None:
            self.connection.execute("PRAGMA journal_mode=WAL")
            # A library reading an older version holds checkpoints back; once it is let go,
            # the log is cut back to this size instead of keeping its largest.
            self.connection.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT}")
        # FULL: the corpus file is written right after this commit and must never point at
        # text that a power cut took back.
        self.connection.execute("PRAGMA synchronous=FULL")
        self.connection.executescript(SCHEMA)
        self._depth = 0

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing; nested calls join the outer transaction."""
        with self.guard:
            if self._depth:
                self._depth += 1
                try:
                    yield self.connection
                finally:
                    self._depth -= 1
                return
            self.connection.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self.connection
            except BaseException:
                self._rollback()
                raise
            finally:
                self._depth = 0
            try:
                self.connection.execute("COMMIT")
            except BaseException:
                # A failed COMMIT (a full disk, a deferred constraint) can leave the transaction
                # open, and then every later BEGIN fails: end it here, all or nothing.
                self._rollback()
                raise

    def _rollback(self) -> None:
        """Ends the open transaction, if SQLite has not ended it already; a failing ROLLBACK
        must not hide the error that caused it."""
        if self.connection.in_transaction:
            with suppress(sqlite3.Error):
                self.connection.execute("ROLLBACK")

    def get_meta(self, key: str) -> str | None:
        with self.guard:
            row = self.connection.execute("SELECT value FROM meta WHERE key = ?",
                                          (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def close(self) -> None:
        self.connection.close()


class ReleaseTexts:
    """Sections by content hash."""

    def __init__(self, database: TextDatabase) -> None:
        self._db = database

    def put(self, texts: Iterable[tuple[str, tuple[Section, ...]]]) -> None:
        with self._db.transaction() as db:
            db.executemany("INSERT OR IGNORE INTO texts (hash, sections) VALUES (?, ?)",
                           ((digest, pack(sections)) for digest, sections in texts))

    def sections(self, content_hash: str) -> tuple[Section, ...]:
        with self._db.guard:
            row = self._db.connection.execute("SELECT sections FROM texts WHERE hash = ?",
                                              (content_hash,)).fetchone()
        return unpack(row[0]) if row else ()

    def paragraphs(self, content_hash: str) -> tuple[str, ...]:
        """The release's paragraphs in order, without building (and compressing) sections:
        search snippets read five releases per page."""
        with self._db.guard:
            row = self._db.connection.execute("SELECT sections FROM texts WHERE hash = ?",
                                              (content_hash,)).fetchone()
        if not row:
            return ()
        return tuple(p for _, paragraphs in json.loads(zlib.decompress(row[0]))
                     for p in paragraphs)

    def has(self, content_hash: str) -> bool:
        with self._db.guard:
            return self._db.connection.execute("SELECT 1 FROM texts WHERE hash = ?",
                                               (content_hash,)).fetchone() is not None

    def prune(self, keep: set[str]) -> int:
        """Drops texts no announcement points at any more (the old versions of updates)."""
        with self._db.transaction() as db:
            stored = [h for (h,) in db.execute("SELECT hash FROM texts")]
            gone = [(h,) for h in stored if h not in keep]
            db.executemany("DELETE FROM texts WHERE hash = ?", gone)
        return len(gone)


def pack(sections: tuple[Section, ...]) -> bytes:
    data = [[s.heading, list(s.paragraphs)] for s in sections]
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                         .encode("utf-8"))


def unpack(blob: bytes) -> tuple[Section, ...]:
    return tuple(Section(heading, tuple(paragraphs))
                 for heading, paragraphs in json.loads(zlib.decompress(blob)))
