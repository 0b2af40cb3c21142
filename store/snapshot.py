"""The library's announcements (without their texts) as one stored snapshot in texts.sqlite, so
a start reads one compressed blob instead of reading and decoding all of corpus.json.

Derived, like the search index: written by every ingest inside its write-locked transaction,
and sealed with corpus.json's file signature (inode, mtime, size) right after that file is
written, still under the lock. It is trusted only while corpus.json has that very signature:
a crash between the two writes, a restored backup, a reindex, another program's write or a
new model layout all make it stale, and the start falls back to reading corpus.json and
writes it again. corpus.json stays the record.

The blob is a pickle, read with an unpickler that builds nothing but the model's own types
(and dates and decimals): a tampered file can make the start fail, never run code.
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
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefings import model
from briefings.model import Announcement

from .storage import Signature
from .texts import TextDatabase

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS snapshot (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    layout TEXT NOT NULL, fingerprint TEXT NOT NULL, count INTEGER NOT NULL,
    sealed TEXT, data BLOB NOT NULL);
"""
FORMAT = 1
_ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "timezone"),
            ("datetime", "timedelta"), ("decimal", "Decimal")}


def _layout() -> str:
    """Changes whenever a model type gains, loses or renames a field or an enum member: an
    old pickle would then build objects of the wrong shape."""
    parts = [str(FORMAT)]
    for name, value in sorted(vars(model).items()):
        if isinstance(value, type) and value.__module__ == model.__name__:
            if dataclasses.is_dataclass(value):
                parts.append(f"{name}({','.join(f.name for f in dataclasses.fields(value))})")
            elif issubclass(value, enum.Enum):
                parts.append(f"{name}[{','.join(m.value for m in value)}]")
    return hashlib.sha256(";".join(parts).encode()).hexdigest()[:16]


LAYOUT = _layout()


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == model.__name__ or (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} does not belong in a snapshot")



class LibrarySnapshot:
    def __init__(self, database: TextDatabase) -> None:
        self._db = database
        with database.guard:
            database.connection.executescript(SCHEMA)

    def _row(self, columns: str) -> tuple | None:
        with self._db.guard:
            return self._db.connection.execute(
                f"SELECT {columns} FROM snapshot WHERE id = 1 AND layout = ?",  # noqa: S608
                (LAYOUT,)).fetchone()

    def sealed_for(self, signature: Signature) -> bool:
        """True when the snapshot was taken of the corpus file that has this signature."""
        if signature is None:
            return False
        row = self._row("sealed")
        return row is not None and row[0] == json.dumps(list(signature))

    def fingerprint(self) -> str | None:
        row = self._row("fingerprint")
        return row[0] if row else None

    def count(self) -> int | None:
        row = self._row("count")
        return row[0] if row else None

    def load(self) -> list[Announcement] | None:
        """The stored announcements; None (logged) when the blob cannot be read."""
        row = self._row("data")
        if row is None:
            return None
        try:
            loaded = _ModelUnpickler(io.BytesIO(zlib.decompress(row[0]))).load()
        except (pickle.UnpicklingError, zlib.error, EOFError, AttributeError, TypeError,
                ValueError) as error:
            logger.warning("the library snapshot in texts.sqlite is unreadable, corpus.json "
                           "is read instead: %r", error)
            return None
        return loaded if isinstance(loaded, list) else None

    def put(self, announcements: Sequence[Announcement], fingerprint: str) -> None:
        """Stores the snapshot unsealed: `seal` vouches for it once corpus.json is written."""
        data = zlib.compress(pickle.dumps(list(announcements), protocol=5), 1)
        with self._db.transaction() as db:
            db.execute("INSERT OR REPLACE INTO snapshot (id, layout, fingerprint, count, "
                       "sealed, data) VALUES (1, ?, ?, ?, NULL, ?)",
                       (LAYOUT, fingerprint, len(announcements), data))

    def seal(self, signature: Signature) -> None:
        with self._db.transaction() as db:
            db.execute("UPDATE snapshot SET sealed = ? WHERE id = 1",
                       (json.dumps(list(signature)) if signature else None,))

    def forget(self) -> None:
        with self._db.transaction() as db:
            db.execute("DELETE FROM snapshot")


def sealed_in(texts_file: Path, signature: Signature) -> bool:
    """`LibrarySnapshot.sealed_for`, asked of a file before the stores open (read-only: a
    directory the start then refuses must be left exactly as it was)."""
    if signature is None or not texts_file.exists():
        return False
    try:
        connection = sqlite3.connect(f"{texts_file.as_uri()}?mode=ro", uri=True)
        try:
            row = connection.execute("SELECT sealed FROM snapshot WHERE id = 1 AND layout = ?",
                                     (LAYOUT,)).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == json.dumps(list(signature))
