"""Serving benchmark, run in its own process by bench.run: load a store the way the bot does and
time every command; prints Markdown rows and the process's peak memory."""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

import bot.telegram_app  # noqa: F401  (measure the bot's libraries too, not only the core)
from bot.app import App
from bot.settings import Settings
from briefings.commands import parse, reply

from .run import percentile, timings

NOW = dt.datetime(2026, 11, 28, 9, tzinfo=dt.UTC)


def status_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process. Not getrusage: its maximum survives the
    fork from the big benchmark process that starts this one."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(folder: str) -> int:
    settings = Settings.from_env({"BRIEFINGS_DATA_DIR": folder})
    started = time.perf_counter()
    app = App(settings, NOW)
    library = app.library
    loaded = time.perf_counter() - started
    some_id = library.announcements[4].id
    print(f"Serving process: load {len(library.announcements):,} announcements {loaded:.1f} s "
          "(the search index is on disk, built at ingest).")
    print()
    print("| command | runs | median | p99 | target p99 |")
    print("|---|---:|---:|---:|---:|")
    commands = ["/budget", "/budget jeugd", "/jeugd", "/drugs", "/politie", "/strafrecht",
                "/mijlpalen", "/mijlpalen strafrecht", "/nieuws", "/nieuws 20", "/onderwerpen",
                "/help", f"/bericht {some_id}", "/bericht hogere", "/zoek rechtsbijstand",
                '/zoek "gratis rechtsbijstand"', '/zoek "rechtsbijstand voor drones"',
                '/zoek "rechtsbijstand gratis"', "/zoek drones gevangenis", "/zoek project 4711"]
    for text in commands:
        invocation = parse(text, app.commands)
        assert invocation is not None
        request = app.request(invocation.arguments, NOW)

        def answer(inv=invocation, req=request) -> None:
            reply(inv, req, app.commands)

        answer()
        values = timings(answer, 200)
        target = 50 if text.startswith("/zoek") else 10
        print(f"| `{text}` | 200 | {statistics.median(values):.2f} ms | "
              f"{percentile(values, .99):.2f} ms | {target} ms |")
    peak = status_mb("VmHWM")
    print()
    print(f"Memory of the serving process (RSS, Python and libraries included; target "
          f"< 150 MB): {status_mb('VmRSS'):.0f} MB while serving, after all commands ran; "
          f"{peak:.0f} MB peak (start-up included).")
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
