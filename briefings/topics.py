"""The topic table (data in topics.toml) and how texts are matched to topics."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from .resources import data_toml

TITLE_WEIGHT = 3
ANNOUNCEMENT_THRESHOLD = 3
# A side topic must carry some weight next to the main one to count.
RELATIVE_THRESHOLD = 0.2
MIN_MAIN_TOPIC = 2


@dataclass(frozen=True)
class Topic:
    command: str
    label: str
    stems: tuple[str, ...]
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicTable:
    topics: tuple[Topic, ...]

    def get(self, command: str) -> Topic | None:
        command = command.lower().lstrip("/")
        return next((t for t in self.topics if t.command == command), None)

    @property
    def commands(self) -> tuple[str, ...]:
        return tuple(t.command for t in self.topics)


@cache
def topic_table() -> TopicTable:
    rows = data_toml("topics.toml")["topic"]
    return TopicTable(tuple(
        Topic(r["command"], r["label"], tuple(r["stems"]), tuple(r.get("exclude", ())))
        for r in rows))


@cache
def _pattern(topic: Topic) -> re.Pattern[str]:
    # A stem may start a word or sit inside a compound ("harddrugs"): match it anywhere, then
    # look at the whole word it stands in.
    return re.compile("|".join(re.escape(s.lower()) for s in topic.stems))


_WORD_CHARS = re.compile(r"[\w-]*")


def _word_around(text: str, start: int, end: int) -> tuple[int, str]:
    left = start
    while left > 0 and (text[left - 1].isalnum() or text[left - 1] in "-_"):
        left -= 1
    right = _WORD_CHARS.match(text, end)
    return left, text[left:right.end() if right else end]


def count_topics(text: str, table: TopicTable | None = None) -> Counter[str]:
    table = table or topic_table()
    lowered = text.lower()
    counts: Counter[str] = Counter()
    for topic in table.topics:
        excluded = {e.lower() for e in topic.exclude}
        words: set[int] = set()
        for match in _pattern(topic).finditer(lowered):
            start, word = _word_around(lowered, match.start(), match.end())
            if word not in excluded:
                words.add(start)
        if words:
            counts[topic.command] = len(words)
    return counts


def topics_of(text: str) -> tuple[str, ...]:
    """Topics mentioned in a short text, most mentioned first."""
    return tuple(command for command, _ in count_topics(text).most_common())


def announcement_topics(title: str, body: str) -> tuple[str, ...]:
    score = count_topics(body)
    for command, hits in count_topics(title).items():
        score[command] += TITLE_WEIGHT * hits
    ranked = score.most_common()
    if not ranked:
        return ()
    floor = max(ANNOUNCEMENT_THRESHOLD, RELATIVE_THRESHOLD * ranked[0][1])
    chosen = tuple(c for c, n in ranked if n >= floor)
    # A short release still has a main topic when one clearly leads.
    if not chosen and ranked[0][1] >= MIN_MAIN_TOPIC and (
            len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        chosen = (ranked[0][0],)
    return chosen
