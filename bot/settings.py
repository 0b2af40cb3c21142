"""Settings: one frozen dataclass built once in main() from the environment and `.env`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"


class SettingsError(ValueError):
    """A setting with a value the bot cannot use; the message names the key."""


@dataclass(frozen=True)
class Settings:
    token: str | None
    api_base_url: str
    api_file_url: str
    data_dir: Path
    timezone: ZoneInfo
    log_level: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        base = env.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL
        file_url = env.get("TELEGRAM_API_FILE_URL", "").strip() or _file_url(base)
        zone = env.get("BRIEFINGS_TIMEZONE", "").strip() or "Europe/Amsterdam"
        try:
            timezone = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise SettingsError(f"BRIEFINGS_TIMEZONE: onbekende tijdzone ‘{zone}’") from error
        return cls(
            token=env.get("TELEGRAM_BOT_TOKEN", "").strip() or None,
            api_base_url=base,
            api_file_url=file_url,
            data_dir=Path(env.get("BRIEFINGS_DATA_DIR", "").strip() or "var"),
            timezone=timezone,
            log_level=(env.get("BRIEFINGS_LOG_LEVEL", "").strip() or "INFO").upper(),
        )


def _file_url(base: str) -> str:
    """'https://api.telegram.org/bot' → 'https://api.telegram.org/file/bot'."""
    if base.endswith("/bot"):
        return base[: -len("/bot")] + "/file/bot"
    return base.rstrip("/") + "/file/bot"


def load_dotenv_file(path: Path = Path(".env")) -> None:
    """Values from `.env` fill in what the real environment does not set."""
    from dotenv import load_dotenv

    load_dotenv(path, override=False)
