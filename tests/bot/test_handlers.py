"""The Telegram handlers in-process, on PTB's real `Application` with a recording request."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from telegram import Update

from bot.app import App
from bot.chats import not_admin, not_saved
from bot.settings import Settings
from bot.telegram_app import CHAT_HANDLERS, NOT_HERE, build_application, menu
from briefings.commands import Scope, command_table, parse, reply

from .recording_request import BOT, RecordingRequest

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
USER = {"id": 1001, "is_bot": False, "first_name": "Ans"}
GROUP = {"id": -100555, "type": "supergroup", "title": "Beleidsteam", "is_forum": True}
PRIVATE = {"id": 1001, "type": "private", "first_name": "Ans"}
_ids = itertools.count(1)


def message(chat: dict, text: str, thread: int | None = None) -> dict:
    entity_length = len(text.split()[0]) if text.startswith("/") else 0
    body = {"message_id": next(_ids), "date": int(NOW.timestamp()), "chat": chat, "from": USER,
            "text": text}
    if entity_length:
        body["entities"] = [{"type": "bot_command", "offset": 0, "length": entity_length}]
    if thread is not None:
        body.update(message_thread_id=thread, is_topic_message=True)
    return {"update_id": next(_ids), "message": body}


@pytest.fixture
async def bot(tmp_path):
    settings = Settings.from_env({"BRIEFINGS_DATA_DIR": str(tmp_path),
                                  "TELEGRAM_BOT_TOKEN": "123:abc"})
    app = App(settings, NOW)
    recorder = RecordingRequest()
    application = build_application(settings, app, clock=lambda: NOW, request=recorder)
    await application.initialize()
    yield application, app, recorder
    await application.shutdown()


async def say(application, update: dict) -> None:
    await application.process_update(Update.de_json(update, application.bot))


async def test_a_core_command_is_answered_with_the_core_reply(bot):
    application, app, recorder = bot
    await say(application, message(PRIVATE, "/budget jeugd"))
    invocation = parse("/budget jeugd", app.commands)
    expected = reply(invocation, app.request(invocation.arguments, NOW), app.commands)
    assert [m["text"] for m in recorder.sent()] == expected


async def test_group_answers_go_to_the_thread_they_were_asked_in(bot):
    application, _, recorder = bot
    await say(application, message(GROUP, f"/mijlpalen@{BOT['username']}", thread=77))
    [sent] = recorder.sent()
    assert sent["chat_id"] == GROUP["id"] and sent["message_thread_id"] == 77


async def test_commands_for_another_bot_and_unknown_ones_in_groups_stay_silent(bot):
    application, _, recorder = bot
    await say(application, message(GROUP, "/budget@AndereBot"))
    await say(application, message(GROUP, "/onbekend"))
    assert recorder.sent() == []


async def test_unknown_command_in_private_gets_the_help(bot):
    application, _, recorder = bot
    await say(application, message(PRIVATE, "/onbekend"))
    [sent] = recorder.sent()
    assert "/onbekend" in sent["text"] and "/budget" in sent["text"]


async def test_stop_works_only_in_private_chats(bot):
    application, app, recorder = bot
    await say(application, message(GROUP, "/stop"))
    assert recorder.sent()[-1]["text"] == NOT_HERE.format(name="stop")


async def test_non_admin_cannot_subscribe_a_group_and_admin_can(bot):
    application, app, recorder = bot
    await say(application, message(GROUP, "/abonneer jeugd"))
    assert recorder.sent()[-1]["text"] == not_admin()
    assert app.stores.subscriptions.get(GROUP["id"]) is None
    recorder.member_status[(GROUP["id"], USER["id"])] = "administrator"
    await say(application, message(GROUP, "/abonneer jeugd"))
    subscription = app.stores.subscriptions.get(GROUP["id"])
    assert subscription is not None and subscription.topics == ("jeugd",)


async def test_status_after_subscribing_in_private(bot):
    application, app, recorder = bot
    await say(application, message(PRIVATE, "/abonneer"))
    await say(application, message(PRIVATE, "/status"))
    assert app.stores.subscriptions.get(PRIVATE["id"]) is not None
    assert recorder.sent()[-1]["text"] != recorder.sent()[0]["text"]


def test_every_row_the_core_does_not_answer_has_a_chat_handler():
    table = command_table()
    shell_rows = {c.name for c in table.commands if c.answer is None}
    assert shell_rows == set(CHAT_HANDLERS)
    assert all(c.scope is not Scope.EVERYWHERE for c in table.commands if c.answer is None)


def test_the_menu_lists_every_row_of_the_table():
    table = command_table()
    assert [c.command for c in menu(table)] == [c.name for c in table.commands]
    assert "stop" in [c.command for c in menu(table)]


async def test_a_full_disk_is_told_to_the_user_and_nothing_is_kept(bot, monkeypatch):
    application, app, recorder = bot
    import errno

    import store.storage

    def disk_full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store.storage, "write_atomically", disk_full)
    await say(application, message(PRIVATE, "/abonneer jeugd"))
    assert recorder.sent()[-1]["text"] == not_saved()
    assert app.stores.subscriptions.get(PRIVATE["id"]) is None   # rolled back in memory too
    monkeypatch.undo()
    await say(application, message(PRIVATE, "/status"))
    assert app.stores.subscriptions.get(PRIVATE["id"]) is None
