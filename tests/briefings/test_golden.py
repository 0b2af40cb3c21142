"""Every command's answer on the seed corpus, compared with exact expected text.

After a deliberate change of wording, regenerate with `UPDATE_GOLDEN=1 make test` and review the
diff of tests/golden/ like any other change.
"""

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from briefings.commands import Request, command_table, parse, reply_html

ZONE = ZoneInfo("Europe/Amsterdam")


def answer_html(library, text, now, private=True, bot_username=None):
    invocation = parse(text, command_table(), bot_username)
    request = Request(library, invocation.arguments, now, ZONE, private)
    return reply_html(invocation, request, command_table())


GOLDEN = Path(__file__).resolve().parents[1] / "golden"
CASES = {
    "help": ("/help", True),
    "help_group": ("/start", False),
    "help_group_unknown": ("/onbekend", False),
    "unknown_private": ("/onbekend", True),
    "budget": ("/budget", True),
    "budget_jeugd": ("/budget jeugd", True),
    "budget_unknown_topic": ("/budget sport", True),
    "jeugd": ("/jeugd", True),
    "drugs": ("/drugs", True),
    "politie": ("/politie", True),
    "strafrecht": ("/strafrecht", True),
    "demonstratie": ("/demonstratie", True),
    "onderwerpen": ("/topics", True),
    "mijlpalen": ("/mijlpalen", True),
    "mijlpalen_jeugd": ("/milestones jeugd", True),
    "nieuws": ("/nieuws", True),
    "nieuws_bad_count": ("/nieuws veel", True),
    "bericht_wetboek": ("/bericht nieuw-wetboek", True),
    "bericht_ambiguous": ("/show b", True),
    "bericht_unknown": ("/bericht bestaat-niet", True),
    "bericht_missing_id": ("/bericht", True),
    "zoek_phrase": ('/zoek "gratis rechtsbijstand"', True),
    "zoek_words": ("/search drones gevangenis", True),
    "zoek_nothing": ("/zoek ruimtevaart", True),
    "zoek_empty": ("/zoek", True),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_answer_matches_golden_text(name, seed_library, now):
    text, private = CASES[name]
    rendered = answer_html(seed_library, text, now, private, "BriefingBot")
    path = GOLDEN / f"{name}.html"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(rendered + "\n", encoding="utf-8")
    assert rendered + "\n" == path.read_text(encoding="utf-8")


def test_aliases_answer_like_their_dutch_command(seed_library, now):
    for dutch, english in (("/onderwerpen", "/topics"), ("/mijlpalen", "/milestones"),
                           ("/nieuws", "/latest"), ("/zoek drugs", "/search drugs"),
                           ("/bericht hogere", "/show hogere"), ("/help", "/start")):
        assert (answer_html(seed_library, dutch, now)
                == answer_html(seed_library, english, now))


def test_commands_for_another_bot_are_ignored():
    table = command_table()
    assert parse("/budget@AndereBot", table, "BriefingBot") is None
    assert parse("/budget@briefingbot jeugd", table, "BriefingBot").arguments == "jeugd"
    assert parse("geen opdracht", table, "BriefingBot") is None


def test_countdowns_count_in_the_configured_zone(seed_library):
    """19:30 in New York on the eve of a milestone is already the next day in Amsterdam: the
    answer follows the configured zone, not a zone typed into the core."""
    from briefings.answers import milestones

    milestone = next(s.item for s in seed_library.milestones
                     if s.item.date.precision == "day" and s.item.forward_looking)
    eve = dt.datetime.combine(milestone.date.start - dt.timedelta(days=1), dt.time(19, 30),
                              ZoneInfo("America/New_York"))
    in_new_york = milestones(seed_library, eve, ZoneInfo("America/New_York"))
    in_amsterdam = milestones(seed_library, eve, ZONE)
    line = next(m for m in in_new_york.upcoming if m.what == milestone.what)
    assert line.countdown == "morgen"
    assert next(m for m in in_amsterdam.upcoming if m.what == milestone.what).countdown == "vandaag"


def test_topic_briefing_shows_the_releases_measures_beyond_numbers(seed_library, now):
    """'Maatregelen': each release's own obligations under its topic (for /jeugd: the
    omgangsplan), taken from the corpus rather than typed here."""
    from briefings.answers import topic_briefing
    from briefings.model import ActionKind
    from briefings.topics import topic_table

    topic = topic_table().get("jeugd")
    answer = topic_briefing(seed_library, topic, now, ZONE)
    shown = {line.sentence for line in answer.actions}
    expected = {a.sentence for announcement in seed_library.announcements
                for a in announcement.extraction.actions
                if a.kind is ActionKind.OBLIGATION and "jeugd" in a.topics and "verplicht"
                in a.sentence}
    assert expected and expected <= shown
