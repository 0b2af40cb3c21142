"""The bot as users meet it: the real process, real HTTP to a fake Bot API on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import email.utils
from zoneinfo import ZoneInfo

import pytest

from briefings.formatting import day as dutch_day
from tests.e2e.botprocess import BotProcess
from tests.fake_telegram import (
    ANONYMOUS_ADMIN_BOT,
    BOT_USERNAME,
    DROP,
    FakeTelegram,
    command,
    group_chat,
    migration,
    private_chat,
    removed_from,
    user,
)

TOKEN = "123456:SECRET-token-value-xyz"
ADMIN, MEMBER = user(11, "Beheerder"), user(12, "Lid")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def rss(port: int, items: list[tuple[str, str, dt.datetime]]) -> bytes:
    """A summary-only feed whose links point at the fake server's article pages."""
    entries = "".join(
        f"<item><title>{title}</title><link>http://127.0.0.1:{port}{path}</link>"
        f"<description>Een korte samenvatting.</description>"
        f"<pubDate>{email.utils.format_datetime(when)}</pubDate></item>"
        for title, path, when in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Justitie</title>{entries}</channel></rss>").encode()


def article(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<main><article><h1>{title}</h1>{body}</article></main>"
            f"<footer>Rijksoverheid</footer></body></html>").encode()


@pytest.fixture(scope="module")
def fake():
    server = FakeTelegram(TOKEN)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def bot(fake, tmp_path_factory):
    folder = tmp_path_factory.mktemp("bot")
    process = BotProcess(fake, folder / "var", folder / "bot.log",
                         BRIEFINGS_FEED_URL=f"http://127.0.0.1:{fake.port}/feed.xml",
                         BRIEFINGS_FEED_INTERVAL_MINUTES="0.02").start()
    yield process
    assert process.stop() == 0
    assert TOKEN not in process.log
    assert "SECRET-token" not in process.log


def ask(fake, chat, sender, text, count=1, thread_id=None, sender_chat=None):
    before = len(fake.sent(chat["id"]))
    fake.push(command(chat, sender, text, thread_id, sender_chat))
    return fake.wait_for_texts(chat["id"], before + count)[before:]


def test_command_menu_is_set_in_dutch(fake, bot):
    calls = [c for c in fake.calls if c.method == "setMyCommands"]
    commands = {c["command"]: c["description"] for c in calls[-1].params["commands"]}
    assert commands["budget"].startswith("alle budgetten")
    assert {"mijlpalen", "abonneer", "jeugd", "drugs"} <= set(commands)


def test_private_chat_commands_and_aliases(fake, bot):
    chat = private_chat(101)
    [help_text] = ask(fake, chat, ADMIN, "/start")
    assert "/budget" in help_text and "/zoek" in help_text
    budget = "".join(ask(fake, chat, ADMIN, f"/budget@{BOT_USERNAME} jeugd"))
    assert "€ 21,4 mln per jaar vanaf 2027" in budget and "<b>" in budget
    drugs = "".join(ask(fake, chat, ADMIN, "/drugs"))
    assert "8 → 12 jaar" in drugs and "12 → 16 jaar" in drugs
    [unknown] = ask(fake, chat, ADMIN, "/onzin")
    assert unknown.startswith("Onbekende opdracht /onzin.")
    assert all(p.get("parse_mode") == "HTML" for p in fake.sent(101))


def test_group_ignores_other_bots_and_unknown_commands(fake, bot):
    chat = group_chat(-201)
    fake.push(command(chat, MEMBER, "/budget@AndereBot"))
    fake.push(command(chat, MEMBER, "/onzin"))
    [answer] = ask(fake, chat, MEMBER, "/onderwerpen")
    assert answer.startswith("<b>Onderwerpen</b>")
    assert len(fake.sent(-201)) == 1  # the two before it were not answered


def test_forum_topic_is_answered_in_its_thread(fake, bot):
    chat = group_chat(-202, kind="supergroup", forum=True)
    ask(fake, chat, MEMBER, "/nieuws 2", thread_id=77)
    assert fake.sent(-202)[-1]["message_thread_id"] == 77


def test_only_admins_change_a_group_subscription(fake, bot):
    chat = group_chat(-301)
    fake.members[(-301, ADMIN["id"])] = "administrator"
    [refused] = ask(fake, chat, MEMBER, "/abonneer jeugd")
    assert refused.startswith("Alleen beheerders")
    assert -301 not in bot.subscriptions()
    [done] = ask(fake, chat, ADMIN, "/abonneer jeugd drugs")
    assert done.startswith("Geabonneerd op Jeugd en jeugdbescherming, Drugs")
    assert bot.subscriptions()[-301]["topics"] == ["jeugd", "drugs"]
    [again] = ask(fake, chat, ADMIN, "/subscribe@BriefingTestBot jeugd")
    assert "er is niets veranderd" in again.lower()
    [bad] = ask(fake, chat, ADMIN, "/abonneer sport")
    assert bad.startswith("Onbekend onderwerp: sport")
    assert bot.subscriptions()[-301]["topics"] == ["jeugd", "drugs"]


def test_anonymous_admin_may_change_and_status_tells_the_next_reminder(fake, bot):
    chat = group_chat(-302, kind="supergroup")
    anonymous = user(ANONYMOUS_ADMIN_BOT, "Group")
    [done] = ask(fake, chat, anonymous, "/abonneer strafrecht", sender_chat=chat)
    assert done.startswith("Geabonneerd op Strafrecht")
    [status] = ask(fake, chat, MEMBER, "/status")
    assert "<b>Abonnement</b>: Strafrecht en strafprocesrecht" in status
    assert "Volgende herinnering: 2 maart 2029 om 09:00" in status
    [stopped] = ask(fake, chat, anonymous, "/opzeggen", sender_chat=chat)
    assert stopped.startswith("Abonnement opgezegd")
    assert -302 not in bot.subscriptions()


def test_removed_from_group_forgets_the_subscription(fake, bot):
    chat = group_chat(-303)
    fake.members[(-303, ADMIN["id"])] = "creator"
    ask(fake, chat, ADMIN, "/abonneer")
    assert bot.subscriptions()[-303]["topics"] == []
    fake.push(removed_from(chat, ADMIN))
    fake.wait_for(lambda: -303 not in bot.subscriptions(), what="the group to be forgotten")


def test_migrated_group_keeps_its_subscription(fake, bot):
    chat = group_chat(-304)
    fake.members[(-304, ADMIN["id"])] = "administrator"
    ask(fake, chat, ADMIN, "/abonneer wijken")
    fake.push(migration(chat, -1000000000304))
    fake.wait_for(lambda: -1000000000304 in bot.subscriptions(), what="the migration")
    assert -304 not in bot.subscriptions()
    assert bot.subscriptions()[-1000000000304]["topics"] == ["wijken"]


def test_private_stop_deletes_the_chat(fake, bot):
    chat = private_chat(102)
    ask(fake, chat, ADMIN, "/abonneer")
    assert 102 in bot.subscriptions()
    [bye] = ask(fake, chat, ADMIN, "/stop")
    assert bye.startswith("Alle gegevens van deze chat zijn verwijderd")
    assert 102 not in bot.subscriptions()


def test_flood_limit_reply_is_waited_out_and_retried(fake, bot):
    chat = private_chat(103)
    fake.fail("sendMessage", 103, 429, "Too Many Requests: retry after 1", retry_after=1)
    [answer] = ask(fake, chat, ADMIN, "/onderwerpen")
    assert answer.startswith("<b>Onderwerpen</b>")
    attempts = [c for c in fake.calls if c.method == "sendMessage"
                and c.params.get("chat_id") == 103]
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 0.9


def test_bad_request_is_not_retried_and_a_dropped_connection_is(fake, bot):
    chat = private_chat(108)
    fake.fail("sendMessage", 108, 400, "Bad Request: can't parse entities")
    fake.push(command(chat, ADMIN, "/onderwerpen"))
    fake.fail("sendMessage", 108, DROP, "")
    [answer] = ask(fake, chat, ADMIN, "/help")
    assert "/budget" in answer
    statuses = [c.status for c in fake.calls if c.method == "sendMessage"
                and c.params.get("chat_id") == 108]
    assert statuses == [400, DROP, 200]  # the 400 once only; the dropped one again
    assert "bad request for chat 108, not retried" in bot.log
    assert "network error for chat 108" in bot.log


def test_feed_alerts_subscribers_and_unsubscribes_blocked_and_migrated_chats(fake, bot):
    subscribers = {"blocked": private_chat(104), "ok": private_chat(105),
                   "other_topic": private_chat(106), "old_group": group_chat(-307)}
    fake.members[(-307, ADMIN["id"])] = "administrator"
    ask(fake, subscribers["blocked"], ADMIN, "/abonneer jeugd")
    ask(fake, subscribers["ok"], ADMIN, "/abonneer")
    ask(fake, subscribers["other_topic"], ADMIN, "/abonneer drugs")
    ask(fake, subscribers["old_group"], ADMIN, "/abonneer jeugd")
    fake.blocked.add(104)
    fake.migrated[-307] = -1000000000307
    assert "not read, will retry" in bot.log  # the empty feed so far: logged, bot fine
    now = dt.datetime.now(dt.UTC)
    old = ("Oud bericht over de kinderrechter", "/actueel/nieuws/oud-bericht",
           now - dt.timedelta(days=3))
    fake.pages[old[1]] = article(old[0], ["De kinderrechter krijgt meer tijd per zaak. " * 12])
    fake.feed = rss(fake.port, [old])
    fake.wait_for(lambda: "source feed: first read" in bot.log, 60, "the feed's first read")
    new = ("Extra geld voor de jeugdbescherming", "/actueel/nieuws/extra-geld-jeugdbescherming",
           now)
    fake.pages[new[1]] = article(new[0], [
        "Het kabinet trekt jaarlijks € 12 miljoen extra uit voor de jeugdbescherming en de "
        "kinderrechter. Dat geld gaat naar meer jeugdbeschermers en kortere wachttijden.",
        "Op 1 juli 2027 gaat de regeling in. De staatssecretaris stuurt de Tweede Kamer "
        "daarover binnenkort een brief met de verdere uitwerking."])
    fake.feed = rss(fake.port, [new, old])
    alert = fake.wait_for_texts(105, 2, timeout=30)[-1]
    assert alert.startswith("<b>Nieuw bericht</b>: Extra geld voor de jeugdbescherming")
    assert "€ 12 mln extra per jaar" in alert
    fake.wait_for(lambda: fake.texts(-1000000000307), what="the alert to the migrated group")
    fake.wait_for(lambda: 104 not in bot.subscriptions(), what="the blocked chat to go")
    assert -1000000000307 in bot.subscriptions() and -307 not in bot.subscriptions()
    assert len(fake.texts(106)) == 1  # only its subscribe confirmation
    def logged():
        return {(d["key"], d["chat_id"], d["status"]) for d in bot.deliveries()}
    fake.wait_for(lambda: ("new:extra-geld-jeugdbescherming", 105, "sent") in logged(),
                  what="the delivery log")
    fake.wait_for(lambda: ("new:extra-geld-jeugdbescherming", -1000000000307, "sent")
                  in logged(), what="the migrated group's delivery in the log")
    assert not {(k, c) for k, c, _ in logged()} & {("new:extra-geld-jeugdbescherming", 104),
                                                   ("new:extra-geld-jeugdbescherming", 106)}
    assert not any(k == "new:oud-bericht-kinderrechter" for k, _, _ in logged())  # first read
    [answer] = ask(fake, subscribers["ok"], ADMIN, "/nieuws 1")
    published = dutch_day(now.astimezone(AMSTERDAM).date())
    assert answer.startswith("<b>Nieuwste berichten</b>")
    assert (f'Extra geld voor de jeugdbescherming · <a href="http://127.0.0.1:{fake.port}'
            f'{new[1]}">{published}</a>') in answer


def test_agenda_arrives_as_an_ics_document(fake, bot):
    chat = private_chat(107)
    fake.push(command(chat, ADMIN, "/agenda"))
    [call] = fake.wait_for(lambda: [c for c in fake.calls if c.method == "sendDocument"
                                    and c.params.get("chat_id") == 107], what="the .ics file")
    assert call.params["_filename"] == "mijlpalen.ics"
    assert call.params["document"].startswith(b"BEGIN:VCALENDAR")
    assert b"20290401" in call.params["document"]
