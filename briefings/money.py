"""Money measures: euro amounts with per-year, start year, qualifier and part-of."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from .dutch import YEAR_RE, NotANumber, parse_number
from .model import Amount
from .passages import Passage

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_SCALE = r"miljard|miljoen|mln\.?|mld\.?|mrd\.?|duizend"
_AMOUNT = re.compile(
    rf"(?:€|EUR)\s*(?P<n1>{_NUMBER})(?:\s*(?P<s1>{_SCALE}))?(?![\d,.]\d)"
    rf"|(?<![\d.,€])(?P<n2>{_NUMBER})\s*(?:(?P<s2>{_SCALE})\s+)?euro\b",
    re.IGNORECASE,
)
_SCALES = {"miljard": 10**9, "mld": 10**9, "mrd": 10**9, "miljoen": 10**6, "mln": 10**6,
           "duizend": 10**3}

_PER_YEAR = re.compile(r"\b(per jaar|jaarlijks\w*|structureel|structurele|elk jaar|ieder jaar)\b",
                       re.IGNORECASE)
_ONE_OFF = re.compile(r"\beenmalig\w*\b", re.IGNORECASE)
_FROM_YEAR = re.compile(rf"\b(?:vanaf|met ingang van|m\.i\.v\.|per)\s+(?:\d{{1,2}}\s+\w+\s+)?"
                        rf"({YEAR_RE})\b", re.IGNORECASE)
_QUALIFIERS = (
    (re.compile(r"\b(oplopend tot|oploopt tot|loopt op tot|oplopend naar|groeit naar)\s*$", re.I),
     "oplopend tot"),
    (re.compile(r"\b(ruim|meer dan|ruimschoots)\s*$", re.I), "ruim"),
    (re.compile(r"\b(circa|ca\.|ongeveer|zo['’]n|rond de|omstreeks)\s*$", re.I), "circa"),
    (re.compile(r"\b(bijna|vrijwel)\s*$", re.I), "bijna"),
    (re.compile(r"\b(maximaal|hooguit|ten hoogste)\s*$", re.I), "maximaal"),
)
_IN_TOTAL = re.compile(r"\b(in totaal|totaal|in het totaal|bij elkaar)\b", re.IGNORECASE)
_EXTRA = re.compile(r"\bextra\b", re.IGNORECASE)
_PART_OF_CUE = re.compile(r"\b(onderdeel van|deel uit van|maakt deel uit|valt binnen|"
                          r"afkomstig uit|betaald uit|gefinancierd uit)\b", re.IGNORECASE)
_SEPARATE = re.compile(r"^(Daarnaast|Bovendien|Los daarvan|Tevens|Verder|Ook)\b")
_PURPOSE = re.compile(r"\b(?P<how>voor|om|tegen)\s+(?P<what>.{6,}?)"
                      r"(?=[,;:]| zoals | waarmee |$|\.\s*$)", re.IGNORECASE)
MAX_PURPOSE = 90


@dataclass(frozen=True)
class _Mention:
    passage: Passage
    start: int
    end: int
    eur: int
    per_year: bool
    from_year: int | None
    qualifier: str | None
    extra: bool
    purpose: str


def find_amounts(passages: list[Passage]) -> list[Amount]:
    mentions = [m for p in passages for m in _mentions(p)]
    amounts = _merge(mentions)
    return _link_packages(amounts, {a.index: _first_body(mentions, a.eur) for a in amounts})


def euros(number: str, scale: str | None) -> int | None:
    try:
        value = parse_number(number)
    except NotANumber:
        return None
    factor = _SCALES[scale.lower().rstrip(".")] if scale else 1
    return int(value * Decimal(factor))


def _mentions(passage: Passage) -> list[_Mention]:
    text = passage.text
    matches = list(_AMOUNT.finditer(text))
    result = []
    for i, match in enumerate(matches):
        eur = euros(match["n1"] or match["n2"], match["s1"] or match["s2"])
        if not eur:
            continue
        before = text[matches[i - 1].end() if i else 0:match.start()]
        after = text[match.end():matches[i + 1].start() if i + 1 < len(matches) else len(text)]
        result.append(_Mention(
            passage, match.start(), match.end(), eur,
            per_year=_is_per_year(before, after, last=i + 1 == len(matches)),
            from_year=_from_year(before + " " + after),
            qualifier=_qualifier(before, after),
            extra=bool(_EXTRA.match(after.strip())) or bool(_EXTRA.search(before[-20:])),
            purpose=_purpose(after),
        ))
    return result


def _is_per_year(before: str, after: str, last: bool) -> bool:
    # A cue right after an amount binds to it; further on only when no other amount follows.
    near_after = after if last else after[:30]
    if _ONE_OFF.search(before[-40:]) or _ONE_OFF.search(near_after[:30]):
        return False
    return bool(_PER_YEAR.search(near_after) or _PER_YEAR.search(_own_prefix(before)))


def _own_prefix(before: str) -> str:
    """The part of the text before an amount that is not a suffix of the previous amount."""
    return re.sub(r"^\s*(extra\s+)?(per jaar|jaarlijks)\b", "", before, flags=re.IGNORECASE)


def _from_year(context: str) -> int | None:
    match = _FROM_YEAR.search(context)
    return int(match[1]) if match else None


def _qualifier(before: str, after: str) -> str | None:
    for pattern, name in _QUALIFIERS:
        if pattern.search(before):
            return name
    if _IN_TOTAL.search(_own_prefix(before)) or re.match(r"\s*in totaal\b", after, re.I):
        return "in totaal"
    return None


def _purpose(after: str) -> str:
    match = _PURPOSE.search(after)
    if not match:
        return ""
    purpose = match["what"].strip()
    if match["how"].lower() == "om":
        # "om de nationale veiligheid te versterken" → "de nationale veiligheid versterken"
        purpose = re.sub(r"^te\s+", "", re.sub(r"\bte\s+(\w+)$", r"\1", purpose))
    if len(purpose) > MAX_PURPOSE:
        purpose = purpose[:MAX_PURPOSE].rsplit(" ", 1)[0] + " …"
    return purpose


def _merge(mentions: list[_Mention]) -> list[Amount]:
    """One Amount per distinct value; the first body mention is the primary one."""
    by_value: dict[int, list[_Mention]] = {}
    for mention in sorted(mentions, key=lambda m: (m.passage.in_title, m.passage.sentence)):
        by_value.setdefault(mention.eur, []).append(mention)
    amounts = []
    for index, group in enumerate(by_value.values()):
        primary = group[0]
        amounts.append(Amount(
            index=index,
            text=primary.passage.text[primary.start:primary.end],
            eur=primary.eur,
            sentence=primary.passage.text,
            per_year=any(m.per_year for m in group),
            from_year=next((m.from_year for m in group if m.from_year), None),
            qualifier=next((m.qualifier for m in group if m.qualifier), None),
            extra=any(m.extra for m in group),
            purpose=next((m.purpose for m in group if m.purpose), ""),
        ))
    return amounts


def _first_body(mentions: list[_Mention], eur: int) -> _Mention:
    return min((m for m in mentions if m.eur == eur),
               key=lambda m: (m.passage.in_title, m.passage.sentence))


def _link_packages(amounts: list[Amount], where: dict[int, _Mention]) -> list[Amount]:
    """Mark sub-budgets with the package they belong to, so nothing is counted twice."""
    parent: dict[int, int] = {}
    for amount in amounts:
        sentence = where[amount.index].passage.text
        cue = _PART_OF_CUE.search(sentence)
        if not cue:
            continue
        after_cue = [a for a in amounts if where[a.index].passage.text == sentence
                     and where[a.index].start > cue.start()]
        if amount in after_cue:
            package = amount
            before_cue = [a for a in amounts if where[a.index].passage.text == sentence
                          and a not in after_cue]
            parts = before_cue or [a for a in amounts if a is not package][:1]
            for part in parts:
                if part.eur < package.eur:
                    parent[part.index] = package.index
    parent.update(_implicit_parts(amounts, where, parent))
    return [replace(a, part_of=parent.get(a.index)) for a in amounts]


def _implicit_parts(amounts, where, known) -> dict[int, int]:
    """A package named in the title or lead with smaller amounts in the sub-headed sections."""
    if not amounts or known:
        return {}
    package = amounts[0]
    lead = where[package.index].passage
    if lead.paragraph > 0 and not lead.in_title:
        return {}
    parts = [a for a in amounts[1:]
             if where[a.index].passage.heading is not None and a.eur < package.eur
             and not _SEPARATE.match(where[a.index].passage.text)]
    if len(parts) != len(amounts) - 1 or sum(a.eur for a in parts) > package.eur:
        return {}
    return {a.index: package.index for a in parts}
