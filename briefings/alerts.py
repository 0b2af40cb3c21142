"""New-announcement alerts: which subscribed chat gets a short briefing of which new release."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .deliveries import DeliveryStatus
from .model import Announcement, Subscription
from .reminders import ReminderSettings


@dataclass(frozen=True)
class Alert:
    key: str
    announcement: Announcement
    chat_id: int
    status: DeliveryStatus    # SENT or SKIPPED (past the grace period)


def alert_key(announcement: Announcement) -> str:
    return f"new:{announcement.id}"


def due_alerts(announcements: list[Announcement], subscriptions: list[Subscription],
               delivered: set[tuple[str, int]], now: dt.datetime,
               settings: ReminderSettings) -> list[Alert]:
    """Announcements the store first saw after a chat subscribed, published (when the date is
    known) no earlier than the day it subscribed, not stored quietly, on that chat's topics, not
    yet alerted. Older than the grace period: recorded as skipped. Much older ones (twice the grace)
    are not looked at at all, so the work stays proportional to what is new."""
    horizon = now - 2 * settings.grace
    result = []
    for announcement in announcements:
        seen = announcement.ingested_at
        if announcement.quiet or seen is None or seen < horizon or seen > now:
            continue  # quiet: a backfill, a source's first read, a flood, an old release
        status = DeliveryStatus.SKIPPED if now - seen > settings.grace else DeliveryStatus.SENT
        key = alert_key(announcement)
        for chat in subscriptions:
            if seen < chat.subscribed_at or (key, chat.chat_id) in delivered:
                continue
            if published_before(announcement, chat.subscribed_at, settings):
                continue
            if chat.follows(announcement.extraction.topics):
                result.append(Alert(key, announcement, chat.chat_id, status))
    return result


def published_before(announcement: Announcement, moment: dt.datetime,
                     settings: ReminderSettings) -> bool:
    """True when the release was published on a day before `moment` (local time)."""
    published = announcement.published
    return published is not None and published < moment.astimezone(settings.timezone).date()
