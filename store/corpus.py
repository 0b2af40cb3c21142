"""The corpus: announcements with their measures and milestones. Rebuilt from sources, read
mostly; one ingest is one atomic write, or none when nothing changed."""

from __future__ import annotations

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

    def ingest(self, items: list[tuple[Release, Extraction]]) -> IngestReport:
        report = IngestReport()
        with self._db.transaction():
            for release, extraction in items:
                self._ingest_one(release, extraction, report)
        return report

    def _ingest_one(self, release: Release, extraction: Extraction, report: IngestReport) -> None:
        key, digest = identity_key(release), content_hash(release)
        existing = self._announcements.get(_Q.key == key)
        if existing and existing["hash"] == digest:
            report.unchanged.append(self._load(existing))
            return
        announcement_id = existing["id"] if existing else self._free_id(slug(release.title))
        announcement = Announcement(announcement_id, release, extraction, digest, key)
        if existing:
            # Update in place so the announcement keeps its position in the corpus.
            self._announcements.update(announcement_doc(announcement), _Q.id == announcement_id)
            self._measures.remove(_Q.announcement_id == announcement_id)
            self._milestones.remove(_Q.announcement_id == announcement_id)
        else:
            self._announcements.insert(announcement_doc(announcement))
        self._measures.insert_multiple(measure_docs(announcement))
        self._milestones.insert_multiple(milestone_docs(announcement))
        (report.updated if existing else report.added).append(announcement)

    def _free_id(self, base: str) -> str:
        candidate, n = base, 2
        while self._announcements.contains(_Q.id == candidate):
            candidate, n = f"{base}-{n}", n + 1
        return candidate

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


def _in_order(docs: list) -> list:
    # The file keeps documents under string ids ("10" sorts before "2"): restore insert order.
    return sorted(docs, key=lambda d: d.doc_id)
