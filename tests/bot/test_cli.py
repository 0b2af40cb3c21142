"""The command line as a user runs it: real processes, a real data directory."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefings.deliveries import DeliveryRecord, DeliveryStatus
from briefings.model import Subscription
from store import open_stores

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "briefings" / "data" / "justitie-persberichten.txt"


def run(args, data_dir, stdin=None, extra_env=None):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "BRIEFINGS_"))}
    env.update({"BRIEFINGS_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT),
                **(extra_env or {})})
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, text=True,
                          capture_output=True, env=env, cwd=data_dir.parent, timeout=60)


def snapshot(data_dir):
    return {p.name: p.read_bytes() for p in sorted(data_dir.iterdir())}


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "var"


def test_chat_reads_commands_from_stdin_and_answers_from_the_seed(data_dir):
    result = run(["chat"], data_dir, stdin="/budget\n/jeugd\n/drugs\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "€ 21,4 mln per jaar vanaf 2027" in out
    for change in ("6 → 8 jaar", "8 → 12 jaar", "12 → 16 jaar"):
        assert change in out
    assert "<b>" not in out  # plain text in a terminal


def test_ask_answers_one_command(data_dir):
    result = run(["ask", "/bericht hogere"], data_dir)
    assert result.returncode == 0
    assert result.stdout.startswith("Hogere gevangenisstraffen mogelijk voor drugscriminelen")


def test_ingesting_the_seed_twice_leaves_the_store_byte_identical(data_dir):
    first = run(["ingest", str(SEED)], data_dir)
    assert first.returncode == 0, first.stderr
    before = snapshot(data_dir)
    second = run(["ingest", str(SEED)], data_dir)
    assert second.returncode == 0
    assert "0 toegevoegd, 0 bijgewerkt, 10 ongewijzigd." in second.stdout
    assert snapshot(data_dir) == before


def test_a_broken_file_is_refused_and_changes_nothing(data_dir, tmp_path):
    run(["ingest", str(SEED)], data_dir)
    before = snapshot(data_dir)
    good = tmp_path / "goed.txt"
    good.write_text("Nieuw bericht\n\nHet kabinet trekt € 3 miljoen uit.\n", encoding="utf-8")
    broken = tmp_path / "kapot.txt"
    broken.write_text("Titel\n\nDatum: gisteren ergens\n\nTekst.\n", encoding="utf-8")
    result = run(["ingest", str(good), str(broken)], data_dir)
    assert result.returncode == 1
    assert f"{broken}, regel 3: onleesbare datum" in result.stderr
    assert "Er is niets gewijzigd." in result.stderr
    assert snapshot(data_dir) == before


def test_undecodable_bytes_name_their_line(data_dir, tmp_path):
    broken = tmp_path / "latin1.txt"
    broken.write_bytes("Titel\n\nDe ministerraad heeft beslist.\n\nCafé\n".encode("latin-1"))
    result = run(["ingest", str(broken)], data_dir)
    assert result.returncode == 1
    assert f"{broken}, regel 5: geen geldige UTF-8-tekst" in result.stderr


def test_a_missing_file_is_named_in_dutch_without_a_line_or_os_text(data_dir, tmp_path):
    run(["ingest", str(SEED)], data_dir)
    before = snapshot(data_dir)
    missing = tmp_path / "nonexist.txt"
    result = run(["ingest", str(missing)], data_dir)
    assert result.returncode == 1
    assert f"Niet ingelezen: {missing}: bestand bestaat niet. Er is niets gewijzigd." \
        in result.stderr
    assert "regel" not in result.stderr and "No such file" not in result.stderr
    assert snapshot(data_dir) == before


def test_a_missing_feed_file_and_a_folder_are_named_in_dutch(data_dir, tmp_path):
    run(["ingest", str(SEED)], data_dir)
    before = snapshot(data_dir)
    missing = tmp_path / "nonexist.xml"
    result = run(["ingest", "--feed", str(missing)], data_dir)
    assert result.returncode == 1
    assert f"{missing}: bestand bestaat niet" in result.stderr
    assert "Errno" not in result.stderr and "No such file" not in result.stderr
    folder = run(["ingest", str(tmp_path)], data_dir)
    assert folder.returncode == 1
    assert f"{tmp_path}: dit is een map, geen bestand" in folder.stderr
    assert snapshot(data_dir) == before


def test_a_new_release_is_added_and_answered(data_dir, tmp_path):
    release = tmp_path / "nieuw.txt"
    url = "https://www.rijksoverheid.nl/actueel/nieuws/2026/12/02/extra-geld-slachtofferhulp"
    release.write_text(f"Extra geld voor slachtofferhulp\n\nDatum: 2 december 2026\nBron: {url}\n\n"
                       "Het kabinet trekt jaarlijks € 7,5 miljoen extra uit voor "
                       "slachtofferhulp.\n", encoding="utf-8")
    result = run(["ingest", str(release)], data_dir)
    assert "toegevoegd: extra-geld-slachtofferhulp" in result.stdout
    answer = run(["ask", "/nieuws 1"], data_dir)
    # The console shows the date and the source's address (Telegram links the date).
    assert f"Extra geld voor slachtofferhulp · 2 december 2026 ({url})" in answer.stdout


def test_extract_json_does_not_touch_the_store(data_dir):
    result = run(["extract", "--json", str(SEED)], data_dir)
    assert result.returncode == 0
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objects) == 10
    assert objects[7]["milestones"][-1]["date"] == "2029-04-01"
    assert not data_dir.exists()


def test_run_without_token_explains_how_to_set_one(data_dir):
    result = run(["run"], data_dir)
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "BotFather" in result.stderr


def test_corrupt_store_is_reported_not_overwritten(data_dir):
    data_dir.mkdir()
    (data_dir / "corpus.json").write_text("{kapot", encoding="utf-8")
    result = run(["ask", "/budget"], data_dir)
    assert result.returncode == 2
    assert "corpus.json is onbruikbaar" in result.stderr
    assert (data_dir / "corpus.json").read_text(encoding="utf-8") == "{kapot"


def test_schedule_lists_planned_reminders_without_sending(data_dir):
    result = run(["schedule", "--from", "2029-03-01", "--to", "2029-04-30"], data_dir)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line[:16] for line in lines] == ["2029-03-02 09:00", "2029-03-25 09:00",
                                             "2029-03-31 09:00", "2029-04-01 09:00"]
    assert all("nieuw-wetboek-strafvordering-klaar" in line for line in lines)


def test_agenda_writes_an_icalendar_file(data_dir):
    result = run(["agenda"], data_dir)
    assert result.returncode == 0
    assert result.stdout.startswith("BEGIN:VCALENDAR")
    milestones = {(r.title, m.date.iso) for r, e in zip(*_seed(), strict=True)
                  for m in e.milestones if m.forward_looking}  # no past events in an agenda
    assert result.stdout.count("BEGIN:VEVENT") == len(milestones)
    assert "DTSTART;VALUE=DATE:20290401" in result.stdout


def test_feed_file_ingest_and_junk_feed(data_dir, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>JenV</title><item>"
        "<title>Meer geld voor de politie</title><link>https://example.org/2026/12/01/politie"
        "</link><description>Het kabinet trekt € 40 miljoen extra uit voor de politie."
        "</description></item></channel></rss>", encoding="utf-8")
    result = run(["ingest", "--feed", str(feed)], data_dir)
    assert result.returncode == 0, result.stderr
    assert "toegevoegd: geld-politie — Meer geld voor de politie" in result.stdout
    answer = run(["ask", "/bericht geld-politie"], data_dir)
    assert "1 december 2026" in answer.stdout and "€ 40 mln extra" in answer.stdout
    before = snapshot(data_dir)
    junk = tmp_path / "junk.xml"
    junk.write_text("<html>404</html>", encoding="utf-8")
    refused = run(["ingest", "--feed", str(junk)], data_dir)
    assert refused.returncode == 1 and "geen bruikbare feed" in refused.stderr
    assert snapshot(data_dir) == before


def _seed():
    from briefings.extract import extract_all
    from briefings.parse import parse_releases
    from briefings.resources import SEED_CORPUS, data_text

    releases = parse_releases(data_text(SEED_CORPUS), SEED_CORPUS)
    return releases, extract_all(releases)


def test_reindex_re_extracts_every_release_and_keeps_ids_and_state(data_dir):
    from tests.bot.test_reindex import as_an_older_extractor_left_it, identity_of

    assert run(["ingest", str(SEED)], data_dir).returncode == 0
    extracted = run(["extract", "--json", str(SEED)], data_dir).stdout.splitlines()
    victim = next(r for line in extracted if (r := json.loads(line))["milestones"])
    victim_id = next(doc["id"] for doc in json.loads(
        (data_dir / "corpus.json").read_text(encoding="utf-8"))["announcements"].values()
        if json.loads(doc["record"])["title"] == victim["title"])
    identity = as_an_older_extractor_left_it(data_dir, victim_id)
    stores = open_stores(data_dir)
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    stores.subscriptions.save(Subscription(7, "private", "", (), 7, when))
    stores.deliveries.record(DeliveryRecord("k", 7, DeliveryStatus.SENT, when, when, 5))
    stores.deliveries.close()
    state = {name: (data_dir / name).read_bytes()
             for name in ("state.json", "deliveries.jsonl")}

    result = run(["reindex"], data_dir)
    assert result.returncode == 0, result.stderr
    assert "10 berichten opnieuw ontleed: 1 met gewijzigde maatregelen" in result.stdout
    assert identity_of(data_dir) == identity
    assert {name: (data_dir / name).read_bytes() for name in state} == state
    again = run(["reindex"], data_dir)
    assert "0 met gewijzigde maatregelen" in again.stdout
    shown = run(["ask", f"/bericht {victim_id}"], data_dir).stdout
    assert victim["milestones"][0]["text"][:20] in " ".join(shown.split())
