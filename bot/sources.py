"""Following the sources: a poll (the bot, every interval) and a backfill (the CLI).

Both read a source's list, skip what the store already has, complete each new item's text
(the item's own data, else its page through the article extractor) and store the releases.
Parsing, extraction and store writes run in worker threads, never on the event loop. A first
poll and a backfill store quietly; later polls alert only about news (see
`SourceState.is_news`), at most `max_new_per_poll` releases per poll.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from briefings.articles import article_sections
from briefings.feeds import MalformedFeed
from briefings.model import Release, Section
from briefings.sources import (
    SourceConfig,
    SourceItem,
    SourceKind,
    SourceState,
    api_page_url,
    content_from_api_item,
    items_from_api,
    items_from_feed,
)
from store import IngestReport

from .app import App
from .fetching import Fetched, Fetcher, FetchFailed

logger = logging.getLogger(__name__)

PAGE_ROWS = 50          # API list page size
BATCH = 50              # releases per store write in a backfill


@dataclass
class PollReport:
    source: str
    added: int = 0
    updated: int = 0
    quiet: int = 0
    left_for_later: int = 0
    not_modified: bool = False
    failed: list[str] = field(default_factory=list)


class Follower:
    """Reads sources into the app's store. One per process; `clock` is the shell's clock."""

    def __init__(self, app: App, fetcher: Fetcher, clock: Callable[[], dt.datetime],
                 pause: float = 1.0, max_new: int = 50) -> None:
        self.app, self.fetcher, self.clock = app, fetcher, clock
        self.pause, self.max_new = pause, max_new

    # --- polling --------------------------------------------------------------------------

    async def poll(self, source: SourceConfig) -> PollReport:
        """One poll. Raises FetchFailed/MalformedFeed when the list itself cannot be read."""
        report = PollReport(source.name)
        state = await self._state(source)
        fetched = await self.fetcher.get(_list_url(source, 0), state.etag, state.last_modified)
        now = self.clock()
        if fetched.not_modified:
            report.not_modified = True
            await asyncio.to_thread(self.app.stores.sources.save, replace(state, polled_at=now))
            return report
        items = await self._items(source, fetched)
        known = await asyncio.to_thread(self.app.stores.corpus.known_urls)
        new = _newest_first(_unknown(items, known))
        flood = len(new) > self.max_new
        if flood:
            report.left_for_later = len(new) - self.max_new
            logger.warning("source %s: %d new items at once; storing the newest %d quietly, "
                           "the rest at later polls (use backfill for a source's history)",
                           source.name, len(new), self.max_new)
        releases = await self._complete(source, new[: self.max_new], report)
        stored = await asyncio.to_thread(
            self.app.ingest_releases, releases, now,
            lambda r: flood or not state.is_news(r.published), False)
        self._count(report, stored, state, flood)
        await asyncio.to_thread(self.app.stores.sources.save, replace(
            state, polled_at=now, etag=fetched.etag, last_modified=fetched.last_modified,
            watermark=_newest(state.watermark, items)))
        if stored.changed:
            self.app.subscriptions_changed()
        return report

    async def _state(self, source: SourceConfig) -> SourceState:
        state = await asyncio.to_thread(self.app.stores.sources.get, source.name)
        if state is None:
            return SourceState(source.name, source.url, added_at=self.clock())
        if state.url != source.url:  # a new address: its validators mean nothing here
            return replace(state, url=source.url, etag=None, last_modified=None)
        return state

    def _count(self, report: PollReport, stored: IngestReport, state: SourceState,
               flood: bool) -> None:
        report.added, report.updated = len(stored.added), len(stored.updated)
        report.quiet = sum(1 for a in stored.added if a.quiet)
        if state.polled_at is None and stored.added:
            logger.info("source %s: first read, %d releases stored without alerts",
                        state.name, len(stored.added))

    async def _items(self, source: SourceConfig, fetched: Fetched) -> list[SourceItem]:
        parse = items_from_api if source.kind is SourceKind.API else items_from_feed
        items, skipped = await asyncio.to_thread(parse, fetched.body, source.url)
        for note in skipped:
            logger.warning("source %s: %s left out", source.name, note)
        return items

    # --- full texts -----------------------------------------------------------------------

    async def _complete(self, source: SourceConfig, items: list[SourceItem],
                        report: PollReport) -> list[Release]:
        releases = []
        for item in items:
            try:
                release = await self.release(source, item)
            except FetchFailed as error:
                report.failed.append(item.url or item.title)
                logger.warning("source %s: %s not read, will retry: %s", source.name,
                               item.title, error.reason)
                continue
            if release is not None:
                releases.append(release)
        return releases

    async def release(self, source: SourceConfig, item: SourceItem) -> Release | None:
        """The item with its full text: from the item itself, its data, or its page."""
        sections: tuple[Section, ...] = ()
        if item.content_html:
            sections = await asyncio.to_thread(article_sections, _as_page(item.content_html),
                                               item.title)
        if not sections and item.data_url:
            data = await self._polite_get(item.data_url)
            content = await asyncio.to_thread(content_from_api_item, data.body)
            if content:
                sections = await asyncio.to_thread(article_sections, _as_page(content),
                                                   item.title)
        if not sections and item.url:
            page = await self._polite_get(item.url)
            sections = await asyncio.to_thread(article_sections, page.text(), item.title)
        if not sections and item.summary:
            logger.info("source %s: no article text on %s; the summary is kept", source.name,
                        item.url)
            sections = (Section(None, item.summary),)
        if not sections:
            return None
        return Release(title=item.title, sections=sections, source=source.url,
                       published=item.published, url=item.url)

    async def _polite_get(self, url: str) -> Fetched:
        if self.pause:
            await asyncio.sleep(self.pause)
        return await self.fetcher.get(url)

    # --- backfill -------------------------------------------------------------------------

    async def backfill(self, source: SourceConfig, since: dt.date,
                       progress: Callable[[int, int], None] = lambda stored, seen: None
                       ) -> int:
        """Stores the source's releases published since `since`, quietly, a page at a time;
        resumes where an interrupted backfill with the same `since` stopped. Returns how many
        releases it added."""
        state = await self._state(source)
        offset = state.backfill_offset if (state.backfill_since == since
                                           and not state.backfill_done) else 0
        added = seen = 0
        while True:
            fetched = await self._polite_get(_list_url(source, offset))
            items = await self._items(source, fetched)
            recent = [i for i in items if i.published is None or i.published >= since]
            known = await asyncio.to_thread(self.app.stores.corpus.known_urls)
            releases = await self._complete(source, _unknown(recent, known), PollReport(""))
            stored = await asyncio.to_thread(self.app.ingest_releases, releases,
                                             self.clock(), lambda r: True, False)
            added += len(stored.added)
            seen += len(recent)
            last_page = (source.kind is SourceKind.FEED or len(items) < PAGE_ROWS
                         or len(recent) < len(items))
            offset += len(items)
            state = replace(state, backfill_since=since, backfill_offset=offset,
                            backfill_done=last_page,
                            watermark=_newest(state.watermark, recent))
            await asyncio.to_thread(self.app.stores.sources.save, state)
            progress(added, seen)
            if last_page:
                break
        if stored.changed or added:
            self.app.subscriptions_changed()
        return added


def _list_url(source: SourceConfig, offset: int) -> str:
    return api_page_url(source.url, PAGE_ROWS, offset) if source.kind is SourceKind.API \
        else source.url


def _unknown(items: list[SourceItem], known: set[str]) -> list[SourceItem]:
    seen: set[str] = set()
    result = []
    for item in items:
        if item.url and item.url not in known and item.url not in seen:
            seen.add(item.url)
            result.append(item)
    return result


def _newest_first(items: list[SourceItem]) -> list[SourceItem]:
    return sorted(items, key=lambda i: i.published or dt.date.min, reverse=True)


def _newest(watermark: dt.date | None, items: list[SourceItem]) -> dt.date | None:
    dates = [i.published for i in items if i.published]
    if watermark:
        dates.append(watermark)
    return max(dates) if dates else None


def _as_page(fragment: str) -> str:
    """An HTML fragment (an item's text) as a page the extractor reads as one article."""
    return f"<html><body><article>{fragment}</article></body></html>"


__all__ = ["Follower", "MalformedFeed", "PollReport"]
