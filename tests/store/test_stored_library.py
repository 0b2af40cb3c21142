"""The library answered from its tables (StoredLibrary) gives every answer the in-memory library
gives, for the seed and the development set together, on dates before, between and after their
milestones, in another time zone too."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from briefings import answers
from briefings.chat_plan import digest_content
from briefings.extract import extract_all
from briefings.library import Library
from briefings.model import Subscription
from briefings.parse import parse_releases
from briefings.reminders import ReminderSettings, reminder_plan
from briefings.resources import SEED_CORPUS, data_text
from briefings.topics import TopicTable, topic_table
from store import open_stores
from store.stored_library import StoredLibrary
from tests.conftest import NOW

DEVSET = Path(__file__).parents[1] / "data" / "devset" / "releases"
ZONES = (ZoneInfo("Europe/Amsterdam"), ZoneInfo("America/New_York"))


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> tuple[Library, Library]:
    releases = parse_releases(data_text(SEED_CORPUS), SEED_CORPUS)
    for path in sorted(DEVSET.glob("*.txt")):
        releases += parse_releases(path.read_text("utf-8"), path.name)
    folder = tmp_path_factory.mktemp("data")
    corpus = open_stores(folder).corpus
    quietly = {r.title for r in releases[::3]}  # as a backfill would store them
    corpus.ingest(list(zip(releases, extract_all(releases), strict=True)), NOW,
                  quiet=lambda release: release.title in quietly)
    stored = open_stores(folder).corpus.library()
    assert isinstance(stored, StoredLibrary)
    # From corpus.json through the codec, not the pickles the stored library reads; texts
    # from the text store, as the bot keeps them.
    memory = Library([replace(a, release=replace(a.release, sections=()))
                      for a in open_stores(folder).corpus.all()], texts=corpus.texts)
    return memory, stored


def moments(library: Library) -> list[dt.datetime]:
    """Before, among and after the corpus's milestones."""
    days = sorted({s.item.date.start for s in library.milestones})  # type: ignore[union-attr]
    picked = [days[0] - dt.timedelta(days=1), days[len(days) // 3], days[len(days) // 2],
              days[-1], days[-1] + dt.timedelta(days=1)]
    return [dt.datetime.combine(day, dt.time(23, 30), dt.UTC) for day in picked] + [NOW]


def test_the_stored_library_holds_the_same_corpus(both):
    memory, stored = both
    assert stored.count() == memory.count() > 50
    assert [a.id for a in stored.announcements_about(None)] == \
        [a.id for a in memory.announcements_about(None)]
    assert list(stored.every()) == list(memory.every())
    assert stored.published_years() == memory.published_years() != []
    assert [stored.sections(a) for a in stored.every()] == \
        [memory.sections(a) for a in memory.every()]


def test_budget_and_topic_answers_are_the_same(both):
    memory, stored = both
    for topic in (None, *(t.command for t in topic_table().topics)):
        assert answers.budget(stored, topic) == answers.budget(memory, topic), topic
    for now in moments(memory):
        for zone in ZONES:
            for topic in topic_table().topics:
                assert answers.topic_briefing(stored, topic, now, zone) == \
                    answers.topic_briefing(memory, topic, now, zone), (topic.command, now)
                assert answers.milestones(stored, now, zone, topic.command) == \
                    answers.milestones(memory, now, zone, topic.command)
            assert answers.milestones(stored, now, zone) == answers.milestones(memory, now, zone)


def test_lists_lookups_and_plans_are_the_same(both):
    memory, stored = both
    for argument in ("", "1", "20", "50"):
        assert answers.latest(stored, argument) == answers.latest(memory, argument)
    for announcement in memory.announcements[::7]:
        for reference in (announcement.id, announcement.id[:4]):
            assert answers.show(stored, reference, NOW, ZONES[0]) == \
                answers.show(memory, reference, NOW, ZONES[0])
    assert answers.show(stored, "bestaat-niet", NOW, ZONES[0]) == \
        answers.show(memory, "bestaat-niet", NOW, ZONES[0])
    settings = ReminderSettings()
    since = dt.datetime.min.replace(tzinfo=dt.UTC)
    assert reminder_plan(stored, settings, since=since) == \
        reminder_plan(memory, settings, since=since) != []
    chat = Subscription(1, "group", "Groep", (), 1, NOW - dt.timedelta(days=3))
    for now in moments(memory):
        assert digest_content(stored, chat, now - dt.timedelta(days=7), now, settings) == \
            digest_content(memory, chat, now - dt.timedelta(days=7), now, settings)
    assert stored.seen_since(NOW) == memory.seen_since(NOW) != []
    loud = stored.seen_since(NOW, quiet=False)
    assert loud == memory.seen_since(NOW, quiet=False)
    assert 0 < len(loud) < len(stored.seen_since(NOW))
    assert stored.seen_since(NOW + dt.timedelta(seconds=1)) == []


def test_budgets_computed_from_the_tables_are_the_same(both):
    """Another topic table is never stored: the overview is computed from the stored measures,
    their packages and parts."""
    memory, stored = both
    table = TopicTable(topic_table().topics)
    for topic in (None, "jeugd", "politie", "drugs"):
        assert answers.budget(stored, topic, table) == answers.budget(memory, topic, table)


def test_stored_answers_are_read_not_computed(both, monkeypatch):
    memory, stored = both
    stored.clear_memo()

    def refuse(*args, **kwargs):
        raise AssertionError("computed")

    monkeypatch.setattr(stored, "measures", refuse)
    assert answers.budget(stored, None) == answers.budget(memory, None)
    assert answers.budget(stored, "jeugd") == answers.budget(memory, "jeugd")
    assert stored.stored_answer(("topic", "jeugd", NOW.date())) is None


@pytest.mark.parametrize("zone", ["Europe/Amsterdam", "America/Los_Angeles", "Pacific/Kiritimati"])
def test_a_plan_from_a_later_day_is_the_whole_plan_from_then(both, zone):
    memory, _ = both
    settings = ReminderSettings(timezone=ZoneInfo(zone), local_time=dt.time(23, 59))
    whole = reminder_plan(Library(memory.announcements), settings,
                          since=dt.datetime.min.replace(tzinfo=dt.UTC))
    for since in moments(memory):
        fresh = Library(memory.announcements)  # nothing kept: the plan starts at `since`
        assert reminder_plan(fresh, settings, since=since) == \
            [r for r in whole if r.due >= since]


@pytest.mark.parametrize("zone", ["Europe/Amsterdam", "America/Los_Angeles"])
def test_a_plan_reaching_back_further_adds_to_the_kept_one(both, zone):
    """Chats that subscribed earlier (or a watermark further back) extend the kept plan with
    the milestones ending in between; the result is the plan computed from that day at once."""
    memory, stored = both
    settings = ReminderSettings(timezone=ZoneInfo(zone))
    for library in (Library(memory.announcements), stored):
        for since in sorted(moments(memory), reverse=True):  # later days first
            fresh = reminder_plan(Library(memory.announcements), settings, since=since)
            assert reminder_plan(library, settings, since=since) == fresh
