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

from .lock import WriteLock, write_lock


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
    """A TinyDB whose writes happen once per transaction, all or nothing, under the data
    directory's write lock, on a fresh copy of the file."""

    def __init__(self, path: Path | None, lock: WriteLock | None = None) -> None:
        self.path = path
        self.lock = lock or write_lock(path.parent if path else None)
        self._middleware = CachingMiddleware(
            (lambda: AtomicJSONStorage(path)) if path else MemoryStorage)
        self._middleware.WRITE_CACHE_SIZE = 1 << 30  # we flush explicitly, once per transaction
        self.db = TinyDB(storage=self._middleware)
        self._seen = self.signature()
        self._middleware.read()  # fail fast on a corrupt file

    def table(self, name: str):
        return self.db.table(name)

    def signature(self) -> tuple[int, int, int] | None:
        """Identifies the file's current version (every write renames a new file into place)."""
        if self.path is None:
            return None
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (info.st_ino, info.st_mtime_ns, info.st_size)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Holds the write lock, re-reads the file if another process wrote it since we last
        looked, and flushes once at the end (or rolls back)."""
        with self.lock.held():
            if self.lock.outermost:
                self._refresh()
            try:
                yield
            except BaseException:
                self._rollback()
                raise
            self._middleware.flush()
            self._seen = self.signature()

    def refresh(self) -> None:
        """Before a read that must see what other processes wrote since we last looked."""
        with self.lock.held():
            if self.lock.outermost:
                self._refresh()

    def _refresh(self) -> None:
        current = self.signature()
        if current != self._seen:
            # Another writer replaced the file: our cached documents and TinyDB's cached next
            # document id are stale, and writing from them would overwrite its work.
            self._rollback()
            self._seen = current

    def _rollback(self) -> None:
        self._middleware.cache = None
        self._middleware._cache_modified_count = 0
        for table in self.db._tables.values():
            table.clear_cache()
            table._next_id = None  # TinyDB caches it; another writer may have used it

    def evict(self) -> None:
        """Drops the in-memory copy; the next read comes from the file again. A reader that
        has built its own view (the library) need not keep a second copy alive."""
        self._middleware.flush()
        for table in self.db._tables.values():
            table.clear_cache()
            table._next_id = None
        self._middleware.cache = None
        self._seen = self.signature()

    def drain(self, table: str) -> Iterator[dict[str, Any]]:
        """A table's documents in insertion order, each dropped from memory once handed out;
        the next read comes from the file again. For a reader that builds its own copy (the
        library), so the raw documents and the copy are never both whole in memory."""
        self.evict()  # read the file as it is now, not a copy cached before another's write
        data = self._middleware.read() or {}
        self.evict()
        documents = data.pop(table, {})
        del data
        for doc_id in sorted(documents, key=int):
            yield documents.pop(doc_id)

