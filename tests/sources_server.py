"""A loopback news site for the source tests (real sockets on 127.0.0.1, nothing else).

It serves what the ministry serves, and what a hostile source might: a summary-only RSS feed
and an Atom feed whose links lead to article pages wrapped in the furniture of a government
site (skip links, menu, breadcrumbs, cookie banner, "Lees ook", share buttons, a survey, a
footer); the open-data JSON API with paging and per-item data; ETag/Last-Modified with 304s;
and 500s, 429s, a server that drips one byte a second, a 50 MB body, a gzip bomb and an HTML
page where a feed should be. Releases are generated, so tests derive what to expect from the
same `NewsItem`s the site serves.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import html
import json
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

TOPICS = ("jeugdbescherming", "politie", "gevangeniswezen", "rechtspraak", "cybercrime")


@dataclass(frozen=True)
class NewsItem:
    number: int
    published: dt.datetime

    @property
    def topic(self) -> str:
        return TOPICS[self.number % len(TOPICS)]

    @property
    def title(self) -> str:
        return f"Kabinet neemt maatregel {self.number} voor de {self.topic}"

    @property
    def slug(self) -> str:
        return f"kabinet-neemt-maatregel-{self.number}"

    @property
    def path(self) -> str:
        return f"/actueel/nieuws/{self.published:%Y/%m/%d}/{self.slug}"

    @property
    def summary(self) -> str:
        return f"Het kabinet neemt maatregel {self.number} voor de {self.topic}."

    @property
    def sections(self) -> list[tuple[str | None, list[str]]]:
        """The article text: what must be stored, exactly."""
        n = self.number
        return [
            (None, [f"Het kabinet trekt jaarlijks € {n % 40 + 2} miljoen extra uit voor de "
                    f"{self.topic}. Dat heeft de minister van Justitie en Veiligheid vandaag "
                    f"bekendgemaakt in een brief aan de Tweede Kamer.",
                    f"De minister: “Met maatregel {n} zetten we een belangrijke stap. Mensen "
                    "moeten erop kunnen vertrouwen dat de overheid hen beschermt.”"]),
            ("Wat verandert er", [
                f"Vanaf 1 januari 2027 gelden nieuwe regels voor de {self.topic}. Organisaties "
                "krijgen meer ruimte om samen te werken en informatie te delen.",
                "De Tweede Kamer ontvangt voor de zomer een uitgewerkt plan van aanpak."]),
            ("Vervolg", [f"Na de zomer volgt een evaluatie van maatregel {n} met de betrokken "
                         "organisaties en gemeenten."]),
        ]


def article_page(item: NewsItem) -> str:
    """An article page with realistic furniture around the text."""
    body = "".join(
        (f"<h2>{html.escape(heading)}</h2>" if heading else "")
        + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        for heading, paragraphs in item.sections)
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>{html.escape(item.title)} | Nieuwsbericht |
Rijksoverheid.nl</title></head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>Rijksoverheid.nl gebruikt cookies om de
website te verbeteren. Wij vragen uw toestemming voor het plaatsen van analytische cookies.</p>
<button>Accepteren</button><button>Weigeren</button></div>
<a class="skiplink" href="#content">Ga direct naar inhoud</a>
<header><a href="/"><img alt="Logo Rijksoverheid"></a>
<nav class="menu"><ul><li><a href="/onderwerpen">Onderwerpen</a></li>
<li><a href="/ministeries">Ministeries</a></li><li><a href="/actueel">Actueel</a></li>
<li><a href="/documenten">Documenten</a></li><li><a href="/contact">Contact</a></li></ul></nav>
<form class="search"><input name="trefwoord" placeholder="Zoeken"><button>Zoek</button></form>
</header>
<nav class="breadcrumb"><p>U bent hier:</p><ol><li><a href="/">Home</a></li>
<li><a href="/actueel">Actueel</a></li><li><a href="/actueel/nieuws">Nieuws</a></li>
<li>{html.escape(item.title)}</li></ol></nav>
<main id="content"><div class="article content">
<h1>{html.escape(item.title)}</h1>
<p class="article-meta">Nieuwsbericht | {item.published:%d-%m-%Y} | 10:00</p>
<article>{body}</article>
</div>
<div class="share"><h2>Deel dit bericht</h2><ul><li><a href="#">Facebook</a></li>
<li><a href="#">X</a></li><li><a href="#">LinkedIn</a></li><li><a href="#">E-mail</a></li>
</ul></div>
<aside class="related"><h2>Lees ook</h2><ul>
<li><a href="/actueel/nieuws/ander">Ander nieuws over de {item.topic}</a></li>
<li><a href="/onderwerpen/{item.topic}">Meer over {item.topic}</a></li></ul></aside>
<section class="survey"><h2>Was deze informatie nuttig?</h2><p>Help ons de website te
verbeteren.</p><button>Ja</button><button>Nee</button></section>
</main>
<footer><div><h2>Over deze site</h2><ul><li><a href="/copyright">Copyright</a></li>
<li><a href="/privacy">Privacy</a></li><li><a href="/cookies">Cookies</a></li>
<li><a href="/toegankelijkheid">Toegankelijkheid</a></li></ul></div>
<p>De Rijksoverheid. Voor Nederland.</p></footer>
</body></html>"""


FURNITURE = ("cookies", "Accepteren", "Ga direct naar inhoud", "Onderwerpen", "U bent hier",
             "Deel dit bericht", "Lees ook", "Ander nieuws", "nuttig", "Over deze site",
             "Voor Nederland", "Nieuwsbericht |")


def rss(items: list[NewsItem], base: str) -> bytes:
    entries = "".join(
        f"<item><title>{html.escape(i.title)}</title><link>{base}{i.path}</link>"
        f"<description>{html.escape(i.summary)}</description>"
        f"<pubDate>{email.utils.format_datetime(i.published)}</pubDate>"
        f"<guid>{base}{i.path}</guid></item>" for i in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Justitie en Veiligheid</title><link>{base}/</link>{entries}"
            f"</channel></rss>").encode()


def atom(items: list[NewsItem], base: str) -> bytes:
    entries = "".join(
        f"<entry><title>{html.escape(i.title)}</title><link href=\"{base}{i.path}\"/>"
        f"<id>{base}{i.path}</id><updated>{i.published.isoformat()}</updated>"
        f"<published>{i.published.isoformat()}</published>"
        f"<summary>{html.escape(i.summary)}</summary></entry>" for i in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Justitie</title><id>{base}/atom</id><updated>2026-11-28T10:00:00Z</updated>"
            f"{entries}</feed>").encode()


def api_record(item: NewsItem, base: str) -> dict:
    return {"id": f"id-{item.number}", "type": "Nieuwsbericht", "title": item.title,
            "introduction": f"<p>{html.escape(item.summary)}</p>",
            "canonical": f"{base}{item.path}", "dataurl": f"{base}/api/item/{item.number}",
            "available": item.published.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "lastmodified": item.published.isoformat(), "extra-field": {"ignored": True}}


def api_content(item: NewsItem) -> dict:
    body = "".join((f"<h2>{html.escape(h)}</h2>" if h else "")
                   + "".join(f"<p>{html.escape(p)}</p>" for p in ps) for h, ps in item.sections)
    return {"id": f"id-{item.number}", "title": item.title, "content": body}


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a client that hangs up on a hostile body is the point of the test


@dataclass
class NewsSite:
    """The loopback server; `items` newest first, as the ministry lists them."""

    items: list[NewsItem] = field(default_factory=list)
    hits: Counter = field(default_factory=Counter)
    not_modified: Counter = field(default_factory=Counter)
    fail_paths: dict[str, int] = field(default_factory=dict)  # path → status to answer
    api_fail_from_offset: int | None = None                   # simulate a dying backfill

    def __post_init__(self) -> None:
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    @property
    def base(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> NewsSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                site._handle(self)

            def log_message(self, *args) -> None:
                pass

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def publish(self, *items: NewsItem) -> None:
        with self._lock:
            self.items = sorted([*items, *self.items], key=lambda i: i.published, reverse=True)

    # --- answers ------------------------------------------------------------------------

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        url = urlparse(request.path)
        self.hits[url.path] += 1
        if url.path in self.fail_paths:
            status = self.fail_paths[url.path]
            headers = {"Retry-After": "7"} if status == 429 else {}
            return self._send(request, status, b"storing", "text/plain", headers)
        with self._lock:
            items = list(self.items)
        routes = {"/rss.xml": lambda: self._feed(request, rss(items, self.base),
                                                 "application/rss+xml"),
                  "/atom.xml": lambda: self._feed(request, atom(items, self.base),
                                                  "application/atom+xml"),
                  "/api/news": lambda: self._api(request, url.query, items),
                  "/drip": lambda: self._drip(request),
                  "/huge": lambda: self._huge(request),
                  "/bomb": lambda: self._bomb(request),
                  "/geen-feed": lambda: self._send(request, 200, article_page(items[0]).encode()
                                                   if items else b"<html></html>",
                                                   "text/html; charset=utf-8")}
        if url.path in routes:
            return routes[url.path]()
        if url.path.startswith("/api/item/"):
            number = int(url.path.rsplit("/", 1)[1])
            item = next(i for i in items if i.number == number)
            return self._send(request, 200, json.dumps(api_content(item)).encode(),
                              "application/json")
        item = next((i for i in items if i.path == url.path), None)
        if item is None:
            return self._send(request, 404, b"niet gevonden", "text/plain")
        self._send(request, 200, article_page(item).encode(), "text/html; charset=utf-8")

    def _feed(self, request: BaseHTTPRequestHandler, body: bytes, kind: str) -> None:
        etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
        if request.headers.get("If-None-Match") == etag:
            self.not_modified[urlparse(request.path).path] += 1
            return self._send(request, 304, b"", kind, {"ETag": etag})
        self._send(request, 200, body, kind, {"ETag": etag,
                                             "Last-Modified": "Sat, 28 Nov 2026 10:00:00 GMT"})

    def _api(self, request: BaseHTTPRequestHandler, query: str, items: list[NewsItem]) -> None:
        params = parse_qs(query)
        rows, offset = int(params["rows"][0]), int(params["offset"][0])
        if self.api_fail_from_offset is not None and offset >= self.api_fail_from_offset:
            return self._send(request, 503, b"onderhoud", "text/plain")
        page = [api_record(i, self.base) for i in items[offset:offset + rows]]
        self._send(request, 200, json.dumps(page).encode(), "application/json")

    def _drip(self, request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("Content-Length", "1000")
        request.end_headers()
        try:
            for _ in range(60):  # bounded: one byte a second for at most a minute
                request.wfile.write(b" ")
                request.wfile.flush()
                time.sleep(1)
        except OSError:
            pass  # the client gave up, as it should

    def _huge(self, request: BaseHTTPRequestHandler) -> None:
        size = 50 * 1024 * 1024
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("Content-Length", str(size))
        request.end_headers()
        block = b"x" * 65536
        try:
            for _ in range(size // len(block)):
                request.wfile.write(block)
        except OSError:
            pass

    def _bomb(self, request: BaseHTTPRequestHandler) -> None:
        body = _gzip_bomb(256)
        self._send(request, 200, body, "application/rss+xml", {"Content-Encoding": "gzip"})

    @staticmethod
    def _send(request: BaseHTTPRequestHandler, status: int, body: bytes, kind: str,
              headers: dict[str, str] | None = None) -> None:
        request.send_response(status)
        request.send_header("Content-Type", kind)
        request.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            request.send_header(key, value)
        request.end_headers()
        try:
            request.wfile.write(body)
        except OSError:
            pass


@functools.cache
def _gzip_bomb(megabytes: int) -> bytes:
    """`megabytes` of zeros as a small gzip body: what a bomb looks like on the wire."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    return b"".join([*(packer.compress(block) for _ in range(megabytes)), packer.flush()])



def news(count: int, newest: dt.datetime, start: int = 1, step: dt.timedelta =
         dt.timedelta(hours=12)) -> list[NewsItem]:
    """`count` releases, the newest at `newest`, older ones `step` apart."""
    return [NewsItem(start + n, newest - n * step) for n in range(count)]
