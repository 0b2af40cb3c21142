"""The extraction engine: a parsed release → its measures, milestones, persons and topics."""

from __future__ import annotations

import statistics
from dataclasses import replace

from .dates import DateContext
from .milestones import explicit_years, find_milestones
from .model import Extraction, Release
from .money import find_amounts
from .passages import Passage, passages
from .penalties import find_penalties
from .persons import find_organisations, find_persons
from .topics import announcement_topics, topics_of


def extract(release: Release, reference_year: int | None = None) -> Extraction:
    """Everything in one release. `reference_year` dates a weekday date ("dinsdag 12 november")
    when the release has no publication date; see `corpus_reference_year`."""
    found = passages(release)
    context = DateContext(published=release.published, reference_year=reference_year)
    topics = announcement_topics(release.title, release.body)
    amounts = find_amounts(found)
    return Extraction(
        amounts=tuple(replace(a, topics=_merge(_measure_topics(a.sentence, found, topics),
                                               topics[:1])) for a in amounts),
        penalties=tuple(replace(p, topics=_merge(_measure_topics(p.text, found, topics), topics))
                        for p in find_penalties(found)),
        milestones=tuple(replace(m, topics=_merge(topics_of(m.sentence), topics))
                         for m in find_milestones(found, context)),
        persons=tuple(find_persons(found)),
        organisations=tuple(find_organisations(found)),
        topics=topics,
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


def _measure_topics(sentence: str, found: list[Passage], announcement: tuple[str, ...]
                    ) -> tuple[str, ...]:
    heading = next((p.heading for p in found if p.text == sentence), None)
    own = _merge(topics_of(heading or ""), topics_of(sentence))
    return own or announcement


def _merge(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*first, *second)))
