"""The corpus in memory, indexed for answering: built once per corpus version."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Protocol

from .measures import Family, Measure, measures_in
from .model import Amount, Announcement, Section
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

    def __init__(self, announcements: list[Announcement], searcher: Searcher | None = None,
                 texts: TextSource | None = None) -> None:
        self.announcements = list(announcements)
        self._searcher = searcher
        self._texts = texts
        self._by_id = {a.id: a for a in self.announcements}
        # Newest first: dated announcements by date, then undated ones in corpus order.
        dated = sorted((a for a in self.announcements if a.published),
                       key=lambda a: a.published or dt.date.min, reverse=True)
        self._newest_first = dated + [a for a in self.announcements if not a.published]
        ordered = self._newest_first
        self._families: dict[Family, list[Sourced]] = {
            family: [Sourced(m, a) for a in ordered for m in measures_in(a.extraction, family)]
            for family in Family}
        self._families[Family.MILESTONES].sort(
            key=lambda s: s.item.date.start)  # type: ignore[union-attr]
        self.amounts = self._families[Family.AMOUNTS]
        self.penalties = self._families[Family.PENALTIES]
        self.milestones = self._families[Family.MILESTONES]
        self._by_topic: dict[tuple[Family, str], list[Sourced]] = defaultdict(list)
        for family, items in self._families.items():
            for sourced in items:
                for topic in sourced.item.topics:
                    self._by_topic[(family, topic)].append(sourced)
        self._announcements_by_topic: dict[str, list[Announcement]] = defaultdict(list)
        for announcement in ordered:
            for topic in announcement.extraction.topics:
                self._announcements_by_topic[topic].append(announcement)
        self._parts: dict[tuple[str, int], list[Sourced]] = defaultdict(list)
        for sourced in self.amounts:
            part_of = getattr(sourced.item, "part_of", None)
            if part_of is not None:
                self._parts[(sourced.announcement.id, part_of)].append(sourced)
        self._memo: OrderedDict[Hashable, Any] = OrderedDict()
        self._kept: dict[Hashable, Any] = {}

    def memo(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """A value derived from this (immutable) library, computed once. Bounded: keys that
        hold a date would otherwise pile up in a bot that runs for months."""
        if key in self._memo:
            self._memo.move_to_end(key)
            return self._memo[key]
        value = self._memo[key] = compute()
        if len(self._memo) > MEMO_SIZE:
            self._memo.popitem(last=False)
        return value

    def kept(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """A corpus-wide value (the reminder plan) computed once and kept for this library's
        life, whatever the memo evicts; a new corpus version is a new library."""
        if key not in self._kept:
            self._kept[key] = compute()
        return self._kept[key]

    def parts(self, sourced: Sourced) -> list[Sourced]:
        """The sub-budgets of a package."""
        return self._parts.get((sourced.announcement.id, getattr(sourced.item, "index", -1)), [])

    def measures(self, family: Family, topic: str | None = None) -> list[Sourced]:
        """The measures of one family, for one topic or all."""
        if topic is None:
            return self._families[family]
        return self._by_topic.get((family, topic), [])

    def announcements_about(self, topic: str | None = None) -> list[Announcement]:
        if topic is None:
            return self._newest_first
        return self._announcements_by_topic.get(topic, [])

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
        return self._newest_first[:limit]

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
