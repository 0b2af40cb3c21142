"""The extraction engine: a parsed release → its measures, milestones, persons and topics."""

from __future__ import annotations

import re
import statistics
from dataclasses import replace

from .actions import find_actions
from .dates import DateContext
from .milestones import explicit_years, find_milestones
from .model import AmountKind, Extraction, Release
from .money import find_amounts
from .passages import Passage, passages
from .penalties import find_penalties
from .persons import find_organisations, find_persons
from .topics import announcement_topics, count_topics, topics_of

# Bump whenever a change to extraction changes what it finds: a bot that starts on a store
# extracted by another version extracts every stored release again (`briefingbot reindex`).
EXTRACTOR_VERSION = 1


def extract(release: Release, reference_year: int | None = None) -> Extraction:
    """Everything in one release. `reference_year` dates a weekday date ("dinsdag 12 november")
    when the release has no publication date; see `corpus_reference_year`."""
    found = passages(release)
    context = DateContext(published=release.published, reference_year=reference_year)
    topics = announcement_topics(release.title, release.body)
    amounts = tuple(replace(a, topics=_measure_topics(
                        a.sentence, found, () if a.kind in _OWN_HOUSE else topics,
                        own_only=a.kind in _OWN_HOUSE))
                    for a in find_amounts(found))
    # A penalty is about its offence: "aanwezig hebben van harddrugs" is /drugs even where its
    # sentence only says "Dat verandert … naar 8 jaar".
    penalties = tuple(replace(p, topics=_merge(_measure_topics(p.text, found, (),
                                                               without=PENALTY_TOPIC,
                                                               about=p.offence),
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
    return reference_year(years)


def reference_year(years: list[int]) -> int | None:
    """The median of the years a corpus is dated or talks about."""
    return int(statistics.median_low(years)) if years else None


# Every penalty change is criminal law, whatever else it is about.
PENALTY_TOPIC = "strafrecht"
MEASURE_TOPICS = 1


def _measure_topics(sentence: str, found: list[Passage], announcement: tuple[str, ...],
                    without: str | None = None, own_only: bool = False,
                    about: str = "") -> tuple[str, ...]:
    """What the measure itself is about: its own sentence (the release's main topic breaks a
    tie; "ervan"/"daarvoor" bring in the sentence before), else its section's heading, else the
    release's main topic. Not every word nearby: not the participants a relative clause lists
    ("waarin politie en Douane samenwerken"), not the law it is written into ("Wetboek van
    Strafrecht"). A penalty's subject comes from its sentence or heading only; a cut or an
    envelope from its own sentence only."""
    rank = {t: i for i, t in enumerate(announcement)}
    counts = count_topics(_subject_text(sentence))
    counts.update({t: 1 for t in count_topics(about) if t not in counts})
    if _ANAPHORA.search(sentence):
        counts.update(count_topics(_subject_text(_sentence_before(sentence, found))))
    counts.pop(without or "", None)
    own = sorted(counts, key=lambda t: (-counts[t], rank.get(t, len(rank))))
    if not own and not own_only:
        heading = next((p.heading for p in found if p.text == sentence), None)
        own = [t for t in topics_of(heading or "") if t != without]
    if not own and not own_only:
        own = [t for t in announcement if t != without]
    return tuple(own[:MEASURE_TOPICS])


# Cuts on the ministry's own budget and envelopes named as context belong to no topic unless
# their own sentence names one.
_OWN_HOUSE = (AmountKind.CUT, AmountKind.CONTEXT)
_ANAPHORA = re.compile(r"\b(ervan|daarvan|hiervan|daarvoor|hiervoor|daartegen|hiertegen)\b",
                       re.IGNORECASE)
_NOT_THE_SUBJECT = re.compile(
    r"\b(?:waarin|waarbij|waarmee)\b[^.;:]*|"
    r"\bWetboek van (?:Strafrecht|Strafvordering)\b", re.IGNORECASE)


def _subject_text(sentence: str) -> str:
    return _NOT_THE_SUBJECT.sub(" ", sentence)


def _sentence_before(sentence: str, found: list[Passage]) -> str:
    index = next((i for i, p in enumerate(found) if p.text == sentence), None)
    if not index or found[index - 1].in_title \
            or found[index - 1].paragraph != found[index].paragraph:
        return ""
    return found[index - 1].text


def _merge(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*first, *second)))
