"""Persistence: TinyDB behind small classes named in domain terms."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .corpus import CorpusStore, IngestReport
from .lock import StoreBusy, WriteLock, write_lock
from .state import DeliveryLog, Subscription, Subscriptions
from .storage import CorruptStore, Database

CORPUS_FILE = "corpus.json"
STATE_FILE = "state.json"

__all__ = ["CorpusStore", "CorruptStore", "DeliveryLog", "IngestReport", "StoreBusy", "Stores",
           "Subscription", "Subscriptions", "WriteLock", "open_stores"]


@dataclass
class Stores:
    corpus: CorpusStore
    subscriptions: Subscriptions
    deliveries: DeliveryLog


def open_stores(data_dir: Path | None) -> Stores:
    """The two stores in `data_dir`, or in memory when it is None."""
    lock = write_lock(data_dir)  # one lock for every file of the directory
    corpus_db = Database(data_dir / CORPUS_FILE if data_dir else None, lock)
    state_db = Database(data_dir / STATE_FILE if data_dir else None, lock)
    return Stores(CorpusStore(corpus_db), Subscriptions(state_db), DeliveryLog(state_db))
