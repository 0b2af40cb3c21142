"""Press-release text → Release objects.

Two shapes are read: a collection (releases separated by two blank lines, as in the seed corpus)
and a single release. In both, the first line is the title, short lines without a full stop are
sub-headings, and `Datum: …` / `Bron: <url>` lines are metadata rather than body (without a
`Datum:`, the date the URL holds is the publication date). Lines that start with `#` are notes
for whoever maintains the file (for example where a date comes from) and are left out.
"""

from __future__ import annotations

import datetime as dt
import re

from .dutch import parse_dutch_date
from .model import Release, Section

_META = re.compile(r"^\s*(Datum|Bron)\s*:\s*(.*?)\s*$", re.IGNORECASE)
_COMMENT = re.compile(r"^\s*#")   # a note for whoever maintains the file, not release text
_RELEASE_SEPARATOR = re.compile(r"\n[ \t\u00a0]*\n[ \t\u00a0]*\n+")
# How a source URL carries its publication date: …/2024/11/12/…, …2024-11-12…, …20241112…
_URL_DATE = (
    re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$)"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d{2})-(\d{2})(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)(\d{2})(\d{2})(?!\d)"),
)
MAX_TITLE = 250
MAX_HEADING = 80


class MalformedRelease(ValueError):
    """A file that cannot be read as press releases; names the file and the line."""

    def __init__(self, source: str, line: int, reason: str) -> None:
        self.source, self.line, self.reason = source, line, reason
        super().__init__(f"{source}, regel {line}: {reason}")


def parse_releases(text: str, source: str) -> list[Release]:
    """Every release in `text`; raises MalformedRelease on the first problem."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if "\x00" in text:
        raise MalformedRelease(source, 1, "dit is geen tekstbestand (bevat NUL-tekens)")
    if not text.strip():
        raise MalformedRelease(source, 1, "het bestand bevat geen tekst")
    releases = []
    for block, first_line in _blocks(text):
        releases.append(_parse_block(block, source, first_line))
    return releases


def _blocks(text: str) -> list[tuple[str, int]]:
    """The releases of a collection with the line each starts on (counted incrementally: a
    feed-sized collection has tens of thousands of lines)."""
    blocks, position, line = [], 0, 1
    for match in _RELEASE_SEPARATOR.finditer(text):
        blocks.append((text[position:match.start()], line))
        line += text.count("\n", position, match.end())
        position = match.end()
    blocks.append((text[position:], line))
    return [(block, first) for block, first in blocks if block.strip()]


def _parse_block(block: str, source: str, first_line: int) -> Release:
    lines = block.split("\n")
    published = url = None
    title: str | None = None
    title_line = first_line
    paragraphs: list[list[str]] = [[]]
    for offset, raw in enumerate(lines):
        number = first_line + offset
        if _COMMENT.match(raw):
            continue
        meta = _META.match(raw)
        if meta:
            published, url = _read_meta(meta, source, number, published, url)
            continue
        line = raw.replace("\u00a0", " ").strip()
        if title is None:
            if line:
                title, title_line = _check_title(line, source, number), number
            continue
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    body = [" ".join(p) for p in paragraphs if p]
    if title is None:
        raise MalformedRelease(source, first_line, "geen titel gevonden")
    if not body:
        raise MalformedRelease(source, title_line, f"bericht ‘{title[:60]}’ heeft geen tekst")
    if published is None and url:
        published = date_from_url(url)
    return Release(title=title, sections=_sections(body), source=source, published=published,
                   url=url, line=title_line)


def _check_title(line: str, source: str, number: int) -> str:
    if len(line) > MAX_TITLE:
        raise MalformedRelease(source, number,
                               f"de eerste regel is geen titel (langer dan {MAX_TITLE} tekens)")
    return line


def _read_meta(meta: re.Match[str], source: str, number: int, published: dt.date | None,
               url: str | None) -> tuple[dt.date | None, str | None]:
    key, value = meta[1].lower(), meta[2]
    if key == "datum":
        published = parse_dutch_date(value)
        if published is None:
            raise MalformedRelease(source, number,
                                   f"onleesbare datum ‘{value}’ (verwacht bijvoorbeeld "
                                   "‘12 november 2024’ of ‘2024-11-12’)")
    elif not re.fullmatch(r"https?://\S+", value):
        raise MalformedRelease(source, number, f"‘Bron:’ is geen http(s)-adres: ‘{value}’")
    else:
        url = value
    return published, url


def date_from_url(url: str) -> dt.date | None:
    """The publication date a source URL holds, for a release without `Datum:` (feeds and the
    open-data API fall back on it too): '…/nieuws/2024/11/12/…' → 2024-11-12; None when the
    URL holds no valid date."""
    for pattern in _URL_DATE:
        for match in pattern.finditer(url):
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None


def is_heading(paragraph: str) -> bool:
    """Sub-headings are short single lines without closing punctuation."""
    return (len(paragraph) <= MAX_HEADING and "\n" not in paragraph
            and not re.search(r"[.!?:;,”\"’]$", paragraph)
            and not paragraph.startswith(("“", "\"")))


def _sections(paragraphs: list[str]) -> tuple[Section, ...]:
    sections: list[Section] = []
    heading: str | None = None
    current: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        followed = index + 1 < len(paragraphs)
        if followed and is_heading(paragraph):
            if current or heading:
                sections.append(Section(heading, tuple(current)))
            heading, current = paragraph, []
        else:
            current.append(paragraph)
    sections.append(Section(heading, tuple(current)))
    return tuple(s for s in sections if s.paragraphs or s.heading)
