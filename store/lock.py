"""The data directory's write lock: one writer at a time, across processes and threads.

Every process that writes the data directory (the bot, and the CLI's ingest, backfill and
reindex) holds this lock around each write transaction, and re-reads the store under it before
writing (see `Database.transaction`). Without it two writers each rewrite a whole file from their
own stale copy and one loses the other's work. The lock is held per transaction, not per process:
a CLI ingest and the running bot take turns. A single-instance lock for `briefingbot run` is a
separate concern and can reuse `WriteLock` with another file name.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_FILE = ".write.lock"
WAIT_SECONDS = 120.0


class StoreBusy(RuntimeError):
    """Another process held the write lock for longer than we were willing to wait."""

    def __init__(self, path: Path, seconds: float) -> None:
        self.path = path
        super().__init__(f"de gegevensmap is al {seconds:.0f} s bezet door een ander proces "
                         f"(slot {path}); er is niets gewijzigd. Probeer het later opnieuw.")


class WriteLock:
    """Reentrant within a thread; exclusive between threads and between processes."""

    def __init__(self, path: Path | None, wait: float = WAIT_SECONDS) -> None:
        self.path = path
        self.wait = wait
        self._threads = threading.RLock()
        # Threads are kept apart by the RLock above; the file lock only has to keep processes
        # apart, so one lock object (not one per thread) is right.
        self._file = FileLock(str(path), thread_local=False) if path else None
        self._depth = 0

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._threads:
            if self._depth == 0 and self._file is not None:
                try:
                    self._file.acquire(timeout=self.wait)
                except Timeout as error:
                    raise StoreBusy(self.path or Path(), self.wait) from error
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0 and self._file is not None:
                    self._file.release()

    @property
    def outermost(self) -> bool:
        """True inside the first `held()` of the current holder (not a nested one)."""
        return self._depth == 1


_LOCKS: dict[Path, WriteLock] = {}
_LOCKS_GUARD = threading.Lock()


def write_lock(data_dir: Path | None) -> WriteLock:
    """The one lock of `data_dir` in this process (shared by its corpus, state and sources);
    a lock that guards nothing but threads for the in-memory store."""
    if data_dir is None:
        return WriteLock(None)
    path = (Path(data_dir) / LOCK_FILE).resolve()
    with _LOCKS_GUARD:
        if path not in _LOCKS:
            path.parent.mkdir(parents=True, exist_ok=True)
            _LOCKS[path] = WriteLock(path)
        return _LOCKS[path]
