"""State schema migrations, run once when the state is opened."""

from __future__ import annotations

import datetime as dt
import logging

from briefings.deliveries import DeliveryRecord, DeliveryStatus

from .state import STATE_SCHEMA, DeliveryLog, subscription_doc, subscription_from
from .storage import Database

logger = logging.getLogger(__name__)


def migrate_state(database: Database, deliveries: DeliveryLog) -> None:
    """v1 → v2: the `deliveries` table moves to the journal (appended and fsynced first, so a
    crash in between only repeats the move), subscriptions get their schema version."""
    if "deliveries" not in database.db.tables() and all(
            doc.get("schema_version") == STATE_SCHEMA
            for doc in database.table("subscriptions").all()):
        return
    old = database.table("deliveries").all()
    deliveries.record_many(_record(doc) for doc in old)
    subscriptions = database.table("subscriptions")
    with database.transaction():
        docs = [subscription_doc(subscription_from(doc)) for doc in subscriptions.all()]
        subscriptions.truncate()
        subscriptions.insert_multiple(docs)
        database.db.drop_table("deliveries")
    logger.warning("state migrated to schema %d: %d subscriptions, %d deliveries kept",
                   STATE_SCHEMA, len(docs), len(old))


def _record(doc: dict) -> DeliveryRecord:
    at = dt.datetime.fromisoformat(doc["at"])
    # Version 1 gave up on a failure; version 2 retries it while the grace period lasts.
    return DeliveryRecord(doc["key"], doc["chat_id"], DeliveryStatus(doc["status"]), due=at,
                          at=at, message_id=doc.get("message_id"))
