"""The model exported to ONNX (and quantized to int8), once, into a folder under the data dir; never downloaded.

The export holds what the ONNX encoder needs and nothing else: the transformer as an ONNX graph that returns
token embeddings, the tokenizer (its tokenizer.json is read without transformers), and the pooling the
sentence-transformers model applies on top (spec.json). Pooling and normalisation run in numpy
(index.embedding.base.pool), so one token pass gives both the text vector and the span vectors. Loading an
export imports neither torch nor transformers: only making one does.

Only a model made of a Transformer, a Pooling (mean, cls or max) and optionally a Normalize module can be
exported; anything else raises NoOnnxExport and the embedder falls back to torch.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

EXPORT_VERSION = 1  # bump when the export changes: older exports are made again
SPEC = "spec.json"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


class NoOnnxExport(Exception):
    """The model cannot be exported to ONNX (its modules, or the export itself, failed)."""


def source_signature(path: str) -> str:
    """What identifies the model's files: names, sizes and modification times of a local folder, else its name."""
    p = Path(path)
    if not p.is_dir():
        return path
    h = hashlib.sha1()
    for f in sorted(p.rglob("*")):
        if f.is_file() and "onnx" not in f.parts:
            st = f.stat()
            h.update(f"{f.relative_to(p)}|{st.st_size}|{int(st.st_mtime)}\n".encode())
    return h.hexdigest()


def export_folder(cache_dir: Path, model: str, quantized: bool) -> Path:
    """Where the export of a model lives: one folder per model name and precision."""
    slug = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in model.removeprefix("bundled:"))[:60]
    tag = hashlib.sha1(model.encode()).hexdigest()[:8]
    return cache_dir / f"{slug}-{tag}" / ("onnx-int8" if quantized else "onnx")


def read_spec(folder: Path) -> dict[str, Any] | None:
    """The export's spec, or None when the folder holds no complete export."""
    try:
        spec: dict[str, Any] = json.loads((folder / SPEC).read_text())
    except (OSError, ValueError):
        return None
    complete = (folder / spec.get("file", "model.onnx")).exists() and (folder / "tokenizer.json").exists()
    return spec if complete else None


def _pooling_mode(module: Any) -> str:
    mode = getattr(module, "pooling_mode", None)  # sentence-transformers 6
    if isinstance(mode, str):
        return mode
    getter = getattr(module, "get_pooling_mode_str", None)  # 5.x
    return str(getter()) if getter else "?"


def _plan(st: Any) -> dict[str, Any]:
    """The spec of an exportable model: its pooling and normalisation; NoOnnxExport otherwise."""
    kinds = [type(m).__name__ for m in st]
    if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
        raise NoOnnxExport(f"its modules are {' + '.join(kinds)}, not Transformer + Pooling (+ Normalize)")
    mode = _pooling_mode(st[1])
    if mode not in ("mean", "cls", "max"):
        raise NoOnnxExport(f"its pooling is {mode!r}")
    return {
        "pooling": mode,
        "normalize": len(kinds) == 3,
        "max_tokens": int(st.max_seq_length or 256),
        "do_lower_case": bool(getattr(st[0], "do_lower_case", False)),
    }


def export(st: Any, model: str, source: str, folder: Path, *, quantized: bool) -> dict[str, Any]:
    """Export a loaded SentenceTransformer into folder (atomically: a half-made export is never read)."""
    import torch

    plan = _plan(st)
    hf = st[0].auto_model
    tokenizer = st.tokenizer
    dummy = tokenizer(["a short example sentence", "and another, a little longer one"], padding=True,
                      return_tensors="pt")
    names = [k for k in INPUTS if k in dummy]

    class TokenEmbeddings(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, *args: Any) -> Any:
            return self.inner(**dict(zip(names, args, strict=True))).last_hidden_state

    t = time.perf_counter()
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.with_name(f"{folder.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        axes = {n: {0: "batch", 1: "tokens"} for n in [*names, "token_embeddings"]}
        fp32 = tmp / "model.onnx"
        try:
            with torch.inference_mode(False), torch.no_grad():
                torch.onnx.export(
                    TokenEmbeddings(hf).eval(), tuple(dummy[k] for k in names), str(fp32), input_names=names,
                    output_names=["token_embeddings"], dynamic_axes=axes, opset_version=17, dynamo=False,
                )
        except Exception as exc:  # an architecture the exporter does not know
            raise NoOnnxExport(f"the ONNX export failed: {type(exc).__name__}: {exc}") from exc
        file = fp32.name
        if quantized:
            _quantize(fp32, tmp / "model_int8.onnx")
            fp32.unlink()
            file = "model_int8.onnx"
        tokenizer.save_pretrained(str(tmp))
        if not (tmp / "tokenizer.json").exists():  # the ONNX encoder reads it with the tokenizers package
            raise NoOnnxExport("its tokenizer has no tokenizer.json (no fast tokenizer)")
        spec = {**plan, "file": file, "inputs": names, "model": model, "source": source,
                "version": EXPORT_VERSION, "quantized": quantized}
        (tmp / SPEC).write_text(json.dumps(spec, indent=2))
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(OSError):  # another process finished the same export first: use theirs
            tmp.rename(folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.info("exported %s to ONNX%s in %.1fs (%s)", model, " int8" if quantized else "", time.perf_counter() - t,
             folder)
    got = read_spec(folder)
    if got is None:
        raise NoOnnxExport("the export left no model behind")
    return got


def _quantize(src: Path, dst: Path) -> None:
    """Dynamic int8 quantization of the weights (activations quantized at run time): no calibration data.

    Per-channel weights, MatMul only: on this AVX2 machine that kept cosine to fp32 at >= 0.986 on news chunks,
    against 0.912 per-tensor and 0.731 with reduce_range (avx512_vnni-style settings lose more without VNNI).
    """
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as exc:  # onnxruntime's quantizer needs the onnx package
        raise NoOnnxExport(f"int8 quantization needs the onnx package: {exc}") from exc
    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul"])
