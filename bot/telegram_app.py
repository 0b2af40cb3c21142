"""The Telegram shell (python-telegram-bot 22): handlers, the command menu, polling or webhook."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import math
import sys
from collections.abc import Awaitable, Callable
from urllib.parse import urlparse

from telegram import BotCommand, Message, Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from briefings.commands import CommandTable, Invocation, Scope, parse, reply
from briefings.splitting import split_message
from store import StoreBusy, StoreWriteError

from . import chats, jobs, settings_menu, webhook
from .app import App
from .delivery import ChatGone, NotSent, send_parts
from .instance import AlreadyRunning, single_instance
from .services import ReadClock, Services, install, services, system_now
from .settings import Settings
from .updates import ChatOrderedProcessor

logger = logging.getLogger(__name__)

NOT_HERE = "/{name} werkt alleen in een privéchat met de bot."


def build_application(settings: Settings, app: App, clock: ReadClock = system_now,
                      request: BaseRequest | None = None) -> Application:
    """The bot; `request` replaces the HTTP client (tests record the calls in-process)."""
    builder = (
        ApplicationBuilder()
        .token(settings.token or "")
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_file_url)
        # Its overall limit (30/s) would otherwise cap a faster configured broadcast pace.
        .rate_limiter(AIORateLimiter(
            overall_max_rate=max(30, math.ceil(settings.broadcast_per_second))))
        .concurrent_updates(ChatOrderedProcessor())
        .post_init(_post_init)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application = builder.build()
    _check_handlers(app.commands)
    install(application.bot_data, Services(app, settings, clock))
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migration))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND,
                                           on_command))
    application.add_handler(CallbackQueryHandler(
        on_button, pattern=rf"^({settings_menu.SETTINGS}|{settings_menu.TOPICS}):"))
    application.add_handler(ChatMemberHandler(on_my_chat_member,
                                              ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_error_handler(on_error)
    return application


async def _post_init(application: Application) -> None:
    """Sets the command menu and starts the reminder schedule."""
    await application.bot.set_my_commands(menu(services(application).app.commands))
    jobs.start(application)
    logger.info("bot @%s ready", application.bot.username)


def menu(table: CommandTable) -> list[BotCommand]:
    return [BotCommand(c.name, c.description) for c in table.commands]


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every /command: looked up once in the command table, answered from the core or by the
    chat handler of its row."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or not message.text:
        return
    the = services(context)
    invocation = parse(message.text, the.app.commands, context.bot.username)
    if invocation is None:
        return
    private = chat.type == ChatType.PRIVATE
    command = invocation.command
    if command is None and not private:
        return  # groups: unknown commands may be meant for another bot
    now = the.clock()
    thread = message.message_thread_id if message.is_topic_message else None
    here = chats.Chat(chat.id, chat.type, chat.title or chat.full_name or "", thread)
    if command is None or command.answer is not None:
        parts = reply(invocation, the.app.request(invocation.arguments, now, private),
                      the.app.commands)
    elif command.scope is Scope.PRIVATE and not private:
        parts = [NOT_HERE.format(name=command.name)]
    elif command.scope is Scope.ADMIN and not await _may_change(update, context):
        parts = [chats.not_admin()]
    else:
        try:
            text = await CHAT_HANDLERS[command.name](update, context, invocation, here, now)
        except (StoreWriteError, StoreBusy) as error:
            logger.error("/%s in chat %s not saved: %s", command.name, chat.id, error)
            text = chats.not_saved()
        if text is None:
            return
        parts = split_message(text)
    try:
        await send_parts(the.app, context.bot, chat.id, parts, thread)
    except (ChatGone, NotSent) as error:
        logger.warning("answer to chat %s not delivered: %s", chat.id, error)


# A chat handler answers a row without `answer`: it needs the chat. None: it replied itself.
ChatHandler = Callable[[Update, ContextTypes.DEFAULT_TYPE, Invocation, chats.Chat, dt.datetime],
                       Awaitable[str | None]]


async def _subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE, invocation: Invocation,
                     chat: chats.Chat, now: dt.datetime) -> str | None:
    user = update.effective_user
    app = services(context).app
    text = chats.subscribe(app, chat, user.id if user else None, invocation.arguments, now)
    if invocation.arguments:
        return text
    # Without topics: subscribed to all, with the topics as buttons to narrow it down.
    screen = settings_menu.topics_screen(app, chat.id, text)
    await _send_screen(context, chat, screen)
    return None


async def _settings(update: Update, context: ContextTypes.DEFAULT_TYPE, invocation: Invocation,
                    chat: chats.Chat, now: dt.datetime) -> str | None:
    """/instellingen: the screen; with arguments a change first (in groups: admins only)."""
    app = services(context).app
    error = None
    if invocation.arguments:
        if not await _may_change(update, context):
            return settings_menu.NOT_ADMIN
        error = settings_menu.change(app, chat.id, invocation.arguments, now)
    await _send_screen(context, chat, settings_menu.settings_screen(app, chat.id, error))
    return None


async def _send_screen(context: ContextTypes.DEFAULT_TYPE, chat: chats.Chat,
                       screen: settings_menu.Screen) -> None:
    await context.bot.send_message(chat.id, screen.text, parse_mode=ParseMode.HTML,
                                   reply_markup=screen.keyboard,
                                   message_thread_id=chat.thread_id)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A settings or topic button: in groups only admins, exactly as for typed changes."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    if not await _may_press(update, context):
        await query.answer(settings_menu.NOT_ADMIN, show_alert=True)
        return
    the = services(context)
    try:
        screen, note = settings_menu.press(the.app, chat.id, query.data, the.clock())
    except (StoreWriteError, StoreBusy) as error:
        logger.error("button in chat %s not saved: %s", chat.id, error)
        await query.answer(chats.not_saved(), show_alert=True)
        return
    await query.answer(note or None)
    if isinstance(query.message, Message) and (
            query.message.text_html != screen.text or screen.keyboard is not None):
        try:
            await query.edit_message_text(screen.text, parse_mode=ParseMode.HTML,
                                          reply_markup=screen.keyboard)
        except BadRequest as error:  # "message is not modified": the screen is current
            logger.debug("screen in chat %s not edited: %s", chat.id, error.message)


async def _may_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    if chat.type == ChatType.PRIVATE or user.id in services(context).settings.admin_ids:
        return True
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def _unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       invocation: Invocation, chat: chats.Chat, now: dt.datetime) -> str:
    return chats.unsubscribe(services(context).app, chat, invocation.arguments)


async def _status(update: Update, context: ContextTypes.DEFAULT_TYPE, invocation: Invocation,
                  chat: chats.Chat, now: dt.datetime) -> str:
    return chats.status(services(context).app, chat, now)


async def _stop(update: Update, context: ContextTypes.DEFAULT_TYPE, invocation: Invocation,
                chat: chats.Chat, now: dt.datetime) -> str:
    return chats.stop(services(context).app, chat)


async def _agenda(update: Update, context: ContextTypes.DEFAULT_TYPE, invocation: Invocation,
                  chat: chats.Chat, now: dt.datetime) -> None:
    assert update.effective_message is not None
    await jobs.send_agenda(context, chat, update.effective_message, now)
    return None


CHAT_HANDLERS: dict[str, ChatHandler] = {
    "abonneer": _subscribe, "opzeggen": _unsubscribe, "status": _status, "stop": _stop,
    "agenda": _agenda, "instellingen": _settings,
}


def _check_handlers(table: CommandTable) -> None:
    """A row the core does not answer needs a chat handler here: fail at start, not in a chat."""
    missing = [c.name for c in table.commands if c.answer is None
               and c.name not in CHAT_HANDLERS]
    if missing:
        raise RuntimeError(f"commands without a handler: {', '.join(missing)}")


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
    if user.id in services(context).settings.admin_ids:
        return True
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def on_my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was removed from a group or blocked in a private chat: forget that chat."""
    change = update.my_chat_member
    if change is None:
        return
    if change.new_chat_member.status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        chats.forget(services(context).app, change.chat.id,
                     f"bot status {change.new_chat_member.status}")


async def on_migration(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group became a supergroup: its subscription moves to the new id."""
    message = update.effective_message
    if message is None:
        return
    app = services(context).app
    if message.migrate_to_chat_id:
        chats.migrate(app, message.chat.id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id:
        chats.migrate(app, message.migrate_from_chat_id, message.chat.id)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs every exception; the bot keeps serving."""
    logger.error("error while handling an update", exc_info=context.error)


def run_telegram(settings: Settings, clock: ReadClock = system_now) -> int:
    try:
        with single_instance(settings.data_dir):
            return _run(settings, clock)
    except AlreadyRunning as error:
        print(str(error), file=sys.stderr)
        return 2


def _run(settings: Settings, clock: ReadClock) -> int:
    app = App(settings, clock())
    app.reindex_if_outdated()  # before polling starts: nothing is answered from old measures
    application = build_application(settings, app, clock)
    try:
        if settings.webhook_url:
            assert settings.webhook_secret is not None  # Settings requires one with a URL
            asyncio.run(webhook.serve(
                application, settings.webhook_listen, settings.webhook_port,
                urlparse(settings.webhook_url).path, settings.webhook_url,
                settings.webhook_secret))
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
