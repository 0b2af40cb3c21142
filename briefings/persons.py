"""Persons with their role ("Staatssecretaris Rechtsbescherming, Teun Struycken") and the
organisations a release names."""

from __future__ import annotations

import re
from functools import cache

from .model import Person
from .passages import Passage
from .resources import data_toml

_CAP = r"[A-ZÀ-Ý][a-zà-ÿ’'`]+(?:-[A-ZÀ-Ý][a-zà-ÿ’']+)?"
_TUSSEN = r"(?:[Vv]an|[Dd]e|der|den|ter|ten|het|'t)"
_NAME = re.compile(rf"(?:{_CAP}\s+)?(?:{_TUSSEN}\s+){{0,3}}{_CAP}\b")


@cache
def _vocabulary() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    people = data_toml("people.toml")
    titles = sorted(people["titles"], key=len, reverse=True)
    title_re = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, titles)) + r")(?![\w-])",
                          re.IGNORECASE)
    portfolios = sorted(set(people["ministries"]) | set(people["portfolios"]), key=len,
                        reverse=True)
    portfolio_re = re.compile(r"(van\s+)?(" + "|".join(map(re.escape, portfolios)) + r")\b")
    return title_re, portfolio_re, frozenset(people["ministries"])


def find_persons(passages: list[Passage]) -> list[Person]:
    title_re, _, _ = _vocabulary()
    found: list[Person] = []
    for passage in passages:
        for match in title_re.finditer(passage.text):
            person = _person_after(match, passage.text)
            if person:
                found.append(person)
    return _merge(found)


def _person_after(title: re.Match[str], text: str) -> Person | None:
    _, portfolio_re, ministries = _vocabulary()
    position = title.end()
    role = _role_title(title[0])
    lead = portfolio_re.match(text, position + 1) if text[position:position + 1] == " " else None
    if lead:
        role += " " + lead[0]
        position = lead.end()
    separator = re.compile(r",?\s+").match(text, position)
    if not separator:
        return None
    name_match = _NAME.match(text, separator.end())
    if not name_match:
        return None
    name = _cut_at_portfolio(text, name_match, portfolio_re)
    if not name:
        return None
    position = separator.end() + len(name)
    if not lead:
        role += _affiliation(text, position, portfolio_re, ministries)
    return Person(name=name, role=role)


def _cut_at_portfolio(text: str, name: re.Match[str], portfolio_re: re.Pattern[str]) -> str:
    """'Coenradie van Justitie en Veiligheid': the name ends where a portfolio begins."""
    for match in re.finditer(r"\s+(?=van\s)", name[0]):
        if portfolio_re.match(text, name.start() + match.end()):
            return name[0][:match.start()]
    return name[0]


def _affiliation(text: str, position: int, portfolio_re, ministries) -> str:
    rest = text[position:]
    bracket = re.match(r"\s*\(([^)]{2,60})\)", rest)
    if bracket:
        inner = bracket[1].strip()
        if portfolio_re.fullmatch(inner):
            return (" van " if inner in ministries else " ") + inner
        return ""
    of = re.match(r"\s+van\s+", rest)
    if not of:
        return ""
    portfolio = portfolio_re.match(rest, of.end())
    if portfolio:
        tail = re.match(r"\s*\(([A-Z]{2,6})\)", rest[portfolio.end():])
        return " van " + portfolio[2] + (f" ({tail[1]})" if tail else "")
    body = re.match(rf"{_CAP}(?:\s+{_CAP})*", rest[of.end():])
    return " van " + body[0] if body else ""


def _role_title(title: str) -> str:
    # Sentence-initial capitals are dropped; names of offices ("Nationale Ombudsman") keep theirs.
    if title[1:].islower() or "-" in title:
        return title[0].lower() + title[1:]
    return title


def _surname(name: str) -> str:
    return re.split(rf"\s+(?={_TUSSEN}\s)|\s+", name.strip())[-1].lower()


def _merge(persons: list[Person]) -> list[Person]:
    """One entry per person: a later 'Van Weel' is the 'David van Weel' named before."""
    merged: dict[str, Person] = {}
    for person in persons:
        key = _surname(person.name)
        known = merged.get(key)
        if known is None:
            merged[key] = person
            continue
        name = max((known.name, person.name), key=len)
        role = max((known.role or "", person.role or ""), key=len) or None
        merged[key] = Person(name=name, role=role)
    return list(merged.values())


@cache
def _organisations() -> tuple[re.Pattern[str], dict[str, str], tuple[str, ...]]:
    """One pattern for every name and alias, the name each spelling stands for, and the order."""
    entries = data_toml("organisations.toml")["organisation"]
    spelling = {alias: e["name"] for e in entries for alias in (e["name"], *e.get("aliases", []))}
    alternatives = "|".join(map(re.escape, sorted(spelling, key=len, reverse=True)))
    pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
    return pattern, spelling, tuple(e["name"] for e in entries)


def find_organisations(passages: list[Passage]) -> list[str]:
    pattern, spelling, order = _organisations()
    found = {spelling[m[0]] for p in passages for m in pattern.finditer(p.text)}
    return [name for name in order if name in found]
