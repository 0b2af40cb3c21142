"""Domain objects ↔ stored documents. Every document carries a schema version."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, fields
from typing import Any

from briefings.model import (
    SCHEMA_VERSION,
    Amount,
    Announcement,
    DateSpec,
    Extraction,
    Milestone,
    Penalty,
    Person,
    Release,
    Section,
)


def announcement_doc(a: Announcement) -> dict[str, Any]:
    r = a.release
    return {
        "schema_version": SCHEMA_VERSION,
        "id": a.id,
        "key": a.key,
        "hash": a.content_hash,
        "title": r.title,
        "published": r.published.isoformat() if r.published else None,
        "source": r.source,
        "url": r.url,
        "sections": [{"heading": s.heading, "paragraphs": list(s.paragraphs)} for s in r.sections],
        "persons": [asdict(p) for p in a.extraction.persons],
        "organisations": list(a.extraction.organisations),
        "topics": list(a.extraction.topics),
        "ingested_at": a.ingested_at.isoformat() if a.ingested_at else None,
    }


def measure_docs(a: Announcement) -> list[dict[str, Any]]:
    docs = [{"schema_version": SCHEMA_VERSION, "announcement_id": a.id, "kind": "budget",
             **_plain(asdict(m))} for m in a.extraction.amounts]
    docs += [{"schema_version": SCHEMA_VERSION, "announcement_id": a.id, "kind": "penalty",
              **_plain(asdict(p))} for p in a.extraction.penalties]
    return docs


def milestone_docs(a: Announcement) -> list[dict[str, Any]]:
    return [{"schema_version": SCHEMA_VERSION, "announcement_id": a.id, "position": i,
             **_plain(asdict(m))} for i, m in enumerate(a.extraction.milestones)]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _build(cls, doc: dict[str, Any]):
    names = {f.name for f in fields(cls)}
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in doc.items() if k in names}
    return cls(**values)


def announcement_from(doc: dict[str, Any], measures: list[dict[str, Any]],
                      milestones: list[dict[str, Any]]) -> Announcement:
    release = Release(
        title=doc["title"],
        sections=tuple(Section(s["heading"], tuple(s["paragraphs"])) for s in doc["sections"]),
        source=doc["source"],
        published=dt.date.fromisoformat(doc["published"]) if doc["published"] else None,
        url=doc["url"],
    )
    amounts = sorted((_build(Amount, m) for m in measures if m["kind"] == "budget"),
                     key=lambda a: a.index)
    extraction = Extraction(
        amounts=tuple(amounts),
        penalties=tuple(_build(Penalty, m) for m in measures if m["kind"] == "penalty"),
        milestones=tuple(_milestone(m) for m in sorted(milestones, key=lambda m: m["position"])),
        persons=tuple(Person(**p) for p in doc["persons"]),
        organisations=tuple(doc["organisations"]),
        topics=tuple(doc["topics"]),
    )
    ingested = doc.get("ingested_at")
    return Announcement(id=doc["id"], release=release, extraction=extraction,
                        content_hash=doc["hash"], key=doc["key"],
                        ingested_at=dt.datetime.fromisoformat(ingested) if ingested else None)


def _milestone(doc: dict[str, Any]) -> Milestone:
    return Milestone(text=doc["text"], date=_build(DateSpec, doc["date"]), what=doc["what"],
                     sentence=doc["sentence"], kind=doc["kind"], topics=tuple(doc["topics"]))
