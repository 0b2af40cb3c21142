"""Measures beyond numbers: what is shown under "Maatregelen" must be a measure (issue 10)."""

import pytest

from briefings.actions import find_actions
from briefings.model import ActionKind
from briefings.passages import Passage


def actions_in(*sentences):
    return find_actions([Passage(s, 0, i + 1, None) for i, s in enumerate(sentences)])


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Woningcorporaties en gemeenten moeten overlast door drugsdealers voortaan binnen twee "
     "weken melden.", ActionKind.OBLIGATION),
    ("Ook kan de rechter stalkers straks een contactverbod van 5 jaar opleggen.",
     ActionKind.BAN),
    ("De minister heeft een wetsvoorstel in consultatie gegeven dat de rechtspositie van "
     "getuigen versterkt.", ActionKind.LAW),
    ("Per 1 januari treedt de Wet herziening tenuitvoerlegging in werking.", ActionKind.LAW),
    ("Politie en reclassering werken vanaf volgende maand in heel het land met één digitaal "
     "volgsysteem.", ActionKind.PROGRAMME),
    ("Volgend jaar houdt het OM een landelijke voorlichtingsactie over sextortion.",
     ActionKind.PROGRAMME),
])
def test_a_measure_and_its_kind(sentence, kind):
    [action] = actions_in(sentence)
    assert action.kind is kind


@pytest.mark.parametrize("sentence", [
    "De reclassering krijgt vanaf 2026 jaarlijks € 12 miljoen extra voor toezicht.",
    "Het tekort aan rechters moet snel worden opgelost, zegt de minister.",
    "Wie zich niet aan het contactverbod houdt, wordt strafbaar met een geldboete.",
    "Hij laat onderzoeken of een landelijk meldpunt voor stalking daarbij kan helpen.",
    "Reageren op het wetsvoorstel kan tot 1 maart via internetconsultatie.",
    "Komend jaar moet het bij de Tweede Kamer liggen.",
    "Een verdachte heeft recht op een advocaat bij het eerste verhoor.",
    "Daarmee kunnen meer reclasseringswerkers worden aangenomen.",
])
def test_no_measure(sentence):
    assert actions_in(sentence) == []


def test_more_about_a_measure_already_named_is_not_another_one():
    found = actions_in("Er komt een landelijk register van contactverboden.",
                       "Het register moet gemeenten helpen overtreders sneller te zien.")
    assert [a.sentence[:10] for a in found] == ["Er komt ee"]
