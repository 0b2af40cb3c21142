"""Logging set-up: one place, called from main(); the bot token never reaches a log line."""

from __future__ import annotations

import logging
import sys


class RedactToken(logging.Filter):
    """Replaces the token wherever it appears in a record: messages, arguments, tracebacks."""

    def __init__(self, token: str | None) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.token:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg = message.replace(self.token, "<token>")
        record.args = None
        if record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, "<token>")
        return True


def configure_logging(level: str, token: str | None) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactToken(token))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # It logs every 429 with a traceback; bot.delivery logs the wait in one line instead.
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
