import datetime as dt

import pytest

from briefings.announcements import content_hash, slug
from briefings.extract import extract_all
from briefings.library import Library
from briefings.model import Announcement
from briefings.parse import parse_releases
from briefings.resources import SEED_CORPUS, data_text
from store import open_stores

# A fixed, timezone-aware "now" for every test that needs one (the day the gold was annotated).
NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def seed_releases():
    return parse_releases(data_text(SEED_CORPUS), SEED_CORPUS)


@pytest.fixture(scope="session")
def seed_extractions(seed_releases):
    return extract_all(seed_releases)


@pytest.fixture(scope="session")
def seed_library(seed_releases, seed_extractions):
    """The seed as the bot serves it: ingested into an in-memory store, loaded without texts,
    searched through the store's FTS5 index."""
    corpus = open_stores(None).corpus
    corpus.ingest(list(zip(seed_releases, seed_extractions, strict=True)), NOW)
    return Library(corpus.load_all(), searcher=corpus.search, texts=corpus.texts)


@pytest.fixture(scope="session")
def seed_library_in_memory(seed_releases, seed_extractions):
    """The seed with its texts in memory and no search index: the pure core alone."""
    return Library([Announcement(slug(r.title), r, e, content_hash(r))
                    for r, e in zip(seed_releases, seed_extractions, strict=True)])


@pytest.fixture
def now():
    return NOW
