"""Chroma, embedded or over HTTP, behind a small interface: one collection per corpus generation."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import StoreError

log = logging.getLogger(__name__)

Where = Mapping[str, Any]


@dataclass(frozen=True)
class VectorHit:
    """One chunk found by vector search."""

    chunk_id: str
    score: float  # cosine similarity
    metadata: Mapping[str, Any]


class VectorStore:
    """Chunk vectors with their metadata, in Chroma collections named per corpus and generation."""

    def __init__(self, path: Path | None = None, host: str | None = None, port: int = 8000) -> None:
        self._path = path
        self._host = host
        self._port = port
        self._client: Any = None
        self._collections: dict[str, Any] = {}
        self._lock = threading.Lock()

    @property
    def where(self) -> str:
        """Where the vectors live, for status lines."""
        return f"chroma server {self._host}:{self._port}" if self._host else f"chroma at {self._path}"

    def _connect(self) -> Any:
        if self._client is None:
            with self._lock:
                if self._client is None:
                    import chromadb
                    from chromadb.config import Settings as ChromaSettings

                    opts = ChromaSettings(anonymized_telemetry=False)
                    try:
                        if self._host:
                            self._client = chromadb.HttpClient(host=self._host, port=self._port, settings=opts)
                        else:
                            assert self._path is not None
                            self._path.mkdir(parents=True, exist_ok=True)
                            self._client = chromadb.PersistentClient(path=str(self._path), settings=opts)
                    except Exception as exc:
                        raise StoreError(f"cannot reach the vector store ({self.where}): {type(exc).__name__}") from exc
        return self._client

    def collection(self, name: str) -> Any:
        """The collection, created on first use (cosine space, vectors supplied by us)."""
        col = self._collections.get(name)
        if col is None:
            client = self._connect()
            try:
                col = client.get_or_create_collection(
                    name, embedding_function=None, metadata={"hnsw:space": "cosine"}
                )
            except Exception as exc:
                raise StoreError(f"vector store error ({self.where}): {type(exc).__name__}") from exc
            self._collections[name] = col
        return col

    def add(self, name: str, ids: Sequence[str], vectors: np.ndarray, metadatas: Sequence[Mapping[str, Any]]) -> None:
        """Insert or replace chunks."""
        if not ids:
            return
        col = self.collection(name)
        step = 2000
        for i in range(0, len(ids), step):
            col.upsert(
                ids=list(ids[i : i + step]),
                embeddings=vectors[i : i + step],
                metadatas=[dict(m) for m in metadatas[i : i + step]],
            )

    def delete(self, name: str, *, ids: Sequence[str] = (), article_ids: Sequence[str] = ()) -> None:
        """Remove chunks by id or by article."""
        col = self.collection(name)
        if ids:
            col.delete(ids=list(ids))
        for i in range(0, len(article_ids), 500):
            part = list(article_ids[i : i + 500])
            col.delete(where={"article_id": {"$in": part}})

    def query(self, name: str, vector: np.ndarray, k: int, where: Where | None = None) -> list[VectorHit]:
        """The k nearest chunks, best first."""
        col = self.collection(name)
        n = col.count()
        if n == 0:
            return []
        try:
            res = col.query(
                query_embeddings=[vector],
                n_results=min(k, n),
                where=dict(where) if where else None,
                include=["metadatas", "distances"],
            )
        except Exception as exc:
            raise StoreError(f"vector search failed ({self.where}): {type(exc).__name__}") from exc
        ids = res["ids"][0]
        dists = res["distances"][0]
        metas = res["metadatas"][0]
        return [VectorHit(i, 1.0 - float(d), m or {}) for i, d, m in zip(ids, dists, metas, strict=True)]

    def vectors(self, name: str, ids: Sequence[str]) -> np.ndarray | None:
        """The stored vectors of the given chunks, in that order (None if any is missing)."""
        if not ids:
            return None
        col = self.collection(name)
        rows: dict[str, Any] = {}
        for i in range(0, len(ids), 5000):
            got = col.get(ids=list(ids[i : i + 5000]), include=["embeddings"])
            rows.update(zip(got["ids"], got["embeddings"], strict=True))
        if len(rows) != len(ids):
            log.warning("collection %s lacks %d vectors", name, len(ids) - len(rows))
            return None
        return np.asarray([rows[i] for i in ids], dtype=np.float32)

    def count(self, name: str) -> int:
        """Vectors in a collection."""
        return int(self.collection(name).count())

    def exists(self, name: str) -> bool:
        """Whether the collection exists."""
        return name in self.list_names()

    def list_names(self) -> list[str]:
        """All collection names."""
        client = self._connect()
        return [c if isinstance(c, str) else c.name for c in client.list_collections()]

    def drop(self, name: str) -> None:
        """Delete a collection (no error when it is gone already)."""
        self._collections.pop(name, None)
        client = self._connect()
        try:
            client.delete_collection(name)
        except Exception:  # already gone
            log.debug("collection %s was not there to drop", name)
