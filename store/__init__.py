"""Persistence: TinyDB behind small classes named in domain terms."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .corpus import CorpusStore, IngestReport
from .lock import StoreBusy, WriteLock, write_lock
from .state import DeliveryLog, Subscription, Subscriptions
from .storage import CorruptStore, Database
from .texts import TextDatabase

CORPUS_FILE = "corpus.json"
STATE_FILE = "state.json"
TEXTS_FILE = "texts.sqlite"

__all__ = ["CORPUS_FILE", "STATE_FILE", "TEXTS_FILE", "CorpusStore", "CorruptStore",
           "DeliveryLog", "IngestReport", "StoreBusy", "Stores", "Subscription", "Subscriptions",
           "WriteLock", "open_stores"]


@dataclass
class Stores:
    corpus: CorpusStore
    subscriptions: Subscriptions
    deliveries: DeliveryLog


def open_stores(data_dir: Path | None) -> Stores:
    """The stores in `data_dir`, or in memory when it is None."""
    lock = write_lock(data_dir)  # one lock for every file of the directory
    corpus_db = Database(data_dir / CORPUS_FILE if data_dir else None, lock)
    state_db = Database(data_dir / STATE_FILE if data_dir else None, lock)
    texts_db = TextDatabase(data_dir / TEXTS_FILE if data_dir else None)
    return Stores(CorpusStore(corpus_db, texts_db), Subscriptions(state_db),
                  DeliveryLog(state_db))
