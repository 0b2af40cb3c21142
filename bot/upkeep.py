"""What a running bot does for its operator: daily backups (keeping N) and the health endpoint."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from telegram.ext import Application, ContextTypes

from store.backup import DAILY, BackupError, due_daily, prune, take_backup

from . import health
from .app import App
from .services import services

logger = logging.getLogger(__name__)

BACKUP_JOB = "daily-backup"
# Checked hourly rather than set for a fixed time: a bot that was down at that time still makes
# its backup, and a restart never makes a second one the same day.
BACKUP_CHECK = dt.timedelta(hours=1)
HEALTH_PATH = "/healthz"


def start(application: Application) -> None:
    settings = services(application).settings
    if settings.backup_keep > 0:
        application.job_queue.run_repeating(  # type: ignore[union-attr]
            daily_backup, interval=BACKUP_CHECK, first=5, name=BACKUP_JOB,
            job_kwargs={"id": BACKUP_JOB, "replace_existing": True})
    if settings.health_port is not None:
        serve_health(application, settings.webhook_listen, settings.health_port)


def backup_if_due(app: App, now: dt.datetime) -> None:
    """Takes today's backup unless there is one, and keeps the newest N daily ones."""
    settings = app.settings
    if not due_daily(settings.backup_dir, now):
        return
    path = take_backup(settings.data_dir, settings.backup_dir, now, DAILY)
    dropped = prune(settings.backup_dir, settings.backup_keep, DAILY)
    logger.info("daily backup %s taken; %d older one(s) removed", path, len(dropped))


async def daily_backup(context: ContextTypes.DEFAULT_TYPE) -> None:
    the = services(context)
    try:
        # Off the event loop: packing a large corpus takes a while; the snapshot under the
        # write lock itself is quick.
        await asyncio.to_thread(backup_if_due, the.app, the.clock())
    except (OSError, BackupError) as error:
        logger.error("daily backup failed, will retry within the hour: %s", error)


def serve_health(application: Application, listen: str, port: int) -> None:
    """GET /healthz: the status report as JSON (200 when every section answered, else 503)."""
    from tornado.web import Application as WebApplication
    from tornado.web import RequestHandler

    class HealthHandler(RequestHandler):
        def get(self) -> None:
            the = services(application)
            data = health.report(the.app, the.clock())
            self.set_status(200 if data["ok"] else 503)
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.finish(health.as_json(data))

    WebApplication([(HEALTH_PATH, HealthHandler)]).listen(port, address=listen)
    logger.info("health endpoint on http://%s:%d%s", listen, port, HEALTH_PATH)
