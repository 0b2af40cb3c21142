"""Fetching like a good citizen, and safely: httpx with timeouts, a User-Agent that names the
bot, conditional GET (ETag / Last-Modified), a size cap counted AFTER decompression (we inflate
gzip/deflate ourselves, a bounded piece at a time, so a gzip bomb never gets big in memory) and
one total deadline per fetch (so a server that drips a byte every few seconds cannot hold us)."""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import httpx

USER_AGENT = ("briefingbot/0.1 (Telegram-bot die de persberichten van het ministerie van "
              "Justitie en Veiligheid volgt)")
CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchLimits:
    max_bytes: int = 5 * 1024 * 1024   # after decompression
    deadline: float = 60.0            # seconds for the whole fetch, body included
    connect_timeout: float = 10.0
    read_timeout: float = 20.0        # between two bytes


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        charset = "utf-8"
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip("\"' ")
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


class FetchFailed(Exception):
    """A fetch that gave nothing usable; says why, and how long the server asked us to wait."""

    def __init__(self, url: str, reason: str, retry_after: float | None = None) -> None:
        self.url, self.reason, self.retry_after = url, reason, retry_after
        super().__init__(f"{url}: {reason}")


class Fetcher:
    def __init__(self, limits: FetchLimits = FetchLimits(),
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.limits = limits
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout),
            follow_redirects=True, max_redirects=5, transport=transport,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"})

    async def aclose(self) -> None:
        await self._client.aclose()

    async def get(self, url: str, etag: str | None = None, last_modified: str | None = None
                  ) -> Fetched:
        """The response; a 304 comes back with an empty body. Raises FetchFailed."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            async with asyncio.timeout(self.limits.deadline):
                return await self._get(url, headers)
        except TimeoutError as error:
            raise FetchFailed(url, f"geen volledig antwoord binnen {self.limits.deadline:.0f} s"
                              ) from error
        except httpx.HTTPError as error:
            raise FetchFailed(url, f"{type(error).__name__}: {error}") from error

    async def _get(self, url: str, headers: dict[str, str]) -> Fetched:
        async with self._client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            if status == 429 or status >= 500:
                raise FetchFailed(url, f"HTTP {status}", _retry_after(response))
            if status >= 400:
                raise FetchFailed(url, f"HTTP {status}")
            body = b"" if status == 304 else await self._body(url, response)
            return Fetched(str(response.url), status, body, response.headers.get("etag"),
                           response.headers.get("last-modified"),
                           response.headers.get("content-type", ""))

    async def _body(self, url: str, response: httpx.Response) -> bytes:
        cap = self.limits.max_bytes
        declared = response.headers.get("content-length", "")
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding in ("", "identity") and declared.isdigit() and int(declared) > cap:
            raise FetchFailed(url, f"groter dan {cap // 1024} kB")
        inflater = _Inflater(encoding, url)
        parts: list[bytes] = []
        size = 0
        async for chunk in response.aiter_raw(CHUNK):
            for piece in inflater.feed(chunk, cap - size + 1):
                size += len(piece)
                if size > cap:
                    raise FetchFailed(url, f"groter dan {cap // 1024} kB (uitgepakt)")
                parts.append(piece)
        return b"".join(parts)


class _Inflater:
    """gzip/deflate → bytes, never producing more than asked for per step."""

    def __init__(self, encoding: str, url: str) -> None:
        if encoding in ("gzip", "x-gzip", "deflate"):
            self._zlib: zlib._Decompress | None = zlib.decompressobj(47)  # gzip or zlib header
        elif encoding in ("", "identity"):
            self._zlib = None
        else:
            raise FetchFailed(url, f"onbekende inhoudscodering ‘{encoding}’")
        self.url = url

    def feed(self, chunk: bytes, room: int) -> Iterator[bytes]:
        if self._zlib is None:
            yield chunk
            return
        data = chunk
        try:
            while data:
                piece = self._zlib.decompress(data, max(room, 1))
                if piece:
                    yield piece
                data = self._zlib.unconsumed_tail
        except zlib.error as error:
            raise FetchFailed(self.url, f"beschadigde gzip-gegevens ({error})") from error


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())
