"""The delivery log: typed records in an append-only journal, settled by a watermark."""

import datetime as dt
import json

import pytest

from briefings.deliveries import DeliveryRecord, DeliveryStatus, watermark_for
from briefings.model import Subscription
from store import open_stores
from store.storage import Database
from tests.conftest import NOW

GRACE = dt.timedelta(hours=24)


def record(key, chat, status=DeliveryStatus.SENT, due=NOW, **more):
    return DeliveryRecord(key, chat, status, due, due, **more)


@pytest.fixture(params=["memory", "file"])
def log(request, tmp_path):
    return open_stores(None if request.param == "memory" else tmp_path).deliveries


def test_the_last_record_for_a_key_and_chat_wins_and_survives_reopening(tmp_path):
    log = open_stores(tmp_path).deliveries
    log.record(record("r1", 1, DeliveryStatus.SENDING))
    log.record(record("r1", 1, DeliveryStatus.SENT, message_id=9))
    log.record(record("r1", 2, DeliveryStatus.FAILED, reason="network", attempts=2,
                      retry_at=NOW + dt.timedelta(minutes=2)))
    reopened = open_stores(tmp_path).deliveries
    assert reopened.get("r1", 1) == record("r1", 1, DeliveryStatus.SENT, message_id=9)
    assert reopened.get("r1", 2).attempts == 2
    assert reopened.next_retry() == NOW + dt.timedelta(minutes=2)


def test_what_is_held_back(log):
    log.record(record("sent", 1))
    log.record(record("unknown", 1, DeliveryStatus.UNKNOWN))
    log.record(record("retry-later", 1, DeliveryStatus.FAILED,
                      retry_at=NOW + dt.timedelta(minutes=5)))
    log.record(record("retry-now", 1, DeliveryStatus.FAILED, retry_at=NOW))
    held = {key for key in ("sent", "unknown", "retry-later", "retry-now", "new")
            if log.holds_back(key, 1, NOW, NOW)}
    assert held == {"sent", "unknown", "retry-later"}


def test_interrupted_sends_are_settled_as_unknown_once(tmp_path):
    log = open_stores(tmp_path).deliveries
    log.record(record("a", 1, DeliveryStatus.SENDING))
    log.record(record("b", 2, DeliveryStatus.SENT))
    reopened = open_stores(tmp_path).deliveries
    assert [r.key for r in reopened.settle_interrupted(NOW)] == ["a"]
    again = open_stores(tmp_path).deliveries
    assert again.settle_interrupted(NOW) == []
    assert again.get("a", 1).status is DeliveryStatus.UNKNOWN
    assert again.holds_back("a", 1, NOW, NOW)


def test_a_torn_last_line_from_a_crash_is_ignored(tmp_path):
    log = open_stores(tmp_path).deliveries
    log.record(record("a", 1))
    with (tmp_path / "deliveries.jsonl").open("ab") as handle:
        handle.write(b'{"key":"b","chat_id":1,"sta')
    reopened = open_stores(tmp_path).deliveries
    assert [r.key for r in reopened.records()] == ["a"]


def test_a_bad_line_is_quarantined_and_the_rest_served(tmp_path):
    log = open_stores(tmp_path).deliveries
    log.record(record("a", 1))
    with (tmp_path / "deliveries.jsonl").open("ab") as handle:
        handle.write(b'{"key":"b","chat_id":"x"}\n\xff\xfe\n')
    log.record(record("c", 1))
    reopened = open_stores(tmp_path).deliveries
    assert sorted(r.key for r in reopened.records()) == ["a", "c"]
    reopened.compact(NOW, GRACE)
    quarantine = tmp_path / "deliveries.jsonl.quarantine"
    assert quarantine.read_bytes() == b'{"key":"b","chat_id":"x"}\n\xff\xfe\n'
    assert b"\xff" not in (tmp_path / "deliveries.jsonl").read_bytes()


def test_a_bad_line_is_set_aside_once_however_often_the_journal_is_loaded(tmp_path):
    log = open_stores(tmp_path).deliveries
    log.record(record("a", 1))
    with (tmp_path / "deliveries.jsonl").open("ab") as handle:
        handle.write(b"\xff\xfe\n")
    for _ in range(3):  # `briefingbot status`, a CLI ingest, …: each loads the journal
        assert [r.key for r in open_stores(tmp_path).deliveries.records()] == ["a"]
    stores = open_stores(tmp_path)  # the bot: loads, delivers, compacts
    stores.deliveries.compact(NOW, GRACE)
    stores.deliveries.close()
    assert [r.key for r in open_stores(tmp_path).deliveries.records()] == ["a"]
    assert (tmp_path / "deliveries.jsonl.quarantine").read_bytes() == b"\xff\xfe\n"


def test_the_append_after_a_torn_line_does_not_glue_onto_it(tmp_path):
    log = open_stores(tmp_path).deliveries
    log.record(record("a", 1))
    log.close()
    with (tmp_path / "deliveries.jsonl").open("ab") as handle:
        handle.write(b'{"key":"b","chat_id":1,"sta')
    reopened = open_stores(tmp_path).deliveries
    reopened.record(record("c", 1))
    again = open_stores(tmp_path).deliveries
    assert sorted(r.key for r in again.records()) == ["a", "c"]


def test_an_append_holds_the_data_directorys_write_lock(tmp_path):
    """A backup takes the lock to copy the directory: it must never see half a line."""
    from filelock import FileLock, Timeout

    from store.lock import LOCK_FILE

    log = open_stores(tmp_path).deliveries
    log.record(record("a", 1))  # the journal exists and is open
    journal = log._journal
    held = []
    write = journal._write

    def probing_write(data):
        other = FileLock(str(tmp_path / LOCK_FILE))  # as another process would try it
        try:
            other.acquire(timeout=0)
        except Timeout:
            held.append(True)
        else:
            held.append(False)
            other.release()
        write(data)

    journal._write = probing_write
    log.record(record("b", 1))
    assert held == [True]


def test_the_watermark_replaces_settled_records(tmp_path):
    stores = open_stores(tmp_path)
    old = NOW - dt.timedelta(days=3)
    stores.deliveries.record_many([record(f"old{i}", 1, due=old) for i in range(100)])
    stores.deliveries.record(record("recent", 1))
    stores.deliveries.record(record("failing", 2, DeliveryStatus.FAILED, due=old))
    dropped = stores.deliveries.compact(NOW, GRACE)
    assert dropped == 100
    reopened = open_stores(tmp_path).deliveries
    assert sorted(r.key for r in reopened.records()) == ["failing", "recent"]
    assert reopened.watermark(1) == watermark_for(NOW, GRACE)
    assert reopened.holds_back("old7", 1, old, NOW)  # settled by the watermark
    lines = (tmp_path / "deliveries.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 2 + 2  # header, two watermarks, two records


def test_forget_and_move_follow_the_chat(log):
    log.record(record("a", -1))
    log.record(record("b", 5))
    log.move(-1, -100)
    log.forget_chat(5)
    assert [(r.key, r.chat_id) for r in log.records()] == [("a", -100)]


def test_version_1_state_is_migrated_keeping_subscriptions_and_deliveries(tmp_path):
    when = "2026-11-28T09:00:00+00:00"
    (tmp_path / "state.json").write_text(json.dumps({
        "subscriptions": {"1": {"schema_version": 1, "chat_id": -5, "chat_type": "group",
                                "title": "Beleid", "topics": ["jeugd"], "subscribed_by": 7,
                                "subscribed_at": when}},
        "deliveries": {"1": {"schema_version": 1, "key": "k1", "chat_id": -5, "at": when,
                             "status": "sent", "message_id": 3},
                       "2": {"schema_version": 1, "key": "k2", "chat_id": -5, "at": when,
                             "status": "sending", "message_id": None}}}), encoding="utf-8")
    stores = open_stores(tmp_path)
    assert stores.subscriptions.get(-5) == Subscription(
        -5, "group", "Beleid", ("jeugd",), 7, dt.datetime.fromisoformat(when))
    assert stores.deliveries.get("k1", -5).message_id == 3
    assert [r.key for r in stores.deliveries.interrupted()] == ["k2"]
    state = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    assert "deliveries" not in state
    assert state["subscriptions"]["1"]["schema_version"] == 2
    assert open_stores(tmp_path).deliveries.get("k1", -5).status is DeliveryStatus.SENT


def test_a_subscription_remembers_its_forum_thread(tmp_path):
    sub = Subscription(-7, "supergroup", "Forum", (), 1, NOW, thread_id=42)
    open_stores(tmp_path).subscriptions.save(sub)
    assert open_stores(tmp_path).subscriptions.get(-7).thread_id == 42


def test_a_failed_transaction_leaves_memory_and_file_as_they_were(tmp_path, monkeypatch):
    stores = open_stores(tmp_path)
    sub = Subscription(-7, "group", "G", (), 1, NOW)
    stores.subscriptions.save(sub)
    before = (tmp_path / "state.json").read_bytes()

    def disk_full(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", disk_full)
    from store import StoreWriteError

    with pytest.raises(StoreWriteError, match="No space left"):
        stores.subscriptions.save(Subscription(-8, "group", "H", (), 1, NOW))
    with pytest.raises(StoreWriteError):
        stores.deliveries.record(record("a", -7))
    monkeypatch.undo()
    assert stores.subscriptions.all() == [sub]
    assert stores.deliveries.records() == []
    assert (tmp_path / "state.json").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    stores.deliveries.record(record("b", -7))  # the journal is whole: appends go on
    assert [r.key for r in open_stores(tmp_path).deliveries.records()] == ["b"]


def test_a_raising_transaction_is_rolled_back_in_memory_too():
    database = Database(None)
    table = database.table("t")
    with database.transaction():
        table.insert({"schema_version": 1, "n": 1})
    with pytest.raises(RuntimeError), database.transaction():
        table.insert({"schema_version": 1, "n": 2})
        raise RuntimeError("halfway")
    assert [d["n"] for d in table.all()] == [1]
