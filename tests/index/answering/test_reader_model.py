"""The reader's model files: made the way training/reader.py makes them, loaded offline by onnxruntime."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from index.answering.reader import MAX_TOKENS, Candidate, Reader
from index.embedding import resolve_model
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "training"))
import reader as training  # noqa: E402


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-layer cross-encoder from the bundled weights, untrained, exported and quantized as training does."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    path = resolve_model("bundled:all-MiniLM-L6-v2")
    tok = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSequenceClassification.from_pretrained(path, num_labels=1)
    model.bert.encoder.layer = model.bert.encoder.layer[:1]
    model.config.num_hidden_layers = 1

    def encode(items: list[Any]) -> Any:
        return tok([p.question for p in items], [p.text for p in items], padding=True, truncation="only_second",
                   max_length=MAX_TOKENS, return_tensors="pt")

    out = tmp_path_factory.mktemp("reader") / "reader"
    sample = [training.Pair("q1", "a1", "what did Berg say?", "Jonas Berg: Drones are loud. | Mayor | ", 1)]
    training._export(model, tok, encode, sample, out)
    return out


def test_an_exported_reader_loads_offline_and_scores_each_candidate(exported: Path) -> None:
    reader = Reader(exported)
    assert reader.available and not Reader(exported.parent / "absent").available
    cands = [Candidate("Drones are loud over the school.", "Jonas Berg", "Mayor on drones", ""),
             Candidate("The council meets in December.", None, "Council", "Drones are loud over the school."),
             Candidate("x " * 400, None, "A very long one, truncated to the reader's length", "")]
    p = reader.score("what did Berg say about drones?", cands)
    assert p.shape == (3,) and np.all((p > 0) & (p < 1))
    assert np.allclose(p, reader.score("what did Berg say about drones?", cands))  # the same scores every time
    assert reader.score("anything?", []).shape == (0,)
    assert (exported / "model.onnx").stat().st_size < 40 * 2**20  # int8: small enough to ship
