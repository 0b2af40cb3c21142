"""The corpus in memory, indexed for answering: built once per corpus version."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Amount, Announcement, Milestone, Penalty
from .search import SearchIndex


@dataclass(frozen=True)
class Sourced:
    """A measure or milestone together with the announcement it comes from."""

    item: Amount | Penalty | Milestone
    announcement: Announcement


class Library:
    def __init__(self, announcements: list[Announcement]) -> None:
        self.announcements = list(announcements)
        self._by_id = {a.id: a for a in self.announcements}
        self.amounts = [Sourced(m, a) for a in self.announcements for m in a.extraction.amounts]
        self.penalties = [Sourced(p, a) for a in self.announcements
                          for p in a.extraction.penalties]
        self.milestones = sorted(
            (Sourced(m, a) for a in self.announcements for m in a.extraction.milestones),
            key=lambda s: s.item.date.start)  # type: ignore[union-attr]
        self._search: SearchIndex | None = None

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
        """Newest first; announcements without a date keep their corpus order after dated ones."""
        dated = sorted((a for a in self.announcements if a.published),
                       key=lambda a: a.published or dt.date.min, reverse=True)
        undated = [a for a in self.announcements if not a.published]
        return (dated + undated)[:limit]

    @property
    def search_index(self) -> SearchIndex:
        if self._search is None:
            self._search = SearchIndex(self.announcements)
        return self._search
