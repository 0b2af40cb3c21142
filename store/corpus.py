"""The corpus: announcements with their measures and milestones (one document each, see
codec.py). Rebuilt from sources, read mostly; one ingest is one atomic write, or none when
nothing changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
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

    def ingest(self, items: list[tuple[Release, Extraction]], now: dt.datetime,
               quiet: Callable[[Release], bool] | None = None) -> IngestReport:
        """Adds new releases and updates changed ones, in one atomic write (none if nothing
        changed). New releases for which `quiet` says so are stored without alerting anyone
        (a backfill, a source's first poll). Runs under the write lock on a fresh read of the
        file, so a concurrent writer's releases are kept. TinyDB rewrites a whole table per
        operation, so work is batched per table."""
        # The same release twice in one batch counts once, in its last version.
        items = list({identity_key(r): (r, e) for r, e in items}.values())
        with self._db.transaction():
            report, updates = self._plan(items, now, quiet or (lambda release: False))
            if report.changed:
                self._write(report.added, updates)
        return report

    def _plan(self, items: list[tuple[Release, Extraction]], now: dt.datetime,
              quiet: Callable[[Release], bool]) -> tuple[IngestReport, list[Announcement]]:
        report = IngestReport()
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
                first_seen = known.get("ingested_at")
                announcement = Announcement(
                    known["id"], release, extraction, digest, key,
                    dt.datetime.fromisoformat(first_seen) if first_seen else now,
                    quiet=bool(known.get("quiet")))
                updates.append(announcement)
                report.updated.append(announcement)
            else:
                announcement_id = _free_id(slug(release.title), taken)
                taken.add(announcement_id)
                report.added.append(Announcement(announcement_id, release, extraction, digest,
                                                 key, now, quiet=quiet(release)))
        return report, updates

    def known_urls(self) -> set[str]:
        """The canonical URLs already stored: a poll need not fetch their pages again."""
        self._db.refresh()
        return {url for doc in self._announcements.all() if (url := _url_of(doc)) is not None}

    def _write(self, added: list[Announcement], updated: list[Announcement]) -> None:
        if updated:
            # Update in place so an announcement keeps its position in the corpus.
            self._announcements.update_multiple(
                [(announcement_doc(a), _Q.id == a.id) for a in updated])
        self._announcements.insert_multiple([announcement_doc(a) for a in added])

    def all(self) -> list[Announcement]:
        """Every announcement, in the order they were first ingested."""
        return [announcement_from(d) for d in _in_order(self._announcements.all())]

    def signature(self) -> tuple[int, int, int] | None:
        """Changes whenever any process writes the corpus (a cheap check for the bot)."""
        return self._db.signature()

    def release_memory(self) -> None:
        """Drops the in-memory copy of the file; the next read loads it again."""
        self._db.evict()

    def load_all(self) -> list[Announcement]:
        """Every announcement, in ingest order, letting go of the raw documents on the way."""
        return [announcement_from(doc) for doc in self._db.drain("announcements")]


def _url_of(doc) -> str | None:
    if doc.get("url"):
        return doc["url"]
    key = doc.get("key") or ""  # stored before the URL had a field of its own
    return key if key.startswith(("http://", "https://")) else None


def _free_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _in_order(docs: list) -> list:
    # The file keeps documents under string ids ("10" sorts before "2"): restore insert order.
    return sorted(docs, key=lambda d: d.doc_id)
