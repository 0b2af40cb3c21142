"""The precision table: every Precision has a rule, each rule is consistent with itself, and the
rest of the core asks the table instead of comparing precisions as strings."""

import ast
import datetime as dt
from pathlib import Path

import pytest

from briefings import formatting
from briefings.model import DateSpec, Milestone, Precision
from briefings.precisions import RULES, Edge, anchors, rule
from briefings.reminders import anchors as reminder_anchors

ROOT = Path(__file__).resolve().parents[2]

# One date of each precision and what the table says of it (made-up dates: this is about the
# calendar and the wording, not about the corpus).
EXAMPLES = [
    # spec, iso, first day, last day, Dutch, edges
    (DateSpec(Precision.DAY, 2029, 4, 1), "2029-04-01", dt.date(2029, 4, 1),
     dt.date(2029, 4, 1), "1 april 2029", [(Edge.DATE, dt.date(2029, 4, 1))]),
    (DateSpec(Precision.WEEK, 2025, 3, 3), "2025-W10", dt.date(2025, 3, 3),
     dt.date(2025, 3, 9), "week van 3 maart 2025", [(Edge.START, dt.date(2025, 3, 3))]),
    (DateSpec(Precision.MONTH, 2028, 2), "2028-02", dt.date(2028, 2, 1),
     dt.date(2028, 2, 29), "februari 2028", [(Edge.START, dt.date(2028, 2, 1))]),
    (DateSpec(Precision.QUARTER, 2027, quarter=4), "2027-Q4", dt.date(2027, 10, 1),
     dt.date(2027, 12, 31), "4e kwartaal 2027", [(Edge.START, dt.date(2027, 10, 1))]),
    (DateSpec(Precision.SEASON, 2027, season="winter"), "2027-winter", dt.date(2027, 12, 1),
     dt.date(2028, 2, 29), "winter 2027", [(Edge.START, dt.date(2027, 12, 1))]),
    (DateSpec(Precision.SEASON, 2025, season="spring"), "2025-spring", dt.date(2025, 3, 1),
     dt.date(2025, 5, 31), "voorjaar 2025", [(Edge.START, dt.date(2025, 3, 1))]),
    (DateSpec(Precision.YEAR, 2026), "2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31),
     "2026", [(Edge.START, dt.date(2026, 1, 1))]),
    (DateSpec(Precision.YEAR, 2025, part="eind"), "2025", dt.date(2025, 10, 1),
     dt.date(2025, 12, 31), "eind 2025", [(Edge.START, dt.date(2025, 10, 1))]),
    (DateSpec(Precision.YEAR, 2026, part="medio"), "2026", dt.date(2026, 6, 1),
     dt.date(2026, 8, 31), "medio 2026", [(Edge.START, dt.date(2026, 6, 1))]),
    (DateSpec(Precision.PERIOD, 2025, end_year=2027), "2025/2027", dt.date(2025, 1, 1),
     dt.date(2027, 12, 31), "2025–2027",
     [(Edge.START, dt.date(2025, 1, 1)), (Edge.END, dt.date(2027, 12, 31))]),
]


def test_every_precision_has_exactly_one_rule():
    # A Precision added to the enum without a row in precisions.RULES fails here.
    assert set(RULES) == set(Precision)


def test_the_examples_cover_every_precision():
    assert {spec.precision for spec, *_ in EXAMPLES} == set(Precision)


@pytest.mark.parametrize(("spec", "iso", "first", "last", "dutch", "edges"), EXAMPLES,
                         ids=[e[1] + (e[0].part or "") for e in EXAMPLES])
def test_each_rule_gives_the_days_the_texts_and_the_reminder_days(spec, iso, first, last,
                                                                   dutch, edges):
    assert (spec.iso, spec.start, spec.end) == (iso, first, last)
    assert formatting.date_spec(spec) == dutch
    assert anchors(spec) == edges
    assert reminder_anchors(Milestone("…", spec, "…")) == edges


@pytest.mark.parametrize("spec", [spec for spec, *_ in EXAMPLES], ids=lambda s: s.iso)
def test_a_date_is_exact_when_it_is_one_day_and_every_edge_lies_within_it(spec):
    assert spec.start <= spec.end
    assert rule(spec).exact == (spec.start == spec.end)
    assert rule(spec).edges, "a forward-looking milestone of any precision gets reminders"
    assert all(spec.start <= edge.of(spec) <= spec.end for edge in rule(spec).edges)
    assert (Edge.DATE in rule(spec).edges) == rule(spec).exact


@pytest.mark.parametrize("spec", [spec for spec, *_ in EXAMPLES], ids=lambda s: s.iso)
def test_a_countdown_is_exact_only_for_a_date_known_to_the_day(spec):
    before, inside, after = (spec.start - dt.timedelta(days=3), spec.start,
                             spec.end + dt.timedelta(days=3))
    if rule(spec).exact:
        assert [formatting.countdown(spec, d) for d in (before, inside, after)] == [
            "over 3 dagen", "vandaag", "3 dagen geleden"]
    else:
        assert [formatting.countdown(spec, d) for d in (before, inside, after)] == [
            "begint over 3 dagen", "loopt nu", "voorbij"]


def _string_comparisons_of_precision(path: Path) -> list[int]:
    """Lines where `….precision` is compared with a string literal (== 'day', in ('day', …))."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        names_precision = any(isinstance(s, ast.Attribute) and s.attr == "precision"
                              for s in sides)
        literals = [c for s in sides for c in ast.walk(s)
                    if isinstance(c, ast.Constant) and isinstance(c.value, str)]
        if names_precision and literals:
            lines.append(node.lineno)
    return lines


def test_precisions_are_compared_as_the_enum_never_as_strings():
    offenders = {str(p.relative_to(ROOT)): lines
                 for package in ("briefings", "store", "bot")
                 for p in sorted((ROOT / package).glob("*.py"))
                 if (lines := _string_comparisons_of_precision(p))}
    assert offenders == {}


def test_the_string_check_sees_a_string_comparison(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("if spec.precision == 'day' or spec.precision in ('week', 'month'):\n"
                   "    pass\nif spec.precision is Precision.DAY:\n    pass\n", encoding="utf-8")
    assert _string_comparisons_of_precision(bad) == [1, 1]
