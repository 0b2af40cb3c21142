"""A store file the program cannot use stops it with a message naming the file, and the file is
left exactly as it was; never a silent fresh start."""

import json
import os
import time

import pytest

from briefings.model import Subscription
from store import CorruptStore, UnsupportedSchema, open_stores
from tests.conftest import NOW

SUBSCRIPTION = {"schema_version": 2, "chat_id": 1, "chat_type": "private", "title": "",
                "topics": [], "subscribed_by": 1, "subscribed_at": NOW.isoformat()}

BAD_FILES = {
    "empty": b"",
    "blank": b"  \n",
    "not utf-8": b'{"subscriptions": {"1": {"title": "\xff\xfe"}}}',
    "truncated": b'{"subscriptions": {"1": {"schema_version": 2, "chat_id"',
    "not an object": b"[1, 2, 3]",
}


@pytest.mark.parametrize("name", ["state.json", "corpus.json"])
@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_an_unusable_file_stops_with_its_name_and_stays_unchanged(tmp_path, name, case):
    path = tmp_path / name
    path.write_bytes(BAD_FILES[case])
    with pytest.raises(CorruptStore) as caught:
        open_stores(tmp_path)
    assert name in str(caught.value) and "back-up" in str(caught.value)
    assert path.read_bytes() == BAD_FILES[case]


@pytest.mark.parametrize("name", ["state.json", "corpus.json"])
def test_a_schema_from_a_newer_version_is_refused(tmp_path, name):
    path = tmp_path / name
    content = json.dumps({"subscriptions": {"1": {**SUBSCRIPTION, "schema_version": 99}}})
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UnsupportedSchema, match="schemaversie 99"):
        open_stores(tmp_path)
    assert path.read_text(encoding="utf-8") == content


@pytest.mark.parametrize("content", [b"", b'{"schema_version": 7}\n', b"\xff\n"])
def test_an_unusable_delivery_journal_stops_too(tmp_path, content):
    path = tmp_path / "deliveries.jsonl"
    path.write_bytes(content)
    with pytest.raises(CorruptStore, match="deliveries.jsonl"):
        open_stores(tmp_path)
    assert path.read_bytes() == content


def test_a_bad_announcement_record_is_set_aside_and_the_rest_served(tmp_path, seed_releases,
                                                                    seed_extractions):
    stores = open_stores(tmp_path)
    stores.corpus.ingest(list(zip(seed_releases, seed_extractions, strict=True)), NOW)
    path = tmp_path / "corpus.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["announcements"]["3"]["record"] = '{"title": "kapot"'
    path.write_text(json.dumps(data), encoding="utf-8")
    reopened = open_stores(tmp_path)
    assert len(reopened.corpus.load_all()) == 9
    assert len(reopened.corpus.all()) == 9
    # An ingest still works and keeps the bad record as it was, for the operator.
    reopened.corpus.ingest(list(zip(seed_releases, seed_extractions, strict=True))[:1], NOW)
    assert json.loads(path.read_text(encoding="utf-8"))["announcements"]["3"]["record"] == \
        '{"title": "kapot"'


def test_a_bad_subscription_record_is_set_aside(tmp_path):
    (tmp_path / "state.json").write_text(json.dumps({"subscriptions": {
        "1": SUBSCRIPTION, "2": {"schema_version": 2, "chat_id": 2}}}), encoding="utf-8")
    assert [s.chat_id for s in open_stores(tmp_path).subscriptions.all()] == [1]


def test_no_files_at_all_is_a_fresh_start(tmp_path):
    stores = open_stores(tmp_path / "new")
    assert stores.corpus.is_empty() and stores.subscriptions.all() == []


def test_writes_keep_the_file_permissions(tmp_path):
    stores = open_stores(tmp_path)
    stores.subscriptions.save(Subscription(1, "private", "", (), 1, NOW))
    path = tmp_path / "state.json"
    os.chmod(path, 0o640)
    stores.subscriptions.save(Subscription(2, "private", "", (), 2, NOW))
    assert path.stat().st_mode & 0o777 == 0o640


def test_temporary_files_left_by_a_crash_are_removed_at_start(tmp_path):
    stale = tmp_path / ".state.json.abc123.tmp"
    fresh = tmp_path / ".corpus.json.def456.tmp"  # maybe another process's write in progress
    stale.write_bytes(b"{")
    fresh.write_bytes(b"{")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    open_stores(tmp_path)
    assert not stale.exists() and fresh.exists()
