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
from collections import Counter
from dataclasses import dataclass, replace

from telegram import Message
from telegram.ext import Application, ContextTypes

from briefings import answers, chat_plan
from briefings.agenda import agenda
from briefings.alerts import due_alerts
from briefings.deliveries import DeliveryRecord, DeliveryStatus, retry_delay
from briefings.model import Subscription
from briefings.reminders import reminder_plan
from briefings.render import render_alert, render_digest, render_reminder
from briefings.splitting import split_message

from . import chats, corpus_watch, polling, upkeep
from .app import App
from .delivery import ChatGone, NotSent, OutcomeUnknown, Pacer, send_parts
from .services import services

logger = logging.getLogger(__name__)

DELIVERY_JOB = "deliveries"
CONCURRENT_SENDS = 32


@dataclass(frozen=True)
class Outgoing:
    key: str
    chat_id: int
    status: DeliveryStatus  # what the plan says: SENT (on time), LATE or SKIPPED
    text: str
    due: dt.datetime
    thread_id: int | None = None
    reason: str = ""        # why it is skipped, when not for being late (a muted chat)


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
            # The library and its plan, when not there yet, are built off the event loop.
            app = services(self.application).app
            since = app.plan_start(services(self.application).clock())
            await asyncio.to_thread(app.prepare_plan, since)
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
    report_interrupted(app, the.clock())
    deliverer.soon()
    corpus_watch.start(application)
    polling.start(application)
    upkeep.start(application)


def report_interrupted(app: App, now: dt.datetime) -> None:
    """What a crash left in flight may have arrived: recorded as unknown (never resent) and
    reported once, here, not at every start."""
    leftovers = app.stores.deliveries.settle_interrupted(now)
    for record in leftovers:
        logger.info("interrupted: %s to chat %s", record.key, record.chat_id)
    if leftovers:
        logger.warning("%d deliveries were interrupted by a crash before they were confirmed; "
                       "recorded as unknown and not sent again", len(leftovers))


async def deliver_due(application: Application) -> dt.datetime | None:
    """Sends what is due now; returns when to run next (a reminder due, a retry)."""
    app = services(application).app
    now = services(application).clock()
    settings = app.settings.reminders
    log = app.stores.deliveries
    subscriptions = app.planned_subscriptions()
    since = chat_plan.plan_since(subscriptions)
    if since is None:
        logger.info("delivery run: no subscriptions")
        return None
    threads = {s.chat_id: s.thread_id for s in subscriptions}
    plan = reminder_plan(app.library, settings, since=since)
    held = {(r.key, r.chat_id) for r in log.records()
            if log.holds_back(r.key, r.chat_id, r.due, now)}
    outgoing = [Outgoing(d.delivery.reminder.key, d.delivery.chat_id, d.delivery.status,
                         render_reminder(d.delivery.reminder,
                                         late=d.delivery.status is DeliveryStatus.LATE,
                                         source=answers.source_of(
                                             app.library, d.delivery.reminder.announcement_id)),
                         d.due, threads.get(d.delivery.chat_id), d.reason)
                for d in chat_plan.due_for_chats(plan, subscriptions, held, now, settings)]
    today = now.astimezone(settings.timezone).date()
    alerted = [s for s in subscriptions if s.settings.alerts and not s.settings.muted_on(today)]
    # Only what was first seen lately can be due (see due_alerts): not the whole corpus.
    recent = app.library.seen_since(now - 2 * settings.grace, quiet=False)
    for alert in due_alerts(recent, alerted, held, now, settings):
        show = answers.show(app.library, alert.announcement.id, now, app.settings.timezone)
        text = render_alert(show) if isinstance(show, answers.ShowAnswer) else ""
        outgoing.append(Outgoing(alert.key, alert.chat_id, alert.status, text,
                                 alert.announcement.ingested_at or now,
                                 threads.get(alert.chat_id)))
    outgoing += _digests(app, subscriptions, held, now, threads)
    following = _earliest(chat_plan.next_due_for_chats(plan, subscriptions, now, settings),
                          log.next_retry())
    logger.info("delivery run: %d due now, next run at %s", len(outgoing),
                following.isoformat() if following else "none")
    if outgoing:
        await broadcast(app, application, outgoing, now)
    log.compact(services(application).clock(), settings.grace)
    return _earliest(following, log.next_retry())


def _digests(app: App, subscriptions: list[Subscription], held: set[tuple[str, int]],
             now: dt.datetime, threads: dict[int, int | None]) -> list[Outgoing]:
    """Each chat's digest of the period just ended, once (the delivery log keeps its key)."""
    settings = app.settings.reminders
    by_id = {s.chat_id: s for s in subscriptions}
    result = []
    for due in chat_plan.due_digests(subscriptions, held, now, settings):
        chat = by_id[due.chat_id]
        content = chat_plan.digest_content(app.library, chat, due.period_start, now, settings)
        text = render_digest(content, chats.labels(chat.topics))
        result.append(Outgoing(due.key, due.chat_id, due.status, text, due.due,
                               threads.get(due.chat_id),
                               chat_plan.MUTED.format(until=chat.settings.muted_until)
                               if chat_plan.muted(chat, due.due, settings) else ""))
    return result


def _earliest(*times: dt.datetime | None) -> dt.datetime | None:
    return min((t for t in times if t is not None), default=None)


async def broadcast(app: App, application: Application, outgoing: list[Outgoing],
                    now: dt.datetime) -> dict[tuple[str, int], DeliveryRecord]:
    """Sends with bounded concurrency under the pacer. Each message is marked in the log just
    before it is sent and its outcome recorded just after, so a crash loses at most what was in
    flight and never sends anything twice."""
    log = app.stores.deliveries
    clock = services(application).clock
    skipped = [_skip(o, log.get(o.key, o.chat_id), now) for o in outgoing
               if o.status is DeliveryStatus.SKIPPED]
    for record in skipped:
        logger.warning("%s for chat %s skipped: %s", record.key, record.chat_id, record.reason)
    log.record_many(skipped)
    limit = asyncio.Semaphore(CONCURRENT_SENDS)
    pacer = Pacer(app.settings.broadcast_per_second)
    outcomes: dict[tuple[str, int], DeliveryRecord] = {}

    async def send(item: Outgoing) -> None:
        async with limit:
            await pacer.wait()
            record = _marked(item, log.get(item.key, item.chat_id), clock())
            log.record(record)
            try:
                sent = await send_parts(app, application.bot, item.chat_id,
                                        split_message(item.text), item.thread_id)
            except ChatGone:
                logger.info("%s not sent: chat %s is gone and was unsubscribed", item.key,
                            item.chat_id)
                return
            except OutcomeUnknown as error:
                result = record.becomes(DeliveryStatus.UNKNOWN, clock(), reason=error.reason)
            except NotSent as error:
                result = _failed(record, error, clock())
                logger.error("%s not sent to chat %s: %s", item.key, item.chat_id, error)
            else:
                result = replace(record, chat_id=sent.chat_id, status=item.status, at=clock(),
                                 message_id=sent.message_ids[0] if sent.message_ids else None)
            log.record(result)
            outcomes[(result.key, result.chat_id)] = result

    await asyncio.gather(*(send(o) for o in outgoing if o.status is not DeliveryStatus.SKIPPED))
    counts = Counter(r.status for r in outcomes.values())
    logger.info("delivered %d, skipped %d, failed %d, unknown %d",
                counts[DeliveryStatus.SENT] + counts[DeliveryStatus.LATE], len(skipped),
                counts[DeliveryStatus.FAILED], counts[DeliveryStatus.UNKNOWN])
    return outcomes


def _marked(item: Outgoing, previous: DeliveryRecord | None, now: dt.datetime
            ) -> DeliveryRecord:
    attempts = previous.attempts if previous else 0
    return DeliveryRecord(item.key, item.chat_id, DeliveryStatus.SENDING, item.due, now,
                          attempts=attempts + 1,
                          reason=previous.reason if previous else None)


def _failed(record: DeliveryRecord, error: NotSent, now: dt.datetime) -> DeliveryRecord:
    if not error.retryable:
        return record.becomes(DeliveryStatus.SKIPPED, now, reason=error.reason)
    return record.becomes(DeliveryStatus.FAILED, now, reason=error.reason,
                          retry_at=now + retry_delay(record.attempts))


def _skip(item: Outgoing, previous: DeliveryRecord | None, now: dt.datetime) -> DeliveryRecord:
    reason = item.reason or "meer dan de wachttijd te laat"
    if previous is not None and previous.reason:
        reason += f"; {previous.attempts} pogingen mislukt, laatste: {previous.reason}"
    return DeliveryRecord(item.key, item.chat_id, DeliveryStatus.SKIPPED, item.due, now,
                          reason=reason, attempts=previous.attempts if previous else 0)


async def send_agenda(context: ContextTypes.DEFAULT_TYPE, chat: chats.Chat, message: Message,
                      now: dt.datetime) -> None:
    """/agenda: the milestones as an .ics file, in the same thread it was asked in."""
    app = services(context).app
    data = agenda(app.library, now)
    thread = message.message_thread_id if message.is_topic_message else None
    await context.bot.send_document(chat.id, io.BytesIO(data), filename="mijlpalen.ics",
                                    caption="Mijlpalen als agendabestand; open het in uw "
                                            "agenda-app.", message_thread_id=thread)
