"""The console chat: the same answers as Telegram, as plain text in a terminal."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from typing import IO

from briefings.commands import Scope, parse, reply

from .app import App

PROMPT = "› "
GREETING = ("Briefingbot — typ een opdracht, bijvoorbeeld /budget of /help. "
            "Stoppen: Ctrl-D, Ctrl-C of /quit.")
LEAVE = ("/quit", "/exit")
TELEGRAM_ONLY = ("/{name} werkt in een Telegram-chat. Hier kunt u alle andere opdrachten "
                 "gebruiken; zie /help.")


def to_plain(message: str, bold: bool = False) -> str:
    """Telegram HTML → terminal text; bold as ANSI when writing to a terminal."""
    text = re.sub(r"<a href=\"([^\"]*)\">([^<]*)</a>",
                  lambda m: m[2] if m[1] == m[2] else f"{m[2]} ({m[1]})", message)
    if bold:
        text = text.replace("<b>", "\033[1m").replace("</b>", "\033[0m")
    text = re.sub(r"</?[a-z]+(?:\s[^>]*)?>", "", text)
    return html.unescape(text)


def run_chat(app: App, stdin: IO[str], stdout: IO[str],
             clock: Callable[[], dt.datetime], interactive: bool) -> int:
    """Answers line by line until end of input (Ctrl-D), Ctrl-C or /quit; never a traceback."""
    try:
        _chat(app, stdin, stdout, clock, interactive)
    except KeyboardInterrupt:
        pass
    if interactive:
        print(file=stdout)  # leave the shell's prompt on a line of its own
    return 0


def _chat(app: App, stdin: IO[str], stdout: IO[str], clock: Callable[[], dt.datetime],
          interactive: bool) -> None:
    if interactive:
        print(GREETING, file=stdout)
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        line = line.strip()
        if not line:
            continue
        if line in LEAVE:
            break
        print_answer(app, line, stdout, clock(), bold=interactive)


def print_answer(app: App, text: str, stdout: IO[str], now: dt.datetime, bold: bool) -> None:
    for message in console_reply(app, text, now):
        print(to_plain(message, bold=bold), file=stdout)
        print(file=stdout)


def console_reply(app: App, text: str, now: dt.datetime) -> list[str]:
    """The console is a private chat without Telegram: chat-state commands point there."""
    if not text.startswith("/"):
        text = "/zoek " + text  # plain words in a private chat are a search
    invocation = parse(text, app.commands)
    if invocation is None:
        return []
    command = invocation.command
    if command is not None and command.scope is not Scope.EVERYWHERE:
        return [TELEGRAM_ONLY.format(name=command.name)]
    return reply(invocation, app.request(invocation.arguments, now), app.commands)
