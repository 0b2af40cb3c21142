"""Synthetic corpora for benchmarks and scale tests: the seed releases, varied so that every
generated release has its own title, date and amounts."""

from __future__ import annotations

import datetime as dt

from briefings.parse import parse_releases
from briefings.resources import SEED_CORPUS, data_text


def seed_blocks() -> list[str]:
    return [b.strip() for b in data_text(SEED_CORPUS).split("\n\n\n") if b.strip()]


def synthetic_text(count: int, start: dt.date = dt.date(2020, 1, 1)) -> str:
    """`count` releases in the seed's collection format, each with a `Datum:` line."""
    blocks = seed_blocks()
    out = []
    for i in range(count):
        title, _, body = blocks[i % len(blocks)].partition("\n")
        day = start + dt.timedelta(days=i % 2500)
        extra = (f"Het kabinet trekt daarnaast jaarlijks € {i % 97 + 1},{i % 10} miljoen uit "
                 f"voor project {i}. Op {day.day} {_MONTHS[day.month - 1]} {day.year + 3} "
                 f"start project {i}.")
        out.append(f"{title} (nr. {i})\n\nDatum: {day.isoformat()}\n{body}\n\n{extra}")
    return "\n\n\n".join(out)


def synthetic_releases(count: int):
    return parse_releases(synthetic_text(count), "synthetisch.txt")


_MONTHS = ("januari februari maart april mei juni juli augustus september oktober november "
           "december").split()
