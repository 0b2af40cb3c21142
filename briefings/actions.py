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
from .money_mentions import mentions as money_mentions
from .passages import Passage

MAX_PER_RELEASE = 4

_CUES: tuple[tuple[ActionKind, re.Pattern[str]], ...] = (
    (ActionKind.BAN, re.compile(
        r"(\w*verbod\w*|\bverbied\w*|\bverboden|\bmag\s+(?:\w+\s+){0,4}(?:geen|niet)\b|\bmogen\s+"
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
        r"wetswijziging|voorstel\s+tot\s+wijziging)|"
        r"\btreedt\s+(?:de\s+)?W[e]t\s+(?:\w+\s+){0,4}in\s+werking")),
    (ActionKind.PROGRAMME, re.compile(
        r"\b(programma\w*|proef\w*|pilot\w*|campagne\w*|gaat\s+(?:\w+\s+){0,3}van\s+start|start\w*|"
        r"opent|ingericht|aangenomen|komt\s+er\s+een|meldpunt\w*|register|app\b|gaat\s+door|"
        r"aanpak\w*|team\w*|worden\s+(?:\w+\s+){0,4}(?:opgeleid|ingezet|geplaatst)|"
        r"samen\s+geplaatst|extra\s+\w+|\w+actie\b|\w*handreiking|"
        r"werk\w*\s+(?:\w+\s+){0,8}?met\s+(?:een|één)\b)", re.IGNORECASE)),
)
_FUTURE_OR_NOW = re.compile(r"\b(wordt|worden|komt|komen|krijg\w*|gaat|gaan|moet\w*|mag|mogen|"
                            r"kan|kunnen|zal|zullen|start\w*|opent|wil|volgt|voortaan|straks|"
                            r"per\s+\d|vanaf|is\s+(?:\w+\s+){1,4}gestart|wijzigt|regelt|\w*voorstel\s+bevat|"
                            r"(?:volgend|komend)\s+jaar|deze\s+week|morgen|in\s+consultatie|"
                            r"heeft\s+(?:\w+\s+){0,8}?(?:gestuurd|ingediend|aangeboden))\b",
                            re.IGNORECASE)
_QUOTE = re.compile(r"[“”\"]|^\W*[A-Z][\w-]+:\s")
_PAST = re.compile(r"\b(werd|werden|was|waren|hadden|had|boekte|bleek|bleken|daalde|steeg|"
                   r"vorig jaar|in \d{4}\b(?!\s+(?:in werking|ingaan)))", re.IGNORECASE)
# A concrete measure names itself; "moet" or "extra" alone is often an opinion or a wish.
_CONCRETE = re.compile(r"\b(verplicht\w*|verbod\w*|verbied\w*|recht\s+op|het\s+recht\s+om|"
                       r"meldplicht|wetsvoorstel|strafbaar|programma|proef|pilot|campagne|"
                       r"meldpunt|register|eigen bijdrage|vertrouwenspersoon|gratis|samen\s+"
                       r"geplaatst|wordt\s+opgenomen|vastgelegd|\w+verbod|geen\s+\w+\s+meer|"
                       r"voorstel\s+tot\s+wijziging|in\s+consultatie|"
                       # "Gemeenten moeten …": an obligation laid on an institution, not a wish
                       r"^(?:[\w-]+\s+){0,3}?(?:gemeenten|banken|bedrijven|organisaties|"
                       r"\w*aanbieders|instellingen|werkgevers|platforms?|scholen)\b"
                       r"[^.;]*?\bmoeten\b)", re.IGNORECASE)
_OPINION = re.compile(r"\b(we|wij|ons|onze|iedereen|mensen\s+moeten)\b", re.IGNORECASE)
_POLICY = re.compile(r"\b(wordt|worden|komt|komen|krijg\w*|gaat|gaan|straks|voortaan|per\s+\d|"
                     r"vanaf|start\w*|opent|wijzigt|regelt|\w*voorstel\s+bevat|(?:volgend|komend)\s+jaar|"
                     r"deze\s+week|morgen)\b", re.IGNORECASE)
# "X wordt een verplicht onderdeel", "krijgen recht op": the sentence states the measure itself.
_DECIDED = re.compile(r"\b(wordt|worden|komt|komen|krijg\w*)\b(?:\s+[\w-]+){0,5}?\s+(?:een\s+)?"
                      r"(verplicht\w*|recht|verbod\w*|verboden|strafbaar|meldplicht|programma|"
                      r"proef|vertrouwenspersoon)", re.IGNORECASE)
# "Het tekort moet snel worden opgelost, zegt de staatssecretaris": a view reported, not a
# measure taken.
_REPORTED = re.compile(r"\b(zegt|zei|zeggen|aldus|vindt|volgens)\b", re.IGNORECASE)
# "Een verdachte heeft recht op een tolk", "Jongeren kunnen nu … krijgen": how things are today.
_STATUS_QUO = re.compile(r"\b(?:heeft|hebben)\s+(?:\w+\s+){0,2}recht\s+op\b|"
                         r"\b(?:kan|kunnen|is|zijn|mag|mogen)\s+nu\b", re.IGNORECASE)
# "Reageren op het wetsvoorstel kan tot …", "De wet moet per 1 juli ingaan": the procedure of
# a law already named (a milestone), not a new measure. A law introduced with what it does
# ("Het wetsvoorstel dat het hoorrecht regelt", "een wetsvoorstel tot wijziging van …") is one.
_PROCEDURE = re.compile(r"^(?:(?:Reageren|De behandeling|De bespreking)\s+(?:\w+\s+)?"
                        r"(?:van|op)\s+)?(?:het|dit|de|deze)\s+(?:wetsvoorstel|wet|voorstel|"
                        r"wijziging)\b(?!\s+(?:dat|die|tot|op|van|over|voor)\b)"
                        r"(?=.*\b(?:consultatie|behandel\w*|ingaan|in werking|Raad van State|"
                        r"Kamer|aangenomen|ingediend|reageren|kan tot)\b)", re.IGNORECASE)
# "Daarmee kunnen meer rechters worden aangenomen": the effect of the measure before it.
_EFFECT = re.compile(r"^(Daarmee|Hiermee|Daardoor|Hierdoor|Zo)\b")
# "Wie zich niet aan het verbod houdt, wordt strafbaar": the sanction (a penalty), not the
# measure; "Hij laat onderzoeken of …": a study, nothing decided yet.
_NOT_DECIDED = re.compile(r"^Wie\b[^.]*\b(?:strafbaar|boete|moet|betaalt)\b|"
                          r"\b(?:laat|laten)\s+onderzoeken\b|\bonderzoekt\s+of\b|"
                          r"^(?:Hij|Zij|Ze)\s+(?:mogen|mag|moeten|moet)\s+dan\b|"
                          r"\b(?:moet|gaat|zal)\s+(?:het|dit)\s+(?:\w+\s+){0,3}?(?:bij|naar)\s+"
                          r"de\s+(?:Tweede|Eerste)\s+Kamer\b")
# "De regeling geldt vanaf …", "Het verbod moet vooraf worden aangekondigd": more about a
# measure the release already named, not another one.
_DEFINITE_MEASURE = re.compile(r"^(?:De|Het|Dit|Deze)\s+(regeling|verbod|proef|pilot|programma|"
                               r"campagne|meldpunt|register|maatregel)\b", re.IGNORECASE)
_STRENGTH = {ActionKind.BAN: 5, ActionKind.OBLIGATION: 4, ActionKind.RIGHT: 4,
             ActionKind.LAW: 3, ActionKind.PROGRAMME: 2, ActionKind.OTHER: 1}


def find_actions(passages: list[Passage]) -> list[Action]:
    found = []
    for index, passage in enumerate(passages):
        action = _action(passage)
        if action is not None and not _names_again(passage, passages[:index]):
            found.append(action)
    chosen = sorted(found, key=lambda a: -a.weight)[:MAX_PER_RELEASE]
    return [a for a in found if a in chosen]


def _names_again(passage: Passage, earlier: list[Passage]) -> bool:
    definite = _DEFINITE_MEASURE.match(passage.text.strip())
    if definite is None:
        return False
    noun = definite[1].lower()
    return any(noun in p.text.lower() for p in earlier)


def _action(passage: Passage) -> Action | None:
    text = passage.text.strip()
    if passage.in_title or len(text) < 30 or text.endswith("?") or _QUOTE.search(text):
        return None
    if not _FUTURE_OR_NOW.search(text) or _PAST.search(text):
        return None
    concrete = _CONCRETE.search(text)
    if not concrete and (_OPINION.search(text) or not _POLICY.search(text)
                         or _REPORTED.search(text) or _EFFECT.match(text)
                         or money_mentions(passage)):
        # "Ouders moeten beschermd zijn": a wish; "De politie krijgt € 40 miljoen": a money
        # measure already, shown with its amount.
        return None
    if _PROCEDURE.match(text) or _NOT_DECIDED.search(text) \
            or (_STATUS_QUO.search(text) and not _DECIDED.search(text)):
        return None
    for kind, cue in _CUES:
        if cue.search(text):
            weight = _STRENGTH[kind] * 10 - min(passage.sentence, 30) \
                + 40 * bool(concrete) + 30 * bool(_DECIDED.search(text)) \
                - 40 * bool(_OPINION.search(text))
            return Action(kind=kind, sentence=text, weight=weight)
    return None
