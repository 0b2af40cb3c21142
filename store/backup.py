"""Backups of the data directory: a consistent copy taken while the bot runs, and its restore.

A backup is one `.tar.gz` holding every file of the data directory (the TinyDB files, the
search index and whatever else lives there) and a manifest with their checksums. The snapshot
is taken under the write lock, which every writer holds per transaction, so it never catches
half of one; SQLite files are copied with SQLite's own backup API, which is consistent even
mid-write. Packing happens after the lock is released, so the bot waits only for the copy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .lock import LOCK_FILE, write_lock

PREFIX = "briefingbot-"
SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
DAILY = "daily"
MANUAL = "manual"
BEFORE_RESTORE = "before-restore"
_SQLITE_MAGIC = b"SQLite format 3\x00"
# Files a writer leaves for a moment (our temporary files, SQLite's journals): the copy of the
# store they belong to already holds what matters.
_TRANSIENT_SUFFIXES = (".tmp", "-journal", "-wal", "-shm")


class BackupError(RuntimeError):
    """A backup that cannot be made or restored; the message says why, in Dutch."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: dt.datetime
    kind: str

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def backup_name(now: dt.datetime, kind: str) -> str:
    return f"{PREFIX}{now.astimezone(dt.UTC):%Y%m%d-%H%M%S}-{kind}{SUFFIX}"


def take_backup(data_dir: Path, backup_dir: Path, now: dt.datetime, kind: str = MANUAL) -> Path:
    """Copies every file of `data_dir` into one archive in `backup_dir` and returns its path."""
    if not data_dir.is_dir():
        raise BackupError(f"map {data_dir} bestaat niet; er is niets om te bewaren")
    backup_dir.mkdir(parents=True, exist_ok=True)
    target = backup_dir / backup_name(now, kind)
    with tempfile.TemporaryDirectory(prefix=".snapshot-", dir=backup_dir) as staging:
        snapshot = Path(staging) / "data"
        files = _snapshot(data_dir, snapshot, backup_dir)
        manifest = {"taken_at": now.isoformat(), "kind": kind,
                    "files": {name: _digest(snapshot / name) for name in files}}
        (snapshot / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        partial = Path(staging) / target.name
        with tarfile.open(partial, "w:gz") as archive:
            for name in [*files, MANIFEST]:
                archive.add(snapshot / name, arcname=name)
        os.replace(partial, target)
    return target


def _snapshot(data_dir: Path, snapshot: Path, backup_dir: Path) -> list[str]:
    """Under the write lock: every file of the data directory, as it is between transactions."""
    names = []
    with write_lock(data_dir).held():
        for source in sorted(data_dir.rglob("*")):
            if not source.is_file() or _excluded(source, data_dir, backup_dir):
                continue
            name = source.relative_to(data_dir).as_posix()
            copy = snapshot / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            if _is_sqlite(source):
                _copy_sqlite(source, copy)
            else:  # a copy, not a link: the delivery journal is appended to in place
                shutil.copy2(source, copy)
            names.append(name)
    return names


def _excluded(path: Path, data_dir: Path, backup_dir: Path) -> bool:
    if path.name == LOCK_FILE or path.name.endswith(_TRANSIENT_SUFFIXES):
        return True
    return path.resolve().is_relative_to(backup_dir.resolve())


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC


def _copy_sqlite(source: Path, target: Path) -> None:
    reader = sqlite3.connect(source)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def backups(backup_dir: Path) -> list[Backup]:
    """The backups in `backup_dir`, oldest first."""
    if not backup_dir.is_dir():
        return []
    found = []
    for path in backup_dir.glob(f"{PREFIX}*{SUFFIX}"):
        stem = path.name[len(PREFIX):-len(SUFFIX)]
        stamp, _, kind = stem[:15], stem[15:16], stem[16:]
        try:
            taken = dt.datetime.strptime(stamp, "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)
        except ValueError:
            continue
        found.append(Backup(path, taken, kind))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name))


def latest_backup(backup_dir: Path, kinds: tuple[str, ...] = (DAILY, MANUAL)
                  ) -> Backup | None:
    """The newest backup to restore from; a `before-restore` one holds what was replaced, which
    is rarely what an operator wants back."""
    found = [b for b in backups(backup_dir) if b.kind in kinds]
    return found[-1] if found else None


def prune(backup_dir: Path, keep: int, kind: str = DAILY) -> list[Path]:
    """Keeps the newest `keep` backups of `kind` and deletes the older ones."""
    own = [b for b in backups(backup_dir) if b.kind == kind]
    doomed = own[: max(0, len(own) - keep)]
    for backup in doomed:
        backup.path.unlink(missing_ok=True)
    return [b.path for b in doomed]


def due_daily(backup_dir: Path, now: dt.datetime) -> bool:
    """True when no daily backup was taken in the last day."""
    daily = [b for b in backups(backup_dir) if b.kind == DAILY]
    return not daily or now - daily[-1].taken_at >= dt.timedelta(days=1)


def unpack(archive: Path, target: Path) -> list[str]:
    """Extracts a backup into `target` after checking it: a known layout, no paths outside
    the target, every checksum right. Returns the store files it holds."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(target, filter="data")
    except (OSError, tarfile.TarError, EOFError) as error:
        raise BackupError(f"{archive} is geen leesbare back-up ({error})") from error
    try:
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
        files: dict[str, str] = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{archive} heeft geen geldig overzicht ({MANIFEST})") from error
    for name, digest in files.items():
        if not (target / name).is_file() or _digest(target / name) != digest:
            raise BackupError(f"{archive}: {name} ontbreekt of is beschadigd")
    (target / MANIFEST).unlink()
    return sorted(files)


def restore_backup(archive: Path, data_dir: Path, backup_dir: Path, now: dt.datetime
                   ) -> Path | None:
    """Checks `archive`, keeps the current data as a `before-restore` backup (if there is
    any), then makes the data directory exactly the backup. Nothing changes if the check
    fails. Returns the safety backup."""
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=data_dir.parent) as staging:
        unpacked = Path(staging)
        files = unpack(archive, unpacked)
        _check_opens(unpacked, files, archive)
        safety = None
        if data_dir.is_dir() and any(p.is_file() and not _excluded(p, data_dir, backup_dir)
                                     for p in data_dir.rglob("*")):
            safety = take_backup(data_dir, backup_dir, now, BEFORE_RESTORE)
        _replace_data(unpacked, files, data_dir, backup_dir)
    return safety


def _check_opens(unpacked: Path, files: list[str], archive: Path) -> None:
    from .storage import CorruptStore, Database

    for name in files:
        path = unpacked / name
        try:
            if name.endswith(".json"):
                Database(path)
            elif _is_sqlite(path):
                with sqlite3.connect(path) as db:
                    if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                        raise BackupError(f"{archive}: {name} is beschadigd")
        except (CorruptStore, sqlite3.DatabaseError) as error:
            raise BackupError(f"{archive}: {name} is beschadigd ({error})") from error


def _replace_data(unpacked: Path, files: list[str], data_dir: Path, backup_dir: Path) -> None:
    """Under the write lock: the data directory becomes exactly the unpacked backup. Stray
    journals go too: an old SQLite journal applied to a restored file would corrupt it."""
    with write_lock(data_dir).held():
        for path in sorted(data_dir.rglob("*"), reverse=True):
            if not path.is_file() or path.name == LOCK_FILE \
                    or path.resolve().is_relative_to(backup_dir.resolve()):
                continue
            if path.relative_to(data_dir).as_posix() not in files:
                path.unlink()
        for name in files:
            destination = data_dir / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(unpacked / name, destination)
