"""The delivery log's vocabulary: what happened to one reminder or alert for one chat, and the
rules that keep the log small (a per-chat watermark settles everything older)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum


class DeliveryStatus(StrEnum):
    """One vocabulary for the plan (what to do) and the log (what happened)."""

    SENDING = "sending"   # marked just before the send; a crash leaves it behind
    SENT = "sent"
    LATE = "late"         # sent, but after its time (within the grace period)
    SKIPPED = "skipped"   # never sent, with the reason (too late, gave up)
    FAILED = "failed"     # not sent yet; retried with back-off until the grace period ends
    UNKNOWN = "unknown"   # may have arrived (no answer, or a crash mid-send): never resent

    @property
    def final(self) -> bool:
        """Nothing more will be done about it."""
        return self not in (DeliveryStatus.SENDING, DeliveryStatus.FAILED)


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    key: str                      # the reminder's or alert's stable key
    chat_id: int
    status: DeliveryStatus
    due: dt.datetime              # when it fell due: the watermark compares against this
    at: dt.datetime               # when this status was recorded
    message_id: int | None = None
    reason: str | None = None     # why skipped, failed or unknown
    attempts: int = 0             # sends tried (across restarts)
    retry_at: dt.datetime | None = None   # a FAILED record is not tried again before this

    def becomes(self, status: DeliveryStatus, at: dt.datetime, **changes: object
                ) -> DeliveryRecord:
        return replace(self, status=status, at=at, **changes)  # type: ignore[arg-type]


def retry_delay(attempts: int, first: dt.timedelta = dt.timedelta(seconds=10),
                longest: dt.timedelta = dt.timedelta(hours=1)) -> dt.timedelta:
    """Back-off between delivery runs for a send that keeps failing: 10, 20, 40 … seconds, at
    most an hour, so a Telegram outage is not hammered and a short one costs little delay."""
    return min(first * (2 ** max(0, attempts - 1)), longest)


def watermark_for(now: dt.datetime, grace: dt.timedelta) -> dt.datetime:
    """Everything due before this is settled: sent, skipped, or too late to send anyway."""
    return now - grace - dt.timedelta(hours=1)


def foldable(record: DeliveryRecord, watermark: dt.datetime) -> bool:
    """A record the watermark may replace: final, and due before it."""
    return record.status.final and record.due < watermark
