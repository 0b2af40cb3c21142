"""Helper process for the crash test: rewrites a store in a loop until it is killed."""

import sys
from pathlib import Path

from store.storage import AtomicJSONStorage

storage = AtomicJSONStorage(Path(sys.argv[1]))
payload = {"announcements": {str(i): {"text": "x" * 2000, "n": i} for i in range(300)}}
round_number = 0
print("ready", flush=True)
while True:
    round_number += 1
    payload["announcements"]["0"]["n"] = round_number
    storage.write(payload)
