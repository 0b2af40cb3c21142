import datetime as dt

import pytest
from icalendar import Calendar

from briefings.agenda import agenda
from briefings.feeds import MalformedFeed, parse_feed
from briefings.model import MilestoneKind, Precision

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>JenV</title>
<entry><title>Strengere straffen voor witwassen</title>
<link href="https://www.rijksoverheid.nl/actueel/nieuws/2026/03/02/witwassen"/>
<updated>2026-03-02T09:00:00Z</updated>
<content type="html">&lt;p&gt;De maximumstraf voor witwassen gaat van 8 naar 12
jaar.&lt;/p&gt;
&lt;h2&gt;Planning&lt;/h2&gt;&lt;p&gt;Per 1 januari 2027 treedt de wet in
werking.&lt;/p&gt;</content>
</entry>
<entry><title></title><content type="html">&lt;p&gt;zonder titel&lt;/p&gt;</content></entry>
</feed>"""


def test_atom_entries_become_releases_with_date_url_and_sections():
    [release], skipped = parse_feed(ATOM, "feed.xml")
    assert release.title == "Strengere straffen voor witwassen"
    assert release.published == dt.date(2026, 3, 2)
    assert release.url.endswith("/witwassen")
    assert [s.heading for s in release.sections] == [None, "Planning"]
    assert len(skipped) == 1 and "zonder titel" in skipped[0]


@pytest.mark.parametrize("junk", [b"", b"<html><body>Niet gevonden</body></html>",
                                  b"\x00\x01\x02 binary", b"<rss><channel></channel></rss>"])
def test_junk_is_refused(junk):
    with pytest.raises(MalformedFeed):
        parse_feed(junk, "kapot.xml")


def test_agenda_is_a_valid_calendar_with_one_event_per_milestone(seed_library, now):
    calendar = Calendar.from_ical(agenda(seed_library, now))
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len([s for s in seed_library.milestones if s.item.forward_looking])
    wetboek = next(e for e in events if e.decoded("dtstart") == dt.date(2029, 4, 1))
    assert str(wetboek["summary"]).startswith("Op 1 april 2029 treedt het nieuwe Wetboek")
    assert "nieuw-wetboek-strafvordering-klaar" in str(wetboek["description"])
    release = seed_library.get("nieuw-wetboek-strafvordering-klaar").release
    assert str(wetboek["url"]) == release.url  # the event links its release
    assert release.url in str(wetboek["description"])
    spring = next(e for e in events if str(e["summary"]).startswith("[voorjaar 2025]"))
    assert spring.decoded("dtstart") == dt.date(2025, 3, 1)
    assert spring.decoded("dtend") == dt.date(2025, 6, 1)  # the whole season, DTEND exclusive
    assert len({str(e["uid"]) for e in events}) == len(events)


def _events_by_sentence(library, now):
    calendar = Calendar.from_ical(agenda(library, now))
    return {str(e["description"]).split("\n\n")[0]: e for e in calendar.walk("VEVENT")}


def test_the_agenda_leaves_out_past_events_and_history(seed_library, now):
    """'In maart 2023 werden de Boeken … ingediend' is history, not an appointment."""
    events = _events_by_sentence(seed_library, now)
    behind = [s.item for s in seed_library.milestones if not s.item.forward_looking]
    assert {m.kind for m in behind} >= {MilestoneKind.PAST_EVENT, MilestoneKind.HISTORICAL}
    assert not [m for m in behind if m.sentence in events]


def test_a_coarse_date_spans_its_whole_range(seed_library, now):
    """A month, season, year or period is an all-day event over all of it (DTEND exclusive),
    not a single day on its first day."""
    events = _events_by_sentence(seed_library, now)
    coarse = [s.item for s in seed_library.milestones
              if s.item.forward_looking and s.item.date.precision is not Precision.DAY]
    assert {m.date.precision for m in coarse} >= {Precision.YEAR, Precision.PERIOD}
    for milestone in coarse:
        event = events[milestone.sentence]
        assert event.decoded("dtstart") == milestone.date.start
        assert event.decoded("dtend") == milestone.date.end + dt.timedelta(days=1)
        assert isinstance(event.decoded("dtend"), dt.date)
        assert not isinstance(event.decoded("dtend"), dt.datetime)  # all-day
    period = next(m for m in coarse if m.date.precision is Precision.PERIOD)
    span = events[period.sentence]
    assert span.decoded("dtend") == dt.date(period.date.end_year + 1, 1, 1)


def test_every_event_links_its_release(seed_library, now):
    events = _events_by_sentence(seed_library, now)
    for sourced in seed_library.milestones:
        if sourced.item.forward_looking and sourced.announcement.release.url:
            assert str(events[sourced.item.sentence]["url"]) == sourced.announcement.release.url
