"""The Embedder protocol, an embedder's identity, and pooling token vectors into text and span vectors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

Spans = Sequence[tuple[int, int]]

# The encoders an embedder can run on: torch (fp32 or the GPU), the model exported to ONNX (fp32), and that
# export dynamically quantized to int8 (the CPU default).
BACKENDS = ("onnx-int8", "onnx", "torch")


class Embedder(Protocol):
    """What the index needs from an embedding model."""

    @property
    def name(self) -> str:
        """The model's name or path."""
        ...

    @property
    def dim(self) -> int:
        """Vector size."""
        ...

    @property
    def max_tokens(self) -> int:
        """Longest input in tokens, special tokens included."""
        ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Tokens of each text, without special tokens."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """One normalised vector for a question."""
        ...

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised vectors, one row per text."""
        ...

    def embed_with_spans(self, texts: Sequence[str], spans: Sequence[Spans]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Vectors for texts, plus one vector per (start, end) character span of each text."""
        ...


def backend_of(embedder: Embedder) -> str:
    """The backend that computes an embedder's vectors ("torch" for embedders that do not say)."""
    return str(getattr(embedder, "backend", "torch"))


def embedder_id(embedder: Embedder) -> str:
    """What an index records about the vectors in it: the model and the backend that computed them."""
    return f"{embedder.name}|{backend_of(embedder)}"


def describe_id(ident: str) -> str:
    """An embedder id as a reader sees it: 'all-MiniLM-L6-v2 (onnx-int8)'."""
    model, _, backend = ident.rpartition("|")
    return f"{model.removeprefix('bundled:')} ({backend})"


def normalise(m: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    norms = np.linalg.norm(m, axis=-1, keepdims=True)
    norms[norms == 0] = 1.0
    return (m / norms).astype(np.float32)


def pool(tokens: np.ndarray, mask: np.ndarray, mode: str) -> np.ndarray:
    """Text vectors from a batch of token vectors [B, T, D] as sentence-transformers' Pooling does it.

    mean: the average of the tokens the attention mask keeps; cls: the first token; max: the largest value of
    each dimension over the kept tokens.
    """
    m = mask[..., None].astype(np.float32)
    if mode == "mean":
        return np.asarray((tokens * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9), dtype=np.float32)
    if mode == "cls":
        return np.asarray(tokens[:, 0], dtype=np.float32)
    if mode == "max":
        return np.asarray(np.where(m > 0, tokens, -1e9).max(axis=1), dtype=np.float32)
    raise ValueError(f"unsupported pooling mode {mode!r}")


def pool_spans(tokens: np.ndarray, offsets: Sequence[tuple[int, int]], spans: Spans) -> np.ndarray:
    """Mean of the token vectors that fall inside each character span, normalised."""
    n = min(len(tokens), len(offsets))
    starts = np.array([o[0] for o in offsets[:n]])
    ends = np.array([o[1] for o in offsets[:n]])
    real = ends > starts  # special and padding tokens have (0, 0)
    out = np.zeros((len(spans), tokens.shape[1]), dtype=np.float32)
    for i, (s, e) in enumerate(spans):
        mask = real & (starts >= s) & (ends <= e)
        if mask.any():
            out[i] = tokens[:n][mask].mean(axis=0)
    return normalise(out)
