"""One subscription write after 0, 100,000 and 400,000 past deliveries (1,000 chats, one
reminder a day to each, the watermark compacting the log after every day's run as the bot
does). Goal: the write costs the same however long the bot has run (ratio ≤ 1.5)."""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from briefings.deliveries import DeliveryRecord, DeliveryStatus
from briefings.model import Subscription
from store import open_stores

CHATS = 1000
PAST = (0, 100_000, 400_000)
GRACE = dt.timedelta(hours=24)
START = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)


def subscribed(folder: Path) -> None:
    stores = open_stores(folder)
    for chat_id in range(1, CHATS + 1):
        stores.subscriptions.save(Subscription(chat_id, "private", "", (), chat_id, START))


def measure(template: Path, past: int) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "var"
        shutil.copytree(template, folder)
        stores = open_stores(folder)
        for day in range(past // CHATS):
            due = START + dt.timedelta(days=day)
            stores.deliveries.record_many(
                DeliveryRecord(f"r{day}", chat, DeliveryStatus.SENT, due, due, message_id=day)
                for chat in range(1, CHATS + 1))
            stores.deliveries.compact(due + dt.timedelta(minutes=5), GRACE)
        times = []
        for n in range(21):
            changed = Subscription(7, "private", "", ("jeugd",) if n % 2 else (), 7, START)
            began = time.perf_counter()
            stores.subscriptions.save(changed)
            times.append((time.perf_counter() - began) * 1000)
        sizes = [path.stat().st_size / 1e3 if path.exists() else 0.0
                 for path in (Path(folder) / "state.json", Path(folder) / "deliveries.jsonl")]
        return statistics.median(times), sizes[0], sizes[1]


def main() -> list[str]:
    with tempfile.TemporaryDirectory() as scratch:
        template = Path(scratch) / "var"
        subscribed(template)
        results = {past: measure(template, past) for past in PAST}
    base = results[0][0]
    lines = [f"## One subscription write after past deliveries ({CHATS:,} chats)", "",
             "A day's reminder to every chat, logged and compacted by the watermark as the bot "
             "does after each run; then the median of 21 subscription writes (each an atomic, "
             "fsynced rewrite of `state.json`).", "",
             "| past deliveries | write (median) | ratio to 0 | state.json | deliveries.jsonl |",
             "|---:|---:|---:|---:|---:|"]
    for past, (median, state_kb, log_kb) in results.items():
        lines.append(f"| {past:,} | {median:.1f} ms | {median / base:.2f} | {state_kb:.0f} kB "
                     f"| {log_kb:.0f} kB |")
    worst = max(m for m, _, _ in results.values()) / base
    lines += ["", f"Largest ratio {worst:.2f} (goal ≤ 1.5).", ""]
    return lines


if __name__ == "__main__":
    sys.stdout.write("\n".join(main()) + "\n")
