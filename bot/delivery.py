"""Sending to Telegram without losing a message or a chat's state: 429 waits and retries,
timeouts back off and retry, a bad request is logged and never retried as is, a blocked or
removed chat is forgotten, a migrated group moves to its new id."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import warnings
from dataclasses import dataclass

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from . import chats
from .app import App

logger = logging.getLogger(__name__)

RETRIES = 4
BACKOFF_SECONDS = 0.5


class ChatGone(Exception):
    """The chat blocked the bot or removed it; its data has been forgotten."""

    def __init__(self, chat_id: int) -> None:
        self.chat_id = chat_id
        super().__init__(f"chat {chat_id} is gone (403)")


class NotSent(Exception):
    """A message that could not be delivered after its retries; the cause is chained."""


def retry_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


@dataclass(frozen=True)
class Sent:
    chat_id: int              # where it went: a migrated group has a new id
    message_ids: tuple[int, ...]


class Pacer:
    """Spaces messages evenly: Telegram counts about 30 per second overall, and a burst of 30
    at once followed by a pause earns 429s where an even pace does not."""

    def __init__(self, per_second: float) -> None:
        self.interval = 1.0 / per_second
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            now = asyncio.get_running_loop().time()
            if self._next > now:
                await asyncio.sleep(self._next - now)
            self._next = max(now, self._next) + self.interval


async def send_parts(app: App, bot: Bot, chat_id: int, parts: list[str],
                     thread_id: int | None = None, pacer: Pacer | None = None) -> Sent:
    """Sends each part in order. Raises ChatGone or NotSent."""
    ids = []
    for part in parts:
        message_id, chat_id = await _send_one(app, bot, chat_id, part, thread_id, pacer)
        ids.append(message_id)
    return Sent(chat_id, tuple(ids))


async def _send_one(app: App, bot: Bot, chat_id: int, text: str,
                    thread_id: int | None, pacer: Pacer | None) -> tuple[int, int]:
    delay = BACKOFF_SECONDS
    for attempt in range(1, RETRIES + 1):
        if pacer is not None:
            await pacer.wait()
        try:
            message = await bot.send_message(
                chat_id, text, parse_mode=ParseMode.HTML, message_thread_id=thread_id,
                link_preview_options=LinkPreviewOptions(is_disabled=True))
            return message.message_id, chat_id
        except RetryAfter as error:
            wait = retry_seconds(error)
            logger.warning("flood limit for chat %s: waiting %.1f s (attempt %d)", chat_id,
                           wait, attempt)
            await asyncio.sleep(wait)
        except ChatMigrated as error:
            chats.migrate(app, chat_id, error.new_chat_id)
            chat_id = error.new_chat_id
        except Forbidden as error:
            chats.forget(app, chat_id, f"403 while sending: {error.message}")
            raise ChatGone(chat_id) from error
        except BadRequest as error:  # a NetworkError too, but retrying cannot help
            logger.error("bad request for chat %s, not retried: %s", chat_id, error.message)
            raise NotSent(f"bad request: {error.message}") from error
        except (TimedOut, NetworkError) as error:
            if attempt == RETRIES:
                raise NotSent(f"network: {error.message}") from error
            logger.warning("network error for chat %s (%s); retrying in %.1f s", chat_id,
                           error.message, delay)
            await asyncio.sleep(delay)
            delay *= 2
    raise NotSent(f"still rate limited after {RETRIES} attempts")
