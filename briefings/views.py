"""Answer shapes (views): plain data the answers return and the templates render."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Person
from .topics import Topic


@dataclass(frozen=True)
class SourceRef:
    """Where a line comes from: the release's id, its publication date (Dutch words) and its
    canonical URL. Every answer line shows the date and links the release."""

    id: str
    published: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class BudgetLine:
    amount: str
    purpose: str
    source: SourceRef
    parts: tuple[BudgetLine, ...] = ()
    part_of: str | None = None         # the package, when it is not shown above this line
    same_as: SourceRef | None = None   # the same budget in another release, counted there


@dataclass(frozen=True)
class BudgetGroup:
    label: str
    lines: tuple[BudgetLine, ...]


@dataclass(frozen=True)
class YearlySum:
    """Per-year amounts that start in the same year (None: no start year named)."""

    start: str | None
    amount: str
    rising: bool = False       # holds an 'oplopend tot' amount: its end level is added


@dataclass(frozen=True)
class BudgetTotal:
    per_start: tuple[YearlySum, ...]
    running: tuple[str, str] | None   # (last start year, per-year sum running from then on)
    one_off: str | None
    packages: int
    approximate: bool
    restated: tuple[str, ...] = ()    # amounts announced in more releases, counted once


@dataclass(frozen=True)
class BudgetAnswer:
    topic: Topic | None
    groups: tuple[BudgetGroup, ...]
    total: BudgetTotal | None
    count: int
    hidden: int = 0           # packages not listed because the answer would be too long


@dataclass(frozen=True)
class PenaltyLine:
    offence: str
    change: str                # "6 → 8 jaar", "? → 30 jaar", "€ 25.000 → € 100.000"
    source: SourceRef
    law: str | None = None
    stage: str | None = None   # in words: "voorstel", "aangenomen" …


@dataclass(frozen=True)
class ActionLine:
    """A measure beyond numbers: 'verplichting: Een omgangsplan wordt …'."""

    kind: str
    sentence: str
    source: SourceRef


@dataclass(frozen=True)
class MilestoneLine:
    date: str
    countdown: str
    what: str
    source: SourceRef


@dataclass(frozen=True)
class AnnouncementLine:
    id: str
    title: str
    published: str | None
    url: str | None = None


@dataclass(frozen=True)
class TopicAnswer:
    topic: Topic
    budget: tuple[BudgetLine, ...]
    penalties: tuple[PenaltyLine, ...]
    upcoming: tuple[MilestoneLine, ...]
    past: tuple[MilestoneLine, ...]
    announcements: tuple[AnnouncementLine, ...]
    more: int = 0                   # measures and milestones left out for length
    more_announcements: int = 0
    actions: tuple[ActionLine, ...] = ()


@dataclass(frozen=True)
class MilestonesAnswer:
    upcoming: tuple[MilestoneLine, ...]
    past: tuple[MilestoneLine, ...]
    topic: Topic | None = None
    more: int = 0


@dataclass(frozen=True)
class LatestAnswer:
    items: tuple[AnnouncementLine, ...]
    total: int


@dataclass(frozen=True)
class ShowAnswer:
    id: str
    title: str
    published: str | None
    source: str | None
    lead: str
    budget: tuple[BudgetLine, ...]
    penalties: tuple[PenaltyLine, ...]
    milestones: tuple[MilestoneLine, ...]
    persons: tuple[Person, ...]
    organisations: tuple[str, ...]
    topics: tuple[Topic, ...]
    actions: tuple[ActionLine, ...] = ()


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str
    snippet: str
    published: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class SearchAnswer:
    query: str
    hits: tuple[SearchHit, ...]
    suggestions: tuple[Topic, ...] = field(default_factory=tuple)
    total: int = 0                  # matching releases
    ranked: int = 0                 # the newest of them, ranked and paged (all, unless many)
    page: int = 1
    pages: int = 0
    next_page: str | None = None    # the command that shows the next page


@dataclass(frozen=True)
class TopicsAnswer:
    topics: tuple[Topic, ...]


@dataclass(frozen=True)
class UsageAnswer:
    """A short, friendly answer to input the bot cannot use."""

    message: str
    usage: str | None = None
    topics: tuple[Topic, ...] = ()
    choices: tuple[AnnouncementLine, ...] = ()
