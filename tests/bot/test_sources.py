"""Following real sources over real HTTP on 127.0.0.1 (tests/sources_server.py): full texts
without site furniture, dates and canonical URLs, paging, conditional GET, no duplicates across
polls and restarts, no alert storm, and hostile sources that cannot hurt."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from bot.app import App
from bot.fetching import Fetcher, FetchFailed, FetchLimits
from bot.settings import Settings
from bot.sources import Follower
from briefings.alerts import due_alerts
from briefings.feeds import MalformedFeed
from briefings.model import Subscription
from briefings.reminders import ReminderSettings
from briefings.sources import SourceConfig, SourceKind, items_from_feed
from store import open_stores
from tests.sources_server import FURNITURE, NewsSite, news

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def site():
    server = NewsSite().start()
    yield server
    server.stop()


@pytest.fixture
def clock():
    return Clock(NOW)


def make_app(data_dir, clock) -> App:
    return App(Settings.from_env({"BRIEFINGS_DATA_DIR": str(data_dir), "BRIEFINGS_SOURCES": ""}),
               clock())


@pytest.fixture
async def fetchers():
    """Fetchers made by a test, closed after it (an open client is a resource warning)."""
    made: list[Fetcher] = []

    def make(**limits) -> Fetcher:
        made.append(Fetcher(FetchLimits(**limits)))
        return made[-1]

    yield make
    for fetcher in made:
        await fetcher.aclose()


def feed(site, kind="rss") -> SourceConfig:
    path = {"rss": "/rss.xml", "atom": "/atom.xml"}[kind]
    return SourceConfig(kind, SourceKind.FEED, site.base + path)


def api(site) -> SourceConfig:
    return SourceConfig("justitie", SourceKind.API, site.base + "/api/news")


def stored(app) -> dict[str, object]:
    """What the test site served (the seed's own releases left out)."""
    return {a.release.url: a for a in app.stores.corpus.all()
            if a.release.url and a.release.url.startswith("http://127.0.0.1")}


async def test_summary_only_feed_stores_exactly_the_article_text(
        site, tmp_path, clock, fetchers):
    items = news(6, NOW - dt.timedelta(hours=1))
    site.publish(*items)
    app = make_app(tmp_path, clock)
    follower = Follower(app, fetchers(), clock, pause=0)
    report = await follower.poll(feed(site))
    assert report.added == 6
    by_url = stored(app)
    for item in items:
        announcement = by_url[site.base + item.path]
        sections = [(s.heading, list(s.paragraphs)) for s in announcement.release.sections]
        assert sections == item.sections  # every paragraph and sub-heading, nothing else
        text = " ".join(p for s in announcement.release.sections for p in s.paragraphs)
        assert not [f for f in FURNITURE if f in text]
        assert announcement.release.published == item.published.date()
        assert announcement.quiet  # a first read never alerts


async def test_atom_feed_items_carry_dates_and_canonical_urls(
        site, tmp_path, clock, fetchers):
    items = news(3, NOW - dt.timedelta(days=1))
    site.publish(*items)
    app = make_app(tmp_path, clock)
    follower = Follower(app, fetchers(), clock, pause=0)
    await follower.poll(feed(site, "atom"))
    assert {a.release.url: a.release.published for a in stored(app).values()} == {
        site.base + i.path: i.published.date() for i in items}


async def test_api_paging_backfill_is_quiet_resumable_and_since_bounded(
        site, tmp_path, clock, fetchers):
    items = news(130, NOW - dt.timedelta(hours=2), step=dt.timedelta(days=1))
    site.publish(*items)
    since = items[119].published.date()  # the newest 120 are asked for
    site.api_fail_from_offset = 100      # the connection dies during the third page
    app = make_app(tmp_path, clock)
    follower = Follower(app, fetchers(), clock, pause=0)
    progress = []
    with pytest.raises(FetchFailed):
        await follower.backfill(api(site), since, lambda added, seen: progress.append(added))
    assert progress == [50, 100]
    first_pages = site.hits["/api/news"]
    site.api_fail_from_offset = None
    added = await follower.backfill(api(site), since)
    assert site.hits["/api/news"] - first_pages == 1  # resumed at offset 100, not from 0
    assert added == 20
    urls = stored(app)
    expected = {site.base + i.path for i in items if i.published.date() >= since}
    assert set(urls) == expected
    assert all(a.quiet for a in urls.values())  # a backfill never alerts
    # The API's own item data carried the text: the pages were never fetched.
    assert not [p for p in site.hits if p.startswith("/actueel/")]
    sample = urls[site.base + items[0].path].release.sections
    assert [(s.heading, list(s.paragraphs)) for s in sample] == items[0].sections


async def test_repolls_and_restarts_store_nothing_twice_and_use_conditional_get(
        site, tmp_path, clock, fetchers):
    site.publish(*news(5, NOW - dt.timedelta(hours=3)))
    app = make_app(tmp_path, clock)
    await Follower(app, fetchers(), clock, pause=0).poll(feed(site))
    pages_fetched = sum(n for p, n in site.hits.items() if p.startswith("/actueel/"))
    before = (tmp_path / "corpus.json").read_bytes()
    again = await Follower(app, fetchers(), clock, pause=0).poll(feed(site))
    assert again.not_modified and site.not_modified["/rss.xml"] == 1
    restarted = make_app(tmp_path, clock)  # a new process on the same data directory
    report = await Follower(restarted, fetchers(), clock, pause=0).poll(feed(site))
    assert report.not_modified
    assert (tmp_path / "corpus.json").read_bytes() == before
    assert sum(n for p, n in site.hits.items() if p.startswith("/actueel/")) == pages_fetched
    assert len(restarted.stores.corpus.all()) == 10 + 5


async def test_only_news_after_the_first_read_alerts_and_only_once(
        site, tmp_path, clock, fetchers):
    old = news(4, NOW - dt.timedelta(days=2))
    site.publish(*old)
    app = make_app(tmp_path, clock)
    follower = Follower(app, fetchers(), clock, pause=0)
    await follower.poll(feed(site))
    chat = Subscription(1, "private", "Ada", (), None, NOW)
    clock.now = NOW + dt.timedelta(hours=2)
    fresh = news(2, clock.now - dt.timedelta(minutes=30), start=100,
                 step=dt.timedelta(minutes=10))
    late_old = news(1, NOW - dt.timedelta(days=5), start=200)  # new to us, but old news
    site.publish(*fresh, *late_old)
    report = await follower.poll(feed(site))
    assert (report.added, report.quiet) == (3, 1)
    alerts = due_alerts(app.library.announcements, [chat], set(), clock.now, ReminderSettings())
    assert sorted(a.announcement.release.url for a in alerts) == sorted(
        site.base + i.path for i in fresh)
    again = await follower.poll(feed(site))
    assert again.added == 0 and again.not_modified


async def test_a_flood_is_capped_per_poll_and_stored_quietly(
        site, tmp_path, clock, fetchers):
    site.publish(*news(3, NOW - dt.timedelta(days=1)))
    app = make_app(tmp_path, clock)
    follower = Follower(app, fetchers(), clock, pause=0, max_new=10)
    await follower.poll(feed(site))
    site.publish(*news(200, NOW, start=1000, step=dt.timedelta(minutes=1)))
    report = await follower.poll(feed(site))
    assert (report.added, report.quiet, report.left_for_later) == (10, 10, 190)


@pytest.mark.parametrize(("path", "reason", "deadline"), [
    # The size caps are tested with a deadline no loaded machine reaches, so that the cap and
    # not the clock is what stops them; the dripping server is stopped by the clock.
    ("/huge", "groter dan", 60), ("/bomb", "uitgepakt", 60), ("/drip", "binnen 2 s", 2)])
async def test_hostile_bodies_fail_fast_within_the_limits(site, path, reason, deadline,
                                                          fetchers):
    fetcher = fetchers(max_bytes=1024 * 1024, deadline=deadline)
    started = asyncio.get_running_loop().time()
    with pytest.raises(FetchFailed) as failure:
        await fetcher.get(site.base + path)
    assert reason in failure.value.reason
    assert asyncio.get_running_loop().time() - started < 30  # not hung: far below "forever"


async def test_server_errors_say_how_long_to_wait(site, fetchers):
    site.fail_paths.update({"/rss.xml": 500, "/atom.xml": 429})
    fetcher = fetchers()
    with pytest.raises(FetchFailed) as error:
        await fetcher.get(site.base + "/rss.xml")
    assert "500" in error.value.reason and error.value.retry_after is None
    with pytest.raises(FetchFailed) as limited:
        await fetcher.get(site.base + "/atom.xml")
    assert limited.value.retry_after == 7


async def test_an_html_page_where_a_feed_should_be_is_refused(
        site, tmp_path, clock, fetchers):
    site.publish(*news(1, NOW))
    app = make_app(tmp_path, clock)
    source = SourceConfig("kapot", SourceKind.FEED, site.base + "/geen-feed")
    with pytest.raises(MalformedFeed):
        await Follower(app, fetchers(), clock, pause=0).poll(source)
    assert app.stores.sources.get("kapot") is None  # nothing counted as a first read


def test_feed_items_tolerate_missing_fields():
    content = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
               b"<item><title>Zonder adres</title></item>"
               b"<item><title>Met adres</title><link>https://example.org/a</link></item>"
               b"</channel></rss>")
    items, skipped = items_from_feed(content, "t")
    assert [i.title for i in items] == ["Met adres"] and items[0].published is None
    assert len(skipped) == 1


async def test_ingest_by_another_process_during_a_poll_loses_nothing(
        site, tmp_path, clock, fetchers):
    import subprocess
    import sys

    from tests.e2e.botprocess import ROOT

    site.publish(*news(30, NOW - dt.timedelta(hours=1)))
    app = make_app(tmp_path, clock)
    writer = subprocess.Popen([sys.executable, str(ROOT / "tests/store/concurrent_writer.py"),
                               str(tmp_path), "cli", "40"], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True,
                              env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert writer.stdout.readline().strip() == "ready"
    writer.stdin.write("go\n")
    writer.stdin.flush()
    await Follower(app, fetchers(), clock, pause=0).poll(feed(site))
    assert writer.stdout.readline().strip() == "done"
    writer.wait(timeout=60)
    writer.stdin.close()
    writer.stdout.close()
    urls = [a.release.url for a in open_stores(tmp_path).corpus.all()]
    assert len(urls) == 10 + 30 + 40
    assert len({u for u in urls if u and "rijksoverheid.nl" not in u}) == 30 + 40


def test_cli_backfill_prints_a_count_and_a_second_run_adds_nothing(site, tmp_path):
    import subprocess
    import sys

    from tests.e2e.botprocess import ROOT

    items = news(60, NOW, step=dt.timedelta(days=1))
    site.publish(*items)
    env = {"PYTHONPATH": str(ROOT), "PATH": "", "BRIEFINGS_DATA_DIR": str(tmp_path / "var"),
           "BRIEFINGS_SOURCES": f"justitie=api:{site.base}/api/news",
           "BRIEFINGS_FETCH_PAUSE_SECONDS": "0"}
    since = items[54].published.date().isoformat()

    def backfill(*args):
        return subprocess.run([sys.executable, "-m", "bot", "backfill", *args], env=env,
                              cwd=tmp_path, capture_output=True, text=True, timeout=120)

    first = backfill("justitie", "--since", since)
    assert first.returncode == 0, first.stderr
    assert "55 berichten toegevoegd" in first.stdout
    assert "0 berichten toegevoegd" in backfill("--since", since).stdout
    unknown = backfill("onbekend", "--since", since)
    assert unknown.returncode == 2 and "justitie" in unknown.stderr
