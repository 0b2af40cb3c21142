"""Identity of releases: the pure new / updated / unchanged decision."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from briefings.ingest_decision import Outcome, decide, stored_form
from briefings.model import Section

URL = "https://www.rijksoverheid.nl/actueel/nieuws/2024/11/12/bericht"


def bare(release):
    """As a text file without `Datum:` and `Bron:` gives it."""
    return replace(release, published=None, url=None)


def relaid(release):
    """The same text as a page extractor gives it: other paragraph breaks, no sub-headings."""
    words = release.body.split()
    half = len(words) // 2
    return replace(release, sections=(Section(None, (" ".join(words[:half]),
                                                     " ".join(words[half:]))),))


def test_the_same_release_with_date_and_source_added_is_an_update(seed_releases):
    dated = replace(seed_releases[0], published=dt.date(2024, 11, 12), url=URL)
    decision = decide(dated, [stored_form("a", bare(seed_releases[0]))])
    assert (decision.outcome, decision.id) == (Outcome.UPDATED, "a")
    assert (decision.release.published, decision.release.url) == (dated.published, URL)


def test_the_same_release_without_its_metadata_keeps_the_stored_metadata(seed_releases):
    dated = replace(seed_releases[0], published=dt.date(2024, 11, 12), url=URL)
    decision = decide(bare(seed_releases[0]), [stored_form("a", dated)])
    assert (decision.outcome, decision.id) == (Outcome.UNCHANGED, "a")
    assert decision.release.url == URL


def test_a_file_and_a_source_item_of_one_release_are_one_announcement(seed_releases):
    from_file = bare(seed_releases[3])
    from_source = replace(relaid(from_file), source="https://example.org/feed", url=URL,
                          published=dt.date(2024, 11, 12))
    assert decide(from_source, [stored_form("a", from_file)]).id == "a"
    assert decide(from_file, [stored_form("b", from_source)]).id == "b"


def test_the_same_url_is_the_same_release_even_retitled(seed_releases):
    stored = replace(seed_releases[0], url=URL)
    retitled = replace(seed_releases[1], url=URL)
    decision = decide(retitled, [stored_form("a", stored)])
    assert (decision.outcome, decision.id) == (Outcome.UPDATED, "a")


def test_an_edited_release_is_an_update(seed_releases):
    release = seed_releases[2]
    edited = replace(release, sections=(*release.sections, Section("Nieuw", ("Extra zin.",))))
    assert decide(edited, [stored_form("a", release)]).outcome is Outcome.UPDATED


def test_another_release_with_the_same_title_is_new(seed_releases):
    first, second = bare(seed_releases[0]), bare(seed_releases[1])
    namesake = replace(second, title=first.title)
    assert decide(namesake, [stored_form("a", first)]).outcome is Outcome.NEW


def test_a_near_copy_that_disagrees_on_date_is_a_different_release(seed_releases):
    release = bare(seed_releases[2])
    last_year = replace(release, published=dt.date(2023, 5, 1))
    this_year = replace(release, published=dt.date(2024, 5, 1),
                        sections=(*release.sections, Section(None, ("Nieuwe cijfers.",))))
    assert decide(this_year, [stored_form("a", last_year)]).outcome is Outcome.NEW


def test_nothing_stored_is_new(seed_releases):
    assert decide(seed_releases[0], []).outcome is Outcome.NEW
