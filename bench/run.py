"""Benchmarks: `make bench` runs them all and writes BENCHMARKS.md.

At 1,000, 10,000 and 50,000 announcements (BENCH_SIZES), for this checkout and, in the same run
and on the same corpus, for the implementation before the SQLite index (BENCH_BASELINE, a
commit; checked out with `git worktree add` into a temporary directory): ingest time and peak
memory, cold start to the first answer (bot and `briefingbot ask`), every command's first
answer and p50/p99 with the memo cleared and memoised, /zoek over 1,000 different queries, a
subscription change with its plan update, and memory while serving. Every measurement runs in
a fresh process (bench/measure_*.py) with the implementation's checkout first on PYTHONPATH.
Then the seed extraction and a broadcast to 1,000 chats (this checkout only).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
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

from .corpus import search_queries, synthetic_text
from .report import report_size

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000,10000,50000").split(",")]
# The last commit before the SQLite FTS5 index and texts.sqlite.
BASELINE = os.environ.get("BENCH_BASELINE", "f65c6d3")


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


class Implementation:
    def __init__(self, name: str, root: Path) -> None:
        self.name, self.root = name, root

    def env(self, folder: Path) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(self.root), "BRIEFINGS_DATA_DIR": str(folder),
                "PYTHONDONTWRITEBYTECODE": "1"}

    def run(self, args: list[str], folder: Path, cwd: Path) -> str:
        done = subprocess.run([sys.executable, *args], env=self.env(folder), cwd=cwd,
                              check=True, capture_output=True, text=True)
        return done.stdout

    def timed(self, args: list[str], folder: Path, cwd: Path) -> float:
        started = time.perf_counter()
        self.run(args, folder, cwd)
        return time.perf_counter() - started


def measure(impl: Implementation, corpus: Path, queries: Path, work: Path, size: int) -> dict:
    folder = work / f"{impl.name}-{size}"
    cwd = work / "cwd"  # no .env here: the environment alone configures the run
    cwd.mkdir(exist_ok=True)
    result = json.loads(impl.run([str(HERE / "measure_ingest.py"), str(folder), str(corpus)],
                                 folder, cwd))
    result["disk_mb"] = sum(f.stat().st_size for f in folder.iterdir() if f.is_file()) / 1e6
    repeats = 3 if size <= 10_000 else 1
    for command in ("/budget", "/zoek rechtsbijstand"):
        result[f"start bot {command}"] = statistics.median(
            impl.timed([str(HERE / "measure_start.py"), str(folder), command], folder, cwd)
            for _ in range(repeats))
        result[f"start ask {command}"] = statistics.median(
            impl.timed(["-c", "import sys; from bot.cli import main; "
                        f"sys.exit(main(['ask', {command!r}]))"], folder, cwd)
            for _ in range(repeats))
    # 100 runs per command at 50,000 took most of an hour for the two implementations; 25 still
    # give a p99 (the slowest but one), and both implementations get the same number.
    runs = 100 if size <= 10_000 else 25
    result["serving"] = json.loads(impl.run([str(HERE / "measure_serving.py"), str(folder),
                                             str(queries), str(runs)], folder, cwd))
    shutil.rmtree(folder)
    return result


def main() -> int:
    lines = ["# Benchmarks", "",
             f"Reproduce with `make bench`. Measured {dt.date.today().isoformat()} on "  # noqa: DTZ011
             f"{platform.machine()} ({platform.python_implementation()} "
             f"{platform.python_version()}), 2 cores shared with other work; wall-clock times. "
             f"Baseline: commit `{BASELINE}` (the hand-written in-memory index, texts in "
             "TinyDB), run in the same session on the same corpus.", ""]
    bench_extraction(lines)
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        baseline_root = work / "baseline"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet",
                        str(baseline_root), BASELINE], check=True)
        try:
            queries = work / "queries.json"
            queries.write_text(json.dumps(search_queries(), ensure_ascii=False), "utf-8")
            implementations = [Implementation("baseline", baseline_root),
                               Implementation("now", ROOT)]
            results: dict[int, dict[str, dict]] = {}
            for size in SIZES:
                corpus = work / f"corpus-{size}.txt"
                corpus.write_text(synthetic_text(size), encoding="utf-8")
                results[size] = {impl.name: measure(impl, corpus, queries, work, size)
                                 for impl in implementations}
                corpus.unlink()
                print(f"measured {size:,}", file=sys.stderr)
            for size in SIZES:
                lines += report_size(size, results[size])
            lines += ingest_growth(results)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(baseline_root)], check=False)
    from .broadcast import main as bench_broadcast

    lines += bench_broadcast()
    from .delivery import main as bench_delivery

    lines += bench_delivery()
    from .backfill import main as bench_backfill

    lines += bench_backfill()
    lines += NOTES
    print("\n".join(lines))
    return 0


NOTES = [
    "## Notes", "",
    "- The corpus is the seed releases repeated with their own titles, dates, amounts and "
    "milestones (`bench/corpus.py`): real release lengths. The 1,000 search queries come from "
    "the seed's own text: 300 words, 300 quoted phrases, 150 compound starts, 150 words with "
    "their diacritics missing or wrong, 100 word-and-number queries.",
    "- Cold start: a new process (interpreter start included) on an ingested store, until the "
    "answer is printed. *Bot* imports the Telegram stack, opens the store as `briefingbot run` "
    "does and answers through the console path (no network); *ask* is `briefingbot ask`.",
    "- Memory is the process's RSS (VmRSS) and peak (VmHWM), Python and every library the bot "
    "imports included.",
    "- Memo cleared: the library's memo is emptied before each run (and, for this checkout, the "
    "records it keeps decoded), so the answer is computed from the library's indexes; for this "
    "checkout those are tables in `texts.sqlite`, and the budget overviews are read as they "
    "were computed at ingest. Memoised: the same command again.",
    "- The reminder plan is measured the way the bot builds it: warmed before the subscription "
    "changes, then 20 chats subscribe one by one (subscribed 1 to 20 days before the "
    "measurement), each change followed by the plan slice the delivery run asks for. RSS while "
    "serving is taken after that.",
    "- The machine has 2 cores shared with other engineers' test runs: the figures are noisy, "
    "p99s most of all. The baseline and this checkout ran interleaved in the same session.",
    "",
]


def ingest_growth(results: dict[int, dict[str, dict]]) -> list[str]:
    sizes = sorted(results)
    lines = ["## Ingest peak memory as the corpus grows", "",
             "Target: grows less than linearly (stream; never hold the corpus twice).", "",
             "| announcements | baseline peak | now peak | now: MB per 1,000 |",
             "|---:|---:|---:|---:|"]
    for size in sizes:
        base, now = results[size]["baseline"], results[size]["now"]
        lines.append(f"| {size:,} | {base['peak_mb']:.0f} MB | {now['peak_mb']:.0f} MB | "
                     f"{now['peak_mb'] / size * 1000:.1f} |")
    for smaller, larger in zip(sizes, sizes[1:], strict=False):
        for name in ("baseline", "now"):
            grown = results[larger][name]["peak_mb"] - results[smaller][name]["peak_mb"]
            lines.append(f"\n{name}: {smaller:,} → {larger:,} adds {grown:.0f} MB, "
                         f"{grown / (larger - smaller) * 1000:.1f} MB per 1,000 releases.")
    return [*lines, ""]


if __name__ == "__main__":
    sys.exit(main())
