"""The console reads the same command table as Telegram: chat-state rows point to Telegram."""

import datetime as dt

from bot.app import App
from bot.console import TELEGRAM_ONLY, console_reply
from bot.settings import Settings
from briefings.commands import Scope, command_table

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)


def test_every_command_of_the_table_gets_an_answer_and_none_is_unknown(tmp_path):
    app = App(Settings.from_env({"BRIEFINGS_DATA_DIR": str(tmp_path)}), NOW)
    for command in command_table().commands:
        for name in command.names:
            answer = console_reply(app, f"/{name}", NOW)
            assert answer and "Onbekende opdracht" not in answer[0], name
            if command.scope is not Scope.EVERYWHERE:
                assert answer == [TELEGRAM_ONLY.format(name=command.name)]


def test_plain_words_are_a_search_and_unknown_commands_get_help(tmp_path):
    app = App(Settings.from_env({"BRIEFINGS_DATA_DIR": str(tmp_path)}), NOW)
    assert console_reply(app, "rechtsbijstand", NOW) == console_reply(
        app, "/zoek rechtsbijstand", NOW)
    [unknown] = console_reply(app, "/bestaatniet", NOW)
    assert unknown.startswith("Onbekende opdracht /bestaatniet") and "/stop" in unknown
