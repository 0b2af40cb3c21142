"""`/instellingen` and the topic buttons of `/abonneer`: one screen per chat with inline
keyboards. Every change, typed or pressed, goes through the core's parsing
(briefings.chat_settings) and is stored with the chat's subscription; a refusal changes
nothing. Telegram-free apart from building the keyboard: the handlers pass plain values in."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from briefings import chat_settings as cs
from briefings.model import Subscription
from briefings.render import render_settings
from briefings.topics import topic_table

from . import chats
from .app import App

logger = logging.getLogger(__name__)

SETTINGS, TOPICS = "s", "t"     # callback data prefixes: a settings button, a topic button
TIMES = ("07:00", "08:00", "09:00", "12:00", "17:00")
MUTES = (7, 30)
NOT_ADMIN = "Alleen beheerders van deze groep kunnen de instellingen wijzigen."
SAVED = "Opgeslagen."
NEEDS_SUBSCRIPTION = "Deze chat heeft geen abonnement; typ eerst /abonneer."


@dataclass(frozen=True)
class Screen:
    text: str
    keyboard: InlineKeyboardMarkup | None


def settings_screen(app: App, chat_id: int, error: str | None = None) -> Screen:
    current = app.stores.subscriptions.get(chat_id)
    defaults = app.settings.reminders
    if current is None:
        return Screen(render_settings(False, [], cs.ChatSettings(), defaults, error), None)
    text = render_settings(True, chats.labels(current.topics), current.settings, defaults,
                           error)
    return Screen(text, _settings_keyboard(current, app))


def topics_screen(app: App, chat_id: int, intro: str) -> Screen:
    current = app.stores.subscriptions.get(chat_id)
    if current is None:
        return Screen(intro, None)
    return Screen(intro, _topics_keyboard(current))


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def _mark(on: bool, label: str) -> str:
    return f"✓ {label}" if on else label


def _settings_keyboard(chat: Subscription, app: App) -> InlineKeyboardMarkup:
    own, defaults = chat.settings, app.settings.reminders
    time = f"{own.time(defaults.local_time):%H:%M}"
    leads = own.lead_days(defaults.leads)
    rows = [
        [_button(_mark(t == time, t), f"{SETTINGS}:tijd:{t}") for t in TIMES],
        [_button(_mark(d in leads, f"{d} d"), f"{SETTINGS}:dag:{d}") for d in defaults.leads],
        [_button(_mark(own.alerts, "Nieuwe berichten"), f"{SETTINGS}:nieuws")],
        [_button(_mark(own.digest is d, f"Overzicht {d}"), f"{SETTINGS}:overzicht:{d}")
         for d in cs.Digest],
        [*(_button(f"Stil {n} dagen", f"{SETTINGS}:stil:{n}") for n in MUTES),
         _button(_mark(own.muted_until is None, "Niet stil"), f"{SETTINGS}:stil:uit")],
        [_button("Onderwerpen kiezen…", f"{TOPICS}:")],
    ]
    return InlineKeyboardMarkup(rows)


def _topics_keyboard(chat: Subscription) -> InlineKeyboardMarkup:
    topics = topic_table().topics
    buttons = [_button(_mark(chat.follows((t.command,)), t.label), f"{TOPICS}:{t.command}")
               for t in topics]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(_mark(not chat.topics, "Alle onderwerpen"), f"{TOPICS}:*"),
                 _button("Instellingen…", f"{SETTINGS}:")])
    return InlineKeyboardMarkup(rows)


def change(app: App, chat_id: int, arguments: str, now: dt.datetime) -> str | None:
    """A typed change (`/instellingen tijd 08:30`): stored, or the Dutch reason why not (and
    nothing stored). None: done."""
    current = app.stores.subscriptions.get(chat_id)
    if current is None:
        return NEEDS_SUBSCRIPTION
    today = now.astimezone(app.settings.timezone).date()
    try:
        updated = cs.apply(current.settings, arguments, app.settings.reminders.leads, now,
                           today)
    except cs.BadSetting as error:
        return str(error)
    _save(app, current, updated)
    return None


def press(app: App, chat_id: int, data: str, now: dt.datetime) -> tuple[Screen, str]:
    """A button: the screen to show next and the short answer for the button."""
    current = app.stores.subscriptions.get(chat_id)
    kind, _, value = data.partition(":")
    if current is None:
        return settings_screen(app, chat_id), NEEDS_SUBSCRIPTION
    if kind == TOPICS:
        return _press_topic(app, current, value)
    if not value:
        return settings_screen(app, chat_id), ""
    what, _, argument = value.partition(":")
    defaults = app.settings.reminders
    try:
        if what == "dag":
            updated = cs.toggle_lead(current.settings, int(argument), defaults.leads)
        elif what == "nieuws":
            updated = replace(current.settings, alerts=not current.settings.alerts)
        else:
            words = f"{what} {argument}" + (" dagen" if what == "stil" and argument.isdigit()
                                            else "")
            today = now.astimezone(app.settings.timezone).date()
            updated = cs.apply(current.settings, words, defaults.leads, now, today)
    except (cs.BadSetting, ValueError) as error:
        return settings_screen(app, chat_id), str(error)
    _save(app, current, updated)
    return settings_screen(app, chat_id), SAVED


def _press_topic(app: App, current: Subscription, value: str) -> tuple[Screen, str]:
    table = topic_table()
    if value == "":
        return topics_screen(app, current.chat_id, _topics_intro(current)), ""
    if value == "*":
        topics: tuple[str, ...] = ()
    else:
        following = set(current.topics or table.commands)
        wanted = following ^ {value}
        if value not in table.commands:
            return topics_screen(app, current.chat_id, _topics_intro(current)), \
                "Onbekend onderwerp."
        if not wanted:
            return topics_screen(app, current.chat_id, _topics_intro(current)), \
                "Kies minstens één onderwerp; opzeggen kan met /opzeggen."
        topics = () if wanted == set(table.commands) else \
            tuple(t for t in table.commands if t in wanted)
    updated = replace(current, topics=topics)
    app.stores.subscriptions.save(updated)
    logger.info("chat %s now follows %s", current.chat_id, topics or "all topics")
    app.subscriptions_changed()
    return topics_screen(app, current.chat_id, _topics_intro(updated)), SAVED


def _topics_intro(chat: Subscription) -> str:
    labels = chats.labels(chat.topics)
    return ("Deze chat volgt " + (", ".join(labels) if labels else "alle onderwerpen")
            + ". Tik op een onderwerp om het aan of uit te zetten.")


def topics_intro(app: App, chat_id: int) -> str:
    current = app.stores.subscriptions.get(chat_id)
    return _topics_intro(current) if current else NEEDS_SUBSCRIPTION


def _save(app: App, current: Subscription, updated: cs.ChatSettings) -> None:
    if updated == current.settings:
        return
    app.stores.subscriptions.save(replace(current, settings=updated))
    logger.info("chat %s settings: %s", current.chat_id, updated)
    app.subscriptions_changed()  # the scheduler plans its next run with the new settings
