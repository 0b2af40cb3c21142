"""Penalty changes: an offence whose maximum prison term goes from one term to another."""

from __future__ import annotations

import re

from .dutch import NUMBER_WORDS, NotANumber, parse_number
from .model import Penalty
from .passages import Passage

_N = r"\d{1,2}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_PENALTY_WORD = re.compile(r"(gevangenisstraf|celstraf|strafmaxim|maximumstraf|maximale straf|"
                           r"straf(?:fen)? (?:gaat|gaan|wordt|worden) )", re.IGNORECASE)
# "van 8 naar 12 jaar", "van 8 jaar naar 12 jaar", "van acht tot twaalf jaar"
_CHANGE = re.compile(rf"\bvan\s+(?P<old>{_N})(?:\s+jaar)?\s+(?:naar|tot|in)\s+(?P<new>{_N})"
                     r"\s+jaar\b", re.IGNORECASE)
# "… is nu een maximum gevangenisstraf gesteld van 6 jaar." + "Dat verandert … naar … 8 jaar."
_CURRENT = re.compile(rf"(?:van|op)\s+(?P<old>{_N})\s+jaar\b", re.IGNORECASE)
_CHANGES_TO = re.compile(rf"^(Dat|Dit|Die)\s+(verandert|wordt|gaat)\b.*?\bnaar\b.*?\b(?P<new>{_N})"
                         rf"\s+jaar\b", re.IGNORECASE)
_OFFENCE_LEAD = re.compile(r"\b(?:voor|op|bij)\s+(?:de\s+|het\s+)?(?P<o>.+?)"
                           r"(?=\s+(?:stijgt|stijgen|gaat|gaan|wordt|worden|is|zijn|verhoogd)\b|\s*$)",
                           re.IGNORECASE)
_FOR_SCOPE = re.compile(r"\bvoor\s+(?P<scope>[^,.]+?)\s+naar\b", re.IGNORECASE)


def find_penalties(passages: list[Passage]) -> list[Penalty]:
    found: list[Penalty] = []
    for i, passage in enumerate(passages):
        if not _PENALTY_WORD.search(passage.text):
            continue
        found.extend(_in_one_sentence(passage.text))
        if i + 1 < len(passages):
            pair = _across_sentences(passage.text, passages[i + 1].text)
            if pair:
                found.append(pair)
    return found


def _years(word: str) -> int | None:
    try:
        value = parse_number(word)
    except NotANumber:
        return None
    return int(value) if value == int(value) and 0 < value <= 99 else None


def _in_one_sentence(text: str) -> list[Penalty]:
    result = []
    previous_end = 0
    for match in _CHANGE.finditer(text):
        old, new = _years(match["old"]), _years(match["new"])
        if old is None or new is None or old == new:
            continue
        clause = text[previous_end:match.start()]
        offence = _offence(clause)
        lead = _clause_start(text, previous_end)
        result.append(Penalty(offence=offence, from_years=old, to_years=new,
                              text=text[lead:match.end()].strip(" ,")))
        previous_end = match.end()
    return result


def _clause_start(text: str, previous_end: int) -> int:
    if previous_end == 0:
        return 0
    rest = text[previous_end:]
    skip = re.match(r"[\s,;]*(en\s+)?", rest)
    return previous_end + (skip.end() if skip else 0)


def _offence(clause: str) -> str:
    """The last 'voor/op/bij …' phrase before the change names the offence."""
    leads = list(_OFFENCE_LEAD.finditer(clause))
    return _tidy(leads[-1]["o"]) if leads else ""


def _across_sentences(first: str, second: str) -> Penalty | None:
    current = _CURRENT.search(first)
    change = _CHANGES_TO.search(second)
    if not current or not change or _CHANGE.search(first):
        return None
    old, new = _years(current["old"]), _years(change["new"])
    if old is None or new is None or old == new:
        return None
    offence = _offence(first[:current.start()])
    scope = _FOR_SCOPE.search(second)
    if scope and offence:
        offence = f"{offence}, voor {_tidy(scope['scope'])}"
    return Penalty(offence=offence, from_years=old, to_years=new, text=f"{first} {second}")


def _tidy(offence: str) -> str:
    offence = re.sub(r"\s+(is|wordt)\s+nu\b.*$", "", offence.strip())
    offence = re.sub(r"\s+(stijgt|gaat)\s+de\s+.*$", "", offence)
    offence = re.sub(r"^(het|de)\s+", "", offence)
    offence = re.sub(r"\s+(in het wetsvoorstel|in het voorstel)$", "", offence)
    return offence.strip(" ,")
