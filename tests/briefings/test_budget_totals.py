"""/budget totals: each budget once, parts of packages elsewhere counted, per-year sums per start
year, rounded amounts that say so. Expectations come from the fixtures' own extraction."""

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from briefings import answers
from briefings.answers import budget
from briefings.extract import extract
from briefings.formatting import amount as amount_text
from briefings.formatting import euro, euro_rounded
from briefings.library import Library
from briefings.model import Announcement
from briefings.parse import parse_releases
from briefings.render import render
from briefings.views import BudgetAnswer, UsageAnswer

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"


def announcement(name, **changes):
    [release] = parse_releases((FIXTURES / name).read_text(encoding="utf-8"), name)
    release = dataclasses.replace(release, **changes)
    return Announcement(name.removesuffix(".txt"), release, extract(release), name)


def lines_of(answer):
    return [line for group in answer.groups for line in group.lines]


def rounded_sum(values):
    text, word = euro_rounded(sum(values, Decimal(0)))
    return f"{word} {text}" if word else text


def test_a_part_whose_package_is_another_topic_is_listed_and_counted():
    a = announcement("onderdeel-ander-onderwerp.txt")
    package = next(x for x in a.extraction.amounts if x.part_of is None and x.per_year)
    part = next(x for x in a.extraction.amounts if x.part_of == package.index)
    other = next(x for x in a.extraction.amounts if x.part_of is None and not x.per_year)
    topic = part.topics[0]
    assert topic not in package.topics and topic in other.topics  # the case under test

    answer = budget(Library([a]), topic)
    assert isinstance(answer, BudgetAnswer)
    listed = lines_of(answer)
    assert [line.amount for line in listed] == [amount_text(part), amount_text(other)]
    assert listed[0].part_of == amount_text(package, with_kind=False)
    assert answer.total is not None and answer.total.packages == 2
    assert [y.amount for y in answer.total.per_start] == [rounded_sum([part.eur])]
    assert answer.total.one_off == rounded_sum([other.eur])
    assert "onderdeel van" in render(answer)


def test_a_part_under_its_package_is_not_counted_again():
    a = announcement("onderdeel-ander-onderwerp.txt")
    package = next(x for x in a.extraction.amounts if x.part_of is None and x.per_year)
    part = next(x for x in a.extraction.amounts if x.part_of == package.index)
    answer = budget(Library([a]))
    assert isinstance(answer, BudgetAnswer) and answer.total is not None
    yearly = [y.amount for y in answer.total.per_start]
    assert yearly == [rounded_sum([package.eur])]
    assert all(line.amount != amount_text(part) for line in lines_of(answer))


def test_the_same_budget_in_two_releases_counts_once_and_both_are_listed():
    spring = announcement("herhaald-budget-voorjaar.txt")
    autumn = announcement("herhaald-budget-najaar.txt")
    [first] = spring.extraction.amounts
    same = next(x for x in autumn.extraction.amounts if x.eur == first.eur)
    rising = next(x for x in autumn.extraction.amounts if x is not same)
    assert (same.from_year, same.per_year) == (first.from_year, first.per_year) is not None
    assert rising.qualifier == "oplopend tot" and rising.from_year > first.from_year

    answer = budget(Library([spring, autumn]), first.topics[0])
    assert isinstance(answer, BudgetAnswer) and answer.total is not None
    listed = lines_of(answer)
    restated = [line for line in listed if line.same_as]
    assert len(listed) == 3 and len(restated) == 1
    # Newest first: the autumn release is counted, the spring one says where it was counted.
    assert restated[0].source.id == spring.id and restated[0].same_as.id == autumn.id
    total = answer.total
    assert total.packages == 2 and total.restated == (amount_text(first),)
    # Per start year, never one sum of amounts that start in different years.
    assert [(y.start, y.amount, y.rising) for y in total.per_start] == [
        (str(first.from_year), rounded_sum([first.eur]), False),
        (str(rising.from_year), rounded_sum([rising.eur]), True)]
    assert total.running == (str(rising.from_year), rounded_sum([first.eur, rising.eur]))
    html = render(answer)
    assert "één keer geteld" in html and f"in {rising.from_year} en later" in html


def test_equal_values_without_a_start_year_stay_apart():
    spring = announcement("herhaald-budget-voorjaar.txt")
    autumn = announcement("herhaald-budget-najaar.txt")

    def without_year(a):
        amounts = tuple(dataclasses.replace(x, from_year=None) for x in a.extraction.amounts)
        return dataclasses.replace(a, extraction=dataclasses.replace(a.extraction,
                                                                     amounts=amounts))
    answer = budget(Library([without_year(spring), without_year(autumn)]))
    assert isinstance(answer, BudgetAnswer) and answer.total is not None
    assert answer.total.restated == () and answer.total.running is None
    every = [x.eur for a in (spring, autumn) for x in a.extraction.amounts]
    assert [y.amount for y in answer.total.per_start] == [rounded_sum(every)]
    assert answer.total.per_start[0].start is None


def test_several_topics_get_a_usage_note_naming_them():
    library = Library([announcement("onderdeel-ander-onderwerp.txt")])
    answer = budget(library, "jeugd drugs")
    assert isinstance(answer, UsageAnswer)
    assert "jeugd" in answer.message and "drugs" in answer.message
    assert answer.usage and answer.topics


def test_newest_releases_are_listed_first_and_undated_ones_last(monkeypatch):
    monkeypatch.setattr(answers, "MAX_BUDGET_LINES", 2)
    spring = announcement("herhaald-budget-voorjaar.txt")
    autumn = announcement("herhaald-budget-najaar.txt")
    undated = announcement("onderdeel-ander-onderwerp.txt", published=None)
    answer = budget(Library([undated, spring, autumn]))
    assert isinstance(answer, BudgetAnswer)
    assert {line.source.id for line in lines_of(answer)} == {autumn.id}
    older = [x for a in (spring, undated) for x in a.extraction.amounts if x.part_of is None]
    assert answer.hidden == len(older)


@pytest.mark.parametrize(("value", "exact", "shown", "word"), [
    ("21400000", "€ 21,4 mln", "€ 21,4 mln", None),
    ("8750000", "€ 8,75 mln", "€ 8,75 mln", None),
    ("1234567", "€ 1.234.567", "€ 1,23 mln", "ruim"),
    ("1169750000", "€ 1.169.750.000", "€ 1,17 mld", "circa"),
    ("681840000", "€ 681,84 mln", "€ 681,8 mln", "ruim"),
    ("2500000.50", "€ 2.500.000,50", "€ 2,5 mln", "ruim"),
    ("450000", "€ 450.000", "€ 450.000", None),
    ("73.23", "€ 73,23", "€ 73,23", None),
])
def test_exact_and_rounded_euros(value, exact, shown, word):
    assert euro(Decimal(value)) == exact
    assert euro_rounded(Decimal(value)) == (shown, word)


def test_lists_round_honestly_and_bericht_is_exact():
    a = announcement("herhaald-budget-voorjaar.txt")
    [first] = a.extraction.amounts
    odd = dataclasses.replace(first, eur=first.eur + Decimal("0.50"), qualifier="ruim")
    assert amount_text(odd).startswith("ruim € ")  # not 'ruim ruim'
    assert euro(odd.eur) in amount_text(odd, exact=True)
    assert "," in euro(odd.eur).rsplit(" ", 1)[-1]  # the cents are there
