"""The stored announcements by URL and by title: the candidates the ingest decision
(`briefings/ingest_decision.py`) compares an incoming release with. Only candidates are decoded
and have their text read; everything else stays a raw document."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from briefings.ingest_decision import StoredRelease, stored_form, title_key
from briefings.model import Release, Section


class KnownReleases:
    def __init__(self, documents: Sequence[dict[str, Any]],
                 sections: Callable[[str], tuple[Section, ...]]) -> None:
        self._sections = sections
        self._docs: dict[str, dict[str, Any]] = {}
        self._known: dict[str, StoredRelease] = {}   # decoded, or added in this batch
        self._by_url: dict[str, list[str]] = defaultdict(list)
        self._by_title: dict[str, list[str]] = defaultdict(list)
        for doc in documents:
            if "id" not in doc or "hash" not in doc:
                continue
            self._docs[doc["id"]] = doc
            url = doc.get("url")
            if url:
                self._by_url[url].append(doc["id"])
            self._by_title[_title_key_of(doc)].append(doc["id"])

    @property
    def taken(self) -> set[str]:
        return set(self._docs) | set(self._known)

    def document(self, announcement_id: str) -> dict[str, Any] | None:
        return self._docs.get(announcement_id)

    def candidates(self, release: Release) -> list[StoredRelease]:
        ids = [*(self._by_url.get(release.url, ()) if release.url else ()),
               *self._by_title.get(title_key(release.title), ())]
        return [self._stored(i) for i in dict.fromkeys(ids)]

    def remember(self, announcement_id: str, release: Release) -> None:
        """A release added or updated in this batch: later items of the batch see it."""
        self._known[announcement_id] = stored_form(announcement_id, release)
        if release.url and announcement_id not in self._by_url[release.url]:
            self._by_url[release.url].append(announcement_id)
        key = title_key(release.title)
        if announcement_id not in self._by_title[key]:
            self._by_title[key].append(announcement_id)

    def _stored(self, announcement_id: str) -> StoredRelease:
        if announcement_id not in self._known:
            doc = self._docs[announcement_id]
            record = json.loads(doc["record"])
            release = Release(record["title"], self._sections(doc["hash"]), record["source"],
                              _date(record.get("published")), record.get("url"))
            # The stored hash, not one recomputed: an older record may hash differently.
            self._known[announcement_id] = replace(stored_form(announcement_id, release),
                                                   content_hash=doc["hash"])
        return self._known[announcement_id]


def _title_key_of(doc: dict[str, Any]) -> str:
    if doc.get("title_key") is not None:
        return str(doc["title_key"])
    try:  # stored before the title key had a field of its own
        return title_key(json.loads(doc["record"])["title"])
    except (KeyError, TypeError, ValueError):
        return ""


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
