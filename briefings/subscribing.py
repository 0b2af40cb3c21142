"""What /abonneer and /opzeggen do to a chat's topics, as pure functions over plain data.

A chat's topics are a tuple of topic commands; the empty tuple means every topic."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .topics import TopicTable, topic_table

ALL: tuple[str, ...] = ()


class Outcome(StrEnum):
    """What a chat is told after a subscription command (templates/subscription.html.j2)."""

    SUBSCRIBED = "subscribed"
    ADDED = "added"
    WIDENED_TO_ALL = "widened_to_all"
    ALREADY_ALL = "already_all"
    ALREADY = "already"
    UNSUBSCRIBED = "unsubscribed"
    REMOVED = "removed"
    NOT_IN_TOPICS = "not_in_topics"
    NOT_SUBSCRIBED = "not_subscribed"
    UNKNOWN_TOPICS = "unknown_topics"
    NOT_ADMIN = "not_admin"
    STOPPED = "stopped"


@dataclass(frozen=True)
class Change:
    """The outcome of a subscription command: the new topics (None: no subscription) and what
    to tell the chat (a template name and its data)."""

    topics: tuple[str, ...] | None
    outcome: Outcome
    changed: bool
    unknown: tuple[str, ...] = ()


def requested_topics(arguments: str, table: TopicTable | None = None
                     ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """'jeugd /drugs, Foo' → (('jeugd', 'drugs'), ('Foo',))."""
    table = table or topic_table()
    words = [w.strip(",;").lstrip("/") for w in arguments.split()]
    known = tuple(dict.fromkeys(w.lower() for w in words if w and table.get(w)))
    unknown = tuple(w for w in words if w and not table.get(w))
    return known, unknown


def subscribe(current: tuple[str, ...] | None, arguments: str,
              table: TopicTable | None = None) -> Change:
    table = table or topic_table()
    wanted, unknown = requested_topics(arguments, table)
    if unknown:
        return Change(current, Outcome.UNKNOWN_TOPICS, False, unknown)
    if current is None:
        return Change(wanted or ALL, Outcome.SUBSCRIBED, True)
    if current == ALL:
        return Change(ALL, Outcome.ALREADY_ALL, False)
    if not wanted:
        return Change(ALL, Outcome.WIDENED_TO_ALL, True)
    merged = tuple(t for t in table.commands if t in current or t in wanted)
    if merged == current:
        return Change(current, Outcome.ALREADY, False)
    return Change(merged, Outcome.ADDED, True)


def unsubscribe(current: tuple[str, ...] | None, arguments: str,
                table: TopicTable | None = None) -> Change:
    table = table or topic_table()
    if current is None:
        return Change(None, Outcome.NOT_SUBSCRIBED, False)
    dropped, unknown = requested_topics(arguments, table)
    if unknown:
        return Change(current, Outcome.UNKNOWN_TOPICS, False, unknown)
    if not dropped:
        return Change(None, Outcome.UNSUBSCRIBED, True)
    before = current or table.commands
    remaining = tuple(t for t in before if t not in dropped)
    if remaining == before:
        return Change(current, Outcome.NOT_IN_TOPICS, False)
    if not remaining:
        return Change(None, Outcome.UNSUBSCRIBED, True)
    return Change(remaining, Outcome.REMOVED, True)
