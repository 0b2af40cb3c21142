"""One running bot per data directory: a second `briefingbot run` would send every reminder
twice, so it refuses to start. (Separate from the store's write lock, which every writing
process takes per transaction; this one is held for the bot's whole life.)"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

INSTANCE_LOCK = ".instance.lock"


class AlreadyRunning(RuntimeError):
    def __init__(self, data_dir: Path) -> None:
        super().__init__(
            f"Er draait al een briefingbot op de gegevensmap {data_dir} (slot "
            f"{data_dir / INSTANCE_LOCK}). Twee bots op dezelfde gegevens sturen elke "
            "herinnering twee keer; stop eerst de andere, of geef deze een eigen "
            "BRIEFINGS_DATA_DIR.")


@contextmanager
def single_instance(data_dir: Path) -> Iterator[None]:
    """Held while the bot runs; the operating system releases it when the process dies, so a
    crash never leaves a stale lock."""
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(data_dir / INSTANCE_LOCK), thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout as error:
        raise AlreadyRunning(data_dir) from error
    try:
        yield
    finally:
        lock.release()
