"""The operator's kit against the real bot process: a backup taken while the bot writes restores
to a store that opens and answers; the health endpoint in webhook mode."""

from __future__ import annotations

import datetime as dt
import json
import threading
import urllib.request

from tests.e2e.botprocess import BotProcess, free_port
from tests.e2e.test_telegram import article, rss
from tests.fake_telegram import command, private_chat, user

TOKEN = "55555:operator-SECRET-token"


def test_backup_while_the_bot_writes_restores_to_a_store_that_answers(fake, tmp_path):
    bot = BotProcess(fake, tmp_path / "var", tmp_path / "bot.log").start()
    chats = [private_chat(700 + i) for i in range(40)]
    stop = threading.Event()

    def subscribe_all() -> None:  # the bot writes state.json for every one of these
        for chat in chats:
            if stop.is_set():
                return
            fake.push(command(chat, user(chat["id"]), "/abonneer"))
            fake.wait_for_texts(chat["id"], 1)

    writer = threading.Thread(target=subscribe_all)
    try:
        fake.push(command(chats[0], user(700), "/abonneer"))
        fake.wait_for_texts(700, 1)
        writer.start()
        made = [bot.cli("backup") for _ in range(3)]
        archive = made[-1].stdout.split("Back-up gemaakt: ")[1].split(" (")[0]
        refused = bot.cli("restore", archive)
        assert refused.returncode == 1 and "Er draait al een briefingbot" in refused.stderr
        stop.set()
        writer.join(timeout=60)
    finally:
        stop.set()
        assert bot.stop() == 0
    assert all(r.returncode == 0 for r in made), [r.stderr for r in made]
    fresh = tmp_path / "restored"
    restored = bot.cli("restore", archive, data_dir=fresh)
    assert restored.returncode == 0, restored.stderr
    status = json.loads(bot.cli("status", "--json", data_dir=fresh).stdout)
    assert status["ok"] and status["store"]["announcements"] == 10
    assert 1 <= status["store"]["subscriptions"] <= len(chats)
    answer = bot.cli("ask", "/budget jeugd", data_dir=fresh)
    assert "€ 21,4 mln per jaar vanaf 2027" in answer.stdout


def test_health_endpoint_in_webhook_mode_reports_sources_and_store(fake, tmp_path):
    port, health = free_port(), free_port()
    item = ("Meer tijd voor de kinderrechter", "/nieuws/kinderrechter",
            dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC))
    fake.pages[item[1]] = article(item[0], ["De kinderrechter krijgt meer tijd per zaak. " * 12])
    fake.feed = rss(fake.port, [item])
    bot = BotProcess(fake, tmp_path / "var", tmp_path / "bot.log",
                     TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
                     TELEGRAM_WEBHOOK_SECRET="health-secret", TELEGRAM_WEBHOOK_LISTEN="127.0.0.1",
                     TELEGRAM_WEBHOOK_PORT=str(port), BRIEFINGS_HEALTH_PORT=str(health),
                     BRIEFINGS_FEED_URL=f"http://127.0.0.1:{fake.port}/feed.xml",
                     BRIEFINGS_FEED_INTERVAL_MINUTES="0.02", BRIEFINGS_LOG_FORMAT="json")
    bot.start(wait_ready=False)
    try:
        def report():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{health}/healthz",
                                            timeout=5) as response:
                    data = json.loads(response.read())
            except OSError:
                return None
            return data if data["sources"][0]["last_poll"] and data["backups"] else None

        data = fake.wait_for(report, 40, "a health report after the first poll and backup")
        assert data["ok"] is True
        assert data["sources"][0]["url"].endswith("/feed.xml")
        assert data["store"]["files"]["corpus.json"] > 0
        assert data["backups"]["latest"].endswith("-daily.tar.gz")  # taken by the bot itself
        assert data["deliveries"] == {"pending": 0, "failed": 0, "by_status": {}}
    finally:
        assert bot.stop() == 0
    assert all(json.loads(line)["level"] for line in bot.log.splitlines() if line.strip())
    assert TOKEN not in bot.log
