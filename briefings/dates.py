"""Date expressions in Dutch prose, with their precision: day, month, quarter, season, year,
period. Which of them are milestones is decided in `milestones.py`.

Only phrases that name a calendar date count: durations ("drie jaar de tijd"), numbers that look
like years ("Boeken 7 en 8", "groep 7") and amounts are left alone. Relative phrases ("volgend
jaar", "per 1 juli", "In april", "voor de zomer", "Prinsjesdag", "vandaag") are resolved against
the publication date, and stay unresolved without one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from .dutch import MONTH_RE, MONTHS, ORDINALS, SEASON_RE, SEASONS, WEEKDAY_RE, WEEKDAYS, YEAR_RE
from .model import DateSpec, Precision

_Y = rf"(?<![\d.,€])({YEAR_RE})(?![\d.,]\d|\s*(?:euro|miljoen|miljard|mln|procent|%))"
_PREP = r"(?:(?P<prep>op|in|per|vanaf|tot en met|tot|uiterlijk|vóór|voor|na|rond|sinds|" \
        r"met ingang van|begin|eind|medio)\s+)?"
# "dit jaar", "volgend jaar", "komend jaar", "vorig jaar" standing in for a year
_REL_YEAR = r"(?P<rel>(?:nog\s+)?dit|volgend|komend|vorig|het\s+komende|het\s+volgende)\s+jaar"
_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    spec: DateSpec
    preposition: str | None


@dataclass(frozen=True)
class DateContext:
    """What relative dates are resolved against: the publication date, else a corpus year."""

    published: dt.date | None = None
    reference_year: int | None = None
    past_tense: bool = False        # the sentence tells of the past ("In april werd …")


Resolver = Callable[[re.Match[str], DateContext], DateSpec | None]


def _year_of(m: re.Match[str], context: DateContext) -> int | None:
    """The year a pattern names: written out, or relative to the publication date."""
    if m.groupdict().get("y"):
        return int(m["y"])
    rel = (m.groupdict().get("rel") or "").lower()
    if not rel or not context.published:
        return None
    shift = -1 if "vorig" in rel else 0 if "dit" in rel else 1
    return context.published.year + shift


def _period_list(m: re.Match[str], context: DateContext) -> DateSpec | None:
    years = [int(y) for y in re.findall(YEAR_RE, m.group(0))]
    return DateSpec(Precision.PERIOD, years[0], end_year=years[-1]) \
        if years[-1] > years[0] else None


def _period_range(m: re.Match[str], context: DateContext) -> DateSpec | None:
    first, last = int(m["y1"]), int(m["y2"])
    return DateSpec(Precision.PERIOD, first, end_year=last) if last > first else None


def _day(m: re.Match[str], context: DateContext) -> DateSpec | None:
    day, month = int(m["d"]), MONTHS[m["m"].lower()]
    year = _year_of(m, context)
    if year:
        return _valid_day(year, month, day)
    if m["wd"]:
        return _year_by_weekday(day, month, WEEKDAYS[m["wd"].lower()], context)
    return _nearest(context, lambda y: _valid_day(y, month, day))


def _nearest(context: DateContext, make: Callable[[int], DateSpec | None]) -> DateSpec | None:
    """A date named without its year ("per 1 juli", "In april"): the first such date on or
    after publication, or, in a sentence about the past, the last one before it."""
    published = context.published
    if not published:
        return None
    if context.past_tense:
        for year in (published.year, published.year - 1):
            spec = make(year)
            if spec and spec.start <= published:
                return spec
        return None
    for year in (published.year, published.year + 1):
        spec = make(year)
        if spec and spec.end >= published:
            return spec
    return None


def _valid_day(year: int, month: int, day: int) -> DateSpec | None:
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return DateSpec(Precision.DAY, year, month, day)


def _year_by_weekday(day: int, month: int, weekday: int, context: DateContext
                     ) -> DateSpec | None:
    if context.published:
        target = context.published.toordinal()
    elif context.reference_year:
        target = dt.date(context.reference_year, 7, 1).toordinal()
    else:
        return None
    centre = dt.date.fromordinal(target).year
    fits = [y for y in range(centre - 12, centre + 13) if _weekday_fits(y, month, day, weekday)]
    if not fits:
        return None
    year = min(fits, key=lambda y: abs(dt.date(y, month, day).toordinal() - target))
    return DateSpec(Precision.DAY, year, month, day)


def _weekday_fits(year: int, month: int, day: int, weekday: int) -> bool:
    try:
        return dt.date(year, month, day).weekday() == weekday
    except ValueError:
        return False


def _month(m: re.Match[str], context: DateContext) -> DateSpec | None:
    # "eind maart 2026" is still March 2026: month precision says no more than that.
    month = MONTHS[m["m"].lower()]
    year = _year_of(m, context)
    if year:
        return DateSpec(Precision.MONTH, year, month)
    return _nearest(context, lambda y: DateSpec(Precision.MONTH, y, month))


def _quarter(m: re.Match[str], context: DateContext) -> DateSpec | None:
    quarter = ORDINALS.get((m["q"] or "").lower()) or int(m["qn"])
    year = _year_of(m, context)
    return DateSpec(Precision.QUARTER, year, quarter=quarter) if year else None


def _season(m: re.Match[str], context: DateContext) -> DateSpec | None:
    season = SEASONS[m["s"].lower()]
    if season == "summer" and (m.groupdict().get("prep") or "").lower() == "na":
        season = "autumn"   # "na de zomer van 2021" is the autumn
    year = _year_of(m, context)
    if year:
        return DateSpec(Precision.SEASON, year, season=season)
    return _nearest(context, lambda y: DateSpec(Precision.SEASON, y, season=season))


def _summer_edge(m: re.Match[str], context: DateContext) -> DateSpec | None:
    """'voor de zomer' is the summer it comes before; 'na de zomer' the autumn after it."""
    season = "summer" if m["edge"].lower() in ("voor", "vóór", "rond", "in") else "autumn"
    return _nearest(context, lambda y: DateSpec(Precision.SEASON, y, season=season))


def _year_part(m: re.Match[str], context: DateContext) -> DateSpec | None:
    part = m["part"].lower()
    part = {"halverwege": "medio", "einde": "eind", "begin": "begin", "aan het eind van": "eind",
            "aan het einde van": "eind", "aan het begin van": "begin"}.get(part, part)
    year = _year_of(m, context)
    return DateSpec(Precision.YEAR, year, part=part) if year else None


def _year(m: re.Match[str], context: DateContext) -> DateSpec | None:
    year = _year_of(m, context)
    return DateSpec(Precision.YEAR, year) if year else None


def _relative_day(m: re.Match[str], context: DateContext) -> DateSpec | None:
    if not context.published:
        return None
    shift = {"vandaag": 0, "morgen": 1, "gisteren": -1, "overmorgen": 2}[m["word"].lower()]
    day = context.published + dt.timedelta(days=shift)
    return DateSpec(Precision.DAY, day.year, day.month, day.day)


def _relative_week(m: re.Match[str], context: DateContext) -> DateSpec | None:
    if not context.published:
        return None
    shift = {"deze": 0, "volgende": 1, "komende": 1, "vorige": -1, "afgelopen": -1}[
        m["rel"].lower()]
    monday = context.published - dt.timedelta(days=context.published.weekday()) \
        + dt.timedelta(weeks=shift)
    return DateSpec(Precision.WEEK, monday.year, monday.month, monday.day)


def _relative_month(m: re.Match[str], context: DateContext) -> DateSpec | None:
    if not context.published:
        return None
    shift = {"deze": 0, "volgende": 1, "komende": 1, "vorige": -1, "afgelopen": -1}[
        m["rel"].lower()]
    months = context.published.year * 12 + context.published.month - 1 + shift
    return DateSpec(Precision.MONTH, months // 12, months % 12 + 1)


def _this_year_part(m: re.Match[str], context: DateContext) -> DateSpec | None:
    """'voor het einde van het jaar': the end of the year of publication."""
    if not context.published:
        return None
    part = "begin" if m["part"].lower() == "begin" else "eind"
    return DateSpec(Precision.YEAR, context.published.year, part=part)


def _origin_year(m: re.Match[str], context: DateContext) -> DateSpec | None:
    """'stamt uit 1886': a historical reference, only after a verb of origin."""
    around = m.string[max(0, m.start() - 50):m.end() + 20]
    if not re.search(r"\b(stamt|stammen|stamde|dateert|dateren|afkomstig)\b", around, _FLAGS):
        return None
    return DateSpec(Precision.YEAR, int(m["y"]))


def _prinsjesdag(m: re.Match[str], context: DateContext) -> DateSpec | None:
    """The third Tuesday of September."""
    year = _year_of(m, context)
    if year is None:
        spec = _nearest(context, _third_tuesday)
        return spec
    return _third_tuesday(year)


def _third_tuesday(year: int) -> DateSpec:
    first = dt.date(year, 9, 1)
    day = first + dt.timedelta(days=(1 - first.weekday()) % 7 + 14)
    return DateSpec(Precision.DAY, year, 9, day.day)


_DAY_YEAR = rf"(?:\s+(?:(?P<y>{YEAR_RE})|{_REL_YEAR}))"

# Most specific first: a span taken by an earlier pattern is not read again.
_PATTERNS: list[tuple[re.Pattern[str], Resolver]] = [
    (re.compile(rf"\b(?:eerder|later)\s+{_REL_YEAR},?\s+(?P<prep>op)\s+(?P<d>[0-3]?\d)\s+"
                rf"(?P<m>{MONTH_RE})(?P<wd>)\b", _FLAGS), _day),
    (re.compile(rf"\b(?P<prep>in|tot|tot en met|na|vanaf|sinds)?\s*(?:de\s+)?periode\s+"
                rf"(?P<y1>{YEAR_RE})\s+(?:tot\s+(?:en\s+met\s+)?|[-–]\s*)(?P<y2>{YEAR_RE})\b",
                _FLAGS), _period_range),
    (re.compile(rf"\b(?P<prep>in)\s+{_Y}(?:\s*,\s*{_Y})*\s+en\s+{_Y}", _FLAGS), _period_list),
    (re.compile(rf"\b(?P<prep>tussen)\s+(?P<y1>{YEAR_RE})\s+en\s+(?P<y2>{YEAR_RE})\b", _FLAGS),
     _period_range),
    (re.compile(rf"\b(?P<prep>van)\s+(?P<y1>{YEAR_RE})\s+tot\s+(?:en\s+met\s+)?(?P<y2>{YEAR_RE})\b",
                _FLAGS), _period_range),
    (re.compile(rf"\b(?:(?P<prep>in)\s+(?:de\s+periode\s+)?)?(?P<y1>{YEAR_RE})\s*[-–]\s*"
                rf"(?P<y2>{YEAR_RE})\b", _FLAGS), _period_range),
    (re.compile(rf"\b{_PREP}(?:(?P<wd>{WEEKDAY_RE})\s+)?(?P<d>[0-3]?\d)\s+(?P<m>{MONTH_RE})"
                rf"{_DAY_YEAR}?\b", _FLAGS), _day),
    (re.compile(rf"\b(?:(?P<prep>in|vanaf|per|tot|uiterlijk|sinds|vóór|voor|na|begin|eind|"
                rf"medio|eind|half)\s+)?(?:(?P<part>begin|eind|medio)\s+)?(?P<m>{MONTH_RE})"
                rf"(?:\s+(?:(?P<y>{YEAR_RE})|{_REL_YEAR}))\b", _FLAGS), _month),
    (re.compile(rf"\b{_PREP}(?:het\s+)?(?:(?P<q>eerste|tweede|derde|vierde|1e|2e|3e|4e)\s+kwartaal"
                rf"|Q(?P<qn>[1-4]))\s+(?:van\s+)?(?:(?P<y>{YEAR_RE})|{_REL_YEAR})\b", _FLAGS),
     _quarter),
    (re.compile(rf"\b{_PREP}(?:het\s+|de\s+)?(?P<s>{SEASON_RE})\s+(?:van\s+)?"
                rf"(?:(?P<y>{YEAR_RE})|{_REL_YEAR})\b", _FLAGS), _season),
    (re.compile(rf"\b(?:(?P<prep>in|vanaf|per|tot|uiterlijk|vóór|voor|na|rond)\s+)?"
                rf"(?P<part>begin|eind|einde|medio|halverwege|aan het eind van|aan het einde van|"
                rf"aan het begin van)\s+(?:(?P<y>{YEAR_RE})|{_REL_YEAR})\b", _FLAGS), _year_part),
    (re.compile(rf"\b(?P<prep>in|vanaf|per|uiterlijk|vóór|voor|tot en met|tot|rond|sinds|"
                rf"na|met ingang van)\s+(?:het\s+jaar\s+)?(?P<y>{YEAR_RE})(?![\d.,]\d)\b", _FLAGS),
     _year),
    (re.compile(rf"\b(?:(?P<prep>in|vanaf|per|uiterlijk|vóór|voor|tot|sinds|na)\s+)?(?:het\s+)?"
                rf"Prinsjesdag(?:\s+(?P<y>{YEAR_RE}))?\b"), _prinsjesdag),
    (re.compile(r"\b(?P<edge>voor|vóór|na|rond)\s+de\s+zomer(?:vakantie|reces)?\b", _FLAGS),
     _summer_edge),
    (re.compile(rf"\b(?:(?P<prep>in|vanaf|per|uiterlijk|vóór|voor|na|rond|tot)\s+)?"
                rf"(?:het\s+|de\s+)(?P<s>{SEASON_RE})\b(?!\s+van\b)", _FLAGS), _season),
    (re.compile(r"\b(?P<prep>voor|vóór|tegen|aan|rond)\s+het\s+(?P<part>einde?|begin)\s+van\s+"
                r"(?:het|dit)\s+jaar\b", _FLAGS), _this_year_part),
    (re.compile(r"\b(?:(?P<prep>in|vanaf|per|uiterlijk|vóór|voor|na|tot)\s+)?"
                r"(?P<rel>deze|volgende|komende|vorige|afgelopen)\s+week\b", _FLAGS),
     _relative_week),
    (re.compile(r"\b(?:(?P<prep>in|vanaf|per|uiterlijk|vóór|voor|na|tot)\s+)?"
                r"(?P<rel>deze|volgende|komende|vorige)\s+maand\b", _FLAGS), _relative_month),
    (re.compile(rf"\b(?P<prep>uit)\s+(?P<y>{YEAR_RE})\b", _FLAGS), _origin_year),
    (re.compile(rf"\b(?P<prep>in|vanaf|per|uiterlijk|vóór|voor|na|eind|begin|medio|tot)\s+"
                rf"(?P<m>{MONTH_RE})\b(?!\s+\d)", _FLAGS), _month),
    (re.compile(rf"\b(?:(?P<prep>in|vanaf|per|uiterlijk|vóór|voor|na|tot|sinds)\s+)?{_REL_YEAR}\b",
                _FLAGS), _year),
    (re.compile(r"(?<!\bvan )(?<!\bop )\b(?P<word>vandaag|morgen|gisteren)\b(?!\s+op\b)", _FLAGS),
     _relative_day),
]


# Most sentences name no date at all; one cheap look spares them all the patterns.
_MAYBE_DATE = re.compile(rf"{YEAR_RE}|\b(?:{MONTH_RE}|jaar|{SEASON_RE}|zomer\w*|vandaag|morgen|"
                         r"gisteren|prinsjesdag|week|maand)\b", _FLAGS)


def find_dates(text: str, context: DateContext) -> list[DateMention]:
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
            spec = resolve(match, context)
            if spec is None:
                continue
            prep = match.groupdict().get("prep") or match.groupdict().get("edge")
            found.append(DateMention(span[0], span[1], match.group(0), spec,
                                     prep.lower() if prep else None))
    return sorted(found, key=lambda d: d.start)
