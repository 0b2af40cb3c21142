"""Helper process for the backup test: writes one counter into two JSON stores and a SQLite
file per locked round, the way the bot's transactions do, until it is killed."""

import sqlite3
import sys
from pathlib import Path

from tinydb import Query

from store.lock import write_lock
from store.storage import Database

data_dir = Path(sys.argv[1])
lock = write_lock(data_dir)
corpus = Database(data_dir / "corpus.json", lock)
state = Database(data_dir / "state.json", lock)
index = sqlite3.connect(data_dir / "index.sqlite")
index.execute("CREATE TABLE IF NOT EXISTS counter (n INTEGER)")
index.execute("DELETE FROM counter")
index.execute("INSERT INTO counter VALUES (0)")
index.commit()
print("ready", flush=True)
n = 0
while True:
    n += 1
    with lock.held():  # one round is one unit, as a transaction spanning the files would be
        with corpus.transaction():
            corpus.table("rounds").upsert({"id": 1, "n": n, "pad": "x" * 5000}, Query().id == 1)
        with state.transaction():
            state.table("rounds").upsert({"id": 1, "n": n}, Query().id == 1)
        index.execute("UPDATE counter SET n = ?", (n,))
        index.commit()
