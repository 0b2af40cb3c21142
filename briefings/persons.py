"""Persons with their role ("Staatssecretaris Rechtsbescherming, Teun Struycken") and the
organisations a release names."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .model import Person
from .passages import Passage
from .resources import data_toml

# Any letters: "Yeşilgöz-Zegerius", "Bosch-Çelik", "Şimşek", "Dirk-Jan", "Mönch".
_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĖĘĚĜĞĠĢĤĦĨĪĮİĴĶĹĻĽĿŁŃŅŇŊŌŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_WORD = rf"[{_UP}](?:[^\W\d_]|[’'])+"
_CAP = rf"{_WORD}(?:-{_WORD})*"
_TUSSEN = r"(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]en|'t|in 't|op)"
_INITIAL = rf"[{_UP}]\."
# First name, initials, tussenvoegsels, surname (and a second capitalised surname part: "Bruins
# Slot"), or a bare surname with its tussenvoegsels.
_NAME = re.compile(rf"(?:{_CAP}\s+)?(?:{_INITIAL}\s*)*(?:{_TUSSEN}\s+){{0,3}}{_CAP}"
                   rf"(?:\s+(?!{_TUSSEN}\b){_CAP}(?=\s*[,:(]|\s+(?:van|voor)\s+{_WORD}))?"
                   rf"(?![\w-])")
# Without a title: "Esther Mönch, voorzitter van …", "zegt Jörg Sanders", "Peter R. de Vries".
_FULL = rf"{_CAP}\s+(?:{_INITIAL}\s*)*(?:{_TUSSEN}\s+){{0,3}}{_CAP}(?:\s+{_CAP}(?=,))?"
_UNTITLED = (
    re.compile(rf"(?:^|[“\"‘]\s*|:\s+|\.\s+)(?P<name>{_FULL}),\s+(?P<role>[a-z][^,:.;“\"]{{2,90}}?)"
               rf"\s*(?=[,:;]|\.\s|$|\s+(?:is|noemt|vindt|zegt|reageert|wijst)\b)"),
    re.compile(rf"\b(?:zegt|aldus|volgens|zei|vertelt|stelt)\s+(?P<name>{_FULL})\b"
               rf"(?:,\s+(?P<role>[a-z][^,:.;“\"]{{2,90}}?)(?=[,:;.]))?"),
    re.compile(rf"(?P<name>{_CAP}\s+{_INITIAL}\s*(?:{_TUSSEN}\s+){{0,3}}{_CAP})(?P<role>)"),
    re.compile(rf"(?P<name>{_FULL})\s+(?P<role>)(?:noemt|vindt|reageert|benoemd|is blij|"
               rf"is tevreden|wijst)\b"),
    re.compile(rf"\bvolgt\s+(?P<name>{_FULL})\s+(?P<role>)op\b"),
)
_NOT_A_FIRST_NAME = frozenset("""De Het Een Dat Die Dit Deze Ook In Op Voor Met Na Bij Per Vanaf
Volgens Wie Zij Hij Ze Minister Staatssecretaris Tweede Eerste Raad Openbaar Nationale Nederlands
Nederland Den Sint Centraal Koninklijke Dienst Justitiële Landelijk Landelijke Team Regionale
Rijksoverheid Kabinet Ministerie Europese Europees Politie Rechtspraak Hoge Wet Wetboek""".split())


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
        found.extend(_untitled(passage.text))
    return _merge(found)


def _untitled(text: str) -> list[Person]:
    """People named without a title before them, recognised by how they are introduced."""
    found = []
    for pattern in _UNTITLED:
        for match in pattern.finditer(text):
            name = match["name"].strip()
            if name.split()[0] in _NOT_A_FIRST_NAME or _is_organisation(name) \
                    or _inside_a_longer_name(text, match.start("name")):
                continue
            role = (match["role"] or "").strip() or None
            found.append(Person(name=name, role=role))
    # "De moorden op Derk Wiersum en Peter R. de Vries": a name joined to a person by "en".
    for person in list(found):
        joined = re.search(rf"(?P<name>{_FULL})\s+en\s+{re.escape(person.name)}", text)
        if joined and joined["name"].split()[0] not in _NOT_A_FIRST_NAME:
            found.append(Person(joined["name"], None))
    return found


def _inside_a_longer_name(text: str, start: int) -> bool:
    """'Anouk van der Velde-Şahin', 'Nederlandse Orde van Advocaten': the match began inside."""
    before = text[:start].rstrip()
    last = before.rsplit(None, 1)[-1] if before else ""
    if _vocabulary()[1].fullmatch(last):
        return False   # "minister voor Rechtsbescherming Sevgül …": a portfolio ends before it
    return bool(re.fullmatch(rf"{_TUSSEN}|{_CAP}", last)) and not before.endswith((".", ":"))


def _is_organisation(name: str) -> bool:
    pattern, _, _ = _organisations()
    return bool(pattern.search(name))


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
    if name_match[0][0].islower() and not _POLITICAL.match(title[0]):
        return None  # "voorzitter van de Raad", "burgemeester van Amsterdam": an affiliation
    name = _cut_at_portfolio(text, name_match, portfolio_re)
    if not name or name in _NOT_A_FIRST_NAME or _is_organisation(name):
        return None
    position = separator.end() + len(name)
    if not lead:
        role += _affiliation(text, position, portfolio_re, ministries)
    return Person(name=name, role=role)


_POLITICAL = re.compile(r"(minister|staatssecretaris|premier)", re.IGNORECASE)


def _cut_at_portfolio(text: str, name: re.Match[str], portfolio_re: re.Pattern[str]) -> str:
    """'Coenradie van Justitie en Veiligheid': the name ends where a portfolio begins."""
    for match in re.finditer(r"\s+(?=van\s)", name[0]):
        if portfolio_re.match(text, name.start() + match.end()):
            return name[0][:match.start()]
    return name[0]


def _affiliation(text: str, position: int, portfolio_re: re.Pattern[str],
                 ministries: Any) -> str:
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
