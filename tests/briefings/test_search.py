from briefings.search import parse_query


def ids(library, text):
    return [h.announcement.id for h in library.search_index.search(parse_query(text))]


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


def test_words_that_never_meet_in_one_release_find_the_nearest_ones(seed_library):
    found = ids(seed_library, "cybercrime jeugdhulp")
    assert set(found[:2]) == {"280-miljoen-extra-politie",
                              "miljoenen-beschikbaar-transformatie-gesloten"}
