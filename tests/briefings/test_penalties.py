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
