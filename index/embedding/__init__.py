"""Embedding models: the Embedder protocol and the sentence-transformers model on torch, ONNX or ONNX int8.

Besides one vector per chunk, the embedder returns one vector per sentence inside the chunk, pooled from
the chunk's own token embeddings ("late chunking"). Quote selection scores sentences with them, so a
question costs one query embedding and no sentence embedding at answer time.
"""

from index.embedding.base import (
    BACKENDS,
    Embedder,
    Spans,
    backend_of,
    describe_id,
    embedder_id,
    normalise,
    pool,
    pool_spans,
)
from index.embedding.encoders import TransformerEmbedder, load_embedder, resolve_model
from index.embedding.onnx import NoOnnxExport

__all__ = [
    "BACKENDS",
    "Embedder",
    "NoOnnxExport",
    "Spans",
    "TransformerEmbedder",
    "backend_of",
    "describe_id",
    "embedder_id",
    "load_embedder",
    "normalise",
    "pool",
    "pool_spans",
    "resolve_model",
]
