"""Search over the seed corpus through the store's FTS5 index (the seed_library fixture)."""

import pytest

from briefings.answers import SearchAnswer, UsageAnswer, search
from briefings.query import parse_search, stem
from briefings.render import render


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


@pytest.mark.parametrize("text, words, page", [
    ("rechtsbijstand 2", ("rechtsbijstand",), 2),
    ("rechtsbijstand 99", ("rechtsbijstand",), 99),
    ("rechtsbijstand 0", ("rechtsbijstand",), 0),          # a page too: one that never exists
    ('"wetboek van strafvordering" 1', (), 1),              # after a phrase as after a word
    ("rechtsbijstand 999", ("rechtsbijstand", "999"), None),  # three digits: a word
    ("strafvordering 2029", ("strafvordering", "2029"), None),  # a year: a word
    ("2", ("2",), None),                                   # the only word: searched
    ("-drugs 3", ("3",), None),                            # nothing to search before it
])
def test_the_page_rule(text, words, page):
    """A last number of one or two digits after at least one search word is the page."""
    query = parse_search(text)
    assert (query.page, query.page_given) == ((page, True) if page is not None else (1, False))
    assert query.stems == frozenset(stem(w) for w in words)


def test_a_page_that_does_not_exist_says_how_many_there_are(seed_library):
    first = search(seed_library, "rechtsbijstand")
    assert first.total and first.pages == 1
    for page in ("0", "2", "99"):
        answer = search(seed_library, f"rechtsbijstand {page}")
        assert answer.hits == () and answer.total == first.total
        assert answer.query == "rechtsbijstand" and answer.next_page is None
        html = render(answer)
        assert f"Pagina {page} bestaat niet; er is 1 pagina." in html
        assert f"Zoeken: rechtsbijstand {page}" not in html


def test_a_page_after_a_phrase_is_not_searched_or_shown(seed_library):
    answer = search(seed_library, '"wetboek van strafvordering" 1')
    assert answer.query == '"wetboek van strafvordering"'
    assert answer.hits and answer.page == 1
    assert answer.total == search(seed_library, '"wetboek van strafvordering"').total


def test_quoted_or_and_minus_are_words():
    query = parse_search('"of" "-jeugd"')
    assert not query.excluded and query.stems == {"jeugd"}
