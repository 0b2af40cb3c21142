"""The bot's source polls on the job queue: one repeating job per source, with back-off after
failures (the server's Retry-After when it gives one) and a prompt stop: a poll in flight is
cancelled as soon as the application stops, so shutdown never waits on a slow server."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TypeVar

from telegram.ext import Application, ContextTypes

from briefings.feeds import MalformedFeed
from briefings.sources import SourceConfig

from .fetching import Fetcher, FetchFailed
from .services import services
from .sources import Follower

logger = logging.getLogger(__name__)
T = TypeVar("T")

MAX_BACKOFF = dt.timedelta(hours=6)
MAX_BACKOFF_INTERVALS = 8   # a source that came back is read again within 8 intervals
STOP_CHECK_SECONDS = 0.25
_FOLLOWER = "follower"


@dataclass
class Backoff:
    failures: int = 0
    until: dt.datetime | None = None

    def failed(self, now: dt.datetime, interval: dt.timedelta, retry_after: float | None
               ) -> dt.timedelta:
        self.failures += 1
        wait = (dt.timedelta(seconds=retry_after) if retry_after is not None
                else min(interval * min(2 ** (self.failures - 1), MAX_BACKOFF_INTERVALS),
                         MAX_BACKOFF))
        self.until = now + wait
        return wait

    def succeeded(self) -> None:
        self.failures, self.until = 0, None


def start(application: Application) -> None:
    the = services(application)
    settings = the.settings
    if not settings.sources:
        logger.info("no sources configured: nothing is polled")
        return
    follower = Follower(the.app, Fetcher(settings.fetch_limits), the.clock,
                        pause=settings.fetch_pause, max_new=settings.max_new_per_poll)
    application.bot_data[_FOLLOWER] = follower
    for number, source in enumerate(settings.sources):
        logger.info("following source %s (%s) every %s", source.name, source.url,
                    settings.feed_interval)
        application.job_queue.run_repeating(  # type: ignore[union-attr]
            poll_source, interval=settings.feed_interval, first=1 + 2 * number,
            name=f"source:{source.name}", data={"source": source, "backoff": Backoff()},
            job_kwargs={"id": f"source:{source.name}", "replace_existing": True,
                        "max_instances": 1})


async def poll_source(context: ContextTypes.DEFAULT_TYPE) -> None:
    """One poll of one source; failures are logged and retried later with back-off."""
    assert context.job is not None
    source: SourceConfig = context.job.data["source"]  # type: ignore[index]
    backoff: Backoff = context.job.data["backoff"]  # type: ignore[index]
    the = services(context)
    now = the.clock()
    if backoff.until and now < backoff.until:
        return
    follower: Follower = context.application.bot_data[_FOLLOWER]
    try:  # sources are read side by side: a slow one holds up no other
        report = await _until_stopped(context.application, follower.poll(source))
    except asyncio.CancelledError:
        logger.info("source %s: poll stopped with the bot", source.name)
        return
    except (FetchFailed, MalformedFeed) as error:
        wait = backoff.failed(now, the.settings.feed_interval,
                              getattr(error, "retry_after", None))
        logger.warning("source %s not read, will retry in %s: %s", source.name, wait, error)
        return
    except Exception:  # one bad source never stops the bot or the other sources
        wait = backoff.failed(now, the.settings.feed_interval, None)
        logger.exception("source %s: poll failed, will retry in %s", source.name, wait)
        return
    backoff.succeeded()
    if report.added or report.updated or report.failed:
        logger.info("source %s: %d new (%d without alert), %d updated, %d not read",
                    source.name, report.added, report.quiet, report.updated, len(report.failed))


async def _until_stopped(application: Application, work: Awaitable[T]) -> T:
    """Runs `work`, cancelling it when the application stops (PTB waits for running jobs)."""
    task = asyncio.ensure_future(work)
    while True:
        done, _ = await asyncio.wait({task}, timeout=STOP_CHECK_SECONDS)
        if done:
            return task.result()
        if not application.running:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            raise asyncio.CancelledError
