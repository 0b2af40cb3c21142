"""The library snapshot in texts.sqlite: a start reads it instead of corpus.json while it is
of that very file; anything else falls back to corpus.json and stores a new one."""

import json
import pickle
import sqlite3
from dataclasses import replace

import pytest

from store import CORPUS_FILE, TEXTS_FILE, open_stores
from store.codec import announcement_from
from tests.conftest import NOW


@pytest.fixture
def seed_items(seed_releases, seed_extractions):
    return list(zip(seed_releases, seed_extractions, strict=True))


def decoded(data_dir):
    """What a read of corpus.json gives, without the snapshot."""
    docs = json.loads((data_dir / CORPUS_FILE).read_text("utf-8"))["announcements"]
    return [announcement_from(docs[k]) for k in sorted(docs, key=int)]


def test_a_restart_reads_the_snapshot_and_it_equals_the_file(tmp_path, seed_items):
    open_stores(tmp_path).corpus.ingest(seed_items[:6], NOW)
    open_stores(tmp_path).corpus.ingest(seed_items[4:], NOW)  # merged into the last snapshot
    reopened = open_stores(tmp_path).corpus
    assert reopened.trusted()
    assert reopened.ensure_search_index() is False
    assert reopened.load_all() == decoded(tmp_path) and len(decoded(tmp_path)) == len(seed_items)


def test_an_update_replaces_its_announcement_in_place(tmp_path, seed_items):
    corpus = open_stores(tmp_path).corpus
    corpus.ingest(seed_items, NOW)
    release, extraction = seed_items[2]
    changed = replace(release, sections=release.sections[:1])
    report = corpus.ingest([(changed, extraction)], NOW)
    assert len(report.updated) == 1
    reopened = open_stores(tmp_path).corpus
    assert reopened.trusted() and reopened.load_all() == decoded(tmp_path)


def test_a_corpus_file_written_by_someone_else_is_read_and_snapshotted_again(tmp_path,
                                                                            seed_items):
    open_stores(tmp_path).corpus.ingest(seed_items, NOW)
    path = tmp_path / CORPUS_FILE
    data = json.loads(path.read_text("utf-8"))
    first = min(data["announcements"], key=int)
    del data["announcements"][first]  # another program drops a release
    path.write_text(json.dumps(data), "utf-8")
    reopened = open_stores(tmp_path).corpus
    assert not reopened.trusted()
    loaded = reopened.load_all()
    assert loaded == decoded(tmp_path) and len(loaded) == len(seed_items) - 1
    assert reopened.trusted()  # the fallback stored a snapshot of the file as it is now
    assert open_stores(tmp_path).corpus.load_all() == loaded


def test_a_snapshot_that_would_build_anything_but_the_model_is_refused(tmp_path, seed_items,
                                                                      caplog):
    open_stores(tmp_path).corpus.ingest(seed_items, NOW)
    hostile = pickle.dumps(print)
    with sqlite3.connect(tmp_path / TEXTS_FILE) as db:
        db.execute("UPDATE library_announcements SET data = ? WHERE seq = 3", (hostile,))
    reopened = open_stores(tmp_path).corpus
    assert reopened.load_all() == decoded(tmp_path)
    assert "library tables" in caplog.text


def test_a_damaged_corpus_file_is_still_refused_at_open(tmp_path, seed_items):
    from store import CorruptStore

    open_stores(tmp_path).corpus.ingest(seed_items, NOW)
    (tmp_path / CORPUS_FILE).write_text("{niet", "utf-8")
    with pytest.raises(CorruptStore):
        open_stores(tmp_path)


def test_a_dotted_name_reaching_past_the_model_is_refused(tmp_path, seed_items):
    """`briefings.topics.re.enum…` names a module's import, not a model class: refused, so a
    tampered file cannot reach eval."""
    from store.snapshot import UNREADABLE, decode

    def text(value: str) -> bytes:
        return b"\x8c" + bytes([len(value)]) + value.encode() + b"\x94"

    # STACK_GLOBAL briefings.topics / re.enum.bltns.eval, called with one string.
    payload = (b"\x80\x04" + text("briefings.topics") + text("re.enum.bltns.eval") + b"\x93\x94"
               + text("'evaluated'") + b"\x85\x94R\x94.")
    assert pickle.loads(payload) == "evaluated"  # what an unrestricted unpickler does
    with pytest.raises(UNREADABLE):
        decode(payload)


def test_an_unreadable_record_is_left_out_and_the_tables_rebuilt_next_time(tmp_path,
                                                                          seed_items, caplog):
    from briefings import answers
    from store.stored_library import StoredLibrary

    open_stores(tmp_path).corpus.ingest(seed_items, NOW)
    with sqlite3.connect(tmp_path / TEXTS_FILE) as db:
        victim = db.execute("SELECT id FROM library_announcements WHERE seq = 3").fetchone()[0]
        db.execute("UPDATE library_announcements SET data = ? WHERE seq = 3",
                   (pickle.dumps(print),))
    corpus = open_stores(tmp_path).corpus
    library = corpus.library()
    assert isinstance(library, StoredLibrary)
    listed = answers.latest(library, "20")
    assert victim not in [line.id for line in listed.items]
    assert len(listed.items) == len(seed_items) - 1
    assert "unreadable" in caplog.text
    assert not corpus.trusted()  # forgotten: the next library is built from corpus.json
    rebuilt = open_stores(tmp_path).corpus.library()
    assert len(answers.latest(rebuilt, "20").items) == len(seed_items)


def test_tables_of_another_corpus_file_are_not_read(tmp_path, seed_items):
    from store.snapshot import StaleTables
    from store.stored_library import StoredLibrary

    corpus = open_stores(tmp_path).corpus
    corpus.ingest(seed_items, NOW)
    signature = corpus.signature()
    assert signature is not None
    with pytest.raises(StaleTables):
        StoredLibrary(corpus.snapshot, (signature[0], signature[1], signature[2] + 1))
    assert StoredLibrary(corpus.snapshot, signature).count() == len(seed_items)
