"""`briefingbot`: a thin command line over the app (chat, ask, ingest, extract, run)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from pathlib import Path

import httpx

from briefings.agenda import agenda
from briefings.export import extraction_json
from briefings.feeds import MalformedFeed, parse_feed
from briefings.formatting import date_spec
from briefings.parse import MalformedRelease
from briefings.reminders import reminder_plan
from store import CorruptStore
from store.backup import BackupError, latest_backup, restore_backup, take_backup

from . import health, os_errors
from .app import App, preview
from .console import print_answer, run_chat
from .instance import AlreadyRunning, single_instance
from .logs import configure_logging
from .settings import Settings, SettingsError, load_dotenv_file

logger = logging.getLogger(__name__)

NO_TOKEN = ("Geen TELEGRAM_BOT_TOKEN ingesteld. Vraag een token aan bij @BotFather en zet het in "
            "de omgeving of in .env (zie .env.example), bijvoorbeeld:\n"
            "  TELEGRAM_BOT_TOKEN=123456:ABC… make run\n"
            "Zonder token werkt de console: briefingbot chat")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefingbot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("chat", help="chat in de terminal (leest regels van stdin zonder terminal)")
    ask = sub.add_parser("ask", help="één opdracht beantwoorden, bijvoorbeeld \"/budget\"")
    ask.add_argument("text")
    ingest = sub.add_parser("ingest", help="persberichten toevoegen uit tekstbestanden of een feed")
    ingest.add_argument("files", nargs="*", type=Path)
    ingest.add_argument("--feed", help="RSS/Atom-feed: een URL of een bestand")
    schedule = sub.add_parser("schedule", help="geplande herinneringen tonen (verstuurt niets)")
    schedule.add_argument("--from", dest="start", type=dt.date.fromisoformat,
                          help="vanaf datum (JJJJ-MM-DD), standaard vandaag")
    schedule.add_argument("--to", dest="end", type=dt.date.fromisoformat,
                          help="tot en met datum (JJJJ-MM-DD)")
    sub.add_parser("agenda", help="de mijlpalen als iCalendar (.ics) op stdout")
    extract = sub.add_parser("extract", help="maatregelen tonen zonder iets op te slaan")
    extract.add_argument("files", nargs="+", type=Path)
    extract.add_argument("--json", action="store_true", help="één JSON-object per bericht")
    backfill = sub.add_parser("backfill", help="de geschiedenis van een bron ophalen, zonder "
                              "meldingen aan abonnees (hervat na een onderbreking)")
    backfill.add_argument("source", nargs="?", help="naam van de bron (standaard: alle bronnen)")
    backfill.add_argument("--since", required=True, type=dt.date.fromisoformat,
                          help="berichten vanaf deze datum (JJJJ-MM-DD)")
    sub.add_parser("reindex", help="alle opgeslagen berichten opnieuw ontleden met de huidige "
                   "extractor (ids, abonnementen en bezorglog blijven)")
    sub.add_parser("run", help="de Telegram-bot starten")
    status = sub.add_parser("status", help="bronnen, volgende herinnering, bezorging, opslag")
    status.add_argument("--json", action="store_true", help="als JSON (zoals /healthz)")
    sub.add_parser("backup", help="een back-up van de datamap maken (ook terwijl de bot draait)")
    restore = sub.add_parser("restore", help="een back-up terugzetten (stop eerst de bot)")
    restore.add_argument("archive", type=Path, help="het back-upbestand (.tar.gz)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    env_file = load_dotenv_file()
    try:
        settings = Settings.from_env(env_dir=env_file.parent if env_file else None)
    except SettingsError as error:
        print(f"Fout in de instellingen: {error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.token, settings.webhook_secret,
                      style=settings.log_format)
    try:
        return _dispatch(args, settings)
    except KeyboardInterrupt:
        return 130  # Ctrl-C: the user asked to stop; no traceback
    except BackupError as error:
        print(f"Fout: {error}. Er is niets gewijzigd.", file=sys.stderr)
        return 1
    except (MalformedRelease, MalformedFeed) as error:
        print(f"Niet ingelezen: {error}. Er is niets gewijzigd.", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Niet ingelezen: {os_errors.describe(error)}. Er is niets gewijzigd.",
              file=sys.stderr)
        return 1
    except httpx.HTTPError as error:
        print(f"Niet ingelezen: {os_errors.describe_http(error)}. Er is niets gewijzigd.",
              file=sys.stderr)
        return 1
    except CorruptStore as error:
        print(f"{error}\n{_latest_backup_hint(settings)}", file=sys.stderr)
        return 2


def _latest_backup_hint(settings: Settings) -> str:
    latest = latest_backup(settings.backup_dir)
    if latest is None:
        return f"Er is nog geen back-up in {settings.backup_dir}."
    return (f"Laatste back-up: {latest.path} ({latest.taken_at:%Y-%m-%d %H:%M} UTC). "
            f"Terugzetten (met de bot gestopt): briefingbot restore {latest.path}")


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "extract":
        return _extract(args.files, args.json)
    if args.command == "run":
        if not settings.token:
            print(NO_TOKEN, file=sys.stderr)
            return 2
        from .telegram_app import run_telegram

        return run_telegram(settings)
    if args.command == "backup":
        path = take_backup(settings.data_dir, settings.backup_dir, now())
        print(f"Back-up gemaakt: {path} ({path.stat().st_size:,} bytes)".replace(",", "."))
        return 0
    if args.command == "restore":
        return _restore(settings, args.archive)
    if args.command == "status":
        # Reads only: a health check must never seed or otherwise write the store.
        data = health.report(App(settings, now(), seed=False), now())
        print(health.as_json(data) if args.json else health.as_text(data, settings.timezone))
        return 0 if data["ok"] else 1
    app = App(settings, now())
    if args.command == "chat":
        return run_chat(app, sys.stdin, sys.stdout, now, interactive=sys.stdin.isatty())
    if args.command == "ask":
        print_answer(app, args.text, sys.stdout, now(), bold=sys.stdout.isatty())
        return 0
    if args.command == "schedule":
        return _schedule(app, args.start, args.end)
    if args.command == "agenda":
        sys.stdout.buffer.write(agenda(app.library, now()))
        return 0
    if args.command == "reindex":
        return _reindex(app)
    if args.command == "backfill":
        from .backfill import run_backfill

        return run_backfill(app, settings, args.source, args.since, now)
    return _ingest(app, args.files, args.feed)


def _restore(settings: Settings, archive: Path) -> int:
    try:
        # A running bot would write its copy of the old state over the restored one.
        with single_instance(settings.data_dir):
            safety = restore_backup(archive, settings.data_dir, settings.backup_dir, now())
    except AlreadyRunning as error:
        print(f"Niet teruggezet: {error}", file=sys.stderr)
        return 1
    if safety is not None:
        print(f"De gegevens van vóór het terugzetten staan in {safety}.")
    app = App(settings, now())  # opens the restored store: it must load and answer
    print(f"Teruggezet uit {archive}: {app.stores.corpus.count()} berichten, "
          f"{len(app.stores.subscriptions.all())} abonnementen.")
    return 0


def _ingest(app: App, files: list[Path], feed: str | None) -> int:
    if not files and not feed:
        print("Geef bestanden of --feed URL|BESTAND.", file=sys.stderr)
        return 2
    if feed:
        releases, skipped = parse_feed(_feed_bytes(feed), feed)
        for note in skipped:
            print(f"overgeslagen: {note}", file=sys.stderr)
        report = app.ingest_releases(releases, now())
    else:
        report = app.ingest_files(files, now())
    for label, items in (("toegevoegd", report.added), ("bijgewerkt", report.updated),
                         ("ongewijzigd", report.unchanged)):
        for announcement in items:
            print(f"{label}: {announcement.id} — {announcement.title}")
    print(f"{len(report.added)} toegevoegd, {len(report.updated)} bijgewerkt, "
          f"{len(report.unchanged)} ongewijzigd.")
    return 0


def _reindex(app: App) -> int:
    from tqdm import tqdm

    total = app.stores.corpus.count()
    with tqdm(total=total, desc="opnieuw ontleden", unit=" berichten", file=sys.stderr,
              disable=None) as bar:  # None: no bar when stderr is not a terminal
        changed = app.reindex(lambda done, total: bar.update(done - bar.n))
    print(f"{total} berichten opnieuw ontleed: {changed} met gewijzigde maatregelen, "
          f"{total - changed} ongewijzigd.")
    return 0


def _feed_bytes(location: str) -> bytes:
    if location.startswith(("http://", "https://")):
        response = httpx.get(location, timeout=20, follow_redirects=True)
        response.raise_for_status()
        return response.content
    return Path(location).read_bytes()


def _schedule(app: App, start: dt.date | None, end: dt.date | None) -> int:
    zone = app.settings.timezone
    first = start or now().astimezone(zone).date()
    since = dt.datetime.combine(first, dt.time(0), tzinfo=zone)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=zone) \
        if end else None
    subscriptions = app.stores.subscriptions.all()
    plan = reminder_plan(app.library, app.settings.reminders, since=since, until=until)
    if not plan:
        print("Geen herinneringen gepland in deze periode.")
    for reminder in plan:
        local = reminder.due.astimezone(zone)
        receivers = [str(s.chat_id) for s in subscriptions
                     if s.follows(reminder.milestone.topics) and reminder.due >= s.subscribed_at]
        print(f"{local:%Y-%m-%d %H:%M}  {reminder.lead:>3} d vóór  "
              f"{date_spec(reminder.milestone.date):<16} {reminder.announcement_id}  "
              f"chats: {', '.join(receivers) or '-'}")
    return 0


def _extract(files: list[Path], as_json: bool) -> int:
    for release, extraction in preview(files):
        data = extraction_json(release, extraction)
        if as_json:
            print(json.dumps(data, ensure_ascii=False))
            continue
        print(f"# {data['title']}  ({data['published'] or 'datum onbekend'})")
        for a in data["amounts"]:
            print(f"  bedrag   {a['text']:<18} {a['eur']:>14,} per_jaar={a['per_year']} "
                  f"vanaf={a['from_year']} {a['qualifier'] or ''} deel_van={a['part_of']}")
        for p in data["penalties"]:
            print(f"  straf    {p['from_years']} → {p['to_years']} jaar  {p['offence']}")
        for m in data["milestones"]:
            print(f"  mijlpaal {m['date']:<12} {m['precision']:<8} {m['text']}")
        for p in data["persons"]:
            print(f"  persoon  {p['name']} ({p['role'] or 'rol onbekend'})")
        print(f"  onderwerpen: {', '.join(data['topics']) or '-'}")
    return 0
