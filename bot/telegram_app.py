"""The Telegram shell (python-telegram-bot 22)."""

from __future__ import annotations

from .settings import Settings


def run_telegram(settings: Settings) -> int:
    raise NotImplementedError
