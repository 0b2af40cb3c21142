"""The library answered from its tables in texts.sqlite (snapshot.py): the same questions as the
in-memory `Library`, each a query that reads the rows it shows. Nothing is loaded at start;
records are decoded when an answer needs them and a hundred or so are kept. One library is
one version of the corpus, like the in-memory one."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Any, TypeVar, overload

from briefings.library import Library, Sourced, TextSource
from briefings.measures import Family, measures_in
from briefings.model import Announcement, Milestone
from briefings.query import Searcher

from .snapshot import STORED_ANSWERS, UNREADABLE, LibraryTables, answer_key, decode
from .storage import Signature

T = TypeVar("T")
logger = logging.getLogger(__name__)
RECORDS_KEPT = 128
_FIRST_CHUNK = 16
_CHUNK = 1024


class _Rows(Sequence[T]):
    """A query's rows as a sequence: its length is a COUNT, a slice is LIMIT/OFFSET, and
    iterating reads in chunks, so nothing asks for more rows than it uses."""

    def __init__(self, count: Callable[[], int], read: Callable[[int, int], list[T]]) -> None:
        self._count, self._read = count, read
        self._length: int | None = None

    def __len__(self) -> int:
        if self._length is None:
            self._length = self._count()
        return self._length

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return list(self)[index]
            return self._read(start, max(0, stop - start)) if stop > start else []
        if index < 0:
            index += len(self)
        rows = self._read(index, 1) if index >= 0 else []
        if not rows:
            raise IndexError(index)
        return rows[0]

    def __iter__(self) -> Iterator[T]:
        # Small chunks first: most readers stop after a few (a section of ten lines).
        offset, chunk = 0, _FIRST_CHUNK
        while rows := self._read(offset, chunk):
            yield from rows
            offset += len(rows)
            if len(rows) < chunk:
                return
            chunk = min(chunk * 4, _CHUNK)


class StoredLibrary(Library):
    def __init__(self, tables: LibraryTables, signature: Signature,
                 searcher: Searcher | None = None, texts: TextSource | None = None,
                 damaged: Callable[[], None] = lambda: None) -> None:
        """`signature`: the corpus.json the tables must be sealed with. `damaged` is called
        (once) when a record cannot be read: the store then has the tables rebuilt."""
        # Its own connection in one read transaction: the tables as they were when the
        # library was made, whatever a writer does meanwhile (WAL keeps that version until
        # this library is dropped; the bot swaps in a new one right after a write).
        self._connection = tables.reader(signature)
        self._guard = threading.RLock()  # the connection and the records, across threads
        self._records: OrderedDict[str, Announcement] = OrderedDict()
        self._damaged: Callable[[], None] | None = damaged
        self._setup(searcher, texts)

    # -------------------------------------------------------------- records

    def _query(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._guard:
            return self._connection.execute(sql, parameters).fetchall()

    def _record(self, announcement_id: str, data: bytes | None = None) -> Announcement | None:
        with self._guard:
            if announcement_id in self._records:
                self._records.move_to_end(announcement_id)
                return self._records[announcement_id]
            if data is None:
                rows = self._query("SELECT data FROM library_announcements WHERE id = ?",
                                   (announcement_id,))
                if not rows:
                    return None
                data = rows[0][0]
            announcement = self._decode(announcement_id, data)
            if announcement is not None:
                self._records[announcement_id] = announcement
                if len(self._records) > RECORDS_KEPT:
                    self._records.popitem(last=False)
            return announcement

    def _decode(self, announcement_id: str, data: bytes) -> Announcement | None:
        """A record, or None (logged) when it cannot be read: like a damaged record in
        corpus.json, it is left out and the others are served."""
        try:
            announcement = decode(data)
            if isinstance(announcement, Announcement):
                return announcement
            error: Exception = TypeError(f"a {type(announcement).__name__}")
        except UNREADABLE as caught:
            error = caught
        logger.error("library record %s in texts.sqlite is unreadable and left out (the "
                     "tables are rebuilt from corpus.json at the next start): %r",
                     announcement_id, error)
        self._report_damage()
        return None

    def _report_damage(self) -> None:
        damaged, self._damaged = self._damaged, None
        if damaged is not None:
            damaged()

    def _fetch(self, ids: set[str]) -> dict[str, Announcement]:
        """The records of these announcements: those kept, and the others read in one query."""
        with self._guard:
            found = {i: r for i in ids if (r := self._records.get(i)) is not None}
            missing = [i for i in ids if i not in found]
            for start in range(0, len(missing), 500):  # SQLite's limit on parameters
                batch = missing[start:start + 500]
                for announcement_id, data in self._query(
                        "SELECT id, data FROM library_announcements WHERE id IN "  # noqa: S608
                        f"({','.join('?' * len(batch))})", tuple(batch)):
                    if (record := self._record(announcement_id, data)) is not None:
                        found[announcement_id] = record
            return found

    def _records_of(self, sql: str, parameters: tuple[Any, ...]) -> list[Announcement]:
        """Rows of (id, data) as announcements; data is read only for records not kept."""
        result = []
        for announcement_id, data in self._query(sql, parameters):
            record = self._record(announcement_id, data)
            if record is not None:
                result.append(record)
        return result

    def _sourced(self, family: Family, rows: list[tuple[Any, ...]]) -> list[Sourced]:
        records = self._fetch({announcement_id for announcement_id, _ in rows})
        result = []
        for announcement_id, item in rows:
            announcement = records.get(announcement_id)
            if announcement is not None:
                result.append(Sourced(measures_in(announcement.extraction, family)[item],
                                      announcement))
        return result

    def clear_memo(self) -> None:
        super().clear_memo()
        self._records.clear()

    def stored_answer(self, key: Hashable) -> Any | None:
        if not (isinstance(key, tuple) and key and key[0] in STORED_ANSWERS):
            return None
        rows = self._query("SELECT data FROM library_answers WHERE key = ?", (answer_key(key),))
        if not rows:
            return None
        try:
            return decode(rows[0][0])
        except UNREADABLE as error:
            logger.error("stored answer %s in texts.sqlite is unreadable; computed instead: %r",
                         key, error)
            return None

    # -------------------------------------------------------------- the library's questions

    def measures(self, family: Family, topic: str | None = None) -> Sequence[Sourced]:
        return self._measures(family, topic, "", ())

    def upcoming(self, topic: str | None, today: dt.date) -> Sequence[Sourced]:
        return self._measures(Family.MILESTONES, topic, " AND forward = 1 AND ends >= ?",
                              (today.toordinal(),))

    def _measures(self, family: Family, topic: str | None, condition: str,
                  parameters: tuple[Any, ...]) -> Sequence[Sourced]:
        where = f"family = ? AND topic = ?{condition}"
        given = (family.value, topic or "", *parameters)
        return _Rows(
            lambda: self._query(f"SELECT COUNT(*) FROM library_measures WHERE {where}",  # noqa: S608
                                given)[0][0],
            lambda offset, limit: self._sourced(family, self._query(
                f"SELECT id, item FROM library_measures WHERE {where} "  # noqa: S608
                "ORDER BY position LIMIT ? OFFSET ?", (*given, limit, offset))))

    def forward_milestones(self, floor: dt.date, before: dt.date | None = None
                           ) -> Iterable[tuple[str, Milestone]]:
        after = -1
        last = (before or dt.date.max).toordinal()
        while rows := self._query(  # in chunks, by position
                "SELECT position, id, data FROM library_measures WHERE family = ? AND "
                "topic = '' AND forward = 1 AND ends >= ? AND ends < ? AND position > ? "
                "ORDER BY position LIMIT ?",
                (Family.MILESTONES.value, floor.toordinal(), last, after, _CHUNK)):
            for after, announcement_id, data in rows:  # noqa: B007 (the last one is kept)
                try:
                    milestone = decode(data)
                except UNREADABLE as error:
                    milestone = error
                if isinstance(milestone, Milestone):
                    yield announcement_id, milestone
                else:
                    logger.error("a milestone of %s in texts.sqlite is unreadable and left out "
                                 "of the reminder plan: %r", announcement_id, milestone)
                    self._report_damage()

    def recent_past(self, topic: str | None, today: dt.date, limit: int) -> list[Sourced]:
        return self._sourced(Family.MILESTONES, self._query(
            "SELECT id, item FROM library_measures WHERE family = ? AND topic = ? AND ends < ? "
            "ORDER BY ends DESC, position LIMIT ?",
            (Family.MILESTONES.value, topic or "", today.toordinal(), limit)))

    def announcements_about(self, topic: str | None = None) -> Sequence[Announcement]:
        if topic is None:
            return _Rows(self.count, lambda offset, limit: self._records_of(
                "SELECT id, data FROM library_announcements ORDER BY newest LIMIT ? OFFSET ?",
                (limit, offset)))
        return _Rows(
            lambda: self._query("SELECT COUNT(*) FROM library_announcement_topics "
                                "WHERE topic = ?", (topic,))[0][0],
            lambda offset, limit: self._records_of(
                "SELECT a.id, a.data FROM library_announcement_topics t JOIN "
                "library_announcements a ON a.id = t.id WHERE t.topic = ? ORDER BY t.newest "
                "LIMIT ? OFFSET ?", (topic, limit, offset)))

    @property
    def announcements(self) -> Sequence[Announcement]:
        """Read on demand (amounts, penalties and milestones ask `measures`, read so too)."""
        return self.every()

    def published_years(self) -> list[int]:
        return [year for (year,) in self._query(
            "SELECT year FROM library_announcements WHERE year IS NOT NULL ORDER BY seq")]

    def count(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM library_announcements")[0][0])

    def every(self) -> Sequence[Announcement]:
        # Decoded without being kept: a pass over everything must not evict what answers use.
        return _Rows(self.count, lambda offset, limit: [
            record for announcement_id, data in self._query(
                "SELECT id, data FROM library_announcements ORDER BY seq LIMIT ? OFFSET ?",
                (limit, offset)) if (record := self._decode(announcement_id, data)) is not None])

    def seen_since(self, moment: dt.datetime, quiet: bool = True) -> list[Announcement]:
        return self._records_of(
            "SELECT id, data FROM library_announcements WHERE ingested_at >= ? "
            f"{'' if quiet else 'AND quiet = 0 '}ORDER BY seq", (moment.timestamp(),))

    def get(self, announcement_id: str) -> Announcement | None:
        return self._record(announcement_id)

    def find(self, reference: str) -> list[Announcement]:
        reference = reference.strip().lower()
        if not reference:
            return []
        exact = self._record(reference)
        if exact is not None:
            return [exact]
        return self._records_of(
            "SELECT id, data FROM library_announcements WHERE substr(id, 1, ?) = ? "
            "ORDER BY seq", (len(reference), reference))

    def latest(self, limit: int) -> list[Announcement]:
        return list(self.announcements_about(None)[:limit])
