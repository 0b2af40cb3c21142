"""The command table: every command the bot knows, as one row each, read by /help, the Telegram
command menu, the console and the Telegram handler alike.

A row carries its names (Dutch, with an English alias), where it works (its scope), its
description and its answer. Rows answered from the library alone carry an `answer` here; rows
that change a chat's state (subscriptions, files) are answered by the shell, which looks them up
by name. Topic commands are rows too, made from the topic table. A message is parsed once
(`parse`) and looked up once (`CommandTable.lookup`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cache
from zoneinfo import ZoneInfo

from . import answers
from .library import Library
from .render import render, render_help
from .splitting import split_message
from .topics import Topic, TopicTable, topic_table


class Scope(Enum):
    """Where a command works."""

    EVERYWHERE = "everywhere"   # the console and every Telegram chat
    TELEGRAM = "telegram"       # a Telegram chat (it needs the chat: files, status)
    PRIVATE = "private"         # a private Telegram chat only
    ADMIN = "admin"             # a Telegram chat; in groups only its admins


@dataclass(frozen=True)
class Request:
    """What an answer needs: the corpus, the typed arguments, the time and where it is asked."""

    library: Library
    arguments: str
    now: dt.datetime
    zone: ZoneInfo
    private: bool = True

    @property
    def first_word(self) -> str | None:
        words = self.arguments.split()
        return words[0] if words else None


Answer = Callable[[Request], str]   # → Telegram HTML


@dataclass(frozen=True)
class Command:
    name: str                    # the Dutch name, canonical
    alias: str | None            # the English name
    description: str
    arguments: str = ""
    scope: Scope = Scope.EVERYWHERE
    answer: Answer | None = None  # None: answered by the shell, which needs the chat
    topic: Topic | None = None    # set on the rows made from the topic table

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.alias) if self.alias else (self.name,)


@dataclass(frozen=True)
class CommandTable:
    commands: tuple[Command, ...]

    def lookup(self, typed: str) -> Command | None:
        return self._by_name().get(typed.lower())

    @property
    def fixed(self) -> tuple[Command, ...]:
        """The commands that are not topics (help lists the topics apart)."""
        return tuple(c for c in self.commands if c.topic is None)

    @property
    def topics(self) -> tuple[Command, ...]:
        return tuple(c for c in self.commands if c.topic is not None)

    def _by_name(self) -> dict[str, Command]:
        return _index(self)


@cache
def _index(table: CommandTable) -> dict[str, Command]:
    return {name: c for c in table.commands for name in c.names}


@dataclass(frozen=True)
class Invocation:
    """A parsed '/cmd@bot args': the row it names, or None for a command the bot does not
    know (`typed` keeps what was typed, for the reply)."""

    command: Command | None
    typed: str
    arguments: str


_COMMAND = re.compile(r"^/(?P<name>[A-Za-z0-9_]{1,32})(?:@(?P<bot>[A-Za-z0-9_]{3,64}))?"
                      r"(?:\s+(?P<args>.*))?$", re.DOTALL)


def parse(text: str, table: CommandTable, bot_username: str | None = None
          ) -> Invocation | None:
    """'/budget@OurBot jeugd' → the budget row with 'jeugd'; None for plain text and for
    commands addressed to another bot."""
    match = _COMMAND.match(text.strip())
    if not match:
        return None
    addressed = match["bot"]
    if addressed and (bot_username is None or addressed.lower() != bot_username.lower()):
        return None
    typed = match["name"].lower()
    return Invocation(table.lookup(typed), typed, (match["args"] or "").strip())


def reply(invocation: Invocation, request: Request, table: CommandTable) -> list[str]:
    """The messages answering a command that the library alone can answer."""
    return split_message(reply_html(invocation, request, table))


def reply_html(invocation: Invocation, request: Request, table: CommandTable) -> str:
    command = invocation.command
    if command is None:
        return f"Onbekende opdracht /{invocation.typed}.\n\n" + help_text(table, request.private)
    if command.answer is None:
        raise ValueError(f"/{command.name} is answered by the shell")
    return command.answer(request)


def help_text(table: CommandTable, private: bool = True) -> str:
    """The full command list in a private chat; groups get the short version."""
    return render_help(list(table.fixed), [c.topic for c in table.topics if c.topic],
                       short=not private)


# ------------------------------------------------------------------ the rows


def _help(r: Request) -> str:
    return help_text(command_table(), r.private)


def _budget(r: Request) -> str:
    return render(answers.budget(r.library, r.arguments))


def _topics(r: Request) -> str:
    return render(answers.topics())


def _milestones(r: Request) -> str:
    return render(answers.milestones(r.library, r.now, r.zone, r.first_word))


def _latest(r: Request) -> str:
    return render(answers.latest(r.library, r.arguments))


def _show(r: Request) -> str:
    return render(answers.show(r.library, r.arguments, r.now, r.zone))


def _search(r: Request) -> str:
    return render(answers.search(r.library, r.arguments))


def _topic_answer(topic: Topic) -> Answer:
    def answer(r: Request) -> str:
        return render(answers.topic_briefing(r.library, topic, r.now, r.zone))
    return answer


FIXED_COMMANDS = (
    Command("help", "start", "wat de bot doet en alle opdrachten", answer=_help),
    Command("budget", None, "alle budgetten, per onderwerp, met bron", "[onderwerp]",
            answer=_budget),
    Command("onderwerpen", "topics", "de onderwerpen en hun opdrachten", answer=_topics),
    Command("mijlpalen", "milestones", "komende en recente mijlpalen met aftelling",
            "[onderwerp]", answer=_milestones),
    Command("nieuws", "latest", "de nieuwste berichten", "[aantal]", answer=_latest),
    Command("bericht", "show", "één bericht met maatregelen en bron", "id", answer=_show),
    Command("zoek", "search", "zoeken in alle berichten", "woorden", answer=_search),
    Command("abonneer", "subscribe", "herinneringen en nieuws in deze chat", "[onderwerpen]",
            scope=Scope.ADMIN),
    Command("opzeggen", "unsubscribe", "abonnement (deels) stoppen", "[onderwerpen]",
            scope=Scope.ADMIN),
    Command("status", None, "abonnement van deze chat en de volgende herinnering",
            scope=Scope.TELEGRAM),
    Command("agenda", None, "de mijlpalen als agendabestand (.ics)", scope=Scope.TELEGRAM),
    Command("instellingen", "settings", "tijd, dagen, onderwerpen, overzicht en stilte van "
            "deze chat", "[instelling waarde]", scope=Scope.TELEGRAM),
    Command("stop", None, "alles wissen wat de bot over deze privéchat bewaart",
            scope=Scope.PRIVATE),
)


def topic_rows(topics: TopicTable) -> tuple[Command, ...]:
    return tuple(Command(t.command, None, t.label, answer=_topic_answer(t), topic=t)
                 for t in topics.topics)


@cache
def command_table() -> CommandTable:
    return CommandTable(FIXED_COMMANDS + topic_rows(topic_table()))
