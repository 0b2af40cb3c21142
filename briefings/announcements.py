"""Identity of an announcement: a stable, short id (slug) and a content hash."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata

from .model import Release

_STOPWORDS = frozenset("""de het een en van voor in op bij met over aan naar om tot uit door
te is zijn wordt worden er dat die dit als ook nog meer""".split())
SLUG_WORDS = 4


def slug(title: str) -> str:
    """'Hogere gevangenisstraffen mogelijk voor drugscriminelen' → 'hogere-gevangenisstraffen-
    mogelijk-drugscriminelen'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = [w for w in re.findall(r"[a-z0-9]+", ascii_title.lower()) if w not in _STOPWORDS]
    return "-".join(words[:SLUG_WORDS]) or "bericht"


def identity_key(release: Release) -> str:
    """What makes a release 'the same' across edits: its URL, else its whole title."""
    if release.url:
        return release.url
    words = re.findall(r"\w+", release.title.lower())
    return "title:" + " ".join(words)


def content_hash(release: Release) -> str:
    payload = {
        "title": release.title,
        "published": release.published.isoformat() if release.published else None,
        "url": release.url,
        "sections": [[s.heading, list(s.paragraphs)] for s in release.sections],
    }
    encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()
