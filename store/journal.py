"""The delivery log on disk: an append-only journal, one JSON line per change.

Marking a message just before it is sent must be cheap and durable, so a change is one appended
line and one fsync, never a rewrite of the whole log. The journal is rewritten (atomically) only
when it is compacted: the per-chat watermark then replaces every settled record due before it,
so the file stays as small as the last day or so of deliveries.

Line kinds: the header `{"schema_version": N}`; a record (`key`, `chat_id`, `status`, …; the
last line for a key and chat wins); `{"watermark": iso, "chat_id": c}`; `{"forget": c}`;
`{"move": old, "to": new}`. A crash mid-append leaves a torn last line, which is dropped: its
change was never acted on (the send follows the fsync); the first append cuts it off, so it never
glues onto the next line. A bad line elsewhere is logged and skipped; the rest is served. The
next compaction copies it to `<name>.quarantine` and leaves it out of the rewritten journal, so
it is set aside once (loading only reads: `briefingbot status` loads the journal of a running
bot and must not rewrite it under that bot).

Every append holds the data directory's write lock, so a backup (which takes the lock) never
copies half a line; the lock is re-entrant, so a caller that already holds it pays nothing more.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path
from typing import Any

from briefings.deliveries import DeliveryRecord, DeliveryStatus, foldable

from .lock import WriteLock, write_lock
from .storage import CorruptStore, StoreWriteError, UnsupportedSchema, write_atomically

logger = logging.getLogger(__name__)

JOURNAL_SCHEMA = 2

Key = tuple[str, int]


class DeliveryJournal:
    """The records and watermarks in memory, every change appended to the file first."""

    def __init__(self, path: Path | None, lock: WriteLock | None = None) -> None:
        self.path = path
        self.lock = lock or write_lock(path.parent if path else None)
        self.records: dict[Key, DeliveryRecord] = {}
        self.watermarks: dict[int, dt.datetime] = {}
        self._descriptor: int | None = None
        self._unreadable: list[bytes] = []   # quarantined and dropped at the next compaction
        self._torn_at: int | None = None     # where a crash's half last line starts
        if path is not None and path.exists():
            self._load(path)

    # ------------------------------------------------------------------ reading

    def _load(self, path: Path) -> None:
        data = path.read_bytes()
        if not data.strip():
            raise CorruptStore(path, "het bestand is leeg")
        lines = data.split(b"\n")
        torn = lines.pop()  # after the last newline: empty, or a crash's half line
        if torn:
            logger.warning("%s: an unfinished last line (a crash while writing) is ignored",
                           path)
            self._torn_at = len(data) - len(torn)
        self._check_header(path, lines[0])
        for number, line in enumerate(lines[1:], start=2):
            try:
                self._apply(json.loads(line.decode("utf-8")))
            except (UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
                self._unreadable.append(line)
                logger.error("%s line %d is unreadable and skipped (set aside in "
                             "%s.quarantine at the next compaction): %s",
                             path, number, path.name, error)

    @staticmethod
    def _check_header(path: Path, line: bytes) -> None:
        try:
            header = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise CorruptStore(path, f"de eerste regel is geen geldige kop: {error}") from error
        version = header.get("schema_version") if isinstance(header, dict) else None
        if version != JOURNAL_SCHEMA:
            raise UnsupportedSchema(path, version, JOURNAL_SCHEMA)

    def _apply(self, entry: dict[str, Any]) -> None:
        if "watermark" in entry:
            chat = int(entry["chat_id"])
            self.watermarks[chat] = max(dt.datetime.fromisoformat(entry["watermark"]),
                                        self.watermarks.get(chat, dt.datetime.min.replace(
                                            tzinfo=dt.UTC)))
            self._drop_below(chat)
        elif "forget" in entry:
            self._forget(int(entry["forget"]))
        elif "move" in entry:
            self._move(int(entry["move"]), int(entry["to"]))
        else:
            record = record_from(entry)
            self.records[(record.key, record.chat_id)] = record

    def _drop_below(self, chat_id: int) -> None:
        mark = self.watermarks[chat_id]
        for key in [k for k, r in self.records.items()
                    if r.chat_id == chat_id and foldable(r, mark)]:
            del self.records[key]

    def _forget(self, chat_id: int) -> None:
        self.watermarks.pop(chat_id, None)
        for key in [k for k in self.records if k[1] == chat_id]:
            del self.records[key]

    def _move(self, old: int, new: int) -> None:
        if old in self.watermarks:
            self.watermarks[new] = self.watermarks.pop(old)
        for (key, chat), record in list(self.records.items()):
            if chat == old:
                del self.records[(key, chat)]
                self.records[(key, new)] = DeliveryRecord(**{**_fields(record), "chat_id": new})

    # ------------------------------------------------------------------ writing

    def append(self, entries: list[dict[str, Any]]) -> None:
        """Appends and fsyncs, then applies in memory: a failed write changes nothing."""
        if not entries:
            return
        if self.path is not None:
            with self.lock.held():  # a backup never copies half a line
                self._write(b"".join(_line(e) for e in entries))
        for entry in entries:
            self._apply(entry)

    def _write(self, data: bytes) -> None:
        assert self.path is not None
        try:
            descriptor = self._open()
            start = os.lseek(descriptor, 0, os.SEEK_END)
            try:
                os.write(descriptor, data)
                os.fsync(descriptor)
            except OSError:
                os.ftruncate(descriptor, start)  # no half line left for the next append
                raise
        except OSError as error:
            raise StoreWriteError(self.path, error) from error

    def _open(self) -> int:
        assert self.path is not None
        if self._descriptor is None:
            if not self.path.exists():
                with self.lock.held():
                    write_atomically(self.path,
                                     _line({"schema_version": JOURNAL_SCHEMA}))
            self._descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND)
            if self._torn_at is not None:  # else the next line would glue onto the half one
                os.ftruncate(self._descriptor, self._torn_at)
                self._torn_at = None
        return self._descriptor

    def compact(self) -> None:
        """Rewrites the file with only what is still needed; unreadable lines are copied to
        the quarantine file first, then left out."""
        if self.path is None:
            return
        entries: list[dict[str, Any]] = [{"schema_version": JOURNAL_SCHEMA}]
        entries += [{"watermark": at.isoformat(), "chat_id": chat}
                    for chat, at in sorted(self.watermarks.items())]
        entries += [record_entry(r) for r in self.records.values()]
        try:
            with self.lock.held():  # its temporary file is not another process's leftover
                self._quarantine()
                write_atomically(self.path, b"".join(_line(e) for e in entries))
        except OSError as error:
            raise StoreWriteError(self.path, error) from error
        self._unreadable = []
        self._torn_at = None
        self.close()

    def _quarantine(self) -> None:
        if not self._unreadable or self.path is None:
            return
        with self.path.with_name(self.path.name + ".quarantine").open("ab") as handle:
            handle.write(b"".join(line + b"\n" for line in self._unreadable))
            handle.flush()
            os.fsync(handle.fileno())  # set aside for good before the journal drops them

    def close(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None


def _line(entry: dict[str, Any]) -> bytes:
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _fields(record: DeliveryRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in DeliveryRecord.__slots__}


def record_entry(record: DeliveryRecord) -> dict[str, Any]:
    entry: dict[str, Any] = {"key": record.key, "chat_id": record.chat_id,
                             "status": record.status.value, "due": record.due.isoformat(),
                             "at": record.at.isoformat()}
    if record.message_id is not None:
        entry["message_id"] = record.message_id
    if record.reason:
        entry["reason"] = record.reason
    if record.attempts:
        entry["attempts"] = record.attempts
    if record.retry_at is not None:
        entry["retry_at"] = record.retry_at.isoformat()
    return entry


def record_from(entry: dict[str, Any]) -> DeliveryRecord:
    retry_at = entry.get("retry_at")
    return DeliveryRecord(
        key=str(entry["key"]), chat_id=int(entry["chat_id"]),
        status=DeliveryStatus(entry["status"]),
        due=_aware(entry["due"]), at=_aware(entry["at"]),
        message_id=entry.get("message_id"), reason=entry.get("reason"),
        attempts=int(entry.get("attempts", 0)),
        retry_at=_aware(retry_at) if retry_at else None)


def _aware(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError(f"time without a zone: {text}")
    return value
