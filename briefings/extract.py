"""The extraction engine: a parsed release → its measures, milestones, persons and topics."""

from __future__ import annotations

import statistics
from dataclasses import replace

from .actions import find_actions
from .dates import DateContext
from .milestones import explicit_years, find_milestones
from .model import Extraction, Release
from .money import find_amounts
from .passages import Passage, passages
from .penalties import find_penalties
from .persons import find_organisations, find_persons
from .topics import announcement_topics, count_topics, topics_of


def extract(release: Release, reference_year: int | None = None) -> Extraction:
    """Everything in one release. `reference_year` dates a weekday date ("dinsdag 12 november")
    when the release has no publication date; see `corpus_reference_year`."""
    found = passages(release)
    context = DateContext(published=release.published, reference_year=reference_year)
    topics = announcement_topics(release.title, release.body)
    amounts = tuple(replace(a, topics=_measure_topics(a.sentence, found, topics))
                    for a in find_amounts(found))
    penalties = tuple(replace(p, topics=_merge(_measure_topics(p.text, found, topics,
                                                               without=PENALTY_TOPIC),
                                               (PENALTY_TOPIC,)))
                      for p in find_penalties(found))
    milestones = tuple(replace(m, topics=_measure_topics(m.sentence, found, topics))
                       for m in find_milestones(found, context))
    actions = tuple(replace(a, topics=_measure_topics(a.sentence, found, topics))
                    for a in find_actions(found))
    # A release, its measures and its milestones agree: a measure's topic is the release's too.
    measured = [t for group in (amounts, penalties, milestones, actions)
                for item in group for t in item.topics]
    return Extraction(
        amounts=amounts,
        penalties=penalties,
        milestones=milestones,
        persons=tuple(find_persons(found)),
        organisations=tuple(find_organisations(found)),
        topics=_merge(topics, tuple(measured)),
        actions=actions,
    )


def extract_all(releases: list[Release]) -> list[Extraction]:
    reference = corpus_reference_year(releases)
    return [extract(r, reference) for r in releases]


def corpus_reference_year(releases: list[Release]) -> int | None:
    """The median year the corpus talks about, for releases that carry no date of their own."""
    years = [r.published.year for r in releases if r.published]
    if not years:
        years = [y for r in releases for y in explicit_years(passages(r))]
    return int(statistics.median_low(years)) if years else None


# Every penalty change is criminal law, whatever else it is about.
PENALTY_TOPIC = "strafrecht"
MEASURE_TOPICS = 1


def _measure_topics(sentence: str, found: list[Passage], announcement: tuple[str, ...],
                    without: str | None = None) -> tuple[str, ...]:
    """What the measure itself is about: its own sentence (the release's main topic breaks a
    tie), else its section's heading, else the release's main topic. Not every word nearby."""
    rank = {t: i for i, t in enumerate(announcement)}
    counts = count_topics(sentence)
    counts.pop(without or "", None)
    own = sorted(counts, key=lambda t: (-counts[t], rank.get(t, len(rank))))
    if not own:
        heading = next((p.heading for p in found if p.text == sentence), None)
        own = [t for t in topics_of(heading or "") if t != without]
    if not own:
        own = [t for t in announcement if t != without]
    return tuple(own[:MEASURE_TOPICS])


def _merge(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*first, *second)))
