"""Synthetic corpora for benchmarks and scale tests: the seed releases, varied so that every
generated release has its own title, date and amounts."""

from __future__ import annotations

import datetime as dt
import re

from briefings.parse import parse_releases
from briefings.resources import SEED_CORPUS, data_text


def seed_blocks() -> list[str]:
    return [b.strip() for b in data_text(SEED_CORPUS).split("\n\n\n") if b.strip()]


def synthetic_text(count: int, start: dt.date = dt.date(2020, 1, 1)) -> str:
    """`count` releases in the seed's collection format, each with its own `Datum:` and `Bron:`
    lines (the seed's own are dropped: with them every copy would be the seed release again,
    and the store would keep one of each)."""
    blocks = [re.sub(r"\n{3,}", "\n\n", _META.sub("", block)) for block in seed_blocks()]
    out = []
    for i in range(count):
        title, _, body = blocks[i % len(blocks)].partition("\n")
        day = start + dt.timedelta(days=i % 2500)
        url = f"https://bench.example/nieuws/{day:%Y/%m/%d}/bericht-{i}"
        extra = (f"Het kabinet trekt daarnaast jaarlijks € {i % 97 + 1},{i % 10} miljoen uit "
                 f"voor project {i}. Op {day.day} {_MONTHS[day.month - 1]} {day.year + 3} "
                 f"start project {i}.")
        out.append(f"{title} (nr. {i})\n\nDatum: {day.isoformat()}\nBron: {url}\n\n"
                   f"{body.strip()}\n\n{extra}")
    return "\n\n\n".join(out)


def synthetic_releases(count: int):
    return parse_releases(synthetic_text(count), "synthetisch.txt")


_META = re.compile(r"^(Datum:|Bron:|#).*\n?", re.MULTILINE)  # metadata and comments
_MONTHS = ("januari februari maart april mei juni juli augustus september oktober november "
           "december").split()


_SHORT = frozenset("""de het een en van voor in op bij met over aan naar om tot uit door te is zijn
wordt worden er dat die dit als ook nog meer niet geen wel zo dan maar of ze we hij zij""".split())
_ACCENTS = {"e": "é", "a": "á", "i": "ï", "o": "ö", "u": "ü"}


def search_queries(seed: int = 13) -> dict[str, list[str]]:
    """1,000 different /zoek queries from the seed's own text: single words, quoted phrases,
    the first part of compounds, words with their diacritics wrong or missing, and words that
    pick out one synthetic release (project numbers)."""
    import random
    import unicodedata

    rng = random.Random(seed)
    paragraphs = [p for block in seed_blocks() for p in block.split("\n") if len(p) > 80]
    tokens = [[w.strip(".,:;()‘’“”\"'") for w in p.split()] for p in paragraphs]
    vocabulary = sorted({w.lower() for ws in tokens for w in ws
                         if w.isalpha() and len(w) >= 4 and w.lower() not in _SHORT})
    rng.shuffle(vocabulary)
    words = vocabulary[:300]
    phrases: set[str] = set()
    while len(phrases) < 300:
        ws = rng.choice(tokens)
        size = rng.choice((2, 3))
        at = rng.randrange(0, max(1, len(ws) - size))
        chosen = [w for w in ws[at:at + size] if w]
        if len(chosen) == size and all(w.isalpha() for w in chosen):
            phrases.add('"' + " ".join(chosen).lower() + '"')
    long_words = [w for w in vocabulary if len(w) >= 11]
    compounds = sorted({w[:rng.randint(5, 7)] for w in long_words})[:150]

    def misspelled(word: str) -> str:
        bare = "".join(c for c in unicodedata.normalize("NFD", word)
                       if not unicodedata.combining(c))
        if bare != word:
            return bare
        at = next((i for i in range(len(word) - 1, 0, -1) if word[i] in _ACCENTS), None)
        return word if at is None else word[:at] + _ACCENTS[word[at]] + word[at + 1:]
    diacritics = sorted({misspelled(w) for w in vocabulary[300:]} - set(words))[:150]
    projects: set[str] = set()
    while len(projects) < 100:
        projects.add(f"project {rng.randrange(0, 1000)} {rng.choice(words)}")
    return {"words": words, "phrases": sorted(phrases), "compounds": compounds,
            "diacritics": diacritics, "projects": sorted(set(projects))}
