import datetime as dt
from dataclasses import replace

import pytest

from briefings.deliveries import DeliveryRecord, DeliveryStatus
from briefings.extract import extract_all
from briefings.model import Section
from store import CorruptStore, Subscription, open_stores
from store.storage import Database
from tests.conftest import NOW


@pytest.fixture(params=["memory", "file"])
def stores(request, tmp_path):
    return open_stores(None if request.param == "memory" else tmp_path)


@pytest.fixture
def seed_items(seed_releases, seed_extractions):
    return list(zip(seed_releases, seed_extractions, strict=True))


def test_ingest_adds_then_changes_nothing(stores, seed_items):
    first = stores.corpus.ingest(seed_items, NOW)
    again = stores.corpus.ingest(seed_items, NOW)
    assert (len(first.added), len(again.added), len(again.unchanged)) == (10, 0, 10)
    assert [a.id for a in stores.corpus.all()] == [a.id for a in first.added]


def test_round_trip_keeps_every_measure(stores, seed_items):
    stores.corpus.ingest(seed_items, NOW)
    loaded = stores.corpus.all()
    for announcement, (release, extraction) in zip(loaded, seed_items, strict=True):
        assert announcement.release.title == release.title
        assert announcement.extraction == extraction


def test_loading_for_the_library_lets_go_of_raw_documents_but_loses_nothing(stores,
                                                                           seed_items):
    stores.corpus.ingest(seed_items, NOW)
    loaded = stores.corpus.load_all()
    full = stores.corpus.all()  # read again from the file (or memory backend)
    # Everything but the text, which is read from texts.sqlite when it is needed.
    assert loaded == [replace(a, release=replace(a.release, sections=())) for a in full]
    assert [stores.corpus.texts.sections(a.content_hash) for a in loaded] == \
        [a.release.sections for a in full]
    assert [a.id for a in stores.corpus.load_all()] == [a.id for a in loaded]


def test_a_changed_release_is_updated_not_duplicated(stores, seed_items):
    stores.corpus.ingest(seed_items, NOW)
    release, _ = seed_items[0]
    changed = replace(release, sections=(*release.sections, Section("Nieuw", ("Extra zin.",))))
    [extraction] = extract_all([changed])
    report = stores.corpus.ingest([(changed, extraction)], NOW)
    assert len(report.updated) == 1 and report.updated[0].id == stores.corpus.all()[0].id
    assert len(stores.corpus.all()) == 10
    assert stores.corpus.all()[0].release.sections[-1].heading == "Nieuw"


def test_failed_ingest_leaves_the_store_as_it_was(stores, seed_items):
    stores.corpus.ingest(seed_items[:2], NOW)
    before = [a.id for a in stores.corpus.all()]
    broken = [seed_items[2], (seed_items[3][0], None)]  # the second item cannot be stored
    with pytest.raises(AttributeError):
        stores.corpus.ingest(broken, NOW)
    assert [a.id for a in stores.corpus.all()] == before


def test_different_releases_with_the_same_title_get_distinct_ids(stores, seed_items):
    release, extraction = seed_items[0]
    _, other_text = seed_items[1]  # another release's body under the same title
    dated = replace(release, url="https://example.org/2024/03/01/bericht",
                    published=dt.date(2024, 3, 1))
    other = replace(seed_items[1][0], title=release.title,
                    url="https://example.org/2025/01/02/ander-bericht",
                    published=dt.date(2025, 1, 2))
    report = stores.corpus.ingest([(dated, extraction), (other, other_text)], NOW)
    assert len(report.added) == 2
    ids = [a.id for a in stores.corpus.all()]
    assert ids[1] == ids[0] + "-2"


def test_subscriptions_survive_reopening(tmp_path):
    stores = open_stores(tmp_path)
    when = dt.datetime(2026, 11, 28, 9, tzinfo=dt.UTC)
    stores.subscriptions.save(Subscription(-100, "group", "Beleid", ("jeugd",), 7, when))
    reopened = open_stores(tmp_path)
    assert reopened.subscriptions.get(-100) == Subscription(-100, "group", "Beleid", ("jeugd",),
                                                            7, when)
    assert reopened.subscriptions.move(-100, -1001) is True
    assert reopened.subscriptions.get(-1001).title == "Beleid"
    assert reopened.subscriptions.remove(-1001) is True
    assert open_stores(tmp_path).subscriptions.all() == []


def test_state_writes_never_touch_the_corpus_file(tmp_path, seed_items):
    stores = open_stores(tmp_path)
    stores.corpus.ingest(seed_items, NOW)
    corpus_bytes = (tmp_path / "corpus.json").read_bytes()
    stores.subscriptions.save(Subscription(1, "private", "", (), 1,
                                           dt.datetime(2026, 1, 1, tzinfo=dt.UTC)))
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    stores.deliveries.record(DeliveryRecord("m1/7", 1, DeliveryStatus.SENT, when, when, 5))
    assert (tmp_path / "corpus.json").read_bytes() == corpus_bytes
    assert open_stores(tmp_path).deliveries.get("m1/7", 1).message_id == 5


def test_corrupt_file_is_reported_and_left_alone(tmp_path):
    path = tmp_path / "state.json"
    path.write_text('{"subscriptions": {"1": ', encoding="utf-8")
    with pytest.raises(CorruptStore) as caught:
        Database(path)
    assert "state.json" in str(caught.value)
    assert path.read_text(encoding="utf-8") == '{"subscriptions": {"1": '
