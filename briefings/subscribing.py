"""What /abonneer and /opzeggen do to a chat's topics, as pure functions over plain data.

A chat's topics are a tuple of topic commands; the empty tuple means every topic."""

from __future__ import annotations

from dataclasses import dataclass

from .topics import TopicTable, topic_table

ALL: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    """The outcome of a subscription command: the new topics (None: no subscription) and what
    to tell the chat (a template name and its data)."""

    topics: tuple[str, ...] | None
    outcome: str
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
        return Change(current, "unknown_topics", False, unknown)
    if current is None:
        return Change(wanted or ALL, "subscribed", True)
    if current == ALL:
        return Change(ALL, "already_all", False)
    if not wanted:
        return Change(ALL, "widened_to_all", True)
    merged = tuple(t for t in table.commands if t in current or t in wanted)
    if merged == current:
        return Change(current, "already", False)
    return Change(merged, "added", True)


def unsubscribe(current: tuple[str, ...] | None, arguments: str,
                table: TopicTable | None = None) -> Change:
    table = table or topic_table()
    if current is None:
        return Change(None, "not_subscribed", False)
    dropped, unknown = requested_topics(arguments, table)
    if unknown:
        return Change(current, "unknown_topics", False, unknown)
    if not dropped:
        return Change(None, "unsubscribed", True)
    before = current or table.commands
    remaining = tuple(t for t in before if t not in dropped)
    if remaining == before:
        return Change(current, "not_in_topics", False)
    if not remaining:
        return Change(None, "unsubscribed", True)
    return Change(remaining, "removed", True)
