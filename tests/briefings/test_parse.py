import datetime as dt

import pytest

from briefings.parse import MalformedRelease, date_from_url, parse_releases


def test_seed_has_ten_releases_with_titles_and_subheadings(seed_releases):
    assert len(seed_releases) == 10
    first = seed_releases[0]
    assert first.title.startswith("Betere rechtsbescherming")
    assert [s.heading for s in first.sections] == [
        None, "Gratis rechtsbijstand", "Bevorderen terugplaatsing", "Opvoedperspectief",
        "Voorkomen van uithuisplaatsing"]
    # Dates and addresses were looked up; where none was found the file says so in a comment.
    assert sum(1 for r in seed_releases if r.published) == 9
    assert sum(1 for r in seed_releases if r.url) == 7
    for release in seed_releases:
        if release.url:
            assert date_from_url(release.url) == release.published
        assert not any(p.startswith("#") for p in release.paragraphs)


def test_comment_lines_are_not_release_text():
    [release] = parse_releases("Titel\n\n# waar de datum vandaan komt\nDatum: 1 mei 2024\n\n"
                               "De tekst.\n", "t.txt")
    assert release.paragraphs == ("De tekst.",)
    assert release.published.isoformat() == "2024-05-01"


def test_release_lines_point_at_their_titles(seed_releases):
    assert seed_releases[0].line == 1
    assert seed_releases[1].line > seed_releases[0].line


def test_single_release_with_metadata_lines():
    text = ("Nieuwe aanpak\n\nDatum: 3 maart 2025\n\nHet kabinet trekt € 5 miljoen uit.\n\n"
            "Bron: https://www.rijksoverheid.nl/actueel/nieuws/2025/03/03/aanpak\n")
    [release] = parse_releases(text, "bericht.txt")
    assert release.title == "Nieuwe aanpak"
    assert release.published == dt.date(2025, 3, 3)
    assert release.url.endswith("/aanpak")
    assert release.paragraphs == ("Het kabinet trekt € 5 miljoen uit.",)


def test_date_comes_from_the_url_when_there_is_no_datum_line():
    text = "Titel\n\nTekst van het bericht.\n\nBron: https://example.org/nieuws/2024/11/12/x\n"
    [release] = parse_releases(text, "b.txt")
    assert release.published == dt.date(2024, 11, 12)


def test_windows_line_endings_and_bom_are_read():
    [release] = parse_releases("\ufeffTitel\r\n\r\nEen zin.\r\n", "b.txt")
    assert release.title == "Titel" and release.paragraphs == ("Een zin.",)


@pytest.mark.parametrize(("text", "line", "fragment"), [
    ("", 1, "geen tekst"),
    ("   \n\n  ", 1, "geen tekst"),
    ("Titel zonder tekst\n", 1, "heeft geen tekst"),
    ("Titel\n\nDatum: ergens volgend jaar\n\nTekst.", 3, "onleesbare datum"),
    ("Titel\n\nTekst.\n\nBron: niet-een-adres", 5, "Bron"),
    ("A" * 400 + "\n\nTekst.", 1, "geen titel"),
    ("Titel\n\nTekst\x00", 1, "NUL"),
    ("Eerste\n\nTekst.\n\n\nTweede zonder tekst", 6, "heeft geen tekst"),
])
def test_malformed_files_are_refused_with_file_and_line(text, line, fragment):
    with pytest.raises(MalformedRelease) as caught:
        parse_releases(text, "kapot.txt")
    assert caught.value.source == "kapot.txt"
    assert caught.value.line == line
    assert fragment in str(caught.value)
    assert str(caught.value).startswith(f"kapot.txt, regel {line}:")
