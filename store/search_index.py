"""The full-text index: SQLite FTS5 beside the texts, in the same file (`texts.sqlite`).

Derived and rebuildable. Each release is one row: its title and body as written (diacritics
folded by the tokenizer, for quoted phrases) and a stemmed shadow of both (briefings.query),
which words match by prefix, so a word finds its inflections and the compounds it starts. The
index remembers its version and a fingerprint of the corpus it was built from; when either
differs from what the corpus store expects, the store rebuilds it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from briefings.model import Section
from briefings.query import Alternative, Found, FoundRelease, SearchQuery, stemmed

from .texts import ReleaseTexts, TextDatabase

# Bump when the columns, the tokenizer or the stemming change: every index is then rebuilt.
INDEX_VERSION = "1"
SCHEMA = """
CREATE TABLE IF NOT EXISTS indexed (
    rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, hash TEXT NOT NULL, title TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
    title, body, title_stems, body_stems, tokenize = 'unicode61 remove_diacritics 2');
"""
# bm25 weights per column: a word in the title counts three times one in the body.
RANK = "bm25(search, 3.0, 1.0, 3.0, 1.0)"
# A stem this short finds too much as a prefix ("ver" of "verder" → verbeteren, verslag, …):
# it matches its own words only.
MIN_PREFIX = 4
# At most this many matches are ranked, the most recently stored: ranking every release that
# holds a common word takes time in proportion to the corpus. The answer says so.
RANKED = 2_000


@dataclass(frozen=True)
class IndexEntry:
    id: str
    content_hash: str
    title: str
    sections: tuple[Section, ...]


class SearchIndex:
    def __init__(self, database: TextDatabase, texts: ReleaseTexts) -> None:
        self._db = database
        self._texts = texts
        database.connection.executescript(SCHEMA)

    # ------------------------------------------------------------ keeping it current

    def is_current(self, fingerprint: str) -> bool:
        return (self._db.get_meta("index_version") == INDEX_VERSION
                and self._db.get_meta("fingerprint") == fingerprint)

    def rebuild(self, entries: Iterable[IndexEntry], fingerprint: str) -> None:
        with self._db.transaction() as db:
            db.execute("DELETE FROM indexed")
            db.execute("DELETE FROM search")
            self.put(entries)
            self.mark(fingerprint)

    def put(self, entries: Iterable[IndexEntry]) -> None:
        """Adds or replaces releases (by id)."""
        with self._db.transaction() as db:
            for entry in entries:
                row = db.execute("SELECT rowid FROM indexed WHERE id = ?", (entry.id,)).fetchone()
                if row:
                    db.execute("DELETE FROM search WHERE rowid = ?", row)
                    db.execute("DELETE FROM indexed WHERE rowid = ?", row)
                cursor = db.execute("INSERT INTO indexed (id, hash, title) VALUES (?, ?, ?)",
                                    (entry.id, entry.content_hash, entry.title))
                body = "\n".join(p for s in entry.sections for p in s.paragraphs)
                db.execute("INSERT INTO search (rowid, title, body, title_stems, body_stems) "
                           "VALUES (?, ?, ?, ?, ?)", (cursor.lastrowid, entry.title, body,
                                                      stemmed(entry.title), stemmed(body)))

    def mark(self, fingerprint: str) -> None:
        with self._db.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                           (("index_version", INDEX_VERSION), ("fingerprint", fingerprint)))

    def forget(self) -> None:
        """Marks the index stale (a write that failed halfway): the next open rebuilds it."""
        with self._db.transaction() as db:
            db.execute("DELETE FROM meta WHERE key = 'fingerprint'")

    # ------------------------------------------------------------ searching

    def search(self, query: SearchQuery, offset: int, limit: int) -> Found:
        if query.empty:
            return Found(0, ())
        expression = match_expression(query)
        with self._db.guard:
            db = self._db.connection
            total = db.execute("SELECT count(*) FROM search WHERE search MATCH ?",
                               (expression,)).fetchone()[0]
            oldest = db.execute("SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid "
                                "DESC LIMIT 1 OFFSET ?", (expression, RANKED - 1)).fetchone() \
                if total > RANKED else None
            ranked = min(total, RANKED)
            # The page's rowids first, then their releases: joining before the sort would look
            # up every match's release, not just the page's.
            page = [rowid for (rowid,) in db.execute(
                f"SELECT rowid FROM search WHERE search MATCH ? AND rowid >= ? "
                f"ORDER BY {RANK}, rowid LIMIT ? OFFSET ?",
                (expression, oldest[0] if oldest else 0, limit, offset))] \
                if offset < ranked else []
            found = {row[0]: row[1:] for row in db.execute(
                f"SELECT rowid, id, title, hash FROM indexed WHERE rowid IN "  # noqa: S608
                f"({','.join('?' * len(page))})", page)} if page else {}
        return Found(total, ranked=ranked, releases=tuple(
            FoundRelease(id_, title, self._texts.paragraphs(digest))
            for id_, title, digest in (found[rowid] for rowid in page if rowid in found)))


def match_expression(query: SearchQuery) -> str:
    """The FTS5 expression. Every word is quoted, so nothing the user typed is ever read as an
    FTS5 operator (a typed OR is an operator only because parse_search made it one)."""
    wanted = " OR ".join(f"({_all_of(a)})" for a in query.alternatives)
    if not query.excluded:
        return wanted
    unwanted = " OR ".join(f"({_all_of(a)})" for a in query.excluded)
    return f"({wanted}) NOT ({unwanted})"


def _all_of(alternative: Alternative) -> str:
    terms = [f"{{title_stems body_stems}} : {_quoted(s)}{'*' if len(s) >= MIN_PREFIX else ''}"
             for s in alternative.stems]
    terms += [f"{{title body}} : {_quoted(' '.join(p))}" for p in alternative.phrases]
    return " AND ".join(terms)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'
