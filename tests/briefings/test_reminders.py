"""The reminder plan and who gets what, for fixed `now`s; no clock, no waiting."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from briefings.alerts import due_alerts
from briefings.deliveries import DeliveryStatus
from briefings.model import DateSpec, Milestone, Precision, Subscription
from briefings.reminders import (
    ReminderSettings,
    anchors,
    due_deliveries,
    due_instant,
    next_for_chat,
    reminder_plan,
)

AMS = ZoneInfo("Europe/Amsterdam")
SETTINGS = ReminderSettings()


def at(*args):
    return dt.datetime(*args, tzinfo=AMS)


SUBSCRIBED = at(2026, 11, 28, 8, 0)


def chat(chat_id, topics=(), since=SUBSCRIBED):
    return Subscription(chat_id, "group", "Groep", topics, 1, since.astimezone(dt.UTC))


@pytest.fixture
def plan(seed_library):
    return reminder_plan(seed_library, SETTINGS, since=at(2026, 11, 28, 9, 0))


def test_the_wetboek_reminders_fall_at_nine_local_time_on_both_sides_of_dst(plan):
    wetboek = [r for r in plan if r.milestone.date.iso == "2029-04-01"]
    assert [r.due.astimezone(AMS) for r in wetboek] == [
        at(2029, 3, 2, 9), at(2029, 3, 25, 9), at(2029, 3, 31, 9), at(2029, 4, 1, 9)]
    # 25 March 2029 is the first day of summer time: nine o'clock is 07:00 UTC, not 08:00.
    assert [r.due.hour for r in wetboek] == [8, 7, 7, 7]


def test_coarse_dates_anchor_on_their_start_and_periods_on_both_ends(plan):
    assert {(r.milestone.date.iso, r.edge, r.anchor) for r in plan if r.lead == 0} == {
        ("2025/2027", "end", dt.date(2027, 12, 31)),
        ("2029-04-01", "date", dt.date(2029, 4, 1)),
    }
    year = Milestone("in 2027", DateSpec(Precision.YEAR, 2027), "In 2027 volgt de evaluatie.")
    assert anchors(year) == [("start", dt.date(2027, 1, 1))]
    spring = Milestone("in het voorjaar van 2027", DateSpec(Precision.SEASON, 2027,
                                                            season="spring"), "…")
    assert anchors(spring) == [("start", dt.date(2027, 3, 1))]


def test_only_forward_looking_milestones_are_reminded_of(seed_library):
    plan = reminder_plan(seed_library, SETTINGS, since=at(2000, 1, 1, 0, 0))
    assert plan and all(r.milestone.forward_looking for r in plan)
    past = [m for m in seed_library.milestones if not m.item.forward_looking]
    assert past, "the seed reports past events too"


def test_autumn_dst_change_keeps_local_time():
    assert due_instant(dt.date(2026, 10, 25), 0, SETTINGS) == at(2026, 10, 25, 9).astimezone(dt.UTC)
    assert due_instant(dt.date(2026, 10, 25), 0, SETTINGS).hour == 8  # 09:00 CET is 08:00 UTC


def test_due_now_is_sent_once_and_never_again(plan):
    reminder = plan[0]  # 30 days before 1 January 2027: 2 December 2026 09:00
    now = reminder.due + dt.timedelta(minutes=1)
    chats = [chat(1), chat(2, ("jeugd",)), chat(3, ("drugs",))]
    first = due_deliveries(plan, chats, set(), now, SETTINGS)
    assert {(d.chat_id, d.status) for d in first if d.reminder == reminder} == {
        (1, DeliveryStatus.SENT), (2, DeliveryStatus.SENT)}
    delivered = {(d.reminder.key, d.chat_id) for d in first}
    # A restart or a second run with the same log sends nothing again.
    assert due_deliveries(plan, chats, delivered, now + dt.timedelta(hours=1), SETTINGS) == []


def test_missed_while_down_is_late_within_grace_and_skipped_after(plan):
    reminder = plan[0]
    late = due_deliveries(plan, [chat(1)], set(), reminder.due + dt.timedelta(hours=5),
                          SETTINGS)
    assert [d.status for d in late] == [DeliveryStatus.LATE]
    skipped = due_deliveries(plan, [chat(1)], set(), reminder.due + dt.timedelta(hours=25),
                             SETTINGS)
    assert [d.status for d in skipped] == [DeliveryStatus.SKIPPED]


def test_a_chat_that_subscribes_after_the_due_time_does_not_get_it(plan):
    reminder = plan[0]
    joined_late = chat(1, since=reminder.due.astimezone(AMS) + dt.timedelta(minutes=5))
    assert due_deliveries(plan, [joined_late], set(), reminder.due + dt.timedelta(hours=1),
                          SETTINGS) == []


def test_next_reminder_for_a_chat_follows_its_topics(plan):
    now = at(2026, 11, 28, 9, 0).astimezone(dt.UTC)
    assert next_for_chat(plan, chat(1, ("strafrecht",)), now).due.astimezone(AMS) == \
        at(2029, 3, 2, 9)
    assert next_for_chat(plan, chat(2, ("demonstratie",)), now) is None


def test_custom_leads_and_time():
    settings = ReminderSettings(leads=(2,), local_time=dt.time(7, 30))
    assert due_instant(dt.date(2029, 4, 1), 2, settings) == at(2029, 3, 30, 7, 30).astimezone(
        dt.UTC)


def test_new_announcements_alert_matching_chats_once(seed_library):
    from dataclasses import replace

    seen = at(2026, 12, 1, 10, 0).astimezone(dt.UTC)
    seeded = seed_library.get("hogere-gevangenisstraffen-mogelijk-drugscriminelen")
    drugs = replace(seeded, release=replace(seeded.release, published=seen.date()),
                    ingested_at=seen)
    chats = [chat(1), chat(2, ("drugs",)), chat(3, ("jeugd",)),
             chat(4, since=at(2026, 12, 1, 11, 0))]
    # Published before the chats subscribed (first seen now or not): history, not news.
    assert due_alerts([replace(seeded, ingested_at=seen)], chats, set(),
                      seen + dt.timedelta(minutes=1), SETTINGS) == []
    assert due_alerts([replace(drugs, quiet=True)], chats, set(),
                      seen + dt.timedelta(minutes=1), SETTINGS) == []
    alerts = due_alerts([drugs], chats, set(), seen + dt.timedelta(minutes=1), SETTINGS)
    assert [(a.chat_id, a.status) for a in alerts] == [(1, DeliveryStatus.SENT),
                                                       (2, DeliveryStatus.SENT)]
    assert due_alerts([drugs], chats, {(alerts[0].key, 1), (alerts[1].key, 2)},
                      seen + dt.timedelta(minutes=2), SETTINGS) == []
    stale = due_alerts([drugs], chats, set(), seen + dt.timedelta(hours=30), SETTINGS)
    assert [a.status for a in stale] == [DeliveryStatus.SKIPPED] * 2


def test_the_day_plan_is_computed_once_a_day(seed_library):
    from briefings.reminders import upcoming_plan

    morning, evening = at(2026, 11, 28, 8, 0), at(2026, 11, 28, 22, 0)
    first = upcoming_plan(seed_library, SETTINGS, morning.astimezone(dt.UTC))
    assert upcoming_plan(seed_library, SETTINGS, evening.astimezone(dt.UTC)) is first
    tomorrow = upcoming_plan(seed_library, SETTINGS, at(2026, 11, 29, 8, 0).astimezone(dt.UTC))
    assert tomorrow is not first and tomorrow == first  # nothing fell due on the 28th


def test_the_whole_plan_is_computed_once_per_library_and_sliced(seed_library_in_memory):
    library, settings = seed_library_in_memory, ReminderSettings()
    since = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    until = dt.datetime(2028, 1, 1, tzinfo=dt.UTC)
    everything = reminder_plan(library, settings, since=dt.datetime.min.replace(tzinfo=dt.UTC))
    window = reminder_plan(library, settings, since=since, until=until)
    assert window == [r for r in everything if since <= r.due < until] and window
    assert everything == sorted(everything, key=lambda r: (r.due, r.key))
    assert len({r.key for r in everything}) == len(everything)
    # A subscription change asks again: the plan is not rebuilt (the same objects come back).
    again = reminder_plan(library, settings, since=since, until=until)
    assert all(a is b for a, b in zip(again, window, strict=True))


def test_a_reminder_ends_with_its_release_dated_and_linked(seed_library):
    from briefings.answers import source_of
    from briefings.render import render_reminder
    from tests.telegram_html import check_telegram_html

    plan = reminder_plan(seed_library, SETTINGS, since=SUBSCRIBED)
    linked = [r for r in plan if (a := seed_library.get(r.announcement_id)) and a.release.url]
    assert linked, "the seed has releases with a Bron: line"
    reminder = linked[0]
    release = seed_library.get(reminder.announcement_id).release
    text = render_reminder(reminder, late=False,
                           source=source_of(seed_library, reminder.announcement_id))
    check_telegram_html(text)
    assert f'<a href="{release.url}">' in text and f"/bericht {reminder.announcement_id}" in text
