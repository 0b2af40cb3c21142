"""What each date precision means, one row per `Precision`: the days a date of it spans, how it
is written (ISO and Dutch), whether it is known to the day, and which of its days a reminder
counts from. `DateSpec`, formatting, the agenda and the reminder plan ask this table; a new
precision is one row (a test fails without it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from babel.dates import format_date

from .model import DateSpec, Precision

LOCALE = "nl_NL"
SEASON_START_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
SEASON_NAMES = {"spring": "voorjaar", "summer": "zomer", "autumn": "najaar", "winter": "winter"}
# "begin 2026" means roughly its first quarter, "medio" the summer, "eind" the last quarter.
YEAR_PART_MONTHS = {"begin": (1, 3), "medio": (6, 8), "eind": (10, 12)}


class Edge(StrEnum):
    """Which day of a milestone a reminder is about (part of its delivery-log key)."""

    DATE = "date"     # a day-precise milestone
    START = "start"   # a coarse date's or a period's first day
    END = "end"       # a period's last day

    def of(self, spec: DateSpec) -> dt.date:
        return spec.end if self is Edge.END else spec.start


@dataclass(frozen=True, slots=True)
class PrecisionRule:
    first_day: Callable[[DateSpec], dt.date]   # coarse dates anchor on their start
    last_day: Callable[[DateSpec], dt.date]    # for past/upcoming, periods and the agenda
    iso: Callable[[DateSpec], str]
    dutch: Callable[[DateSpec], str]
    # Known to the day: a countdown says 'over 3 dagen' or '3 dagen geleden'; otherwise it says
    # 'begint over 3 dagen', 'loopt nu' or 'voorbij', and the agenda shows the date as written.
    exact: bool
    edges: tuple[Edge, ...]                    # the days a reminder counts from


def day(date: dt.date) -> str:
    """'1 april 2029'."""
    return format_date(date, "d MMMM y", locale=LOCALE)


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _third_month_end(start: dt.date) -> dt.date:
    """The last day of the three months from `start` (a quarter, a season: winter ends in the
    next year)."""
    months = start.year * 12 + start.month - 1 + 2
    return _month_end(months // 12, months % 12 + 1)


def _given_day(spec: DateSpec) -> dt.date:
    return dt.date(spec.year, spec.month or 1, spec.day or 1)


def _iso_week(spec: DateSpec) -> str:
    year, week, _ = spec.start.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _year_first_day(spec: DateSpec) -> dt.date:
    return dt.date(spec.year, YEAR_PART_MONTHS[spec.part][0] if spec.part else 1, 1)


def _year_last_day(spec: DateSpec) -> dt.date:
    if spec.part:
        return _month_end(spec.year, YEAR_PART_MONTHS[spec.part][1])
    return dt.date(spec.year, 12, 31)


_FROM_START = (Edge.START,)

RULES: dict[Precision, PrecisionRule] = {
    Precision.DAY: PrecisionRule(
        first_day=_given_day,
        last_day=_given_day,
        iso=lambda s: f"{s.year:04d}-{s.month:02d}-{s.day:02d}",
        dutch=lambda s: day(s.start),                                  # '1 april 2029'
        exact=True, edges=(Edge.DATE,)),
    Precision.WEEK: PrecisionRule(  # an ISO week: `day` holds its Monday
        first_day=_given_day,
        last_day=lambda s: s.start + dt.timedelta(days=6),
        iso=_iso_week,
        dutch=lambda s: f"week van {day(s.start)}",                    # 'week van 3 maart 2025'
        exact=False, edges=_FROM_START),
    Precision.MONTH: PrecisionRule(
        first_day=lambda s: dt.date(s.year, s.month or 1, 1),
        last_day=lambda s: _month_end(s.year, s.month or 1),
        iso=lambda s: f"{s.year:04d}-{s.month:02d}",
        dutch=lambda s: format_date(s.start, "MMMM y", locale=LOCALE),  # 'maart 2023'
        exact=False, edges=_FROM_START),
    Precision.QUARTER: PrecisionRule(
        first_day=lambda s: dt.date(s.year, 3 * ((s.quarter or 1) - 1) + 1, 1),
        last_day=lambda s: _third_month_end(s.start),
        iso=lambda s: f"{s.year:04d}-Q{s.quarter}",
        dutch=lambda s: f"{s.quarter}e kwartaal {s.year}",             # '1e kwartaal 2027'
        exact=False, edges=_FROM_START),
    Precision.SEASON: PrecisionRule(
        first_day=lambda s: dt.date(s.year, SEASON_START_MONTH[s.season or "spring"], 1),
        last_day=lambda s: _third_month_end(s.start),
        iso=lambda s: f"{s.year:04d}-{s.season}",
        dutch=lambda s: f"{SEASON_NAMES[s.season or 'spring']} {s.year}",  # 'voorjaar 2025'
        exact=False, edges=_FROM_START),
    Precision.YEAR: PrecisionRule(  # `part` narrows it: 'begin', 'medio', 'eind'
        first_day=_year_first_day,
        last_day=_year_last_day,
        iso=lambda s: f"{s.year:04d}",
        dutch=lambda s: f"{s.part} {s.year}" if s.part else str(s.year),  # 'eind 2025', '2025'
        exact=False, edges=_FROM_START),
    Precision.PERIOD: PrecisionRule(  # reminded at its start and at its end
        first_day=lambda s: dt.date(s.year, 1, 1),
        last_day=lambda s: dt.date(s.end_year or s.year, 12, 31),
        iso=lambda s: f"{s.year:04d}/{s.end_year:04d}",
        dutch=lambda s: f"{s.year}–{s.end_year}",                      # '2025–2027'
        exact=False, edges=(Edge.START, Edge.END)),
}


def rule(spec: DateSpec) -> PrecisionRule:
    """What the precision of `spec` means."""
    return RULES[spec.precision]


def anchors(spec: DateSpec) -> list[tuple[Edge, dt.date]]:
    """The days a reminder counts from, each with its edge."""
    return [(edge, edge.of(spec)) for edge in RULES[spec.precision].edges]
