"""A release as a list of sentences with where they stand: the unit the extractors read."""

from __future__ import annotations

from dataclasses import dataclass

from .dutch import sentences
from .model import Release

TITLE = -1


@dataclass(frozen=True)
class Passage:
    text: str
    paragraph: int          # index among the release's paragraphs; TITLE for the title
    sentence: int           # index of the sentence in the whole release
    heading: str | None     # sub-heading of the section it stands in

    @property
    def in_title(self) -> bool:
        return self.paragraph == TITLE


def passages(release: Release) -> list[Passage]:
    result = [Passage(release.title, TITLE, 0, None)]
    paragraph = 0
    for section in release.sections:
        for text in section.paragraphs:
            for sentence in sentences(text):
                result.append(Passage(sentence, paragraph, len(result), section.heading))
            paragraph += 1
    return result
