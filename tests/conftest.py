import datetime as dt

import pytest

from briefings.announcements import content_hash, slug
from briefings.extract import extract_all
from briefings.library import Library
from briefings.model import Announcement
from briefings.parse import parse_releases
from briefings.resources import SEED_CORPUS, data_text

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
    return Library([Announcement(slug(r.title), r, e, content_hash(r))
                    for r, e in zip(seed_releases, seed_extractions, strict=True)])


@pytest.fixture
def now():
    return NOW
