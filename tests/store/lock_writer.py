"""Helper process for the backup test: a writer that holds the data directory's write lock for
rounds spanning three files (two JSON stores written atomically, and a SQLite file), writing
the same counter to each, until it is killed. A backup that honours the lock never sees the
files disagree."""

import json
import sqlite3
import sys
import time
from pathlib import Path

from store.lock import write_lock
from store.storage import write_atomically

data_dir = Path(sys.argv[1])
lock = write_lock(data_dir)
index = sqlite3.connect(data_dir / "index.sqlite")
index.execute("CREATE TABLE IF NOT EXISTS counter (n INTEGER)")
index.execute("DELETE FROM counter")
index.execute("INSERT INTO counter VALUES (0)")
index.commit()


def write(name: str, n: int, pad: int) -> None:
    document = {"rounds": {"1": {"n": n, "pad": "x" * pad}}}
    write_atomically(data_dir / name, json.dumps(document).encode())


n = 0
with lock.held():
    write("corpus.json", n, 5000)
    write("state.json", n, 10)
print("ready", flush=True)
while True:
    n += 1
    with lock.held():
        write("corpus.json", n, 5000)
        write("state.json", n, 10)
        index.execute("UPDATE counter SET n = ?", (n,))
        index.commit()
    # A real writer pauses between ingests; without a pause the lock is free for microseconds
    # and a backup polling for it can starve for minutes on a busy machine.
    time.sleep(0.01)
