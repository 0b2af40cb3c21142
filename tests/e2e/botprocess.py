"""Runs the real bot (`python -m bot run`) as a subprocess against the fake Bot API."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from store.journal import DeliveryJournal, record_entry
from tests.fake_telegram import FakeTelegram

ROOT = Path(__file__).resolve().parents[2]
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BotProcess:
    def __init__(self, fake: FakeTelegram, data_dir: Path, log: Path, **env: str) -> None:
        self.fake, self.data_dir, self.log_path = fake, data_dir, log
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("TELEGRAM_", "BRIEFINGS_"))}
        self.env.update({"TELEGRAM_BOT_TOKEN": fake.token,
                         "TELEGRAM_API_BASE_URL": fake.base_url,
                         "BRIEFINGS_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT),
                         "BRIEFINGS_LOG_LEVEL": "DEBUG",
                         # no sources unless a test names them: tests never touch the internet
                         "BRIEFINGS_SOURCES": "", **env})
        self.process: subprocess.Popen | None = None

    def start(self, wait_ready: bool = True) -> BotProcess:
        commands_before = self._count("setMyCommands")
        log = self.log_path.open("ab")
        self.process = subprocess.Popen([sys.executable, "-m", "bot", "run"], env=self.env,
                                        cwd=self.data_dir.parent, stdout=log, stderr=log)
        log.close()
        if wait_ready:
            self.fake.wait_for(lambda: self._count("setMyCommands") > commands_before
                               and self._count("getUpdates") > 0, 30, "the bot to start")
        return self

    def cli(self, *args: str, data_dir: Path | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """`briefingbot ARGS` with this bot's environment (another data directory if given),
        as an operator runs it beside the bot."""
        env = dict(self.env, **({"BRIEFINGS_DATA_DIR": str(data_dir)} if data_dir else {}))
        return subprocess.run([sys.executable, "-m", "bot", *args], env=env,
                              cwd=self.data_dir.parent, capture_output=True, text=True,
                              timeout=timeout)

    def _count(self, method: str) -> int:
        return sum(1 for c in self.fake.calls if c.method == method)

    def stop(self) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    def wait(self, timeout: float = 30) -> int:
        assert self.process is not None
        return self.process.wait(timeout=timeout)

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def state(self) -> dict:
        path = self.data_dir / "state.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def subscriptions(self) -> dict[int, dict]:
        table = self.state().get("subscriptions", {})
        return {doc["chat_id"]: doc for doc in table.values()}

    def deliveries(self) -> list[dict]:
        """The delivery journal's current records, read as the bot reads them."""
        journal = DeliveryJournal(self.data_dir / "deliveries.jsonl")
        return [record_entry(r) for r in journal.records.values()]


def reminder_time_after_setup(setup_seconds: float, zone: ZoneInfo,
                              minimum: float = 8) -> dt.datetime:
    """A reminder time (whole seconds, in `zone`) far enough ahead for the rest of a test's
    set-up: twice as long as the set-up so far took, at least `minimum` seconds. On a loaded
    machine the set-up is slow, and so the time moves out with it."""
    ahead = max(minimum, 2 * setup_seconds + 2)
    moment = dt.datetime.now(zone) + dt.timedelta(seconds=ahead)
    return moment.replace(microsecond=0) + dt.timedelta(seconds=1)
