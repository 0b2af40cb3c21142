"""The extractor's public JSON shape (`briefingbot extract --json`)."""

from __future__ import annotations

from typing import Any

from .model import Extraction, Release


def extraction_json(release: Release, extraction: Extraction) -> dict[str, Any]:
    return {
        "title": release.title,
        "published": release.published.isoformat() if release.published else None,
        "source": release.url or release.source,
        "amounts": [
            {"text": a.text, "eur": a.eur, "per_year": a.per_year, "from_year": a.from_year,
             "qualifier": a.qualifier, "part_of": a.part_of, "extra": a.extra,
             "purpose": a.purpose or None, "topics": list(a.topics)}
            for a in extraction.amounts
        ],
        "penalties": [
            {"offence": p.offence, "from_years": p.from_years, "to_years": p.to_years,
             "text": p.text, "topics": list(p.topics)}
            for p in extraction.penalties
        ],
        "milestones": [
            {"text": m.text, "date": m.date.iso, "precision": m.date.precision,
             "part": m.date.part, "what": m.what, "kind": m.kind, "topics": list(m.topics)}
            for m in extraction.milestones
        ],
        "persons": [{"name": p.name, "role": p.role} for p in extraction.persons],
        "organisations": list(extraction.organisations),
        "topics": list(extraction.topics),
    }
