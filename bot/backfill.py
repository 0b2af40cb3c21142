"""`briefingbot backfill [SOURCE] --since DATE`: a source's history, with a progress bar,
paced like a poll, stored without alerts. Interrupted (Ctrl-C, a failing server), it resumes
where it stopped when run again with the same date."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from collections.abc import Callable
from typing import Any

from tqdm import tqdm

from briefings.feeds import MalformedFeed
from briefings.sources import SourceConfig

from .app import App
from .fetching import Fetcher, FetchFailed
from .settings import Settings
from .sources import Follower

RESUME = "Opnieuw starten met dezelfde datum gaat verder waar het bleef."


def run_backfill(app: App, settings: Settings, name: str | None, since: dt.date,
                 clock: Callable[[], dt.datetime]) -> int:
    sources = [s for s in settings.sources if name is None or s.name == name]
    if not sources:
        known = ", ".join(s.name for s in settings.sources) or "geen (zie BRIEFINGS_SOURCES)"
        print(f"Onbekende bron ‘{name}’. Bekende bronnen: {known}.", file=sys.stderr)
        return 2
    try:
        added = asyncio.run(_backfill_all(app, settings, sources, since, clock))
    except KeyboardInterrupt:
        print(f"\nOnderbroken. {RESUME}", file=sys.stderr)
        return 130
    except (FetchFailed, MalformedFeed) as error:
        print(f"\nGestopt: {error}. Wat binnen was, is bewaard. {RESUME}", file=sys.stderr)
        return 1
    print(f"{added} berichten toegevoegd (zonder meldingen aan abonnees).")
    return 0


async def _backfill_all(app: App, settings: Settings, sources: list[SourceConfig],
                        since: dt.date, clock: Callable[[], dt.datetime]) -> int:
    fetcher = Fetcher(settings.fetch_limits)
    follower = Follower(app, fetcher, clock, pause=settings.fetch_pause,
                        max_new=settings.max_new_per_poll)
    added = 0
    try:
        for source in sources:
            with tqdm(desc=source.name, unit=" berichten", file=sys.stderr,
                      disable=None) as bar:  # None: no bar when stderr is not a terminal

                def progress(stored: int, seen: int, bar: Any = bar) -> None:
                    bar.update(seen - bar.n)
                    bar.set_postfix(nieuw=stored)

                added += await follower.backfill(source, since, progress)
    finally:
        await fetcher.aclose()
    return added
