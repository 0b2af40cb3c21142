"""The state: subscriptions (`state.json`, TinyDB) and the delivery log (`deliveries.jsonl`,
an append-only journal). A subscribe never rewrites the corpus or the log, and marking one
message never rewrites anything."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from tinydb import Query

from briefings.chat_settings import ChatSettings, Digest
from briefings.deliveries import DeliveryRecord, DeliveryStatus, watermark_for
from briefings.model import Subscription

from .journal import DeliveryJournal, record_entry
from .storage import Database

logger = logging.getLogger(__name__)

# 1: deliveries were a table in state.json. 2: they live in the journal; a subscription keeps
# its forum thread.
STATE_SCHEMA = 2

_Q = Query()


class Subscriptions:
    def __init__(self, database: Database) -> None:
        self._db = database
        self._table = database.table("subscriptions")

    def get(self, chat_id: int) -> Subscription | None:
        doc = self._table.get(_Q.chat_id == chat_id)
        return subscription_from(doc) if isinstance(doc, dict) else None

    def all(self) -> list[Subscription]:
        """Every readable subscription; a damaged one is logged and left in the file."""
        result = []
        for doc in self._table.all():
            try:
                result.append(subscription_from(doc))
            except (KeyError, TypeError, ValueError) as error:
                logger.error("subscription record %s in state.json is unreadable and set "
                             "aside: %r", doc.doc_id, error)
        return result

    def save(self, subscription: Subscription) -> None:
        with self._db.transaction():
            self._table.upsert(subscription_doc(subscription),
                               _Q.chat_id == subscription.chat_id)

    def remove(self, chat_id: int) -> bool:
        with self._db.transaction():
            return bool(self._table.remove(_Q.chat_id == chat_id))

    def move(self, old_chat_id: int, new_chat_id: int) -> bool:
        """A group that became a supergroup keeps its subscription under its new id."""
        with self._db.transaction():
            return bool(self._table.update({"chat_id": new_chat_id}, _Q.chat_id == old_chat_id))


def subscription_doc(subscription: Subscription) -> dict[str, Any]:
    return {
        "schema_version": STATE_SCHEMA,
        "chat_id": subscription.chat_id,
        "chat_type": subscription.chat_type,
        "title": subscription.title,
        "topics": list(subscription.topics),
        "subscribed_by": subscription.subscribed_by,
        "subscribed_at": subscription.subscribed_at.isoformat(),
        "thread_id": subscription.thread_id,
        "settings": settings_doc(subscription.settings),
    }


def subscription_from(doc: dict[str, Any]) -> Subscription:
    return Subscription(doc["chat_id"], doc["chat_type"], doc["title"], tuple(doc["topics"]),
                        doc["subscribed_by"], dt.datetime.fromisoformat(doc["subscribed_at"]),
                        doc.get("thread_id"), settings_from(doc.get("settings") or {}))


def settings_doc(settings: ChatSettings) -> dict[str, Any]:
    """Only what differs from the defaults, so a default chat stores nothing extra."""
    return {key: value for key, value in {
        "reminder_time": settings.reminder_time.isoformat()
        if settings.reminder_time else None,
        "leads": list(settings.leads) if settings.leads is not None else None,
        "alerts": None if settings.alerts else False,
        "digest": None if settings.digest is Digest.NONE else str(settings.digest),
        "digest_since": settings.digest_since.isoformat() if settings.digest_since else None,
        "muted_until": settings.muted_until.isoformat() if settings.muted_until else None,
    }.items() if value is not None}


def settings_from(doc: dict[str, Any]) -> ChatSettings:
    def when(key: str, parse: Any) -> Any:
        return parse(doc[key]) if doc.get(key) else None

    return ChatSettings(
        reminder_time=when("reminder_time", dt.time.fromisoformat),
        leads=tuple(doc["leads"]) if doc.get("leads") is not None else None,
        alerts=doc.get("alerts", True) is not False,
        digest=Digest(doc.get("digest") or Digest.NONE),
        digest_since=when("digest_since", dt.datetime.fromisoformat),
        muted_until=when("muted_until", dt.date.fromisoformat))


class DeliveryLog:
    """What was sent (or skipped, or may have arrived) to whom: the truth that makes reminders
    exactly-once. Each change is durable before the caller acts on it."""

    def __init__(self, journal: DeliveryJournal) -> None:
        self._journal = journal

    def get(self, key: str, chat_id: int) -> DeliveryRecord | None:
        return self._journal.records.get((key, chat_id))

    def records(self) -> list[DeliveryRecord]:
        return list(self._journal.records.values())

    def watermark(self, chat_id: int) -> dt.datetime | None:
        return self._journal.watermarks.get(chat_id)

    def holds_back(self, key: str, chat_id: int, due: dt.datetime, now: dt.datetime) -> bool:
        """True when this must not be sent now: handled already (whatever the outcome, except
        a failure still being retried), settled by the watermark, or waiting for its retry."""
        mark = self._journal.watermarks.get(chat_id)
        if mark is not None and due < mark:
            return True
        record = self._journal.records.get((key, chat_id))
        if record is None:
            return False
        if record.status is DeliveryStatus.FAILED:
            return record.retry_at is not None and record.retry_at > now
        return True

    def record(self, record: DeliveryRecord) -> None:
        """One record, appended and fsynced (e.g. marking a message just before its send)."""
        self._journal.append([record_entry(record)])

    def record_many(self, records: Iterable[DeliveryRecord]) -> None:
        """Many records in one append and one fsync."""
        self._journal.append([record_entry(r) for r in records])

    def interrupted(self) -> list[DeliveryRecord]:
        """Marked before sending, outcome never recorded: a crash mid-send."""
        return [r for r in self._journal.records.values()
                if r.status is DeliveryStatus.SENDING]

    def settle_interrupted(self, now: dt.datetime) -> list[DeliveryRecord]:
        """A crash's leftovers become UNKNOWN (they may have arrived, so they are never resent)
        once, so the next start does not report them again."""
        leftovers = self.interrupted()
        self.record_many(r.becomes(DeliveryStatus.UNKNOWN, now,
                                   reason="onderbroken tijdens het versturen")
                         for r in leftovers)
        return leftovers

    def next_retry(self) -> dt.datetime | None:
        times = [r.retry_at for r in self._journal.records.values()
                 if r.status is DeliveryStatus.FAILED and r.retry_at is not None]
        return min(times, default=None)

    def compact(self, now: dt.datetime, grace: dt.timedelta) -> int:
        """Moves every chat's watermark up to what can no longer be sent, dropping the records
        it settles; rewrites the journal. Returns how many records were dropped."""
        mark = watermark_for(now, grace)
        chats = {chat for _, chat in self._journal.records}
        before = len(self._journal.records)
        self._journal.append([{"watermark": mark.isoformat(), "chat_id": chat}
                              for chat in sorted(chats)
                              if (self.watermark(chat) or mark) <= mark])
        self._journal.compact()
        return before - len(self._journal.records)

    def forget_chat(self, chat_id: int) -> None:
        self._journal.append([{"forget": chat_id}])

    def move(self, old_chat_id: int, new_chat_id: int) -> None:
        self._journal.append([{"move": old_chat_id, "to": new_chat_id}])

    def close(self) -> None:
        self._journal.close()
