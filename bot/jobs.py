"""The scheduler (PTB JobQueue on APScheduler 3): reminders, new-announcement alerts, the feed.

One job, rebuilt from the store at every start and after every ingest or subscription change,
runs whatever is due and sets itself for the next due time. The delivery log is the truth, so
running it twice sends nothing twice. Jobs live in memory only; nothing is pickled.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
from dataclasses import dataclass

import httpx
from telegram import Message
from telegram.ext import Application, ContextTypes

from briefings import answers
from briefings.agenda import agenda
from briefings.alerts import due_alerts
from briefings.feeds import MalformedFeed, parse_feed
from briefings.reminders import due_deliveries, next_due, reminder_plan
from briefings.render import render_alert, render_reminder
from briefings.splitting import split_message
from store.state import delivery_doc

from . import chats, corpus_watch
from .app import App
from .delivery import ChatGone, NotSent, Pacer, send_parts
from .services import services

logger = logging.getLogger(__name__)

DELIVERY_JOB = "deliveries"
FEED_JOB = "feed"
CONCURRENT_SENDS = 32
BROADCAST_PER_SECOND = 29.5  # just under Telegram's ~30 messages/s, leaving room for answers
FEED_TIMEOUT = 20.0


@dataclass(frozen=True)
class Outgoing:
    key: str
    chat_id: int
    status: str          # send, late, skip
    text: str


class Deliverer:
    """Runs deliveries one at a time; a request while running makes it run once more."""

    def __init__(self, application: Application) -> None:
        self.application = application
        self._lock = asyncio.Lock()
        self._again = False

    def soon(self) -> None:
        self._schedule(0)

    def _schedule(self, when: float | dt.datetime) -> None:
        self.application.job_queue.run_once(  # type: ignore[union-attr]
            self._job, when=when, name=DELIVERY_JOB,
            # A second instance may start while one runs: it only asks the first to go again.
            job_kwargs={"id": DELIVERY_JOB, "replace_existing": True,
                        "misfire_grace_time": None, "max_instances": 2})

    async def _job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        if self._lock.locked():
            self._again = True
            return
        async with self._lock:
            while True:
                self._again = False
                following = await deliver_due(self.application)
                if not self._again:
                    break
        if following is not None:
            self._schedule(following)


def start(application: Application) -> None:
    the = services(application)
    app = the.app
    deliverer = Deliverer(application)
    app.on_change.append(deliverer.soon)
    for entry in app.stores.deliveries.pending():
        logger.warning("delivery %s to chat %s was interrupted before it was confirmed; it is "
                       "not sent again", entry["key"], entry["chat_id"])
    deliverer.soon()
    corpus_watch.start(application)
    settings = the.settings
    if settings.feed_url:
        application.job_queue.run_repeating(  # type: ignore[union-attr]
            poll_feed, interval=settings.feed_interval, first=1, name=FEED_JOB,
            job_kwargs={"id": FEED_JOB, "replace_existing": True})


async def deliver_due(application: Application) -> dt.datetime | None:
    """Sends what is due now; returns when the next reminder falls due."""
    app = services(application).app
    now = services(application).clock()
    settings = app.settings.reminders
    subscriptions = app.stores.subscriptions.all()
    if not subscriptions:
        logger.info("delivery run: no subscriptions")
        return None
    since = min(s.subscribed_at for s in subscriptions)
    plan = reminder_plan(app.library, settings, since=since)
    delivered = app.stores.deliveries.keys()
    outgoing = [Outgoing(d.reminder.key, d.chat_id, d.status,
                         render_reminder(d.reminder, late=d.status == "late"))
                for d in due_deliveries(plan, subscriptions, delivered, now, settings)]
    for alert in due_alerts(app.library.announcements, subscriptions, delivered, now, settings):
        show = answers.show(app.library, alert.announcement.id, now, app.settings.timezone)
        text = render_alert(show) if isinstance(show, answers.ShowAnswer) else ""
        outgoing.append(Outgoing(alert.key, alert.chat_id, alert.status, text))
    following = next_due(plan, now)
    logger.info("delivery run: %d due now, next reminder at %s", len(outgoing),
                following.isoformat() if following else "none")
    if outgoing:
        await broadcast(app, application, outgoing, now)
    return following


async def broadcast(app: App, application: Application, outgoing: list[Outgoing],
                    now: dt.datetime) -> dict[tuple[str, int], tuple[str, int | None]]:
    """Marks the batch in the log before sending (never twice, even after a crash), sends with
    bounded concurrency under the rate limiter, then records every outcome."""
    skipped = [o for o in outgoing if o.status == "skip"]
    sending = [o for o in outgoing if o.status != "skip"]
    for item in skipped:
        logger.warning("%s for chat %s is more than the grace period overdue: skipped",
                       item.key, item.chat_id)
    app.stores.deliveries.record_new(
        [delivery_doc(o.key, o.chat_id, now, "skipped") for o in skipped]
        + [delivery_doc(o.key, o.chat_id, now, "sending") for o in sending])
    limit = asyncio.Semaphore(CONCURRENT_SENDS)
    pacer = Pacer(BROADCAST_PER_SECOND)
    outcomes: dict[tuple[str, int], tuple[str, int | None]] = {}

    async def send(item: Outgoing) -> None:
        async with limit:
            try:
                sent = await send_parts(app, application.bot, item.chat_id,
                                        split_message(item.text), pacer=pacer)
                outcomes[(item.key, sent.chat_id)] = (
                    "late" if item.status == "late" else "sent",
                    sent.message_ids[0] if sent.message_ids else None)
            except ChatGone:
                logger.info("%s not sent: chat %s is gone and was unsubscribed", item.key,
                            item.chat_id)
            except NotSent as error:
                logger.error("%s not sent to chat %s: %s", item.key, item.chat_id, error)
                outcomes[(item.key, item.chat_id)] = ("failed", None)

    await asyncio.gather(*(send(item) for item in sending))
    app.stores.deliveries.settle(outcomes, services(application).clock())
    logger.info("delivered %d, skipped %d, failed %d", sum(
        1 for s, _ in outcomes.values() if s in ("sent", "late")), len(skipped),
        sum(1 for s, _ in outcomes.values() if s == "failed"))
    return outcomes


async def poll_feed(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reads the configured feed; failures are logged and retried at the next interval."""
    app = services(context).app
    url = services(context).settings.feed_url
    if url is None:
        return
    try:
        async with httpx.AsyncClient(timeout=FEED_TIMEOUT, follow_redirects=True) as client:
            response = await client.get(url)
            response.raise_for_status()
        releases, skipped = parse_feed(response.content, url)
    except (httpx.HTTPError, MalformedFeed) as error:
        logger.warning("feed %s not read, will retry: %s", url, error)
        return
    for note in skipped:
        logger.warning("feed %s: %s left out", url, note)
    report = app.ingest_releases(releases, services(context).clock())
    if report.changed:
        logger.info("feed %s: %d new, %d updated", url, len(report.added), len(report.updated))


async def send_agenda(context: ContextTypes.DEFAULT_TYPE, chat: chats.Chat, message: Message,
                      now: dt.datetime) -> None:
    """/agenda: the milestones as an .ics file, in the same thread it was asked in."""
    app = services(context).app
    data = agenda(app.library, now)
    thread = message.message_thread_id if message.is_topic_message else None
    await context.bot.send_document(chat.id, io.BytesIO(data), filename="mijlpalen.ics",
                                    caption="Mijlpalen als agendabestand; open het in uw "
                                            "agenda-app.", message_thread_id=thread)
