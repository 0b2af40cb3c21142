"""Webhook mode: a small tornado server in front of the application.

PTB's own webhook handler reads the whole body before it checks the secret, and answers
malformed JSON with 500. Here the secret header is checked first (a request without it is
refused before its body is read), the body is capped, and a body that is not a JSON object or
not an update gets 400. Nothing about a request (its secret, its body) is logged.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from typing import Any

import tornado.web
from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1 << 20  # Telegram's updates are a few kB; a megabyte is generous


@tornado.web.stream_request_body
class UpdateHandler(tornado.web.RequestHandler):
    def initialize(self, bot_application: Application, secret: str) -> None:
        self.bot_application = bot_application
        self.secret = secret
        self.chunks: list[bytes] = []
        self.size = 0

    def prepare(self) -> None:
        if self.request.method != "POST":
            self._refuse(405)
            return
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            self._refuse(403)
            return
        length = self.request.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > MAX_UPDATE_BYTES:
            self._refuse(413)

    def data_received(self, chunk: bytes) -> None:
        if self._finished:
            return
        self.size += len(chunk)
        if self.size > MAX_UPDATE_BYTES:
            self.chunks.clear()
            self._refuse(413)
            return
        self.chunks.append(chunk)

    async def post(self) -> None:
        if self._finished:
            return
        try:
            data = json.loads(b"".join(self.chunks))
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an update")
            update = Update.de_json(data, self.bot_application.bot)
        except (ValueError, TypeError, KeyError):
            logger.warning("webhook: a request with the right secret but no valid update (%d "
                           "bytes) got 400", self.size)
            self._refuse(400)
            return
        await self.bot_application.update_queue.put(update)
        self.set_status(200)
        self.finish()

    def _refuse(self, status: int) -> None:
        # tornado closes the connection after this answer when the body was not read.
        self.set_status(status)
        self.finish()

    def log_exception(self, *args: Any) -> None:
        logger.error("webhook handler failed", exc_info=args if args[0] else None)


def quiet_access_log(handler: tornado.web.RequestHandler) -> None:
    """tornado logs every request with its path; the path may be a secret URL."""


async def serve(application: Application, listen: str, port: int, path: str, url: str,
                secret: str) -> None:
    """Runs the bot on the webhook until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    web = tornado.web.Application([(f"/{path.strip('/')}", UpdateHandler,
                                    {"bot_application": application, "secret": secret})],
                                  log_function=quiet_access_log)
    server = HTTPServer(web, max_body_size=MAX_UPDATE_BYTES)
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        server.listen(port, listen)
        await application.bot.set_webhook(url, secret_token=secret,
                                          allowed_updates=Update.ALL_TYPES)
        await application.start()
        logger.info("webhook server listening on %s:%d", listen, port)
        await stop.wait()
        server.stop()
        await application.stop()
    finally:
        await application.shutdown()
