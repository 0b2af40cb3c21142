"""Splitting a rendered answer into Telegram messages: at most 4096 characters each, cut on
paragraph boundaries where possible, every part valid HTML on its own."""

from __future__ import annotations

import re

LIMIT = 4096
_TAG = re.compile(r"<(/?)([a-z-]+)(?:\s[^>]*)?>")
_MARGIN = 64  # room for the tags closed at the end of a part and reopened in the next


def split_message(text: str, limit: int = LIMIT) -> list[str]:
    margin = _MARGIN
    while True:
        parts = _balance(_pack(text, limit - margin))
        if all(len(p) <= limit for p in parts) or margin >= limit // 2:
            return parts
        margin *= 2  # unusually long tags (a long link): leave more room


def _pack(text: str, budget: int) -> list[str]:
    parts: list[str] = []
    current = ""
    for block in _blocks(text, budget):
        candidate = f"{current}\n\n{block}" if current else block
        if len(candidate) <= budget:
            current = candidate
            continue
        if current:
            parts.append(current)
        current = block
    if current:
        parts.append(current)
    return parts or [""]


def _blocks(text: str, budget: int) -> list[str]:
    """Paragraphs, with any paragraph longer than the budget cut further."""
    blocks: list[str] = []
    for paragraph in text.split("\n\n"):
        while len(paragraph) > budget:
            cut = _cut_point(paragraph, budget)
            blocks.append(paragraph[:cut].rstrip())
            paragraph = paragraph[cut:].lstrip(" \n")
        if paragraph.strip():
            blocks.append(paragraph)
    return blocks


def _cut_point(text: str, room: int) -> int:
    window = text[:room]
    for separator in ("\n", " "):
        position = window.rfind(separator)
        if position > room // 2:
            return _outside_markup(text, position)
    return _outside_markup(text, room)


def _outside_markup(text: str, position: int) -> int:
    """Moves a cut back so it does not fall inside <…> or &…;."""
    tag_start, tag_end = text.rfind("<", 0, position), text.rfind(">", 0, position)
    if tag_start > tag_end:
        position = tag_start
    amp, semicolon = text.rfind("&", 0, position), text.rfind(";", 0, position)
    if amp > semicolon and position - amp <= 10:
        position = amp
    return max(position, 1)


def _balance(parts: list[str]) -> list[str]:
    """Closes the tags a part leaves open and opens them again at the start of the next."""
    result = []
    open_tags: list[str] = []
    for part in parts:
        body = "".join(open_tags) + part
        open_tags = _open_after(open_tags, part)
        result.append(body + "".join(_closing(t) for t in reversed(open_tags)))
    return result


def _open_after(open_tags: list[str], chunk: str) -> list[str]:
    stack = list(open_tags)
    for match in _TAG.finditer(chunk):
        if match[1]:
            for i in range(len(stack) - 1, -1, -1):
                if _name(stack[i]) == match[2]:
                    del stack[i]
                    break
        else:
            stack.append(match[0])
    return stack


def _name(tag: str) -> str:
    found = _TAG.match(tag)
    return found[2] if found else ""


def _closing(tag: str) -> str:
    return f"</{_name(tag)}>"
