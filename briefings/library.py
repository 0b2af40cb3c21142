"""The corpus in memory, indexed for answering: built once per corpus version."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from .model import Amount, Announcement, Milestone, Penalty
from .search import SearchIndex

MEMO_SIZE = 128


@dataclass(frozen=True)
class Sourced:
    """A measure or milestone together with the announcement it comes from."""

    item: Amount | Penalty | Milestone
    announcement: Announcement


class Library:
    def __init__(self, announcements: list[Announcement]) -> None:
        self.announcements = list(announcements)
        self._by_id = {a.id: a for a in self.announcements}
        # Newest first: dated announcements by date, then undated ones in corpus order.
        dated = sorted((a for a in self.announcements if a.published),
                       key=lambda a: a.published or dt.date.min, reverse=True)
        self._newest_first = dated + [a for a in self.announcements if not a.published]
        ordered = self._newest_first
        self.amounts = [Sourced(m, a) for a in ordered for m in a.extraction.amounts]
        self.penalties = [Sourced(p, a) for a in ordered for p in a.extraction.penalties]
        self.milestones = sorted(
            (Sourced(m, a) for a in ordered for m in a.extraction.milestones),
            key=lambda s: s.item.date.start)  # type: ignore[union-attr]
        self._by_topic: dict[tuple[str, str], list] = defaultdict(list)
        for kind, items in (("amounts", self.amounts), ("penalties", self.penalties),
                            ("milestones", self.milestones)):
            for sourced in items:
                for topic in sourced.item.topics:
                    self._by_topic[(kind, topic)].append(sourced)
        for announcement in ordered:
            for topic in announcement.extraction.topics:
                self._by_topic[("announcements", topic)].append(announcement)
        self._parts: dict[tuple[str, int], list[Sourced]] = defaultdict(list)
        for sourced in self.amounts:
            part_of = getattr(sourced.item, "part_of", None)
            if part_of is not None:
                self._parts[(sourced.announcement.id, part_of)].append(sourced)
        self._search: SearchIndex | None = None
        self._memo: OrderedDict[Hashable, Any] = OrderedDict()

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

    def parts(self, sourced: Sourced) -> list[Sourced]:
        """The sub-budgets of a package."""
        return self._parts.get((sourced.announcement.id, getattr(sourced.item, "index", -1)), [])

    def about(self, kind: str, topic: str | None) -> list:
        """'amounts', 'penalties', 'milestones' or 'announcements', for one topic or all."""
        if topic is None:
            everything: dict[str, list] = {
                "amounts": self.amounts, "penalties": self.penalties,
                "milestones": self.milestones, "announcements": self._newest_first}
            return everything[kind]
        return self._by_topic.get((kind, topic), [])

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

    @property
    def search_index(self) -> SearchIndex:
        if self._search is None:
            self._search = SearchIndex(self.announcements)
        return self._search
