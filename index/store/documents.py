"""The document store: articles, chunk offsets, sentence vectors, sources and state, in SQLite."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from index.models import Article, Chunk, SourceInfo

Speaking = tuple[str, str] | None  # (speaker name, description) of one sentence

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL, source TEXT NOT NULL, url TEXT NOT NULL,
    authors TEXT NOT NULL, published REAL, origin TEXT NOT NULL, locator TEXT NOT NULL,
    content_hash TEXT NOT NULL, first_seen REAL NOT NULL, updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_origin ON articles(origin);
CREATE TABLE IF NOT EXISTS chunks (
    gen INTEGER NOT NULL, id TEXT NOT NULL, article_id TEXT NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, end INTEGER NOT NULL, sentences TEXT NOT NULL, sent_vecs BLOB, speakers TEXT,
    PRIMARY KEY (gen, id)
);
CREATE INDEX IF NOT EXISTS chunks_article ON chunks(gen, article_id);
CREATE TABLE IF NOT EXISTS sources (
    url TEXT PRIMARY KEY, kind TEXT NOT NULL, added REAL NOT NULL, last_polled REAL, last_error TEXT,
    etag TEXT, modified TEXT
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def content_hash(a: Article) -> str:
    """Changes whenever anything we store about the article changes."""
    parts = [a.title, a.text, a.source, a.url, "|".join(a.authors), a.published.isoformat() if a.published else ""]
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()


def _ts(d: datetime | None) -> float | None:
    return d.timestamp() if d else None


def _dt(ts: float | None) -> datetime | None:
    return datetime.fromtimestamp(ts, UTC) if ts is not None else None


@dataclass(frozen=True)
class StoredArticle:
    """An article with what the store knows about it."""

    article: Article
    first_seen: datetime
    content_hash: str

    @property
    def effective(self) -> datetime:
        """Published date, else when we first saw it: what time windows compare."""
        return self.article.published or self.first_seen


def thread_connection(local: threading.local, path: Path | str) -> sqlite3.Connection:
    """This thread's connection to an SQLite file (WAL, autocommit): one per thread, made on first use."""
    conn: sqlite3.Connection | None = getattr(local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        local.conn = conn
    return conn


@dataclass(frozen=True)
class StoredChunk:
    """A chunk's place in its article, with its sentence spans and vectors."""

    id: str
    article_id: str
    index: int
    start: int
    end: int
    sentences: tuple[tuple[int, int], ...]
    sent_vecs: np.ndarray | None
    speakers: tuple[Speaking, ...]  # per sentence: (name, description) or None


_CHUNK_COLUMNS = "id, article_id, idx, start, end, sentences, sent_vecs, speakers"


def _stored_chunk(r: Sequence[Any]) -> StoredChunk:
    """A row of _CHUNK_COLUMNS as a chunk."""
    sents = tuple(tuple(s) for s in json.loads(r[5]))
    vecs = None
    if r[6] and sents:
        # one float16 row per sentence: the vector size is the blob's, whatever the model
        vecs = np.frombuffer(r[6], dtype=np.float16).reshape(len(sents), -1).astype(np.float32)
    spk = tuple(tuple(x) if x else None for x in json.loads(r[7] or "[]")) or (None,) * len(sents)
    return StoredChunk(r[0], r[1], r[2], r[3], r[4], sents, vecs, spk)


class DocStore:
    """One corpus's SQLite file; safe to use from several threads (one connection each)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._write_lock = threading.Lock()
        with self._conn() as c:
            c.executescript(SCHEMA)

    def _conn(self) -> sqlite3.Connection:
        return thread_connection(self._local, self.path)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (serialised across threads)."""
        with self._write_lock:
            c = self._conn()
            c.execute("BEGIN IMMEDIATE")
            try:
                yield c
            except BaseException:
                c.execute("ROLLBACK")
                raise
            c.execute("COMMIT")

    # -- meta --------------------------------------------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        """A state value."""
        row = self._conn().execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str, conn: sqlite3.Connection | None = None) -> None:
        """Set a state value."""
        sql = "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value"
        if conn is not None:
            conn.execute(sql, (key, value))
        else:
            with self.transaction() as c:
                c.execute(sql, (key, value))

    # -- articles ----------------------------------------------------------------------------------
    def hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """Stored content hashes of the given articles."""
        out: dict[str, str] = {}
        ids = list(ids)
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            q = f"SELECT id, content_hash FROM articles WHERE id IN ({','.join('?' * len(part))})"
            out.update(dict(self._conn().execute(q, part).fetchall()))
        return out

    def put_article(self, c: sqlite3.Connection, a: Article, now: float) -> None:
        """Insert or update an article, keeping its first-seen time."""
        c.execute(
            """INSERT INTO articles(id, title, text, source, url, authors, published, origin, locator,
                                     content_hash, first_seen, updated)
               VALUES(?,?,?,?,?,?,?,?,?,?,?,?)
               ON CONFLICT(id) DO UPDATE SET title=excluded.title, text=excluded.text, source=excluded.source,
                 url=excluded.url, authors=excluded.authors, published=excluded.published, origin=excluded.origin,
                 locator=excluded.locator, content_hash=excluded.content_hash, updated=excluded.updated""",
            (a.id, a.title, a.text, a.source, a.url, json.dumps(list(a.authors)), _ts(a.published), a.origin,
             a.locator, content_hash(a), now, now),
        )

    def delete_articles(self, c: sqlite3.Connection, ids: Sequence[str]) -> None:
        """Remove articles and their chunks in every generation."""
        for i in range(0, len(ids), 500):
            part = list(ids[i : i + 500])
            marks = ",".join("?" * len(part))
            c.execute(f"DELETE FROM articles WHERE id IN ({marks})", part)
            c.execute(f"DELETE FROM chunks WHERE article_id IN ({marks})", part)

    def _row_to_article(self, r: tuple[Any, ...]) -> StoredArticle:
        art = Article(
            id=r[0], title=r[1], text=r[2], source=r[3], url=r[4], authors=tuple(json.loads(r[5])),
            published=_dt(r[6]), origin=r[7], locator=r[8],
        )
        first = _dt(r[10]) or datetime.now(UTC)
        return StoredArticle(art, first, r[9])

    _COLS = "id, title, text, source, url, authors, published, origin, locator, content_hash, first_seen"

    def articles(self, ids: Iterable[str]) -> dict[str, StoredArticle]:
        """The given articles, by id (missing ones are left out)."""
        out: dict[str, StoredArticle] = {}
        ids = list(dict.fromkeys(ids))
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            q = f"SELECT {self._COLS} FROM articles WHERE id IN ({','.join('?' * len(part))})"
            for r in self._conn().execute(q, part):
                out[r[0]] = self._row_to_article(r)
        return out

    def iter_articles(self) -> Iterator[StoredArticle]:
        """Every article, oldest first."""
        for r in self._conn().execute(f"SELECT {self._COLS} FROM articles ORDER BY first_seen, id"):
            yield self._row_to_article(r)

    def article_ids_by_origin(self, origin: str) -> dict[str, str]:
        """Article id -> locator, for one origin."""
        return dict(self._conn().execute("SELECT id, locator FROM articles WHERE origin=?", (origin,)).fetchall())

    def count_articles(self) -> int:
        """Articles stored."""
        return int(self._conn().execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def newest_published(self) -> datetime | None:
        """The newest published date."""
        return _dt(self._conn().execute("SELECT MAX(published) FROM articles").fetchone()[0])

    # -- chunks ------------------------------------------------------------------------------------
    def put_chunks(
        self,
        c: sqlite3.Connection,
        gen: int,
        chunks: Sequence[Chunk],
        vecs: Sequence[np.ndarray],
        speakers: Sequence[Sequence[Speaking]],
    ) -> None:
        """Store chunk offsets, sentence vectors (float16) and sentence speakers for a generation."""
        c.executemany(
            "INSERT OR REPLACE INTO chunks(gen, id, article_id, idx, start, end, sentences, sent_vecs, speakers)"
            " VALUES(?,?,?,?,?,?,?,?,?)",
            [
                (gen, ch.id, ch.article_id, ch.index, ch.start, ch.end, json.dumps(ch.sentences),
                 np.asarray(v, dtype=np.float16).tobytes(), json.dumps(sp))
                for ch, v, sp in zip(chunks, vecs, speakers, strict=True)
            ],
        )

    def delete_chunks_of(self, c: sqlite3.Connection, gen: int, article_ids: Sequence[str]) -> list[str]:
        """Remove an article's chunks in one generation; returns the removed chunk ids."""
        removed: list[str] = []
        for i in range(0, len(article_ids), 500):
            part = list(article_ids[i : i + 500])
            marks = ",".join("?" * len(part))
            removed += [r[0] for r in c.execute(f"SELECT id FROM chunks WHERE gen=? AND article_id IN ({marks})", [gen, *part])]
            c.execute(f"DELETE FROM chunks WHERE gen=? AND article_id IN ({marks})", [gen, *part])
        return removed

    def drop_generation(self, gen: int) -> None:
        """Forget every chunk of a generation."""
        with self.transaction() as c:
            c.execute("DELETE FROM chunks WHERE gen=?", (gen,))

    def chunks(self, gen: int, ids: Sequence[str]) -> dict[str, StoredChunk]:
        """The given chunks of a generation, by id."""
        out: dict[str, StoredChunk] = {}
        for i in range(0, len(ids), 500):
            part = list(ids[i : i + 500])
            q = f"SELECT {_CHUNK_COLUMNS} FROM chunks WHERE gen=? AND id IN ({','.join('?' * len(part))})"
            for r in self._conn().execute(q, [gen, *part]):
                out[r[0]] = _stored_chunk(r)
        return out

    def chunk_at(self, gen: int, article_id: str, index: int) -> StoredChunk | None:
        """An article's chunk at a place in it (its index) in a generation, if there is one."""
        row = self._conn().execute(f"SELECT {_CHUNK_COLUMNS} FROM chunks WHERE gen=? AND article_id=? AND idx=?",
                                   (gen, article_id, index)).fetchone()
        return _stored_chunk(row) if row else None

    def iter_chunk_texts(self, gen: int) -> Iterator[tuple[str, str, str, float]]:
        """(chunk id, article id, chunk text, effective timestamp) of a generation, in a stable order."""
        q = """SELECT c.id, c.article_id, substr(a.text, c.start + 1, c.end - c.start),
                      COALESCE(a.published, a.first_seen)
               FROM chunks c JOIN articles a ON a.id = c.article_id WHERE c.gen=? ORDER BY c.article_id, c.idx"""
        yield from self._conn().execute(q, (gen,))

    def count_chunks(self, gen: int) -> int:
        """Chunks in a generation."""
        return int(self._conn().execute("SELECT COUNT(*) FROM chunks WHERE gen=?", (gen,)).fetchone()[0])

    def generations(self) -> list[int]:
        """Generations that have chunks."""
        return [r[0] for r in self._conn().execute("SELECT DISTINCT gen FROM chunks ORDER BY gen")]

    # -- sources -----------------------------------------------------------------------------------
    def add_source(self, url: str, kind: str) -> bool:
        """Follow a source; False when it was followed already."""
        with self.transaction() as c:
            cur = c.execute(
                "INSERT OR IGNORE INTO sources(url, kind, added) VALUES(?,?,?)", (url, kind, time.time())
            )
            return cur.rowcount > 0

    def remove_source(self, url: str) -> bool:
        """Stop following a source; False when it was not followed."""
        with self.transaction() as c:
            return c.execute("DELETE FROM sources WHERE url=?", (url,)).rowcount > 0

    def source_state(self, url: str) -> tuple[str | None, str | None]:
        """(etag, last-modified) of a source."""
        row = self._conn().execute("SELECT etag, modified FROM sources WHERE url=?", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def mark_polled(self, url: str, *, error: str | None, etag: str | None = None, modified: str | None = None) -> None:
        """Record a poll's outcome (keeping validators when the poll brought none)."""
        with self.transaction() as c:
            c.execute(
                "UPDATE sources SET last_polled=?, last_error=?, etag=COALESCE(?, etag),"
                " modified=COALESCE(?, modified) WHERE url=?",
                (time.time(), error, etag, modified, url),
            )

    def sources(self) -> list[SourceInfo]:
        """Followed sources, with their article counts."""
        rows = self._conn().execute(
            """SELECT s.url, s.kind, s.added, s.last_polled, s.last_error,
                      (SELECT COUNT(*) FROM articles a WHERE a.origin = s.url)
               FROM sources s ORDER BY s.added"""
        ).fetchall()
        return [SourceInfo(r[0], r[1], _dt(r[2]), _dt(r[3]), r[4], int(r[5])) for r in rows]
