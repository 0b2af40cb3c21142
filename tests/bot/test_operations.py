"""The operator's side as an operator meets it: real processes, a real data directory."""

import json
import os
import signal
import subprocess
import sys

import pytest

from tests.bot.test_cli import ROOT, run


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "var"


def test_status_reports_every_section(data_dir):
    run(["ask", "/help"], data_dir)
    result = run(["status", "--json"], data_dir)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["ok"] is True
    assert {"sources", "next_reminder", "deliveries", "store", "backups"} <= set(data)
    assert data["store"]["announcements"] == 10
    assert data["store"]["files"]["corpus.json"] == (data_dir / "corpus.json").stat().st_size
    assert data["deliveries"]["pending"] == 0 and data["deliveries"]["failed"] == 0
    text = run(["status"], data_dir).stdout
    assert "Volgende herinnering" in text and "Laatste back-up: geen" in text


def test_status_shows_times_in_the_bots_zone_in_dutch():
    from zoneinfo import ZoneInfo

    from bot.health import as_text

    data = {"ok": True, "at": "2026-11-29T15:16:52.842417+00:00",
            "sources": [{"source": "rijksoverheid", "url": "https://example.org/feed",
                         "last_poll": "2026-07-01T06:05:00+00:00",
                         "watermark": "2026-06-30T22:00:00+00:00"}],
            "next_reminder": {"due": "2029-03-31T07:00:00+00:00", "key": "k", "chats": 1},
            "deliveries": {"pending": 0, "failed": 0}, "store": {},
            "backups": {"latest": "b.tar.gz", "taken_at": "2026-11-29T02:30:00+00:00"}}
    text = as_text(data, ZoneInfo("Europe/Amsterdam"))
    assert text.startswith("Status op 29 november 2026 om 16:16 (CET): in orde")
    assert "laatst gelezen 1 juli 2026 om 08:05 (CEST)" in text  # summer time
    assert "Volgende herinnering: 31 maart 2029 om 09:00 (CEST)" in text
    assert "(29 november 2026 om 03:30 (CET))" in text
    assert "+00:00" not in text and "T15:16" not in text


def test_status_text_has_no_raw_iso_times(data_dir):
    run(["ask", "/help"], data_dir)
    text = run(["status"], data_dir, extra_env={"BRIEFINGS_TIMEZONE": "Europe/Amsterdam"})
    assert text.returncode == 0, text.stderr
    first = text.stdout.splitlines()[0]
    assert first.startswith("Status op ") and first.endswith(": in orde")
    assert "+00:00" not in text.stdout and ("(CET)" in first or "(CEST)" in first)


def test_status_never_writes_the_store(data_dir):
    result = run(["status", "--json"], data_dir)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["store"]["announcements"] == 0
    assert not (data_dir / "corpus.json").exists()


def test_backup_then_corrupt_store_names_it_and_restore_brings_it_back(data_dir):
    run(["ask", "/help"], data_dir)
    made = run(["backup"], data_dir)
    assert made.returncode == 0, made.stderr
    archive = made.stdout.split("Back-up gemaakt: ")[1].split(" (")[0]
    good = (data_dir / "corpus.json").read_bytes()
    (data_dir / "corpus.json").write_text("{kapot", encoding="utf-8")
    broken = run(["ask", "/budget"], data_dir)
    assert broken.returncode == 2
    assert f"Laatste back-up: {archive}" in broken.stderr
    assert f"briefingbot restore {archive}" in broken.stderr
    restored = run(["restore", archive], data_dir)
    assert restored.returncode == 0, restored.stderr
    assert "Teruggezet" in restored.stdout and "10 berichten" in restored.stdout
    assert (data_dir / "corpus.json").read_bytes() == good
    assert "€ 21,4 mln" in run(["ask", "/budget jeugd"], data_dir).stdout


def test_corrupt_store_without_backups_says_so(data_dir):
    data_dir.mkdir()
    (data_dir / "state.json").write_text("{kapot", encoding="utf-8")
    result = run(["ask", "/budget"], data_dir)
    assert result.returncode == 2
    assert "Er is nog geen back-up in" in result.stderr


def test_restore_of_a_missing_file_is_a_clear_error(data_dir, tmp_path):
    result = run(["restore", str(tmp_path / "nee.tar.gz")], data_dir)
    assert result.returncode == 1
    assert "geen leesbare back-up" in result.stderr and "Traceback" not in result.stderr


def test_json_log_lines(data_dir):
    result = run(["ask", "/help"], data_dir, extra_env={"BRIEFINGS_LOG_FORMAT": "json"})
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert any(line["message"].startswith("seeded the corpus") for line in lines)
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)


def test_console_leaves_cleanly_on_ctrl_c_and_on_end_of_input(data_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BRIEFINGS_"))}
    env.update(BRIEFINGS_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, "-m", "bot", "chat"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env, cwd=data_dir.parent)
    process.stdin.write("/onderwerpen\n")
    process.stdin.flush()
    assert process.stdout.readline().startswith("Onderwerpen")  # now waiting for input
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert run(["chat"], data_dir, stdin="/quit\n/budget\n").stdout == ""  # /quit leaves


def test_makefile_refuses_an_old_python_with_a_clear_message(tmp_path):
    old = tmp_path / "python3.10"
    old.write_text("#!/bin/sh\n[ \"$1\" = --version ] && echo 'Python 3.10.12' && exit 0\n"
                   "exit 1\n")
    old.chmod(0o755)
    result = subprocess.run(["make", "-C", str(ROOT), "--no-print-directory",
                             f"PYTHON={old}", f"VENV={tmp_path / 'venv'}", "run"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "needs Python 3.11 or newer" in result.stderr and "Python 3.10.12" in result.stderr
    assert not (tmp_path / "venv").exists()


def test_make_run_installs_only_what_the_bot_needs():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run_rule = makefile.split("$(RUN_STAMP): pyproject.toml")[1].split("\n\n")[0]
    assert "pip install" in run_rule and "[dev]" not in run_rule
    assert "\nrun: $(RUN_STAMP)" in makefile and "\ntest: $(DEV_STAMP)" in makefile
