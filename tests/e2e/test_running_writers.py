"""A CLI ingest while the bot runs on the same data directory: nothing is lost on either side,
and the running bot answers about the new releases without a restart."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

from tests.e2e.botprocess import ROOT, BotProcess
from tests.fake_telegram import command, private_chat, user

TOKEN = "24680:writers-SECRET-token"
ADMIN = user(21, "Beheerder")


def cli(args, data_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BRIEFINGS_"))}
    env.update({"BRIEFINGS_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT),
                "BRIEFINGS_SOURCES": ""})
    return subprocess.Popen([sys.executable, "-m", "bot", *args], env=env, text=True,
                            cwd=data_dir.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def releases_file(path, count: int, day: dt.date):
    blocks = [f"Nieuw bericht nummer {n} over de rechtspraak\n\nDatum: {day.isoformat()}\n\n"
              f"Bron: https://www.rijksoverheid.nl/actueel/nieuws/{day:%Y/%m/%d}/bericht-{n}\n\n"
              f"Het kabinet maakt vandaag bericht {n} bekend." for n in range(count)]
    path.write_text("\n\n\n".join(blocks) + "\n", encoding="utf-8")


def test_cli_ingest_while_the_bot_runs_loses_nothing_and_is_answered(fake, tmp_path):
    data_dir = tmp_path / "var"
    bot = BotProcess(fake, data_dir, tmp_path / "bot.log").start()
    try:
        chats = [private_chat(700 + n) for n in range(8)]
        fake.push(command(chats[0], ADMIN, "/nieuws 1"))
        fake.wait_for_texts(chats[0]["id"], 1)
        day = dt.datetime.now(dt.UTC).date()
        releases_file(tmp_path / "nieuw.txt", 40, day)
        ingest = cli(["ingest", str(tmp_path / "nieuw.txt")], data_dir)
        for chat in chats:  # subscriptions while the ingest runs
            fake.push(command(chat, ADMIN, "/abonneer"))
        out, err = ingest.communicate(timeout=120)
        assert ingest.returncode == 0, err
        assert "40 toegevoegd" in out
        for chat in chats:
            fake.wait_for(lambda c=chat: any("bonnee" in t for t in fake.texts(c["id"])),
                          what="the subscription confirmations")
        fake.wait_for(lambda: len(bot.subscriptions()) == len(chats), 30, "the subscriptions")

        def newest() -> str:
            before = len(fake.texts(chats[1]["id"]))
            fake.push(command(chats[1], ADMIN, "/nieuws 1"))
            return fake.wait_for_texts(chats[1]["id"], before + 1)[-1]

        fake.wait_for(lambda: "Nieuw bericht nummer" in newest(), 60,
                      "the running bot to answer about the CLI's releases")
        assert "library reloaded" in bot.log
    finally:
        assert bot.stop() == 0
    corpus = json.loads((data_dir / "corpus.json").read_text(encoding="utf-8"))
    assert len(corpus["announcements"]) == 50
    assert len(bot.subscriptions()) == len(chats)
