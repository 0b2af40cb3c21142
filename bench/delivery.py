"""The delivery benchmarks (`make bench-delivery`): kill -9 during a broadcast, and a
subscription write after many past deliveries. `make bench` runs them too; this target
refreshes only their section of BENCHMARKS.md."""

from __future__ import annotations

import sys
from pathlib import Path

from . import crash, state_writes

BEGIN, END = "<!-- delivery benchmarks -->", "<!-- /delivery benchmarks -->"


def main() -> list[str]:
    return [BEGIN, "", *crash.main(), *state_writes.main(), END, ""]


def splice(path: Path, section: list[str]) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    block = "\n".join(section)
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        text = before + block + after
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    section = main()
    splice(Path("BENCHMARKS.md"), section)
    sys.stdout.write("\n".join(section) + "\n")
