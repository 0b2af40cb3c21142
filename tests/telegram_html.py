"""A checker for Telegram's HTML subset: only its tags, properly nested, valid entities."""

from html.parser import HTMLParser

ALLOWED = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
           "blockquote", "tg-spoiler", "span"}


class InvalidTelegramHtml(AssertionError):
    pass


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.stack = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED:
            raise InvalidTelegramHtml(f"tag <{tag}> is not allowed")
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            raise InvalidTelegramHtml(f"</{tag}> does not close {self.stack[-1:]}")
        self.stack.pop()

    def handle_entityref(self, name):
        if name not in {"lt", "gt", "amp", "quot"}:
            raise InvalidTelegramHtml(f"entity &{name}; is not supported")


def check_telegram_html(text: str) -> None:
    if "<" in text.replace("<", "", 0) and text.count("<") != text.count(">"):
        raise InvalidTelegramHtml("unbalanced angle brackets")
    checker = _Checker()
    checker.feed(text)
    checker.close()
    if checker.stack:
        raise InvalidTelegramHtml(f"unclosed {checker.stack}")
    if checker.rawdata:
        raise InvalidTelegramHtml(f"unparsed rest {checker.rawdata[:30]!r}")
