import datetime as dt

import pytest

from briefings.dates import DateContext, find_dates

PUBLISHED = DateContext(published=dt.date(2025, 3, 4))
UNDATED = DateContext()


def dates(text, clock=PUBLISHED):
    return [(d.spec.iso, d.spec.precision) for d in find_dates(text, clock)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Op 1 april 2029 treedt het wetboek in werking.", ("2029-04-01", "day")),
    ("Per 1 januari 2026 gaat de regeling in.", ("2026-01-01", "day")),
    ("In maart 2023 werden de boeken ingediend.", ("2023-03", "month")),
    ("Het plan gaat in het voorjaar van 2025 naar de Kamer.", ("2025-spring", "season")),
    ("De evaluatie volgt in de zomer van 2026.", ("2026-summer", "season")),
    ("In het najaar 2027 volgt een besluit.", ("2027-autumn", "season")),
    ("Het wetsvoorstel wordt in 2025 ingediend.", ("2025", "year")),
    ("Eind 2025 is er een evaluatie.", ("2025", "year")),
    ("Medio 2026 is het systeem klaar.", ("2026", "year")),
    ("In het eerste kwartaal van 2027 start de pilot.", ("2027-Q1", "quarter")),
    ("Gemeenten kunnen in 2025, 2026 en 2027 een aanvraag indienen.", ("2025/2027", "period")),
    ("Het NPLV boekte resultaten tussen 2022 en 2024.", ("2022/2024", "period")),
    ("Het programma loopt van 2024 tot en met 2028.", ("2024/2028", "period")),
])
def test_dated_phrases_with_precision(text, expected):
    assert dates(text) == [expected]


def test_year_parts_keep_their_part():
    [eind] = find_dates("Eind 2025 is er een evaluatie.", PUBLISHED)
    assert eind.spec.part == "eind" and eind.spec.start == dt.date(2025, 10, 1)


def test_relative_dates_resolve_against_publication():
    assert dates("Volgend jaar komt er een wet.") == [("2026", "year")]
    assert dates("Per 1 juli moeten gemeenten klaar zijn.") == [("2025-07-01", "day")]
    assert dates("Per 1 februari moeten gemeenten klaar zijn.") == [("2026-02-01", "day")]


def test_relative_dates_stay_unknown_without_publication_date():
    assert dates("Volgend jaar komt er een wet.", UNDATED) == []
    assert dates("Per 1 juli moeten gemeenten klaar zijn.", UNDATED) == []


def test_weekday_picks_the_year_in_which_it_fits():
    assert dates("Op dinsdag 12 november is er een bijeenkomst.",
                 DateContext(reference_year=2025)) == [("2024-11-12", "day")]
    assert dates("Op dinsdag 12 november is er een bijeenkomst.",
                 DateContext(published=dt.date(2030, 10, 1))) == [("2030-11-12", "day")]


@pytest.mark.parametrize("text", [
    "Het gaat om de Boeken 7 en 8 en de Boeken 1 tot en met 6.",
    "Partijen krijgen drie jaar de tijd.",
    "Binnen 6 weken na uithuisplaatsing volgt een plan.",
    "Een programma vanaf groep 7 op de basisschool.",
    "De bouw van 15.000 woningen is in voorbereiding.",
    "Het kabinet trekt 2025 euro uit.",
    "Van vandaag op morgen lukt dat niet.",
    "Op 31 februari 2025 gebeurt er niets.",
])
def test_things_that_only_look_like_dates(text):
    assert dates(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Vandaag stuurt de minister de brief.", ("2025-03-04", "day")),
    ("Morgen gaat het voorstel naar de Raad van State.", ("2025-03-05", "day")),
    ("Deze week start de campagne.", ("2025-W10", "week")),
    ("Nog dit jaar volgt een besluit.", ("2025", "year")),
    ("Komend jaar komt er een wet.", ("2026", "year")),
    ("In april volgt een evaluatie.", ("2025-04", "month")),
    ("Per 1 januari gaat de regeling in.", ("2026-01-01", "day")),
    ("Het plan komt voor de zomer.", ("2025-summer", "season")),
    ("Het plan komt na de zomer.", ("2025-autumn", "season")),
    ("Op Prinsjesdag maakt het kabinet de plannen bekend.", ("2025-09-16", "day")),
    ("In het najaar volgt een debat.", ("2025-autumn", "season")),
    ("Vanaf 1 juli dit jaar geldt de regel.", ("2025-07-01", "day")),
    ("De minister stuurt voor het einde van het jaar een plan.", ("2025", "year")),
])
def test_relative_forms_resolve_against_the_publication_date(text, expected):
    assert dates(text) == [expected]


def test_same_date_and_one_date_per_expression():
    from briefings.milestones import find_milestones
    from briefings.passages import Passage

    found = find_milestones([Passage("De wet gaat per 1 juli 2026 in.", 0, 1, None),
                             Passage("Op dezelfde datum start het register.", 0, 2, None)],
                            PUBLISHED)
    assert [m.date.iso for m in found] == ["2026-07-01", "2026-07-01"]


@pytest.mark.parametrize("text", [
    "In 2023 gaat het om € 40 miljoen extra.",
    "Het NPLV boekte resultaten tussen 2022 en 2024.",
    "In 2018 schreef de politie ruim 200.000 boetes uit.",
    "Sinds 2015 is het aantal zaken gestegen.",
])
def test_years_that_are_no_milestones(text):
    from briefings.milestones import find_milestones
    from briefings.passages import Passage

    assert find_milestones([Passage(text, 0, 1, None)], PUBLISHED) == []
