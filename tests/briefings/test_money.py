from decimal import Decimal
from pathlib import Path

import pytest

from briefings.answers import budget
from briefings.extract import extract
from briefings.formatting import euro
from briefings.library import Library
from briefings.model import AmountKind, Announcement
from briefings.money import euros, find_amounts
from briefings.parse import parse_releases
from briefings.passages import Passage

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"


def fixture(name):
    [release] = parse_releases((FIXTURES / name).read_text(encoding="utf-8"), name)
    return release, extract(release)


def amounts_in(*sentences, headings=None):
    headings = headings or [None] * len(sentences)
    passages = [Passage(s, i, i + 1, h) for i, (s, h) in enumerate(zip(sentences, headings,
                                                                             strict=True))]
    return find_amounts(passages)


def one(sentence):
    [amount] = amounts_in(sentence)
    return amount


@pytest.mark.parametrize(("text", "eur"), [
    ("Het kabinet trekt € 1,2 miljard uit voor de rechtspraak.", 1_200_000_000),
    ("Er gaat € 500.000 naar slachtofferhulp.", 500_000),
    ("Voor de pilot is € 2 mln beschikbaar.", 2_000_000),
    ("Het fonds krijgt 35 miljoen euro.", 35_000_000),
    ("Er komt EUR 750 duizend bij.", 750_000),
    ("De gemeente krijgt 12.500 euro.", 12_500),
    ("Dat kost €3,75 miljoen.", 3_750_000),
    ("Het gaat om € 1.250.000 per jaar.", 1_250_000),
])
def test_amount_values(text, eur):
    assert one(text).eur == eur


@pytest.mark.parametrize(("text", "eur"), [
    ("Een aanvraag kost € 73,23 per zaak.", Decimal("73.23")),
    ("De eigen bijdrage is € 5,- per maand.", Decimal(5)),
    ("Het kabinet trekt er 270 miljoen voor uit.", Decimal(270_000_000)),
    ("Er komt 38 miljoen extra voor de wijkagent.", Decimal(38_000_000)),
    ("Voor de rechtspraak is €155 miljoen beschikbaar.", Decimal(155_000_000)),
    ("Het fonds krijgt 1,5 mld.", Decimal(1_500_000_000)),
])
def test_every_written_form_keeps_its_cents(text, eur):
    assert one(text).eur == eur


@pytest.mark.parametrize("text", [
    "Er zijn vorig jaar 1,2 miljoen meldingen gedaan.",
    "Nederland telt 18 miljoen inwoners.",
    "De geldboete gaat van € 25.000 naar € 100.000.",
])
def test_counts_and_fines_are_no_amounts(text):
    assert amounts_in(text) == []


def test_cents_are_shown():
    assert euro(Decimal("73.23")) == "€ 73,23"
    assert euro(Decimal("450000")) == "€ 450.000"
    assert euro(Decimal("21400000")) == "€ 21,4 mln"


def test_equal_values_for_different_purposes_are_two_measures():
    release, extraction = fixture("gelijke-bedragen.txt")
    forty = [a for a in extraction.amounts if a.eur == extraction.amounts[0].eur]
    assert len(forty) == 2 and forty[0].purpose != forty[1].purpose


def test_cut_and_tariff_keep_their_kind():
    _, extraction = fixture("gelijke-bedragen.txt")
    assert AmountKind.CUT in {a.kind for a in extraction.amounts}
    _, extraction = fixture("pakket-onderdelen.txt")
    cents = next(a for a in extraction.amounts if a.eur != a.eur.to_integral_value())
    assert cents.kind is AmountKind.TARIFF


def test_breakdown_addition_and_context_envelope():
    """'Van het bedrag gaat … naar …', 'Daarnaast …' are parts; 'Daar komt … bij' is an
    addition; 'onderdeel van de € … die het kabinet …' is context, never summed."""
    release, extraction = fixture("pakket-onderdelen.txt")
    amounts = extraction.amounts
    package = amounts[0]
    parts = [a for a in amounts if a.part_of == package.index]
    envelope = next(a for a in amounts if a.kind is AmountKind.CONTEXT)
    addition = next(a for a in amounts if a.one_off)
    assert len(parts) == 2 and sum(p.eur for p in parts) < package.eur
    assert addition.part_of is None and addition.kind is AmountKind.BUDGET
    assert package.part_of == envelope.index

    library = Library([Announcement("pakket", release, extraction, "h")])
    answer = budget(library)
    assert answer.total is None or answer.total.packages == 2
    lines = [line for group in answer.groups for line in group.lines]
    assert euro(package.eur) in lines[0].amount
    assert [p.amount for p in lines[0].parts] == [euro(p.eur) + " per jaar" for p in parts]
    assert "context" in (lines[0].part_of or "")


def test_budget_total_counts_packages_and_additions_once(tmp_path):
    release, extraction = fixture("pakket-onderdelen.txt")
    other = release.__class__(title="Ander bericht", sections=release.sections[:1],
                              source="x", published=release.published)
    library = Library([Announcement("pakket", release, extraction, "h")])
    answer = budget(library)
    package = extraction.amounts[0]
    addition = next(a for a in extraction.amounts if a.one_off)
    assert answer.total is not None
    assert [y.amount for y in answer.total.per_start] == [euro(package.eur)]
    assert answer.total.one_off == euro(addition.eur)
    assert other.title


def test_strict_dutch_numbers_refuse_english_decimals():
    assert euros("21,4", "miljoen") == 21_400_000
    assert euros("21.4", "miljoen") is None  # would be 214 mln without strict parsing


def test_per_year_start_year_and_qualifier():
    amount = one("Het kabinet investeert vanaf 2025 jaarlijks ruim € 280 miljoen extra in de "
                 "politie.")
    assert (amount.per_year, amount.from_year, amount.qualifier, amount.extra) == (
        True, 2025, "ruim", True)


def test_structural_budget_rising_to():
    amount = one("In totaal is structureel een budget beschikbaar dat oploopt tot € 21,4 miljoen "
                 "per jaar vanaf 2027.")
    assert (amount.per_year, amount.from_year, amount.qualifier) == (True, 2027, "oplopend tot")


def test_two_amounts_in_one_sentence_keep_their_own_cues():
    first, second = amounts_in("Er komt structureel € 10 miljoen per jaar bij en daarnaast "
                               "eenmalig € 5 miljoen voor de opstart.")
    assert (first.eur, first.per_year) == (10_000_000, True)
    assert (second.eur, second.per_year) == (5_000_000, False)


def test_amount_after_its_noun_and_circa():
    amount = one("Voor de opvang is circa 40 miljoen euro gereserveerd.")
    assert (amount.eur, amount.qualifier) == (40_000_000, "circa")


def test_repeated_amount_is_one_measure_with_merged_qualifier():
    [amount] = amounts_in("Het kabinet stelt 176 miljoen euro beschikbaar.",
                          "Voor de transformatie is in totaal 176 miljoen euro beschikbaar.")
    assert amount.text == "176 miljoen euro"
    assert amount.qualifier == "in totaal"


def test_explicit_part_of_a_package():
    small, large = amounts_in(
        "Er komt jaarlijks € 16 miljoen extra beschikbaar.",
        "Deze investering is onderdeel van de € 300 miljoen die het kabinet jaarlijks investeert.")
    assert small.part_of == large.index and large.part_of is None


def test_sub_budgets_in_sections_belong_to_the_lead_package():
    package, cyber, crime = amounts_in(
        "Het kabinet investeert jaarlijks ruim € 280 miljoen extra in veiligheid.",
        "Het kabinet investeert in totaal € 52,6 miljoen in de bestrijding van cybercrime.",
        "Er wordt € 62,8 miljoen geïnvesteerd in de aanpak van ondermijning.",
        headings=[None, "Cybercrime", "Ondermijning"])
    assert (cyber.part_of, crime.part_of, package.part_of) == (0, 0, None)


def test_separate_budgets_are_not_parts():
    first, second = amounts_in(
        "Het kabinet trekt € 100 miljoen uit voor de rechtspraak.",
        "Daarnaast komt er € 20 miljoen voor slachtofferhulp.",
        headings=[None, "Slachtoffers"])
    assert first.part_of is None and second.part_of is None


@pytest.mark.parametrize("text", [
    "Er worden 15.000 woningen gebouwd.",
    "Miljoenenimpuls voor dronedetectie.",
    "Het gaat om groep 7 en 871 jongeren in 2025.",
    "De boete is 80 procent van het bedrag.",
])
def test_numbers_that_are_not_money(text):
    assert amounts_in(text) == []


def test_a_named_fund_is_context_and_its_part_points_at_it():
    part, fund = amounts_in("Er gaat € 2 mln naar jongerenwerk.",
                            "Het geld komt uit het Ondermijningsfonds van 100 miljoen euro dat "
                            "het kabinet eerder instelde.")
    assert fund.kind is AmountKind.CONTEXT and part.part_of == fund.index


@pytest.mark.parametrize("text", [
    "Het griffierecht voor kleine vorderingen tot € 500 gaat omlaag, naar € 45.",
    "Wie begint, krijgt na het eerste jaar een bindingspremie van € 2.500.",
])
def test_fees_and_premiums_are_tariffs_and_thresholds_no_amounts(text):
    [amount] = amounts_in(text)
    assert amount.kind is AmountKind.TARIFF


# ---------------------------------------------------------------- issue 10, second round


def test_bare_amount_restating_a_known_one_makes_its_sentence_about_money():
    package, part = amounts_in(
        "Voor betere reclassering komt jaarlijks 20 miljoen euro extra beschikbaar.",
        "Van de 20 miljoen gaat 7 miljoen naar toezicht op zedendaders.")
    assert part.part_of == package.index
    assert part.per_year, "a part split off a yearly package is yearly"


def test_waarvan_part_of_a_yearly_package_is_yearly_unless_one_off():
    package, part = amounts_in("Het kabinet trekt jaarlijks 30 miljoen euro uit voor "
                               "slachtofferhulp, waarvan 4 miljoen euro voor de meldlijn.")
    assert (part.part_of, part.per_year) == (package.index, True)
    package, part = amounts_in("Het kabinet trekt jaarlijks 30 miljoen euro uit voor "
                               "slachtofferhulp, waarvan eenmalig 4 miljoen euro voor de bouw.")
    assert (part.part_of, part.per_year, part.one_off) == (package.index, False, True)


def test_back_reference_at_the_start_of_a_section_reaches_the_lead_package():
    package, first, second = amounts_in(
        "Voor de reclassering is vanaf 2026 jaarlijks € 20 miljoen beschikbaar.",
        "Van het bedrag gaat € 8 miljoen per jaar naar elektronische enkelbanden.",
        "Daarnaast is € 5 miljoen per jaar bestemd voor werkstraffen.",
        headings=[None, "Enkelbanden", "Enkelbanden"])
    assert first.part_of == package.index and second.part_of == package.index


def test_an_equally_large_amount_is_a_second_measure_and_daarvoor_names_the_purpose():
    found = amounts_in(
        "Mediators in familiezaken krijgen een hoger tarief.",
        "De minister trekt daarvoor jaarlijks € 6 miljoen uit.",
        "Een even groot bedrag, € 6 miljoen, gaat naar buurtbemiddeling.",
        "“Die 6 miljoen voor een hoger tarief is hard nodig,” zegt de minister.")
    assert [a.eur for a in found] == [euros("6", "miljoen")] * 2


def test_both_amounts_come_out_of_a_named_envelope():
    sentences = ("De minister trekt jaarlijks € 6 miljoen uit voor mediators.",
                 "Daarnaast gaat € 3 miljoen naar buurtbemiddeling.",
                 "Beide bedragen komen uit de € 90 miljoen die het coalitieakkoord reserveert.")
    one_paragraph = [Passage(s, 0, i + 1, None) for i, s in enumerate(sentences)]
    first, second, envelope = find_amounts(one_paragraph)
    assert envelope.kind is AmountKind.CONTEXT
    assert first.part_of == envelope.index and second.part_of == envelope.index


def test_a_fee_next_to_a_fine_is_a_tariff_and_a_case_threshold_is_no_amount():
    [fee] = amounts_in("Een boete moet binnen zes weken worden betaald; daarbovenop komt "
                       "€ 11 aan administratiekosten per boete.")
    assert fee.kind is AmountKind.TARIFF
    [fee] = amounts_in("Het griffierecht voor kantonzaken tot € 1.000 blijft € 85 per zaak.")
    assert fee.eur == euros("85", None) and fee.kind is AmountKind.TARIFF
