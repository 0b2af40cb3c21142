import pytest

from briefings.passages import Passage
from briefings.penalties import find_penalties


def penalties_in(*sentences):
    return find_penalties([Passage(s, 0, i + 1, None) for i, s in enumerate(sentences)])


def test_list_of_changes_in_one_sentence(seed_extractions):
    drugs = seed_extractions[6]
    assert [(p.from_years, p.to_years) for p in drugs.penalties] == [(6, 8), (8, 12), (12, 16),
                                                                     (6, 8)]
    assert drugs.penalties[2].offence == "in- en uitvoer van harddrugs"


def test_old_and_new_term_in_different_sentences():
    [penalty] = penalties_in(
        "Op het aanwezig hebben van harddrugs is nu een maximum gevangenisstraf gesteld van 6 "
        "jaar.", "Dat verandert in het wetsvoorstel voor grootschalige hoeveelheden naar een "
        "maximum gevangenisstraf van 8 jaar.")
    assert (penalty.from_years, penalty.to_years) == (6, 8)
    assert penalty.offence.startswith("aanwezig hebben van harddrugs")


@pytest.mark.parametrize(("sentence", "offence", "change"), [
    ("De maximumstraf voor witwassen gaat van 8 naar 12 jaar.", "witwassen", (8, 12)),
    ("Het kabinet verhoogt de maximale gevangenisstraf voor doodslag van vijftien naar twintig "
     "jaar.", "doodslag", (15, 20)),
    ("Voor bedreiging wordt de maximale celstraf verhoogd van 2 jaar naar 4 jaar.", "bedreiging",
     (2, 4)),
])
def test_one_sentence_changes(sentence, offence, change):
    [penalty] = penalties_in(sentence)
    assert (penalty.offence, (penalty.from_years, penalty.to_years)) == (offence, change)


@pytest.mark.parametrize("sentence", [
    "Het aantal agenten gaat van 8 naar 12 per wijk.",
    "De doorlooptijd gaat van 8 naar 12 jaar volgens de planning.",
    "Partijen krijgen drie jaar de tijd om de wet in te voeren.",
])
def test_no_penalty_without_a_penalty_word(sentence):
    assert penalties_in(sentence) == []


@pytest.mark.parametrize(("sentences", "change"), [
    (("Op mensenhandel staat nu maximaal 4 jaar.",
      "Het kabinet stelt voor dit te verhogen naar 6 jaar."), (4, 6)),
    (("Voor doodslag wordt de straf verhoogd naar 15 jaar; nu is dat 10 jaar.",), (10, 15)),
    (("Wie een agent slaat, krijgt maximaal 4 jaar cel in plaats van 2 jaar.",), (2, 4)),
    (("De maximumstraf voor moord wordt verhoogd naar 30 jaar.",), (None, 30)),
    (("Het verspreiden van handleidingen wordt strafbaar met een gevangenisstraf van maximaal "
      "2 jaar.",), (None, 2)),
    (("Voor verwaarlozing gaat de maximumstraf van zes maanden naar één jaar.",), (0.5, 1)),
    (("Wie online oproept tot geweld, riskeert straks een gevangenisstraf van maximaal 10 jaar.",
      "Nu is dat 5 jaar."), (5, 10)),
])
def test_every_way_a_change_is_written(sentences, change):
    [penalty] = penalties_in(*sentences)
    assert (penalty.from_years, penalty.to_years) == change


def test_restatement_in_a_quote_is_one_change():
    [penalty] = penalties_in("Wie een dier mishandelt, krijgt straks maximaal 4 jaar cel in "
                             "plaats van 3 jaar.",
                             "De minister: “Een celstraf van 4 jaar maakt duidelijk hoe ernstig "
                             "dit is.”")
    assert (penalty.from_years, penalty.to_years) == (3, 4)


def test_fines_and_fine_categories():
    from briefings.model import PenaltyUnit

    [fine] = penalties_in("Voor fietsers gaat de boete van € 95 naar € 140.")
    assert (fine.unit, fine.from_eur, fine.to_eur) == (PenaltyUnit.EUR, 95, 140)
    [category] = penalties_in("De geldboete gaat omhoog van de vierde naar de vijfde categorie.")
    assert (category.unit, category.fine_category) == (PenaltyUnit.CATEGORY, (4, 5))


def test_law_and_stage_come_from_the_text(seed_extractions):
    drugs = seed_extractions[6]
    assert {p.law for p in drugs.penalties} == {"Opiumwet"}
    assert {str(p.stage) for p in drugs.penalties} == {"raad_van_state"}


@pytest.mark.parametrize("sentence", [
    "De rechter kan daders straks een houdverbod van 10 jaar opleggen.",
    "Een boete moet binnen 6 weken worden betaald, op straffe van verhoging.",
    "Ook het online benaderen van kinderen onder de 16 jaar is verboden.",
    "De rechter kan daarnaast een rijontzegging van maximaal vijf jaar opleggen.",
])
def test_durations_that_are_no_maximum_penalty(sentence):
    assert penalties_in(sentence) == []
