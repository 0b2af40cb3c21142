"""Dutch formatting of money, dates and countdowns, with Babel (nl_NL)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

from . import precisions
from .model import Amount, AmountKind, DateSpec, Penalty, PenaltyUnit
from .precisions import LOCALE
from .precisions import day as day  # '1 april 2029': defined beside each precision's text

_PREFIX_QUALIFIERS = ("ruim", "circa", "bijna", "maximaal", "oplopend tot")
_UNITS = ((Decimal(10**9), " mld"), (Decimal(10**6), " mln"))
_ONE_PLACE, _TWO_PLACES = Decimal("0.1"), Decimal("0.01")


def euro(eur: Decimal | int) -> str:
    """The exact amount, as `/bericht` shows it: nothing is rounded away.

    21400000 → '€ 21,4 mln'; 8750000 → '€ 8,75 mln'; 1200000000 → '€ 1,2 mld' (mln/mld only
    while at most two decimals say it exactly); 1234567 → '€ 1.234.567'; 1169750000 →
    '€ 1.169.750.000'; 2500000.50 →
    '€ 2.500.000,50'; 500000 → '€ 500.000'; 73.23 → '€ 73,23' (cents as written)."""
    value = Decimal(eur)
    for scale, unit in _UNITS:
        if value >= scale:
            number = value / scale
            if number == number.quantize(_TWO_PLACES):
                return f"€ {format_decimal(number, format='#,##0.##', locale=LOCALE)}{unit}"
            break
    return _digits(value)


def euro_rounded(eur: Decimal | int) -> tuple[str, str | None]:
    """An amount for lists and totals: readable, and honest about rounding.

    From a million on, mln/mld with at most two decimals below 100 (€ 8,75 mln, € 1,17 mld) and
    one from 100 on (€ 681,8 mln). Returns the text and the word rounding calls for: 'ruim' when
    the exact value is a bit more (1.234.567 → 'ruim', '€ 1,23 mln'), 'circa' when it is a bit
    less (1.169.750.000 → 'circa', '€ 1,17 mld'), None when nothing was rounded. Below a million
    the amount is exact (€ 450.000, € 73,23)."""
    value = Decimal(eur)
    for scale, unit in _UNITS:
        if value >= scale:
            number = value / scale
            places = _ONE_PLACE if number >= 100 else _TWO_PLACES
            shown = number.quantize(places, rounding=ROUND_HALF_UP)
            word = None if shown == number else ("ruim" if shown < number else "circa")
            return f"€ {format_decimal(shown, format='#,##0.##', locale=LOCALE)}{unit}", word
    return _digits(value), None


def _digits(value: Decimal) -> str:
    pattern = "#,##0" if value == value.to_integral_value() else "#,##0.00"
    return f"€ {format_decimal(value, format=pattern, locale=LOCALE)}"


def approximately(qualifier: str | None, rounded: str | None) -> list[str]:
    """The words before a rounded amount: the text's own qualifier and the rounding's, without
    saying 'ruim ruim' ('ruim' + rounded up → 'circa')."""
    own = qualifier if qualifier in _PREFIX_QUALIFIERS else None
    if rounded is None or own == "circa":
        return [own] if own else []
    if own in ("ruim", "bijna"):
        return [own if own == rounded else "circa"]
    return [own, rounded] if own else [rounded]


_KIND_PREFIX = {AmountKind.CUT: "bezuiniging", AmountKind.TARIFF: "tarief",
                AmountKind.CONTEXT: "context"}


def amount(a: Amount, with_kind: bool = True, exact: bool = False) -> str:
    """'oplopend tot € 21,4 mln per jaar vanaf 2027', 'ruim € 280 mln extra per jaar vanaf 2025',
    '€ 176 mln in totaal'. Lists round (`euro_rounded`, saying 'ruim'/'circa'); `exact` keeps
    every digit (`/bericht`)."""
    words = []
    text, rounded = (euro(a.eur), None) if exact else euro_rounded(a.eur)
    words.extend(approximately(a.qualifier, rounded))
    words.append(text)
    if a.extra:
        words.append("extra")
    if a.per_year:
        words.append("per jaar")
    if a.from_year:
        words.append(f"vanaf {a.from_year}")
    if a.one_off:
        words.append("eenmalig")
    if a.qualifier == "in totaal":
        words.append("in totaal")
    prefix = _KIND_PREFIX.get(a.kind) if with_kind else None
    return f"{prefix}: {' '.join(words)}" if prefix else " ".join(words)


def years(value: float) -> str:
    """0.5 → '6 maanden', 1 → '1 jaar', 1.5 → '1,5 jaar'."""
    if value < 1 and round(value * 12) == value * 12:
        months = int(round(value * 12))
        return f"{months} maand{'en' if months != 1 else ''}"
    return f"{format_decimal(value, format='#,##0.##', locale=LOCALE)} jaar"


def penalty_change(p: Penalty) -> str:
    """'6 → 8 jaar', '? → 30 jaar', '€ 25.000 → € 100.000', 'categorie 3 → 4'."""
    if p.unit is PenaltyUnit.EUR:
        old, new = (euro(v) if v is not None else "?" for v in (p.from_eur, p.to_eur))
        return f"{old} → {new}"
    if p.unit is PenaltyUnit.CATEGORY and p.fine_category:
        first, last = p.fine_category
        return f"categorie {first if first is not None else '?'} → {last}"
    new = years(p.to_years) if p.to_years is not None else "?"
    if p.from_years is None:
        return f"? → {new}"
    old = years(p.from_years)
    if old.endswith(" jaar") and new.endswith(" jaar"):
        old = old[:-5]
    return f"{old} → {new}"


def date_spec(spec: DateSpec) -> str:
    """A date shown as precisely as it is known: '1 april 2029', 'maart 2023', 'voorjaar 2025',
    '1e kwartaal 2027', 'eind 2025', '2025', '2025–2027' (each precision's way: precisions.py)."""
    return precisions.rule(spec).dutch(spec)


def countdown(spec: DateSpec, today: dt.date) -> str:
    """'over 852 dagen', 'morgen', 'vandaag', 'loopt nu', '3 dagen geleden'. Dates not known to
    the day count to their start and say so."""
    exact = precisions.rule(spec).exact
    if not exact and spec.start <= today <= spec.end:
        return "loopt nu"
    days = (spec.start - today).days
    if days < 0:
        if not exact:
            return "voorbij"
        past = (today - spec.end).days
        return "gisteren" if past == 1 else f"{past} dagen geleden"
    words = {0: "vandaag", 1: "morgen", 2: "overmorgen"}.get(days, f"over {days} dagen")
    return words if exact else f"begint {words}"


def lead_days(leads: tuple[int, ...] | list[int]) -> str:
    """(30, 7, 1, 0) → '30, 7 en 1 dagen vooraf en op de dag zelf'; (1,) → '1 dag vooraf'."""
    before = sorted((d for d in leads if d > 0), reverse=True)
    words = []
    if before:
        listed = ", ".join(map(str, before[:-1])) + (" en " if len(before) > 1 else "")
        unit = "dag" if before == [1] else "dagen"
        words.append(f"{listed}{before[-1]} {unit} vooraf")
    if 0 in leads:
        words.append("op de dag zelf")
    return " en ".join(words) or "geen"
