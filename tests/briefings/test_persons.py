from briefings.model import Person
from briefings.passages import Passage
from briefings.persons import find_organisations, find_persons


def persons_in(*sentences):
    return find_persons([Passage(s, 0, i + 1, None) for i, s in enumerate(sentences)])


def test_role_before_name_with_comma():
    assert persons_in("Staatssecretaris Rechtsbescherming, Teun Struycken, schetst de wet.") == [
        Person("Teun Struycken", "staatssecretaris Rechtsbescherming")]


def test_ministry_in_brackets_and_later_bare_surname_is_the_same_person():
    assert persons_in("Dat schrijft minister David van Weel (Justitie en Veiligheid).",
                      "Van Weel: “Dit is nodig.”") == [
        Person("David van Weel", "minister van Justitie en Veiligheid")]


def test_portfolio_after_surname_is_not_part_of_the_name():
    assert persons_in("Staatssecretaris Coenradie van Justitie en Veiligheid zegt dit.") == [
        Person("Coenradie", "staatssecretaris van Justitie en Veiligheid")]


def test_lowercase_tussenvoegsel_surname():
    assert persons_in("Minister van Weel start gesprekken.") == [Person("van Weel", "minister")]


def test_affiliation_with_an_organisation():
    assert persons_in("Bestuurder Barry Braeken van Weller Wonen: “Slecht.”") == [
        Person("Barry Braeken", "bestuurder van Weller Wonen")]


def test_unnamed_officials_are_no_persons():
    assert persons_in("Ook de minister van Binnenlandse Zaken en Koninkrijksrelaties gaat in "
                      "gesprek.") == []


def test_organisations_by_name_and_alias():
    found = find_organisations([Passage("Het NFI en het OM werken samen met de politie.", 0, 1,
                                        None)])
    assert found == ["Openbaar Ministerie", "politie", "Nederlands Forensisch Instituut"]


def test_names_with_any_letters_and_hyphens():
    assert persons_in("Minister Dilan Yeşilgöz-Zegerius van Justitie en Veiligheid stuurt de "
                      "brief.") == [Person("Dilan Yeşilgöz-Zegerius",
                                           "minister van Justitie en Veiligheid")]


def test_people_introduced_without_a_title():
    found = persons_in("Hélène Şimşek, directeur van Slachtofferhulp Nederland, is tevreden.",
                       "“Dit helpt”, zegt Jörg Sanders.",
                       "De moorden op Derk Wiersum en Peter R. de Vries troffen velen.")
    assert [p.name for p in found] == ["Hélène Şimşek", "Jörg Sanders", "Peter R. de Vries",
                                       "Derk Wiersum"]
    assert found[0].role == "directeur van Slachtofferhulp Nederland"


def test_affiliations_and_organisations_are_no_persons():
    assert persons_in("De voorzitter van het Overlegorgaan is blij.",
                      "De burgemeester van Amsterdam reageert.",
                      "De Nederlandse Orde van Advocaten noemt het geld welkom.") == []


def test_portfolio_is_cut_from_a_bare_surname():
    assert persons_in("Minister Schouten van Landbouw, Natuur en Voedselkwaliteit zegt dit.") == [
        Person("Schouten", "minister van Landbouw, Natuur en Voedselkwaliteit")]


def test_a_name_right_after_a_portfolio_is_a_person_of_its_own():
    found = persons_in("De ministerraad heeft op voorstel van minister Sander Dekker voor "
                       "Rechtsbescherming Ayşe van der Meulen-Ünal benoemd tot directeur van "
                       "het CJIB.")
    assert [p.name for p in found] == ["Sander Dekker", "Ayşe van der Meulen-Ünal"]
