"""Answers → Telegram HTML, through one jinja2 template per message kind."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from . import formatting
from . import views as a
from .chat_plan import DigestContent
from .chat_settings import ChatSettings
from .reminders import Reminder, ReminderSettings
from .topics import Topic

_TEMPLATES: dict[type, str] = {
    a.BudgetAnswer: "budget", a.TopicAnswer: "topic", a.MilestonesAnswer: "milestones",
    a.LatestAnswer: "latest", a.ShowAnswer: "show", a.SearchAnswer: "search",
    a.TopicsAnswer: "topics", a.UsageAnswer: "usage",
}


def _highlight(text: str) -> Markup:
    """Escapes a snippet and bolds the words the search marked with «…»."""
    escaped = str(escape(text))
    return Markup(re.sub(r"«([^«»]*)»", r"<b>\1</b>", escaped))


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("briefings", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )
    env.filters["highlight"] = _highlight
    return env


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def render_template(name: str, **context: Any) -> str:
    return _tidy(environment().get_template(f"{name}.html.j2").render(**context))


def render(answer: Any) -> str:
    return render_template(_TEMPLATES[type(answer)], answer=answer)


def render_help(commands: list[Any], topics: list[Topic], short: bool) -> str:
    return render_template("help", commands=commands, topics=topics, short=short)


def render_reminder(reminder: Reminder, late: bool, source: a.SourceRef) -> str:
    """A milestone reminder, ending like every answer line: the release's date, linked."""
    return render_template(
        "reminder", lead=reminder.lead, edge=reminder.edge,
        anchor=formatting.day(reminder.anchor), label=formatting.date_spec(reminder.milestone.date),
        what=reminder.milestone.what, late=late, source=source,
        due=formatting.day(reminder.due.date()))


def render_digest(content: DigestContent, labels: list[str]) -> str:
    return render_template(
        "digest", period=str(content.period), labels=labels, new=content.new,
        upcoming=[{"when": formatting.day(day), "what": milestone.what}
                  for day, milestone, _ in content.upcoming])


def render_settings(subscribed: bool, labels: list[str], settings: ChatSettings,
                    defaults: ReminderSettings, error: str | None = None) -> str:
    leads = settings.lead_days(defaults.leads)
    return render_template(
        "settings", subscribed=subscribed, labels=labels, error=error,
        time=f"{settings.time(defaults.local_time):%H:%M}",
        leads=formatting.lead_days(leads), alerts=settings.alerts,
        digest=str(settings.digest),
        muted_until=formatting.day(settings.muted_until) if settings.muted_until else None)


def render_alert(answer: a.ShowAnswer) -> str:
    return render_template("alert", answer=answer)
