"""The command set: names (Dutch, with an English alias), parsing '/cmd@bot args', and the
stateless commands answered from the library. Console and Telegram share this."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import answers
from .library import Library
from .messages import split_message
from .render import render, render_help
from .topics import TopicTable, topic_table


@dataclass(frozen=True)
class Command:
    name: str
    alias: str | None
    description: str
    arguments: str = ""
    stateful: bool = False       # needs a chat's subscription state: answered by the shell


COMMANDS = (
    Command("help", "start", "wat de bot doet en alle opdrachten"),
    Command("budget", None, "alle budgetten, per onderwerp, met bron", "[onderwerp]"),
    Command("onderwerpen", "topics", "de onderwerpen en hun opdrachten"),
    Command("mijlpalen", "milestones", "komende en recente mijlpalen met aftelling",
            "[onderwerp]"),
    Command("nieuws", "latest", "de nieuwste berichten", "[aantal]"),
    Command("bericht", "show", "één bericht met maatregelen en bron", "id"),
    Command("zoek", "search", "zoeken in alle berichten", "woorden"),
    Command("abonneer", "subscribe", "herinneringen en nieuws in deze chat", "[onderwerpen]",
            stateful=True),
    Command("opzeggen", "unsubscribe", "abonnement (deels) stoppen", "[onderwerpen]",
            stateful=True),
    Command("status", None, "abonnement van deze chat en de volgende herinnering",
            stateful=True),
    Command("agenda", None, "de mijlpalen als agendabestand (.ics)", stateful=True),
)

_COMMAND = re.compile(r"^/(?P<name>[A-Za-z0-9_]{1,32})(?:@(?P<bot>[A-Za-z0-9_]{3,64}))?"
                      r"(?:\s+(?P<args>.*))?$", re.DOTALL)


@dataclass(frozen=True)
class Invocation:
    name: str          # canonical Dutch name, or a topic command, or the unknown name typed
    arguments: str
    known: bool


def parse_command(text: str, bot_username: str | None = None) -> Invocation | None:
    """'/budget@OurBot jeugd' → Invocation('budget', 'jeugd'); None for plain text and for
    commands addressed to another bot."""
    match = _COMMAND.match(text.strip())
    if not match:
        return None
    addressed = match["bot"]
    if addressed and (bot_username is None or addressed.lower() != bot_username.lower()):
        return None
    typed = match["name"].lower()
    arguments = (match["args"] or "").strip()
    canonical = canonical_name(typed)
    return Invocation(canonical or typed, arguments, canonical is not None)


def canonical_name(typed: str, table: TopicTable | None = None) -> str | None:
    for command in COMMANDS:
        if typed in (command.name, command.alias):
            return command.name
    table = table or topic_table()
    return typed if table.get(typed) else None


def is_stateful(name: str) -> bool:
    return any(c.name == name and c.stateful for c in COMMANDS)


def answer(library: Library, invocation: Invocation, now: dt.datetime,
           private: bool = True) -> list[str]:
    """The messages answering a stateless command."""
    return split_message(answer_html(library, invocation, now, private))


def answer_html(library: Library, invocation: Invocation, now: dt.datetime,
                private: bool = True) -> str:
    name, args = invocation.name, invocation.arguments
    table = topic_table()
    if not invocation.known:
        return f"Onbekende opdracht /{name}.\n\n" + help_text(short=not private)
    if name == "help":
        return help_text(short=not private)  # groups get the short version
    if name == "budget":
        return render(answers.budget(library, args.split()[0] if args else None))
    if name == "onderwerpen":
        return render(answers.topics())
    if name == "mijlpalen":
        return render(answers.milestones(library, now, args.split()[0] if args else None))
    if name == "nieuws":
        return render(answers.latest(library, args))
    if name == "bericht":
        return render(answers.show(library, args, now))
    if name == "zoek":
        return render(answers.search(library, args))
    topic = table.get(name)
    if topic is not None:
        return render(answers.topic_briefing(library, topic, now))
    raise ValueError(f"{name} is answered by the shell")


def help_text(short: bool = False) -> str:
    return render_help(list(COMMANDS), topic_table(), short)
