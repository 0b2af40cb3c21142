"""How the bot is doing, for `briefingbot status` and the health endpoint: the last poll per
source, the next reminder, pending and failed deliveries, store sizes and the latest backup.

The report is a list of sections, each a small function of the app and `now` returning plain
JSON data: a new source kind or delivery status adds a section (or extends one) here, and both
the command and the endpoint show it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from briefings import chat_plan
from briefings.deliveries import DeliveryStatus
from briefings.reminders import upcoming_plan
from store.backup import latest_backup

from .app import App

logger = logging.getLogger(__name__)

Section = Callable[[App, dt.datetime], Any]
# Delivery statuses an operator should look at: in flight (or cut off by a crash), and not
# sent (yet): a failure is retried until the grace period ends.
PENDING = (DeliveryStatus.SENDING,)
FAILED = (DeliveryStatus.FAILED,)


def sources(app: App, now: dt.datetime) -> list[dict[str, Any]]:
    """Every configured source: when it was last read successfully, and up to which
    publication date its releases are in (its watermark)."""
    result = []
    for source in app.settings.sources:
        state = app.stores.sources.get(source.name)
        polled = state.polled_at if state else None
        result.append({"source": source.name, "url": source.url,
                       "last_poll": polled.isoformat() if polled else None,
                       "watermark": state.watermark.isoformat()
                       if state and state.watermark else None})
    return result


def next_reminder(app: App, now: dt.datetime) -> dict[str, Any] | None:
    """The next reminder any chat gets, at that chat's own time and lead days."""
    defaults = app.settings.reminders
    plan = upcoming_plan(app.library, defaults, now - chat_plan.DAY)
    found = [f for chat in app.stores.subscriptions.all()
             if (f := chat_plan.next_for_chat(plan, chat, now, defaults)) is not None]
    if not found:
        return None
    reminder, due = min(found, key=lambda f: f[1])
    return {"due": due.isoformat(), "key": reminder.key,
            "chats": sum(1 for r, d in found if r.key == reminder.key and d == due)}


def deliveries(app: App, now: dt.datetime) -> dict[str, Any]:
    counts = dict(Counter(str(r.status) for r in app.stores.deliveries.records()))
    return {"pending": sum(counts.get(s, 0) for s in PENDING),
            "failed": sum(counts.get(s, 0) for s in FAILED),
            "by_status": counts}


def store(app: App, now: dt.datetime) -> dict[str, Any]:
    data_dir = app.stores.data_dir
    files = {}
    if data_dir is not None and data_dir.is_dir():
        backup_dir = app.settings.backup_dir.resolve()
        files = {p.relative_to(data_dir).as_posix(): p.stat().st_size
                 for p in sorted(data_dir.rglob("*"))
                 if p.is_file() and not p.name.endswith(".lock")
                 and not p.resolve().is_relative_to(backup_dir)}
    return {"files": files, "announcements": app.stores.corpus.count(),
            "subscriptions": len(app.stores.subscriptions.all())}


def backups(app: App, now: dt.datetime) -> dict[str, Any] | None:
    latest = latest_backup(app.settings.backup_dir)
    if latest is None:
        return None
    return {"latest": str(latest.path), "taken_at": latest.taken_at.isoformat(),
            "bytes": latest.size, "keep_daily": app.settings.backup_keep}


SECTIONS: tuple[tuple[str, Section], ...] = (
    ("sources", sources),
    ("next_reminder", next_reminder),
    ("deliveries", deliveries),
    ("store", store),
    ("backups", backups),
)


def report(app: App, now: dt.datetime) -> dict[str, Any]:
    """Every section; one that fails is reported as its error, the others still show."""
    result: dict[str, Any] = {"ok": True, "at": now.isoformat()}
    for name, section in SECTIONS:
        try:
            result[name] = section(app, now)
        except Exception as error:  # a health check must answer even when a part is broken
            logger.exception("health section %s failed", name)
            result[name] = {"error": str(error)}
            result["ok"] = False
    return result


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


def local_time(iso: str | None, zone: ZoneInfo) -> str:
    """An ISO time of the report as the operator reads it: in the bot's zone, in Dutch."""
    if iso is None:
        return "-"
    moment = dt.datetime.fromisoformat(iso)
    if moment.tzinfo is None:  # a date-only or naive value: show it as it is
        return iso
    local = moment.astimezone(zone)
    return format_datetime(local, "d MMMM y 'om' HH:mm", locale="nl_NL") + \
        f" ({local.tzname()})"


def as_text(data: dict[str, Any], zone: ZoneInfo) -> str:
    """The report for a terminal, in Dutch, times in the bot's zone."""
    lines = [f"Status op {local_time(data['at'], zone)}: "
             f"{'in orde' if data['ok'] else 'PROBLEMEN'}", "",
             "Bronnen:"]
    for source in data["sources"] if isinstance(data["sources"], list) else []:
        state = ("nog niet gelezen" if source["last_poll"] is None else
                 f"laatst gelezen {local_time(source['last_poll'], zone)}, berichten tot "
                 f"{local_time(source['watermark'], zone)}")
        lines.append(f"  {source['source']} ({source['url']}): {state}")
    if not data["sources"]:
        lines.append("  geen (BRIEFINGS_SOURCES is leeg)")
    upcoming = data["next_reminder"]
    lines.append("Volgende herinnering: " + (
        f"{local_time(upcoming['due'], zone)} ({upcoming['key']}, {upcoming['chats']} chat(s))"
        if upcoming else "geen"))
    sent = data["deliveries"]
    lines.append(f"Bezorging: {sent.get('pending', '?')} onderweg, "
                 f"{sent.get('failed', '?')} mislukt")
    sizes = data["store"]
    lines.append(f"Opslag: {sizes.get('announcements', '?')} berichten, "
                 f"{sizes.get('subscriptions', '?')} abonnementen")
    for name, size in sizes.get("files", {}).items():
        lines.append(f"  {name}: {size:,} bytes".replace(",", "."))
    latest = data["backups"]
    lines.append("Laatste back-up: " + (
        f"{latest['latest']} ({local_time(latest['taken_at'], zone)})" if latest else "geen"))
    return "\n".join(lines)
