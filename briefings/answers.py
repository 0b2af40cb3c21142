"""Commands → data. Each function takes the library (and `now` where time matters) and returns a
plain answer object that a template renders; nothing here formats HTML."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from zoneinfo import ZoneInfo

from . import formatting
from .library import Library, Sourced
from .measures import Family, kind_of
from .model import Action, Amount, AmountKind, Announcement, Milestone, Penalty
from .query import parse_search, snippet
from .topics import Topic, TopicTable, topic_table
from .views import (
    ActionLine,
    AnnouncementLine,
    BudgetAnswer,
    BudgetGroup,
    BudgetLine,
    BudgetTotal,
    LatestAnswer,
    MilestoneLine,
    MilestonesAnswer,
    PenaltyLine,
    SearchAnswer,
    SearchHit,
    ShowAnswer,
    SourceRef,
    TopicAnswer,
    TopicsAnswer,
    UsageAnswer,
    YearlySum,
)

RECENT_PAST = 5
LATEST = 5
MAX_LATEST = 20
# Long lists are cut (newest first) and say how much more there is: a chat is no report.
MAX_BUDGET_LINES = 40
MAX_SECTION_LINES = 10
SEARCH_PAGE = 5
# "Maatregelen": the most important measures beyond numbers of one release.
MAX_ACTIONS_PER_RELEASE = 5


def local_today(now: dt.datetime, zone: ZoneInfo) -> dt.date:
    """The date in the configured zone: countdowns ("morgen", "over 3 dagen") count from it."""
    return now.astimezone(zone).date()


# ---------------------------------------------------------------- budget


def budget(library: Library, arguments: str | None = None,
           table: TopicTable | None = None) -> BudgetAnswer | UsageAnswer:
    table = table or topic_table()
    words = (arguments or "").split()
    if len(words) > 1:
        return UsageAnswer(
            f"/budget toont één onderwerp tegelijk; u noemde er {len(words)} "
            f"({', '.join(words)}). Vraag ze een voor een, bijvoorbeeld /budget {words[0]}.",
            usage="/budget [onderwerp]", topics=table.topics)
    topic = None
    if words:
        topic = table.get(words[0])
        if topic is None:
            return unknown_topic(words[0], table)

    def compute() -> BudgetAnswer:
        chosen = library.measures(Family.AMOUNTS, topic.command if topic else None)
        counting = _Counting(library, chosen)
        groups, hidden = _budget_groups(library, chosen, table, single=topic,
                                        limit=MAX_BUDGET_LINES, counting=counting)
        return BudgetAnswer(topic, groups, _total(counting), len(chosen), hidden)

    # The budget overview does not depend on the date: computed once per library, or stored
    # with the corpus (`Library.stored_answer`) under the same key.
    key: tuple[object, ...] = ("budget", topic.command if topic else None)
    return library.memo(key if table is topic_table() else (*key, id(table)), compute)


def _key(sourced: Sourced) -> tuple[str, int]:
    return sourced.announcement.id, getattr(sourced.item, "index", -1)


class _Counting:
    """Which of the chosen amounts a total adds, decided once for the list and the total alike.

    A part is listed (and left out of the sum) under its package when that package is a chosen
    budget; a part whose package is not chosen (another topic, or an envelope named as context)
    is listed on its own with "onderdeel van …" and counts. The same budget announced in two
    releases counts once: equal value, both per year or both one-off, the same named start year,
    the same kind, and a shared topic. Without a named start year equal values stay apart (two
    "€ 5 mln" may well be two budgets): a wrong total is worse than a high one that says so."""

    def __init__(self, library: Library, chosen: Sequence[Sourced]) -> None:
        self.library = library
        self._chosen = {_key(s) for s in chosen}
        self.counted: list[Sourced] = []
        self.restates: dict[tuple[str, int], Sourced] = {}  # restatement → the one counted
        candidates: dict[tuple[object, ...], list[Sourced]] = {}
        for sourced in chosen:
            amount = sourced.item
            if not isinstance(amount, Amount) or not amount.summed:
                continue
            if self.under_package(sourced):
                continue
            same = candidates.setdefault(
                (amount.eur, amount.per_year, amount.one_off, amount.from_year, amount.kind), [])
            first = next((c for c in same if _same_budget(c, sourced)), None)
            if first is not None:
                self.restates[_key(sourced)] = first
            else:
                self.counted.append(sourced)
                same.append(sourced)

    def under_package(self, sourced: Sourced) -> bool:
        """Listed under its package, which is a chosen amount (not a context envelope)."""
        parent = self.library.parent(sourced)
        return (parent is not None and parent.kind is not AmountKind.CONTEXT
                and (sourced.announcement.id, parent.index) in self._chosen)


def _same_budget(first: Sourced, other: Sourced) -> bool:
    a, b = first.item, other.item
    if not isinstance(a, Amount) or not isinstance(b, Amount):
        return False
    return (first.announcement.id != other.announcement.id and a.eur == b.eur
            and a.from_year is not None and a.from_year == b.from_year
            and (a.per_year, a.one_off, a.kind) == (b.per_year, b.one_off, b.kind)
            and bool(set(a.topics) & set(b.topics)))


def _budget_groups(library: Library, chosen: Sequence[Sourced], table: TopicTable,
                   single: Topic | None, limit: int, counting: _Counting | None = None
                   ) -> tuple[tuple[BudgetGroup, ...], int]:
    counting = counting or _Counting(library, chosen)
    by_group: dict[str, list[BudgetLine]] = {}
    listed = hidden = 0
    for sourced in chosen:
        amount = sourced.item
        if not isinstance(amount, Amount) or amount.kind is AmountKind.CONTEXT:
            continue  # an envelope named as context is shown with its part, never on its own
        if counting.under_package(sourced):
            continue  # listed under its package
        if listed >= limit:
            hidden += 1  # counted, not rendered: long lists stay cheap
            continue
        group = single or _first_topic(amount.topics, table)
        # A package shows all its parts, whatever their own topics: they are its breakdown.
        parts = tuple(_budget_line(library, s, with_parent=False) for s in library.parts(sourced))
        line = _budget_line(library, sourced, with_parent=True)
        first = counting.restates.get(_key(sourced))
        by_group.setdefault(group.label if group else "Overig", []).append(
            BudgetLine(line.amount, line.purpose, line.source, parts, line.part_of,
                       same_as=source_ref(first.announcement) if first else None))
        listed += 1
    order = [t.label for t in table.topics] + ["Overig"]
    groups = tuple(BudgetGroup(label, tuple(by_group[label])) for label in order
                   if label in by_group)
    return groups, hidden


def _budget_line(library: Library, sourced: Sourced, with_parent: bool,
                 exact: bool = False) -> BudgetLine:
    amount = sourced.item
    if not isinstance(amount, Amount):
        raise TypeError(f"not an amount: {amount!r}")
    parent = library.parent(sourced) if with_parent else None
    part_of = None
    if parent is not None:
        part_of = formatting.amount(parent, with_kind=False, exact=exact)
        if parent.kind is AmountKind.CONTEXT:
            part_of += ", genoemd als context en niet opgeteld"
    return BudgetLine(
        amount=formatting.amount(amount, exact=exact),
        purpose=_purpose(library, amount, sourced.announcement),
        source=source_ref(sourced.announcement),
        part_of=part_of,
    )


def _purpose(library: Library, amount: Amount, announcement: Announcement) -> str:
    if amount.purpose:
        return amount.purpose
    for section in library.sections(announcement):
        if section.heading and any(amount.sentence in p for p in section.paragraphs):
            return section.heading
    return announcement.title


def _first_topic(topics: tuple[str, ...], table: TopicTable) -> Topic | None:
    return next((t for name in topics if (t := table.get(name))), None)


_APPROXIMATE = ("ruim", "circa", "bijna", "oplopend tot")


def _total(counting: _Counting) -> BudgetTotal | None:
    """Budgets only, each once (see `_Counting`); never a cut, a tariff or a context envelope.
    Per-year amounts are summed per named start year, since an amount from 2027 does not run
    in 2025; "in <last year> en later" adds those that all run by then. One-off amounts and
    totals ("in totaal") are one sum."""
    amounts = [s.item for s in counting.counted if isinstance(s.item, Amount)]
    if len(amounts) + len(counting.restates) < 2:
        return None
    yearly = [a for a in amounts if a.per_year]
    starts = sorted({a.from_year for a in yearly if a.from_year is not None})
    per_start = tuple(
        YearlySum(str(year) if year else None,
                  _sum([a for a in yearly if a.from_year == year]),
                  rising=any(a.qualifier == "oplopend tot" for a in yearly if a.from_year == year))
        for year in [*starts, None] if any(a.from_year == year for a in yearly))
    dated = [a for a in yearly if a.from_year is not None]
    once = [a for a in amounts if not a.per_year]
    restated = tuple(sorted({formatting.amount(first.item)  # type: ignore[arg-type]
                             for first in counting.restates.values()}))
    return BudgetTotal(
        per_start=per_start,
        running=(str(starts[-1]), _sum(dated)) if len(starts) > 1 else None,
        one_off=_sum(once) if once else None,
        packages=len(amounts),
        approximate=any(a.qualifier in _APPROXIMATE for a in amounts),
        restated=restated,
    )


def _sum(amounts: list[Amount]) -> str:
    """A rounded sum; 'ruim' when an added amount was 'ruim' (and none 'bijna' or 'circa')."""
    text, rounded = formatting.euro_rounded(sum((a.eur for a in amounts), Decimal(0)))
    qualifiers = {a.qualifier for a in amounts}
    own = "ruim" if "ruim" in qualifiers and not qualifiers & {"bijna", "circa"} else None
    return " ".join(formatting.approximately(own, rounded) + [text])


# ---------------------------------------------------------------- topics


def topic_briefing(library: Library, topic: Topic, now: dt.datetime, zone: ZoneInfo
                   ) -> TopicAnswer:
    today = local_today(now, zone)
    return library.memo(("topic", topic, today), lambda: _topic_briefing(library, topic, today))


def _topic_briefing(library: Library, topic: Topic, today: dt.date) -> TopicAnswer:
    name = topic.command
    penalties = library.measures(Family.PENALTIES, name)
    upcoming, past, cut = _split_milestones(library, name, today, MAX_SECTION_LINES)
    # The topic's budget overview, cut shorter: its first lines are the same ones.
    overview = budget(library, name)
    lines = overview.groups[0].lines if isinstance(overview, BudgetAnswer) and overview.groups \
        else ()
    hidden = (overview.hidden if isinstance(overview, BudgetAnswer) else 0) \
        + max(0, len(lines) - MAX_SECTION_LINES)
    announcements = library.announcements_about(name)
    return TopicAnswer(
        topic=topic,
        budget=lines[:MAX_SECTION_LINES],
        penalties=tuple(_penalty_line(s) for s in penalties[:MAX_SECTION_LINES]),
        upcoming=upcoming,
        past=past,
        announcements=tuple(_announcement_line(a) for a in announcements[:MAX_SECTION_LINES]),
        more=hidden + max(0, len(penalties) - MAX_SECTION_LINES) + cut,
        more_announcements=max(0, len(announcements) - MAX_SECTION_LINES),
        actions=_topic_actions(library.measures(Family.ACTIONS, name)),
    )


def _topic_actions(chosen: Iterable[Sourced]) -> tuple[ActionLine, ...]:
    """The most important measures beyond numbers, a few per release. A release's actions come
    together, newest release first: reading stops once the section is full."""
    lines: list[ActionLine] = []
    items: list[Sourced] = []
    for sourced in chosen:
        if items and sourced.announcement.id != items[0].announcement.id:
            lines.extend(_action_lines(items))
            items = []
            if len(lines) >= MAX_SECTION_LINES:
                break
        items.append(sourced)
    else:
        lines.extend(_action_lines(items))
    return tuple(lines[:MAX_SECTION_LINES])


def _action_lines(items: list[Sourced]) -> list[ActionLine]:
    ranked = sorted(items, key=lambda s: -s.item.weight)  # type: ignore[union-attr]
    chosen = {id(s) for s in ranked[:MAX_ACTIONS_PER_RELEASE]}
    return [_action_line(s) for s in items if id(s) in chosen]


def _action_line(sourced: Sourced) -> ActionLine:
    action = sourced.item
    if not isinstance(action, Action):
        raise TypeError(f"not an action: {action!r}")
    return ActionLine(kind_of(action).label, action.sentence.strip(),
                      source_ref(sourced.announcement))


def topics(table: TopicTable | None = None) -> TopicsAnswer:
    return TopicsAnswer((table or topic_table()).topics)


def unknown_topic(name: str, table: TopicTable | None = None) -> UsageAnswer:
    table = table or topic_table()
    return UsageAnswer(f"Onbekend onderwerp ‘{name}’. Kies een van deze:", topics=table.topics)


_STAGE_WORDS = {"voorstel": "voorstel", "raad_van_state": "bij de Raad van State",
                "tweede_kamer": "bij de Tweede Kamer", "aangenomen": "aangenomen",
                "in_werking": "in werking"}


def _penalty_line(sourced: Sourced) -> PenaltyLine:
    penalty = sourced.item
    if not isinstance(penalty, Penalty):
        raise TypeError(f"not a penalty: {penalty!r}")
    return PenaltyLine(penalty.offence or "(delict niet genoemd)",
                       formatting.penalty_change(penalty), source_ref(sourced.announcement),
                       law=penalty.law,
                       stage=_STAGE_WORDS[penalty.stage] if penalty.stage else None)


# ---------------------------------------------------------------- milestones


def milestones(library: Library, now: dt.datetime, zone: ZoneInfo,
               topic_name: str | None = None) -> MilestonesAnswer | UsageAnswer:
    topic = None
    if topic_name:
        topic = topic_table().get(topic_name)
        if topic is None:
            return unknown_topic(topic_name)
    today = local_today(now, zone)

    def compute() -> MilestonesAnswer:
        upcoming, past, cut = _split_milestones(library, topic.command if topic else None,
                                                today, MAX_BUDGET_LINES)
        return MilestonesAnswer(upcoming, past, topic, cut)

    return library.memo(("milestones", topic, today), compute)


def _split_milestones(library: Library, topic: str | None, today: dt.date, limit: int
                      ) -> tuple[tuple[MilestoneLine, ...], tuple[MilestoneLine, ...], int]:
    """Upcoming lines (at most `limit`), recent past lines, and how many upcoming were cut.
    Only forward-looking milestones (entry into force, deadline, planned step) are upcoming."""
    upcoming = library.upcoming(topic, today)
    past = library.recent_past(topic, today, RECENT_PAST)
    return (tuple(_milestone_line(s, today) for s in upcoming[:limit]),
            tuple(_milestone_line(s, today) for s in past),
            max(0, len(upcoming) - limit))


def _milestone_line(sourced: Sourced, today: dt.date) -> MilestoneLine:
    milestone = sourced.item
    if not isinstance(milestone, Milestone):
        raise TypeError(f"not a milestone: {milestone!r}")
    return MilestoneLine(formatting.date_spec(milestone.date),
                         formatting.countdown(milestone.date, today),
                         milestone.what, source_ref(sourced.announcement))


# ---------------------------------------------------------------- announcements


def latest(library: Library, argument: str = "") -> LatestAnswer | UsageAnswer:
    limit = LATEST
    if argument.strip():
        if not argument.strip().isdigit() or not 1 <= int(argument) <= MAX_LATEST:
            return UsageAnswer(f"Geef een aantal van 1 tot en met {MAX_LATEST}.",
                               usage="/nieuws [aantal]")
        limit = int(argument)
    items = library.latest(limit)
    return LatestAnswer(tuple(_announcement_line(a) for a in items), library.count())


def show(library: Library, reference: str, now: dt.datetime, zone: ZoneInfo
         ) -> ShowAnswer | UsageAnswer:
    if not reference.strip():
        return UsageAnswer("Welk bericht? Geef de id uit /nieuws of /zoek.", usage="/bericht id")
    found = library.find(reference)
    if not found:
        return UsageAnswer(f"Geen bericht met id ‘{reference.strip()}’.", usage="/bericht id",
                           choices=tuple(_announcement_line(a) for a in library.latest(LATEST)))
    if len(found) > 1:
        return UsageAnswer(f"‘{reference.strip()}’ past op meer berichten; welk bedoelt u?",
                           usage="/bericht id",
                           choices=tuple(_announcement_line(a) for a in found[:10]))
    a = found[0]
    today = local_today(now, zone)
    sourced = [Sourced(m, a) for m in a.extraction.amounts]
    table = topic_table()
    return ShowAnswer(
        id=a.id, title=a.title,
        published=formatting.day(a.published) if a.published else None,
        source=a.release.url or a.release.source,
        lead=next(iter(library.paragraphs(a)), ""),
        budget=tuple(_budget_line(library, s, with_parent=True, exact=True)
                     for s in sourced),
        penalties=tuple(_penalty_line(Sourced(p, a)) for p in a.extraction.penalties),
        milestones=tuple(_milestone_line(Sourced(m, a), today) for m in a.extraction.milestones),
        persons=a.extraction.persons,
        organisations=a.extraction.organisations,
        topics=tuple(t for name in a.extraction.topics if (t := table.get(name))),
        actions=tuple(_action_lines([Sourced(x, a) for x in a.extraction.actions])),
    )


def search(library: Library, text: str) -> SearchAnswer | UsageAnswer:
    query = parse_search(text)
    if query.empty:
        return UsageAnswer("Waar zoekt u naar? Geef een of meer woorden, of een zinsdeel tussen "
                           "aanhalingstekens. Met OF zoekt u het een of het ander, met -woord "
                           "sluit u een woord uit.", usage="/zoek woorden [pagina]")
    found = library.search(query, (max(query.page, 1) - 1) * SEARCH_PAGE, SEARCH_PAGE)
    hits = tuple(_search_hit(library, r.id, r.title, snippet(r.title, r.paragraphs, query))
                 for r in found.releases) if query.page >= 1 else ()  # page 0: no such page
    suggestions = () if found.total else topic_table().topics
    pages = -(-found.ranked // SEARCH_PAGE)
    words = _without_page(text.strip()) if query.page_given else text.strip()
    return SearchAnswer(words, hits, suggestions, total=found.total, ranked=found.ranked,
                        page=query.page,
                        pages=pages,
                        next_page=f"/zoek {words} {query.page + 1}"
                        if 1 <= query.page < pages else None)


def _search_hit(library: Library, announcement_id: str, title: str, text: str) -> SearchHit:
    announcement = library.get(announcement_id)
    ref = source_ref(announcement) if announcement else SourceRef(announcement_id)
    return SearchHit(announcement_id, title, text, ref.published, ref.url)


def _without_page(text: str) -> str:
    return text.rsplit(maxsplit=1)[0]


def _announcement_line(a: Announcement) -> AnnouncementLine:
    ref = source_ref(a)
    return AnnouncementLine(a.id, a.title, ref.published, ref.url)


def source_of(library: Library, announcement_id: str) -> SourceRef:
    """The source line of a release by id (a reminder knows only the id)."""
    announcement = library.get(announcement_id)
    return source_ref(announcement) if announcement else SourceRef(announcement_id)


def source_ref(a: Announcement) -> SourceRef:
    return SourceRef(a.id, formatting.day(a.published) if a.published else None, a.release.url)
