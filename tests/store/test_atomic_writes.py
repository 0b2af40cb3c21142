"""A process killed while writing never leaves an unreadable store."""

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_kill_during_writes_leaves_a_readable_store(tmp_path):
    path = tmp_path / "corpus.json"
    rng = random.Random(7)
    for _ in range(8):
        writer = Path(__file__).with_name("crash_writer.py")
        process = subprocess.Popen([sys.executable, str(writer), str(path)], cwd=ROOT,
                                   stdout=subprocess.PIPE, text=True)
        assert process.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.01, 0.15))  # let it get somewhere into a write, then kill it
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stdout.close()
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            assert len(data["announcements"]) == 300
    assert path.exists()
    leftovers = [p for p in tmp_path.iterdir() if p.name != "corpus.json"]
    # A killed write may leave its temporary file behind, never a damaged store.
    assert all(p.name.startswith(".corpus.json.") for p in leftovers)
