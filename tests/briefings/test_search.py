"""Search over the seed corpus through the store's FTS5 index (the seed_library fixture)."""

from briefings.answers import SearchAnswer, UsageAnswer, search
from briefings.query import parse_search


def ids(library, text):
    answer = search(library, text)
    assert isinstance(answer, SearchAnswer)
    return [h.id for h in answer.hits]


def test_dutch_stemming_finds_inflected_forms(seed_library):
    assert ids(seed_library, "gevangenissen")[0] == \
        "miljoenenimpuls-doorontwikkelen-dronedetectie-gevangenissen"
    assert ids(seed_library, "gesprek")[0] == "minister-weel-start-gesprekken"  # gesprekken
    assert "nieuw-wetboek-strafvordering-klaar" in ids(seed_library, "advocaat")  # advocaten


def test_phrases_must_stand_in_that_order(seed_library):
    assert ids(seed_library, '"gratis rechtsbijstand"') == [
        "betere-rechtsbescherming-kwetsbare-gezinnen"]
    assert ids(seed_library, '"rechtsbijstand gratis"') == []


def test_phrase_in_a_later_section_in_any_case(seed_library):
    # "Met de Aan de Bak-garantie" stands in the NPLV release's seventh section.
    assert ids(seed_library, '"aan de bak-garantie"') == [
        "bouwen-verduurzamen-baangaranties-helpen"]


def test_diacritics_are_folded_both_ways(seed_library):
    # The seed spells it "cocaïne"; a user types it without the diaeresis, or with another.
    with_diaeresis = ids(seed_library, "cocaïne")
    assert with_diaeresis
    assert ids(seed_library, "cocaine") == with_diaeresis == ids(seed_library, "cocaíne")


def test_a_word_finds_the_compounds_it_starts(seed_library):
    found = search(seed_library, "jeugd")
    assert any("«jeugdbescherming»" in h.snippet.lower() or "jeugdbescherming" in h.title.lower()
               for h in found.hits)


def test_of_finds_either_and_is_never_a_word(seed_library):
    drones, cocaine = set(ids(seed_library, "drones")), set(ids(seed_library, "cocaïne"))
    either = search(seed_library, "drones OF cocaïne")
    assert either.total == len(drones | cocaine)
    assert search(seed_library, "drones OR cocaïne").total == either.total
    assert isinstance(search(seed_library, "OR"), UsageAnswer)  # only an operator: usage
    assert search(seed_library, "drones OR").total == len(drones)


def test_minus_excludes_a_word(seed_library):
    without = search(seed_library, "miljoen -drones")
    assert without.total < search(seed_library, "miljoen").total
    assert not any("drone" in h.title.lower() for h in without.hits)


def test_count_and_pages(seed_library):
    first = search(seed_library, "kabinet")
    assert first.total > 5 and len(first.hits) == 5
    assert first.next_page == "/zoek kabinet 2"
    second = search(seed_library, "kabinet 2")
    assert second.page == 2 and second.query == "kabinet"
    assert len(second.hits) == first.total - 5 and second.next_page is None
    assert not set(h.id for h in first.hits) & set(h.id for h in second.hits)
    beyond = search(seed_library, "kabinet 9")
    assert beyond.hits == () and beyond.total == first.total


def test_a_large_number_is_a_word_not_a_page():
    query = parse_search("project 4711")
    assert query.page == 1 and "4711" in query.stems


def test_quoted_or_and_minus_are_words():
    query = parse_search('"of" "-jeugd"')
    assert not query.excluded and query.stems == {"jeugd"}
