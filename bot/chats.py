"""Chat state commands (/abonneer, /opzeggen, /status, /stop) and the chat lifecycle (removed,
blocked, migrated). Telegram-free: the handlers pass plain values in."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace

from briefings import chat_plan, formatting, subscribing
from briefings.model import Subscription
from briefings.reminders import upcoming_plan
from briefings.render import render_template
from briefings.topics import topic_table

from .app import App

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Chat:
    id: int
    type: str              # private, group, supergroup, channel
    title: str
    thread_id: int | None = None   # the forum topic it wrote from


def labels(topics: tuple[str, ...]) -> list[str]:
    table = topic_table()
    return [t.label for name in topics if (t := table.get(name))]


def _say(outcome: subscribing.Outcome, topics: tuple[str, ...] | None = (),
         unknown: tuple[str, ...] = ()) -> str:
    return render_template("subscription", outcome=outcome, topics=topics or (),
                           labels=labels(topics or ()), unknown=unknown,
                           all_topics=topic_table().topics)


def subscribe(app: App, chat: Chat, user_id: int | None, arguments: str,
              now: dt.datetime) -> str:
    current = app.stores.subscriptions.get(chat.id)
    change = subscribing.subscribe(current.topics if current else None, arguments)
    moved_topic = current is not None and current.thread_id != chat.thread_id
    if (change.changed or moved_topic) and change.topics is not None:
        subscription = (replace(current, topics=change.topics, thread_id=chat.thread_id)
                        if current else Subscription(chat.id, chat.type, chat.title,
                                                     change.topics, user_id, now,
                                                     thread_id=chat.thread_id))
        app.stores.subscriptions.save(subscription)
        logger.info("chat %s subscribed to %s (thread %s)", chat.id,
                    change.topics or "all topics", chat.thread_id)
        app.subscriptions_changed()
    return _say(change.outcome, change.topics, change.unknown)


def unsubscribe(app: App, chat: Chat, arguments: str) -> str:
    current = app.stores.subscriptions.get(chat.id)
    change = subscribing.unsubscribe(current.topics if current else None, arguments)
    if change.changed and current is not None:
        if change.topics is None:
            app.stores.subscriptions.remove(chat.id)
        else:
            app.stores.subscriptions.save(replace(current, topics=change.topics))
        logger.info("chat %s unsubscribed (%s)", chat.id, arguments or "all")
        app.subscriptions_changed()
    return _say(change.outcome, change.topics, change.unknown)


def status(app: App, chat: Chat, now: dt.datetime) -> str:
    """The chat's subscription, its own settings and its next reminder at its own time."""
    current = app.stores.subscriptions.get(chat.id)
    if current is None:
        return render_template("status", topics=None)
    defaults = app.settings.reminders
    found = chat_plan.next_for_chat(upcoming_plan(app.library, defaults, now - chat_plan.DAY),
                                    current, now, defaults)
    next_reminder = None
    if found is not None:
        upcoming, due = found
        when = due.astimezone(app.settings.timezone)
        next_reminder = {"when": f"{formatting.day(when.date())} om {when:%H:%M}",
                         "what": f"{formatting.date_spec(upcoming.milestone.date)}: "
                                 f"{upcoming.milestone.what}"}
    since = current.subscribed_at.astimezone(app.settings.timezone)
    own = current.settings
    return render_template(
        "status", topics=current.topics, labels=labels(current.topics),
        since=formatting.day(since.date()), next_reminder=next_reminder,
        time=f"{own.time(defaults.local_time):%H:%M}",
        leads=formatting.lead_days(own.lead_days(defaults.leads)), alerts=own.alerts,
        digest=str(own.digest),
        muted_until=formatting.day(own.muted_until) if own.muted_until else None)


def stop(app: App, chat: Chat) -> str:
    """/stop in a private chat: everything the bot keeps about this chat goes."""
    forget(app, chat.id, "stopped by the user")
    return _say(subscribing.Outcome.STOPPED)


def not_saved() -> str:
    """A write that failed (a full disk): nothing changed, and the user is told so."""
    return ("Dat kon ik nu niet opslaan (de opslag van de bot is vol of niet beschikbaar). Er "
            "is niets gewijzigd; probeer het later nog eens.")


def not_admin() -> str:
    return _say(subscribing.Outcome.NOT_ADMIN)


def forget(app: App, chat_id: int, reason: str) -> None:
    removed = app.stores.subscriptions.remove(chat_id)
    app.stores.deliveries.forget_chat(chat_id)
    logger.info("chat %s forgotten (%s); had a subscription: %s", chat_id, reason, removed)
    if removed:
        app.subscriptions_changed()


def migrate(app: App, old_id: int, new_id: int) -> None:
    """A group that became a supergroup keeps its subscription and its delivery log."""
    moved = app.stores.subscriptions.move(old_id, new_id)
    app.stores.deliveries.move(old_id, new_id)
    logger.info("chat %s migrated to %s; subscription moved: %s", old_id, new_id, moved)
    if moved:
        app.subscriptions_changed()
