"""Persistence: TinyDB and an append-only journal behind small classes named in domain terms."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from briefings.model import SCHEMA_VERSION as CORPUS_SCHEMA

from .corpus import CorpusStore, IngestReport
from .journal import DeliveryJournal
from .lock import StoreBusy, WriteLock, write_lock
from .migrate import migrate_state
from .protocols import Corpus, DeliveryLogStore, SubscriptionStore
from .snapshot import sealed_in
from .sources import SourceStates
from .state import STATE_SCHEMA, DeliveryLog, Subscription, Subscriptions
from .storage import (
    CorruptStore,
    Database,
    StoreWriteError,
    UnsupportedSchema,
    file_signature,
    remove_stale_temporaries,
)
from .texts import TextDatabase

CORPUS_FILE = "corpus.json"
STATE_FILE = "state.json"
TEXTS_FILE = "texts.sqlite"
DELIVERIES_FILE = "deliveries.jsonl"
SOURCES_FILE = "sources.json"

logger = logging.getLogger(__name__)

__all__ = ["CORPUS_FILE", "DELIVERIES_FILE", "STATE_FILE", "TEXTS_FILE", "CorpusStore",
           "CorruptStore", "DeliveryLog", "IngestReport", "SourceStates", "StoreBusy",
           "StoreWriteError", "Stores", "Subscription", "Subscriptions", "UnsupportedSchema",
           "WriteLock", "open_stores"]


@dataclass
class Stores:
    # The shell sees the stores through their Protocols (protocols.py).
    corpus: Corpus
    subscriptions: SubscriptionStore
    deliveries: DeliveryLogStore
    sources: SourceStates
    data_dir: Path | None = None


def open_stores(data_dir: Path | None) -> Stores:
    """The stores in `data_dir`, or in memory when it is None. Raises CorruptStore (naming the
    file) for anything it cannot read; leftovers of a crashed write are removed first."""
    lock = write_lock(data_dir)  # one lock for every file of the directory
    if data_dir is not None and data_dir.is_dir():
        with lock.held():  # no other process is writing a temporary file meanwhile
            for path in remove_stale_temporaries(data_dir):
                logger.warning("removed %s, left behind by an interrupted write", path.name)
    corpus_path = data_dir / CORPUS_FILE if data_dir else None
    # A corpus.json the library snapshot was sealed with was written (and checked) by us:
    # the start need not read it (snapshot.py); TinyDB reads it at the first write.
    known = data_dir is not None and sealed_in(data_dir / TEXTS_FILE,
                                               file_signature(corpus_path))
    corpus_db = Database(corpus_path, lock, read_now=not known)
    if not known:
        corpus_db.check_schema(CORPUS_SCHEMA)
    state_db = Database(data_dir / STATE_FILE if data_dir else None, lock)
    state_db.check_schema(STATE_SCHEMA)
    deliveries = DeliveryLog(DeliveryJournal(data_dir / DELIVERIES_FILE if data_dir else None,
                                             lock))
    texts_db = TextDatabase(data_dir / TEXTS_FILE if data_dir else None)  # creates its file
    migrate_state(state_db, deliveries)
    sources_db = Database(data_dir / SOURCES_FILE if data_dir else None, lock)
    return Stores(CorpusStore(corpus_db, texts_db), Subscriptions(state_db), deliveries,
                  SourceStates(sources_db), data_dir)
