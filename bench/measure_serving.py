"""Run by bench.run in a fresh process, against either implementation (its checkout first on
PYTHONPATH): open a data directory the way the bot does and answer. Prints JSON.

- the first answer of each command (the library is loaded by the first one), then p50/p99 of
  each with the library's memo cleared before every run, and memoised;
- /zoek over the queries in a file, each asked once (first time each);
- a subscription change with the reminder plan update that follows it;
- RSS while serving (after everything ran) and the peak.
Standalone: imports only the bot under test and the standard library.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

import bot.telegram_app  # noqa: F401  (the bot's libraries count in its memory)
from bot.app import App
from bot.console import console_reply
from bot.settings import Settings
from briefings.model import Subscription
from briefings.reminders import due_deliveries, reminder_plan

NOW = dt.datetime(2026, 11, 28, 9, tzinfo=dt.UTC)
RUNS = 100  # per command; bench.run asks for fewer at 50,000 (both implementations)


def status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def ms(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def summary(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    p99 = values[min(len(values) - 1, round(0.99 * (len(values) - 1)))]
    return {"p50": statistics.median(values), "p99": p99, "max": values[-1]}


def main(folder: str, queries_file: str, runs: int = RUNS) -> None:
    started = time.perf_counter()
    app = App(Settings.from_env({"BRIEFINGS_DATA_DIR": folder}), NOW)
    opened = (time.perf_counter() - started) * 1000
    some_id = None
    commands = ["/budget", "/budget jeugd", "/jeugd", "/drugs", "/mijlpalen",
                "/mijlpalen strafrecht", "/nieuws", "/nieuws 20", "/onderwerpen", "/help",
                "/bericht {id}", "/zoek rechtsbijstand", '/zoek "gratis rechtsbijstand"']
    result: dict = {"open_ms": opened, "commands": {}}
    for template in commands:
        if some_id is None and "{id}" in template:
            # One from the middle, read as one (a stored library's list is read on demand).
            announcements = app.library.announcements
            some_id = announcements[len(announcements) // 2].id
        text = template.format(id=some_id)
        first = ms(lambda t=text: console_reply(app, t, NOW))
        library = app.library
        cleared = []
        for _ in range(runs):
            if hasattr(library, "clear_memo"):
                library.clear_memo()  # and whatever records the library keeps decoded
            else:
                library._memo.clear()
            cleared.append(ms(lambda t=text: console_reply(app, t, NOW)))
        console_reply(app, text, NOW)
        memoised = [ms(lambda t=text: console_reply(app, t, NOW)) for _ in range(runs)]
        result["commands"][template] = {"first": first, "cleared": summary(cleared),
                                        "memoised": summary(memoised)}
    queries = json.loads(Path(queries_file).read_text(encoding="utf-8"))
    timed = {kind: [ms(lambda q=q: console_reply(app, f"/zoek {q}", NOW)) for q in items]
             for kind, items in queries.items()}
    result["search"] = {kind: summary(values) for kind, values in timed.items()}
    result["search"]["all"] = summary([v for values in timed.values() for v in values])
    result["rss_answers_mb"] = status_mb("VmRSS")  # before any reminder plan
    if hasattr(app, "prepare_plan"):
        try:  # what the bot does off its event loop once the library is loaded
            app.prepare_plan(app.plan_start(NOW))
        except (TypeError, AttributeError):
            app.prepare_plan()  # the baseline's, which takes no time
    result["subscription_change"] = summary(subscription_changes(app))
    result["rss_mb"] = status_mb("VmRSS")
    result["peak_mb"] = status_mb("VmHWM")
    print(json.dumps(result))


def subscription_changes(app: App) -> list[float]:
    """What the bot does on /abonneer: save the chat, then the delivery run rebuilds what is
    due (the plan from the earliest subscription on, and who gets what now)."""
    settings = app.settings.reminders
    values = []
    for chat_id in range(1, 21):
        def change(chat_id=chat_id) -> None:
            app.stores.subscriptions.save(Subscription(
                chat_id, "group", f"Groep {chat_id}", ("jeugd",) if chat_id % 2 else (), 1,
                NOW - dt.timedelta(days=chat_id)))
            subscriptions = app.stores.subscriptions.all()
            since = min(s.subscribed_at for s in subscriptions)
            plan = reminder_plan(app.library, settings, since=since)
            due_deliveries(plan, subscriptions, handled(app), NOW, settings)
        values.append(ms(change))
    return values


def handled(app: App) -> set[tuple[str, int]]:
    """What the delivery log holds back, in either implementation's log API."""
    log = app.stores.deliveries
    if hasattr(log, "keys"):  # the baseline's log
        return log.keys()
    return {(r.key, r.chat_id) for r in log.records()
            if log.holds_back(r.key, r.chat_id, r.due, NOW)}


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *(int(n) for n in sys.argv[3:4]))
