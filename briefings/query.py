"""What a search asks for, in Dutch: words folded (no diacritics, lower case) and stemmed with
the Snowball Dutch stemmer, quoted phrases, `OF`/`OR` between alternatives, `-woord` to
exclude, and a trailing page number. Pure: the store turns a `SearchQuery` into an SQLite
FTS5 expression over a stemmed shadow column, and `snippet` cuts and marks the answer text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache, cached_property
from typing import Any, Protocol

import snowballstemmer

_WORD = re.compile(r"\w+(?:-\w+)*")
_TOKEN = re.compile(r"(-?)[\"“”„]([^\"“”„]*)[\"“”„]?|(\S+)")
_STOP = frozenset("""de het een en van voor in op bij met over aan naar om tot uit door te is zijn
wordt worden er dat die dit als ook nog meer niet geen wel zo dan maar of""".split())
OR_WORDS = frozenset({"of", "or"})
# The page rule: a last word of one or two digits (0–99), unquoted, after at least one word to
# search for, is the page number (0 and pages beyond the last get an answer saying how many
# there are). A longer number (a year, an article number: 2029, 4711) and a number that is the
# only word are searched for.
_PAGE = re.compile(r"\d{1,2}")
SNIPPET_CHARS = 220


class _Folding(dict):
    """A translation table filled on first sight of each character: str.translate then folds
    a whole release in C instead of one Python step per character."""

    def __missing__(self, code: int) -> str:
        # One character for one, so positions in the folded text are positions in the text.
        bare = "".join(c for c in unicodedata.normalize("NFD", chr(code))
                       if not unicodedata.combining(c))
        value = self[code] = bare if len(bare) == 1 else chr(code)
        return value


_FOLDING = _Folding()


def fold(text: str) -> str:
    """Lower case without diacritics: 'Cocaïne' and 'cocaine' are the same word."""
    text = text.lower()
    return text if text.isascii() else text.translate(_FOLDING)


@cache
def _stemmer() -> Any:
    return snowballstemmer.stemmer("dutch")


_LONG_VOWEL = re.compile(r"([aeou])\1")


@cache
def stem(word: str) -> str:
    """The stem of one folded word. Snowball lengthens the vowel of an open syllable
    (maatregelen → maatregeel, maatregel → maatregel); writing every long vowel single joins
    the two. A corpus repeats its vocabulary endlessly: each distinct word is stemmed once."""
    return _LONG_VOWEL.sub(r"\1", _stemmer().stemWord(word))


def words(text: str) -> list[str]:
    """The folded words of a text; a hyphenated compound counts as its parts."""
    return [w for token in _WORD.findall(fold(text)) for w in token.split("-") if w]


def stemmed(text: str) -> str:
    """The shadow column: every word stemmed, stop words left out."""
    return " ".join(stem(w) for w in words(text) if w not in _STOP)


@dataclass(frozen=True)
class Alternative:
    """Words (stems, each also finding the compounds it starts) and phrases that must all
    occur."""

    stems: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()   # folded words, in order

    @property
    def empty(self) -> bool:
        return not self.stems and not self.phrases


@dataclass(frozen=True)
class SearchQuery:
    alternatives: tuple[Alternative, ...]       # any of these
    excluded: tuple[Alternative, ...] = ()      # none of these
    page: int = 1
    page_given: bool = False                    # the text ended in a page number

    @property
    def empty(self) -> bool:
        return not self.alternatives

    @cached_property
    def stems(self) -> frozenset[str]:
        return frozenset(s for a in self.alternatives for s in a.stems)

    @property
    def phrases(self) -> tuple[tuple[str, ...], ...]:
        return tuple(p for a in self.alternatives for p in a.phrases)


def parse_search(text: str) -> SearchQuery:
    """`jeugd "gratis rechtsbijstand" OF drugs -cannabis 2`: alternatives split on OF/OR, a
    leading minus excludes, and the page rule above decides whether a last number is the page."""
    tokens = [(bool(m.group(1)), m.group(2), True) if m.group(2) is not None
              else (False, m.group(3), False) for m in _TOKEN.finditer(text)]
    if tokens and not tokens[-1][2] and _PAGE.fullmatch(tokens[-1][1]):
        before = _query(tokens[:-1])
        if not before.empty:
            return replace(before, page=int(tokens[-1][1]), page_given=True)
    return _query(tokens)


def _query(tokens: list[tuple[bool, str, bool]]) -> SearchQuery:
    groups: list[list[tuple[str, bool]]] = [[]]
    excluded: list[Alternative] = []
    for negative, value, quoted in tokens:
        if not quoted and fold(value) in OR_WORDS:
            groups.append([])  # OF/OR in any case: an operator, never a word to look for
            continue
        if not quoted and value.startswith("-") and len(value) > 1:
            negative, value = True, value[1:]
        if negative:
            excluded.append(_alternative([(value, quoted)]))
        else:
            groups[-1].append((value, quoted))
    alternatives = tuple(a for g in groups if not (a := _alternative(g)).empty)
    return SearchQuery(alternatives, tuple(e for e in excluded if not e.empty))


def _alternative(parts: list[tuple[str, bool]]) -> Alternative:
    stems: list[str] = []
    phrases: list[tuple[str, ...]] = []
    for value, quoted in parts:
        found = words(value)
        if quoted and len(found) > 1:
            phrases.append(tuple(found))
        else:
            stems.extend(stem(w) for w in found if w not in _STOP)
    return Alternative(tuple(dict.fromkeys(stems)), tuple(dict.fromkeys(phrases)))


# ---------------------------------------------------------------- snippets


def snippet(title: str, paragraphs: tuple[str, ...], query: SearchQuery) -> str:
    """The paragraph that holds most of the query, cut around its first match, with the
    matched words marked «…» (the renderer turns the marks into bold after escaping)."""
    best, best_score = title, 0
    for paragraph in paragraphs:
        score = len(_matched_stems(paragraph, query)) + 2 * sum(
            _phrase_span(paragraph, p) is not None for p in query.phrases)
        if score > best_score:
            best, best_score = paragraph, score
    return _highlight(_window(best, query), query)


def _matches(word: str, query: SearchQuery) -> bool:
    """A word matches a query stem it starts with (a compound: jeugd → jeugdbescherming)."""
    folded = fold(word)
    if folded in _STOP:
        return False
    own = stem(folded)
    return any(own.startswith(s) for s in query.stems)


def _matched_stems(text: str, query: SearchQuery) -> set[str]:
    own = {stem(w) for w in set(words(text)) if w not in _STOP}
    return {s for s in query.stems if any(o.startswith(s) for o in own)}


def _phrase_span(text: str, phrase: tuple[str, ...]) -> tuple[int, int] | None:
    """Where the phrase stands in `text` (diacritics and case ignored), if it does."""
    pattern = r"\W+".join(re.escape(w) for w in phrase)
    folded = fold(text)
    if len(folded) != len(text):
        return None  # a character that folds to two; rare enough to skip marking
    match = re.search(rf"(?<!\w){pattern}(?!\w)", folded)
    return match.span() if match else None


def _window(text: str, query: SearchQuery) -> str:
    if len(text) <= SNIPPET_CHARS:
        return text
    positions = [span[0] for p in query.phrases if (span := _phrase_span(text, p))]
    positions += [m.start() for m in _WORD.finditer(text) if _matches(m.group(0), query)]
    first = min(positions, default=0)
    start = max(0, first - SNIPPET_CHARS // 3)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = text.rfind(" ", 0, start + SNIPPET_CHARS)
    end = end if end > start else start + SNIPPET_CHARS
    return ("… " if start else "") + text[start:end] + (" …" if end < len(text) else "")


def _highlight(text: str, query: SearchQuery) -> str:
    text = text.replace("«", "‹").replace("»", "›")
    spans = sorted(span for p in query.phrases if (span := _phrase_span(text, p)))

    def mark(match: re.Match[str]) -> str:
        word = match.group(0)
        inside = any(a <= match.start() < b for a, b in spans)
        if inside or _matches(word, query):
            return f"«{word}»"
        parts = word.split("-")
        if len(parts) > 1 and any(_matches(p, query) for p in parts):
            return "-".join(f"«{p}»" if _matches(p, query) else p for p in parts)
        return word
    return _WORD.sub(mark, text)


# ---------------------------------------------------------------- what a search index answers


@dataclass(frozen=True)
class FoundRelease:
    id: str
    title: str
    paragraphs: tuple[str, ...]   # read for the snippet, only for the releases on the page


@dataclass(frozen=True)
class Found:
    total: int                    # how many releases match
    releases: tuple[FoundRelease, ...]
    ranked: int = 0               # how many of them are ranked and paged: the newest stored


class Searcher(Protocol):
    """The full-text index (SQLite FTS5 in the store), ranked best first."""

    def search(self, query: SearchQuery, offset: int, limit: int) -> Found: ...
