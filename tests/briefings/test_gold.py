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


# The development set (tests/data/devset): F1 floors per kind, and topic precision per measure.
# Issue 10's targets are 0.95 money, 0.90 penalties, 0.85 milestones, 0.90 persons and 0.90
# topic precision; where a floor is lower, it is the best reached so far (see the report).
DEV_F1_FLOORS = {"amounts": 0.98, "penalties": 0.98, "milestones": 0.96, "persons": 0.98,
                 "measures": 0.78}
TOPIC_PRECISION_FLOOR = 0.92


@pytest.fixture(scope="module")
def dev_scores():
    from bench.score import devset_files, score_devset

    if not devset_files():
        pytest.skip("no development set")
    return score_devset()


@pytest.mark.parametrize("kind", sorted(DEV_F1_FLOORS))
def test_devset_f1_floor(dev_scores, kind):
    score = dev_scores[kind]
    assert score.expected > 0
    assert score.f1 >= DEV_F1_FLOORS[kind], "\n".join(score.problems)


def test_devset_topic_precision(dev_scores):
    assert dev_scores["topics"].precision >= TOPIC_PRECISION_FLOOR
