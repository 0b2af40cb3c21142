"""Run by bench.run in a fresh process, against either implementation (its checkout first on
PYTHONPATH): ingest one corpus file into an empty data directory. Prints JSON: seconds, the
number of releases, the process's peak RSS. Standalone: imports only the bot under test."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

from bot.app import App
from bot.settings import Settings

NOW = dt.datetime(2026, 11, 28, 9, tzinfo=dt.UTC)


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(folder: str, corpus: str) -> None:
    app = App(Settings.from_env({"BRIEFINGS_DATA_DIR": folder}), NOW)  # seeds ten releases
    started = time.perf_counter()
    report = app.ingest_files([Path(corpus)], NOW)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "releases": len(report.added), "peak_mb": peak_mb()}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
