"""The corpus: announcements with their measures and milestones (one document each, see
codec.py), their texts (texts.py) and the search index over them (search_index.py). Rebuilt
from sources, read mostly; one ingest is one atomic write of each file, or none when nothing
changed. The texts and the index are written first: a crash in between leaves texts nobody
points at yet and an index whose fingerprint no longer matches, which the next start rebuilds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from tinydb import Query

from briefings.announcements import content_hash, identity_key, slug
from briefings.ingest_decision import Outcome, decide
from briefings.library import Library
from briefings.model import SCHEMA_VERSION as CORPUS_SCHEMA
from briefings.model import Announcement, Extraction, Release

from .codec import announcement_doc, announcement_from, legacy_sections
from .known_releases import KnownReleases
from .lock import StoreBusy
from .search_index import IndexEntry, SearchIndex
from .snapshot import LibraryTables, StaleTables
from .storage import Database, Signature
from .stored_library import StoredLibrary
from .texts import ReleaseTexts, TextDatabase

_Q = Query()
logger = logging.getLogger(__name__)


@dataclass
class IngestReport:
    added: list[Announcement] = field(default_factory=list)
    updated: list[Announcement] = field(default_factory=list)
    unchanged: list[Announcement] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


class CorpusStore:
    def __init__(self, database: Database, text_database: TextDatabase) -> None:
        self._db = database
        self._announcements = database.table("announcements")
        self._meta = database.table("meta")  # which extractor version made the measures
        self._text_db = text_database
        self.texts = ReleaseTexts(text_database)
        self.search = SearchIndex(text_database, self.texts)
        self.snapshot = LibraryTables(text_database)

    def trusted(self) -> bool:
        """True when the library tables (snapshot.py) are of corpus.json as it is now: a
        start may then read neither that file nor decode it."""
        return self.snapshot.sealed_for(self._db.signature())

    def is_empty(self) -> bool:
        if self.trusted():
            return self.snapshot.count() == 0
        return len(self._announcements) == 0

    def count(self) -> int:
        return len(self._announcements)

    def ingest(self, items: list[tuple[Release, Extraction]], now: dt.datetime,
               quiet: Callable[[Release], bool] | None = None,
               extract: Callable[[Release], Extraction] | None = None) -> IngestReport:
        """Adds new releases and updates changed ones, in one atomic write (none if nothing
        changed). New releases for which `quiet` says so are stored without alerting anyone
        (a backfill, a source's first poll). Which is which is `ingest_decision.decide`; a
        release that gains the stored one's publication date is extracted again with `extract`.
        Runs under the write lock on a fresh read of the file, so a concurrent writer's
        releases are kept. TinyDB rewrites a whole table per operation, so work is batched
        per table."""
        indexed = False
        snapshot_taken: list[bool] = []

        def written(signature: Signature) -> None:
            if any(snapshot_taken):  # vouch for the snapshot only once corpus.json is on disk
                self.snapshot.seal(signature)

        try:
            with self._db.transaction(written):
                before = self._db.signature()
                report, updates = self._plan(items, now, quiet or (lambda release: False),
                                             extract)
                if report.changed:
                    stored = {doc["id"]: doc["hash"] for doc in self._announcements.all()}
                    stored.update((a.id, a.content_hash) for a in (*report.added, *updates))
                    corpus_fingerprint = fingerprint(stored.items())
                    self._index(report.added, updates, corpus_fingerprint)
                    indexed = True
                    self._write(report.added, updates)
                    snapshot_taken.append(self._take_snapshot(
                        report.added, updates, corpus_fingerprint, before))
        except BaseException:
            if indexed:
                self.search.forget()  # it holds what the corpus does not: the next start rebuilds
            raise
        if report.changed:
            self._prune_texts()
        return report

    def _plan(self, items: list[tuple[Release, Extraction]], now: dt.datetime,
              quiet: Callable[[Release], bool],
              extract: Callable[[Release], Extraction] | None
              ) -> tuple[IngestReport, list[Announcement]]:
        known = KnownReleases(self._announcements.all(), self.texts.sections)
        added: dict[str, Announcement] = {}
        updated: dict[str, Announcement] = {}
        unchanged: dict[str, Announcement] = {}
        for release, extraction in items:
            decision = decide(release, known.candidates(release))
            if decision.release.published != release.published and extract is not None:
                extraction = extract(decision.release)  # dates resolve against the stored day
            release, digest = decision.release, content_hash(decision.release)
            key = identity_key(release)
            if decision.outcome is Outcome.UNCHANGED:
                assert decision.id is not None
                if decision.id not in added and decision.id not in updated:
                    unchanged[decision.id] = Announcement(decision.id, release, extraction,
                                                          digest, key)
                continue
            if decision.outcome is Outcome.NEW or decision.id in added:
                # New, or a later version of one that is new in this same batch.
                target = decision.id or _free_id(slug(release.title), known.taken)
                added[target] = Announcement(target, release, extraction, digest, key, now,
                                             quiet=quiet(release))
            else:
                target = decision.id or ""  # an update always names what it updates
                doc = known.document(target) or {}
                first_seen = doc.get("ingested_at")
                updated[target] = Announcement(
                    target, release, extraction, digest, key,
                    dt.datetime.fromisoformat(first_seen) if first_seen else now,
                    quiet=bool(doc.get("quiet")))
                unchanged.pop(target, None)
            known.remember(target, release)
        report = IngestReport(list(added.values()), list(updated.values()),
                              list(unchanged.values()))
        return report, report.updated

    def extractor_version(self) -> int | None:
        """The extractor version the stored measures were extracted with (None: unknown)."""
        with self._db.fresh():
            return next((doc.get("extractor_version") for doc in self._meta.all()), None)

    def mark_extracted(self, version: int) -> None:
        with self._db.transaction():
            self._meta.truncate()
            self._meta.insert({"schema_version": CORPUS_SCHEMA, "extractor_version": version})

    def reextract(self, extract: Callable[[Release], Extraction], version: int,
                  progress: Callable[[int, int], None] = lambda done, total: None) -> int:
        """Extracts every stored release again and stores the measures that changed; ids,
        first-ingest times, texts and the search index stay (the text is the same, so its
        hash is). Extraction runs without the write lock (it takes a while); the write takes
        it and skips an announcement another writer changed meanwhile (that writer extracted
        it afresh). Returns how many announcements changed."""
        with self._db.fresh():
            documents = _in_order(self._announcements.all())
        self.release_memory()
        rewritten: dict[str, tuple[str, dict[str, Any]]] = {}
        for done, doc in enumerate(documents, start=1):
            old = announcement_from(doc, self.texts.sections(doc["hash"]))
            new = announcement_doc(replace(old, extraction=extract(old.release)))
            if new != {**doc}:
                rewritten[doc["id"]] = (doc["hash"], new)
            progress(done, len(documents))
        del documents
        with self._db.transaction():
            current = {doc["id"]: doc["hash"] for doc in self._announcements.all()}
            self._announcements.update_multiple(
                [(new, _Q.id == announcement_id)
                 for announcement_id, (digest, new) in rewritten.items()
                 if current.get(announcement_id) == digest])
            self._meta.truncate()
            self._meta.insert({"schema_version": CORPUS_SCHEMA, "extractor_version": version})
        self.release_memory()
        self.ensure_search_index()  # the index is keyed by id and hash: current unless damaged
        return len(rewritten)

    def known_urls(self) -> set[str]:
        """The canonical URLs already stored: a poll need not fetch their pages again."""
        with self._db.fresh():  # a whole read: not one taken while another thread writes
            return {url for doc in self._announcements.all()
                    if (url := _url_of(doc)) is not None}

    def _index(self, added: list[Announcement], updated: list[Announcement],
               corpus_fingerprint: str) -> None:
        """Texts and index first, in one SQLite transaction; corpus.json after (see above)."""
        changed = [*added, *updated]
        with self._text_db.transaction():
            self.texts.put((a.content_hash, a.release.sections) for a in changed)
            self.search.put(IndexEntry(a.id, a.content_hash, a.title, a.release.sections)
                            for a in changed)
            self.search.mark(corpus_fingerprint)

    def _take_snapshot(self, added: list[Announcement], updated: list[Announcement],
                       corpus_fingerprint: str, before: Signature) -> bool:
        """The library's announcements after this ingest, stored unsealed (the caller seals
        them once corpus.json is written): the last snapshot with this ingest's changes, or,
        when that one is not of the file this ingest started from, everything decoded anew."""
        if self._db.path is None:
            return False  # nothing to start from but memory
        base = self.snapshot.load() if self.snapshot.sealed_for(before) else None
        if base is None:
            base = _readable(_in_order(self._announcements.all()), announcement_from)
        else:
            position = {a.id: i for i, a in enumerate(base)}
            for announcement in (*updated, *added):
                # Through the codec, so the snapshot holds what a read of corpus.json gives.
                stored = announcement_from(announcement_doc(announcement))
                if announcement.id in position:
                    base[position[announcement.id]] = stored
                else:
                    base.append(stored)
        self.snapshot.put(base, corpus_fingerprint)
        return True

    def _prune_texts(self) -> None:
        """Drops the old texts of updated releases. Under the lock, from a fresh read: another
        writer may have stored texts its corpus.json now points at."""
        with self._db.transaction():
            self.texts.prune({doc["hash"] for doc in self._announcements.all()})

    def _write(self, added: list[Announcement], updated: list[Announcement]) -> None:
        if updated:
            # Update in place so an announcement keeps its position in the corpus.
            self._announcements.update_multiple(
                [(announcement_doc(a), _Q.id == a.id) for a in updated])
        self._announcements.insert_multiple([announcement_doc(a) for a in added])

    def all(self) -> list[Announcement]:
        """Every announcement with its text, in the order they were first ingested."""
        return _readable(_in_order(self._announcements.all()),
                         lambda d: announcement_from(d, self.texts.sections(d["hash"])))

    def signature(self) -> tuple[int, int, int] | None:
        """Changes whenever any process writes the corpus (a cheap check for the bot)."""
        return self._db.signature()

    def release_memory(self) -> None:
        """Drops the in-memory copy of the file; the next read loads it again."""
        self._db.evict()

    def library(self) -> Library:
        """The library to answer from: its tables in texts.sqlite, written now from corpus.json
        when they are not of that file as it is; in memory when the store is, or when another
        process holds the lock so the tables cannot be brought up to date."""
        if (stored := self._stored_library()) is not None:
            return stored
        announcements = self.load_all()  # stores and seals the tables when it can
        self.release_memory()
        if (stored := self._stored_library()) is not None:
            return stored
        logger.info("library held in memory: the tables in texts.sqlite could not be brought "
                    "up to date (another process holds the write lock)")
        return Library(announcements, searcher=self.search, texts=self.texts)

    def _stored_library(self) -> StoredLibrary | None:
        if self._db.path is None:
            return None
        signature = self._db.signature()
        try:
            return StoredLibrary(self.snapshot, signature, searcher=self.search,
                                 texts=self.texts, damaged=self._forget_tables)
        except StaleTables:
            return None

    def _forget_tables(self) -> None:
        """A damaged record: the next start rebuilds the tables from corpus.json."""
        try:
            with self._db.lock.held():
                self.snapshot.forget()
        except StoreBusy:
            logger.info("the library tables stay as they are: another process holds the "
                        "write lock (its ingest rewrites them)")

    def load_all(self) -> list[Announcement]:
        """Every announcement without its text (`self.texts` has it), in ingest order: from
        the snapshot when it is of corpus.json as it is, else from that file, letting go of
        the raw documents on the way (and storing a snapshot for the next start)."""
        if self.trusted() and (loaded := self.snapshot.load()) is not None:
            return loaded
        signature = self._db.signature()
        announcements = _readable(self._db.drain("announcements"), announcement_from)
        self._remember(announcements, signature)
        return announcements

    def _remember(self, announcements: list[Announcement], signature: Signature) -> None:
        """Stores the snapshot of what was just read, if corpus.json is still that file."""
        if self._db.path is None or signature is None:
            return
        try:
            with self._db.lock.held():
                if self._db.signature() != signature:
                    return  # another process wrote meanwhile: its ingest took a snapshot
                self.snapshot.put(announcements, fingerprint(
                    (a.id, a.content_hash) for a in announcements))
                self.snapshot.seal(signature)
        except StoreBusy:
            logger.info("no library snapshot stored: another process holds the write lock")

    def ensure_search_index(self) -> bool:
        """Rebuilds the search index when it is missing, of another version or of another
        corpus; moves the texts of a store written before texts.sqlite existed. True when it
        had to rebuild. The check takes no lock (a read-only `briefingbot ask` must not wait
        for a long ingest); only a rebuild does, and checks again under it."""
        if self.trusted() and self.search.is_current(self.snapshot.fingerprint() or ""):
            return False  # both were written with this very corpus.json: no need to read it
        if self._index_is_current():
            return False
        with self._db.transaction():
            docs = _in_order(self._announcements.all())
            current = fingerprint((d["id"], d["hash"]) for d in docs)
            if self.search.is_current(current):
                return False
            with self._text_db.transaction():
                self._move_legacy_texts(docs)
                self.search.rebuild(self._entries(docs), current)
        self.release_memory()
        return True

    def _index_is_current(self) -> bool:
        docs = self._announcements.all()
        return self.search.is_current(fingerprint((d["id"], d["hash"]) for d in docs))

    def _move_legacy_texts(self, docs: list) -> None:
        legacy = [(d, sections) for d in docs if (sections := legacy_sections(d)) is not None]
        if not legacy:
            return
        self.texts.put((d["hash"], sections) for d, sections in legacy)
        self._announcements.update_multiple(
            [(announcement_doc(announcement_from(d)), _Q.id == d["id"]) for d, _ in legacy])

    def _entries(self, docs: list) -> Iterator[IndexEntry]:
        for doc in docs:
            announcement = announcement_from(doc)
            yield IndexEntry(doc["id"], doc["hash"], announcement.title,
                             self.texts.sections(doc["hash"]))


def _readable(docs: Iterable[dict[str, Any]], decode: Callable[[dict[str, Any]], Announcement]
              ) -> list[Announcement]:
    """The announcements that decode; a damaged record is logged and skipped (it stays in the
    file as it is), so one bad record never stops the others from being served."""
    result = []
    for number, doc in enumerate(docs, start=1):
        try:
            result.append(decode(doc))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            logger.error("announcement record %d (%s) in corpus.json is unreadable and set "
                         "aside: %r", number, doc.get("id") if isinstance(doc, dict) else "?",
                         error)
    return result


def fingerprint(ids_and_hashes: Iterable[tuple[str, str]]) -> str:
    """What the search index was built from: every announcement id with its content hash."""
    digest = hashlib.sha256()
    for announcement_id, text_hash in sorted(ids_and_hashes):
        digest.update(f"{announcement_id}\t{text_hash}\n".encode())
    return digest.hexdigest()


def _url_of(doc: dict[str, Any]) -> str | None:
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
