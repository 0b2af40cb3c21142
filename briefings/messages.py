"""Splitting a rendered answer into Telegram messages: at most 4096 characters each, cut on
paragraph boundaries where possible, every part valid HTML on its own."""

from __future__ import annotations

import re

LIMIT = 4096
_TAG = re.compile(r"<(/?)([a-z]+)(?:\s[^>]*)?>")


def split_message(text: str, limit: int = LIMIT) -> list[str]:
    parts: list[str] = []
    current = ""
    for block in _blocks(text, limit):
        candidate = f"{current}\n\n{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        current = block
    if current:
        parts.append(current)
    return parts or [""]


def _blocks(text: str, limit: int) -> list[str]:
    """Paragraphs, with any paragraph longer than the limit cut further."""
    blocks: list[str] = []
    for paragraph in text.split("\n\n"):
        if len(paragraph) <= limit:
            blocks.append(paragraph)
        else:
            blocks.extend(_cut_long(paragraph, limit))
    return blocks


def _cut_long(paragraph: str, limit: int) -> list[str]:
    """Cuts at line breaks, then spaces, never inside a tag or an entity; tags left open at a
    cut are closed there and opened again in the next piece."""
    pieces: list[str] = []
    open_tags: list[str] = []
    rest = paragraph
    while rest:
        prefix = "".join(open_tags)
        room = limit - len(prefix) - sum(len(_closing(t)) for t in open_tags) - 32
        if len(prefix) + len(rest) <= limit and not open_tags:
            pieces.append(rest)
            break
        if len(prefix) + len(rest) + _closing_length(open_tags) <= limit:
            pieces.append(prefix + rest)
            break
        cut = _cut_point(rest, max(room, 1))
        chunk, rest = rest[:cut], rest[cut:].lstrip(" \n")
        still_open = _open_after(open_tags, chunk)
        pieces.append(prefix + chunk + "".join(_closing(t) for t in reversed(still_open)))
        open_tags = still_open
    return pieces


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


def _closing_length(tags: list[str]) -> int:
    return sum(len(_closing(t)) for t in tags)
