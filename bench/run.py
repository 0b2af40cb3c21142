"""Benchmarks: `make bench` runs them all and writes BENCHMARKS.md.

- extraction of the seed corpus (target: well under 100 ms);
- every command's answer with 10,000 announcements in the store (targets: p99 ≤ 10 ms per
  command, ≤ 50 ms for /zoek, in process), and the serving process's memory (< 150 MB);
- one reminder broadcast to 1,000 chats against a fake Bot API enforcing 30 messages/s
  (target: at least 90 % of the limit, nothing lost, nothing twice).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from briefings.extract import extract_all
from briefings.parse import parse_releases
from briefings.resources import SEED_CORPUS, data_text
from store import open_stores

from .corpus import synthetic_releases

ANNOUNCEMENTS = int(os.environ.get("BENCH_ANNOUNCEMENTS", "10000"))


def timings(action: Callable[[], object], repeat: int) -> list[float]:
    result = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        result.append((time.perf_counter() - start) * 1000)
    return sorted(result)


def percentile(values: list[float], fraction: float) -> float:
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))]


def bench_extraction(lines: list[str]) -> None:
    releases = parse_releases(data_text(SEED_CORPUS), SEED_CORPUS)
    extract_all(releases)  # warm the caches of compiled patterns and data files
    values = timings(lambda: extract_all(releases), 50)
    lines += ["## Extraction of the seed corpus (10 releases)", "",
              "| runs | median | p99 | max |", "|---:|---:|---:|---:|",
              f"| 50 | {statistics.median(values):.1f} ms | {percentile(values, .99):.1f} ms | "
              f"{values[-1]:.1f} ms |", ""]


def bench_commands(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        releases = synthetic_releases(ANNOUNCEMENTS)
        items = list(zip(releases, extract_all(releases), strict=True))
        extracted = time.perf_counter() - started
        started = time.perf_counter()
        report = open_stores(Path(folder)).corpus.ingest(
            items, dt.datetime(2026, 11, 28, tzinfo=dt.UTC))
        ingested = time.perf_counter() - started
        size = (Path(folder) / "corpus.json").stat().st_size / 1e6
        lines += [f"## Commands with {len(report.added):,} announcements in the store", "",
                  f"Set-up (not part of serving): extraction {extracted:.0f} s "
                  f"({extracted / ANNOUNCEMENTS * 1000:.1f} ms per release), ingest as one "
                  f"atomic write of a {size:.0f} MB file {ingested:.1f} s.", ""]
        # Serving is measured in a fresh process, so its memory is the bot's, not the builder's.
        served = subprocess.run([sys.executable, "-m", "bench.serve", folder], check=True,
                                capture_output=True, text=True)
        lines += served.stdout.splitlines()


def main() -> int:
    lines = ["# Benchmarks", "",
             f"Reproduce with `make bench`. Measured {dt.date.today().isoformat()} on "  # noqa: DTZ011
             f"{platform.machine()} ({platform.python_implementation()} "
             f"{platform.python_version()}), 2 cores, in process, times are wall-clock.", ""]
    bench_extraction(lines)
    bench_commands(lines)
    from .broadcast import main as bench_broadcast

    lines += bench_broadcast()
    lines += ["## Notes", "",
              "- The 10,000 announcements are the seed releases repeated with their own titles, "
              "dates, amounts and milestones (`bench/corpus.py`): real release lengths.",
              "- Memory is measured in a process that imports the bot (python-telegram-bot, "
              "httpx, APScheduler: about 25 MB) and loads the store as the bot does.",
              "- Times are medians and 99th percentiles of 200 runs of the same command; the "
              "first call of each command (which fills the library's caches) is not counted.",
              ""]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
