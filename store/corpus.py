"""The corpus: announcements with their measures and milestones (one document each, see
codec.py). Rebuilt from sources, read mostly; one ingest is one atomic write, or none when
nothing changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tinydb import Query

from briefings.announcements import content_hash, identity_key, slug
from briefings.model import Announcement, Extraction, Release

from .codec import announcement_doc, announcement_from
from .storage import Database

_Q = Query()


@dataclass
class IngestReport:
    added: list[Announcement] = field(default_factory=list)
    updated: list[Announcement] = field(default_factory=list)
    unchanged: list[Announcement] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


class CorpusStore:
    def __init__(self, database: Database) -> None:
        self._db = database
        self._announcements = database.table("announcements")

    def is_empty(self) -> bool:
        return len(self._announcements) == 0

    def ingest(self, items: list[tuple[Release, Extraction]], now: dt.datetime) -> IngestReport:
        """Adds new releases and updates changed ones, in one atomic write (none if nothing
        changed). TinyDB rewrites a whole table per operation, so work is batched per table."""
        report = IngestReport()
        # The same release twice in one batch counts once, in its last version.
        items = list({identity_key(r): (r, e) for r, e in items}.values())
        existing = {doc["key"]: doc for doc in self._announcements.all()}
        taken = {doc["id"] for doc in existing.values()}
        updates: list[Announcement] = []
        for release, extraction in items:
            key, digest = identity_key(release), content_hash(release)
            known = existing.get(key)
            if known and known["hash"] == digest:
                # Same text, so the same announcement: no need to read it back from the store.
                report.unchanged.append(Announcement(known["id"], release, extraction, digest,
                                                     key))
                continue
            if known:
                announcement_id = known["id"]
                first_seen = known.get("ingested_at")
                ingested_at = dt.datetime.fromisoformat(first_seen) if first_seen else now
            else:
                announcement_id = _free_id(slug(release.title), taken)
                taken.add(announcement_id)
                ingested_at = now
            announcement = Announcement(announcement_id, release, extraction, digest, key,
                                        ingested_at)
            if known:
                updates.append(announcement)
                report.updated.append(announcement)
            else:
                report.added.append(announcement)
        if report.changed:
            with self._db.transaction():
                self._write(report.added, updates)
        return report

    def _write(self, added: list[Announcement], updated: list[Announcement]) -> None:
        if updated:
            # Update in place so an announcement keeps its position in the corpus.
            self._announcements.update_multiple(
                [(announcement_doc(a), _Q.id == a.id) for a in updated])
        self._announcements.insert_multiple([announcement_doc(a) for a in added])

    def all(self) -> list[Announcement]:
        """Every announcement, in the order they were first ingested."""
        return [announcement_from(d) for d in _in_order(self._announcements.all())]

    def release_memory(self) -> None:
        """Drops the in-memory copy of the file; the next read loads it again."""
        self._db.evict()

    def load_all(self) -> list[Announcement]:
        """Every announcement, in ingest order, letting go of the raw documents on the way."""
        return [announcement_from(doc) for doc in self._db.drain("announcements")]


def _free_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _in_order(docs: list) -> list:
    # The file keeps documents under string ids ("10" sorts before "2"): restore insert order.
    return sorted(docs, key=lambda d: d.doc_id)
