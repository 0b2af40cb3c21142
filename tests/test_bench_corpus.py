"""The benchmarks' synthetic corpus must be as big in the store as it says: every generated
release its own announcement, with its own date and link."""

from __future__ import annotations

import datetime as dt

from bench.corpus import synthetic_releases
from briefings.extract import extract
from store import open_stores

NOW = dt.datetime(2026, 11, 28, 9, tzinfo=dt.UTC)


def test_every_synthetic_release_is_its_own_announcement(tmp_path):
    releases = synthetic_releases(40)
    assert len({r.url for r in releases}) == len(releases)
    assert all(r.published for r in releases)
    stores = open_stores(tmp_path)
    report = stores.corpus.ingest([(r, extract(r)) for r in releases], NOW)
    assert len(report.added) == len(releases)
    assert stores.corpus.count() == len(releases)
