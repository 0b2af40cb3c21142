"""Is an incoming release new, an update of a stored announcement, or one we already have?

A pure decision over what the store knows of the candidates (same URL, same title). The same
release reaches the bot in several forms: a file without `Datum:`/`Bron:`, the same file with
them, the source's item with its canonical URL and a text read from its page. Those are one
announcement. Two different releases that happen to share a title are two.

- Same URL: the same release (an edit keeps its URL).
- Same title and the same body (after normalising layout, spacing and case): the same release,
  whatever its metadata (a republication at another address is not news twice).
- Same title and a body that mostly repeats the stored one (an added paragraph, a corrected
  figure, a page extractor's other split): an edit of it, unless the two disagree on metadata
  both carry (another URL, another publication date).
- Anything else is a different release, kept beside the others under its own id.

An update keeps the metadata the stored announcement had and the incoming one lacks, so
ingesting a file without `Bron:` after the source's item never loses the item's URL.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from .announcements import content_hash
from .model import Release


class Outcome(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class StoredRelease:
    """What identity needs of a stored announcement (its text is not needed)."""

    id: str
    content_hash: str
    title_key: str
    body: str                     # the release's body text (read for candidates only)
    url: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    release: Release              # the incoming release, completed with stored metadata
    id: str | None = None         # the stored announcement it updates or repeats


def title_key(title: str) -> str:
    """'Hogere straffen, voor drugs!' and 'hogere straffen voor drugs' are the same title."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", title).lower()))


def stored_form(announcement_id: str, release: Release) -> StoredRelease:
    return StoredRelease(announcement_id, content_hash(release), title_key(release.title),
                         release.body, release.url, release.published)


def decide(incoming: Release, candidates: Sequence[StoredRelease]) -> Decision:
    """`candidates`: the stored announcements with the incoming URL or title, oldest first."""
    match = _same_release(incoming, candidates)
    if match is None:
        return Decision(Outcome.NEW, incoming)
    release = replace(incoming, url=incoming.url or match.url,
                      published=incoming.published or match.published)
    outcome = Outcome.UNCHANGED if content_hash(release) == match.content_hash \
        else Outcome.UPDATED
    return Decision(outcome, release, match.id)


def _same_release(incoming: Release, candidates: Sequence[StoredRelease]
                  ) -> StoredRelease | None:
    if incoming.url:
        by_url = next((c for c in candidates if c.url == incoming.url), None)
        if by_url is not None:
            return by_url
    key = title_key(incoming.title)
    same_title = [c for c in candidates if c.title_key == key]
    words = _words(incoming.body)
    same_body = next((c for c in same_title if _words(c.body) == words), None)
    if same_body is not None:
        return same_body
    # An edit of the most recent one that does not contradict it.
    shingles = _shingles(words)
    return next((c for c in reversed(same_title)
                 if not _disagree(incoming, c) and _resemble(shingles, _shingles(_words(c.body)))),
                None)


RESEMBLANCE = 0.5  # share of the shorter body's word triples found in the other


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", unicodedata.normalize("NFKC", text).lower()))


def _shingles(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {words[i:i + 3] for i in range(max(1, len(words) - 2))} if words else set()


def _resemble(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> bool:
    """Mostly the same text: an edit repeats most of it, another release with the same title
    shares a few phrases at most."""
    if not a or not b:
        return False
    return len(a & b) >= RESEMBLANCE * min(len(a), len(b))


def _disagree(incoming: Release, stored: StoredRelease) -> bool:
    """Both carry a URL or a date, and they differ: two releases, not one edited."""
    return bool((incoming.url and stored.url and incoming.url != stored.url)
                or (incoming.published and stored.published
                    and incoming.published != stored.published))
