"""TinyDB storages: an atomic JSON file and the in-memory one, behind a transaction.

TinyDB's own JSONStorage rewrites its file in place, so a crash mid-write leaves half a file.
Ours writes a temporary file, fsyncs it and renames it over the old one: a reader sees the old
store or the new one, never a mix. A file that cannot be read (empty, not UTF-8, not JSON, a
schema this version does not know) stops the program with a message naming it; it is never
taken for a fresh start.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from .lock import WriteLock, write_lock

# A file's identity: (inode, mtime in ns, size); every write renames a new file into place.
Signature = tuple[int, int, int] | None

logger = logging.getLogger(__name__)

# A temporary file older than this is a crash's leftover, not another process's write.
STALE_TEMPORARY_SECONDS = 60.0


class CorruptStore(RuntimeError):
    """A store file the program cannot use; it is left untouched for the operator."""

    def __init__(self, path: Path, detail: str,
                 advice: str = "Zet een back-up terug of verplaats het bestand om opnieuw te "
                               "beginnen.") -> None:
        self.path = path
        super().__init__(f"opslagbestand {path} is onbruikbaar ({detail}); het is niet "
                         f"gewijzigd. {advice}")


class UnsupportedSchema(CorruptStore):
    """A store written by another version of the program."""

    def __init__(self, path: Path, found: object, supported: int) -> None:
        super().__init__(path, f"schemaversie {found!r}, deze versie kent t/m {supported}",
                         "Gebruik de briefingbot-versie die het schreef, of zet een back-up "
                         "terug.")


class StoreWriteError(RuntimeError):
    """A write that failed (a full disk, a read-only file system): nothing was changed, on
    disk or in memory."""

    def __init__(self, path: Path | None, error: OSError) -> None:
        self.path = path
        super().__init__(f"kon {path or 'de opslag'} niet schrijven: "
                         f"{error.strerror or error}")


def write_atomically(path: Path, data: bytes) -> None:
    """Replaces `path` by `data`: a temporary file, fsynced, renamed over it. The file keeps
    its permissions (mkstemp would make it 0600)."""
    mode = _mode_of(path)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def _mode_of(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_directory(directory: Path) -> None:
    # The rename is durable only once the directory entry is on disk too.
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def remove_stale_temporaries(directory: Path, now: float | None = None) -> list[Path]:
    """Temporary files a crash left behind (`.<name>.*.tmp`); a young one may be another
    process's write in progress and is left alone."""
    now = time.time() if now is None else now
    removed = []
    for path in directory.glob(".*.tmp"):
        try:
            if now - path.stat().st_mtime >= STALE_TEMPORARY_SECONDS:
                path.unlink()
                removed.append(path)
        except FileNotFoundError:
            continue
    return removed


def read_json_file(path: Path) -> Any | None:
    """The parsed file, None when it does not exist; CorruptStore for anything unreadable."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    if not data.strip():
        raise CorruptStore(path, "het bestand is leeg")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CorruptStore(path, f"geen geldige UTF-8 vanaf byte {error.start}") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CorruptStore(path, f"geen geldige JSON: {error}") from error


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def read(self) -> dict[str, dict[str, Any]] | None:
        data = read_json_file(self.path)
        if data is not None and not isinstance(data, dict):
            raise CorruptStore(self.path, "geen JSON-object")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        encoded = json.dumps(data, ensure_ascii=False, sort_keys=True,
                             separators=(",", ":")).encode("utf-8")
        try:
            write_atomically(self.path, encoded)
        except OSError as error:
            raise StoreWriteError(self.path, error) from error

    def close(self) -> None:
        pass


class MemoryStorage(Storage):
    """The in-memory backend, also the test fake: it copies like a file does, so a caller can
    never change stored data without writing it."""

    def __init__(self) -> None:
        self.memory: dict[str, dict[str, Any]] | None = None

    def read(self) -> dict[str, dict[str, Any]] | None:
        return copy.deepcopy(self.memory)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.memory = copy.deepcopy(data)


class TransactionStorage(Storage):
    """Holds the data in memory between transactions; TinyDB changes it in place, `commit`
    writes it to the backing storage, `discard` forgets every change since the last commit (the
    next read comes from the backing storage, which still has the committed data)."""

    def __init__(self, backing: Storage) -> None:
        self.backing = backing
        self._data: dict[str, dict[str, Any]] | None = None
        self._changed = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._data is None:
            self._data = self.backing.read()
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data
        self._changed = True

    def commit(self) -> None:
        if self._changed and self._data is not None:
            self.backing.write(self._data)
        self._changed = False

    def discard(self) -> None:
        self._data = None
        self._changed = False

    def close(self) -> None:
        pass


class StoreTable(Table):
    """TinyDB's table, able to forget what it cached from the file: its query results and the
    next document id (after a rollback, or another process's write, both may be wrong)."""

    def forget_cache(self) -> None:
        self.clear_cache()
        self._next_id = None


def file_signature(path: Path | None) -> Signature:
    if path is None:
        return None
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


class Database:
    """A TinyDB whose writes happen once per transaction, all or nothing, under the data
    directory's write lock, on a fresh copy of the file: a transaction that raises, or whose
    write fails, leaves the file and the memory as they were."""

    def __init__(self, path: Path | None, lock: WriteLock | None = None,
                 read_now: bool = True) -> None:
        self.path = path
        self.lock = lock or write_lock(path.parent if path else None)
        self._storage = TransactionStorage(AtomicJSONStorage(path) if path else MemoryStorage())
        self.db = TinyDB(storage=lambda: self._storage)
        self.db.table_class = StoreTable
        self._names: set[str] = set()
        self._seen = self.signature()
        if read_now:
            self._storage.read()  # fail fast on a bad file

    def table(self, name: str) -> StoreTable:
        self._names.add(name)
        table = self.db.table(name)
        assert isinstance(table, StoreTable)
        return table

    def check_schema(self, supported: int) -> None:
        """No document may carry a schema version this program does not know (a document
        without one is a bad record, set aside when it is read)."""
        for table in (self._storage.read() or {}).values():
            for doc in table.values():
                version = doc.get("schema_version") if isinstance(doc, dict) else None
                if version is not None and (not isinstance(version, int)
                                            or not 1 <= version <= supported):
                    raise UnsupportedSchema(self.path or Path("<memory>"), version, supported)

    def signature(self) -> Signature:
        """Identifies the file's current version (every write renames a new file into place)."""
        return file_signature(self.path)

    @contextmanager
    def transaction(self, written: Callable[[Signature], None] | None = None
                    ) -> Iterator[None]:
        """Holds the write lock, re-reads the file if another process wrote it since we last
        looked, and writes once at the end (or rolls back, in memory too). `written` is told
        the file's new signature while the lock is still held."""
        with self.lock.held():
            if self.lock.outermost:
                self._refresh()
            try:
                yield
                if self.lock.outermost:
                    self._storage.commit()
            except BaseException:
                self._rollback()
                raise
            self._seen = self.signature()
            if written is not None:
                written(self._seen)

    def refresh(self) -> None:
        """Before a read that must see what other processes wrote since we last looked."""
        with self.fresh():
            pass

    @contextmanager
    def fresh(self) -> Iterator[None]:
        """A consistent read: holds the write lock (no thread or process writes meanwhile)
        and first re-reads what others wrote since we last looked."""
        with self.lock.held():
            if self.lock.outermost:
                self._refresh()
            yield

    def _refresh(self) -> None:
        current = self.signature()
        if current != self._seen:
            # Another writer replaced the file: our cached documents and TinyDB's cached next
            # document id are stale, and writing from them would overwrite its work.
            self._rollback()
            self._seen = current

    def _rollback(self) -> None:
        self._storage.discard()
        self._forget_tables()

    def _forget_tables(self) -> None:
        for name in self._names:
            self.table(name).forget_cache()

    def evict(self) -> None:
        """Drops the in-memory copy; the next read comes from the file again. A reader that
        has built its own view (the library) need not keep a second copy alive."""
        self._storage.commit()
        self._forget_tables()
        self._storage.discard()
        self._seen = self.signature()

    def drain(self, table: str) -> Iterator[dict[str, Any]]:
        """A table's documents in insertion order, each dropped from memory once handed out;
        the next read comes from the file again. For a reader that builds its own copy (the
        library), so the raw documents and the copy are never both whole in memory."""
        self.evict()  # read the file as it is now, not a copy cached before another's write
        data = self._storage.backing.read() or {}
        self.evict()
        documents = data.pop(table, {})
        del data
        for doc_id in sorted(documents, key=int):
            yield documents.pop(doc_id)
