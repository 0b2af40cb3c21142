"""The development set is well formed: every gold file follows the format in
tests/data/devset/README.md and quotes its own release exactly.

These checks are about the annotation, not the extractor: a gold string that is not in its
release can never be matched, and a typo in a date or an id silently lowers every score.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from briefings.parse import parse_releases
from briefings.topics import topic_table

RELEASES = Path(__file__).resolve().parent.parent / "data" / "devset" / "releases"
GOLD_FILES = sorted(RELEASES.glob("*.gold.json"))

AMOUNT_KINDS = {"budget", "cut", "tariff", "context"}
QUALIFIERS = {None, "ruim", "oplopend tot", "in totaal", "circa", "bijna", "maximaal"}
PENALTY_UNITS = {"years", "eur", "category"}
STAGES = {None, "voorstel", "raad_van_state", "tweede_kamer", "aangenomen", "in_werking"}
MILESTONE_KINDS = {"entry_into_force", "deadline", "planned", "past_event", "historical"}
MEASURE_KINDS = {"obligation", "right", "programme", "law", "ban", "other"}
DATE_SHAPES = {
    "day": r"\d{4}-\d{2}-\d{2}",
    "week": r"\d{4}-W\d{2}",
    "month": r"\d{4}-\d{2}",
    "quarter": r"\d{4}-Q[1-4]",
    "season": r"\d{4}-(spring|summer|autumn|winter)",
    "year": r"\d{4}",
    "period": r"\d{4}/\d{4}",
}


def _load(path: Path) -> tuple[dict, str, list[str]]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    release_path = RELEASES / gold["file"]
    text = release_path.read_text(encoding="utf-8")
    releases = parse_releases(text, gold["file"])
    assert len(releases) == 1, f"{gold['file']} must hold exactly one release"
    release = releases[0]
    blocks = [release.title, *(s.heading for s in release.sections if s.heading),
              *release.paragraphs]
    return gold, release_path.name, blocks


def _strings(gold: dict) -> list[str]:
    found = [a[key] for a in gold["amounts"] for key in ("text", "span") if key in a]
    found += [m["text"] for m in gold["milestones"]]
    found += [m["sentence_contains"] for m in gold["measures"]]
    return found + list(gold["negatives"])


def test_there_is_a_development_set():
    assert GOLD_FILES, f"no gold files under {RELEASES}"
    names = {p.name for p in RELEASES.iterdir()}
    for release in RELEASES.glob("*.txt"):
        assert release.name.removesuffix(".txt") + ".gold.json" in names, release.name


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_quotes_its_release_exactly(path):
    gold, name, blocks = _load(path)
    assert gold["file"] == name == path.name.replace(".gold.json", ".txt")
    for string in _strings(gold):
        assert any(string in block for block in blocks), f"{name}: not in one paragraph: {string!r}"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_matches_the_release_metadata(path):
    gold, name, _ = _load(path)
    release = parse_releases((RELEASES / name).read_text(encoding="utf-8"), name)[0]
    assert release.published == dt.date.fromisoformat(gold["published"])
    assert release.url and release.url.startswith("https://www.rijksoverheid.nl/")


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_fields_follow_the_format(path):
    gold, name, _ = _load(path)
    topics = set(topic_table().commands)
    assert set(gold) >= {"file", "published", "amounts", "penalties", "milestones", "persons",
                         "measures", "negatives"}
    ids = {a["id"] for a in gold["amounts"]}
    assert len(ids) == len(gold["amounts"]), f"{name}: duplicate amount ids"
    for a in gold["amounts"]:
        assert isinstance(a["eur"], (int, float)) and a["eur"] > 0, a
        assert a["kind"] in AMOUNT_KINDS and a["qualifier"] in QUALIFIERS, a
        assert isinstance(a["per_year"], bool) and isinstance(a["one_off"], bool), a
        assert a["part_of"] is None or (a["part_of"] in ids and a["part_of"] != a["id"]), a
        assert set(a["topics"]) <= topics, a
    for p in gold["penalties"]:
        assert p["unit"] in PENALTY_UNITS and p["stage"] in STAGES, p
        assert set(p["topics"]) <= topics, p
        if p["unit"] == "years":
            assert p["to_years"] > 0 and (p["from_years"] is None or p["from_years"] > 0), p
        elif p["unit"] == "eur":
            assert p["to_eur"] > 0, p
        else:
            assert len(p["fine_category"]) == 2 and p["fine_category"][1] in range(1, 7), p
    for m in gold["milestones"]:
        assert m["kind"] in MILESTONE_KINDS and m["tense"] in {"future", "past"}, m
        assert re.fullmatch(DATE_SHAPES[m["precision"]], m["date"]), m
        assert set(m["topics"]) <= topics, m
    for m in gold["measures"]:
        assert m["kind"] in MEASURE_KINDS and set(m["topics"]) <= topics, m
    for person in gold["persons"]:
        assert person["name"].strip() and set(person) >= {"name", "role"}, person


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_milestone_tense_agrees_with_the_publication_date(path):
    gold, _, _ = _load(path)
    published = dt.date.fromisoformat(gold["published"])
    for m in gold["milestones"]:
        if m["precision"] == "day":
            day = dt.date.fromisoformat(m["date"])
            assert (m["tense"] == "future") == (day > published), m
        elif m["precision"] in {"year", "period"}:
            year = int(m["date"][:4])
            if year != published.year:
                assert (m["tense"] == "future") == (year > published.year), m
