"""Delivery under pressure, with the real bot process over loopback: a slow API, a second
instance, a busy group, forum topics, failures across a restart, unusable store files."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from briefings.formatting import day as dutch_day
from tests.e2e.botprocess import AMSTERDAM, BotProcess, reminder_time_after_setup
from tests.fake_telegram import command, group_chat, private_chat, user

TOKEN = "55555:delivery-SECRET-token"
ADMIN = user(9, "Beheerder")


def reminder_soon(tmp_path, fake, **env: str) -> tuple[BotProcess, dt.date]:
    """A bot whose corpus has one milestone with a 7-day reminder due today, at a time hours
    away until `remind_soon` moves a chat's time to just after the set-up."""
    now_local = dt.datetime.now(AMSTERDAM)
    milestone = now_local.date() + dt.timedelta(days=7)
    release = tmp_path / "release.txt"
    release.write_text(
        "Nieuwe wet tegen ondermijning\n\nDatum: 2026-11-20\n\n"
        f"Op {dutch_day(milestone)} treedt de nieuwe wet tegen ondermijning in werking.\n",
        encoding="utf-8")
    bot = BotProcess(fake, tmp_path / "var", tmp_path / "bot.log", BRIEFINGS_REMINDER_DAYS="7",
                     BRIEFINGS_REMINDER_TIME=(now_local + dt.timedelta(hours=3)).strftime("%H:%M"),
                     **env)
    ingest = bot.cli("ingest", str(release))
    assert ingest.returncode == 0, ingest.stderr
    return bot, milestone


def subscribe(fake, chat, thread_id=None):
    if chat["id"] < 0:
        fake.members[(chat["id"], ADMIN["id"])] = "administrator"
    before = len(fake.sent(chat["id"]))
    fake.push(command(chat, ADMIN, "/abonneer ondermijning", thread_id))
    fake.wait_for_texts(chat["id"], before + 1)


def remind_soon(fake, chats, setup_started: float, thread_id=None) -> None:
    """Each chat's reminder time a little after now: as far ahead as the set-up took (twice),
    so a slow machine does not make the time pass before the last chat has it."""
    due_local = reminder_time_after_setup(time.monotonic() - setup_started, AMSTERDAM)
    for chat in chats:
        before = len(fake.sent(chat["id"]))
        fake.push(command(chat, ADMIN, f"/instellingen tijd {due_local:%H:%M:%S}", thread_id))
        fake.wait_for_texts(chat["id"], before + 1)
    assert dt.datetime.now(AMSTERDAM) < due_local, "set-up took too long for this test"


def statuses(bot) -> dict[int, str]:
    return {d["chat_id"]: d["status"] for d in bot.deliveries()}


def test_a_slow_answer_is_not_sent_twice_even_after_a_restart(fake, tmp_path):
    bot, _ = reminder_soon(tmp_path, fake)
    started = time.monotonic()
    bot.start()
    chat = private_chat(701)
    subscribe(fake, chat)
    remind_soon(fake, [chat], started)
    fake.slow[701] = 8  # longer than the bot's read timeout (5 s)
    fake.wait_for(lambda: statuses(bot).get(701) == "unknown", 60, "the unknown outcome")
    assert bot.stop() == 0
    fake.slow.clear()
    bot.start()
    fake.push(command(chat, ADMIN, "/status"))
    fake.wait_for_texts(701, 4)
    assert bot.stop() == 0
    reminders = [t for t in fake.texts(701) if t.startswith("<b>Over 7 dagen</b>")]
    assert len(reminders) == 1
    assert "may have arrived, not resent" in bot.log


def test_a_failed_send_is_retried_after_a_restart(fake, tmp_path):
    bot, milestone = reminder_soon(tmp_path, fake)
    started = time.monotonic()
    bot.start()
    chat = private_chat(702)
    subscribe(fake, chat)
    remind_soon(fake, [chat], started)
    for _ in range(4):  # every attempt of the first run: Telegram is down
        fake.fail("sendMessage", 702, 502, "Bad Gateway")
    fake.wait_for(lambda: statuses(bot).get(702) == "failed", 60, "the failure in the log")
    assert bot.stop() == 0
    assert len(fake.texts(702)) == 2  # only the subscribe confirmation and the settings
    bot.start()
    reminder = fake.wait_for_texts(702, 3, timeout=60)[2]
    assert reminder.startswith(f"<b>Over 7 dagen</b>, op {dutch_day(milestone)}:")
    fake.wait_for(lambda: statuses(bot).get(702) in ("sent", "late"), 30, "the retry logged")
    assert bot.stop() == 0


def test_reminders_go_to_the_forum_topic_and_fall_back_when_it_is_gone(fake, tmp_path):
    bot, _ = reminder_soon(tmp_path, fake)
    started = time.monotonic()
    bot.start()
    forum, closed = group_chat(-1007, "Forum", "supergroup", forum=True), \
        group_chat(-1008, "Forum 2", "supergroup", forum=True)
    subscribe(fake, forum, thread_id=77)
    subscribe(fake, closed, thread_id=88)
    remind_soon(fake, [forum], started, thread_id=77)
    remind_soon(fake, [closed], started, thread_id=88)
    assert bot.subscriptions()[-1007]["thread_id"] == 77
    fake.fail("sendMessage", -1008, 400, "Bad Request: message thread not found")
    reminder = fake.wait_for(lambda: [p for p in fake.sent(-1007)[2:]], 60, "the reminder")[0]
    assert reminder["message_thread_id"] == 77
    fallback = fake.wait_for(lambda: [p for p in fake.sent(-1008)[2:]], 30, "the fallback")[0]
    assert "message_thread_id" not in fallback
    assert bot.stop() == 0
    assert "forum topic 88 of chat -1008 is closed or gone" in bot.log


def test_a_second_instance_on_the_same_data_is_refused(fake, tmp_path):
    first = BotProcess(fake, tmp_path / "var", tmp_path / "first.log").start()
    second = BotProcess(fake, tmp_path / "var", tmp_path / "second.log")
    second.start(wait_ready=False)
    try:
        assert second.wait() == 2
        assert "Er draait al een briefingbot op de gegevensmap" in second.log
    finally:
        assert first.stop() == 0
    assert first.process.returncode == 0


def test_a_busy_group_does_not_delay_a_private_answer(fake, tmp_path):
    bot = BotProcess(fake, tmp_path / "var", tmp_path / "bot.log").start()
    group = group_chat(-1009)
    for _ in range(26):  # more than the 20 per minute Telegram allows a group
        fake.push(command(group, ADMIN, "/onderwerpen"))
    fake.wait_for(lambda: len(fake.sent(-1009)) >= 20, 60, "the group's first 20 answers")
    asked = time.monotonic()
    fake.push(command(private_chat(703), ADMIN, "/help"))
    fake.wait_for_texts(703, 1, timeout=30)
    waited = time.monotonic() - asked
    still_waiting = 26 - len(fake.sent(-1009))
    fake.wait_for(lambda: len(fake.sent(-1009)) == 26, 90, "the rest of the group's answers")
    assert bot.stop() == 0
    assert still_waiting > 0, "the group was not held back by its rate limit"
    assert waited < 10, f"the private answer waited {waited:.1f} s behind the group"


BAD_STATE = {
    "empty state": ("state.json", b""),
    "non-UTF-8 state": ("state.json", b'{"subscriptions": {"1": {"title": "\xff"}}}'),
    "truncated state": ("state.json", b'{"subscriptions": {"1": {"schema_version": 2,'),
    "newer state schema": ("state.json", b'{"subscriptions": {"1": {"schema_version": 9}}}'),
    "empty corpus": ("corpus.json", b""),
    "truncated corpus": ("corpus.json", b'{"announcements": {"1": {"id": "x", "rec'),
    "empty delivery log": ("deliveries.jsonl", b""),
}


@pytest.mark.parametrize("case", sorted(BAD_STATE))
def test_an_unusable_store_file_stops_the_bot_with_its_name_and_is_left_alone(fake, tmp_path,
                                                                             case):
    name, content = BAD_STATE[case]
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    (data_dir / name).write_bytes(content)
    bot = BotProcess(fake, data_dir, tmp_path / "bot.log")
    bot.start(wait_ready=False)
    assert bot.wait() == 2
    assert f"{name} is onbruikbaar" in bot.log and "niet gewijzigd" in bot.log
    assert "Traceback" not in bot.log
    assert (data_dir / name).read_bytes() == content
    assert sorted(p.name for p in data_dir.iterdir() if not p.name.startswith(".")) == [name]
