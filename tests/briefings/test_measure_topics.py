"""A measure's topics come from what it is about, not from any word nearby (issue 10)."""

from pathlib import Path

from briefings.extract import extract
from briefings.model import AmountKind
from briefings.parse import parse_releases
from briefings.topics import count_topics

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"


def _extraction():
    name = "onderwerpen-per-maatregel.txt"
    [release] = parse_releases((FIXTURES / name).read_text(encoding="utf-8"), name)
    return release, extract(release)


def test_participants_in_a_relative_clause_do_not_make_the_topic():
    release, found = _extraction()
    team = next(a for a in found.amounts if "waarin" in a.sentence)
    assert "politie" in count_topics(team.sentence), "the fixture names the participants"
    assert "politie" not in team.topics
    assert team.topics == found.topics[:1], "no topic of its own: the release's main topic"


def test_the_law_a_change_is_written_into_is_not_its_subject():
    _, found = _extraction()
    [milestone] = [m for m in found.milestones if "Wetboek" in m.sentence]
    assert "strafrecht" in count_topics(milestone.sentence)
    assert milestone.topics and "strafrecht" not in milestone.topics


def test_a_cut_on_the_ministry_itself_has_no_topic_of_the_release():
    _, found = _extraction()
    [cut] = [a for a in found.amounts if a.kind is AmountKind.CUT]
    assert cut.topics == ()


def test_a_penalty_is_about_its_offence_and_is_criminal_law():
    _, found = _extraction()
    [penalty] = found.penalties
    assert set(penalty.topics) == {"ondermijning", "strafrecht"}
