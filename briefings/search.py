"""Full-text search with Dutch stemming: an inverted index over paragraphs, ranked with BM25,
quoted phrases matched exactly, snippets highlighted."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

import snowballstemmer

from .model import Announcement

_WORD = re.compile(r"[\wÀ-ÿ]+(?:-[\wÀ-ÿ]+)*")
_PHRASE = re.compile(r"[\"“”„]([^\"“”„]+)[\"“”„]")
_STOP = frozenset("""de het een en van voor in op bij met over aan naar om tot uit door te is zijn
wordt worden er dat die dit als ook nog meer niet geen wel zo dan maar of""".split())
K1, B = 1.2, 0.75
TITLE_BOOST = 2.0
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
    def __init__(self, announcements: list[Announcement]) -> None:
        self._announcements = announcements
        self._postings: dict[str, dict[int, float]] = defaultdict(dict)
        self._lengths: list[int] = []
        self._texts: list[str] = []
        for number, a in enumerate(announcements):
            title_stems = stems(a.title)
            body_stems = stems(a.release.body)
            counts = Counter(body_stems)
            for stem in title_stems:
                counts[stem] += TITLE_BOOST
            for stem, count in counts.items():
                self._postings[stem][number] = count
            self._lengths.append(len(body_stems) + len(title_stems))
            self._texts.append(f"{a.title}\n{a.release.body}".lower())
        self._average = sum(self._lengths) / len(self._lengths) if self._lengths else 1.0

    def search(self, query: Query, limit: int = 5) -> list[Hit]:
        if query.empty:
            return []
        candidates = self._candidates(query)
        scored = sorted(((self._score(n, query), n) for n in candidates), reverse=True)
        return [Hit(self._announcements[n], score, snippet(self._announcements[n], query))
                for score, n in scored[:limit] if score > 0]

    def _candidates(self, query: Query) -> set[int]:
        sets = [set(self._postings.get(t, {})) for t in query.terms]
        candidates = set.intersection(*sets) if sets else set(range(len(self._texts)))
        if not candidates and sets:
            candidates = set.union(*sets)  # no document has every word: rank the partial ones
        return {n for n in candidates if all(p in self._texts[n] for p in query.phrases)}

    def _score(self, number: int, query: Query) -> float:
        total = 0.0
        documents = len(self._texts)
        for term in query.terms:
            postings = self._postings.get(term, {})
            frequency = postings.get(number, 0.0)
            if not frequency:
                continue
            idf = math.log(1 + (documents - len(postings) + 0.5) / (len(postings) + 0.5))
            norm = K1 * (1 - B + B * self._lengths[number] / self._average)
            total += idf * frequency * (K1 + 1) / (frequency + norm)
        return total + (1.0 if query.phrases else 0.0)


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
