"""BM25 over a corpus generation's chunk texts (bm25s), with time windows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.store.rows import ChunkRows
from index.text.tokens import bm25s, tokenize


@dataclass(frozen=True)
class LexicalHit:
    """One chunk found by BM25."""

    chunk_id: str
    score: float
    ts: float


class BM25Index:
    """A BM25 index of one generation's chunks, row for row with its ChunkRows."""

    def __init__(self, rows: ChunkRows, retriever: Any) -> None:
        self.rows = rows
        self._retriever = retriever

    @classmethod
    def build(cls, rows: ChunkRows, texts: Sequence[str]) -> BM25Index:
        """Index the chunk texts, one per row; without a single usable word there is nothing to index."""
        retriever = None
        tokens = tokenize(list(texts)) if len(rows) else []
        # bm25s fails on an empty vocabulary ("년", "It is what it is."): such a corpus has no lexical side yet.
        if any(tokens):
            retriever = bm25s().BM25()
            retriever.index(tokens, show_progress=False)
        return cls(rows, retriever)

    def save(self, folder: Path) -> None:
        """Write the BM25 model into a side-index folder."""
        if self._retriever is not None:
            self._retriever.save(str(folder / "bm25"))

    @classmethod
    def load(cls, folder: Path, rows: ChunkRows) -> BM25Index:
        """The model saved by save(), over the same rows (none was saved when nothing could be indexed)."""
        saved = folder / "bm25"
        return cls(rows, bm25s().BM25.load(str(saved)) if len(rows) and saved.exists() else None)

    def doc_freqs(self, tokens: Sequence[str]) -> dict[str, int]:
        """How many chunks hold each (tokenized) term; 0 for terms the index has never seen."""
        if self._retriever is None:
            return dict.fromkeys(tokens, 0)
        vocab = self._retriever.vocab_dict
        indptr = self._retriever.scores["indptr"]
        out = {}
        for t in tokens:
            i = vocab.get(t)
            out[t] = int(indptr[i + 1] - indptr[i]) if i is not None and i + 1 < len(indptr) else 0
        return out

    def holding(self, token: str, limit: int) -> list[str]:
        """Ids of up to limit chunks that hold a (tokenized) term."""
        return [self.rows.ids[int(r)] for r in self.rows_holding(token)[:limit]]

    def rows_holding(self, token: str) -> np.ndarray:
        """The row numbers of every chunk that holds a (tokenized) term."""
        if self._retriever is None:
            return np.zeros(0, dtype=np.int64)
        i = self._retriever.vocab_dict.get(token)
        indptr = self._retriever.scores["indptr"]
        if i is None or i + 1 >= len(indptr):
            return np.zeros(0, dtype=np.int64)
        return np.asarray(self._retriever.scores["indices"][indptr[i] : indptr[i + 1]], dtype=np.int64)

    def search(self, query: str, k: int, *, start: float | None = None, end: float | None = None) -> list[LexicalHit]:
        """The k best chunks for query among those with start <= timestamp <= end."""
        rows = self.rows
        if self._retriever is None or not len(rows):
            return []
        vocab = self._retriever.vocab_dict
        tokens = [t for t in tokenize([query])[0] if t in vocab]
        if not tokens:
            return []
        ok = rows.mask(start, end)
        mask = None
        if ok is not None:
            if not ok.any():
                return []
            mask = ok.astype(np.float32)
        docs, scores = self._retriever.retrieve(
            [tokens], k=min(k, len(rows)), show_progress=False, weight_mask=mask, n_threads=1
        )
        return [
            LexicalHit(rows.ids[int(d)], float(s), float(rows.ts[int(d)]))
            for d, s in zip(docs[0], scores[0], strict=True)
            if s > 0
        ]
