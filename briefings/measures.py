"""The measure, the product's central noun, and the registry of its kinds.

Every kind is one row: which record holds it (`Amount`, `Penalty`, `Milestone`, `Action`), which
family of the extraction it lives in, and its Dutch label. Adding a kind is one row here, one
extractor and one view; nothing dispatches on a kind's name elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .model import (
    Action,
    ActionKind,
    Amount,
    AmountKind,
    Extraction,
    Milestone,
    MilestoneKind,
    Penalty,
)

Measure = Amount | Penalty | Milestone | Action


class Family(StrEnum):
    """Where a kind lives in an extraction (and in `extract --json`)."""

    AMOUNTS = "amounts"
    PENALTIES = "penalties"
    MILESTONES = "milestones"
    ACTIONS = "actions"


@dataclass(frozen=True)
class KindRecord:
    kind: str
    family: Family
    label: str                  # Dutch, for the answers
    summed: bool = False        # counts in budget totals


REGISTRY: tuple[KindRecord, ...] = (
    KindRecord(AmountKind.BUDGET, Family.AMOUNTS, "budget", summed=True),
    KindRecord(AmountKind.CUT, Family.AMOUNTS, "bezuiniging"),
    KindRecord(AmountKind.TARIFF, Family.AMOUNTS, "tarief"),
    KindRecord(AmountKind.CONTEXT, Family.AMOUNTS, "context"),
    KindRecord("penalty", Family.PENALTIES, "strafmaximum"),
    *(KindRecord(k, Family.MILESTONES, "mijlpaal") for k in MilestoneKind),
    KindRecord(ActionKind.OBLIGATION, Family.ACTIONS, "verplichting"),
    KindRecord(ActionKind.RIGHT, Family.ACTIONS, "recht"),
    KindRecord(ActionKind.PROGRAMME, Family.ACTIONS, "programma"),
    KindRecord(ActionKind.LAW, Family.ACTIONS, "wet"),
    KindRecord(ActionKind.BAN, Family.ACTIONS, "verbod"),
    KindRecord(ActionKind.OTHER, Family.ACTIONS, "maatregel"),
)
_BY_KIND = {r.kind: r for r in REGISTRY}
_FAMILY_OF_RECORD: dict[type, Family] = {Amount: Family.AMOUNTS, Penalty: Family.PENALTIES,
                                         Milestone: Family.MILESTONES, Action: Family.ACTIONS}


def kind_of(measure: Measure) -> KindRecord:
    if isinstance(measure, Penalty):
        return _BY_KIND["penalty"]
    return _BY_KIND[measure.kind]


def family_of(measure: Measure) -> Family:
    return _FAMILY_OF_RECORD[type(measure)]


def measures_in(extraction: Extraction, family: Family) -> tuple[Measure, ...]:
    return getattr(extraction, family.value)  # type: ignore[no-any-return]
