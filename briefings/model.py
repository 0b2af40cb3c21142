"""Domain objects: plain frozen data, no behaviour that needs I/O."""

from __future__ import annotations

import datetime as dt
import re
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from .chat_settings import ChatSettings

SCHEMA_VERSION = 1


class Precision(StrEnum):
    """How precisely a date is known."""

    DAY = "day"
    WEEK = "week"             # an ISO week ("deze week"); `day` holds its Monday
    MONTH = "month"
    QUARTER = "quarter"
    SEASON = "season"
    YEAR = "year"
    PERIOD = "period"


class AmountKind(StrEnum):
    """What a money mention is: spending, a saving, a price per person or case, or an envelope
    only named as context (never summed)."""

    BUDGET = "budget"
    CUT = "cut"
    TARIFF = "tariff"
    CONTEXT = "context"


class PenaltyUnit(StrEnum):
    YEARS = "years"          # a maximum prison term
    EUR = "eur"              # a maximum fine in euros
    CATEGORY = "category"    # a fine category (art. 23 Sr)


class Stage(StrEnum):
    """How far a legal change has come, in the order it goes."""

    VOORSTEL = "voorstel"
    RAAD_VAN_STATE = "raad_van_state"
    TWEEDE_KAMER = "tweede_kamer"
    AANGENOMEN = "aangenomen"
    IN_WERKING = "in_werking"


class MilestoneKind(StrEnum):
    ENTRY_INTO_FORCE = "entry_into_force"
    DEADLINE = "deadline"
    PLANNED = "planned"
    PAST_EVENT = "past_event"
    HISTORICAL = "historical"

    @property
    def forward_looking(self) -> bool:
        """Only these get reminders and appear under 'Komende mijlpalen'."""
        return self in FORWARD_KINDS


FORWARD_KINDS = frozenset({MilestoneKind.ENTRY_INTO_FORCE, MilestoneKind.DEADLINE,
                           MilestoneKind.PLANNED})


class Tense(StrEnum):
    """Relative to the release's publication date."""

    FUTURE = "future"
    PAST = "past"


class ActionKind(StrEnum):
    """Measures beyond numbers: what the government will do."""

    OBLIGATION = "obligation"
    RIGHT = "right"
    PROGRAMME = "programme"
    LAW = "law"
    BAN = "ban"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class DateSpec:
    """A date as precise as the text makes it: a day, a month, a season, a year or a period.

    `part` narrows a year ("begin", "medio", "eind"); `end_year` closes a period.
    """

    precision: Precision
    year: int
    month: int | None = None
    day: int | None = None
    season: str | None = None
    quarter: int | None = None
    part: str | None = None
    end_year: int | None = None

    # What each precision means (these days, these texts) is one table: precisions.py.
    @property
    def iso(self) -> str:
        """'2029-04-01', '2025-W10', '2023-03', '2025-spring', '2027-Q1', '2026', '2025/2027'."""
        return _precisions.RULES[self.precision].iso(self)

    @property
    def start(self) -> dt.date:
        """The first day the date can mean; coarse dates anchor on their start."""
        return _precisions.RULES[self.precision].first_day(self)

    @property
    def end(self) -> dt.date:
        """The last day the date can mean (for past/upcoming and periods)."""
        return _precisions.RULES[self.precision].last_day(self)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str | None = None


@dataclass(frozen=True, slots=True, init=False)
class Section:
    """A sub-heading and its paragraphs. The text is kept compressed: the corpus text is most of
    the bot's memory, and it is read rarely (a /bericht, a snippet, a phrase search)."""

    heading: str | None
    packed: bytes

    def __init__(self, heading: str | None, paragraphs: tuple[str, ...]) -> None:
        text = _PARAGRAPH_BREAK.join(p.replace(_PARAGRAPH_BREAK, " ") for p in paragraphs)
        object.__setattr__(self, "heading", heading)
        object.__setattr__(self, "packed", zlib.compress(text.encode("utf-8")))

    @property
    def paragraphs(self) -> tuple[str, ...]:
        text = zlib.decompress(self.packed).decode("utf-8")
        return tuple(text.split(_PARAGRAPH_BREAK)) if text else ()

    def contains(self, pattern: re.Pattern[bytes]) -> bool:
        """Searches the text without decoding it (a phrase search reads thousands)."""
        return pattern.search(zlib.decompress(self.packed)) is not None


_PARAGRAPH_BREAK = "\x00"


@dataclass(frozen=True, slots=True)
class Amount:
    """A money measure: one per distinct amount in an announcement."""

    index: int
    text: str
    eur: Decimal                      # exact, with its cents
    sentence: str
    per_year: bool = False
    from_year: int | None = None
    qualifier: str | None = None
    part_of: int | None = None
    extra: bool = False
    purpose: str = ""
    topics: tuple[str, ...] = ()
    kind: AmountKind = AmountKind.BUDGET
    one_off: bool = False

    @property
    def summed(self) -> bool:
        """Budgets count in totals; cuts, tariffs and context envelopes never do."""
        return self.kind is AmountKind.BUDGET


@dataclass(frozen=True, slots=True)
class Penalty:
    """A change of a maximum penalty: a prison term in years, a fine in euros or a fine
    category. `from_*` is None when the old maximum is not in the text or the offence is new."""

    offence: str
    from_years: float | None
    to_years: float | None
    text: str
    topics: tuple[str, ...] = ()
    unit: PenaltyUnit = PenaltyUnit.YEARS
    from_eur: Decimal | None = None
    to_eur: Decimal | None = None
    fine_category: tuple[int | None, int] | None = None
    law: str | None = None
    stage: Stage | None = None


@dataclass(frozen=True, slots=True)
class Milestone:
    text: str
    date: DateSpec
    sentence: str
    kind: MilestoneKind = MilestoneKind.PLANNED
    topics: tuple[str, ...] = ()
    tense: Tense = Tense.FUTURE

    @property
    def forward_looking(self) -> bool:
        return self.kind.forward_looking

    @property
    def what(self) -> str:
        """What happens: the source sentence itself, the most faithful wording there is."""
        return self.sentence.strip().rstrip(".")


@dataclass(frozen=True, slots=True)
class Action:
    """A measure without a number: an obligation, a right, a programme, a law, a ban."""

    kind: ActionKind
    sentence: str
    topics: tuple[str, ...] = ()
    weight: int = 0           # how central it is to the release (higher first)


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the extractor finds in one announcement."""

    amounts: tuple[Amount, ...] = ()
    penalties: tuple[Penalty, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    persons: tuple[Person, ...] = ()
    organisations: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True, slots=True)
class Release:
    """A press release as parsed from text, before extraction."""

    title: str
    sections: tuple[Section, ...]
    source: str
    published: dt.date | None = None
    url: str | None = None
    line: int = 1

    @property
    def body(self) -> str:
        return "\n\n".join(p for s in self.sections for p in s.paragraphs)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(p for s in self.sections for p in s.paragraphs)


@dataclass(frozen=True, slots=True)
class Announcement:
    id: str
    release: Release
    extraction: Extraction
    content_hash: str
    key: str = field(default="")
    ingested_at: dt.datetime | None = None   # when the store first saw it (alerts go out after)
    # Stored without alerting anyone: a backfill, a source's first poll, a release older than
    # its source's watermark. Alerts are only for news.
    quiet: bool = False

    @property
    def title(self) -> str:
        return self.release.title

    @property
    def published(self) -> dt.date | None:
        return self.release.published


@dataclass(frozen=True, slots=True)
class Subscription:
    """A chat that receives reminders and alerts; empty topics means every topic."""

    chat_id: int
    chat_type: str
    title: str
    topics: tuple[str, ...]
    subscribed_by: int | None
    subscribed_at: dt.datetime
    # The forum topic it subscribed from: reminders and alerts go there (None: the main chat).
    thread_id: int | None = None
    settings: ChatSettings = ChatSettings()   # its own time, lead days, alerts, digest, mute

    def follows(self, topics: tuple[str, ...]) -> bool:
        return not self.topics or any(t in self.topics for t in topics)


# Last: precisions.py builds its table from Precision and DateSpec above, so either module may be
# imported first.
from . import precisions as _precisions  # noqa: E402
