"""The corpus indexed for answering, one per corpus version: the questions answers ask of it
(measures of a family and topic in order, upcoming and recent milestones, the newest
announcements, a stored answer) and this in-memory implementation. The store's
`StoredLibrary` answers the same questions from SQLite without holding the corpus in memory."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .measures import Family, Measure, measures_in
from .model import Amount, Announcement, Milestone, Section
from .query import Found, Searcher, SearchQuery

MEMO_SIZE = 128


@dataclass(frozen=True)
class Sourced:
    """A measure or milestone together with the announcement it comes from."""

    item: Measure
    announcement: Announcement


class TextSource(Protocol):
    """Where release texts are read when an answer needs them (the store's texts.sqlite)."""

    def sections(self, content_hash: str) -> tuple[Section, ...]: ...


class Library:
    """The announcements (their texts may be left out: `texts` has them), indexed by topic and
    kind, and the full-text `searcher` over them."""

    def __init__(self, announcements: Iterable[Announcement], searcher: Searcher | None = None,
                 texts: TextSource | None = None) -> None:
        self._setup(searcher, texts)
        self._announcements = list(announcements)
        self._by_id = {a.id: a for a in self._announcements}
        # Newest first: dated announcements by date, then undated ones in corpus order.
        dated = sorted((a for a in self._announcements if a.published),
                       key=lambda a: a.published or dt.date.min, reverse=True)
        self._newest_first = dated + [a for a in self._announcements if not a.published]
        ordered = self._newest_first
        self._families: dict[Family, list[Sourced]] = {
            family: [Sourced(m, a) for a in ordered for m in measures_in(a.extraction, family)]
            for family in Family}
        self._families[Family.MILESTONES].sort(
            key=lambda s: s.item.date.start)  # type: ignore[union-attr]
        self._by_topic: dict[tuple[Family, str], list[Sourced]] = defaultdict(list)
        for family, items in self._families.items():
            for sourced in items:
                for topic in dict.fromkeys(sourced.item.topics):  # each topic once
                    self._by_topic[(family, topic)].append(sourced)
        self._announcements_by_topic: dict[str, list[Announcement]] = defaultdict(list)
        for announcement in ordered:
            for topic in dict.fromkeys(announcement.extraction.topics):
                self._announcements_by_topic[topic].append(announcement)

    @property
    def announcements(self) -> Sequence[Announcement]:
        """Every announcement, in the order they were first ingested."""
        return self._announcements

    @property
    def amounts(self) -> Sequence[Sourced]:
        return self.measures(Family.AMOUNTS)

    @property
    def penalties(self) -> Sequence[Sourced]:
        return self.measures(Family.PENALTIES)

    @property
    def milestones(self) -> Sequence[Sourced]:
        return self.measures(Family.MILESTONES)

    def _setup(self, searcher: Searcher | None, texts: TextSource | None) -> None:
        """What every library has, however it holds the corpus."""
        self._searcher = searcher
        self._texts = texts
        self._memo: OrderedDict[Hashable, Any] = OrderedDict()
        self._kept: dict[Hashable, Any] = {}

    def memo(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """A value derived from this (immutable) library, computed once. Bounded: keys that
        hold a date would otherwise pile up in a bot that runs for months."""
        if key in self._memo:
            self._memo.move_to_end(key)
            return self._memo[key]
        stored = self.stored_answer(key)
        value = self._memo[key] = stored if stored is not None else compute()
        if len(self._memo) > MEMO_SIZE:
            self._memo.popitem(last=False)
        return value

    def kept(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """A corpus-wide value (the reminder plan) computed once and kept for this library's
        life, whatever the memo evicts; a new corpus version is a new library."""
        if key not in self._kept:
            self._kept[key] = compute()
        return self._kept[key]

    def clear_memo(self) -> None:
        """Forgets every memoised answer (benchmarks measure the work behind one)."""
        self._memo.clear()

    def stored_answer(self, key: Hashable) -> Any | None:
        """An answer computed when the corpus was stored (the budget overviews), or None: this
        library computes its answers itself."""
        return None

    def parts(self, sourced: Sourced) -> list[Sourced]:
        """The sub-budgets of a package, in their release's order."""
        index = getattr(sourced.item, "index", -1)
        return [Sourced(a, sourced.announcement) for a in sourced.announcement.extraction.amounts
                if a.part_of == index]

    def measures(self, family: Family, topic: str | None = None) -> Sequence[Sourced]:
        """The measures of one family, for one topic or all: newest release first (milestones
        by date)."""
        if topic is None:
            return self._families[family]
        return self._by_topic.get((family, topic), [])

    def upcoming(self, topic: str | None, today: dt.date) -> Sequence[Sourced]:
        """Forward-looking milestones not yet over on `today`, by date."""
        return [s for s in self.measures(Family.MILESTONES, topic)
                if _milestone(s).date.end >= today and _milestone(s).forward_looking]

    def forward_milestones(self, floor: dt.date, before: dt.date | None = None
                           ) -> Iterable[tuple[str, Milestone]]:
        """`upcoming(None, floor)`, ending before `before` if given, as (announcement id,
        milestone): all a reminder plan needs, which a stored library reads without decoding
        whole records."""
        return ((s.announcement.id, _milestone(s)) for s in self.upcoming(None, floor)
                if before is None or _milestone(s).date.end < before)

    def recent_past(self, topic: str | None, today: dt.date, limit: int) -> list[Sourced]:
        """The latest `limit` milestones over before `today`, the most recent first."""
        past = [s for s in self.measures(Family.MILESTONES, topic)
                if _milestone(s).date.end < today]
        past.sort(key=lambda s: _milestone(s).date.end, reverse=True)
        return past[:limit]

    def announcements_about(self, topic: str | None = None) -> Sequence[Announcement]:
        """Newest first."""
        if topic is None:
            return self._newest_first
        return self._announcements_by_topic.get(topic, [])

    def count(self) -> int:
        return len(self.announcements)

    def every(self) -> Iterable[Announcement]:
        """Every announcement, in the order they were first ingested."""
        return self.announcements

    def published_years(self) -> list[int]:
        """The publication year of every dated announcement (the corpus's reference year for
        releases without a date of their own)."""
        return [a.published.year for a in self.announcements if a.published]

    def seen_since(self, moment: dt.datetime, quiet: bool = True) -> list[Announcement]:
        """The announcements first ingested at or after `moment`, in ingest order; without
        those stored quietly (a backfill, a source's first read) when `quiet` is False."""
        return [a for a in self.announcements if a.ingested_at is not None
                and a.ingested_at >= moment and (quiet or not a.quiet)]

    def get(self, announcement_id: str) -> Announcement | None:
        return self._by_id.get(announcement_id)

    def find(self, reference: str) -> list[Announcement]:
        """Announcements matching an id or an unambiguous start of one."""
        reference = reference.strip().lower()
        if reference in self._by_id:
            return [self._by_id[reference]]
        return [a for a in self.announcements if a.id.startswith(reference)] if reference else []

    def parent(self, sourced: Sourced) -> Amount | None:
        amount = sourced.item
        if not isinstance(amount, Amount) or amount.part_of is None:
            return None
        return next((a for a in sourced.announcement.extraction.amounts
                     if a.index == amount.part_of), None)

    def latest(self, limit: int) -> list[Announcement]:
        return list(self._newest_first[:limit])

    def sections(self, announcement: Announcement) -> tuple[Section, ...]:
        """An announcement's text, read from the text source when the library was loaded
        without it."""
        if announcement.release.sections or self._texts is None:
            return announcement.release.sections
        return self._texts.sections(announcement.content_hash)

    def paragraphs(self, announcement: Announcement) -> tuple[str, ...]:
        return tuple(p for s in self.sections(announcement) for p in s.paragraphs)

    def search(self, query: SearchQuery, offset: int, limit: int) -> Found:
        if self._searcher is None:
            raise LookupError("this library was built without a search index")
        return self._searcher.search(query, offset, limit)


def _milestone(sourced: Sourced) -> Milestone:
    if not isinstance(sourced.item, Milestone):
        raise TypeError(f"not a milestone: {sourced.item!r}")
    return sourced.item
