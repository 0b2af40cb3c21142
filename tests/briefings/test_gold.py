"""The extractor against the hand-made gold annotation of the seed corpus."""

import pytest

from bench.score import KINDS, score_seed


@pytest.fixture(scope="module")
def scores():
    return score_seed()


@pytest.mark.parametrize("kind", KINDS)
def test_seed_extraction_is_complete_and_exact(scores, kind):
    score = scores[kind]
    assert score.problems == []
    assert (score.precision, score.recall) == (1.0, 1.0)
    assert score.expected > 0


def test_extract_json_shape(seed_releases, seed_extractions):
    from briefings.export import extraction_json

    data = extraction_json(seed_releases[7], seed_extractions[7])
    assert set(data) >= {"title", "published", "source", "amounts", "penalties", "milestones",
                         "persons", "topics"}
    entry = next(m for m in data["milestones"] if m["precision"] == "day")
    assert set(entry) >= {"text", "date", "precision", "what"}
