"""TinyDB storages: an atomic JSON file and the in-memory one, behind a transaction.

TinyDB's own JSONStorage rewrites its file in place, so a crash mid-write leaves half a file.
Ours writes a temporary file, fsyncs it and renames it over the old one: a reader sees the old
store or the new one, never a mix.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import Storage


class CorruptStore(RuntimeError):
    """A store file that is not valid JSON; it is left untouched for the operator."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        super().__init__(f"opslagbestand {path} is beschadigd ({detail}); het is niet gewijzigd. "
                         "Zet een back-up terug of verplaats het bestand om opnieuw te beginnen.")


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        if not text.strip():
            return None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise CorruptStore(self.path, str(error)) from error
        if not isinstance(data, dict):
            raise CorruptStore(self.path, "geen JSON-object")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        encoded = json.dumps(data, ensure_ascii=False, sort_keys=True,
                             separators=(",", ":")).encode("utf-8")
        descriptor, temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp",
                                                 dir=self.path.parent)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(encoded)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _fsync_directory(self.path.parent)

    def close(self) -> None:
        pass


def _fsync_directory(directory: Path) -> None:
    # The rename is durable only once the directory entry is on disk too.
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class MemoryStorage(Storage):
    """The in-memory backend, also the test fake: it copies like a file does, so a caller can
    never change stored data without writing it."""

    def __init__(self) -> None:
        self.memory: dict[str, dict[str, Any]] | None = None

    def read(self) -> dict[str, dict[str, Any]] | None:
        return copy.deepcopy(self.memory)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.memory = copy.deepcopy(data)


class Database:
    """A TinyDB whose writes happen once per transaction, all or nothing."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._middleware = CachingMiddleware(
            (lambda: AtomicJSONStorage(path)) if path else MemoryStorage)
        self._middleware.WRITE_CACHE_SIZE = 1 << 30  # we flush explicitly, once per transaction
        self.db = TinyDB(storage=self._middleware)
        self._middleware.read()  # fail fast on a corrupt file

    def table(self, name: str):
        return self.db.table(name)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        try:
            yield
        except BaseException:
            self._rollback()
            raise
        self._middleware.flush()

    def _rollback(self) -> None:
        self._middleware.cache = None
        self._middleware._cache_modified_count = 0
        for table in self.db.tables():
            self.db.table(table).clear_cache()

    def evict(self) -> None:
        """Drops the in-memory copy; the next read comes from the file again. A reader that
        has built its own view (the library) need not keep a second copy alive."""
        self._middleware.flush()
        for table in self.db.tables():  # while the cache is still there to list them
            self.db.table(table).clear_cache()
        self._middleware.cache = None

    def drain(self, table: str) -> Iterator[dict[str, Any]]:
        """A table's documents in insertion order, each dropped from memory once handed out;
        the next read comes from the file again. For a reader that builds its own copy (the
        library), so the raw documents and the copy are never both whole in memory."""
        self._middleware.flush()
        data = self._middleware.read() or {}
        self.evict()
        documents = data.pop(table, {})
        del data
        for doc_id in sorted(documents, key=int):
            yield documents.pop(doc_id)

