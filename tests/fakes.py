"""Fast, deterministic stand-ins for unit tests (the end-to-end tests use the real model)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from index.answering.reader import Candidate, Reader

_WORD = re.compile(r"[a-z0-9]+")


class HashEmbedder:
    """Bag-of-words vectors by feature hashing: similar wording gives similar vectors."""

    name = "fake-hash"
    dim = 64
    max_tokens = 64

    def __init__(self, backend: str = "hash") -> None:
        self.backend = backend  # what an index records its vectors came from, with the name
        self.calls = 0  # texts embedded with spans, as the ingest pipeline asks

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(t.split()) for t in texts]

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for w in _WORD.findall(text.lower()):
            h = int(hashlib.md5(w.encode()).hexdigest()[:8], 16)
            v[h % self.dim] += 1.0 if (h >> 8) & 1 else -1.0
        n = np.linalg.norm(v)
        return v / n if n else v

    def embed_query(self, text: str) -> np.ndarray:
        return self._vec(text)

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_with_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        self.calls += len(texts)
        vecs = self.embed_batch(texts)
        per = [
            np.stack([self._vec(t[s:e]) for s, e in sp]) if sp else np.zeros((0, self.dim), np.float32)
            for t, sp in zip(texts, spans, strict=True)
        ]
        return vecs, per


class FakeReader(Reader):
    """A reader that believes the sentences holding any of the given phrases answer (probability `yes`), and
    nothing else (probability `no`)."""

    def __init__(self, *phrases: str, yes: float = 0.8, no: float = 0.05) -> None:
        super().__init__()
        self.phrases = [p.lower() for p in phrases]
        self.yes, self.no = yes, no
        self.read: list[str] = []

    @property
    def available(self) -> bool:
        return True

    def score(self, question: str, candidates: Sequence[Candidate]) -> np.ndarray:
        self.read += [c.sentence for c in candidates]
        return np.asarray([self.yes if any(p in c.sentence.lower() for p in self.phrases) else self.no
                           for c in candidates], dtype=np.float32)
