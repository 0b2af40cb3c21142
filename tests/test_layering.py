"""The dependency arrows: bot → store → briefings, bot → briefings; nothing imports bot; the core
never imports telegram, tinydb or the shells and never reads the clock or the environment."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "briefings": {"bot", "store", "telegram", "tinydb", "httpx", "dotenv", "os", "socket"},
    "store": {"bot", "telegram", "httpx", "dotenv"},
    "bot": set(),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def clock_reads(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    return [call for call in ("datetime.now(", "dt.datetime.now(", "date.today(", "time.time(",
                              "os.environ", "getenv(") if call in source]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_what_the_arrows_allow(package):
    offenders = {}
    for path in (ROOT / package).rglob("*.py"):
        bad = imported_modules(path) & FORBIDDEN[package]
        if bad:
            offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_core_never_reads_the_clock_or_environment():
    offenders = {str(p.relative_to(ROOT)): clock_reads(p)
                 for p in (ROOT / "briefings").rglob("*.py") if clock_reads(p)}
    assert offenders == {}


def test_the_checker_sees_a_wrong_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from store.corpus import CorpusStore\nimport telegram\n", encoding="utf-8")
    assert imported_modules(bad) & FORBIDDEN["briefings"] == {"store", "telegram"}
