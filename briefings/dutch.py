"""Dutch language facts the extractors share: months, weekdays, number words, sentences."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
WEEKDAYS = {
    "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5,
    "zondag": 6,
}
SEASONS = {
    "voorjaar": "spring", "lente": "spring", "zomer": "summer", "najaar": "autumn",
    "herfst": "autumn", "winter": "winter",
}
NUMBER_WORDS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14,
    "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19,
    "twintig": 20, "dertig": 30,
}
ORDINALS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "1e": 1, "2e": 2, "3e": 3, "4e": 4}

MONTH_RE = "|".join(MONTHS)
WEEKDAY_RE = "|".join(WEEKDAYS)
SEASON_RE = "|".join(SEASONS)
YEAR_RE = r"(?:19|20)\d\d"

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = ("o.a", "bijv", "bv", "mr", "dr", "drs", "ir", "prof", "nr", "jl", "d.w.z",
                  "m.b.t", "t.a.v", "i.p.v", "o.m", "ca", "e.d", "resp", "art", "mln", "mld",
                  "mrd")
_SENTENCE_END = re.compile(r"[.!?…][”\"’')]*\s+(?=[“\"‘(]?[A-Z0-9ÀÉÈËÏÖÜ€])")


class NotANumber(ValueError):
    """Raised when a string is not a number written the Dutch way."""


def parse_number(text: str) -> Decimal:
    """'21,4' → 21.4, '500.000' → 500000, 'acht' → 8; strict, so '21.4' is refused."""
    word = text.strip().lower()
    if word in NUMBER_WORDS:
        return Decimal(NUMBER_WORDS[word])
    try:
        return Decimal(parse_decimal(word, locale="nl_NL", strict=True))
    except (NumberFormatError, InvalidOperation) as error:
        raise NotANumber(text) from error


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of one paragraph."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start:match.start()].rsplit(" ", 1)[-1].lower()
        if before.rstrip(".") in _ABBREVIATIONS:
            continue
        end = match.end()
        spans.append((start, len(text[:end].rstrip())))
        start = end
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def parse_dutch_date(text: str) -> dt.date | None:
    """A full calendar date: '12 november 2024', 'dinsdag 12 november 2024', '2024-11-12',
    '12-11-2024'. None when the text is not such a date."""
    text = text.strip().lower()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    dmy = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", text)
    words = re.fullmatch(rf"(?:(?:{WEEKDAY_RE}),?\s+)?(\d{{1,2}})\s+({MONTH_RE})\s+(\d{{4}})", text)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dmy:
            return dt.date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
        if words:
            return dt.date(int(words[3]), MONTHS[words[2]], int(words[1]))
    except ValueError:
        return None
    return None
