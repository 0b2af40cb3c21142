"""Per-chat settings against the real bot process and a fake Bot API on 127.0.0.1: each chat's
own time and lead days, mute, the digest once, topic buttons, and admins only in groups (typed
and at the buttons)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from zoneinfo import ZoneInfo

import pytest

from briefings.formatting import day as dutch_day
from briefings.topics import topic_table
from tests.e2e.botprocess import BotProcess, reminder_time_after_setup
from tests.fake_telegram import (
    FakeTelegram,
    button_press,
    buttons,
    command,
    group_chat,
    private_chat,
    user,
)

TOKEN = "24680:settings-SECRET-token"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ADMIN, MEMBER = user(21, "Beheerder"), user(22, "Lid")
TITLE = "Nieuwe wet tegen ondermijning"


@pytest.fixture
def fake():
    server = FakeTelegram(TOKEN)
    server.start()
    yield server
    server.stop()


def ask(fake, chat, sender, text):
    before = len(fake.sent(chat["id"]))
    fake.push(command(chat, sender, text))
    return fake.wait_for_texts(chat["id"], before + 1)[before]


def last_sent(fake, chat_id):
    return fake.sent(chat_id)[-1]


def keys_for(bot, chat_id):
    return sorted((d["key"], d["status"]) for d in bot.deliveries() if d["chat_id"] == chat_id)


def test_each_chat_gets_reminders_and_digest_as_its_settings_say(fake, tmp_path):
    """Default time hours away; three chats set their own time a few seconds ahead: one with
    the 7-day reminder, one with only the 1-day lead (gets nothing now), one muted (gets
    nothing, logged as skipped). A daily digest goes out once at its chat's time."""
    now_local = dt.datetime.now(AMSTERDAM)
    milestone = now_local.date() + dt.timedelta(days=7)
    release = tmp_path / "release.txt"
    release.write_text(f"{TITLE}\n\nDatum: 2026-11-20\n\nOp {dutch_day(milestone)} treedt de "
                       "nieuwe wet tegen ondermijning in werking.\n", encoding="utf-8")
    default_time = (now_local + dt.timedelta(hours=3)).strftime("%H:%M")
    bot = BotProcess(fake, tmp_path / "var", tmp_path / "bot.log",
                     BRIEFINGS_REMINDER_DAYS="7,1", BRIEFINGS_REMINDER_TIME=default_time)
    ingest = subprocess.run([sys.executable, "-m", "bot", "ingest", str(release)],
                            env=bot.env, cwd=tmp_path, capture_output=True, text=True,
                            timeout=60)
    assert ingest.returncode == 0, ingest.stderr
    bot.start()
    own, one_day, muted, digest = (private_chat(i) for i in (801, 802, 803, 804))
    mute_until = (now_local.date() + dt.timedelta(days=2)).isoformat()
    setup_started = time.monotonic()
    try:
        for chat in (own, one_day, muted):
            ask(fake, chat, ADMIN, "/abonneer ondermijning")
        ask(fake, digest, ADMIN, "/abonneer")
        screen = ask(fake, one_day, ADMIN, "/instellingen dagen 1")
        assert "Herinneringen: 1 dag vooraf" in screen
        ask(fake, muted, ADMIN, f"/instellingen stil tot {mute_until}")
        ask(fake, digest, ADMIN, "/instellingen overzicht dagelijks")
        # The time is chosen now, with room for the four round trips still to come.
        due_local = reminder_time_after_setup(time.monotonic() - setup_started, AMSTERDAM)
        at = due_local.strftime("%H:%M:%S")
        for chat in (own, one_day, muted, digest):
            screen = ask(fake, chat, ADMIN, f"/settings tijd {at}")
            assert f"Herinneringstijd: {at[:5]}" in screen
        assert dt.datetime.now(AMSTERDAM) < due_local, "set-up took too long for this test"

        reminder = fake.wait_for_texts(801, 3, timeout=60)[2]
        assert reminder.startswith(f"<b>Over 7 dagen</b>, op {dutch_day(milestone)}:")
        sent_at = dt.datetime.now(AMSTERDAM)
        assert sent_at >= due_local - dt.timedelta(seconds=1)  # its own time, not the default
        [summary] = fake.wait_for(lambda: [t for t in fake.texts(804)
                                           if t.startswith("<b>Dagoverzicht</b>")], 60,
                                  "the digest")
        assert TITLE in summary and "treedt de nieuwe wet tegen ondermijning in werking" in \
            summary
        fake.wait_for(lambda: keys_for(bot, 803),
                      what="the muted chat's reminder recorded as skipped")
        # Another run (a change anywhere) sends nothing again.
        runs = bot.log.count("delivery run:")
        ask(fake, private_chat(805), ADMIN, "/abonneer drugs")
        fake.wait_for(lambda: bot.log.count("delivery run:") > runs, what="another run")
        status = ask(fake, one_day, ADMIN, "/status")
        assert f"Herinneringen om {at[:5]}, 1 dag vooraf" in status
        expected = dt.datetime.combine(milestone - dt.timedelta(days=1),
                                       dt.time.fromisoformat(at))
        assert f"Volgende herinnering: {dutch_day(expected.date())} om {at[:5]}" in status
    finally:
        assert bot.stop() == 0
    assert len(fake.texts(801)) == 3           # subscribed, its settings, the reminder
    assert not [t for t in fake.texts(802) if "Over 7 dagen" in t]
    assert not [t for t in fake.texts(803) if "Over 7 dagen" in t]
    assert [s for k, s in keys_for(bot, 803)] == ["skipped"]
    digests = [t for t in fake.texts(804) if t.startswith("<b>Dagoverzicht")]
    assert len(digests) == 1
    today = due_local.date().isoformat()
    assert (f"digest:{today}", "sent") in keys_for(bot, 804)

    # Restarted: the settings are still there, and nothing goes out again.
    bot.start()
    try:
        status = ask(fake, muted, ADMIN, "/status")
        assert f"Stil tot {dutch_day(dt.date.fromisoformat(mute_until))}" in status
    finally:
        assert bot.stop() == 0
    assert len([t for t in fake.texts(804) if t.startswith("<b>Dagoverzicht")]) == 1
    assert len([t for t in fake.texts(801) if "Over 7 dagen" in t]) == 1
    # The operator's view agrees: the next reminder at the chats' own time.
    report = subprocess.run([sys.executable, "-m", "bot", "status", "--json"], env=bot.env,
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    upcoming = json.loads(report.stdout)["next_reminder"]
    next_at = dt.datetime.combine(milestone - dt.timedelta(days=1), dt.time.fromisoformat(at),
                                  tzinfo=AMSTERDAM)
    assert dt.datetime.fromisoformat(upcoming["due"]) == next_at
    assert upcoming["chats"] == 4   # 801, 802, 803 and 804 follow it at that time


def test_topic_buttons_and_admin_rule_at_buttons_and_typed(fake, tmp_path):
    bot = BotProcess(fake, tmp_path / "var", tmp_path / "bot.log").start()
    table = topic_table()
    chat = private_chat(811)
    group = group_chat(-812)
    fake.members[(-812, ADMIN["id"])] = "administrator"
    try:
        # /abonneer without topics: subscribed to all, topics offered as buttons.
        done = ask(fake, chat, ADMIN, "/abonneer")
        assert done.startswith("Geabonneerd")
        offered = buttons(last_sent(fake, 811))
        assert {f"✓ {t.label}" for t in table.topics} <= set(offered)
        edits = len(fake.calls_of("editMessageText", 811))
        fake.push(button_press(chat, ADMIN, last_sent(fake, 811), offered["✓ " +
                                                                         table.get("jeugd").label]))
        fake.wait_for(lambda: len(fake.calls_of("editMessageText", 811)) > edits,
                      what="the topic screen to be updated")
        expected = [t for t in table.commands if t != "jeugd"]
        assert bot.subscriptions()[811]["topics"] == expected
        edited = fake.calls_of("editMessageText", 811)[-1]
        assert table.get("jeugd").label in buttons(edited)  # now without its tick
        assert fake.calls_of("answerCallbackQuery")[-1]["text"] == "Opgeslagen."
        fake.push(button_press(chat, ADMIN, last_sent(fake, 811), offered["✓ Alle onderwerpen"]))
        fake.wait_for(lambda: bot.subscriptions()[811]["topics"] == [], what="all topics again")

        # A group: a member may look, not change; typed or pressed.
        ask(fake, group, ADMIN, "/abonneer drugs")
        refused = ask(fake, group, MEMBER, "/instellingen tijd 07:15")
        assert refused.startswith("Alleen beheerders")
        assert not bot.subscriptions()[-812].get("settings")
        screen = ask(fake, group, MEMBER, "/instellingen")
        assert "Herinneringstijd: 09:00" in screen
        menu = last_sent(fake, -812)
        answers = len(fake.calls_of("answerCallbackQuery"))
        fake.push(button_press(group, MEMBER, menu, buttons(menu)["07:00"]))
        fake.wait_for(lambda: len(fake.calls_of("answerCallbackQuery")) > answers,
                      what="the refusal at the button")
        refusal = fake.calls_of("answerCallbackQuery")[-1]
        assert refusal["text"].startswith("Alleen beheerders") and refusal["show_alert"]
        assert not bot.subscriptions()[-812].get("settings")
        assert not fake.calls_of("editMessageText", -812)

        # The admin's press changes it, and the screen shows it.
        fake.push(button_press(group, ADMIN, menu, buttons(menu)["07:00"]))
        fake.wait_for(lambda: bot.subscriptions()[-812].get("settings", {})
                      .get("reminder_time") == "07:00:00", what="the admin's change")
        fake.wait_for(lambda: fake.calls_of("editMessageText", -812), what="the new screen")
        assert "Herinneringstijd: 07:00" in fake.calls_of("editMessageText", -812)[-1]["text"]

        # Bad values get a clear answer and change nothing.
        for typed, answer in (("tijd 25:00", "is geen tijd"), ("dagen 5", "niet 5"),
                              ("stil tot gisteren", "is geen datum"),
                              ("overzicht soms", "geen, dagelijks of wekelijks"),
                              ("kleur blauw", "Onbekende instelling")):
            reply = ask(fake, group, ADMIN, f"/instellingen {typed}")
            assert answer in reply, (typed, reply)
        assert bot.subscriptions()[-812]["settings"] == {"reminder_time": "07:00:00"}
    finally:
        assert bot.stop() == 0
