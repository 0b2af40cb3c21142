"""Start-up and shutdown paths of the real bot process: bad token, webhook secret, reminders that
fall due while it runs, exactly once across a restart."""

from __future__ import annotations

import datetime as dt
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from briefings.formatting import day as dutch_day
from tests.e2e.botprocess import AMSTERDAM, ROOT, BotProcess, free_port, reminder_time_after_setup
from tests.fake_telegram import command, group_chat, private_chat, user

TOKEN = "98765:another-SECRET-token"


def test_a_rejected_token_fails_fast_with_a_clear_message(fake, tmp_path):
    bot = BotProcess(fake, tmp_path / "var", tmp_path / "bot.log",
                     TELEGRAM_BOT_TOKEN="111:not-the-token-the-server-knows")
    bot.start(wait_ready=False)
    assert bot.wait() == 1
    assert "Telegram weigert het token" in bot.log
    assert "not-the-token" not in bot.log


def test_webhook_mode_refuses_requests_without_the_secret(fake, tmp_path):
    port = free_port()
    bot = BotProcess(fake, tmp_path / "var", tmp_path / "bot.log",
                     TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram-hook",
                     TELEGRAM_WEBHOOK_SECRET="s3cret-header-value",
                     TELEGRAM_WEBHOOK_LISTEN="127.0.0.1", TELEGRAM_WEBHOOK_PORT=str(port))
    bot.start(wait_ready=False)
    try:
        webhook = fake.wait_for(lambda: [c for c in fake.calls if c.method == "setWebhook"],
                                30, "setWebhook")[0]
        assert webhook.params["secret_token"] == "s3cret-header-value"
        update = json.dumps({"update_id": 1, **command(private_chat(501), user(5), "/help")})

        def post(secret, body=None):
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/telegram-hook", data=body or update.encode(),
                headers={"Content-Type": "application/json",
                         **({"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {})})
            try:
                return urllib.request.urlopen(request, timeout=10).status
            except urllib.error.HTTPError as error:
                return error.code
            except (ConnectionError, urllib.error.URLError):
                return "closed"  # refused before the body was read

        fake.wait_for(lambda: _listening(port), 30, "the webhook server")
        assert post(None) == 403
        assert post("wrong") == 403
        # Without the secret a big body is refused unread; with it, capped.
        assert post(None, b"x" * 20_000_000) in (403, "closed")
        assert post("s3cret-header-value", b"x" * 20_000_000) in (413, "closed")
        assert post("s3cret-header-value", b"{not json") == 400
        assert post("s3cret-header-value", b'["a list"]') == 400
        assert fake.texts(501) == []
        assert post("s3cret-header-value") == 200
        assert "/budget" in fake.wait_for_texts(501, 1)[0]
    finally:
        assert bot.stop() == 0
    assert TOKEN not in bot.log
    assert "s3cret-header-value" not in bot.log  # DEBUG logs setWebhook's parameters
    assert "setWebhook" in bot.log and "<secret>" in bot.log


def test_webhook_without_secret_is_refused_at_start(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"], capture_output=True, text=True, timeout=60,
        cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                           "TELEGRAM_BOT_TOKEN": TOKEN,
                           "TELEGRAM_WEBHOOK_URL": "https://example.org/hook"})
    assert result.returncode == 2
    assert "TELEGRAM_WEBHOOK_SECRET is verplicht" in result.stderr


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_due_reminder_reaches_two_chats_once_across_a_restart(fake, tmp_path):
    """A milestone seven days ahead, reminders 7 days before at a time a few seconds after the
    set-up: both subscribed chats get it once; a restart sends nothing again."""
    now_local = dt.datetime.now(AMSTERDAM)
    milestone = now_local.date() + dt.timedelta(days=7)
    release = tmp_path / "release.txt"
    release.write_text(
        "Nieuwe wet tegen ondermijning\n\nDatum: 2026-11-20\n\n"
        f"Op {dutch_day(milestone)} treedt de nieuwe wet tegen ondermijning in werking.\n",
        encoding="utf-8")
    # The bot's own time is hours away; each chat sets its time once set-up is done (below).
    env = {"BRIEFINGS_REMINDER_DAYS": "7",
           "BRIEFINGS_REMINDER_TIME": (now_local + dt.timedelta(hours=3)).strftime("%H:%M")}
    bot = BotProcess(fake, tmp_path / "var", tmp_path / "bot.log", **env)
    ingest = bot.cli("ingest", str(release))
    assert ingest.returncode == 0, ingest.stderr
    bot.start()
    group, private = group_chat(-601), private_chat(602)
    fake.members[(-601, 6)] = "administrator"
    setup_started = time.monotonic()
    for chat in (group, private):
        fake.push(command(chat, user(6), "/abonneer ondermijning"))
        fake.wait_for_texts(chat["id"], 1)
    # Two more round trips to come, as slow as the two just made (a loaded machine is slow).
    due_local = reminder_time_after_setup(time.monotonic() - setup_started, AMSTERDAM)
    for chat in (group, private):
        fake.push(command(chat, user(6), f"/instellingen tijd {due_local:%H:%M:%S}"))
        fake.wait_for_texts(chat["id"], 2)
    assert dt.datetime.now(AMSTERDAM) < due_local, "set-up took too long for this test"
    for chat in (group, private):
        reminder = fake.wait_for_texts(chat["id"], 3, timeout=40)[2]
        assert reminder.startswith(f"<b>Over 7 dagen</b>, op {dutch_day(milestone)}:")
        assert "nieuwe wet tegen ondermijning in werking" in reminder
        assert "Later verstuurd" not in reminder
    fake.wait_for(lambda: sum(d["status"] == "sent" for d in bot.deliveries()) == 2,
                  what="both deliveries in the log")
    assert bot.stop() == 0

    checks_before = bot.log.count("delivery run:")
    bot.start()
    fake.wait_for(lambda: bot.log.count("delivery run:") > checks_before, 30,
                  "the delivery run after the restart")
    fake.push(command(private, user(6), "/status"))
    fake.wait_for_texts(602, 4)
    assert bot.stop() == 0
    assert len(fake.texts(-601)) == 3 and len(fake.texts(602)) == 4
    assert sorted(d["status"] for d in bot.deliveries()) == ["sent", "sent"]
    assert TOKEN not in bot.log
