"""Sending to Telegram without losing a message or a chat's state: 429 waits and retries,
network errors and 5xx back off and retry, a read timeout (the request went out, the answer did
not come back) is never retried because the message may have arrived, a bad request is logged
and never retried as is, a blocked or removed chat is forgotten, a migrated group moves to its
new id, a closed or deleted forum topic falls back to the main chat."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import warnings
from dataclasses import dataclass

import httpx
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
    """A message that was not delivered; the cause is chained. `retryable`: trying again
    later may help (a network error, a 5xx, a flood limit), unlike a bad request."""

    def __init__(self, reason: str, retryable: bool = False) -> None:
        self.reason = reason
        self.retryable = retryable
        super().__init__(reason)


class OutcomeUnknown(NotSent):
    """The request went out and no answer came back: it may have arrived, so it is never
    sent again."""


# Bot API descriptions of a forum topic that is closed or gone.
_TOPIC_GONE = ("thread not found", "topic_closed", "topic_deleted", "topic closed",
               "topic deleted", "topic_id_invalid")


def _sent_before_failing(error: TimedOut) -> bool:
    """A read or write timeout: the request (or part of it) reached Telegram."""
    cause = error.__cause__
    while cause is not None:
        if isinstance(cause, httpx.ReadTimeout | httpx.WriteTimeout):
            return True
        cause = cause.__cause__
    return False


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
            if thread_id is not None and _topic_gone(error):
                logger.warning("forum topic %s of chat %s is closed or gone (%s): sending to "
                               "the main chat instead", thread_id, chat_id, error.message)
                thread_id = None
                continue
            logger.error("bad request for chat %s, not retried: %s", chat_id, error.message)
            raise NotSent(f"bad request: {error.message}") from error
        except TimedOut as error:
            if _sent_before_failing(error):
                logger.warning("no answer for chat %s (%s): it may have arrived, not resent",
                               chat_id, error.message)
                raise OutcomeUnknown(f"no answer: {error.message}") from error
            if attempt == RETRIES:
                raise NotSent(f"network: {error.message}", retryable=True) from error
            logger.warning("network error for chat %s (%s); retrying in %.1f s", chat_id,
                           error.message, delay)
            await asyncio.sleep(delay)
            delay *= 2
        except NetworkError as error:
            if attempt == RETRIES:
                raise NotSent(f"network: {error.message}", retryable=True) from error
            logger.warning("network error for chat %s (%s); retrying in %.1f s", chat_id,
                           error.message, delay)
            await asyncio.sleep(delay)
            delay *= 2
    raise NotSent(f"still rate limited after {RETRIES} attempts", retryable=True)


def _topic_gone(error: BadRequest) -> bool:
    return any(marker in error.message.lower() for marker in _TOPIC_GONE)
