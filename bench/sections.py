"""A benchmark's own section of BENCHMARKS.md, between its markers, replaced in place."""

from __future__ import annotations

from pathlib import Path


def splice(path: Path, section: list[str], begin: str, end: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    block = "\n".join(section)
    if begin in text and end in text:
        before, rest = text.split(begin, 1)
        text = before + block + rest.split(end, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")
