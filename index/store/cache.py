"""The embedding cache: a chunk's vectors kept by (model, backend, exact embedded text and sentence spans).

Every corpus of a data dir shares it and rebuilds keep it, so a second corpus that ingests the same articles,
or a rebuild of an unchanged corpus, embeds nothing. It lives beside the vectors:

- with the embedded Chroma, in a SQLite file of the data dir (`embed-cache.sqlite3`), which every process
  using that data dir shares;
- with a `chroma run` server, in a collection on the server (one per model and backend), which every process
  using that server shares, whatever its data dir.

It is bounded: past `max_entries` the least recently used entries go. A cache never fails an ingest: an error
in it is logged and the chunks are embedded as if it were empty.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from index.store.documents import thread_connection
from index.store.vectors import VectorStore

log = logging.getLogger(__name__)

Entry = tuple[np.ndarray, np.ndarray]  # (chunk vector, sentence span vectors)
EVICT_TO = 0.9  # an eviction brings the cache down to this share of its bound, so it runs rarely
SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    key BLOB PRIMARY KEY, embedder TEXT NOT NULL, vec BLOB NOT NULL, spans BLOB NOT NULL, used REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS vectors_used ON vectors(used);
"""


def cache_key(embedder: str, text: str, spans: Sequence[tuple[int, int]]) -> bytes:
    """The key of a chunk's vectors: the embedder (model|backend), the exact text embedded, and its spans."""
    h = hashlib.sha256(embedder.encode())
    h.update(b"\x00")
    h.update(text.encode())
    h.update(b"\x00")
    h.update(json.dumps([list(s) for s in spans]).encode())
    return h.digest()


class EmbeddingCache(Protocol):
    """Chunk vectors by key, shared by corpora."""

    where: str

    def get(self, embedder: str, keys: Sequence[bytes]) -> dict[bytes, Entry]:
        """The entries found (missing keys are left out); marks them used."""
        ...

    def put(self, embedder: str, entries: Mapping[bytes, Entry]) -> None:
        """Store entries, evicting the least recently used past the bound."""
        ...


def _spans_blob(v: np.ndarray) -> bytes:
    # sentence vectors are stored as float16 in the corpus too: nothing is lost that the corpus would keep
    return np.asarray(v, dtype=np.float16).tobytes()


def _spans_of(blob: bytes, dim: int) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float16).reshape(-1, dim).astype(np.float32)


class SqliteCache:
    """The cache in a SQLite file (WAL: several threads and processes may read and write it)."""

    def __init__(self, path: Path, max_entries: int) -> None:
        self.path = path
        self.where = str(path)
        self.max_entries = max_entries
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._write = threading.Lock()
        self._conn().executescript(SCHEMA)

    def _conn(self) -> sqlite3.Connection:
        return thread_connection(self._local, self.path)

    def get(self, embedder: str, keys: Sequence[bytes]) -> dict[bytes, Entry]:
        """The entries found (missing keys are left out); marks them used."""
        found: dict[bytes, Entry] = {}
        try:
            c = self._conn()
            for i in range(0, len(keys), 500):
                part = list(keys[i : i + 500])
                rows = c.execute(f"SELECT key, vec, spans FROM vectors WHERE key IN ({','.join('?' * len(part))})",
                                 part).fetchall()
                for key, vec, spans in rows:
                    v = np.frombuffer(vec, dtype=np.float32).copy()
                    found[bytes(key)] = (v, _spans_of(spans, len(v)))
            if found:
                now = time.time()
                with self._write:
                    c.executemany("UPDATE vectors SET used = ? WHERE key = ?", [(now, k) for k in found])
        except sqlite3.Error as exc:
            log.warning("embedding cache %s unreadable (%s): embedding instead", self.where, exc)
            return {}
        return found

    def put(self, embedder: str, entries: Mapping[bytes, Entry]) -> None:
        """Store entries, evicting the least recently used past the bound."""
        if not entries:
            return
        now = time.time()
        rows = [(k, embedder, np.asarray(v, dtype=np.float32).tobytes(), _spans_blob(s), now)
                for k, (v, s) in entries.items()]
        try:
            c = self._conn()
            with self._write:
                c.execute("BEGIN IMMEDIATE")
                try:
                    c.executemany("INSERT OR REPLACE INTO vectors(key, embedder, vec, spans, used) VALUES (?,?,?,?,?)",
                                  rows)
                    n = int(c.execute("SELECT count(*) FROM vectors").fetchone()[0])
                    if n > self.max_entries:
                        drop = n - int(self.max_entries * EVICT_TO)
                        c.execute("DELETE FROM vectors WHERE key IN (SELECT key FROM vectors ORDER BY used LIMIT ?)",
                                  (drop,))
                        log.info("embedding cache: evicted the %d least recently used of %d entries", drop, n)
                except BaseException:
                    c.execute("ROLLBACK")
                    raise
                c.execute("COMMIT")
        except sqlite3.Error as exc:
            log.warning("embedding cache %s not written (%s)", self.where, exc)

    def count(self) -> int:
        """Entries held."""
        return int(self._conn().execute("SELECT count(*) FROM vectors").fetchone()[0])


class ChromaCache:
    """The cache in a Chroma collection per embedder, on the server every process shares."""

    def __init__(self, store: VectorStore, max_entries: int) -> None:
        self.store = store
        self.where = store.where
        self.max_entries = max_entries

    @staticmethod
    def collection_name(embedder: str) -> str:
        """The collection of one embedder's entries (a name Chroma accepts, whatever the model's)."""
        return "nbcache-" + hashlib.sha1(embedder.encode()).hexdigest()[:20]

    def get(self, embedder: str, keys: Sequence[bytes]) -> dict[bytes, Entry]:
        """The entries found (missing keys are left out); marks them used."""
        found: dict[bytes, Entry] = {}
        try:
            col = self.store.collection(self.collection_name(embedder))
            for i in range(0, len(keys), 1000):
                got = col.get(ids=[k.hex() for k in keys[i : i + 1000]], include=["embeddings", "documents"])
                for cid, vec, doc in zip(got["ids"], got["embeddings"], got["documents"], strict=True):
                    v = np.asarray(vec, dtype=np.float32)
                    found[bytes.fromhex(cid)] = (v, _spans_of(base64.b64decode(doc), len(v)))
            if found:
                now = time.time()
                ids = [k.hex() for k in found]
                col.update(ids=ids, metadatas=[{"used": now}] * len(ids))
        except Exception as exc:  # the server's errors are its client's own types
            log.warning("embedding cache on %s unreadable (%s): embedding instead", self.where, type(exc).__name__)
            return {}
        return found

    def put(self, embedder: str, entries: Mapping[bytes, Entry]) -> None:
        """Store entries, evicting the least recently used past the bound."""
        if not entries:
            return
        now = time.time()
        try:
            col = self.store.collection(self.collection_name(embedder))
            items = list(entries.items())
            for i in range(0, len(items), 1000):
                part = items[i : i + 1000]
                col.upsert(
                    ids=[k.hex() for k, _ in part],
                    embeddings=np.stack([np.asarray(v, dtype=np.float32) for _, (v, _) in part]),
                    documents=[base64.b64encode(_spans_blob(s)).decode() for _, (_, s) in part],
                    metadatas=[{"used": now}] * len(part),
                )
            n = int(col.count())
            if n > self.max_entries:
                self._evict(col, n)
        except Exception as exc:
            log.warning("embedding cache on %s not written (%s)", self.where, type(exc).__name__)

    def _evict(self, col: Any, n: int) -> None:
        got = col.get(include=["metadatas"])
        used = sorted(zip((float((m or {}).get("used", 0.0)) for m in got["metadatas"]), got["ids"], strict=True))
        drop = [cid for _, cid in used[: n - int(self.max_entries * EVICT_TO)]]
        for i in range(0, len(drop), 1000):
            col.delete(ids=drop[i : i + 1000])
        log.info("embedding cache: evicted the %d least recently used of %d entries", len(drop), n)


def open_cache(data_dir: Path, store: VectorStore, max_entries: int, *, server: bool) -> EmbeddingCache | None:
    """The data dir's cache (on the Chroma server when there is one); None when max_entries is 0."""
    if max_entries <= 0:
        return None
    if server:
        return ChromaCache(store, max_entries)
    return SqliteCache(data_dir / "embed-cache.sqlite3", max_entries)
