"""The corpus: announcements with their measures and milestones. Rebuilt from sources, read
mostly; one ingest is one atomic write, or none when nothing changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tinydb import Query

from briefings.announcements import content_hash, identity_key, slug
from briefings.model import Announcement, Extraction, Release

from .codec import announcement_doc, announcement_from, measure_docs, milestone_docs
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
        self._measures = database.table("measures")
        self._milestones = database.table("milestones")

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
            ids = [a.id for a in updated]
            # Update in place so an announcement keeps its position in the corpus.
            self._announcements.update_multiple(
                [(announcement_doc(a), _Q.id == a.id) for a in updated])
            self._measures.remove(_Q.announcement_id.one_of(ids))
            self._milestones.remove(_Q.announcement_id.one_of(ids))
        self._announcements.insert_multiple([announcement_doc(a) for a in added])
        changed = [*updated, *added]
        self._measures.insert_multiple([d for a in changed for d in measure_docs(a)])
        self._milestones.insert_multiple([d for a in changed for d in milestone_docs(a)])

    def all(self) -> list[Announcement]:
        """Every announcement, in the order they were first ingested."""
        measures: dict[str, list[dict]] = {}
        for doc in _in_order(self._measures.all()):
            measures.setdefault(doc["announcement_id"], []).append(doc)
        milestones: dict[str, list[dict]] = {}
        for doc in _in_order(self._milestones.all()):
            milestones.setdefault(doc["announcement_id"], []).append(doc)
        docs = _in_order(self._announcements.all())
        return [announcement_from(d, measures.get(d["id"], []), milestones.get(d["id"], []))
                for d in docs]

    def evict(self) -> None:
        self._db.evict()

    def get(self, announcement_id: str) -> Announcement | None:
        doc = self._announcements.get(_Q.id == announcement_id)
        return self._load(doc) if doc else None

    def _load(self, doc) -> Announcement:
        return announcement_from(
            doc, _in_order(self._measures.search(_Q.announcement_id == doc["id"])),
            _in_order(self._milestones.search(_Q.announcement_id == doc["id"])))


def _free_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _in_order(docs: list) -> list:
    # The file keeps documents under string ids ("10" sorts before "2"): restore insert order.
    return sorted(docs, key=lambda d: d.doc_id)
