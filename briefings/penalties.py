"""Penalty changes: the maximum prison term, fine or fine category of an offence, from → to.

Read per sentence, with the sentence before it for the old maximum ("staat nu maximaal 4 jaar
op. Het kabinet stelt voor dit te verhogen naar 6 jaar"). A raise whose old maximum the text does
not give, and a new offence ("wordt strafbaar met een gevangenisstraf van maximaal 2 jaar"), have
no `from`. A duration that is no maximum penalty ("houdverbod van 10 jaar", "binnen 6 weken",
"kinderen onder de 16 jaar") is none. The same change restated (lead, body, quote) is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .dutch import NUMBER_WORDS
from .model import Penalty, PenaltyUnit, Stage
from .money_mentions import euros
from .passages import Passage

_NUM = r"\d{1,2}(?:,\d)?|anderhalf|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_TERM = re.compile(rf"(?<![\w,.])(?P<n>{_NUM})\s+(?P<u>jaar|maanden|maand|weken|week)\b",
                   re.IGNORECASE)
_PRISON = re.compile(r"\b(gevangenisstraf\w*|celstraf\w*|cel\b|strafmaxim\w*|maximumstraf\w*|"
                     r"maximale straf|hechtenis|jeugddetentie|straf\b|straffen\b|bestraft|"
                     r"strafbaar|riskeert|riskeren|gestraft|"
                     r"staat\s+(?:nu\s+)?(?:maximaal|hooguit|ten hoogste))",
                     re.IGNORECASE)
# Durations of other things: measures, deadlines, ages, periods.
_NOT_A_MAXIMUM = re.compile(r"\b(houdverbod|beroepsverbod|contactverbod|gebiedsverbod|"
                            r"uitreisverbod|rijontzegging|ontzegging|taakstraf|verbod|binnen|"
                            r"termijn|de tijd|onder de|boven de|jonger dan|ouder dan|vanaf|"
                            r"geleden|oud|verjaring\w*|periode|looptijd|duur|na)\W+"
                            r"(?:\w+\W+){0,4}$", re.IGNORECASE)
_AGE_AFTER = re.compile(r"^\s*(oud|geleden|lang\b|de tijd|na\b)", re.IGNORECASE)
_NOW = re.compile(r"\b(nu|tot nu toe|momenteel|op dit moment|thans|nog|huidige|was)\b",
                  re.IGNORECASE)
_RAISE = re.compile(r"\b(naar|verhoogd|verhogen|verhoogt|verdubbel\w*|omhoog|wordt dat|"
                    r"wordt het|tot)\b", re.IGNORECASE)
_MAXIMUM = re.compile(r"\b(maximaal|ten hoogste|hooguit|maximum|maximale|tot)\s+(?:\w+\s+){0,2}$",
                      re.IGNORECASE)
_NEW_OFFENCE = re.compile(r"\b(wordt|worden)\s+(?:\w+\s+){0,3}strafbaar|strafbaar\s+(?:feit|"
                          r"gesteld)|\bgeldt\s+een\s+(?:gevangenis|cel)straf|\b(?:staat|komt)\s+"
                          r"(?:een\s+)?(?:gevangenisstraf|celstraf|maximaal|hechtenis)|"
                          r"\bDaarop\s+(?:staat|komt)", re.IGNORECASE)

_FINE = re.compile(r"\b(geld)?boetes?\b", re.IGNORECASE)
_EURO = re.compile(r"€\s*(?P<n>\d{1,3}(?:\.\d{3})*(?:,\d{2})?|\d+(?:,\d{2})?)(?:\s*(?P<s>miljoen|"
                   r"mln))?", re.IGNORECASE)
_CATEGORY_WORDS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5, "zesde": 6}
_CAT = r"eerste|tweede|derde|vierde|vijfde|zesde|[1-6]e?"
_CATEGORY_CHANGE = re.compile(rf"\bvan\s+(?:de\s+)?(?P<a>{_CAT})\s+(?:categorie\s+)?(?:naar|tot)\s+"
                              rf"(?:de\s+)?(?P<b>{_CAT})\s+categorie\b", re.IGNORECASE)
_CATEGORY = re.compile(rf"\b(?:van\s+)?de\s+(?P<b>{_CAT})\s+categorie\b|"
                       rf"\bcategorie\s+(?P<c>[1-6])\b", re.IGNORECASE)

_LAWS = re.compile(r"\b(Wetboek van Strafrecht|Wetboek van Strafvordering|Wet wapens en munitie|"
                   r"Wet op de economische delicten|Wet Mulder|Wet dieren|Opiumwet|"
                   r"Wegenverkeerswet(?: 1994)?|[A-Z][a-z]+wet)\b")
_STAGES: tuple[tuple[Stage, re.Pattern[str]], ...] = (
    (Stage.AANGENOMEN, re.compile(r"\b(aangenomen|(?:nam|namen)\s+(?:\w+\s+){0,5}aan\b|"
                                  r"stemde\w* in|stemt in|ingestemd)", re.IGNORECASE)),
    (Stage.IN_WERKING, re.compile(r"\b(treedt|treden|trad|is|zijn)\b[^.]*\bin werking\b|"
                                  r"\bin werking getreden|\bis ingegaan|\bgaat\b[^.]*\bin\b[^.]*$",
                                  re.IGNORECASE)),
    (Stage.TWEEDE_KAMER, re.compile(r"\b(ingediend|aangeboden|gestuurd)\b[^.]*Tweede Kamer|"
                                    r"Tweede Kamer\b[^.]*\b(ingediend|aangeboden|gestuurd)\b",
                                    re.IGNORECASE)),
    (Stage.RAAD_VAN_STATE, re.compile(r"Raad van State", re.IGNORECASE)),
    (Stage.VOORSTEL, re.compile(r"\b(wetsvoorstel|voorstel|stelt\b.*\bvoor\b|consultatie|"
                                r"wil\b|wijziging)", re.IGNORECASE)),
)
_NOT_YET = re.compile(r"\b(moet|moeten|zal|zullen|straks|naar verwachting|waarna|verwacht)\b",
                      re.IGNORECASE)


@dataclass(frozen=True)
class _Term:
    years: float
    start: int
    end: int


def find_penalties(passages: list[Passage]) -> list[Penalty]:
    body = [p for p in passages if not p.in_title]
    found: list[tuple[Passage, Penalty]] = []
    for i, passage in enumerate(body):
        previous = body[i - 1] if i and body[i - 1].paragraph == passage.paragraph else None
        following = body[i + 1] if i + 1 < len(body) \
            and body[i + 1].paragraph == passage.paragraph else None
        for penalty in _prison(passage, previous):
            if penalty.from_years is None and (old := _stated_after(following)) is not None \
                    and old != penalty.to_years:
                penalty = replace(penalty, from_years=_whole(old))
            found.append((passage, penalty))
        found.extend((passage, p) for p in _fines(passage, previous))
    merged = _merge(found)
    law, stage = _release_law(body), _release_stage(body)
    return [_with_law_and_stage(p, where, body, law, stage) for where, p in merged]


# ---------------------------------------------------------------- prison terms


def _terms(text: str) -> list[_Term]:
    terms = []
    for match in _TERM.finditer(text):
        unit = match["u"].lower()
        if unit.startswith("week") or _NOT_A_MAXIMUM.search(text[:match.start()]) \
                or _AGE_AFTER.match(text[match.end():]):
            continue
        value = _number(match["n"])
        if value is None:
            continue
        years = value if unit == "jaar" else round(value / 12, 4)
        if 0 < years <= 99:
            terms.append(_Term(years, match.start(), match.end()))
    return terms


def _number(word: str) -> float | None:
    word = word.lower()
    if word == "anderhalf":
        return 1.5
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    try:
        return float(word.replace(",", "."))
    except ValueError:
        return None


def _prison(passage: Passage, previous: Passage | None) -> list[Penalty]:
    text = passage.text
    if not _PRISON.search(text) and not (previous and _PRISON.search(previous.text)
                                         and re.search(r"\b(dat|dit|die)\b", text, re.I)):
        return []
    terms = _terms(text)
    if not terms:
        return []
    listed = _listed_changes(text, previous)
    if listed:
        return listed
    changes = _pairs(text, terms)
    if changes:
        return [_penalty(text, old, new, previous) for old, new in changes]
    if len(terms) == 1:
        term = terms[0]
        before = text[:term.start]
        old = _current(previous) if previous and _RAISE.search(before) else None
        if old is not None and old != term.years:
            penalty = _penalty(text, old, term.years, previous)
            scope = re.search(r"\bvoor\s+(?P<scope>[^,.]+?)\s+naar\b", text, re.IGNORECASE)
            if scope and penalty.offence:   # "Dat verandert voor grootschalige hoeveelheden …"
                penalty = replace(penalty, offence=f"{penalty.offence}, voor {scope['scope']}")
            return [penalty]
        if _MAXIMUM.search(before) or _NEW_OFFENCE.search(text) or _RAISE.search(before) \
                or re.match(r"\s+(cel|celstraf|gevangenisstraf)", text[term.end:], re.I):
            if not _NOW.search(before[-40:]) or _RAISE.search(before):
                return [_penalty(text, None, term.years, previous)]
    return []


def _pairs(text: str, terms: list[_Term]) -> list[tuple[float | None, float]]:
    """Old and new maximum in one sentence, in any order."""
    pairs: list[tuple[float | None, float]] = []
    used: set[int] = set()
    for i, first in enumerate(terms[:-1]):
        second = terms[i + 1]
        between = text[first.end:second.start]
        before = text[max(0, first.start - 12):first.start]
        if i in used:
            continue
        if re.search(r"\bvan\s*$", before) and re.fullmatch(r"\s*(naar|tot|in)\s*", between):
            pairs.append((first.years, second.years))                  # van 8 naar 12 jaar
        elif re.search(r"\bin plaats van\s*$|\bwaar dat nu\b|\bnu is dat\s*$", between + " ",
                       re.IGNORECASE) or re.fullmatch(r"\s*in plaats van\s*", between):
            pairs.append((second.years, first.years))                  # 4 jaar in plaats van 3
        elif re.search(r"[;,]\s*(nu|tot nu toe|momenteel)\b", between, re.IGNORECASE):
            pairs.append((second.years, first.years))                  # naar 15; nu is dat 10
        else:
            continue
        used.update({i, i + 1})
    # "van 8 naar 12 jaar": the first number has no unit of its own
    for match in re.finditer(rf"\bvan\s+(?P<a>{_NUM})\s+(?:naar|tot)\s+(?P<b>{_NUM})\s+jaar\b",
                             text, re.IGNORECASE):
        a, b = _number(match["a"]), _number(match["b"])
        if a and b and a != b and (a, b) not in pairs:
            pairs.append((a, b))
    return [(a, b) for a, b in pairs if a != b]


_VAN_NAAR = re.compile(rf"\bvan\s+(?P<a>{_NUM})(?:\s+(?P<ua>jaar|maanden))?\s+(?:naar|tot)\s+"
                       rf"(?P<b>{_NUM})\s+(?P<ub>jaar|maanden)\b", re.IGNORECASE)
_CLAUSE_OFFENCE = re.compile(r"\b(?:voor|op|bij)\s+(?:de\s+|het\s+)?(?P<o>.+?)"
                             r"(?=\s+(?:stijgt|stijgen|gaat|gaan|wordt|worden|is|zijn|verhoogd)\b"
                             r"|\s*$)", re.IGNORECASE)


def _listed_changes(text: str, previous: Passage | None) -> list[Penalty]:
    """'voor A van 8 naar 12 jaar, voor B van 12 naar 16 jaar en voor C van 6 naar 8 jaar'."""
    result = []
    clause_start = 0
    for match in _VAN_NAAR.finditer(text):
        a, b = _number(match["a"]), _number(match["b"])
        if a is None or b is None or a == b:
            continue
        if match["ub"].lower().startswith("maand"):
            b = round(b / 12, 4)
        if (match["ua"] or match["ub"]).lower().startswith("maand"):
            a = round(a / 12, 4)
        leads = list(_CLAUSE_OFFENCE.finditer(text[clause_start:match.start()]))
        offence = _tidy(leads[-1]["o"]) if leads else _offence(text, previous)
        result.append(Penalty(offence=offence, from_years=_whole(a), to_years=_whole(b),
                              text=text[clause_start:match.end()].strip(" ,;")))
        clause_start = match.end()
    return result


def _current(previous: Passage | None) -> float | None:
    """'Op dit uithalen staat nu maximaal 1 jaar gevangenisstraf.' → 1."""
    if previous is None or not _PRISON.search(previous.text):
        return None
    terms = _terms(previous.text)
    if len(terms) == 1 and _NOW.search(previous.text) and not _pairs(previous.text, terms):
        return terms[0].years
    return None


def _stated_after(following: Passage | None) -> float | None:
    """'… riskeert straks maximaal 10 jaar. Nu is dat 5 jaar.' → 5."""
    if following is None or not re.match(r"(Nu|Tot nu toe|Momenteel|Op dit moment|Thans)\b",
                                         following.text):
        return None
    terms = _terms(following.text)
    return terms[0].years if len(terms) == 1 else None


def _penalty(text: str, old: float | None, new: float, previous: Passage | None) -> Penalty:
    return Penalty(offence=_offence(text, previous), from_years=_whole(old),
                   to_years=_whole(new), text=text)


def _whole(value: float | None) -> float | None:
    if value is None:
        return None
    return int(value) if value == int(value) else value


# ---------------------------------------------------------------- fines


def _fines(passage: Passage, previous: Passage | None) -> list[Penalty]:
    text = passage.text
    if not _FINE.search(text) and "categorie" not in text.lower():
        return []
    result = []
    change = _CATEGORY_CHANGE.search(text)
    if change:
        result.append(_fine_category(text, _category(change["a"]), _category(change["b"]),
                                     previous))
    elif _FINE.search(text) and (single := _CATEGORY.search(text)) \
            and (_NEW_OFFENCE.search(text) or re.search(r"\bof\s+een\s+geldboete", text)):
        result.append(_fine_category(text, None, _category(single["b"] or single["c"]),
                                     previous))
    amounts = [euros(m["n"], m["s"]) for m in _EURO.finditer(text)]
    values = [a for a in amounts if a is not None]
    if _FINE.search(text) and len(values) == 2 and values[0] != values[1]:
        old, new = values
        if re.search(r"in plaats van|waar dat nu|nu is dat|, nu\b", text, re.IGNORECASE):
            old, new = new, old
        result.append(Penalty(offence=_offence(text, previous), from_years=None, to_years=None,
                              text=text, unit=PenaltyUnit.EUR, from_eur=old, to_eur=new))
    return result


def _category(word: str) -> int | None:
    word = word.lower().rstrip("e") if word[0].isdigit() else word.lower()
    return int(word) if word.isdigit() else _CATEGORY_WORDS.get(word)


def _fine_category(text: str, old: int | None, new: int | None, previous: Passage | None
                   ) -> Penalty:
    return Penalty(offence=_offence(text, previous), from_years=None, to_years=None, text=text,
                   unit=PenaltyUnit.CATEGORY, fine_category=(old, new or 0))


# ---------------------------------------------------------------- the offence


_OFFENCE_PATTERNS = (
    re.compile(r"\b(?:Voor|voor|Op|op)\s+(?:de\s+|het\s+|dit\s+|dat\s+)?(?P<o>[^,;]+?)\s+"
               r"(?:stijgt|stijgen|gaat|gaan|wordt|worden|komt|komen|staat|staan|geldt|is)\b"),
    re.compile(r"\b(?:Wie|wie)\s+(?P<o>[^,;]+?),\s"),
    re.compile(r"^(?:Ook\s+)?(?:het|de)\s+(?P<o>.+?)\s+(?:wordt|worden)\s+(?:\w+\s+){0,4}"
               r"(?:strafbaar|bestraft|gestraft)", re.IGNORECASE),
    re.compile(r"\bstraf(?:fen)?\s+voor\s+(?:het\s+|de\s+)?(?P<o>[^,;:]+?)(?:\s+(?:gaat|gaan|wordt|"
               r"worden|stijgt)\b|[,:;])"),
    re.compile(r"\b(?:Ook|ook)\s+(?P<o>[^,;]+?)\s+(?:die|dat)\s"),
    re.compile(r"\bstrafbaar\s+om\s+(?P<o>[^,;.]+?)\s+te\s+\w+"),
    re.compile(r"^(?:Ook\s+)?(?P<o>[A-Z][^,;]+?)\s+(?:wordt|worden)\s+(?:\w+\s+){0,3}strafbaar"),
)


def _offence(text: str, previous: Passage | None) -> str:
    for source in (text, previous.text if previous else ""):
        for pattern in _OFFENCE_PATTERNS:
            match = pattern.search(source)
            if match and not re.match(r"(dit|dat|die|daarvoor|hen|hem|haar)\b", match["o"]):
                return _tidy(match["o"])
    return ""


def _tidy(offence: str) -> str:
    offence = re.sub(r"\s+(is|wordt)\s+nu\b.*$", "", offence.strip())
    offence = re.sub(r"\s+(stijgt|gaat)\s+de\s+.*$", "", offence)
    offence = re.sub(r"^(het|de)\s+", "", offence)
    offence = re.sub(r"\s+(in het wetsvoorstel|in het voorstel)$", "", offence)
    offence = re.sub(r"^(maximale\s+)?(gevangenisstraf|celstraf|maximumstraf|straf)\s+"
                     r"(voor|op)\s+(het\s+|de\s+)?", "", offence)
    return offence.strip(" ,'‘’\"“”")


# ---------------------------------------------------------------- restatements


def _merge(found: list[tuple[Passage, Penalty]]) -> list[tuple[Passage, Penalty]]:
    """One entry per change: a restatement (same new maximum, old one the same or not given)
    in another sentence joins the first; it fills in what the first left open."""
    result: list[tuple[Passage, Penalty]] = []
    for passage, penalty in found:
        home = next((i for i, (where, known) in enumerate(result)
                     if where.sentence != passage.sentence and _same_change(known, penalty)),
                    None)
        if home is None:
            result.append((passage, penalty))
            continue
        where, known = result[home]
        result[home] = (where, replace(
            known,
            from_years=known.from_years if known.from_years is not None else penalty.from_years,
            from_eur=known.from_eur if known.from_eur is not None else penalty.from_eur,
            offence=known.offence or penalty.offence))
    return result


def _same_change(a: Penalty, b: Penalty) -> bool:
    if a.unit is not b.unit:
        return False
    if a.unit is PenaltyUnit.YEARS:
        if a.to_years != b.to_years:
            return False
        olds = (a.from_years, b.from_years)
    elif a.unit is PenaltyUnit.EUR:
        if a.to_eur != b.to_eur:
            return False
        olds = (a.from_eur, b.from_eur)  # type: ignore[assignment]
    else:
        return a.fine_category == b.fine_category
    if None not in olds and olds[0] != olds[1]:
        return False
    return None in olds or _overlap(a.offence, b.offence)


def _overlap(a: str, b: str) -> bool:
    words = [{w for w in re.findall(r"\w{5,}", s.lower())} for s in (a, b)]
    return not words[0] or not words[1] or bool(words[0] & words[1])


# ---------------------------------------------------------------- law and stage


def _release_law(body: list[Passage]) -> str | None:
    for passage in body:
        match = _LAWS.search(passage.text)
        if match:
            return match[1]
    return None


def _release_stage(body: list[Passage]) -> Stage | None:
    for stage, pattern in _STAGES:
        for passage in body:
            match = pattern.search(passage.text)
            if not match:
                continue
            if stage in (Stage.IN_WERKING, Stage.TWEEDE_KAMER) \
                    and _NOT_YET.search(passage.text):
                continue
            if stage is Stage.AANGENOMEN and not re.search(r"Kamer|parlement|Senaat",
                                                           passage.text):
                continue   # the ministerraad agreeing to a proposal passes no law
            if stage is Stage.IN_WERKING and match.group(0).lower().startswith("gaat") \
                    and not re.search(r"\b(wet|regel|verbod|regeling)\b", passage.text, re.I):
                continue
            return stage
    return None


def _with_law_and_stage(penalty: Penalty, where: Passage, body: list[Passage],
                        law: str | None, stage: Stage | None) -> Penalty:
    own = _LAWS.search(where.text)
    paragraph = next((m for p in body if p.paragraph == where.paragraph
                      for m in [_LAWS.search(p.text)] if m), None)
    chosen = own or paragraph
    same_paragraph = [p for p in body if p.paragraph == where.paragraph]
    own_stage = _release_stage(same_paragraph)
    if own_stage is Stage.VOORSTEL and stage is not None:
        own_stage = stage   # the release says how far the proposal has come
    if own_stage is None and any(re.match(r"(Per|Vanaf)\s+\d", p.text) for p in same_paragraph):
        own_stage = Stage.IN_WERKING   # "Per 1 januari betalen automobilisten …"
    own_stage = own_stage or stage
    return replace(penalty, law=chosen[1] if chosen else law, stage=own_stage)


__all__ = ["find_penalties"]
