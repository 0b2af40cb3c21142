"""Money measures: exact euro amounts with their kind, per-year, start year, qualifier and
part-of. The mentions are found in `money_mentions.py`; this module decides which mentions are
one measure, and how measures relate (a part of a package, an addition, a context envelope)."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from .model import Amount, AmountKind
from .money_mentions import Mention, euros, mentions
from .passages import Passage

__all__ = ["euros", "find_amounts"]

# "waarvan € 12 miljoen", "Daarvan gaat …", "Van het bedrag gaat € 12 miljoen naar …"
_PART_CUE = re.compile(r"\b(waarvan|daarvan|hiervan|daaruit|hieruit|van (?:dit|dat|het|deze) "
                       r"(?:bedrag|geld|budget|totaal|pakket|investering\w*)|een deel daarvan|"
                       r"van de (?:€\s*)?\d[\d,.]*\s*(?:miljoen|miljard|mln|mld)|"
                       r"het grootste deel|een deel gaat|onder meer)\b", re.IGNORECASE)
# A following sentence that goes on with the breakdown, while the parts still fit.
_CONTINUES = re.compile(r"^(Daarnaast|Ook|Verder|Tevens|Bovendien|Een ander deel|Het overige|"
                        r"De rest|Het resterende|Voorts|En)\b", re.IGNORECASE)
# "daar komt € 5 miljoen bij", "bovenop", "aanvullend op": an addition, never a part.
_ADDITION = re.compile(r"\b(daar\s+komt|komt\s+daar|komt\s+er\b.*\bbij\b|bovenop|daarbovenop|"
                       r"aanvullend\s+op|in\s+aanvulling\s+op|naast\s+de(?:ze)?\s+€|los\s+van)",
                       re.IGNORECASE)
# The sub-budgets of a package named in the lead, each under its own sub-heading.
_SEPARATE = re.compile(r"^(Daarnaast|Bovendien|Los daarvan|Tevens|Verder|Ook)\b")
# An explicit sum: "In totaal gaat het om …"
_IS_TOTAL = re.compile(r"\b(in totaal|totaal|bij elkaar|samen)\b", re.IGNORECASE)


def find_amounts(passages: list[Passage]) -> list[Amount]:
    first = [m for p in passages for m in mentions(p)]
    known = frozenset(m.eur for m in first)
    found = [_with_antecedent(m, passages) for p in passages for m in mentions(p, known)]
    groups = _measures(found)
    amounts = [_amount(index, group) for index, group in enumerate(groups)]
    where = [g[0] for g in groups]
    parents = _link(amounts, where)
    return [replace(a, part_of=parents.get(a.index),
                    per_year=_inherits_per_year(a, amounts[parents[a.index]], where)
                    if a.index in parents else a.per_year)
            for a in amounts]


# "trekt daarvoor € 15 miljoen uit": the purpose stands in the sentence before.
_ANAPHORA = re.compile(r"(daarvoor|hiervoor|ervoor|daartoe|hiertoe)\b", re.IGNORECASE)


def _with_antecedent(mention: Mention, passages: list[Passage]) -> Mention:
    if not _ANAPHORA.search(mention.passage.text[:mention.start]):
        return mention
    before = [p for p in passages if p.sentence == mention.passage.sentence - 1
              and p.paragraph == mention.passage.paragraph]
    return replace(mention, lead=f"{before[0].text} {mention.lead}") if before else mention


def _inherits_per_year(part: Amount, package: Amount, where: list[Mention]) -> bool:
    """A part split off a yearly package ("jaarlijks € 38 miljoen, waarvan € 11 miljoen …",
    "Van de 14 miljoen gaat 9 miljoen naar …") is yearly too, unless it says one-off."""
    if part.per_year or part.one_off or not package.per_year \
            or package.kind is AmountKind.CONTEXT:
        return part.per_year
    mention = where[part.index]
    return bool(_SPLIT_OFF.search(mention.passage.text[:mention.start]))


_SPLIT_OFF = re.compile(r"\b(waarvan|daarvan|hiervan|van (?:dit|dat|het|deze|de) "
                        r"(?:bedrag|geld|budget|pakket|(?:€\s*)?\d[\d,.]*\s*(?:miljoen|miljard|mln)))\b",
                        re.IGNORECASE)


# ---------------------------------------------------------------- one measure per amount


def _measures(found: list[Mention]) -> list[list[Mention]]:
    """Mentions grouped into measures: a restatement of the same value for the same purpose
    joins the earlier one; the same value for a different purpose is its own measure."""
    ordered = sorted(found, key=lambda m: (m.passage.in_title, m.passage.sentence, m.start))
    groups: list[list[Mention]] = []
    for mention in ordered:
        same = [g for g in groups if g[0].eur == mention.eur and g[0].kind == mention.kind]
        home = next((g for g in same if _restates(g, mention)), None)
        if home is not None:
            home.append(mention)
        else:
            groups.append([mention])
    return groups


def _restates(group: list[Mention], mention: Mention) -> bool:
    if any(m.passage.sentence == mention.passage.sentence for m in group):
        return False   # "€ 40 miljoen voor A en € 40 miljoen voor B"
    if _SAME_VALUE_AGAIN.search(mention.passage.text[:mention.start]):
        return False   # "Een even groot bedrag, € 15 miljoen, gaat naar …"
    if mention.passage.in_title:
        return True
    if not (_says_what_for(mention) and any(_says_what_for(m) for m in group)):
        return True
    mine, theirs = _purpose_words(mention), set().union(*(_purpose_words(m) for m in group))
    if not (mine and theirs) or mine & theirs:
        return True
    # Each names a purpose, none in common: two measures when the text says it is another one
    # ("Daarnaast …", "nog eens") or it stands in another paragraph.
    other_paragraph = all(m.passage.paragraph != mention.passage.paragraph for m in group)
    return not (other_paragraph or _ANOTHER.search(mention.passage.text))


_SAME_VALUE_AGAIN = re.compile(r"\b(even groot bedrag|eenzelfde bedrag|hetzelfde bedrag|"
                               r"nog eens|opnieuw)\b", re.IGNORECASE)
_ANOTHER = re.compile(r"^(Daarnaast|Ook|Verder|Tevens|Bovendien|Eveneens|Voorts)\b|"
                      r"\b(nog eens|eveneens|daarnaast|apart)\b", re.IGNORECASE)


_STOP = frozenset("""de het een en van voor in op bij met aan naar om tot uit door te is zijn
wordt worden er dat die dit deze als ook nog meer extra jaar per jaarlijks structureel miljoen
euro gaat gaan komt beschikbaar kabinet geld investeert investering bedrag krijgt krijgen
ontvangt ontvangen trekt trekken bestemd""".split())


def _says_what_for(mention: Mention) -> bool:
    return bool(mention.purpose) or bool(re.search(r"\b(voor|naar|om)\s", mention.lead,
                                                   re.IGNORECASE))


def _purpose_words(mention: Mention) -> set[str]:
    words = re.findall(r"[a-zà-ÿ]{4,}", f"{mention.lead} {mention.purpose}".lower())
    return {w[:6] for w in words if w not in _STOP}


def _amount(index: int, group: list[Mention]) -> Amount:
    primary = group[0]
    return Amount(
        index=index,
        text=primary.text,
        eur=primary.eur,
        sentence=primary.passage.text,
        per_year=any(m.per_year for m in group) and not primary.one_off,
        from_year=next((m.from_year for m in group if m.from_year), None),
        qualifier=next((m.qualifier for m in group if m.qualifier), None),
        extra=any(m.extra for m in group),
        purpose=next((m.purpose for m in group if m.purpose), ""),
        kind=primary.kind,
        one_off=any(m.one_off for m in group) and not primary.per_year,
    )


# ---------------------------------------------------------------- part of a package


def _link(amounts: list[Amount], where: list[Mention]) -> dict[int, int]:
    """Sub-budgets point at their package, so a total never counts a part twice; an addition
    points nowhere, so it is never dropped."""
    parent: dict[int, int] = {}
    _context_parts(amounts, where, parent)
    _breakdowns(amounts, where, parent)
    _totals(amounts, where, parent)
    if not parent:
        parent.update(_sectioned_parts(amounts, where))
    return parent


def _context_parts(amounts: list[Amount], where: list[Mention], parent: dict[int, int]) -> None:
    """'Deze investering is onderdeel van de € 300 miljoen die …': the measure the sentence is
    about (in it, else the release's first) is part of that envelope."""
    for envelope in amounts:
        if envelope.kind is not AmountKind.CONTEXT:
            continue
        sentence = where[envelope.index].passage.sentence
        same = [a for a in amounts if a is not envelope and a.kind is not AmountKind.CONTEXT
                and where[a.index].passage.sentence == sentence
                and where[a.index].start < where[envelope.index].start]
        # "… € 40 miljoen … Dat bedrag valt binnen de € 310 miljoen": the sentence before.
        before = [a for a in amounts if a.kind is not AmountKind.CONTEXT
                  and where[a.index].passage.sentence == sentence - 1
                  and where[a.index].passage.paragraph == where[envelope.index].passage.paragraph]
        # "Beide bedragen komen uit …": every amount of the paragraph so far.
        earlier = before[-1:]
        if _SEVERAL.search(where[envelope.index].passage.text):
            paragraph = where[envelope.index].passage.paragraph
            earlier = [a for a in amounts if a.kind is not AmountKind.CONTEXT
                       and where[a.index].passage.paragraph == paragraph
                       and where[a.index].passage.sentence < sentence]
        candidates = same or earlier or [a for a in amounts if a.kind is AmountKind.BUDGET
                                             and a.part_of is None
                                             and a.index < envelope.index][:1]
        for part in candidates:
            if part.eur < envelope.eur and part.index not in parent:
                parent[part.index] = envelope.index


_SEVERAL = re.compile(r"\b(beide|deze|die|alle|de genoemde) bedragen\b", re.IGNORECASE)


def _breakdowns(amounts: list[Amount], where: list[Mention], parent: dict[int, int]) -> None:
    """'waarvan', 'daarvan', 'van het bedrag gaat … naar' make parts; a following 'daarnaast'
    or 'ook' goes on with the breakdown while the parts still fit in the package."""
    package: Amount | None = None
    used = Decimal(0)
    last_part_sentence = -1
    for amount in amounts:
        mention = where[amount.index]
        if amount.kind is AmountKind.CONTEXT or amount.index in parent:
            continue
        before = mention.passage.text[:mention.start]
        if _ADDITION.search(mention.passage.text) and not _PART_CUE.search(before):
            package = None
            continue
        same_breakdown = package is not None and mention.passage.sentence == last_part_sentence
        if _PART_CUE.search(before) or same_breakdown:
            candidate = package or _previous_package(amounts, where, amount)
            if candidate is not None and used + amount.eur <= candidate.eur \
                    and candidate.eur > amount.eur and candidate.kind is amount.kind:
                if candidate is not package:
                    package, used = candidate, Decimal(0)
                parent[amount.index] = candidate.index
                used += amount.eur
                last_part_sentence = mention.passage.sentence
                continue
        if package is not None and _CONTINUES.match(mention.passage.text) \
                and used + amount.eur <= package.eur and amount.kind is package.kind \
                and mention.passage.paragraph - where[package.index].passage.paragraph <= 2:
            parent[amount.index] = package.index
            used += amount.eur
            last_part_sentence = mention.passage.sentence
            continue
        package, used = None, Decimal(0)


def _previous_package(amounts: list[Amount], where: list[Mention], part: Amount
                      ) -> Amount | None:
    mine = where[part.index]
    earlier = [a for a in amounts if a.index != part.index and a.kind is not AmountKind.CONTEXT
               and not where[a.index].passage.in_title
               and (where[a.index].passage.sentence, where[a.index].start)
               < (mine.passage.sentence, mine.start) and a.eur > part.eur
               and (where[a.index].passage.heading == mine.passage.heading
                    and mine.passage.paragraph - where[a.index].passage.paragraph <= 3
                    or _names_the_amount(mine) and where[a.index].passage.paragraph == 0)]
    return max(earlier, key=lambda a: (where[a.index].passage.sentence, where[a.index].start),
               default=None)


# "Van het bedrag gaat …", "Daarvan …" at the start of a section: back to the lead's package.
_BACK_REFERENCE = re.compile(r"^(Van (?:dit|dat|het|deze) (?:bedrag|geld|budget|totaal|pakket|"
                             r"investering\w*)|Daarvan|Hiervan)\b", re.IGNORECASE)


def _names_the_amount(mention: Mention) -> bool:
    return bool(_BACK_REFERENCE.match(mention.passage.text))


def _totals(amounts: list[Amount], where: list[Mention], parent: dict[int, int]) -> None:
    """'In totaal gaat het om € 60 miljoen' after its parts: the parts that add up to it."""
    for total in amounts:
        mention = where[total.index]
        if total.index in parent or not _IS_TOTAL.search(mention.passage.text):
            continue
        earlier = [a for a in amounts if a.index < total.index and a.index not in parent
                   and a.kind is total.kind and a.index not in parent.values()
                   and where[a.index].passage.paragraph >= mention.passage.paragraph - 1
                   and not where[a.index].passage.in_title]
        for start in range(len(earlier)):
            run = earlier[start:]
            if len(run) >= 2 and sum(a.eur for a in run) == total.eur:
                for part in run:
                    parent[part.index] = total.index
                break


def _sectioned_parts(amounts: list[Amount], where: list[Mention]) -> dict[int, int]:
    """A package named in the title or lead with smaller amounts in the sub-headed sections."""
    budgets = [a for a in amounts if a.kind is AmountKind.BUDGET]
    if not budgets:
        return {}
    package = budgets[0]
    lead = where[package.index].passage
    if lead.paragraph > 0 and not lead.in_title:
        return {}
    parts = [a for a in budgets[1:]
             if where[a.index].passage.heading is not None and a.eur < package.eur
             and not _SEPARATE.match(where[a.index].passage.text)]
    if len(parts) != len(budgets) - 1 or not parts or sum(a.eur for a in parts) > package.eur:
        return {}
    return {a.index: package.index for a in parts}
