"""Scores the extractor against the hand-made gold annotation of the seed corpus.

`make score` prints precision and recall per kind; tests/briefings/test_gold.py fails when any
of them drops below 1.0 on the seed.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefings.export import extraction_json
from briefings.extract import extract_all
from briefings.parse import parse_releases
from briefings.resources import SEED_CORPUS, data_text

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "seed_gold.json"
KINDS = ("amounts", "penalties", "milestones", "persons")


@dataclass
class Score:
    kind: str
    true_positive: int = 0
    predicted: int = 0
    expected: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.expected if self.expected else 1.0


def _norm(text: str | None) -> str:
    text = (text or "").replace("\u00a0", " ").lower()
    return re.sub(r"\s+", " ", re.sub(r"[(),]|\bvan\b", " ", text)).strip()


def _amount_key(item: dict[str, Any]) -> tuple:
    return (item["eur"], item["per_year"], item["from_year"], item["qualifier"])


def _gold_part_of(amount: dict[str, Any], amounts: list[dict[str, Any]]) -> int | None:
    """Gold refers to packages by id; A2.1 points at 'A2.3', which does not exist: the
    annotation's own note and 'what' say the package is the € 300 mln (A2.2). Resolve a
    dangling id to the only larger amount of the release."""
    if not amount["part_of"]:
        return None
    ids = [a["id"] for a in amounts]
    if amount["part_of"] in ids:
        return ids.index(amount["part_of"])
    larger = [i for i, a in enumerate(amounts) if a["eur"] > amount["eur"]]
    return larger[0] if len(larger) == 1 else -1


def score_amounts(gold: list[dict], found: list[dict], score: Score, where: str) -> None:
    score.expected += len(gold)
    score.predicted += len(found)
    for g in gold:
        match = next((f for f in found if f["eur"] == g["eur"]), None)
        if match is None:
            score.problems.append(f"{where}: missed {g['text']}")
            continue
        expected_parent = _gold_part_of(g, gold)
        parent_eur = found[match["part_of"]]["eur"] if match["part_of"] is not None else None
        gold_parent_eur = gold[expected_parent]["eur"] if expected_parent is not None else None
        if _amount_key(match) != _amount_key(g) or parent_eur != gold_parent_eur:
            score.problems.append(f"{where}: {g['text']} expected {_amount_key(g)} part_of "
                                  f"{gold_parent_eur}, got {_amount_key(match)} {parent_eur}")
            continue
        score.true_positive += 1


def score_penalties(gold: list[dict], found: list[dict], score: Score, where: str) -> None:
    score.expected += len(gold)
    score.predicted += len(found)
    remaining = list(found)
    for g in gold:
        words = set(_norm(g["offence"]).split())
        match = next((f for f in remaining if (f["from_years"], f["to_years"]) ==
                      (g["from_years"], g["to_years"]) and
                      len(words & set(_norm(f["offence"]).split())) >= min(3, len(words))), None)
        if match is None:
            score.problems.append(f"{where}: missed penalty {g['offence']}")
            continue
        remaining.remove(match)
        score.true_positive += 1


def score_milestones(gold: list[dict], found: list[dict], score: Score, where: str) -> None:
    score.expected += len(gold)
    score.predicted += len(found)
    remaining = list(found)
    for g in gold:
        match = next((f for f in remaining if f["date"] == g["date"]
                      and f["precision"] == g["precision"]
                      and _norm(f["text"]) == _norm(g["text"])), None)
        if match is None:
            score.problems.append(f"{where}: missed milestone {g['text']} {g['date']}")
            continue
        remaining.remove(match)
        score.true_positive += 1
    score.problems.extend(f"{where}: extra milestone {f['text']}" for f in remaining)


def score_persons(gold: list[dict], found: list[dict], score: Score, where: str) -> None:
    score.expected += len(gold)
    score.predicted += len(found)
    for g in gold:
        match = next((f for f in found if _norm(f["name"]) == _norm(g["name"])), None)
        if match is None:
            score.problems.append(f"{where}: missed person {g['name']}")
            continue
        mine, theirs = _norm(match["role"]), _norm(g["role"])
        if not mine or not (theirs.startswith(mine) or mine.startswith(theirs)):
            score.problems.append(f"{where}: {g['name']} role {g['role']!r}, got {match['role']!r}")
            continue
        score.true_positive += 1


SCORERS = {"amounts": score_amounts, "penalties": score_penalties,
            "milestones": score_milestones, "persons": score_persons}


def score_seed(gold_path: Path = GOLD) -> dict[str, Score]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    releases = parse_releases(data_text(SEED_CORPUS), SEED_CORPUS)
    found = [extraction_json(r, e) for r, e in zip(releases, extract_all(releases), strict=True)]
    scores = {kind: Score(kind) for kind in KINDS}
    if len(found) != len(gold["announcements"]):
        raise SystemExit(f"expected {len(gold['announcements'])} announcements, got {len(found)}")
    for announcement, mine in zip(gold["announcements"], found, strict=True):
        where = f"#{announcement['index']}"
        for kind in KINDS:
            SCORERS[kind](announcement[kind], mine[kind], scores[kind], where)
    return scores


def main() -> int:
    scores = score_seed()
    print(f"{'kind':<12}{'precision':>10}{'recall':>8}  (found/expected)")
    for s in scores.values():
        print(f"{s.kind:<12}{s.precision:>10.2f}{s.recall:>8.2f}  "
              f"({s.true_positive} right of {s.predicted} found, {s.expected} expected)")
        for problem in s.problems:
            print(f"    {problem}")
    perfect = all(s.precision == 1.0 and s.recall == 1.0 for s in scores.values())
    return 0 if perfect else 1


if __name__ == "__main__":
    sys.exit(main())
