"""Settings: one frozen dataclass built once in main() from the environment and `.env`."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from briefings.reminders import DEFAULT_LEADS, ReminderSettings
from briefings.sources import DEFAULT_SOURCES, BadSources, SourceConfig, parse_sources

from .fetching import FetchLimits

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_HEALTH_PORT = 8080


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
    admin_ids: frozenset[int] = frozenset()
    reminders: ReminderSettings = ReminderSettings()
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    broadcast_per_second: float = 29.5  # just under Telegram's ~30 messages/s overall
    feed_url: str | None = None
    feed_interval: dt.timedelta = dt.timedelta(minutes=30)   # how often sources are polled
    sources: tuple[SourceConfig, ...] = ()
    fetch_pause: float = 1.0            # seconds between two requests to the same source
    max_new_per_poll: int = 50
    fetch_limits: FetchLimits = FetchLimits()
    log_format: str = "text"
    backup_dir: Path = Path("var/backups")
    backup_keep: int = 7
    health_port: int | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, env_dir: Path | None = None
                 ) -> Settings:
        """`env_dir` is where a relative data directory is resolved: the directory of the `.env`
        file that configures the bot, so every command finds the same store wherever it is
        run from (the working directory when there is no `.env`)."""
        env = os.environ if env is None else env
        base = env.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL
        file_url = env.get("TELEGRAM_API_FILE_URL", "").strip() or _file_url(base)
        zone = env.get("BRIEFINGS_TIMEZONE", "").strip() or "Europe/Amsterdam"
        try:
            timezone = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise SettingsError(f"BRIEFINGS_TIMEZONE: onbekende tijdzone ‘{zone}’") from error
        webhook_url = _get(env, "TELEGRAM_WEBHOOK_URL")
        webhook_secret = _get(env, "TELEGRAM_WEBHOOK_SECRET")
        if webhook_url and not webhook_secret:
            raise SettingsError("TELEGRAM_WEBHOOK_SECRET is verplicht als TELEGRAM_WEBHOOK_URL "
                                "is gezet (Telegram stuurt het mee; andere verzoeken krijgen 403)")
        data_dir = _data_dir(env, env_dir)
        log_format = (_get(env, "BRIEFINGS_LOG_FORMAT") or "text").lower()
        if log_format not in ("text", "json"):
            raise SettingsError(f"BRIEFINGS_LOG_FORMAT: ‘text’ of ‘json’, niet ‘{log_format}’")
        health_port = _get(env, "BRIEFINGS_HEALTH_PORT")
        return cls(
            token=_get(env, "TELEGRAM_BOT_TOKEN"),
            api_base_url=base,
            api_file_url=file_url,
            data_dir=data_dir,
            timezone=timezone,
            log_level=(_get(env, "BRIEFINGS_LOG_LEVEL") or "INFO").upper(),
            admin_ids=_ids(env),
            reminders=ReminderSettings(
                leads=_leads(env), local_time=_time(env), timezone=timezone,
                grace=dt.timedelta(hours=_number(env, "BRIEFINGS_GRACE_HOURS", 24))),
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
            webhook_listen=_get(env, "TELEGRAM_WEBHOOK_LISTEN") or "0.0.0.0",
            webhook_port=int(_number(env, "TELEGRAM_WEBHOOK_PORT", 8443)),
            broadcast_per_second=_number(env, "TELEGRAM_BROADCAST_PER_SECOND", 29.5),
            feed_url=_get(env, "BRIEFINGS_FEED_URL"),
            feed_interval=dt.timedelta(minutes=_number(env, "BRIEFINGS_FEED_INTERVAL_MINUTES",
                                                       30)),
            sources=_sources(env),
            fetch_pause=_number(env, "BRIEFINGS_FETCH_PAUSE_SECONDS", 1.0, zero=True),
            max_new_per_poll=int(_number(env, "BRIEFINGS_MAX_NEW_PER_POLL", 50)),
            fetch_limits=FetchLimits(
                max_bytes=int(_number(env, "BRIEFINGS_FETCH_MAX_MB", 5) * 1024 * 1024),
                deadline=_number(env, "BRIEFINGS_FETCH_DEADLINE_SECONDS", 60)),
            log_format=log_format,
            backup_dir=_backup_dir(env, env_dir, data_dir),
            backup_keep=_count(env, "BRIEFINGS_BACKUP_KEEP", 7),
            # The health endpoint comes with webhook mode (a server is up anyway); polling
            # bots get it when a port is asked for.
            health_port=int(_number(env, "BRIEFINGS_HEALTH_PORT", DEFAULT_HEALTH_PORT))
            if health_port or webhook_url else None,
        )


def _get(env: Mapping[str, str], key: str) -> str | None:
    return env.get(key, "").strip() or None


def _backup_dir(env: Mapping[str, str], env_dir: Path | None, data_dir: Path) -> Path:
    raw = _get(env, "BRIEFINGS_BACKUP_DIR")
    if raw is None:
        return data_dir / "backups"
    path = Path(raw).expanduser()
    return path if path.is_absolute() else (env_dir or Path.cwd()).absolute() / path


def _data_dir(env: Mapping[str, str], env_dir: Path | None) -> Path:
    path = Path(_get(env, "BRIEFINGS_DATA_DIR") or "var").expanduser()
    return path if path.is_absolute() else (env_dir or Path.cwd()).absolute() / path


def _number(env: Mapping[str, str], key: str, default: float, zero: bool = False) -> float:
    raw = _get(env, key)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError as error:
        raise SettingsError(f"{key}: ‘{raw}’ is geen getal") from error
    if value < 0 or (value == 0 and not zero):
        raise SettingsError(f"{key}: moet groter dan 0 zijn")
    return value


def _sources(env: Mapping[str, str]) -> tuple[SourceConfig, ...]:
    """BRIEFINGS_SOURCES; unset means the ministry's news, empty means none. The older
    BRIEFINGS_FEED_URL adds a feed named ‘feed’."""
    raw = env.get("BRIEFINGS_SOURCES")
    try:
        sources = parse_sources(DEFAULT_SOURCES if raw is None else raw)
        feed = _get(env, "BRIEFINGS_FEED_URL")
        if feed:
            sources += parse_sources(f"feed=feed:{feed}")
    except BadSources as error:
        raise SettingsError(f"BRIEFINGS_SOURCES: {error}") from error
    return sources
def _count(env: Mapping[str, str], key: str, default: int) -> int:
    raw = _get(env, key)
    if raw is None:
        return default
    if not raw.isdigit():
        raise SettingsError(f"{key}: verwacht een aantal (0 of meer), kreeg ‘{raw}’")
    return int(raw)


def _ids(env: Mapping[str, str]) -> frozenset[int]:
    raw = _get(env, "BRIEFINGS_ADMIN_IDS") or ""
    try:
        return frozenset(int(part) for part in raw.replace(",", " ").split())
    except ValueError as error:
        raise SettingsError(f"BRIEFINGS_ADMIN_IDS: verwacht gebruikers-id's, kreeg ‘{raw}’") \
            from error


def _leads(env: Mapping[str, str]) -> tuple[int, ...]:
    raw = _get(env, "BRIEFINGS_REMINDER_DAYS")
    if raw is None:
        return DEFAULT_LEADS
    try:
        leads = tuple(sorted({int(p) for p in raw.replace(",", " ").split()}, reverse=True))
    except ValueError as error:
        raise SettingsError(f"BRIEFINGS_REMINDER_DAYS: verwacht dagen zoals ‘30,7,1,0’, kreeg "
                            f"‘{raw}’") from error
    if not leads or min(leads) < 0:
        raise SettingsError("BRIEFINGS_REMINDER_DAYS: geef 0 of meer dagen")
    return leads


def _time(env: Mapping[str, str]) -> dt.time:
    raw = _get(env, "BRIEFINGS_REMINDER_TIME") or "09:00"
    try:
        return dt.time.fromisoformat(raw)
    except ValueError as error:
        raise SettingsError(f"BRIEFINGS_REMINDER_TIME: verwacht UU:MM, kreeg ‘{raw}’") from error


def _file_url(base: str) -> str:
    """'https://api.telegram.org/bot' → 'https://api.telegram.org/file/bot'."""
    if base.endswith("/bot"):
        return base[: -len("/bot")] + "/file/bot"
    return base.rstrip("/") + "/file/bot"


def load_dotenv_file(path: Path | None = None) -> Path | None:
    """Values from `.env` fill in what the real environment does not set. Without `path`, the
    nearest `.env` from the working directory upwards. Returns the file read, if any."""
    from dotenv import find_dotenv, load_dotenv

    found = path if path is not None else Path(find_dotenv(usecwd=True) or ".env")
    if not found.is_file():
        return None
    load_dotenv(found, override=False)
    return found.resolve()
