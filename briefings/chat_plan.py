"""The reminder plan as each chat's settings allow it: its own time and lead days, nothing while
it is muted, and its digest once per period. Pure functions of the plan, the subscriptions, the
bot's settings and `now`.

The bot-wide plan (reminders.py) is computed at the default time; a chat's reminder keeps its
key (so the delivery log still makes it exactly-once when the chat changes its time) and moves
to the chat's own time on the same day, at most a day either way.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, replace

from .chat_settings import Digest
from .deliveries import DeliveryStatus
from .library import Library
from .model import Announcement, Milestone, Subscription
from .reminders import Delivery, Reminder, ReminderSettings

DAY = dt.timedelta(days=1)


def since_watermark(subscription: Subscription, watermark: dt.datetime | None
                    ) -> Subscription:
    """Everything due before a chat's watermark is settled: for the plan, the chat joined
    then."""
    if watermark is None or watermark <= subscription.subscribed_at:
        return subscription
    return replace(subscription, subscribed_at=watermark)


def plan_since(subscriptions: list[Subscription]) -> dt.datetime | None:
    """Where a delivery run's slice of the plan starts: the earliest chat, less a day (a chat's
    own time moves a reminder up to a day from the plan's default time); None without chats."""
    if not subscriptions:
        return None
    return min(s.subscribed_at for s in subscriptions) - DAY


MUTED = "stil tot {until}"
# How far ahead a digest looks for milestones.
DIGEST_HORIZON = {Digest.DAILY: dt.timedelta(days=7), Digest.WEEKLY: dt.timedelta(days=30)}


def chat_due(reminder: Reminder, chat: Subscription, settings: ReminderSettings
             ) -> dt.datetime | None:
    """When `chat` gets `reminder`, or None when its lead days leave it out."""
    if reminder.lead not in chat.settings.lead_days(settings.leads):
        return None
    day = reminder.anchor - dt.timedelta(days=reminder.lead)
    local = dt.datetime.combine(day, chat.settings.time(settings.local_time),
                                tzinfo=settings.timezone)
    return local.astimezone(dt.UTC)


def muted(chat: Subscription, due: dt.datetime, settings: ReminderSettings) -> bool:
    return chat.settings.muted_on(due.astimezone(settings.timezone).date())


def _status(due: dt.datetime, now: dt.datetime, settings: ReminderSettings) -> DeliveryStatus:
    overdue = now - due
    return (DeliveryStatus.SKIPPED if overdue > settings.grace
            else DeliveryStatus.LATE if overdue > settings.punctual else DeliveryStatus.SENT)


@dataclass(frozen=True)
class ChatDelivery:
    delivery: Delivery
    due: dt.datetime          # the chat's own due time
    reason: str = ""          # why it is skipped, when it is (muted)


def due_for_chats(plan: list[Reminder], subscriptions: list[Subscription],
                  held: set[tuple[str, int]], now: dt.datetime, settings: ReminderSettings
                  ) -> list[ChatDelivery]:
    """What to do now for each chat: reminders due by `now` at the chat's own time, on its
    topics and lead days, due after it subscribed and not handled yet. A muted chat's are
    skipped (with the reason), so they do not come late when the mute ends."""
    result = []
    for reminder in plan:
        if reminder.due > now + DAY:
            break
        for chat in subscriptions:
            if (reminder.key, chat.chat_id) in held \
                    or not chat.follows(reminder.milestone.topics):
                continue
            due = chat_due(reminder, chat, settings)
            if due is None or due > now or due < chat.subscribed_at:
                continue
            if muted(chat, due, settings):
                result.append(ChatDelivery(
                    Delivery(reminder, chat.chat_id, DeliveryStatus.SKIPPED), due,
                    MUTED.format(until=chat.settings.muted_until)))
                continue
            result.append(ChatDelivery(Delivery(reminder, chat.chat_id,
                                                _status(due, now, settings)), due))
    return result


def _from(plan: list[Reminder], moment: dt.datetime) -> list[Reminder]:
    """The plan from the first reminder whose default due time is at or after `moment`."""
    return plan[bisect_left(plan, moment, key=lambda r: r.due):]


def _next_due(reminder: Reminder, chat: Subscription, now: dt.datetime,
              settings: ReminderSettings) -> dt.datetime | None:
    if not chat.follows(reminder.milestone.topics):
        return None
    due = chat_due(reminder, chat, settings)
    if due is None or due <= now or muted(chat, due, settings):
        return None
    return due


def next_for_chat(plan: list[Reminder], chat: Subscription, now: dt.datetime,
                  settings: ReminderSettings) -> tuple[Reminder, dt.datetime] | None:
    """The chat's next reminder and its due time, at its own time and lead days, not muted."""
    best: tuple[Reminder, dt.datetime] | None = None
    for reminder in _from(plan, now - DAY):
        if best is not None and reminder.due > best[1] + DAY:
            break
        due = _next_due(reminder, chat, now, settings)
        if due is not None and (best is None or due < best[1]):
            best = (reminder, due)
    return best


def next_due_for_chats(plan: list[Reminder], subscriptions: list[Subscription],
                       now: dt.datetime, settings: ReminderSettings) -> dt.datetime | None:
    """When the next reminder or digest of any chat falls due (the scheduler's next run). One
    pass over the plan from now, stopping a day after the earliest found."""
    best = min((d for chat in subscriptions
                if (d := next_digest_due(chat, now, settings)) is not None), default=None)
    for reminder in _from(plan, now - DAY):
        if best is not None and reminder.due > best + DAY:
            break
        for chat in subscriptions:
            due = _next_due(reminder, chat, now, settings)
            if due is not None and (best is None or due < best):
                best = due
    return best


# ------------------------------------------------------------------ digests


@dataclass(frozen=True)
class DigestDue:
    key: str
    chat_id: int
    period_start: dt.datetime  # new releases since here go in
    due: dt.datetime
    status: DeliveryStatus


def _period(chat: Subscription, day: dt.date, settings: ReminderSettings
            ) -> tuple[str, dt.datetime, dt.datetime]:
    """The digest period that `day` closes: its key, its start and its due time."""
    zone, at = settings.timezone, chat.settings.time(settings.local_time)
    if chat.settings.digest is Digest.WEEKLY:
        monday = day - dt.timedelta(days=day.weekday())
        year, week, _ = monday.isocalendar()
        key, start_day, length = f"digest:{year}-W{week:02d}", monday - dt.timedelta(days=7), 7
    else:
        key, start_day, length = f"digest:{day.isoformat()}", day - DAY, 1
    due = dt.datetime.combine(start_day + dt.timedelta(days=length), at, tzinfo=zone)
    start = dt.datetime.combine(start_day, at, tzinfo=zone)
    return key, start.astimezone(dt.UTC), due.astimezone(dt.UTC)


def due_digests(subscriptions: list[Subscription], held: set[tuple[str, int]],
                now: dt.datetime, settings: ReminderSettings) -> list[DigestDue]:
    """The digest of the period that ended most recently, for every chat that wants one, once:
    due at the chat's time (weekly: on Monday), after it chose a digest."""
    result = []
    today = now.astimezone(settings.timezone).date()
    for chat in subscriptions:
        wanted = chat.settings.digest
        if wanted is Digest.NONE:
            continue
        for day in (today, today - DAY):  # today's, or yesterday's if today's is not due
            key, start, due = _period(chat, day, settings)
            if due <= now:
                break
        else:
            continue
        since = chat.settings.digest_since or chat.subscribed_at
        if due < since or due < chat.subscribed_at or (key, chat.chat_id) in held:
            continue
        status = (DeliveryStatus.SKIPPED if muted(chat, due, settings)
                  else _status(due, now, settings))
        result.append(DigestDue(key, chat.chat_id, start, due, status))
    return result


def next_digest_due(chat: Subscription, now: dt.datetime, settings: ReminderSettings
                    ) -> dt.datetime | None:
    if chat.settings.digest is Digest.NONE:
        return None
    today = now.astimezone(settings.timezone).date()
    for offset in range(0, 9):
        _, _, due = _period(chat, today + dt.timedelta(days=offset), settings)
        if due > now:
            return due
    return None


@dataclass(frozen=True)
class DigestContent:
    period: Digest
    new: tuple[Announcement, ...]
    upcoming: tuple[tuple[dt.date, Milestone, str], ...]   # anchor day, milestone, release id


def digest_content(library: Library, chat: Subscription, since: dt.datetime,
                   now: dt.datetime, settings: ReminderSettings) -> DigestContent:
    """New releases of the chat's topics first seen since `since`, and its topics' milestones
    coming up within the digest's horizon."""
    new = tuple(a for a in library.seen_since(since, quiet=False)  # no backfill storm
                if a.ingested_at is not None and a.ingested_at <= now
                and chat.follows(a.extraction.topics))
    today = now.astimezone(settings.timezone).date()
    until = today + DIGEST_HORIZON.get(chat.settings.digest, dt.timedelta(days=7)).days * DAY
    upcoming = []
    for sourced in library.upcoming(None, today):  # forward-looking, by date
        milestone = sourced.item
        if not isinstance(milestone, Milestone):
            continue
        day = milestone.date.start
        if day > until:
            break
        if today <= day and chat.follows(milestone.topics):
            upcoming.append((day, milestone, sourced.announcement.id))
    upcoming.sort(key=lambda item: (item[0], item[2]))
    return DigestContent(chat.settings.digest, new, tuple(upcoming))
