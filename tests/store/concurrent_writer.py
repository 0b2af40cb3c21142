"""Helper process for the concurrency tests: ingests releases one transaction at a time (the
most chances to interleave with another writer), and subscribes chats in between."""

import datetime as dt
import sys
import time
from pathlib import Path

from briefings.model import Extraction, Release, Section, Subscription
from store import open_stores

data_dir, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
stores = open_stores(data_dir)
stores.corpus.all()
stores.subscriptions.all()  # both files cached, as in a long-running process
now = dt.datetime(2026, 11, 28, 9, tzinfo=dt.UTC)
print("ready", flush=True)
sys.stdin.readline()  # start together
for number in range(count):
    release = Release(f"Bericht {number} van {name}", (Section(None, (f"Tekst {number}.",)),),
                      source=name, url=f"https://example.org/{name}/{number}")
    stores.corpus.ingest([(release, Extraction())], now)
    if number % 10 == 0:
        chat = hash((name, number)) % 10**9
        stores.subscriptions.save(Subscription(chat, "private", name, (), None, now))
    time.sleep(0.01)  # outside the lock: lets the other writer in between our transactions
print("done", flush=True)
