"""The milestones as an iCalendar file that calendar apps import."""

from __future__ import annotations

import datetime as dt

from . import formatting, precisions
from .library import Library
from .measures import Family
from .model import Milestone

PRODID = "-//briefingbot//mijlpalen Justitie en Veiligheid//NL"


def agenda(library: Library, now: dt.datetime, topic: str | None = None) -> bytes:
    """All-day events for what is still to come (past events and history are no agenda); a
    coarse date spans its whole range (a month, a season, a year, a period) and says how
    coarse it is."""
    from icalendar import Calendar, Event  # ~6 MB: imported by the first /agenda

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Mijlpalen Justitie en Veiligheid")
    seen = set()
    for sourced in library.measures(Family.MILESTONES, topic):
        milestone = sourced.item
        if not isinstance(milestone, Milestone):
            raise TypeError(f"not a milestone: {milestone!r}")
        if not milestone.forward_looking:
            continue
        uid = f"{sourced.announcement.id}-{milestone.date.iso.replace('/', '-')}@briefingbot"
        if uid in seen:
            continue
        seen.add(uid)
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", now.astimezone(dt.UTC))
        event.add("dtstart", milestone.date.start)
        # DTEND of an all-day event is exclusive: the day after the last day the date can mean.
        event.add("dtend", milestone.date.end + dt.timedelta(days=1))
        label = formatting.date_spec(milestone.date)
        prefix = "" if precisions.rule(milestone.date).exact else f"[{label}] "
        event.add("summary", prefix + _short(milestone.what))
        release = sourced.announcement.release
        published = f", {formatting.day(release.published)}" if release.published else ""
        event.add("description", f"{milestone.sentence}\n\nDatum zoals genoemd: {label}.\n"
                                 f"Bron: {sourced.announcement.title}{published} "
                                 f"(/bericht {sourced.announcement.id})"
                                 + (f"\n{release.url}" if release.url else ""))
        if release.url:
            event.add("url", release.url)
        calendar.add_component(event)
    return calendar.to_ical()


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
