"""Publication dates from the clues outside the text: source URLs (feeds give theirs directly)."""

from __future__ import annotations

import datetime as dt
import re

_URL_DATE = (
    re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$)"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d{2})-(\d{2})(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)(\d{2})(\d{2})(?!\d)"),
)


def date_from_url(url: str) -> dt.date | None:
    """'…/nieuws/2024/11/12/…' → 2024-11-12; None when the URL holds no valid date."""
    for pattern in _URL_DATE:
        for match in pattern.finditer(url):
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None
