"""The persistent search index: written with every ingest, kept across restarts, rebuilt when
missing, of another version or of another corpus; texts read from texts.sqlite."""

import json
import sqlite3
from dataclasses import replace

import pytest

from briefings.model import Section
from briefings.query import parse_search
from store import CORPUS_FILE, TEXTS_FILE, open_stores
from store import search_index as search_index_module
from tests.conftest import NOW


@pytest.fixture
def seed_items(seed_releases, seed_extractions):
    return list(zip(seed_releases, seed_extractions, strict=True))


def found(corpus, text):
    return [r.id for r in corpus.search.search(parse_search(text), 0, 20).releases]


def test_index_survives_a_restart_without_a_rebuild(tmp_path, seed_items):
    corpus = open_stores(tmp_path).corpus
    corpus.ingest(seed_items, NOW)
    before = found(corpus, "rechtsbijstand")
    reopened = open_stores(tmp_path).corpus
    assert reopened.ensure_search_index() is False
    assert found(reopened, "rechtsbijstand") == before and before


def test_a_missing_index_file_is_rebuilt_from_the_texts(tmp_path, seed_items):
    corpus = open_stores(tmp_path).corpus
    corpus.ingest(seed_items, NOW)
    before = found(corpus, "gevangenis")
    with sqlite3.connect(tmp_path / TEXTS_FILE) as db:
        db.execute("DELETE FROM search")
        db.execute("DELETE FROM indexed")
    stale = open_stores(tmp_path).corpus
    assert found(stale, "gevangenis") == []
    assert stale.ensure_search_index() is False  # same fingerprint: trusted as it is...
    with sqlite3.connect(tmp_path / TEXTS_FILE) as db:
        db.execute("DELETE FROM meta WHERE key = 'fingerprint'")
    rebuilt = open_stores(tmp_path).corpus
    assert rebuilt.ensure_search_index() is True  # ...until the fingerprint says otherwise
    assert found(rebuilt, "gevangenis") == before


def test_another_index_version_is_rebuilt(tmp_path, seed_items, monkeypatch):
    open_stores(tmp_path).corpus.ingest(seed_items, NOW)
    monkeypatch.setattr(search_index_module, "INDEX_VERSION", "later")
    corpus = open_stores(tmp_path).corpus
    assert corpus.ensure_search_index() is True
    assert corpus.ensure_search_index() is False


def test_an_update_replaces_the_indexed_text_and_drops_the_old(tmp_path, seed_items):
    corpus = open_stores(tmp_path).corpus
    corpus.ingest(seed_items, NOW)
    release, extraction = seed_items[0]
    changed = replace(release, sections=(*release.sections,
                                         Section("Nieuw", ("Een zeppelinhaven erbij.",))))
    report = corpus.ingest([(changed, extraction)], NOW)
    assert found(corpus, "zeppelin") == [report.updated[0].id]
    assert corpus.search.search(parse_search("rechtsbijstand"), 0, 20).total == \
        len(found(corpus, "rechtsbijstand"))
    with sqlite3.connect(tmp_path / TEXTS_FILE) as db:
        assert db.execute("SELECT count(*) FROM texts").fetchone()[0] == len(seed_items)
        assert db.execute("SELECT count(*) FROM indexed").fetchone()[0] == len(seed_items)


def test_texts_are_not_in_the_corpus_file_and_are_read_on_demand(tmp_path, seed_items):
    corpus = open_stores(tmp_path).corpus
    corpus.ingest(seed_items, NOW)
    stored = json.loads((tmp_path / CORPUS_FILE).read_text())["announcements"]
    assert all("sections" not in json.loads(d["record"]) for d in stored.values())
    light = corpus.load_all()
    assert all(a.release.sections == () for a in light)
    full = corpus.all()
    assert [s.paragraphs for s in full[0].release.sections] == \
        [s.paragraphs for s in seed_items[0][0].sections]
    assert corpus.texts.sections(light[0].content_hash) == full[0].release.sections


def test_a_store_from_before_texts_sqlite_is_moved_over(tmp_path, seed_items):
    corpus = open_stores(tmp_path).corpus
    corpus.ingest(seed_items, NOW)
    # Put the texts back into the records and drop the SQLite file: the old layout.
    path = tmp_path / CORPUS_FILE
    data = json.loads(path.read_text())
    by_hash = {a.content_hash: a for a in corpus.all()}
    for doc in data["announcements"].values():
        record = json.loads(doc["record"])
        record["sections"] = [[s.heading, list(s.paragraphs)]
                              for s in by_hash[doc["hash"]].release.sections]
        doc["record"] = json.dumps(record)
    path.write_text(json.dumps(data))
    for name in (TEXTS_FILE, TEXTS_FILE + "-wal", TEXTS_FILE + "-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    migrated = open_stores(tmp_path).corpus
    assert migrated.ensure_search_index() is True
    assert found(migrated, '"gratis rechtsbijstand"') == [
        "betere-rechtsbescherming-kwetsbare-gezinnen"]
    assert [a.release.sections for a in migrated.all()] == \
        [by_hash[a.content_hash].release.sections for a in migrated.all()]
    stored = json.loads(path.read_text())["announcements"]
    assert all("sections" not in json.loads(d["record"]) for d in stored.values())


def test_a_failed_corpus_write_leaves_the_index_marked_stale(tmp_path, seed_items, monkeypatch):
    corpus = open_stores(tmp_path).corpus
    corpus.ingest(seed_items[:5], NOW)

    def broken(*args):
        raise OSError("disk full")
    monkeypatch.setattr(corpus, "_write", broken)
    with pytest.raises(OSError):
        corpus.ingest(seed_items[5:], NOW)
    reopened = open_stores(tmp_path).corpus
    assert len(reopened.all()) == 5
    assert reopened.ensure_search_index() is True
    assert {r for r in found(reopened, "kabinet")} <= {a.id for a in reopened.all()}


def test_a_short_stem_matches_only_its_own_words_a_longer_one_its_compounds():
    from briefings.extract import extract
    from briefings.parse import parse_releases

    text = ("Verder met de aanpak\n\nHet kabinet gaat verder met de aanpak van ondermijning.\n\n\n"
            "Verbeteren van de jeugdzorg\n\nDe jeugdbescherming moet verbeteren, zegt het "
            "kabinet.\n")
    releases = parse_releases(text, "korte-stammen.txt")
    corpus = open_stores(None).corpus
    corpus.ingest([(r, extract(r)) for r in releases], NOW)
    ids = {r.title.split()[0].lower(): a for r, a in zip(
        releases, [found(corpus, f'"{r.title}"')[0] for r in releases], strict=True)}
    assert found(corpus, "verder") == [ids["verder"]]  # the stem "ver" is no prefix
    assert found(corpus, "jeugd") == [ids["verbeteren"]]  # "jeugd" finds jeugdzorg


def test_many_matches_rank_the_newest_stored_and_say_so(tmp_path, seed_items, monkeypatch):
    from briefings.answers import search
    from briefings.library import Library
    from briefings.render import render

    corpus = open_stores(tmp_path).corpus
    corpus.ingest(seed_items, NOW)
    everything = found(corpus, "kabinet")
    assert len(everything) > 3
    monkeypatch.setattr(search_index_module, "RANKED", 3)
    library = Library(corpus.load_all(), searcher=corpus.search, texts=corpus.texts)
    answer = search(library, "kabinet")
    order = [a.id for a in corpus.load_all()]  # stored order
    newest = sorted(everything, key=order.index)[-3:]
    assert answer.total == len(everything) and answer.ranked == 3 and answer.pages == 1
    assert sorted(hit.id for hit in answer.hits) == sorted(newest)
    assert "de nieuwste 3 op volgorde van relevantie" in render(answer)
    assert search(library, "kabinet 2").hits == ()
