"""Backfill benchmark (`make bench-backfill`; `make bench` runs it too): 2,000 releases from
the loopback news site (tests/sources_server.py: the open-data API, 50 a page, every item with
its own text) into a data directory that a running bot serves from.

Reported: the backfill's wall time and peak RSS (`briefingbot backfill`, a real process, no
pause between requests), the running bot's peak RSS, and the time from the end of the backfill
until the running bot answers /nieuws with a backfilled release (it notices the CLI's write by
itself; no restart)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.sections import splice
from tests.e2e.botprocess import BotProcess
from tests.fake_telegram import FakeTelegram, command, private_chat, user
from tests.sources_server import NewsSite, news

ROOT = Path(__file__).resolve().parent.parent
COUNT = int(os.environ.get("BENCH_BACKFILL_COUNT", "2000"))
BEGIN, END = "<!-- backfill benchmark -->", "<!-- /backfill benchmark -->"
TOKEN = "24601:bench-backfill-token"


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _backfill(site: NewsSite, data_dir: Path, since: dt.date) -> tuple[float, float, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BRIEFINGS_DATA_DIR": str(data_dir),
           "BRIEFINGS_SOURCES": f"justitie=api:{site.base}/api/news",
           "BRIEFINGS_FETCH_PAUSE_SECONDS": "0", "BRIEFINGS_LOG_LEVEL": "WARNING"}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "bot", "backfill", "--since",
                                since.isoformat()], env=env, cwd=data_dir.parent,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    out = process.stdout.read() if process.stdout else ""
    err = process.stderr.read() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"backfill failed: {err}")
    return elapsed, usage.ru_maxrss / 1024, out.strip()


def main() -> list[str]:
    newest = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    items = news(COUNT, newest, step=dt.timedelta(hours=6))
    site, fake = NewsSite().start(), FakeTelegram(TOKEN)
    site.publish(*items)
    fake.start()
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "var"
        bot = BotProcess(fake, data_dir, Path(folder) / "bot.log", BRIEFINGS_LOG_LEVEL="INFO")
        bot.start()
        try:
            assert bot.process is not None
            chat = private_chat(4242)
            elapsed, backfill_rss, summary = _backfill(site, data_dir, items[-1].published.date())
            done = time.perf_counter()
            asked = 0

            def answered() -> bool:
                nonlocal asked
                asked += 1
                fake.push(command(chat, user(1), "/nieuws 1"))
                texts = fake.wait_for_texts(chat["id"], asked, timeout=30)
                # all of them: the newest on top and the total counting every backfilled one
                return items[0].title in texts[-1] and f"van {COUNT + 10})" in texts[-1]

            while not answered():
                time.sleep(0.5)
            until_answered = time.perf_counter() - done
            bot_rss = _peak_rss_mb(bot.process.pid)
        finally:
            bot.stop()
            fake.stop()
            site.stop()
    return [BEGIN, "", f"## Backfill of {COUNT:,} releases while the bot runs", "",
            "From the loopback news site's open-data API (50 a page, every item with its own "
            "text; no pause between requests), by `briefingbot backfill --since …` as a real "
            "process, into the data directory the running bot serves from.", "",
            "| measure | value |", "|---|---:|",
            f"| backfill wall time | {elapsed:.1f} s ({COUNT / elapsed:.0f} releases/s) |",
            f"| backfill peak RSS | {backfill_rss:.0f} MB |",
            f"| running bot answers /nieuws about all of them, after the backfill ended | "
            f"{until_answered:.1f} s |",
            f"| running bot's peak RSS (whole run) | {bot_rss:.0f} MB |", "",
            f"Backfill output: “{summary}”. The bot notices another process's write with a "
            "stat() every 10 s and rebuilds its library in a worker thread, so it already "
            "answers about the first pages while the backfill runs; the figure is the wait "
            "after the last page (at most one check interval plus a rebuild).", "", END, ""]


if __name__ == "__main__":
    section = main()
    splice(Path("BENCHMARKS.md"), section, BEGIN, END)
    sys.stdout.write("\n".join(section) + "\n")
