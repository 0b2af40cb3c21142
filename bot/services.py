"""What every Telegram handler and job may use, in one typed record (instead of string lookups
in PTB's `bot_data`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .app import App
from .settings import Settings

ReadClock = Callable[[], dt.datetime]   # the shell's only way to learn the time
_KEY = "services"


def system_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Services:
    app: App
    settings: Settings
    clock: ReadClock = system_now


def install(bot_data: dict[Any, Any], services: Services) -> None:
    bot_data[_KEY] = services


def services(holder: Any) -> Services:
    """The services of an `Application` or a handler's `context` (both carry `bot_data`)."""
    found = holder.bot_data[_KEY]
    assert isinstance(found, Services)
    return found
