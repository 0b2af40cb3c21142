"""Dutch formatting of money, dates and countdowns, with Babel (nl_NL)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

from .model import Amount, DateSpec

LOCALE = "nl_NL"
_SEASON_NAMES = {"spring": "voorjaar", "summer": "zomer", "autumn": "najaar", "winter": "winter"}
_PREFIX_QUALIFIERS = ("ruim", "circa", "bijna", "maximaal", "oplopend tot")


def euro(eur: int) -> str:
    """21400000 → '€ 21,4 mln'; 1200000000 → '€ 1,2 mld'; 500000 → '€ 500.000'."""
    if eur >= 10**9:
        number, unit = Decimal(eur) / 10**9, " mld"
    elif eur >= 10**6:
        number, unit = Decimal(eur) / 10**6, " mln"
    else:
        number, unit = Decimal(eur), ""
    return f"€ {format_decimal(number, format='#,##0.##', locale=LOCALE)}{unit}"


def amount(a: Amount) -> str:
    """'oplopend tot € 21,4 mln per jaar vanaf 2027', 'ruim € 280 mln extra per jaar vanaf 2025',
    '€ 176 mln in totaal'."""
    words = []
    if a.qualifier in _PREFIX_QUALIFIERS:
        words.append(a.qualifier)
    words.append(euro(a.eur))
    if a.extra:
        words.append("extra")
    if a.per_year:
        words.append("per jaar")
    if a.from_year:
        words.append(f"vanaf {a.from_year}")
    if a.qualifier == "in totaal":
        words.append("in totaal")
    return " ".join(words)


def day(date: dt.date) -> str:
    return format_date(date, "d MMMM y", locale=LOCALE)


def date_spec(spec: DateSpec) -> str:
    """A date shown as precisely as it is known: '1 april 2029', 'maart 2023', 'voorjaar 2025',
    '1e kwartaal 2027', 'eind 2025', '2025', '2025–2027'."""
    if spec.precision == "day":
        return day(spec.start)
    if spec.precision == "month":
        return format_date(spec.start, "MMMM y", locale=LOCALE)
    if spec.precision == "season":
        return f"{_SEASON_NAMES[spec.season or 'spring']} {spec.year}"
    if spec.precision == "quarter":
        return f"{spec.quarter}e kwartaal {spec.year}"
    if spec.precision == "period":
        return f"{spec.year}–{spec.end_year}"
    if spec.part:
        return f"{spec.part} {spec.year}"
    return str(spec.year)


def countdown(spec: DateSpec, today: dt.date) -> str:
    """'over 852 dagen', 'morgen', 'vandaag', 'loopt nu', '3 dagen geleden'. Coarse dates count
    to their start and say so."""
    if spec.start <= today <= spec.end and spec.precision != "day":
        return "loopt nu"
    days = (spec.start - today).days
    if days < 0:
        if spec.precision != "day":
            return "voorbij"
        past = (today - spec.end).days
        return "gisteren" if past == 1 else f"{past} dagen geleden"
    words = {0: "vandaag", 1: "morgen", 2: "overmorgen"}.get(days, f"over {days} dagen")
    return words if spec.precision == "day" else f"begint {words}"
