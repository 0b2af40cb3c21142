"""The composition root: settings, stores and the core wired together for the shells
(console chat, CLI, Telegram)."""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from briefings.chat_plan import DAY, plan_since, since_watermark
from briefings.commands import CommandTable, Request, command_table
from briefings.extract import (
    EXTRACTOR_VERSION,
    corpus_reference_year,
    extract,
    extract_all,
    reference_year,
)
from briefings.library import Library
from briefings.model import Extraction, Release, Subscription
from briefings.parse import MalformedRelease, parse_releases
from briefings.reminders import reminder_plan
from briefings.resources import SEED_CORPUS, data_text
from store import IngestReport, Stores, open_stores

from .settings import Settings

logger = logging.getLogger(__name__)

class App:
    def __init__(self, settings: Settings, now: dt.datetime, stores: Stores | None = None,
                 seed: bool = True) -> None:
        self.settings = settings
        if stores is None:
            logger.info("data directory: %s", settings.data_dir)
        self.stores = stores or open_stores(settings.data_dir)
        self._library: Library | None = None
        self.commands: CommandTable = command_table()
        self._library_signature: tuple[int, int, int] | None = None
        # Called after anything that changes what is due for whom (the scheduler listens).
        self.on_change: list = []
        # The bot sets this: every library it loads comes with its reminder plan, computed
        # off the event loop, so a subscription change only slices it.
        self.plans_ahead = False
        self._plan_since = now - DAY
        if seed and self.stores.corpus.is_empty():
            # The bundled corpus is history, not news: seeding alerts no one.
            report = self.ingest_releases(parse_releases(data_text(SEED_CORPUS), SEED_CORPUS),
                                          now, quiet=lambda release: True)
            self.stores.corpus.mark_extracted(EXTRACTOR_VERSION)
            logger.info("seeded the corpus with %d announcements", len(report.added))
        elif self.stores.corpus.ensure_search_index():
            logger.info("rebuilt the search index")

    @property
    def library(self) -> Library:
        if self._library is None:
            self.reload_library()
        assert self._library is not None
        return self._library

    def reload_library(self) -> None:
        """Builds the library from the store and swaps it in whole (the bot calls this off its
        event loop; readers keep the old one until the swap)."""
        signature = self.stores.corpus.signature()  # before reading: a later write shows up
        corpus = self.stores.corpus
        with _collector_paused():
            library = corpus.library()
            if self.plans_ahead:
                _plan_of(library, self.settings, self._plan_since)
        _return_freed_memory()
        self._library, self._library_signature = library, signature

    def prepare_plan(self, since: dt.datetime) -> None:
        """Loads the library and computes its reminder plan from `since` (`plan_start`; each
        once: the bot calls this in a worker thread before every delivery run, so only the
        first does the work). A library loaded later comes with the same plan."""
        self.plans_ahead, self._plan_since = True, since
        _plan_of(self.library, self.settings, since)
        # What is alive now (the plan's tens of thousands of reminders) lives as long as the
        # library: a full collection need not walk it again, which took 30 ms on a request at
        # 10,000 releases. Reference counting still frees it once a new library replaces it.
        gc.freeze()

    def plan_start(self, now: dt.datetime) -> dt.datetime:
        """Where any delivery run from `now` on starts its slice: at the earliest chat's
        watermark, or a day before now for a chat that subscribes later. It reads the
        subscriptions: ask it on the event loop, where they are written."""
        since = plan_since(self.planned_subscriptions())
        return min(since, now - DAY) if since is not None else now - DAY

    def planned_subscriptions(self) -> list[Subscription]:
        """The subscriptions as the reminder plan sees them: everything due before a chat's
        watermark is settled, so for the plan the chat joined then."""
        log = self.stores.deliveries
        return [since_watermark(s, log.watermark(s.chat_id))
                for s in self.stores.subscriptions.all()]

    def corpus_changed_elsewhere(self) -> bool:
        """True when another process (a CLI ingest) wrote the corpus since the library was
        built. One stat() call: cheap enough to ask every few seconds on the event loop."""
        return (self._library is not None
                and self.stores.corpus.signature() != self._library_signature)

    def ingest_text(self, text: str, source: str, now: dt.datetime) -> IngestReport:
        return self.ingest_releases(parse_releases(text, source), now)

    def ingest_files(self, paths: list[Path], now: dt.datetime) -> IngestReport:
        """All files are parsed before anything is written: one bad file changes nothing."""
        releases: list[Release] = []
        for path in paths:
            releases.extend(parse_releases(read_source(path), str(path)))
        return self.ingest_releases(releases, now)

    def ingest_releases(self, releases: list[Release], now: dt.datetime,
                        quiet: Callable[[Release], bool] | None = None, notify: bool = True
                        ) -> IngestReport:
        """Extracts and stores; `quiet` releases are stored without alerting (see
        CorpusStore.ingest). Safe while another process writes the same data directory. A
        caller off the event loop passes notify=False and tells the listeners from the loop."""
        reference = corpus_reference_year(releases)
        if reference is None and not self.stores.corpus.is_empty():
            reference = reference_year(self.library.published_years())
        items = [(r, extract(r, reference)) for r in releases]
        report = self.stores.corpus.ingest(items, now, quiet,
                                           extract=lambda r: extract(r, reference))
        # The library is the copy the bot serves from; the store's copy need not stay alive
        # between ingests (a feed poll every half hour would otherwise keep both).
        self.stores.corpus.release_memory()
        if report.changed:
            if self._library is not None:
                self.reload_library()
            if notify:
                self.subscriptions_changed()
        return report

    def reindex(self, progress: Callable[[int, int], None] = lambda done, total: None) -> int:
        """Extracts every stored release again with the current extractor; ids, first-ingest
        times, subscriptions and the delivery log stay. Reminders follow the new milestones
        (a reminder's key is its announcement id, date, edge and lead, so one already sent is
        not sent again). Returns how many announcements changed."""
        reference = reference_year(self.library.published_years())
        if reference is None:  # no dates: the years the texts name
            reference = corpus_reference_year([a.release for a in self.stores.corpus.all()])
        changed = self.stores.corpus.reextract(lambda r: extract(r, reference),
                                               EXTRACTOR_VERSION, progress)
        self.reload_library()
        if changed:
            self.subscriptions_changed()
        return changed

    def reindex_if_outdated(self) -> bool:
        """At the bot's start: re-extracts when the store was extracted by another version."""
        stored = self.stores.corpus.extractor_version()
        if stored == EXTRACTOR_VERSION:
            return False
        logger.info("the stored measures come from extractor version %s, this is version %d: "
                    "extracting %d announcements again", stored, EXTRACTOR_VERSION,
                    self.stores.corpus.count())
        changed = self.reindex()
        logger.info("re-extraction done: %d announcements changed", changed)
        return True

    def subscriptions_changed(self) -> None:
        for listener in self.on_change:
            listener()

    def request(self, arguments: str, now: dt.datetime, private: bool = True) -> Request:
        """What a command's answer needs, with the configured zone for dates and countdowns."""
        return Request(self.library, arguments, now, self.settings.timezone, private)


def _plan_of(library: Library, settings: Settings, since: dt.datetime) -> None:
    reminder_plan(library, settings.reminders, since=since)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading allocates a million objects and frees none: the cyclic collector would run
    hundreds of times for nothing (about half the load time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _return_freed_memory() -> None:
    """Loading parses the whole corpus file into dicts that are garbage once the library is
    built; hand that memory back to the OS so a long-running bot does not keep the peak."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the memory is reused by Python instead


def read_source(path: Path) -> str:
    """A release file as text; undecodable bytes are reported with their line. A file that
    cannot be read raises its OSError (no line: the CLI says in Dutch what is wrong)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise MalformedRelease(str(path), line, "geen geldige UTF-8-tekst") from error


def preview(paths: list[Path]) -> list[tuple[Release, Extraction]]:
    """Extraction without touching the store (`briefingbot extract`)."""
    releases = [r for p in paths for r in parse_releases(read_source(p), str(p))]
    return list(zip(releases, extract_all(releases), strict=True))
