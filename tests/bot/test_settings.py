import datetime as dt
from pathlib import Path

import pytest

from bot.logs import RedactToken
from bot.settings import Settings, SettingsError


def test_defaults():
    settings = Settings.from_env({})
    assert settings.token is None
    assert settings.api_base_url == "https://api.telegram.org/bot"
    assert settings.api_file_url == "https://api.telegram.org/file/bot"
    assert settings.reminders.leads == (30, 7, 1, 0)
    assert settings.reminders.local_time == dt.time(9, 0)


def test_self_hosted_api_and_custom_reminders():
    settings = Settings.from_env({
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
        "BRIEFINGS_REMINDER_DAYS": "0, 14,3", "BRIEFINGS_REMINDER_TIME": "07:30",
        "BRIEFINGS_ADMIN_IDS": "11, 12", "BRIEFINGS_GRACE_HOURS": "6"})
    assert settings.api_file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.reminders.leads == (14, 3, 0)
    assert settings.reminders.local_time == dt.time(7, 30)
    assert settings.admin_ids == {11, 12}
    assert settings.reminders.grace == dt.timedelta(hours=6)


@pytest.mark.parametrize(("key", "value", "fragment"), [
    ("BRIEFINGS_TIMEZONE", "Mars/Olympus", "tijdzone"),
    ("BRIEFINGS_REMINDER_DAYS", "morgen", "BRIEFINGS_REMINDER_DAYS"),
    ("BRIEFINGS_REMINDER_TIME", "negen uur", "UU:MM"),
    ("BRIEFINGS_ADMIN_IDS", "ada", "BRIEFINGS_ADMIN_IDS"),
    ("BRIEFINGS_GRACE_HOURS", "-1", "groter dan 0"),
    ("TELEGRAM_WEBHOOK_URL", "https://x.nl/hook", "TELEGRAM_WEBHOOK_SECRET"),
])
def test_bad_values_name_their_key(key, value, fragment):
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({key: value})
    assert fragment in str(caught.value)


def test_log_filter_redacts_the_token_in_messages_and_arguments():
    import logging

    record = logging.LogRecord("x", logging.INFO, __file__, 1,
                               "POST %s failed", ("https://api/bot123:ABC/sendMessage",), None)
    RedactToken("123:ABC").filter(record)
    assert record.getMessage() == "POST https://api/bot<token>/sendMessage failed"


def test_every_setting_is_documented_in_env_example_and_readme():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    source = (root / "bot" / "settings.py").read_text(encoding="utf-8")
    keys = set(re.findall(r"\"((?:TELEGRAM|BRIEFINGS)_[A-Z_]+)\"", source))
    example = set(re.findall(r"^([A-Z_]+)=", (root / ".env.example").read_text(), re.M))
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert len(keys) >= 15
    assert keys <= example
    assert all(f"`{key}`" in readme for key in keys)
    # And the example's harmless values are accepted as they stand.
    Settings.from_env({k: v for k, v in (line.split("=", 1) for line in
                       (root / ".env.example").read_text().splitlines()
                       if line and not line.startswith("#"))})


def test_the_data_directory_is_found_from_any_working_directory(tmp_path):
    """A relative BRIEFINGS_DATA_DIR is taken from the folder of the .env that sets it."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    project = tmp_path / "project"
    (project / "sub" / "deeper").mkdir(parents=True)
    (project / ".env").write_text("BRIEFINGS_DATA_DIR=gegevens\nBRIEFINGS_SOURCES=\n",
                                  encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BRIEFINGS_"))}
    env["PYTHONPATH"] = str(root)
    for cwd in (project, project / "sub" / "deeper"):
        result = subprocess.run([sys.executable, "-m", "bot", "ask", "/nieuws 1"], cwd=cwd,
                                env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert f"data directory: {project / 'gegevens'}" in result.stderr
    assert (project / "gegevens" / "corpus.json").exists()
    assert not (project / "sub" / "deeper" / "gegevens").exists()
