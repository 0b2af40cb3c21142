"""Backups: consistent while a writer runs, complete, checked before a restore, pruned."""

import datetime as dt
import json
import sqlite3
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from store import open_stores
from store.backup import (
    DAILY,
    MANUAL,
    BackupError,
    backups,
    due_daily,
    latest_backup,
    prune,
    restore_backup,
    take_backup,
    unpack,
)
from store.lock import LOCK_FILE
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[2]


def _counters(unpacked: Path) -> tuple[int, int, int]:
    def rounds(name):
        return next(iter(json.loads((unpacked / name).read_text())["rounds"].values()))["n"]

    with sqlite3.connect(unpacked / "index.sqlite") as db:
        indexed = db.execute("SELECT n FROM counter").fetchone()[0]
    return rounds("corpus.json"), rounds("state.json"), indexed


def test_backups_taken_while_a_writer_runs_are_consistent_across_files(tmp_path):
    data_dir, backup_dir = tmp_path / "var", tmp_path / "backups"
    writer = subprocess.Popen([sys.executable, str(Path(__file__).with_name("lock_writer.py")),
                               str(data_dir)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    try:
        assert writer.stdout.readline().strip() == "ready"
        seen = []
        for i in range(8):
            time.sleep(0.05)
            path = take_backup(data_dir, backup_dir, NOW + dt.timedelta(seconds=i))
            target = tmp_path / f"unpacked-{i}"
            unpack(path, target)
            corpus_n, state_n, index_n = _counters(target)
            assert corpus_n == state_n == index_n, "a backup caught half a round"
            seen.append(corpus_n)
    finally:
        writer.kill()
        writer.wait()
        writer.stdout.close()
    assert seen[-1] > seen[0], "the writer was not writing during the backups"


def test_a_backup_holds_every_file_and_restores_exactly(tmp_path):
    data_dir, backup_dir = tmp_path / "var", tmp_path / "var" / "backups"
    stores = open_stores(data_dir)
    stores.subscriptions.save(_subscription(1))
    (data_dir / "sub").mkdir()
    (data_dir / "sub" / "extra.bin").write_bytes(b"\x00\x01")
    path = take_backup(data_dir, backup_dir, NOW)
    with tarfile.open(path) as archive:
        names = set(archive.getnames())
    on_disk = {p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*") if p.is_file()
               and p.name != LOCK_FILE and "backups" not in p.parts
               and not p.name.endswith(("-wal", "-shm"))}
    assert {"state.json", "texts.sqlite", "sub/extra.bin"} <= on_disk
    assert names == on_disk | {"manifest.json"}  # every file; no lock, no backups
    before = (data_dir / "state.json").read_bytes()
    stores.subscriptions.save(_subscription(2))
    (data_dir / "stray.json").write_text("{}")
    safety = restore_backup(path, data_dir, backup_dir, NOW + dt.timedelta(hours=1))
    assert (data_dir / "state.json").read_bytes() == before
    assert not (data_dir / "stray.json").exists()
    assert (data_dir / "sub" / "extra.bin").read_bytes() == b"\x00\x01"
    assert [s.chat_id for s in open_stores(data_dir).subscriptions.all()] == [1]
    assert safety is not None and safety.name.endswith("-before-restore.tar.gz")
    assert (data_dir / LOCK_FILE).exists()


@pytest.mark.parametrize("damage", ["truncated", "tampered"])
def test_a_bad_backup_is_refused_and_changes_nothing(tmp_path, damage):
    data_dir, backup_dir = tmp_path / "var", tmp_path / "backups"
    open_stores(data_dir).subscriptions.save(_subscription(1))
    path = take_backup(data_dir, backup_dir, NOW)
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[:200])
    else:
        unpacked = tmp_path / "u"
        with tarfile.open(path) as archive:
            archive.extractall(unpacked, filter="data")
        (unpacked / "state.json").write_text('{"subscriptions": {}}')
        with tarfile.open(path, "w:gz") as archive:
            for name in ("state.json", "manifest.json"):
                archive.add(unpacked / name, arcname=name)
    open_stores(data_dir).subscriptions.save(_subscription(2))
    before = (data_dir / "state.json").read_bytes()
    with pytest.raises(BackupError):
        restore_backup(path, data_dir, backup_dir, NOW)
    assert (data_dir / "state.json").read_bytes() == before
    assert [b.kind for b in backups(backup_dir)] == [MANUAL]


def test_daily_backups_are_due_once_a_day_and_pruned_to_n(tmp_path):
    data_dir, backup_dir = tmp_path / "var", tmp_path / "backups"
    open_stores(data_dir).subscriptions.save(_subscription(1))
    assert due_daily(backup_dir, NOW)
    for day in range(5):
        take_backup(data_dir, backup_dir, NOW + dt.timedelta(days=day), DAILY)
    take_backup(data_dir, backup_dir, NOW, MANUAL)
    assert not due_daily(backup_dir, NOW + dt.timedelta(days=4, hours=23))
    assert due_daily(backup_dir, NOW + dt.timedelta(days=5))
    removed = prune(backup_dir, 3)
    assert len(removed) == 2
    left = backups(backup_dir)
    assert [b.kind for b in left].count(DAILY) == 3 and [b.kind for b in left].count(MANUAL) == 1
    assert latest_backup(backup_dir).taken_at == NOW.replace(microsecond=0) + dt.timedelta(days=4)


def _subscription(chat_id):
    from store import Subscription

    return Subscription(chat_id, "private", "Ada", (), chat_id, NOW)
