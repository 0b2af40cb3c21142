"""The state: subscriptions and the delivery log. Small and written often, so it lives in its
own file and a subscribe never rewrites the corpus."""

from __future__ import annotations

import datetime as dt

from tinydb import Query

from briefings.model import SCHEMA_VERSION, Subscription

from .storage import Database

_Q = Query()


class Subscriptions:
    def __init__(self, database: Database) -> None:
        self._db = database
        self._table = database.table("subscriptions")

    def get(self, chat_id: int) -> Subscription | None:
        doc = self._table.get(_Q.chat_id == chat_id)
        return _subscription(doc) if doc else None

    def all(self) -> list[Subscription]:
        return [_subscription(d) for d in self._table.all()]

    def save(self, subscription: Subscription) -> None:
        doc = {
            "schema_version": SCHEMA_VERSION,
            "chat_id": subscription.chat_id,
            "chat_type": subscription.chat_type,
            "title": subscription.title,
            "topics": list(subscription.topics),
            "subscribed_by": subscription.subscribed_by,
            "subscribed_at": subscription.subscribed_at.isoformat(),
        }
        with self._db.transaction():
            self._table.upsert(doc, _Q.chat_id == subscription.chat_id)

    def remove(self, chat_id: int) -> bool:
        with self._db.transaction():
            return bool(self._table.remove(_Q.chat_id == chat_id))

    def move(self, old_chat_id: int, new_chat_id: int) -> bool:
        """A group that became a supergroup keeps its subscription under its new id."""
        with self._db.transaction():
            return bool(self._table.update({"chat_id": new_chat_id}, _Q.chat_id == old_chat_id))


def _subscription(doc) -> Subscription:
    return Subscription(doc["chat_id"], doc["chat_type"], doc["title"], tuple(doc["topics"]),
                        doc["subscribed_by"], dt.datetime.fromisoformat(doc["subscribed_at"]))


class DeliveryLog:
    """What was sent (or skipped) to whom: the truth that makes reminders exactly-once."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._table = database.table("deliveries")

    def record_new(self, docs: list[dict]) -> None:
        """Many new entries in one write (a broadcast marks its whole batch at once)."""
        with self._db.transaction():
            self._table.insert_multiple(docs)

    def settle(self, outcomes: dict[tuple[str, int], tuple[str, int | None]],
               at: dt.datetime) -> None:
        """Sets status and message id of many entries in one pass and one write."""
        def apply(doc) -> None:
            status, message_id = outcomes[(doc["key"], doc["chat_id"])]
            doc.update(status=status, message_id=message_id, at=at.isoformat())

        ids = [d.doc_id for d in self._table.all() if (d["key"], d["chat_id"]) in outcomes]
        with self._db.transaction():
            self._table.update(apply, doc_ids=ids)

    def pending(self) -> list[dict]:
        """Entries marked before sending whose outcome was never recorded (a crash)."""
        return [dict(d) for d in self._table.search(_Q.status == "sending")]

    def keys(self) -> set[tuple[str, int]]:
        """Every (key, chat) recorded, whatever its status: what must never be sent again."""
        return {(d["key"], d["chat_id"]) for d in self._table.all()}

    def forget_chat(self, chat_id: int) -> None:
        with self._db.transaction():
            self._table.remove(_Q.chat_id == chat_id)

    def move(self, old_chat_id: int, new_chat_id: int) -> None:
        with self._db.transaction():
            self._table.update({"chat_id": new_chat_id}, _Q.chat_id == old_chat_id)


def delivery_doc(key: str, chat_id: int, at: dt.datetime, status: str,
                 message_id: int | None = None) -> dict:
    return {"schema_version": SCHEMA_VERSION, "key": key, "chat_id": chat_id,
            "at": at.isoformat(), "status": status, "message_id": message_id}
