"""Dated events in Dutch prose, with their precision: day, month, quarter, season, year, period.

Only phrases that name a calendar date count: durations ("drie jaar de tijd"), numbers that look
like years ("Boeken 7 en 8", "groep 7") and amounts are left alone. Relative phrases ("volgend
jaar", "per 1 juli") are resolved against the publication date, and stay unresolved without one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from .dutch import MONTH_RE, MONTHS, ORDINALS, SEASON_RE, SEASONS, WEEKDAY_RE, WEEKDAYS, YEAR_RE
from .model import Amount, DateSpec, Milestone
from .passages import Passage

_Y = rf"(?<![\d.,€])({YEAR_RE})(?![\d.,]\d|\s*(?:euro|miljoen|miljard|mln|procent|%))"
_PREP = r"(?:(?P<prep>op|in|per|vanaf|tot en met|tot|uiterlijk|vóór|voor|na|rond|sinds|" \
        r"met ingang van)\s+)?"
_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    spec: DateSpec
    preposition: str | None


Resolver = Callable[[re.Match[str]], DateSpec | None]


@dataclass(frozen=True)
class Clock:
    """What relative dates are resolved against: the publication date, else a corpus year."""

    published: dt.date | None = None
    reference_year: int | None = None


def _period_list(m, clock):
    years = [int(y) for y in re.findall(YEAR_RE, m.group(0))]
    return DateSpec("period", years[0], end_year=years[-1]) if years[-1] > years[0] else None


def _period_range(m, clock):
    first, last = int(m["y1"]), int(m["y2"])
    return DateSpec("period", first, end_year=last) if last > first else None


def _day(m, clock):
    day, month = int(m["d"]), MONTHS[m["m"].lower()]
    if m["y"]:
        return _valid_day(int(m["y"]), month, day)
    if m["wd"]:
        return _year_by_weekday(day, month, WEEKDAYS[m["wd"].lower()], clock)
    if clock.published:
        # "per 1 juli" without a year: the first such day on or after publication.
        for year in (clock.published.year, clock.published.year + 1):
            spec = _valid_day(year, month, day)
            if spec and spec.start >= clock.published:
                return spec
    return None


def _valid_day(year, month, day):
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return DateSpec("day", year, month, day)


def _year_by_weekday(day, month, weekday, clock):
    if clock.published:
        target = clock.published.toordinal()
    elif clock.reference_year:
        target = dt.date(clock.reference_year, 7, 1).toordinal()
    else:
        return None
    centre = dt.date.fromordinal(target).year
    fits = [y for y in range(centre - 12, centre + 13) if _weekday_fits(y, month, day, weekday)]
    if not fits:
        return None
    year = min(fits, key=lambda y: abs(dt.date(y, month, day).toordinal() - target))
    return DateSpec("day", year, month, day)


def _weekday_fits(year, month, day, weekday):
    try:
        return dt.date(year, month, day).weekday() == weekday
    except ValueError:
        return False


def _month(m, clock):
    # "eind maart 2026" is still March 2026: month precision says no more than that.
    return DateSpec("month", int(m["y"]), MONTHS[m["m"].lower()])


def _quarter(m, clock):
    quarter = ORDINALS.get((m["q"] or "").lower()) or int(m["qn"])
    return DateSpec("quarter", int(m["y"]), quarter=quarter)


def _season(m, clock):
    return DateSpec("season", int(m["y"]), season=SEASONS[m["s"].lower()])


def _year_part(m, clock):
    part = m["part"].lower()
    part = {"halverwege": "medio", "einde": "eind"}.get(part, part)
    return DateSpec("year", int(m["y"]), part=part)


def _year(m, clock):
    return DateSpec("year", int(m["y"]))


def _relative_year(m, clock):
    if not clock.published:
        return None
    shift = {"volgend": 1, "komend": 1, "dit": 0, "vorig": -1}[m["rel"].lower()]
    return DateSpec("year", clock.published.year + shift)


# Most specific first: a span taken by an earlier pattern is not read again.
_PATTERNS: list[tuple[re.Pattern[str], Callable]] = [
    (re.compile(rf"\b(?P<prep>in)\s+{_Y}(?:\s*,\s*{_Y})*\s+en\s+{_Y}", _FLAGS), _period_list),
    (re.compile(rf"\b(?P<prep>tussen)\s+(?P<y1>{YEAR_RE})\s+en\s+(?P<y2>{YEAR_RE})\b", _FLAGS),
     _period_range),
    (re.compile(rf"\b(?P<prep>van)\s+(?P<y1>{YEAR_RE})\s+tot\s+(?:en\s+met\s+)?(?P<y2>{YEAR_RE})\b",
                _FLAGS), _period_range),
    (re.compile(rf"\b(?:(?P<prep>in)\s+(?:de\s+periode\s+)?)?(?P<y1>{YEAR_RE})\s*[-–]\s*"
                rf"(?P<y2>{YEAR_RE})\b", _FLAGS), _period_range),
    (re.compile(rf"\b{_PREP}(?:(?P<wd>{WEEKDAY_RE})\s+)?(?P<d>[0-3]?\d)\s+(?P<m>{MONTH_RE})"
                rf"(?:\s+(?P<y>{YEAR_RE}))?\b", _FLAGS), _day),
    (re.compile(rf"\b(?:(?P<prep>in|vanaf|per|tot|uiterlijk|sinds|vóór|voor)\s+)?"
                rf"(?:(?P<part>begin|eind|medio)\s+)?(?P<m>{MONTH_RE})\s+(?P<y>{YEAR_RE})\b",
                _FLAGS), _month),
    (re.compile(rf"\b{_PREP}(?:het\s+)?(?:(?P<q>eerste|tweede|derde|vierde|1e|2e|3e|4e)\s+kwartaal"
                rf"|Q(?P<qn>[1-4]))\s+(?:van\s+)?(?P<y>{YEAR_RE})\b", _FLAGS), _quarter),
    (re.compile(rf"\b{_PREP}(?:het\s+|de\s+)?(?P<s>{SEASON_RE})\s+(?:van\s+)?(?P<y>{YEAR_RE})\b",
                _FLAGS), _season),
    (re.compile(rf"\b(?:(?P<prep>in|vanaf|per|tot|uiterlijk|vóór|voor)\s+)?"
                rf"(?P<part>begin|eind|einde|medio|halverwege)\s+(?P<y>{YEAR_RE})\b", _FLAGS),
     _year_part),
    (re.compile(rf"\b(?P<prep>in|vanaf|per|uiterlijk|vóór|voor|tot en met|tot|rond|sinds|"
                rf"na|met ingang van)\s+(?:het\s+jaar\s+)?(?P<y>{YEAR_RE})(?![\d.,]\d)\b", _FLAGS),
     _year),
    (re.compile(r"\b(?P<rel>volgend|komend|dit|vorig)\s+jaar\b", _FLAGS), _relative_year),
]

# Phrases about the past or a running state are no milestones to remind anyone of.
_NOT_MILESTONE_PREPS = {"sinds"}


# Most sentences name no date at all; one cheap look spares them eleven patterns.
_MAYBE_DATE = re.compile(rf"{YEAR_RE}|\b(?:{MONTH_RE})\b|\bjaar\b", _FLAGS)


def find_dates(text: str, clock: Clock) -> list[DateMention]:
    if not _MAYBE_DATE.search(text):
        return []
    taken: list[tuple[int, int]] = []
    found = []
    for pattern, resolve in _PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            taken.append(span)
            spec = resolve(match, clock)
            if spec is None:
                continue
            prep = match.groupdict().get("prep")
            found.append(DateMention(span[0], span[1], match.group(0), spec,
                                     prep.lower() if prep else None))
    return sorted(found, key=lambda d: d.start)


def find_milestones(passages: list[Passage], clock: Clock,
                    amounts: list[Amount]) -> list[Milestone]:
    milestones: list[Milestone] = []
    seen: set[tuple[str, str]] = set()
    for passage in passages:
        if passage.in_title:
            continue
        for mention in find_dates(passage.text, clock):
            if mention.preposition in _NOT_MILESTONE_PREPS:
                continue
            kind = _kind(mention, passage, amounts)
            key = (mention.spec.iso, passage.text)
            if key in seen:
                continue
            seen.add(key)
            milestones.append(Milestone(text=mention.text, date=mention.spec,
                                        sentence=passage.text,
                                        kind=kind))
    return milestones


def _kind(mention: DateMention, passage: Passage, amounts: list[Amount]) -> str:
    if mention.preposition == "vanaf" and any(
            a.from_year == mention.spec.year and a.sentence == passage.text for a in amounts):
        return "amount_start"
    if mention.spec.precision == "period":
        return "period"
    return "event"


def explicit_years(passages: list[Passage]) -> list[int]:
    """Years written out in full, for dating a weekday date elsewhere in the corpus."""
    clock = Clock()
    return [m.spec.year for p in passages for m in find_dates(p.text, clock)]
