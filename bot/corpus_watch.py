"""Notices releases another process (a CLI ingest or backfill) wrote to the corpus, and swaps
in a fresh library without a restart. The check is one stat() on the event loop; the reload
runs in a worker thread, so commands keep being answered meanwhile."""

from __future__ import annotations

import asyncio
import logging

from telegram.ext import Application, ContextTypes

from .services import services

logger = logging.getLogger(__name__)

WATCH_JOB = "corpus-watch"
WATCH_SECONDS = 10.0


def corpus_work(application: Application) -> asyncio.Lock:
    """One library rebuild at a time (this watch and the source polls share it)."""
    return application.bot_data.setdefault("corpus_work", asyncio.Lock())


def start(application: Application) -> None:
    application.job_queue.run_repeating(  # type: ignore[union-attr]
        check_corpus, interval=WATCH_SECONDS, first=WATCH_SECONDS, name=WATCH_JOB,
        job_kwargs={"id": WATCH_JOB, "replace_existing": True})


async def check_corpus(context: ContextTypes.DEFAULT_TYPE) -> None:
    app = services(context).app
    if not app.corpus_changed_elsewhere():
        return
    async with corpus_work(context.application):
        if not app.corpus_changed_elsewhere():
            return
        before = app.library.count()
        await asyncio.to_thread(app.reload_library)
        logger.info("corpus changed on disk: library reloaded (%d → %d announcements)", before,
                    app.library.count())
    app.subscriptions_changed()
