"""Full-text search with Dutch stemming: an inverted index over paragraphs, ranked with BM25,
quoted phrases matched exactly, snippets highlighted."""

from __future__ import annotations

import math
import re
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import islice

import snowballstemmer

from .model import Announcement

_WORD = re.compile(r"[\wÀ-ÿ]+(?:-[\wÀ-ÿ]+)*")
_PHRASE = re.compile(r"[\"“”„]([^\"“”„]+)[\"“”„]")
_STOP = frozenset("""de het een en van voor in op bij met over aan naar om tot uit door te is zijn
wordt worden er dat die dit als ook nog meer niet geen wel zo dan maar of""".split())
K1, B = 1.2, 0.75
TITLE_BOOST = 2
SECTION_BITS = 16
SNIPPET_CHARS = 220


@cache
def _stemmer():
    return snowballstemmer.stemmer("dutch")


@cache
def _stem(word: str) -> str:
    # A corpus repeats its vocabulary endlessly; stemming each distinct word once is what makes
    # indexing ten thousand releases fast.
    return _stemmer().stemWord(word)


def stems(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP]


@dataclass(frozen=True)
class Query:
    terms: tuple[str, ...]        # stems
    phrases: tuple[str, ...]      # lower-case exact phrases
    words: tuple[str, ...]        # the words as typed, for highlighting

    @property
    def empty(self) -> bool:
        return not self.terms and not self.phrases

    @cached_property
    def byte_patterns(self) -> tuple[re.Pattern[bytes], ...]:
        """The phrases as UTF-8 patterns over stored text; a paragraph break is no space."""
        return tuple(re.compile(rb"[ \t\n]+".join(re.escape(w.encode()) for w in p.split()),
                                re.IGNORECASE) for p in self.phrases)

    @cached_property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(r"\s+".join(map(re.escape, p.split())), re.IGNORECASE)
                     for p in self.phrases)


def parse_query(text: str) -> Query:
    phrases = tuple(p.strip().lower() for p in _PHRASE.findall(text) if p.strip())
    loose = _PHRASE.sub(" ", text)
    words = tuple(w for w in _WORD.findall(loose.lower()) if w not in _STOP)
    phrase_words = tuple(w for p in phrases for w in _WORD.findall(p) if w not in _STOP)
    terms = tuple(dict.fromkeys(_stem(w) for w in (*words, *phrase_words)))
    return Query(terms, phrases, (*words, *phrase_words))


@dataclass(frozen=True)
class Hit:
    announcement: Announcement
    score: float
    snippet: str          # plain text with «» around matched words (the renderer bolds them)


class SearchIndex:
    """Postings are compact arrays (document numbers and term weights), not dicts: ten
    thousand releases hold millions of postings."""

    def __init__(self, announcements: list[Announcement]) -> None:
        self._announcements = announcements
        # Arrays from the start: lists would hold millions of int objects on the way. Per
        # posting: the document, the term's weight, and which sections hold it (a bit each;
        # later sections share the last bit), so a phrase search unpacks only those sections.
        postings: dict[str, tuple[array, array, array]] = defaultdict(
            lambda: (array("I"), array("H"), array("H")))
        lengths = array("I")
        for number, a in enumerate(announcements):
            title_stems = stems(a.title)
            counts: Counter[str] = Counter()
            sections: dict[str, int] = defaultdict(int)
            body_length = 0
            for index, section in enumerate(a.release.sections):
                found = stems("\n".join(section.paragraphs))
                body_length += len(found)
                counts.update(found)
                for stem in set(found):
                    sections[stem] |= 1 << min(index, SECTION_BITS - 1)
            for stem in title_stems:
                counts[stem] += TITLE_BOOST
            for stem, count in counts.items():
                documents, weights, masks = postings[stem]
                documents.append(number)
                weights.append(min(count, 65535))
                masks.append(sections.get(stem, 0))
            lengths.append(body_length + len(title_stems))
        self._postings = dict(postings)
        self._lengths = lengths
        self._average = sum(lengths) / len(lengths) if lengths else 1.0

    def search(self, query: Query, limit: int = 5) -> list[Hit]:
        if query.empty:
            return []
        ranked = sorted(self._scores(query).items(), key=lambda item: (-item[1], item[0]))
        if query.phrases:
            # Best first, so reading the text stops as soon as enough documents hold the phrase.
            ranked = list(islice(((n, score) for n, score in ranked
                                  if self._has_phrases(n, query)), limit))
        best = ranked[:limit]
        return [Hit(self._announcements[n], score, snippet(self._announcements[n], query))
                for n, score in best if score > 0]

    def _scores(self, query: Query) -> dict[int, float]:
        """BM25 over the documents holding every term, or any term when none holds all."""
        postings = [self._postings.get(t) for t in query.terms]
        present = [p for p in postings if p is not None]
        if not present:
            return {}
        documents = len(self._lengths)
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, int] = defaultdict(int)
        for numbers, weights, _ in present:
            idf = math.log(1 + (documents - len(numbers) + 0.5) / (len(numbers) + 0.5))
            for number, frequency in zip(numbers, weights, strict=True):
                norm = K1 * (1 - B + B * self._lengths[number] / self._average)
                scores[number] += idf * frequency * (K1 + 1) / (frequency + norm)
                matched[number] += 1
        everything = [n for n, count in matched.items() if count == len(postings)]
        if everything or query.phrases:  # a phrase needs all its words: no partial matches
            return {n: scores[n] for n in everything}
        return dict(scores)

    def _has_phrases(self, number: int, query: Query) -> bool:
        """Case-insensitive search in place, only in the sections that hold every word of the
        phrase (most candidates have none: their words are in different sections)."""
        a = self._announcements[number]
        for phrase, pattern, raw in zip(query.phrases, query.patterns, query.byte_patterns,
                                        strict=True):
            if pattern.search(a.title):
                continue
            mask = self._section_mask(number, phrase)
            if not any(section.contains(raw) for index, section in enumerate(a.release.sections)
                       if mask >> min(index, SECTION_BITS - 1) & 1):
                return False
        return True

    def _section_mask(self, number: int, phrase: str) -> int:
        mask = (1 << SECTION_BITS) - 1
        for stem in set(stems(phrase)):
            posting = self._postings.get(stem)
            if posting is None:
                return 0
            documents, _, masks = posting
            at = bisect_left(documents, number)
            if at == len(documents) or documents[at] != number:
                return 0
            mask &= masks[at]
        return mask


def snippet(announcement: Announcement, query: Query) -> str:
    """The paragraph that holds most query words, cut around the first match."""
    wanted = set(query.terms)
    best, best_score = announcement.title, 0
    for paragraph in announcement.release.paragraphs:
        lowered = paragraph.lower()
        score = len(wanted & set(stems(paragraph))) + 2 * sum(p in lowered for p in query.phrases)
        if score > best_score:
            best, best_score = paragraph, score
    return _highlight(_window(best, query), query)


def _window(text: str, query: Query) -> str:
    if len(text) <= SNIPPET_CHARS:
        return text
    lowered = text.lower()
    positions = [lowered.find(p) for p in query.phrases] + [
        m.start() for m in _WORD.finditer(lowered) if stems(m.group(0))[:1] and
        stems(m.group(0))[0] in query.terms]
    first = min((p for p in positions if p >= 0), default=0)
    start = max(0, first - SNIPPET_CHARS // 3)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = text.rfind(" ", 0, start + SNIPPET_CHARS)
    end = end if end > start else start + SNIPPET_CHARS
    return ("… " if start else "") + text[start:end] + (" …" if end < len(text) else "")


def _highlight(text: str, query: Query) -> str:
    """Marks matched words with «…»; the renderer turns the marks into bold after escaping."""
    def mark(match: re.Match[str]) -> str:
        word = match.group(0)
        found = stems(word)
        return f"«{word}»" if found and found[0] in query.terms else word
    return _WORD.sub(mark, text.replace("«", "‹").replace("»", "›"))
