"""RSS/Atom feeds → releases (feedparser reads the bytes; nothing here touches the network)."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any
from zoneinfo import ZoneInfo

from .model import Release
from .parse import MAX_TITLE, _sections, date_from_url

NEWS_ZONE = ZoneInfo("Europe/Amsterdam")  # the ministry publishes on Dutch calendar days

_BLOCK_END = re.compile(r"</(p|div|li|h[1-6]|blockquote|section)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


class MalformedFeed(ValueError):
    """Bytes that hold no feed entries at all."""

    def __init__(self, source: str, reason: str) -> None:
        self.source, self.reason = source, reason
        super().__init__(f"{source}: geen bruikbare feed ({reason})")


def parse_feed(content: bytes, source: str) -> tuple[list[Release], list[str]]:
    """The feed's releases, and a note for every entry that had to be left out."""
    import feedparser  # ~10 MB: imported by the first poll, not at start

    parsed = feedparser.parse(content)
    if not parsed.entries:
        reason = str(parsed.get("bozo_exception") or "geen berichten in de feed")
        raise MalformedFeed(source, reason)
    releases, skipped = [], []
    for number, entry in enumerate(parsed.entries, start=1):
        title = " ".join(html.unescape(_TAG.sub("", entry.get("title", ""))).split())
        paragraphs = to_paragraphs(_body(entry))
        if not title or len(title) > MAX_TITLE or not paragraphs:
            skipped.append(f"bericht {number} ({title[:40] or 'zonder titel'}): geen titel of "
                           "tekst")
            continue
        link = entry.get("link") or None
        releases.append(Release(title=title, sections=_sections(paragraphs), source=source,
                                published=entry_date(entry, link), url=link))
    return releases, skipped


def _body(entry: Any) -> str:
    if entry.get("content"):
        return entry["content"][0].get("value", "")
    return entry.get("summary", "")


def to_paragraphs(markup: str) -> list[str]:
    text = _BLOCK_END.sub("\n\n", markup)
    text = html.unescape(_TAG.sub("", text)).replace("\u00a0", " ")
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def entry_date(entry: Any, link: str | None) -> dt.date | None:
    """A feed entry's publication day. feedparser gives UTC; the ministry publishes on Dutch
    calendar days, so a release of 00:30 Amsterdam time is dated that day, not the day before."""
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            year, month, day, hour, minute, second = value[:6]
            moment = dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
            return moment.astimezone(NEWS_ZONE).date()
    return date_from_url(link) if link else None
