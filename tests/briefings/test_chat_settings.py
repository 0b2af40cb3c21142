"""A chat's own settings: parsing what users type, and the plan those settings allow."""

import datetime as dt
from dataclasses import replace

import pytest

from briefings import chat_plan
from briefings.chat_settings import BadSetting, ChatSettings, Digest, apply, toggle_lead
from briefings.deliveries import DeliveryStatus
from briefings.model import Subscription
from briefings.reminders import ReminderSettings, reminder_plan
from tests.conftest import NOW

LEADS = (30, 7, 1, 0)
TODAY = dt.date(2026, 11, 28)


DEFAULT = ChatSettings()


def change(arguments, settings=DEFAULT):
    return apply(settings, arguments, LEADS, NOW, TODAY)


def test_typed_values():
    assert change("tijd 08:30").reminder_time == dt.time(8, 30)
    assert change("tijd 7.05").reminder_time == dt.time(7, 5)
    assert change("dagen 7,1").leads == (7, 1)
    assert change("dagen 0 30").leads == (30, 0)
    assert change("nieuws uit").alerts is False
    weekly = change("overzicht wekelijks")
    assert weekly.digest is Digest.WEEKLY and weekly.digest_since == NOW
    assert change("stil tot 2027-01-15").muted_until == dt.date(2027, 1, 15)
    assert change("stil tot 15 januari 2027").muted_until == dt.date(2027, 1, 15)
    assert change("stil 7 dagen").muted_until == TODAY + dt.timedelta(days=7)
    assert change("stil uit", ChatSettings(muted_until=dt.date(2027, 1, 1))).muted_until is None
    assert change("") == ChatSettings()


@pytest.mark.parametrize(("typed", "says"), [
    ("tijd 24:00", "is geen tijd"), ("tijd morgen", "is geen tijd"),
    ("dagen 14", "niet 14"), ("dagen veel", "zijn geen dagen"),
    ("nieuws misschien", "nieuws aan"), ("overzicht maandelijks", "dagelijks of wekelijks"),
    ("stil tot 2026-11-01", "niet in de toekomst"), ("stil tot 31 februari 2027", "geen datum"),
    ("volume 11", "Onbekende instelling"),
])
def test_bad_values_are_refused_in_dutch(typed, says):
    with pytest.raises(BadSetting) as refused:
        change(typed)
    assert says in str(refused.value)


def test_the_last_lead_cannot_be_switched_off():
    one = ChatSettings(leads=(7,))
    assert toggle_lead(ChatSettings(), 30, LEADS).leads == (7, 1, 0)
    with pytest.raises(BadSetting):
        toggle_lead(one, 7, LEADS)


def _chat(chat_id, **settings):
    return Subscription(chat_id, "private", "Ada", (), chat_id,
                        dt.datetime(2020, 1, 1, tzinfo=dt.UTC), settings=ChatSettings(**settings))


def test_the_plan_follows_each_chats_time_lead_days_and_mute(seed_library):
    defaults = ReminderSettings()
    plan = reminder_plan(seed_library, defaults, since=NOW)
    first = plan[0]
    default_due = first.due
    early = _chat(1, reminder_time=dt.time(7, 0))
    other_leads = _chat(2, leads=tuple(d for d in LEADS if d != first.lead))
    silent = _chat(3, muted_until=first.anchor + dt.timedelta(days=400))
    standard = _chat(4)
    assert chat_plan.chat_due(first, early, defaults) == default_due - dt.timedelta(hours=2)
    assert chat_plan.chat_due(first, other_leads, defaults) is None
    at = default_due + dt.timedelta(minutes=1)
    found = {(d.delivery.chat_id, d.delivery.status, d.reason) for d in chat_plan.due_for_chats(
        plan, [early, other_leads, silent, standard], set(), at, defaults)
        if d.delivery.reminder.key == first.key}
    assert (1, DeliveryStatus.LATE, "") in found      # two hours after its own time
    assert (4, DeliveryStatus.SENT, "") in found
    assert not [f for f in found if f[0] == 2]
    assert [f[1] for f in found if f[0] == 3] == [DeliveryStatus.SKIPPED]
    held = {(first.key, 1), (first.key, 4)}
    again = chat_plan.due_for_chats(plan, [early, standard], held, at, defaults)
    assert first.key not in {d.delivery.reminder.key for d in again}
    reminder, due = chat_plan.next_for_chat(plan, early, default_due - dt.timedelta(hours=3),
                                            defaults)
    assert due == default_due - dt.timedelta(hours=2)
    assert chat_plan.next_due_for_chats(plan, [standard, early, silent],
                                        default_due - dt.timedelta(hours=3), defaults) == due
    assert chat_plan.next_due_for_chats(plan, [silent], default_due, defaults) is None or \
        chat_plan.next_due_for_chats(plan, [silent], default_due, defaults).astimezone(
            defaults.timezone).date() >= silent.settings.muted_until


def test_a_daily_digest_is_due_once_a_day_at_the_chats_time(seed_library):
    defaults = ReminderSettings()
    chat = _chat(5, digest=Digest.DAILY, reminder_time=dt.time(8, 0),
                 digest_since=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    morning = dt.datetime(2026, 11, 28, 7, 30, tzinfo=dt.UTC)   # 08:30 in Amsterdam
    [due] = chat_plan.due_digests([chat], set(), morning, defaults)
    assert due.key == "digest:2026-11-28" and due.status is DeliveryStatus.LATE
    assert chat_plan.due_digests([chat], {(due.key, 5)}, morning, defaults) == []
    weekly = replace(chat, settings=replace(chat.settings, digest=Digest.WEEKLY))
    [week] = chat_plan.due_digests([weekly], set(), morning, defaults)
    assert week.key == "digest:2026-W48"   # Monday 23 November closed the week
    content = chat_plan.digest_content(seed_library, chat, due.period_start, morning, defaults)
    assert content.period is Digest.DAILY
    assert all(m.forward_looking for _, m, _ in content.upcoming)
    assert chat_plan.next_digest_due(chat, morning, defaults) == \
        dt.datetime(2026, 11, 29, 7, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(("leads", "words"), [
    ((30, 7, 1, 0), "30, 7 en 1 dagen vooraf en op de dag zelf"),
    ((1,), "1 dag vooraf"), ((7, 1), "7 en 1 dagen vooraf"), ((0,), "op de dag zelf")])
def test_lead_days_read_as_dutch(leads, words):
    from briefings.formatting import lead_days

    assert lead_days(leads) == words


def test_a_digest_lists_new_releases_but_not_those_stored_quietly(seed_library):
    from briefings.library import Library

    first, second = seed_library.announcements[:2]
    library = Library([replace(first, ingested_at=NOW), replace(second, ingested_at=NOW,
                                                                 quiet=True)])
    chat = Subscription(1, "group", "Groep", (), 1, NOW - dt.timedelta(days=3),
                        settings=ChatSettings(digest=Digest.DAILY))
    content = chat_plan.digest_content(library, chat, NOW - dt.timedelta(days=1),
                                       NOW + dt.timedelta(hours=1), ReminderSettings())
    assert [a.id for a in content.new] == [first.id]
