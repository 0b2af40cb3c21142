"""Domain objects ↔ stored documents. Every document carries a schema version.

An announcement is stored as one document: the fields the store looks things up by (id, key,
hash) plus a `record`, the announcement with its measures and milestones as one compact JSON
string. Loading ten thousand announcements then means ten thousand strings to decode one by
one, instead of a million small objects alive at once: the load stays fast and its memory is
handed back afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import asdict, fields
from decimal import Decimal
from enum import StrEnum
from typing import Any

from briefings.ingest_decision import title_key
from briefings.model import (
    SCHEMA_VERSION,
    Action,
    ActionKind,
    Amount,
    AmountKind,
    Announcement,
    DateSpec,
    Extraction,
    Milestone,
    MilestoneKind,
    Penalty,
    PenaltyUnit,
    Person,
    Precision,
    Release,
    Section,
    Stage,
    Tense,
)


def announcement_doc(a: Announcement) -> dict[str, Any]:
    """The release's text is not part of the document: it is stored in texts.sqlite."""
    r, e = a.release, a.extraction
    record = {
        "title": r.title,
        "published": r.published.isoformat() if r.published else None,
        "source": r.source,
        "url": r.url,
        "persons": [[p.name, p.role] for p in e.persons],
        "organisations": list(e.organisations),
        "topics": list(e.topics),
        "amounts": [asdict(m) for m in e.amounts],
        "penalties": [asdict(p) for p in e.penalties],
        "milestones": [asdict(m) for m in e.milestones],
        "actions": [asdict(m) for m in e.actions],
    }
    return {
        "schema_version": SCHEMA_VERSION,
        "id": a.id,
        "key": a.key,
        "hash": a.content_hash,
        "url": r.url,
        "title_key": title_key(r.title),  # identity looks releases up by title too
        "ingested_at": a.ingested_at.isoformat() if a.ingested_at else None,
        **({"quiet": True} if a.quiet else {}),
        # ASCII with escapes: one byte per character while the raw file is in memory.
        "record": json.dumps(record, ensure_ascii=True, separators=(",", ":"),
                             default=_exact),
    }


def _exact(value: Any) -> str:
    """Money is stored as a decimal string ("73.23"): exact, unlike a JSON float."""
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot store {type(value).__name__}")


# Older records hold whole euros as integers and free-form kinds: read them as the types now.
_ENUMS: dict[str, type[StrEnum]] = {"precision": Precision, "unit": PenaltyUnit, "stage": Stage,
                                    "tense": Tense}
_KIND_ENUM: dict[type, type[StrEnum]] = {Amount: AmountKind, Milestone: MilestoneKind,
                                         Action: ActionKind}
_OLD_MILESTONE_KINDS = {"event": MilestoneKind.PLANNED, "period": MilestoneKind.PLANNED,
                        "amount_start": MilestoneKind.PLANNED}
_MONEY = {"eur", "from_eur", "to_eur"}


def _typed(cls: type, key: str, value: Any) -> Any:
    if value is None:
        return None
    if key in _MONEY:
        return Decimal(str(value))
    if key == "kind" and cls in _KIND_ENUM:
        enum = _KIND_ENUM[cls]
        if cls is Milestone and value in _OLD_MILESTONE_KINDS:
            return _OLD_MILESTONE_KINDS[value]
        return enum(value)
    if key in _ENUMS:
        return _ENUMS[key](value)
    if key == "fine_category":
        return tuple(value)
    return _shared(key, value)


# Values from a small vocabulary (topics, organisations, precisions, kinds, qualifiers) repeat in
# every announcement; JSON decoding makes a new string each time, interning keeps one.
_VOCABULARY = {"topics", "precision", "season", "part", "kind", "qualifier"}


def _shared(key: str, value: Any) -> Any:
    if key in _VOCABULARY:
        if isinstance(value, str):
            return sys.intern(value)
        if isinstance(value, list):
            return tuple(sys.intern(v) for v in value)
    return tuple(value) if isinstance(value, list) else value


def _build(cls: Any, values: dict[str, Any]) -> Any:
    names = {f.name for f in fields(cls)}
    return cls(**{k: _typed(cls, k, v) for k, v in values.items() if k in names})


def _milestone(values: dict[str, Any]) -> Milestone:
    return _build(Milestone, {**values, "date": _build(DateSpec, values["date"])})


def announcement_from(doc: dict[str, Any], sections: tuple[Section, ...] = ()
                      ) -> Announcement:
    """The announcement of a stored document; its text (`sections`) is stored apart
    (store/texts.py) and read only where it is needed."""
    record = json.loads(doc["record"])
    release = Release(
        title=record["title"],
        sections=sections,
        source=record["source"],
        published=dt.date.fromisoformat(record["published"]) if record["published"] else None,
        url=record["url"],
    )
    extraction = Extraction(
        amounts=tuple(_build(Amount, m) for m in record["amounts"]),
        penalties=tuple(_build(Penalty, p) for p in record["penalties"]),
        milestones=tuple(_milestone(m) for m in record["milestones"]),
        persons=tuple(Person(sys.intern(name), sys.intern(role) if role else None)
                      for name, role in record["persons"]),
        organisations=tuple(sys.intern(o) for o in record["organisations"]),
        topics=_shared("topics", record["topics"]),
        actions=tuple(_build(Action, m) for m in record.get("actions", ())),
    )
    ingested = doc.get("ingested_at")
    return Announcement(id=doc["id"], release=release, extraction=extraction,
                        content_hash=doc["hash"], key=doc["key"],
                        ingested_at=dt.datetime.fromisoformat(ingested) if ingested else None,
                        quiet=bool(doc.get("quiet")))


def legacy_sections(doc: dict[str, Any]) -> tuple[Section, ...] | None:
    """The text a document written before texts.sqlite existed still carries, if any."""
    sections = json.loads(doc["record"]).get("sections")
    if sections is None:
        return None
    return tuple(Section(heading, tuple(paragraphs)) for heading, paragraphs in sections)
