"""Broadcast benchmark: one reminder to 1,000 subscribed chats through the real PTB stack
against the fake Bot API on 127.0.0.1 enforcing Telegram's 30 messages/s. Reports the achieved
rate, lost and duplicated messages and the 429s waited out."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import tempfile
import time
from collections import Counter

from bot.app import App
from bot.jobs import Outgoing, broadcast
from bot.settings import Settings
from bot.telegram_app import build_application
from briefings.deliveries import DeliveryStatus
from briefings.model import Subscription
from tests.fake_telegram import FakeTelegram

CHATS = int(os.environ.get("BENCH_CHATS", "1000"))
LIMIT = 30
TOKEN = "1000:benchmark-token"


async def run(folder: str, fake: FakeTelegram) -> list[str]:
    now = dt.datetime.now(dt.UTC)
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "BRIEFINGS_DATA_DIR": folder,
                                  "TELEGRAM_API_BASE_URL": fake.base_url})
    app = App(settings, now)
    for chat_id in range(1, CHATS + 1):
        app.stores.subscriptions.save(Subscription(chat_id, "private", "", (), chat_id, now))
    application = build_application(settings, app, clock=lambda: dt.datetime.now(dt.UTC))
    outgoing = [Outgoing("bench:reminder", chat_id, DeliveryStatus.SENT,
                         "<b>Over 7 dagen</b>, op 1 april 2029: benchmark.", now)
                for chat_id in range(1, CHATS + 1)]
    async with application:
        started = time.perf_counter()
        outcomes = await broadcast(app, application, outgoing, now)
        elapsed = time.perf_counter() - started
    received = Counter(c.params["chat_id"] for c in fake.calls
                       if c.method == "sendMessage" and c.status == 200)
    refused = sum(1 for c in fake.calls if c.method == "sendMessage" and c.status == 429)
    lost = sum(1 for chat_id in range(1, CHATS + 1) if received[chat_id] == 0)
    duplicated = sum(count - 1 for count in received.values() if count > 1)
    logged = sum(1 for r in outcomes.values() if r.status is DeliveryStatus.SENT)
    rate = sum(received.values()) / elapsed
    return [f"## Broadcast of one reminder to {CHATS:,} chats", "",
            f"Against the fake Bot API on 127.0.0.1 enforcing {LIMIT} messages/s (429 with "
            "`retry_after` beyond that), through the real PTB application with its rate "
            "limiter.", "",
            "| chats | time | achieved rate | of the limit | lost | duplicated | 429s waited out "
            "| logged as sent |", "|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {CHATS:,} | {elapsed:.1f} s | {rate:.1f} msg/s | {rate / LIMIT:.0%} | {lost} | "
            f"{duplicated} | {refused} | {logged:,} |", ""]


def main() -> list[str]:
    fake = FakeTelegram(TOKEN, max_per_second=LIMIT)
    fake.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            return asyncio.run(run(folder, fake))
    finally:
        fake.stop()


if __name__ == "__main__":
    print("\n".join(main()))
