"""Logging set-up: one place, called from main(); the bot token and the webhook secret never
reach a log line, at any level. Text lines for people, or one JSON object per line for a log
collector."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys


class RedactToken(logging.Filter):
    """Replaces the secrets wherever they appear in a record: messages, arguments, tracebacks."""

    def __init__(self, token: str | None, *secrets: str | None) -> None:
        super().__init__()
        self.secrets = [(s, "<token>" if s == token else "<secret>")
                        for s in (token, *secrets) if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        for secret, placeholder in self.secrets:
            message = message.replace(secret, placeholder)
            if record.exc_text:
                record.exc_text = record.exc_text.replace(secret, placeholder)
        record.msg = message
        record.args = None
        return True


class JsonLines(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, and the
    traceback as `exception` when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
                "level": record.levelname, "logger": record.name,
                "message": record.getMessage()}
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)


def configure_logging(level: str, token: str | None, *secrets: str | None,
                      style: str = "text") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines() if style == "json" else
                         logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactToken(token, *secrets))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # It logs every 429 with a traceback; bot.delivery logs the wait in one line instead.
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
