"""EXTRACTOR_VERSION is bumped whenever extraction changes (the bot re-extracts a store made by
another version at start; an unchanged version would leave old measures in place)."""

from bench.extractor_fingerprint import fingerprint, recorded
from briefings.extract import EXTRACTOR_VERSION


def test_extraction_changes_only_with_a_new_extractor_version():
    record = recorded()
    now = fingerprint()
    if record["extractor_version"] == EXTRACTOR_VERSION:
        assert now == record["fingerprint"], (
            "extraction of the seed and the development set changed: bump EXTRACTOR_VERSION "
            "in briefings/extract.py, then run `python -m bench.extractor_fingerprint --write`")
    else:
        assert now != record["fingerprint"], "a new EXTRACTOR_VERSION without a change"
        raise AssertionError("EXTRACTOR_VERSION was bumped: record it with "
                             "`python -m bench.extractor_fingerprint --write`")
