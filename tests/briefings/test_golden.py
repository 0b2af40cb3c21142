"""Every command's answer on the seed corpus, compared with exact expected text.

After a deliberate change of wording, regenerate with `UPDATE_GOLDEN=1 make test` and review the
diff of tests/golden/ like any other change.
"""

import os
from pathlib import Path

import pytest

from briefings.commands import answer_html, parse_command

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
    rendered = answer_html(seed_library, parse_command(text, "BriefingBot"), now, private)
    path = GOLDEN / f"{name}.html"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(rendered + "\n", encoding="utf-8")
    assert rendered + "\n" == path.read_text(encoding="utf-8")


def test_aliases_answer_like_their_dutch_command(seed_library, now):
    for dutch, english in (("/onderwerpen", "/topics"), ("/mijlpalen", "/milestones"),
                           ("/nieuws", "/latest"), ("/zoek drugs", "/search drugs"),
                           ("/bericht hogere", "/show hogere"), ("/help", "/start")):
        assert (answer_html(seed_library, parse_command(dutch), now)
                == answer_html(seed_library, parse_command(english), now))


def test_commands_for_another_bot_are_ignored():
    assert parse_command("/budget@AndereBot", "BriefingBot") is None
    assert parse_command("/budget@briefingbot jeugd", "BriefingBot").arguments == "jeugd"
    assert parse_command("geen opdracht", "BriefingBot") is None
