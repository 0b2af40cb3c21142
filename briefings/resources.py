"""The core's own packaged data files (topic table, vocabularies, the seed corpus)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


def data_text(name: str) -> str:
    return resources.files("briefings").joinpath("data", name).read_text(encoding="utf-8")


@cache
def data_toml(name: str) -> dict[str, Any]:
    return tomllib.loads(data_text(name))


SEED_CORPUS = "justitie-persberichten.txt"
