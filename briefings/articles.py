"""An article page (or an item's HTML text) → its sections, by a maintained main-content
extractor (trafilatura). It keeps the paragraphs and sub-headings and drops what a site wraps
around them: menus, breadcrumbs, cookie banners, related links, share buttons, surveys, footers.
Pure: the HTML comes in as a string."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ElementTree

from .model import Section

# trafilatura logs every page it finds too short at WARNING; that is our decision to report.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

_PARAGRAPHS = {"p", "item", "quote", "cell"}
# "Lees ook"/"Zie ook" blocks that a site puts inside the article itself.
_RELATED = ("lees ook", "zie ook", "meer over", "gerelateerd", "deel dit", "delen")


def article_sections(page: str, title: str) -> tuple[Section, ...]:
    """The article's text as sections; () when the page holds no article."""
    import trafilatura  # ~25 MB and 0.1 s: imported by the first page, not at start

    extracted = trafilatura.extract(
        page, output_format="xml", favor_precision=True, include_comments=False,
        include_tables=False, include_images=False, include_links=False, deduplicate=False)
    if not extracted:
        return ()
    try:
        root = ElementTree.fromstring(extracted)
    except ElementTree.ParseError:
        return ()
    main = root.find("main")
    return _sections(main if main is not None else root, title)


def _sections(main: ElementTree.Element, title: str) -> tuple[Section, ...]:
    sections: list[Section] = []
    heading: str | None = None
    paragraphs: list[str] = []
    skipping = False
    parents = {child: parent for parent in main.iter() for child in parent}
    for element in main.iter():
        text = " ".join("".join(element.itertext()).split()) if element.tag in (
            "head", *_PARAGRAPHS) else ""
        if not text:
            continue
        if element.tag == "head":
            if paragraphs or heading:
                sections.append(Section(heading, tuple(paragraphs)))
            skipping = text.lower().startswith(_RELATED)
            heading = None if skipping or _same(text, title) else text
            paragraphs = []
        elif not skipping and getattr(parents.get(element), "tag", None) not in _PARAGRAPHS:
            # (a <p> inside a list item or quote is read with its parent, not twice)
            paragraphs.append(text)
    if paragraphs or heading:
        sections.append(Section(heading, tuple(paragraphs)))
    return tuple(s for s in sections if s.paragraphs)


def _same(heading: str, title: str) -> bool:
    return " ".join(heading.lower().split()) == " ".join(title.lower().split())

