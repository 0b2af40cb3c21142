"""Re-extraction and identity on a real data directory: `App.reindex`, the start-up check, one
announcement per release however it arrives, and no reminder sent twice across a reindex."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

from bot import jobs
from bot.app import App
from bot.settings import Settings
from bot.telegram_app import build_application
from briefings.deliveries import DeliveryStatus
from briefings.extract import EXTRACTOR_VERSION
from briefings.model import Section, Subscription
from briefings.reminders import reminder_plan

from .recording_request import RecordingRequest

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
EVER = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def settings_for(data_dir) -> Settings:
    return Settings.from_env({"BRIEFINGS_DATA_DIR": str(data_dir),
                              "TELEGRAM_BOT_TOKEN": "123:abc"})


def as_an_older_extractor_left_it(data_dir, announcement_id: str) -> dict:
    """corpus.json as an older extractor wrote it: no version, and one announcement's
    milestones missing. Returns the other documents' identity fields, which must survive."""
    path = data_dir / "corpus.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("meta", None)
    identity = {}
    for doc in data["announcements"].values():
        if doc["id"] == announcement_id:
            record = json.loads(doc["record"])
            record["milestones"] = []
            doc["record"] = json.dumps(record, separators=(",", ":"))
        identity[doc["id"]] = (doc["ingested_at"], doc["hash"], doc.get("quiet"))
    path.write_text(json.dumps(data), encoding="utf-8")
    return identity


def identity_of(data_dir) -> dict:
    data = json.loads((data_dir / "corpus.json").read_text(encoding="utf-8"))
    return {d["id"]: (d["ingested_at"], d["hash"], d.get("quiet"))
            for d in data["announcements"].values()}


def test_a_fresh_store_is_marked_with_the_current_extractor(tmp_path):
    app = App(settings_for(tmp_path), NOW)
    assert app.stores.corpus.extractor_version() == EXTRACTOR_VERSION
    assert app.reindex_if_outdated() is False
    assert app.reindex() == 0  # the current extractor finds what it found at ingest


def test_start_up_re_extracts_a_store_of_another_version(tmp_path):
    settings = settings_for(tmp_path)
    first = App(settings, NOW)
    victim = next(a for a in first.library.announcements if a.extraction.milestones)
    expected = victim.extraction.milestones
    identity = as_an_older_extractor_left_it(tmp_path, victim.id)

    app = App(settings, NOW)
    assert app.library.get(victim.id).extraction.milestones == ()
    assert app.reindex_if_outdated() is True
    assert app.library.get(victim.id).extraction.milestones == expected
    assert App(settings, NOW).stores.corpus.extractor_version() == EXTRACTOR_VERSION
    assert identity_of(tmp_path) == identity  # ids, first-ingest times, texts' hashes
    assert app.reindex_if_outdated() is False


def test_the_same_release_with_and_without_date_and_source_is_one_announcement(tmp_path):
    app = App(settings_for(tmp_path), NOW)
    bare = tmp_path / "bericht.txt"
    bare.write_text("Nieuwe aanpak voor woninginbraken\n\nHet kabinet trekt € 3 miljoen uit "
                    "voor een nieuwe aanpak van woninginbraken.\n", encoding="utf-8")
    dated = tmp_path / "bericht-met-bron.txt"
    dated.write_text("Nieuwe aanpak voor woninginbraken\n\nDatum: 12 november 2024\n"
                     "Bron: https://www.rijksoverheid.nl/actueel/nieuws/2024/11/12/inbraak\n\n"
                     "Het kabinet trekt € 3 miljoen uit voor een nieuwe aanpak van "
                     "woninginbraken.\n", encoding="utf-8")
    added = app.ingest_files([bare], NOW).added
    report = app.ingest_files([dated], NOW)
    assert [a.id for a in report.updated] == [a.id for a in added] and not report.added
    again = app.ingest_files([bare], NOW)  # the file without metadata once more
    assert [a.id for a in again.unchanged] == [a.id for a in added]
    assert app.library.get(added[0].id).release.url.endswith("/inbraak")
    assert not any(a.id.endswith("-2") for a in app.library.announcements)


def test_a_source_item_of_a_stored_file_updates_it(tmp_path):
    app = App(settings_for(tmp_path), NOW)
    stored = app.stores.corpus.all()[4]  # with its text
    text = stored.release.body.split()
    # What bot/sources.py makes of the release's page: its URL, its date, other paragraphs.
    item = replace(stored.release,
                   sections=(Section(None, (" ".join(text),)),),
                   source="https://www.rijksoverheid.nl/feed",
                   url="https://www.rijksoverheid.nl/actueel/nieuws/2024/11/12/x",
                   published=dt.date(2024, 11, 12))
    count = app.stores.corpus.count()
    report = app.ingest_releases([item], NOW)
    assert [a.id for a in report.updated] == [stored.id]
    assert app.stores.corpus.count() == count
    assert app.library.get(stored.id).ingested_at == stored.ingested_at


def test_two_releases_with_one_title_are_both_kept(tmp_path):
    app = App(settings_for(tmp_path), NOW)
    first, second = app.stores.corpus.all()[:2]
    namesake = replace(second.release, title=first.title)
    count = app.stores.corpus.count()
    report = app.ingest_releases([namesake], NOW)
    assert len(report.added) == 1 and report.added[0].id != first.id
    assert app.stores.corpus.count() == count + 1
    assert app.library.get(first.id).release.title == first.title


async def test_a_reminder_sent_before_a_reindex_is_not_sent_again(tmp_path):
    settings = settings_for(tmp_path)
    seeded = App(settings, NOW)
    plan = reminder_plan(seeded.library, settings.reminders, since=EVER)
    sent_one = next(r for r in plan if r.lead == 0)
    corrected = plan[-1]  # the latest: still ahead after the first one was sent
    assert corrected.announcement_id != sent_one.announcement_id
    as_an_older_extractor_left_it(tmp_path, corrected.announcement_id)

    clock = [sent_one.due]
    app = App(settings, clock[0])
    app.stores.subscriptions.save(Subscription(1001, "private", "Ans", (), 1001,
                                               sent_one.due - dt.timedelta(days=60)))
    recorder = RecordingRequest()
    application = build_application(settings, app, clock=lambda: clock[0], request=recorder)
    await application.initialize()
    try:
        await jobs.deliver_due(application)
        before = {(r.key, r.chat_id): r for r in app.stores.deliveries.records()}
        assert before[(sent_one.key, 1001)].status is DeliveryStatus.SENT
        messages = len(recorder.sent())
        assert corrected.key not in {r.key for r in reminder_plan(app.library,
                                                                  settings.reminders, EVER)}

        assert app.reindex_if_outdated() is True
        assert corrected.key in {r.key for r in reminder_plan(app.library, settings.reminders,
                                                              EVER)}
        await jobs.deliver_due(application)
        clock[0] += dt.timedelta(minutes=5)
        await jobs.deliver_due(application)
    finally:
        await application.shutdown()
    assert len(recorder.sent()) == messages  # nothing sent twice, nothing new due yet
    after = {(r.key, r.chat_id): r for r in app.stores.deliveries.records()}
    assert {k: after.get(k) for k in before} == before
