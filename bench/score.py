"""Scores the extractor against hand-made gold: the seed corpus and the development set.

`make score` prints precision, recall and F1 per kind for both; tests/briefings/test_gold.py
fails when the seed drops below 1.0 or the development set below its floors.

Seed gold conventions (tests/data/seed_gold.json): its milestones include the start year of a
recurring amount (kind `amount_start`) and a reporting period (kind `period`). Issue 10 says
neither is a milestone, so they are not expected here.
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

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "seed_gold.json"
DEVSET = ROOT / "tests" / "data" / "devset" / "releases"
KINDS = ("amounts", "penalties", "milestones", "persons")
DEV_KINDS = (*KINDS, "measures", "topics")
NOT_MILESTONES = {"amount_start", "period"}


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

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _norm(text: str | None) -> str:
    text = (text or "").replace("\u00a0", " ").lower()
    return re.sub(r"\s+", " ", re.sub(r"[(),.;:“”\"‘’']|\bvan\b", " ", text)).strip()


def _words(text: str | None) -> set[str]:
    return {w for w in _norm(text).split() if len(w) > 3}


# ---------------------------------------------------------------- seed


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
        expected = dict(announcement)
        expected["milestones"] = [m for m in announcement["milestones"]
                                  if m.get("kind") not in NOT_MILESTONES]
        for kind in KINDS:
            SCORERS[kind](expected[kind], mine[kind], scores[kind], where)
    return scores


# ---------------------------------------------------------------- development set


@dataclass
class Pairs:
    """Matched (gold, found) pairs per kind, for the per-measure topic score."""

    items: list[tuple[dict, dict]] = field(default_factory=list)


def _money_equal(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) < 0.005


def _dev_amounts(gold: list[dict], found: list[dict], score: Score, where: str,
                 pairs: Pairs) -> None:
    score.expected += len(gold)
    score.predicted += len(found)
    by_id = {g.get("id"): g for g in gold}
    remaining = list(found)
    for g in gold:
        candidates = [f for f in remaining if _money_equal(f["eur"], g["eur"])]
        gold_parent = by_id.get(g.get("part_of")) if g.get("part_of") else None
        match = next((f for f in candidates if _amount_ok(f, g, found, gold_parent)), None)
        if match is None:
            detail = candidates[0] if candidates else None
            score.problems.append(f"{where}: amount {g['text']!r} {g['kind']} "
                                  f"per_year={g['per_year']} part_of="
                                  f"{gold_parent['eur'] if gold_parent else None}; got "
                                  + (_amount_summary(detail, found) if detail else "nothing"))
            continue
        remaining.remove(match)
        pairs.items.append((g, match))
        score.true_positive += 1
    score.problems.extend(f"{where}: extra amount {f['text']!r} {f['kind']}" for f in remaining)


def _parent(found_amount: dict, found: list[dict]) -> dict | None:
    index = found_amount.get("part_of")
    return found[index] if index is not None and 0 <= index < len(found) else None


def _amount_ok(f: dict, g: dict, found: list[dict], gold_parent: dict | None) -> bool:
    parent = _parent(f, found)
    same_parent = (parent is None and gold_parent is None) or (
        parent is not None and gold_parent is not None
        and _money_equal(parent["eur"], gold_parent["eur"]))
    return f.get("kind", "budget") == g["kind"] and bool(f["per_year"]) == bool(g["per_year"]) \
        and same_parent


def _amount_summary(f: dict, found: list[dict]) -> str:
    parent = _parent(f, found)
    return (f"{f['kind']} per_year={f['per_year']} part_of="
            f"{parent['eur'] if parent else None}")


def _penalty_values(item: dict) -> tuple:
    unit = item.get("unit", "years")
    if unit == "eur":
        return (unit, item.get("from_eur"), item.get("to_eur"))
    if unit == "category":
        return (unit, tuple(item.get("fine_category") or ()))
    return (unit, item.get("from_years"), item.get("to_years"))


def _values_equal(a: tuple, b: tuple) -> bool:
    if len(a) != len(b) or a[0] != b[0]:
        return False
    for x, y in zip(a[1:], b[1:], strict=True):
        if isinstance(x, tuple) or isinstance(y, tuple):
            if tuple(x or ()) != tuple(y or ()):
                return False
        elif x is None or y is None:
            if x is not y:
                return False
        elif abs(float(x) - float(y)) > 0.005:
            return False
    return True


def _dev_penalties(gold: list[dict], found: list[dict], score: Score, where: str,
                   pairs: Pairs) -> None:
    score.expected += len(gold)
    score.predicted += len(found)
    remaining = list(found)
    for g in gold:
        candidates = [f for f in remaining
                      if _values_equal(_penalty_values(f), _penalty_values(g))]
        match = max(candidates, key=lambda f: len(_words(f["offence"]) & _words(g["offence"])),
                    default=None)
        if match is None:
            score.problems.append(f"{where}: penalty {g['offence']!r} {_penalty_values(g)}")
            continue
        remaining.remove(match)
        pairs.items.append((g, match))
        score.true_positive += 1
        for attribute in ("law", "stage"):
            if (match.get(attribute) or None) != (g.get(attribute) or None):
                score.problems.append(f"{where}: (attribute) penalty {attribute} "
                                      f"{g.get(attribute)!r}, got {match.get(attribute)!r}")
    score.problems.extend(f"{where}: extra penalty {f['offence']!r} {_penalty_values(f)}"
                          for f in remaining)


def _dev_milestones(gold: list[dict], found: list[dict], score: Score, where: str,
                    pairs: Pairs) -> None:
    score.expected += len(gold)
    score.predicted += len(found)
    remaining = list(found)
    for g in gold:
        candidates = [f for f in remaining if f["date"] == g["date"]]
        match = next((f for f in candidates if _norm(f["text"]) == _norm(g["text"])),
                     candidates[0] if candidates else None)
        if match is None:
            score.problems.append(f"{where}: milestone {g['text']!r} {g['date']}")
            continue
        remaining.remove(match)
        pairs.items.append((g, match))
        score.true_positive += 1
        for attribute in ("kind", "tense"):
            if match.get(attribute) != g.get(attribute):
                score.problems.append(f"{where}: (attribute) milestone {g['text']!r} "
                                      f"{attribute} {g.get(attribute)!r}, got "
                                      f"{match.get(attribute)!r}")
    score.problems.extend(f"{where}: extra milestone {f['text']!r} {f['date']}"
                          for f in remaining)


def _dev_persons(gold: list[dict], found: list[dict], score: Score, where: str,
                 pairs: Pairs) -> None:
    score.expected += len(gold)
    score.predicted += len(found)
    remaining = list(found)
    for g in gold:
        match = next((f for f in remaining if _norm(f["name"]) == _norm(g["name"])), None)
        if match is None:
            score.problems.append(f"{where}: person {g['name']!r}")
            continue
        remaining.remove(match)
        score.true_positive += 1
    score.problems.extend(f"{where}: extra person {f['name']!r}" for f in remaining)


def _dev_measures(gold: list[dict], found: list[dict], score: Score, where: str,
                  pairs: Pairs) -> None:
    score.expected += len(gold)
    score.predicted += len(found)
    remaining = list(found)
    for g in gold:
        needle = _norm(g["sentence_contains"])
        match = next((f for f in remaining if needle in _norm(f["sentence"])
                      and f["kind"] == g["kind"]), None)
        match = match or next((f for f in remaining if needle in _norm(f["sentence"])), None)
        if match is None:
            score.problems.append(f"{where}: measure {g['kind']} {g['sentence_contains']!r}")
            continue
        remaining.remove(match)
        pairs.items.append((g, match))
        if match["kind"] != g["kind"]:
            score.problems.append(f"{where}: measure kind {g['kind']}, got {match['kind']} "
                                  f"{g['sentence_contains']!r}")
            continue
        score.true_positive += 1
    score.problems.extend(f"{where}: extra measure {f['kind']} {f['sentence'][:70]!r}"
                          for f in remaining)


DEV_SCORERS = {"amounts": _dev_amounts, "penalties": _dev_penalties,
               "milestones": _dev_milestones, "persons": _dev_persons,
               "measures": _dev_measures}


def _score_topics(pairs: Pairs, score: Score, where: str) -> None:
    """Per matched measure: are its topics the gold topics? (precision over topics given)"""
    for g, f in pairs.items:
        if "topics" not in g:
            continue
        mine, theirs = set(f.get("topics") or ()), set(g["topics"] or ())
        score.predicted += len(mine)
        score.expected += len(theirs)
        score.true_positive += len(mine & theirs)
        if mine - theirs or theirs - mine:
            label = g.get("text") or g.get("offence") or g.get("sentence_contains")
            score.problems.append(f"{where}: topics {sorted(theirs)}, got {sorted(mine)} for "
                                  f"{label!r}")


def devset_files(folder: Path = DEVSET) -> list[tuple[Path, Path]]:
    if not folder.is_dir():
        return []
    return [(gold.with_name(gold.name.replace(".gold.json", ".txt")), gold)
            for gold in sorted(folder.glob("*.gold.json"))
            if gold.with_name(gold.name.replace(".gold.json", ".txt")).exists()]


def score_devset(folder: Path = DEVSET) -> dict[str, Score]:
    scores = {kind: Score(kind) for kind in DEV_KINDS}
    files = devset_files(folder)
    releases = [parse_releases(text.read_text(encoding="utf-8"), text.name)[0]
                for text, _ in files]
    extractions = extract_all(releases) if releases else []
    for (text, gold_path), release, extraction in zip(files, releases, extractions,
                                                      strict=True):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        mine = extraction_json(release, extraction)
        where = text.stem
        pairs = Pairs()
        for kind, scorer in DEV_SCORERS.items():
            scorer(gold.get(kind, []), mine[kind], scores[kind], where, pairs)
        _score_topics(pairs, scores["topics"], where)
    return scores


def _print(title: str, scores: dict[str, Score], verbose: bool) -> None:
    print(title)
    print(f"{'kind':<12}{'precision':>10}{'recall':>8}{'F1':>6}  (right / found / expected)")
    for s in scores.values():
        print(f"{s.kind:<12}{s.precision:>10.2f}{s.recall:>8.2f}{s.f1:>6.2f}  "
              f"({s.true_positive} / {s.predicted} / {s.expected})")
        if verbose:
            for problem in s.problems:
                print(f"    {problem}")


def main(argv: list[str] | None = None) -> int:
    verbose = "-v" in (argv if argv is not None else sys.argv[1:])
    seed = score_seed()
    _print("Seed (10 releases)", seed, True)
    dev = score_devset()
    print()
    _print(f"Development set ({len(devset_files())} releases)", dev, verbose)
    perfect = all(s.precision == 1.0 and s.recall == 1.0 for s in seed.values())
    return 0 if perfect else 1


if __name__ == "__main__":
    sys.exit(main())
