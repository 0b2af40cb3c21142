"""A chat's own settings (reminder time, lead days, alerts, digest, mute) and what
`/instellingen` does to them: typed arguments and button actions in, a new value or a clear
Dutch refusal out. Pure: the time is a parameter."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from enum import StrEnum


class Digest(StrEnum):
    NONE = "geen"
    DAILY = "dagelijks"
    WEEKLY = "wekelijks"


@dataclass(frozen=True)
class ChatSettings:
    """None means the bot's default (BRIEFINGS_REMINDER_TIME, BRIEFINGS_REMINDER_DAYS)."""

    reminder_time: dt.time | None = None
    leads: tuple[int, ...] | None = None
    alerts: bool = True
    digest: Digest = Digest.NONE
    digest_since: dt.datetime | None = None   # digests are due from the moment it was chosen
    muted_until: dt.date | None = None        # nothing goes out before this (local) day

    def time(self, default: dt.time) -> dt.time:
        return self.reminder_time or default

    def lead_days(self, default: tuple[int, ...]) -> tuple[int, ...]:
        return self.leads if self.leads is not None else default

    def muted_on(self, day: dt.date) -> bool:
        return self.muted_until is not None and day < self.muted_until


class BadSetting(ValueError):
    """A value `/instellingen` cannot use; the message is the Dutch answer."""


USAGE = ("Gebruik: /instellingen tijd 08:30 · dagen 7,1 · nieuws aan|uit · "
         "overzicht geen|dagelijks|wekelijks · stil 14 dagen · stil tot <datum> · stil uit")

_ON = {"aan": True, "ja": True, "on": True, "uit": False, "nee": False, "off": False}
_DUTCH_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                 "september", "oktober", "november", "december")


def apply(settings: ChatSettings, arguments: str, offered_leads: tuple[int, ...],
          now: dt.datetime, today: dt.date) -> ChatSettings:
    """'/instellingen <wat> <waarde>' applied to `settings`; BadSetting names what is wrong
    (and nothing changes)."""
    words = arguments.strip().split(None, 1)
    if not words:
        return settings
    what, value = words[0].lower(), (words[1].strip() if len(words) > 1 else "")
    if what in ("tijd", "time"):
        return replace(settings, reminder_time=parse_time(value))
    if what in ("dagen", "days"):
        return replace(settings, leads=parse_leads(value, offered_leads))
    if what in ("nieuws", "alerts"):
        return replace(settings, alerts=parse_on_off(value, "nieuws"))
    if what in ("overzicht", "digest"):
        digest = parse_digest(value)
        since = now if digest is not Digest.NONE and digest != settings.digest \
            else settings.digest_since
        return replace(settings, digest=digest, digest_since=since)
    if what in ("stil", "mute"):
        return replace(settings, muted_until=parse_mute(value, today))
    raise BadSetting(f"Onbekende instelling ‘{words[0]}’. {USAGE}")


def parse_time(value: str) -> dt.time:
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?", value.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59 or int(match[3] or 0) > 59:
        raise BadSetting(f"‘{value}’ is geen tijd; geef uren en minuten, bijvoorbeeld "
                         "/instellingen tijd 08:30.")
    return dt.time(int(match[1]), int(match[2]), int(match[3] or 0))


def parse_leads(value: str, offered: tuple[int, ...]) -> tuple[int, ...]:
    words = [w for w in re.split(r"[,\s]+", value.strip()) if w]
    choices = ", ".join(str(d) for d in offered)
    if not words or not all(w.isdigit() for w in words):
        raise BadSetting(f"‘{value}’ zijn geen dagen; kies uit {choices}, bijvoorbeeld "
                         "/instellingen dagen 7,1.")
    days = {int(w) for w in words}
    if not days <= set(offered):
        unknown = ", ".join(str(d) for d in sorted(days - set(offered)))
        raise BadSetting(f"Herinneringen kunnen {choices} dagen vooraf; niet {unknown}.")
    return tuple(sorted(days, reverse=True))


def parse_on_off(value: str, what: str) -> bool:
    if value.lower() not in _ON:
        raise BadSetting(f"Gebruik /instellingen {what} aan of /instellingen {what} uit.")
    return _ON[value.lower()]


def parse_digest(value: str) -> Digest:
    try:
        return Digest(value.lower())
    except ValueError as error:
        raise BadSetting("Kies /instellingen overzicht geen, dagelijks of wekelijks.") \
            from error


def parse_mute(value: str, today: dt.date) -> dt.date | None:
    """'tot 2027-01-15', 'tot 15 januari 2027', '7 dagen', 'uit'."""
    text = value.strip().lower()
    if text in ("uit", "nee", "off"):
        return None
    text = text.removeprefix("tot").strip()
    days = re.fullmatch(r"(\d{1,3}) dag(?:en)?", text)
    if days:
        return today + dt.timedelta(days=int(days[1]))
    day = _date(text)
    if day is None:
        example = today + dt.timedelta(days=14)
        raise BadSetting(f"‘{value}’ is geen datum; bijvoorbeeld /instellingen stil tot "
                         f"{example:%Y-%m-%d}, stil 7 dagen of stil uit.")
    if day <= today:
        raise BadSetting(f"{day:%d-%m-%Y} is niet in de toekomst; er is niets veranderd.")
    return day


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    match = re.fullmatch(r"(\d{1,2})[ -](\w+)[ -](\d{4})", text)
    if match and match[2] in _DUTCH_MONTHS:
        try:
            return dt.date(int(match[3]), _DUTCH_MONTHS.index(match[2]) + 1, int(match[1]))
        except ValueError:
            return None
    match = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", text)
    if match:
        try:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            return None
    return None


def toggle_lead(settings: ChatSettings, lead: int, default: tuple[int, ...]) -> ChatSettings:
    """A lead-day button: on becomes off and off on (at least one stays on)."""
    current = set(settings.lead_days(default))
    wanted = current ^ {lead}
    if not wanted:
        raise BadSetting("Er moet minstens één herinnering overblijven.")
    return replace(settings, leads=tuple(sorted(wanted, reverse=True)))
