"""docs/architecture.md names every module with one line, so a newcomer can walk the house."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_every_module_is_in_the_architecture_doc():
    missing = [str(path.relative_to(ROOT))
               for package in ("briefings", "store", "bot")
               for path in sorted((ROOT / package).glob("*.py"))
               if path.name != "__init__.py" and f"`{path.name}`" not in DOC]
    assert not missing, f"add one line for each to docs/architecture.md: {missing}"
