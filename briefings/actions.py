"""Measures beyond numbers: what the government will do (an obligation, a right, a programme,
a law, a ban), each with its sentence. "Een omgangsplan wordt een verplicht onderdeel van de
wet", "Slachtoffers krijgen recht op gratis rechtsbijstand", "Er komt een meldplicht".

A sentence says what a measure is by its verbs and nouns; the first cue that fits, in the order
below, names its kind. Quotes, questions and reports of the past are no measures. Only the most
central few of a release are kept: a release is about a handful of measures, not about every
sentence with "moet" in it.
"""

from __future__ import annotations

import re

from .model import Action, ActionKind
from .passages import Passage

MAX_PER_RELEASE = 4

_CUES: tuple[tuple[ActionKind, re.Pattern[str]], ...] = (
    (ActionKind.BAN, re.compile(
        r"\b(verbod\w*|verbied\w*|verboden|mag\s+(?:\w+\s+){0,4}(?:geen|niet)\b|mogen\s+"
        r"(?:\w+\s+){0,4}(?:geen|niet|alleen nog)\b|geen\s+\w+\s+meer\s+(?:opleggen|geven)|"
        r"niet\s+langer\s+toegestaan)", re.IGNORECASE)),
    (ActionKind.OBLIGATION, re.compile(
        r"\b(verplicht\w*|meldplicht|plicht\b|moeten\b|moet\b|eigen bijdrage\b.*\bbetalen|"
        r"gaan\s+(?:\w+\s+){0,6}betalen)", re.IGNORECASE)),
    (ActionKind.RIGHT, re.compile(
        r"\b(recht\s+op|het\s+recht\s+om|krijg\w*\s+(?:\w+\s+){0,4}(?:recht|gratis|een\s+eigen|"
        r"voortaan)|gratis\s+\w+|kunnen\s+(?:\w+\s+){0,5}(?:aanvragen|volgen|krijgen))",
        re.IGNORECASE)),
    (ActionKind.LAW, re.compile(
        r"\b(wetsvoorstel\w*|strafbaar\s+feit|wordt\s+(?:\w+\s+){0,3}strafbaar|wijzigt\s+de|"
        r"wetswijziging)", re.IGNORECASE)),
    (ActionKind.PROGRAMME, re.compile(
        r"\b(programma\w*|proef\w*|pilot\w*|campagne\w*|gaat\s+(?:\w+\s+){0,3}van\s+start|start\w*|"
        r"opent|ingericht|aangenomen|komt\s+er\s+een|meldpunt\w*|register|app\b|gaat\s+door|"
        r"aanpak\w*|team\w*|worden\s+(?:\w+\s+){0,4}(?:opgeleid|ingezet|geplaatst)|"
        r"samen\s+geplaatst|extra\s+\w+)", re.IGNORECASE)),
)
_FUTURE_OR_NOW = re.compile(r"\b(wordt|worden|komt|komen|krijg\w*|gaat|gaan|moet\w*|mag|mogen|"
                            r"kan|kunnen|zal|zullen|start|opent|wil|volgt|voortaan|straks|"
                            r"per\s+\d|vanaf|is\s+\w+\s+gestart|wijzigt|regelt)\b", re.IGNORECASE)
_QUOTE = re.compile(r"[“”\"]|^\W*[A-Z][\w-]+:\s")
_PAST = re.compile(r"\b(werd|werden|was|waren|hadden|had|boekte|bleek|bleken|daalde|steeg|"
                   r"vorig jaar|in \d{4}\b(?!\s+(?:in werking|ingaan)))", re.IGNORECASE)
# A concrete measure names itself; "moet" or "extra" alone is often an opinion or a wish.
_CONCRETE = re.compile(r"\b(verplicht\w*|verbod\w*|verbied\w*|recht\s+op|het\s+recht\s+om|"
                       r"meldplicht|wetsvoorstel|strafbaar|programma|proef|pilot|campagne|"
                       r"meldpunt|register|eigen bijdrage|vertrouwenspersoon|gratis|samen\s+"
                       r"geplaatst|wordt\s+opgenomen|vastgelegd)", re.IGNORECASE)
_OPINION = re.compile(r"\b(we|wij|ons|onze|iedereen|mensen\s+moeten)\b", re.IGNORECASE)
_POLICY = re.compile(r"\b(wordt|worden|komt|komen|krijg\w*|gaat|gaan|straks|voortaan|per\s+\d|"
                     r"vanaf|start\w*|opent)\b", re.IGNORECASE)
# "X wordt een verplicht onderdeel", "krijgen recht op": the sentence states the measure itself.
_DECIDED = re.compile(r"\b(wordt|worden|komt|komen|krijg\w*)\b(?:\s+[\w-]+){0,5}?\s+(?:een\s+)?"
                      r"(verplicht\w*|recht|verbod\w*|verboden|strafbaar|meldplicht|programma|"
                      r"proef|vertrouwenspersoon)", re.IGNORECASE)
_STRENGTH = {ActionKind.BAN: 5, ActionKind.OBLIGATION: 4, ActionKind.RIGHT: 4,
             ActionKind.LAW: 3, ActionKind.PROGRAMME: 2, ActionKind.OTHER: 1}


def find_actions(passages: list[Passage]) -> list[Action]:
    found = []
    for passage in passages:
        action = _action(passage)
        if action is not None:
            found.append(action)
    chosen = sorted(found, key=lambda a: -a.weight)[:MAX_PER_RELEASE]
    return [a for a in found if a in chosen]


def _action(passage: Passage) -> Action | None:
    text = passage.text.strip()
    if passage.in_title or len(text) < 30 or text.endswith("?") or _QUOTE.search(text):
        return None
    if not _FUTURE_OR_NOW.search(text) or _PAST.search(text):
        return None
    concrete = _CONCRETE.search(text)
    if not concrete and (_OPINION.search(text) or not _POLICY.search(text)):
        return None   # "Ouders moeten beschermd zijn": a wish, not a measure
    for kind, cue in _CUES:
        if cue.search(text):
            weight = _STRENGTH[kind] * 10 - min(passage.sentence, 30) \
                + 40 * bool(concrete) + 30 * bool(_DECIDED.search(text)) \
                - 40 * bool(_OPINION.search(text))
            return Action(kind=kind, sentence=text, weight=weight)
    return None
