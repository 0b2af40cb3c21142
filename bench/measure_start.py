"""Run by bench.run as a fresh process, timed from outside: start the way the bot does
(import the Telegram stack, open the data directory) and answer one command. Standalone."""

from __future__ import annotations

import datetime as dt
import sys

import bot.telegram_app  # noqa: F401  (the bot imports its Telegram stack before it serves)
from bot.app import App
from bot.console import console_reply
from bot.settings import Settings

NOW = dt.datetime(2026, 11, 28, 9, tzinfo=dt.UTC)

if __name__ == "__main__":
    app = App(Settings.from_env({"BRIEFINGS_DATA_DIR": sys.argv[1]}), NOW)
    assert console_reply(app, sys.argv[2], NOW)
