"""A mirror of a generation's chunk vectors for time-filtered dense search.

Chroma answers unfiltered vector queries fast (HNSW), but a metadata filter on the timestamp made each query
take ~90 ms at 29k chunks here; a time window (or as_of in the past) is answered by a masked matrix product over
the mirror instead (a few ms).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.store.rows import ChunkRows


@dataclass(frozen=True)
class DenseHit:
    """One chunk found by vector search."""

    chunk_id: str
    article_id: str
    cosine: float
    ts: float


class VectorMirror:
    """The chunk vectors of one generation, row for row with its ChunkRows."""

    def __init__(self, rows: ChunkRows, vecs: np.ndarray) -> None:
        if len(vecs) != len(rows):
            raise ValueError(f"{len(vecs)} vectors for {len(rows)} rows")
        self.rows = rows
        self.vecs = vecs
        # the last query's cosines over every row: one question searches several time ranges (and a weak window
        # looks before it), each a pass over the whole matrix otherwise
        self._last: tuple[bytes, np.ndarray] | None = None

    def save(self, folder: Path) -> None:
        """Write the vectors into a side-index folder."""
        np.save(folder / "vecs.npy", self.vecs)

    @classmethod
    def load(cls, folder: Path, rows: ChunkRows) -> VectorMirror | None:
        """The vectors saved by save(), or None when there are none (or not one per row)."""
        path = folder / "vecs.npy"
        if not path.exists():
            return None
        vecs = np.load(path)
        return cls(rows, vecs) if len(vecs) == len(rows) else None

    def search(
        self, qvec: np.ndarray, k: int, *, start: float | None = None, end: float | None = None
    ) -> list[DenseHit]:
        """The k nearest chunks published within [start, end], best first."""
        rows = self.rows
        mask = rows.mask(start, end)
        valid = len(rows) if mask is None else int(mask.sum())
        if not valid:
            return []
        sims = self._cosines(qvec)
        if mask is not None:
            sims = np.where(mask, sims, -np.inf)
        k = min(k, valid)
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top])]
        return [DenseHit(rows.ids[i], rows.article_ids[i], float(sims[i]), float(rows.ts[i])) for i in top]

    def _cosines(self, qvec: np.ndarray) -> np.ndarray:
        """vecs @ qvec (read-only), computed once per query vector: one pass over the matrix beats gathering a
        window's rows, and the time ranges of one question share it."""
        q = np.ascontiguousarray(qvec, dtype=np.float32)
        key = q.tobytes()
        last = self._last
        if last is not None and last[0] == key:
            return last[1]
        sims = self.vecs @ q
        sims.flags.writeable = False
        self._last = (key, sims)
        return sims
