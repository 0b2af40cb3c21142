"""Per-source state: the watermark, the conditional-GET validators and a backfill's cursor. Its
own small file, written by the bot's polls and the CLI's backfills under the write lock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tinydb import Query

from briefings.model import SCHEMA_VERSION
from briefings.sources import SourceState

from .storage import Database

_Q = Query()


class SourceStates:
    def __init__(self, database: Database) -> None:
        self._db = database
        self._table = database.table("sources")

    def get(self, name: str) -> SourceState | None:
        self._db.refresh()  # the other process (bot or CLI) may have moved it on
        doc = self._table.get(_Q.name == name)
        return _state(doc) if doc else None

    def save(self, state: SourceState) -> None:
        with self._db.transaction():
            self._table.upsert(_doc(state), _Q.name == state.name)


def _doc(state: SourceState) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION, "name": state.name, "url": state.url,
        "added_at": state.added_at.isoformat(),
        "watermark": state.watermark.isoformat() if state.watermark else None,
        "polled_at": state.polled_at.isoformat() if state.polled_at else None,
        "etag": state.etag, "last_modified": state.last_modified,
        "backfill_since": state.backfill_since.isoformat() if state.backfill_since else None,
        "backfill_offset": state.backfill_offset, "backfill_done": state.backfill_done,
    }


def _state(doc: dict[str, Any]) -> SourceState:
    if doc.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(f"bron {doc.get('name')}: onbekende schemaversie "
                         f"{doc.get('schema_version')}")

    def day(key: str) -> dt.date | None:
        return dt.date.fromisoformat(doc[key]) if doc.get(key) else None

    def moment(key: str) -> dt.datetime | None:
        return dt.datetime.fromisoformat(doc[key]) if doc.get(key) else None

    added = moment("added_at")
    assert added is not None
    return SourceState(doc["name"], doc["url"], added, day("watermark"), moment("polled_at"),
                       doc.get("etag"), doc.get("last_modified"), day("backfill_since"),
                       int(doc.get("backfill_offset") or 0), bool(doc.get("backfill_done")))
