"""The extractor's public JSON shape (`briefingbot extract --json`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .model import Extraction, Release


def _number(value: Decimal | None) -> float | None:
    """Euros as a JSON number with its cents (73.23)."""
    return None if value is None else float(value)


def extraction_json(release: Release, extraction: Extraction) -> dict[str, Any]:
    return {
        "title": release.title,
        "published": release.published.isoformat() if release.published else None,
        "source": release.url or release.source,
        "amounts": [
            {"text": a.text, "eur": _number(a.eur), "per_year": a.per_year,
             "from_year": a.from_year, "qualifier": a.qualifier, "part_of": a.part_of,
             "extra": a.extra, "purpose": a.purpose or None, "topics": list(a.topics),
             "kind": str(a.kind), "one_off": a.one_off, "id": f"a{a.index}",
             "part_of_id": None if a.part_of is None else f"a{a.part_of}",
             "sentence": a.sentence}
            for a in extraction.amounts
        ],
        "penalties": [
            {"offence": p.offence, "from_years": p.from_years, "to_years": p.to_years,
             "text": p.text, "topics": list(p.topics), "unit": str(p.unit),
             "from_eur": _number(p.from_eur), "to_eur": _number(p.to_eur),
             "fine_category": list(p.fine_category) if p.fine_category else None,
             "law": p.law, "stage": str(p.stage) if p.stage else None}
            for p in extraction.penalties
        ],
        "milestones": [
            {"text": m.text, "date": m.date.iso, "precision": str(m.date.precision),
             "part": m.date.part, "what": m.what, "kind": str(m.kind), "tense": str(m.tense),
             "topics": list(m.topics)}
            for m in extraction.milestones
        ],
        "persons": [{"name": p.name, "role": p.role} for p in extraction.persons],
        "organisations": list(extraction.organisations),
        "topics": list(extraction.topics),
        "measures": [{"kind": str(m.kind), "sentence": m.sentence, "topics": list(m.topics)}
                     for m in extraction.actions],
    }
