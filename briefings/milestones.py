"""Which dated phrases are milestones, of what kind, in which tense.

A milestone is a real event: a law entering into force, a deadline, a planned step, or a past
event the release reports. A year that only frames an amount ("In 2023 gaat het om € 40
miljoen", "vanaf 2027 structureel") or a reporting period ("resultaten tussen 2022 en 2024") is
none. The same date restated for the same event is one milestone.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .dates import DateContext, DateMention, find_dates
from .model import DateSpec, Milestone, MilestoneKind, Precision, Tense
from .money_mentions import mentions as money_mentions
from .passages import Passage

_ENTRY = re.compile(r"\b(in\s+werking|treedt|treden|van\s+kracht|gaat\s+gelden|gaan\s+gelden|"
                    r"geldt|gelden|inwerkingtreding|ingaat|ingaan|gaat\s+\w+\s+in\b|"
                    r"gaat\s+in\s+(?:op|per)\b)", re.IGNORECASE)
_DEADLINE = re.compile(r"\b(uiterlijk|deadline)\W+(?:\w+\W+){0,2}$", re.IGNORECASE)
_DEADLINE_PREPS = {"uiterlijk", "vóór", "voor", "tot en met", "tot"}
_ENTRY_PREPS = {"per", "vanaf", "met ingang van"}
# Statistics about the past ("In 2018 schreef de politie ruim 200.000 boetes uit") report, they
# mark no event.
_STATISTIC = re.compile(r"\d{1,3}(?:\.\d{3})+|\b\d{3,}\b|\bprocent\b|%|\b(?:een derde|de helft|"
                        r"verdubbeld\w*|gehalveerd)\b", re.IGNORECASE)
_SPENDING = re.compile(r"\b(investe\w+|uitgeven|uitgaven|trekt\b.*\buit|bezuinig\w*|"
                       r"begroting)\b", re.IGNORECASE)
HISTORICAL_DAYS = 120
_PAST_VERBS = re.compile(r"\b(werd|werden|was|waren|heeft|hebben|had|hadden|is\s+\w+d\b|"
                         r"zijn\s+\w+d\b|ingediend|gestart|begonnen|afgerond|vastgesteld|"
                         r"aangenomen|gepubliceerd|boekte|boekten|verscheen|stond|stonden|"
                         r"sprak|spraken|bezocht|kwam|kwamen|besloot|besloten|liet|gebeurde)\b",
                         re.IGNORECASE)
_FUTURE_VERBS = re.compile(r"\b(zal|zullen|gaat|gaan|wordt|worden|komt|komen|volgt|verwacht|"
                           r"moet|moeten|treedt|start|begint|per|vanaf|uiterlijk)\b",
                           re.IGNORECASE)
# A period the release reports on, not an event to come.
_REPORTING = re.compile(r"\b(resultat\w*|boekte\w*|behaald|cijfers|aantal\w*|gedaald|gestegen|"
                        r"daalde|steeg|afgelopen|voortgang\w*|terugblik|evaluatie\w*|"
                        r"onderzoek\w*|jaarverslag|monitor\w*|periode)\b", re.IGNORECASE)
# An event verb makes a year in an amount sentence a milestone after all.
_EVENT = re.compile(r"\b(in\s+werking|treedt|ingediend|indienen|start\w*|begin\w*|gestuurd|"
                    r"sturen|besluit|besluiten|gepresenteerd|presenteren|verschijn\w*|"
                    r"publiceer\w*|gepubliceerd|aangeboden|afgerond|opgeleverd|klaar|"
                    r"uiterlijk|aanvraag|aanvragen|evalu\w*)", re.IGNORECASE)
_SAME_DATE = re.compile(r"\bop\s+(?:die|dezelfde|diezelfde)\s+(?:datum|dag)\b", re.IGNORECASE)


def find_milestones(passages: list[Passage], context: DateContext) -> list[Milestone]:
    milestones: list[Milestone] = []
    last: DateSpec | None = None
    for passage in passages:
        if passage.in_title:
            continue
        past = bool(_PAST_VERBS.search(passage.text)) and not _FUTURE_VERBS.search(passage.text)
        local = DateContext(context.published, context.reference_year, past_tense=past)
        found = find_dates(passage.text, local)
        found += _same_date(passage.text, last)
        for mention in sorted(found, key=lambda d: d.start):
            last = mention.spec
            milestone = _milestone(mention, passage, context)
            if milestone is not None and not _restated(milestone, milestones):
                milestones.append(milestone)
    return milestones


def _same_date(text: str, last: DateSpec | None) -> list[DateMention]:
    """'op dezelfde datum': the date just named."""
    if last is None:
        return []
    return [DateMention(m.start(), m.end(), m.group(0), last, "op")
            for m in _SAME_DATE.finditer(text)]


def _milestone(mention: DateMention, passage: Passage, context: DateContext
               ) -> Milestone | None:
    if _frames_an_amount(mention, passage) or _reports_a_period(mention, passage, context):
        return None
    tense = _tense(mention, passage, context)
    kind = _kind(mention, passage, tense, context)
    return Milestone(text=mention.text, date=mention.spec, sentence=passage.text, kind=kind,
                     tense=tense)


def _frames_an_amount(mention: DateMention, passage: Passage) -> bool:
    """'In 2023 gaat het om € 40 miljoen', 'vanaf 2027 structureel € 5 miljoen', 'tot 2027',
    'Het kabinet investeert volgend jaar fors in …'."""
    if mention.spec.precision not in (Precision.YEAR, Precision.PERIOD) or mention.spec.part:
        return False
    return _about_money(passage)


@lru_cache(maxsize=256)
def _about_money(passage: Passage) -> bool:
    """A sentence about an amount or spending, not an event. Asked once per sentence, not once
    per year in it: a sentence with hundreds of years and amounts (a hostile feed) must not
    search itself again for each year (that made extraction cubic)."""
    if not money_mentions(passage) and not _SPENDING.search(passage.text):
        return False
    return not _EVENT.search(passage.text)


def _reports_a_period(mention: DateMention, passage: Passage, context: DateContext) -> bool:
    if mention.preposition == "sinds" and mention.spec.precision is not Precision.DAY:
        return True   # a running state, not an event
    if mention.spec.precision is Precision.YEAR and not mention.spec.part \
            and _tense(mention, passage, context) is Tense.PAST \
            and _STATISTIC.search(passage.text.replace(mention.text, "")):
        return True
    if mention.spec.precision is not Precision.PERIOD:
        return False
    ended = context.published is not None and mention.spec.end < context.published
    return bool(_REPORTING.search(passage.text)) or ended


def _tense(mention: DateMention, passage: Passage, context: DateContext) -> Tense:
    published = context.published
    if published:
        if mention.spec.end < published:
            return Tense.PAST
        if mention.spec.start == published and mention.spec.precision is Precision.DAY:
            return Tense.PAST  # "vandaag": the release reports what happened today
        if mention.spec.start <= published and _PAST_VERBS.search(passage.text) \
                and not _FUTURE_VERBS.search(passage.text):
            return Tense.PAST  # "Deze week startte de campagne", "dit jaar al ruim …"
        return Tense.FUTURE
    past = _PAST_VERBS.search(passage.text) and not _FUTURE_VERBS.search(passage.text)
    return Tense.PAST if past else Tense.FUTURE


def _kind(mention: DateMention, passage: Passage, tense: Tense, context: DateContext
          ) -> MilestoneKind:
    if tense is Tense.PAST:
        published = context.published
        if published and (published - mention.spec.end).days > HISTORICAL_DAYS:
            return MilestoneKind.HISTORICAL
        return MilestoneKind.PAST_EVENT
    text = passage.text
    if mention.preposition in _ENTRY_PREPS and mention.spec.precision in (
            Precision.DAY, Precision.MONTH):
        return MilestoneKind.ENTRY_INTO_FORCE
    if mention.preposition in _DEADLINE_PREPS or _DEADLINE.search(text[:mention.start]):
        return MilestoneKind.DEADLINE
    if _ENTRY.search(text):
        return MilestoneKind.ENTRY_INTO_FORCE
    return MilestoneKind.PLANNED


def _restated(milestone: Milestone, known: list[Milestone]) -> bool:
    """The same date for the same event (lead, body, quote) is one milestone."""
    for other in known:
        if other.date != milestone.date:
            continue
        if other.sentence == milestone.sentence or _similar(other.sentence, milestone.sentence):
            return True
    return False


_STOP = frozenset("""de het een en van voor in op bij met aan naar om tot uit door te is zijn
wordt worden er dat die dit deze als ook nog meer zal zullen gaat gaan kabinet minister""".split())


def _similar(first: str, second: str) -> bool:
    words = [{w[:7] for w in re.findall(r"[a-zà-ÿ]{5,}", s.lower()) if w not in _STOP}
             for s in (first, second)]
    if not words[0] or not words[1]:
        return False
    overlap = len(words[0] & words[1]) / min(len(words[0]), len(words[1]))
    return overlap >= 0.2


def explicit_years(passages: list[Passage]) -> list[int]:
    """Years written out in full, for dating a weekday date elsewhere in the corpus."""
    context = DateContext()
    return [m.spec.year for p in passages for m in find_dates(p.text, context)]
