"""The delivery benchmarks (`make bench-delivery`): kill -9 during a broadcast, and a
subscription write after many past deliveries. `make bench` runs them too; this target
refreshes only their section of BENCHMARKS.md."""

from __future__ import annotations

import sys
from pathlib import Path

from . import crash, state_writes
from .sections import splice

BEGIN, END = "<!-- delivery benchmarks -->", "<!-- /delivery benchmarks -->"


def main() -> list[str]:
    return [BEGIN, "", *crash.main(), *state_writes.main(), END, ""]


if __name__ == "__main__":
    section = main()
    splice(Path("BENCHMARKS.md"), section, BEGIN, END)
    sys.stdout.write("\n".join(section) + "\n")
