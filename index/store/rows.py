"""The rows of a corpus generation's side indexes: each chunk's id, article and effective timestamp."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.text.chunking import chunk_article_id


@dataclass
class ChunkRows:
    """Chunk ids with their articles and timestamps, row for row (BM25 and the vector mirror share them)."""

    ids: list[str]
    article_ids: list[str]
    ts: np.ndarray  # effective publication time of each chunk's article, seconds since the epoch
    max_ts: float = field(init=False)

    def __post_init__(self) -> None:
        self.max_ts = float(self.ts.max()) if len(self.ts) else 0.0

    @classmethod
    def of(cls, ids: Sequence[str], ts: Sequence[float], article_ids: Sequence[str] | None = None) -> ChunkRows:
        """Rows from ids and timestamps (articles read from the ids when not given)."""
        aids = list(article_ids) if article_ids is not None else [chunk_article_id(i) for i in ids]
        return cls(list(ids), aids, np.asarray(ts, dtype=np.float64))

    def __len__(self) -> int:
        return len(self.ids)

    def mask(self, start: float | None, end: float | None) -> np.ndarray | None:
        """Rows published within [start, end]; None when neither bound is given."""
        if start is None and end is None:
            return None
        ok = np.ones(len(self.ids), dtype=bool)
        if start is not None:
            ok &= self.ts >= start
        if end is not None:
            ok &= self.ts <= end
        return ok

    def save(self, folder: Path) -> None:
        """Write the rows into a side-index folder."""
        (folder / "ids.json").write_text(json.dumps(self.ids))
        (folder / "aids.json").write_text(json.dumps(self.article_ids))
        np.save(folder / "ts.npy", self.ts)

    @classmethod
    def load(cls, folder: Path) -> ChunkRows:
        """Rows saved by save()."""
        ids = json.loads((folder / "ids.json").read_text())
        aids = json.loads((folder / "aids.json").read_text())
        return cls(ids, aids, np.load(folder / "ts.npy"))
