"""The reminder plan: which reminder is due when, for whom — a pure function of the milestones,
the subscriptions, the settings and `now`."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from . import precisions
from .deliveries import DeliveryStatus
from .library import Library
from .model import Milestone, Subscription
from .precisions import Edge

DEFAULT_LEADS = (30, 7, 1, 0)


@dataclass(frozen=True)
class ReminderSettings:
    leads: tuple[int, ...] = DEFAULT_LEADS
    local_time: dt.time = dt.time(9, 0)
    timezone: ZoneInfo = ZoneInfo("Europe/Amsterdam")
    grace: dt.timedelta = dt.timedelta(hours=24)
    # A reminder sent this little after its due time is on time, not late (the timer's jitter).
    punctual: dt.timedelta = dt.timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class Reminder:
    key: str                  # stable across restarts and re-ingests: the delivery log's key
    announcement_id: str
    milestone: Milestone
    anchor: dt.date           # the day reminded of: the date, a coarse date's start, a period's
    edge: Edge
    lead: int                 # days before the anchor
    due: dt.datetime          # aware, UTC


@dataclass(frozen=True)
class Delivery:
    reminder: Reminder
    chat_id: int
    status: DeliveryStatus    # SENT (on time), LATE or SKIPPED (past the grace period)


def anchors(milestone: Milestone) -> list[tuple[Edge, dt.date]]:
    """The days a milestone is reminded of, each with its edge: its precision's rule
    (precisions.py)."""
    return precisions.anchors(milestone.date)


def due_instant(anchor: dt.date, lead: int, settings: ReminderSettings) -> dt.datetime:
    """`lead` days before `anchor` at the local reminder time, right on both sides of DST."""
    day = anchor - dt.timedelta(days=lead)
    local = dt.datetime.combine(day, settings.local_time, tzinfo=settings.timezone)
    return local.astimezone(dt.UTC)


def reminder_plan(library: Library, settings: ReminderSettings, since: dt.datetime,
                  until: dt.datetime | None = None) -> list[Reminder]:
    """Every reminder due in [since, until), in due order. The plan from the earliest day asked
    for on is computed once per library (that is, per corpus version) and sliced: a
    subscription or settings change asks again and gets its slice in microseconds instead of
    rebuilding the plan on the event loop. Milestones over before that day are left out: none
    of their reminders can be due in the slice. A slice from an earlier day adds the
    milestones that end between the two days to the kept plan."""
    floor = _local_day(since, settings)
    kept: dict[str, tuple[dt.date, list[Reminder], list[dt.datetime]]] = library.kept(
        ("reminder plan", settings), dict)
    current = kept.get("plan")
    if current is None:
        current = (floor, *_whole_plan(library, settings, floor))
    elif floor < current[0]:
        earlier, _ = _whole_plan(library, settings, floor, before=current[0])
        current = (floor, *_merged(earlier, current[1], current[2]))
    if "plan" not in kept or current[0] < kept["plan"][0]:
        # Another thread may have kept a plan meanwhile: keep whichever reaches back further.
        kept["plan"] = current
    _, plan, dues = current  # this call's own plan: a plan kept meanwhile may start later
    start = bisect_left(dues, since)
    end = len(dues) if until is None else bisect_left(dues, until)
    return plan[start:end]


def _local_day(moment: dt.datetime, settings: ReminderSettings) -> dt.date:
    """The day of `moment` where reminders fall due: one due at or after `moment` is due on
    that day or later, so its milestone ends on that day or later."""
    try:
        return moment.astimezone(settings.timezone).date()
    except OverflowError:  # datetime.min and its like: from the beginning
        return dt.date.min


def _whole_plan(library: Library, settings: ReminderSettings, floor: dt.date,
                before: dt.date | None = None) -> tuple[list[Reminder], list[dt.datetime]]:
    """The reminders of the forward-looking milestones ending on `floor` or later (and before
    `before`). A reminder's key names its milestone's date, which fixes its last day: one key
    never spans two such ranges."""
    plan: dict[str, Reminder] = {}
    instants: dict[tuple[dt.date, int], dt.datetime] = {}  # one object per due time
    # Past events and history are not reminded of: forward-looking milestones only.
    for announcement_id, milestone in library.forward_milestones(floor, before):
        for reminder in _reminders_for(announcement_id, milestone, settings, instants):
            plan.setdefault(reminder.key, reminder)
    ordered = sorted(plan.values(), key=_order)
    return ordered, [r.due for r in ordered]


def _merged(earlier: list[Reminder], plan: list[Reminder], dues: list[dt.datetime]
            ) -> tuple[list[Reminder], list[dt.datetime]]:
    """`earlier` (sorted) merged into the plan: only the plan's head, up to the last of them,
    is sorted again; the rest stays as it is."""
    if not earlier:
        return plan, dues
    cut = bisect_right(dues, earlier[-1].due)
    head = sorted([*earlier, *plan[:cut]], key=_order)
    return head + plan[cut:], [r.due for r in head] + dues[cut:]


def _order(reminder: Reminder) -> tuple[dt.datetime, str]:
    return reminder.due, reminder.key


def _reminders_for(announcement_id: str, milestone: Milestone, settings: ReminderSettings,
                   instants: dict[tuple[dt.date, int], dt.datetime]) -> list[Reminder]:
    result = []
    for edge, anchor in anchors(milestone):
        for lead in settings.leads:
            key = f"{announcement_id}:{milestone.date.iso}:{edge}:{lead}"
            due = instants.get((anchor, lead))
            if due is None:
                due = instants[(anchor, lead)] = due_instant(anchor, lead, settings)
            result.append(Reminder(key, announcement_id, milestone, anchor, edge, lead, due))
    return result


def due_deliveries(plan: list[Reminder], subscriptions: list[Subscription],
                   delivered: set[tuple[str, int]], now: dt.datetime,
                   settings: ReminderSettings) -> list[Delivery]:
    """What to do now: reminders due by `now` for each chat that follows their topics, fell due
    after the chat subscribed and were never handled for it. Too late ones are skipped."""
    result = []
    for reminder in plan:
        if reminder.due > now:
            break
        overdue = now - reminder.due
        status = (DeliveryStatus.SKIPPED if overdue > settings.grace
                  else DeliveryStatus.LATE if overdue > settings.punctual
                  else DeliveryStatus.SENT)
        for chat in subscriptions:
            if (reminder.key, chat.chat_id) in delivered:
                continue
            if reminder.due < chat.subscribed_at or not chat.follows(reminder.milestone.topics):
                continue
            result.append(Delivery(reminder, chat.chat_id, status))
    return result


def upcoming_plan(library: Library, settings: ReminderSettings, now: dt.datetime
                  ) -> list[Reminder]:
    """The reminders from the start of today on, computed once a day per library: /status asks
    for it on every call, and the whole plan is tens of thousands of reminders at scale."""
    today = now.astimezone(settings.timezone).date()
    start = dt.datetime.combine(today, dt.time(0), tzinfo=settings.timezone)
    # One day at a time in one slot, so the plans of past days do not stay in memory.
    slot: dict = library.memo(("plan", settings), dict)
    if slot.get("day") != today:
        slot.clear()
        slot.update(day=today, plan=reminder_plan(library, settings, since=start))
    return slot["plan"]


def next_due(plan: list[Reminder], now: dt.datetime) -> dt.datetime | None:
    return next((r.due for r in plan if r.due > now), None)


def next_for_chat(plan: list[Reminder], chat: Subscription, now: dt.datetime
                  ) -> Reminder | None:
    return next((r for r in plan if r.due > now and chat.follows(r.milestone.topics)), None)
