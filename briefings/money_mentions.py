"""Every way a Dutch release writes an amount of money, and what the words around it say:
kind (budget, cut, tariff, context envelope), per year or one-off, start year, qualifier.

"€ 155 miljoen", "€155 mln", "38 miljoen euro", "€ 450.000", "€ 73,23", "€ 5,-", "2 mld",
and, in a sentence about money, a bare "270 miljoen". Fines are penalties (see penalties.py),
not amounts: a mention next to "boete" is left out here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .dutch import NUMBER_WORDS, YEAR_RE, NotANumber, parse_number
from .model import AmountKind
from .passages import Passage

CENT = Decimal("0.01")
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_WORDS = "|".join(sorted((*NUMBER_WORDS, "anderhalf", "tweehonderd", "driehonderd",
                          "vijfhonderd", "half"), key=len, reverse=True))
_SCALE = r"miljard|miljoen|mln\.?|mld\.?|mrd\.?|duizend"
_BIG_SCALE = r"miljard|miljoen|mln\.?|mld\.?|mrd\.?"
_AMOUNT = re.compile(
    rf"(?:€|\bEUR\b)\s*(?P<n1>{_NUMBER})(?:\s*(?P<s1>{_SCALE})\b)?(?:,[-–—])?(?![\d,.]\d)"
    rf"|(?<![\d.,€\w])(?P<n2>{_NUMBER}|{_WORDS})\s*(?:(?P<s2>{_SCALE})\s+)?euro\b"
    rf"|(?<![\d.,€\w])(?P<n3>{_NUMBER}|{_WORDS})\s+(?P<s3>{_BIG_SCALE})(?=[\s.,;:)]|$)"
    rf"(?!\s*(?:{_SCALE}\s+)?euro)",
    re.IGNORECASE,
)
_SCALES = {"miljard": 10**9, "mld": 10**9, "mrd": 10**9, "miljoen": 10**6, "mln": 10**6,
           "duizend": 10**3}
_EXTRA_WORDS: dict[str, Decimal] = {
    "honderd": Decimal(100), "anderhalf": Decimal("1.5"), "half": Decimal("0.5"),
    "tweehonderd": Decimal(200), "driehonderd": Decimal(300), "vijfhonderd": Decimal(500)}

# A bare "270 miljoen" is money only in a sentence about money, and only when no counted noun
# follows it ("1,2 miljoen meldingen", "17 miljoen inwoners").
_MONEY_SENTENCE = re.compile(r"€|\beuro|budget|investe|\bgeld|middelen|financi|subsidie|"
                             r"bezuinig|bespar|\bkost|uitgave|uit\s*(?:trekken|getrokken)|trekt\b"
                             r".*\buit\b|beschikbaar|bijdrage|fonds|bedrag|begroting|impuls|"
                             r"toegekend|vrijgemaakt|gereserveerd", re.IGNORECASE)
_AFTER_BARE = re.compile(r"\s*(?:$|[.,;:)]|(?:extra|voor|per|beschikbaar|bij|uit|structureel|"
                         r"jaarlijks|eenmalig|in|om|aan|naar|is|was|wordt|worden|werd|gaat|gaan|"
                         r"komt|komen|ter|van|tot|op|te|en|of|erbij|bovenop|meer|minder)\b)",
                         re.IGNORECASE)
_SURELY_MONEY = re.compile(r"\s+(?:extra\b|erbij\b|beschikbaar\b|per\s+jaar\b)", re.IGNORECASE)
# The noun right after an amount that makes it a fee, whatever fine is named nearby.
_OWN_COST_NOUN = re.compile(r"\s+(?:aan\s+)?\w*(?:kosten|tarief|vergoeding|premie|leges|recht)\b",
                            re.IGNORECASE)
_FINE = re.compile(r"\b(?:geld)?boetes?\b|\bboetecategorie|\bcategorie\b", re.IGNORECASE)

_PER_YEAR = re.compile(r"\b(per jaar|jaarlijks\w*|structureel|structurele|elk jaar|ieder jaar|"
                       r"op jaarbasis|per jaar extra)\b", re.IGNORECASE)
_ONE_OFF = re.compile(r"\b(eenmalig\w*|incidenteel|incidentele)\b", re.IGNORECASE)
_FROM_YEAR = re.compile(rf"\b(?:vanaf|met ingang van|m\.i\.v\.|per)\s+(?:\d{{1,2}}\s+\w+\s+)?"
                        rf"({YEAR_RE})\b", re.IGNORECASE)
_QUALIFIERS = (
    (re.compile(r"\b(oplopend tot|oploopt tot|loopt op tot|oplopend naar|groeit naar|"
                r"stijgend tot|stijgt tot|op tot)\s*$", re.I), "oplopend tot"),
    (re.compile(r"\b(ruim|meer dan|ruimschoots|bijna ruim)\s*$", re.I), "ruim"),
    (re.compile(r"\b(circa|ca\.|ongeveer|zo['’]n|rond de|omstreeks|naar schatting|"
                r"grofweg)\s*$", re.I), "circa"),
    (re.compile(r"\b(bijna|vrijwel|nagenoeg|krap)\s*$", re.I), "bijna"),
    (re.compile(r"\b(maximaal|hooguit|ten hoogste|tot maximaal|tot wel)\s*$", re.I),
     "maximaal"),
)
_IN_TOTAL = re.compile(r"\b(in totaal|totaal|in het totaal|bij elkaar|samen)\b", re.IGNORECASE)
_EXTRA = re.compile(r"\bextra\b", re.IGNORECASE)
_PURPOSE = re.compile(r"\b(?P<how>voor|om|tegen|naar)\s+(?P<what>.{6,}?)"
                      r"(?=[,;:]| zoals | waarmee | waarvan |$|\.\s*$)", re.IGNORECASE)
MAX_PURPOSE = 90

_CUT = re.compile(r"\b(bezuinig\w*|besparing\w*|bespa\w*|korting\w*|korten|gekort|kort\b|"
                  r"ombuiging\w*|taakstelling\w*|minder uit)", re.IGNORECASE)
# Prices, fees, premiums and allowances: per person, per month, per case …
_PER_UNIT = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:per|voor elke|voor iedere|per stuk)\s+"
                       r"(?!jaar\b|jaar,|jaar\.)(?:\w+)", re.IGNORECASE)
_TARIFF_NOUN = re.compile(r"(tarief|tarieven|vergoeding|eigen bijdrage|griffierecht\w*|premie|"
                          r"toeslag|tegemoetkoming|leges|prijs|\bkost(?:en)? (?:een|de|het)|"
                          r"\bkosten\b|uitkering|forfait\w*|bijdrage per|schadevergoeding|"
                          r"compensatie|minimumloon|\bloon)\b", re.IGNORECASE)
# "vorderingen tot € 500": a threshold, not an amount of money spent or paid.
_THRESHOLD = re.compile(r"\b(\w*vordering\w*|\w*zaken|\w*geschil\w*|inkomen\w*|vermogen|"
                        r"schade)\s+"
                        r"(?:van\s+)?(?:tot|boven|onder|vanaf|beneden)\s*$", re.IGNORECASE)
_TARIFF_MAX = Decimal(1_000_000)
_LEAD_WINDOW = 120  # characters before an amount that its threshold and tariff cues stand in
# "onderdeel van de € 300 miljoen die het kabinet jaarlijks investeert": an envelope named as
# context, not this release's budget.
_ENVELOPE = re.compile(r"\b(onderdeel van|deel uit van|valt binnen|vallen binnen|"
                       r"afkomstig uit|betaald uit|bekostigd uit|gefinancierd uit|komt uit|"
                       r"komen uit|uit de pot van|binnen het budget van|binnen de)\s+"
                       r"(?:de|het)?\s*(?:eerder\s+\w+\s+|totale\s+|jaarlijkse\s+|"
                       r"structurele\s+|extra\s+)*$", re.IGNORECASE)


# "Het geld komt uit het Ondermijningsfonds van 100 miljoen euro"
_NAMED_FUND = re.compile(r"\b(?:komt|komen|afkomstig|betaald|gefinancierd|bekostigd)\s+uit\s+"
                         r"(?:de|het)\s+[\w-]+(?:\s+[\w-]+){0,3}\s+van\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    passage: Passage
    start: int
    end: int
    eur: Decimal
    kind: AmountKind
    per_year: bool
    one_off: bool
    from_year: int | None
    qualifier: str | None
    extra: bool
    purpose: str
    lead: str = ""        # the words around it in its clause: what it is about

    @property
    def text(self) -> str:
        return self.passage.text[self.start:self.end]


def euros(number: str, scale: str | None) -> Decimal | None:
    """The exact value in euros, to the cent; None when the number is not Dutch."""
    word = number.strip().lower()
    try:
        value = Decimal(_EXTRA_WORDS[word]) if word in _EXTRA_WORDS else parse_number(word)
    except NotANumber:
        return None
    factor = _SCALES[scale.lower().rstrip(".")] if scale else 1
    return (value * Decimal(factor)).quantize(CENT)


def mentions(passage: Passage, known: frozenset[Decimal] = frozenset()) -> list[Mention]:
    """`known`: values already found as money in the release; a bare amount restating one
    ("Van de 14 miljoen gaat 9 miljoen naar …") makes its sentence about money."""
    text = passage.text
    money_sentence = bool(_MONEY_SENTENCE.search(text)) or _restates_known(text, known)
    matches = [m for m in _AMOUNT.finditer(text) if _is_money(m, text, money_sentence)]
    result = []
    for i, match in enumerate(matches):
        number = match["n1"] or match["n2"] or match["n3"]
        scale = match["s1"] or match["s2"] or match["s3"]
        eur = euros(number, scale)
        if not eur or _is_range_start(text, match, scale):
            continue
        before = text[matches[i - 1].end() if i else 0:match.start()]
        after = text[match.end():matches[i + 1].start() if i + 1 < len(matches) else len(text)]
        # Cues are read in a window just before the amount: searching the whole sentence
        # before every amount made a long, amount-dense text quadratic (a hostile feed).
        lead = text[max(0, match.start() - _LEAD_WINDOW):match.start()]
        if _is_fine(text, match, before) or _THRESHOLD.search(lead):
            continue
        last = i + 1 == len(matches)
        one_off = bool(_ONE_OFF.search(before[-40:]) or _ONE_OFF.search(after[:30]))
        result.append(Mention(
            passage, match.start(), match.end(), eur,
            kind=_kind(lead, before, after, eur),
            per_year=not one_off and _is_per_year(before, after, last),
            one_off=one_off,
            from_year=_from_year(before[-60:] + " " + after),
            qualifier=_qualifier(before, after),
            extra=bool(_EXTRA.match(after.strip())) or bool(_EXTRA.search(before[-20:])),
            purpose=_purpose(after),
            lead=f"{before} {after}",
        ))
    return result


def _restates_known(text: str, known: frozenset[Decimal]) -> bool:
    for match in _AMOUNT.finditer(text):
        if match["n3"] and euros(match["n3"], match["s3"]) in known:
            return True
    return False


def _is_money(match: re.Match[str], text: str, money_sentence: bool) -> bool:
    if match["n3"] is None:
        return True
    if match["n3"].lower() in ("een", "één"):
        return False  # "een miljoen" is prose more often than an amount
    if _SURELY_MONEY.match(text, match.end()):
        return True
    return money_sentence and bool(_AFTER_BARE.match(text, match.end()))


def _is_range_start(text: str, match: re.Match[str], scale: str | None) -> bool:
    """'€ 1,5 tot € 2 miljoen': the first number borrows a scale we cannot be sure of."""
    if scale:
        return False
    return bool(re.match(rf"\s*(?:tot|à|a|-|–|en)\s*(?:€\s*)?(?:{_NUMBER})\s*(?:{_SCALE})\b",
                         text[match.end():], re.IGNORECASE))


def _is_fine(text: str, match: re.Match[str], before: str) -> bool:
    if _OWN_COST_NOUN.match(text, match.end()):
        return False   # "€ 9 administratiekosten per boete": a fee next to a fine
    window = text[max(0, match.start() - 70):match.end() + 25]
    return bool(_FINE.search(window)) and not re.search(r"\b(boete-?inkomsten|opbrengst)",
                                                        window, re.IGNORECASE)


def _kind(lead: str, before: str, after: str, eur: Decimal) -> AmountKind:
    """`lead` is the sentence up to the amount, `before` the part since the previous amount."""
    if _ENVELOPE.search(before) or _NAMED_FUND.search(before):
        return AmountKind.CONTEXT
    if _CUT.search(before[-80:]) or _CUT.search(after[:40]):
        return AmountKind.CUT
    per_unit = _PER_UNIT.match(after)
    if eur < _TARIFF_MAX and (per_unit or _TARIFF_NOUN.search(lead[-90:])):
        return AmountKind.TARIFF
    return AmountKind.BUDGET


def _is_per_year(before: str, after: str, last: bool) -> bool:
    # A cue right after an amount binds to it; further on only when no other amount follows.
    near_after = after if last else after[:30]
    near_after = re.split(r"[.;]\s", near_after, maxsplit=1)[0]
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
    if _IN_TOTAL.search(_own_prefix(before)) or re.match(r"\s*(in totaal|totaal)\b", after, re.I):
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
