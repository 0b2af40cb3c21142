"""Sources as configuration, and what they serve → items (pure parsing; no network here).

A source is an RSS/Atom feed or the Rijksoverheid open-data API (JSON, paged with `rows` and
`offset`). Both are read tolerantly: missing fields leave an item out or fall back, extra fields
are ignored. An item is what a list tells about a release (title, canonical URL, date, summary);
the full text comes from the item's own data or its page (see `articles.py`).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .feeds import NEWS_ZONE, MalformedFeed, entry_date, to_paragraphs
from .parse import MAX_TITLE, date_from_url

JUSTICE_NEWS_API = ("https://opendata.rijksoverheid.nl/v1/infotypes/news/ministries/"
                    "ministerie-van-justitie-en-veiligheid")
DEFAULT_SOURCES = f"justitie=api:{JUSTICE_NEWS_API}"
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_TAG = re.compile(r"<[^>]+>")


class SourceKind(StrEnum):
    FEED = "feed"   # RSS or Atom
    API = "api"     # the Rijksoverheid open-data JSON API


@dataclass(frozen=True)
class SourceConfig:
    name: str
    kind: SourceKind
    url: str


class BadSources(ValueError):
    """A sources setting that cannot be read; the message says which entry and why."""


def parse_sources(text: str) -> tuple[SourceConfig, ...]:
    """'justitie=api:https://… nctv=https://…/rss.xml' → the sources. Entries are separated by
    spaces; the kind is `api:` or `feed:`, or guessed from the address."""
    sources: list[SourceConfig] = []
    for entry in text.split():
        name, separator, rest = entry.partition("=")
        if not separator or not _NAME.fullmatch(name):
            raise BadSources(f"‘{entry}’: verwacht naam=adres, bijvoorbeeld "
                             f"‘justitie=api:{JUSTICE_NEWS_API}’ (naam: kleine letters, cijfers)")
        kind_text, colon, address = rest.partition(":")
        if colon and kind_text in (SourceKind.API, SourceKind.FEED):
            kind = SourceKind(kind_text)
        else:
            address = rest
            kind = SourceKind.API if "opendata.rijksoverheid.nl" in address else SourceKind.FEED
        if not re.fullmatch(r"https?://\S+", address):
            raise BadSources(f"‘{entry}’: ‘{address}’ is geen http(s)-adres")
        if any(s.name == name for s in sources):
            raise BadSources(f"de naam ‘{name}’ komt twee keer voor")
        sources.append(SourceConfig(name, kind, address))
    return tuple(sources)


@dataclass(frozen=True)
class SourceState:
    """What we keep per source between polls and across restarts."""

    name: str
    url: str
    added_at: dt.datetime                 # releases published before this never alert
    watermark: dt.date | None = None      # newest publication date seen; older ones never alert
    polled_at: dt.datetime | None = None  # last successful read (None: the next is the first)
    etag: str | None = None
    last_modified: str | None = None
    backfill_since: dt.date | None = None  # a backfill in progress (or done) since this day
    backfill_offset: int = 0               # where it resumes (API pages)
    backfill_done: bool = False

    def is_news(self, published: dt.date | None) -> bool:
        """Whether a release new to the store may alert: only after a first read, and only
        when published since the source was added and not before the watermark."""
        if self.polled_at is None:
            return False
        if published is None:
            return True
        if published < self.added_at.astimezone(NEWS_ZONE).date():
            return False
        return self.watermark is None or published >= self.watermark


@dataclass(frozen=True)
class SourceItem:
    """One release as a list announces it."""

    title: str
    url: str | None                 # the canonical page
    published: dt.date | None
    summary: tuple[str, ...] = ()   # paragraphs of the summary or introduction
    content_html: str | None = None  # the full text, when the list itself carries it
    data_url: str | None = None      # API: where the item's own data (with its text) lives


# --- feeds -----------------------------------------------------------------------------------

def items_from_feed(content: bytes, source: str) -> tuple[list[SourceItem], list[str]]:
    """The items of an RSS/Atom feed, and a note for every entry left out."""
    import feedparser  # ~10 MB: imported by the first poll, not at start

    parsed = feedparser.parse(content)
    if not parsed.entries:
        raise MalformedFeed(source, str(parsed.get("bozo_exception") or
                                        "geen berichten in de feed"))
    items, skipped = [], []
    for number, entry in enumerate(parsed.entries, start=1):
        title = _clean_title(entry.get("title", ""))
        link = entry.get("link") or None
        if not title or not link:
            skipped.append(f"bericht {number} ({title[:40] or 'zonder titel'}): geen titel of "
                           "adres")
            continue
        full = entry["content"][0].get("value") if entry.get("content") else None
        items.append(SourceItem(title=title, url=link, published=entry_date(entry, link),
                                summary=tuple(to_paragraphs(entry.get("summary", ""))),
                                content_html=full or None))
    return items, skipped


# --- the Rijksoverheid open-data API ---------------------------------------------------------

def api_page_url(base: str, rows: int, offset: int) -> str:
    """The list address for one page (JSON output), keeping the base's own parameters."""
    parts = urlsplit(base)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("output", "rows", "offset")]
    query += [("output", "json"), ("rows", str(rows)), ("offset", str(offset))]
    return urlunsplit(parts._replace(query=urlencode(query)))


def items_from_api(content: bytes, source: str) -> tuple[list[SourceItem], list[str]]:
    """One page of the API's news list. An empty list is a valid (last) page."""
    try:
        data = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MalformedFeed(source, f"geen JSON ({error})") from error
    records = _records(data)
    if records is None:
        raise MalformedFeed(source, "geen lijst met berichten in het JSON-antwoord")
    items, skipped = [], []
    for number, record in enumerate(records, start=1):
        item = _api_item(record)
        if item is None:
            skipped.append(f"bericht {number}: geen titel of adres")
        else:
            items.append(item)
    return items, skipped


def _records(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):  # tolerate a wrapper object around the list
        for value in data.values():
            if isinstance(value, list):
                return value
    return None


def _api_item(record: Any) -> SourceItem | None:
    if not isinstance(record, dict):
        return None
    title = _clean_title(_text(record.get("title")))
    url = _text(record.get("canonical")) or None
    if not title or not url or not url.startswith(("http://", "https://")):
        return None
    data_url = _text(record.get("dataurl")) or None
    return SourceItem(
        title=title, url=url,
        published=_iso_day(record.get("available")) or date_from_url(url),
        summary=tuple(to_paragraphs(_text(record.get("introduction")))),
        content_html=_text(record.get("content")) or None,
        data_url=data_url if data_url and data_url.startswith(("http://", "https://")) else None)


def content_from_api_item(content: bytes) -> str | None:
    """The full text (HTML) in an item's own data, if it has one."""
    try:
        data = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if isinstance(data, list) and data:
        data = data[0]
    if not isinstance(data, dict):
        return None
    for key in ("content", "body", "text"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _iso_day(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return None
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(NEWS_ZONE).date()


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _clean_title(raw: str) -> str:
    title = " ".join(html.unescape(_TAG.sub("", raw)).split())
    return title if len(title) <= MAX_TITLE else ""
