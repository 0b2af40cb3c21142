import datetime as dt

import pytest
from icalendar import Calendar

from briefings.agenda import agenda
from briefings.feeds import MalformedFeed, parse_feed

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
    assert len(events) == len(seed_library.milestones)
    wetboek = next(e for e in events if e.decoded("dtstart") == dt.date(2029, 4, 1))
    assert str(wetboek["summary"]).startswith("Op 1 april 2029 treedt het nieuwe Wetboek")
    assert "nieuw-wetboek-strafvordering-klaar" in str(wetboek["description"])
    release = seed_library.get("nieuw-wetboek-strafvordering-klaar").release
    assert str(wetboek["url"]) == release.url  # the event links its release
    assert release.url in str(wetboek["description"])
    spring = next(e for e in events if str(e["summary"]).startswith("[voorjaar 2025]"))
    assert spring.decoded("dtstart") == dt.date(2025, 3, 1)
    assert len({str(e["uid"]) for e in events}) == len(events)
