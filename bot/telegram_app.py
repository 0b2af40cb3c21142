"""The Telegram shell (python-telegram-bot 22): handlers, the command menu, polling or webhook."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable
from urllib.parse import urlparse

from telegram import BotCommand, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import InvalidToken, NetworkError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ChatMemberHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from briefings.commands import COMMANDS, parse_command
from briefings.messages import split_message
from briefings.topics import topic_table

from . import chats, jobs
from .app import App
from .delivery import ChatGone, NotSent, send_parts
from .settings import Settings

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def build_application(settings: Settings, app: App, clock: Clock = system_clock) -> Application:
    application = (
        ApplicationBuilder()
        .token(settings.token or "")
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_file_url)
        .rate_limiter(AIORateLimiter())
        .post_init(_post_init)
        .build()
    )
    application.bot_data.update(app=app, clock=clock, settings=settings)
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migration))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND,
                                           on_command))
    application.add_handler(ChatMemberHandler(on_my_chat_member,
                                              ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_error_handler(on_error)
    return application


async def _post_init(application: Application) -> None:
    """Sets the command menu and starts the reminder schedule."""
    await application.bot.set_my_commands(menu())
    jobs.start(application)
    logger.info("bot @%s ready", application.bot.username)


def menu() -> list[BotCommand]:
    entries = [BotCommand(c.name, c.description) for c in COMMANDS]
    entries += [BotCommand(t.command, t.label) for t in topic_table().topics]
    return entries


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every /command: answered from the core, or by the chat-state commands."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or not message.text:
        return
    app: App = context.bot_data["app"]
    now = context.bot_data["clock"]()
    invocation = parse_command(message.text, context.bot.username)
    if invocation is None:
        return
    private = chat.type == ChatType.PRIVATE
    here = chats.Chat(chat.id, chat.type, chat.title or chat.full_name or "")
    if invocation.name == "agenda":
        await jobs.send_agenda(context, here, message, now)
        return
    if invocation.name in ("abonneer", "opzeggen", "status") or (
            invocation.name == "stop" and private):
        text = await _chat_state(update, context, invocation.name, invocation.arguments, here,
                                 now)
        parts = split_message(text)
    else:
        answer = app.respond(message.text, now, private, context.bot.username)
        if answer is None:
            return
        parts = answer
    thread = message.message_thread_id if message.is_topic_message else None
    try:
        await send_parts(app, context.bot, chat.id, parts, thread)
    except (ChatGone, NotSent) as error:
        logger.warning("answer to chat %s not delivered: %s", chat.id, error)


async def _chat_state(update: Update, context: ContextTypes.DEFAULT_TYPE, name: str,
                      arguments: str, chat: chats.Chat, now: dt.datetime) -> str:
    app: App = context.bot_data["app"]
    if name == "stop":
        return chats.stop(app, chat)
    if name == "status":
        return chats.status(app, chat, now)
    if not await _may_change(update, context):
        return chats.not_admin()
    user = update.effective_user
    if name == "abonneer":
        return chats.subscribe(app, chat, user.id if user else None, arguments, now)
    return chats.unsubscribe(app, chat, arguments)


async def _may_change(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """In groups only admins may change the subscription (anonymous admins too)."""
    chat, message, user = update.effective_chat, update.effective_message, update.effective_user
    assert chat is not None and message is not None
    if chat.type == ChatType.PRIVATE:
        return True
    if message.sender_chat is not None and message.sender_chat.id == chat.id:
        return True  # an anonymous admin posts as the group itself
    if user is None:
        return False
    if user.id in context.bot_data["settings"].admin_ids:
        return True
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def on_my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was removed from a group or blocked in a private chat: forget that chat."""
    change = update.my_chat_member
    if change is None:
        return
    if change.new_chat_member.status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        chats.forget(context.bot_data["app"], change.chat.id,
                     f"bot status {change.new_chat_member.status}")


async def on_migration(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group became a supergroup: its subscription moves to the new id."""
    message = update.effective_message
    if message is None:
        return
    app: App = context.bot_data["app"]
    if message.migrate_to_chat_id:
        chats.migrate(app, message.chat.id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id:
        chats.migrate(app, message.migrate_from_chat_id, message.chat.id)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs every exception; the bot keeps serving."""
    logger.error("error while handling an update", exc_info=context.error)


def run_telegram(settings: Settings, clock: Clock = system_clock) -> int:
    app = App(settings, clock())
    application = build_application(settings, app, clock)
    try:
        if settings.webhook_url:
            path = urlparse(settings.webhook_url).path.lstrip("/")
            application.run_webhook(
                listen=settings.webhook_listen, port=settings.webhook_port, url_path=path,
                webhook_url=settings.webhook_url, secret_token=settings.webhook_secret,
                allowed_updates=Update.ALL_TYPES)
        else:
            application.run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:
        print("Telegram weigert het token (TELEGRAM_BOT_TOKEN). Controleer het bij @BotFather.",
              file=sys.stderr)
        return 1
    except NetworkError as error:
        print(f"Kan de Bot API niet bereiken via {settings.api_base_url}: {error.message}",
              file=sys.stderr)
        return 1
    return 0
