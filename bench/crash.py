"""Crash benchmark: kill -9 the real bot during a broadcast of one reminder to 1,000 chats,
restart it, and count per chat what arrived at the fake Bot API. Goal: nothing twice; what is
lost is at most what was in flight at the kill (recorded as unknown, never resent)."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import App
from bot.settings import Settings
from briefings.formatting import day as dutch_day
from briefings.model import Subscription
from store import open_stores
from tests.e2e.botprocess import BotProcess
from tests.fake_telegram import FakeTelegram

CHATS = int(os.environ.get("BENCH_CRASH_CHATS", "1000"))
TRIALS = int(os.environ.get("BENCH_CRASH_TRIALS", "20"))
RATE = 400  # messages/s: a fast pace keeps 20 trials short; the fake enforces no limit
TOKEN = "4242:crash-benchmark-token"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def prepare(folder: Path, now: dt.datetime) -> dict[str, str]:
    """A data directory with 1,000 subscribed chats and one reminder due a moment ago."""
    due = (now.astimezone(AMSTERDAM) - dt.timedelta(seconds=5)).replace(microsecond=0)
    milestone = due.date() + dt.timedelta(days=7)
    env = {"BRIEFINGS_REMINDER_DAYS": "7", "BRIEFINGS_REMINDER_TIME": due.strftime("%H:%M:%S"),
           "TELEGRAM_BROADCAST_PER_SECOND": str(RATE), "BRIEFINGS_SOURCES": "",
           "BRIEFINGS_LOG_LEVEL": "INFO"}
    settings = Settings.from_env({"BRIEFINGS_DATA_DIR": str(folder), **env})
    app = App(settings, now)
    app.ingest_text("Nieuwe wet tegen ondermijning\n\nDatum: 2026-11-20\n\n"
                    f"Op {dutch_day(milestone)} treedt de nieuwe wet tegen ondermijning in "
                    "werking.\n", "bench", now)
    stores = open_stores(folder)
    since = now - dt.timedelta(hours=1)
    for chat_id in range(1, CHATS + 1):
        stores.subscriptions.save(Subscription(chat_id, "private", "", (), chat_id, since))
    return env


def trial(template: Path, env: dict[str, str], number: int, rng: random.Random) -> dict:
    fake = FakeTelegram(TOKEN)
    fake.start()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "var"
        shutil.copytree(template, data)
        bot = BotProcess(fake, data, Path(folder) / "first.log", **env)
        kill_after = rng.randint(CHATS // 20, CHATS * 9 // 10)
        bot.start(wait_ready=False)
        fake.wait_for(lambda: len(fake.sent()) >= kill_after, 120, "the broadcast")
        assert bot.process is not None
        bot.process.send_signal(signal.SIGKILL)
        bot.process.wait()
        at_kill = len(fake.sent())
        again = BotProcess(fake, data, Path(folder) / "second.log", **env)
        again.start()
        fake.wait_for(lambda: "delivered" in again.log, 120, "the broadcast to finish")
        again.stop()
        unknown = sum(1 for d in again.deliveries() if d["status"] == "unknown")
    fake.stop()
    received = Counter(p["chat_id"] for p in fake.sent())
    return {"trial": number, "killed after": at_kill,
            "lost": sum(1 for c in range(1, CHATS + 1) if received[c] == 0),
            "duplicated": sum(n - 1 for n in received.values() if n > 1),
            "in flight (unknown)": unknown}


def main() -> list[str]:
    rng = random.Random(12)
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "template"
        env = prepare(template, dt.datetime.now(dt.UTC))
        started = time.perf_counter()
        rows = [trial(template, env, n, rng) for n in range(1, TRIALS + 1)]
        elapsed = time.perf_counter() - started
    lines = [f"## kill -9 during a broadcast to {CHATS:,} chats, {TRIALS} times", "",
             "The real bot process against the fake Bot API on 127.0.0.1 (paced at "
             f"{RATE} messages/s so the trials stay short), killed with SIGKILL after a random "
             "number of messages, then restarted until the broadcast is done. Lost: chats that "
             "never got the reminder; duplicated: extra copies; in flight: messages marked but "
             "not confirmed at the kill, recorded as unknown and never resent (the most a "
             "crash may lose).", "",
             "| trial | killed after | lost | duplicated | in flight (unknown) |",
             "|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['trial']} | {r['killed after']:,} | {r['lost']} | {r['duplicated']} | "
              f"{r['in flight (unknown)']} |" for r in rows]
    lost = sum(r["lost"] for r in rows)
    lines += ["", f"Total: {lost} lost, {sum(r['duplicated'] for r in rows)} duplicated "
              f"in {TRIALS} kills; every loss within its trial's in-flight window: "
              f"{all(r['lost'] <= r['in flight (unknown)'] for r in rows)}. "
              f"({elapsed:.0f} s for the trials.)", ""]
    return lines


if __name__ == "__main__":
    sys.stdout.write("\n".join(main()) + "\n")
