"""The encoder on each backend: one token pass per batch, span vectors, the int8 export and the torch fallback."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from index import BACKENDS, ConfigError, Settings, load_embedder

TEXTS = [f"Story {i}: the harbour board met on day {i} and voted on the ferry fares. Fishermen protested."
         for i in range(33)]  # one more than a batch: the case encode(output_value=None) crashed on in 6.0


def _spans(text: str) -> list[tuple[int, int]]:
    cut = text.index(" Fishermen")
    return [(0, cut), (cut + 1, len(text))]


def test_torch_text_vectors_are_the_models_own_encode(real_embedder: Any) -> None:
    vecs, _ = real_embedder.embed_with_spans(TEXTS, [_spans(t) for t in TEXTS])
    ref = real_embedder.encode(TEXTS)  # sentence-transformers' own encode, pooling and normalisation
    assert vecs.shape == (33, 384)
    assert float(np.min(np.sum(vecs * ref, axis=1))) > 0.9999


# int8 quantizes activations with one scale per batch, so a text's vector moves a little with its batch-mates
@pytest.mark.parametrize(("which", "close"), [("real_embedder", 0.999), ("int8_embedder", 0.98)])
def test_span_vectors_from_a_batch_equal_those_of_each_text_alone(
    which: str, close: float, request: pytest.FixtureRequest
) -> None:
    embedder = request.getfixturevalue(which)
    texts = [*TEXTS[:31], "A short one. Then another.", TEXTS[32] + " " + TEXTS[0]]  # lengths differ: padding
    spans = [_spans(t) if "Fishermen" in t else [(0, 12), (13, 26)] for t in texts]
    vecs, per = embedder.embed_with_spans(texts, spans)
    for i in (0, 31, 32):
        alone_vec, alone_per = embedder.embed_with_spans([texts[i]], [spans[i]])
        assert float(vecs[i] @ alone_vec[0]) > close
        assert per[i].shape == (2, 384)
        assert np.all(np.sum(per[i] * alone_per[0], axis=1) > close)
    assert np.allclose(np.linalg.norm(per[0], axis=1), 1.0, atol=1e-5)


def test_the_int8_export_is_made_once_into_the_cache_and_agrees_with_torch(
    int8_embedder: Any, real_embedder: Any, models_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    exported = sorted(p.name for p in models_dir.rglob("*") if p.is_file())
    assert "model_int8.onnx" in exported and "spec.json" in exported and "tokenizer.json" in exported
    ours = int8_embedder.embed_batch(TEXTS[:8])
    ref = real_embedder.embed_batch(TEXTS[:8])
    assert float(np.min(np.sum(ours * ref, axis=1))) > 0.97  # measured >= 0.984 on news chunks
    q = int8_embedder.embed_query("what did the harbour board decide?")
    assert float(q @ real_embedder.embed_query("what did the harbour board decide?")) > 0.97
    assert int8_embedder.count_tokens(TEXTS[:3]) == real_embedder.count_tokens(TEXTS[:3])
    assert int8_embedder.max_tokens == real_embedder.max_tokens == 256

    model = models_dir / next(p for p in models_dir.rglob("model_int8.onnx")).relative_to(models_dir)
    before = model.stat().st_mtime_ns
    caplog.set_level(logging.INFO)
    again = load_embedder("bundled:all-MiniLM-L6-v2", backend="onnx-int8", cache_dir=models_dir)
    assert again.backend == "onnx-int8"
    assert model.stat().st_mtime_ns == before  # loaded from the cache, not exported again
    assert not [r for r in caplog.records if "exporting" in r.getMessage()]
    assert np.allclose(again.embed_batch(TEXTS[:8]), ours, atol=1e-6)  # the same model, the same vectors


def test_a_model_without_an_onnx_export_falls_back_to_torch_with_one_log_line(
    real_embedder: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.models import Dense

    st = real_embedder.encoder.st
    folder = tmp_path / "with-dense"  # a Dense layer after the pooling: not what the ONNX encoder can run
    SentenceTransformer(modules=[st[0], st[1], Dense(384, 384)]).save(str(folder))
    caplog.set_level(logging.WARNING)
    embedder = load_embedder(str(folder), backend="onnx-int8", cache_dir=tmp_path / "models")
    assert embedder.backend == "torch"
    warned = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warned) == 1 and "no ONNX export" in warned[0] and "torch" in warned[0]
    assert embedder.embed_batch(["one text"]).shape == (1, 384)


def test_the_backend_defaults_to_int8_on_the_cpu_and_torch_on_a_gpu() -> None:
    assert Settings.from_env({}).backend == "onnx-int8"
    assert Settings.from_env({"EMBED_DEVICE": "cuda"}).backend == "torch"
    assert Settings.from_env({"EMBED_BACKEND": "torch"}).backend == "torch"
    assert Settings.from_env({"EMBED_BACKEND": "ONNX"}).backend == "onnx"
    assert set(BACKENDS) == {"onnx-int8", "onnx", "torch"}
    with pytest.raises(ConfigError, match="EMBED_BACKEND must be one of"):
        Settings.from_env({"EMBED_BACKEND": "tensorrt"})
    with pytest.raises(ConfigError, match="runs on the CPU"):
        Settings.from_env({"EMBED_BACKEND": "onnx-int8", "EMBED_DEVICE": "cuda"})
    with pytest.raises(ConfigError, match="EMBED_CACHE_ENTRIES"):
        Settings.from_env({"EMBED_CACHE_ENTRIES": "lots"})
    assert Settings.from_env({"EMBED_CACHE_ENTRIES": "0"}).embed_cache_entries == 0


def test_the_onnx_encoders_tokenizer_gives_what_the_models_own_tokenizer_gives(
    int8_embedder: Any, real_embedder: Any
) -> None:
    """The ONNX encoder tokenizes with the `tokenizers` package (no transformers, no torch): same ids, masks, offsets."""
    ours = int8_embedder.encoder
    theirs = real_embedder.encoder
    long = " ".join(["The harbour board’s long-delayed vote on the ferry fares — «finally» — passed."] * 40)
    texts = [long, "Kenji Morioka said on Thursday.", "  Café  déjà vu, naïve façade!  ", "", "年 drones 2026-11-21"]
    got, want = ours.tokenize(texts, offsets=True), theirs.tokenize(texts, offsets=True)
    assert set(got) == set(want) == {"input_ids", "attention_mask", "token_type_ids", "offset_mapping"}
    for key in want:
        assert np.array_equal(got[key], np.asarray(want[key])), key
    assert got["input_ids"].shape == (5, 256)  # the long one truncated to the model's 256, the rest padded
    assert ours.count(texts) == theirs.count(texts) and ours.count([long])[0] > 256  # counting never truncates
