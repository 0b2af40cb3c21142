"""Whatever text the store holds, answers are valid Telegram HTML in parts of ≤ 4096 chars."""

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefings import answers
from briefings.announcements import content_hash
from briefings.extract import extract
from briefings.library import Library
from briefings.model import Announcement, Release, Section
from briefings.render import render
from briefings.splitting import LIMIT, split_message
from store import open_stores
from tests.telegram_html import InvalidTelegramHtml, check_telegram_html

NOW = dt.datetime(2026, 11, 28, 9, tzinfo=dt.UTC)
_PIECES = [*"<>&\"'’ €/;#x\n ab", "&amp;", "</b>", "<i>", "€ 5 miljoen", "in 2027", "«", "»"]
nasty = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30).map("".join)
paragraph = st.one_of(nasty, st.text(min_size=1, max_size=300),
                      st.builds(lambda s, n: (s + " ") * n, nasty, st.integers(50, 150)))
ZONE = ZoneInfo("Europe/Amsterdam")


@st.composite
def announcements(draw):
    title = draw(nasty).replace("\n", " ").strip() or "Titel"
    paragraphs = tuple(p.strip() or "x" for p in draw(st.lists(paragraph, min_size=1,
                                                               max_size=4)))
    release = Release(title=title, sections=(Section(draw(st.none() | nasty), paragraphs),),
                      source=draw(nasty), url=draw(st.none() | st.just("https://x.nl/?a=1&b=<")))
    return Announcement("id-" + str(abs(hash(title)) % 1000), release, extract(release),
                        content_hash(release))


def assert_valid_parts(html):
    parts = split_message(html)
    for part in parts:
        assert len(part) <= LIMIT
        check_telegram_html(part)
    return parts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(announcements(), min_size=1, max_size=3))
def test_any_stored_text_renders_to_valid_parts(items):
    corpus = open_stores(None).corpus
    corpus.ingest([(a.release, a.extraction) for a in items], NOW)
    library = Library(corpus.load_all(), searcher=corpus.search, texts=corpus.texts)
    first = library.announcements[0].id
    for answer in (answers.show(library, first, NOW, ZONE), answers.latest(library),
                   answers.budget(library), answers.search(library, items[0].title),
                   answers.milestones(library, NOW, ZONE)):
        assert_valid_parts(render(answer))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "<b>", "<i>", "<code>"]), paragraph),
                min_size=1, max_size=40))
def test_long_markup_splits_into_valid_parts(chunks):
    from markupsafe import escape

    html = "\n\n".join(f"{tag}{escape(text * 7)}{tag.replace('<', '</')}" for tag, text in chunks)
    parts = assert_valid_parts(html)
    # Nothing is lost: the parts hold the same text, give or take the tags added at cuts.
    def letters(text):
        return "".join(c for c in text if c.isalnum())
    assert letters("".join(parts)).replace("b", "").replace("i", "").replace("code", "") == \
        letters(html).replace("b", "").replace("i", "").replace("code", "")


def test_one_huge_bold_paragraph_is_cut_and_reopened():
    html = "<b>" + "woord " * 2000 + "</b>"
    parts = assert_valid_parts(html)
    assert len(parts) == 3 and all(p.startswith("<b>") and p.endswith("</b>") for p in parts)


def test_paragraphs_stay_whole_when_they_fit():
    blocks = [f"Alinea {i} " + "x" * 1000 for i in range(10)]
    parts = split_message("\n\n".join(blocks))
    assert sum(len(p.split("\n\n")) for p in parts) == 10
    assert all(len(p) <= LIMIT for p in parts)


def test_the_checker_catches_invalid_html():
    for bad in ("<p>x</p>", "<b>x", "<b><i>x</b></i>", "a &nbsp; b"):
        try:
            check_telegram_html(bad)
        except InvalidTelegramHtml:
            continue
        raise AssertionError(f"{bad!r} passed")
