"""The reader: a small cross-encoder that judges whether a sentence, in its article, answers a question.

It was trained here from the bundled all-MiniLM-L6-v2 weights (training/reader.py reproduces it from the dev
sets' articles and our own questions) and ships as an int8 ONNX model in index/data/reader/, loaded offline by
onnxruntime. It reads the question against one candidate at a time: the sentence with its speaker, the
article's title and the sentence before it (what "he said" refers back to).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

READER_DIR = Path(__file__).resolve().parents[1] / "data" / "reader"
MAX_TOKENS = 80  # question and candidate together; the candidate's context is cut first


@dataclass(frozen=True)
class Candidate:
    """What the reader sees of one sentence."""

    sentence: str
    speaker: str | None  # "Name, description", or None for narration
    title: str
    before: str  # the sentence before it in the article ("" at the top)


def candidate_text(c: Candidate) -> str:
    """The candidate as one string, the sentence first so that truncation cuts its context, not it."""
    who = c.speaker or "narration"
    return f"{who}: {c.sentence} | {c.title} | {c.before}"


class Reader:
    """The trained cross-encoder, loaded on first use; scores are probabilities that a candidate answers."""

    def __init__(self, folder: Path = READER_DIR, threads: int = 2) -> None:
        self.folder = folder
        self.threads = threads
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        """Whether the model files are there."""
        return (self.folder / "model.onnx").exists() and (self.folder / "tokenizer.json").exists()

    def _load(self) -> tuple[Any, Any]:
        if self._session is None:
            with self._lock:
                if self._session is None:
                    import onnxruntime as ort
                    from tokenizers import Tokenizer

                    tok = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
                    tok.enable_truncation(MAX_TOKENS, strategy="only_second")
                    tok.enable_padding()
                    opts = ort.SessionOptions()
                    opts.intra_op_num_threads = self.threads
                    opts.inter_op_num_threads = 1
                    self._session = ort.InferenceSession(
                        str(self.folder / "model.onnx"), opts, providers=["CPUExecutionProvider"]
                    )
                    self._tokenizer = tok
                    log.info("reader loaded from %s", self.folder)
        return self._session, self._tokenizer

    def score(self, question: str, candidates: Sequence[Candidate]) -> np.ndarray:
        """The probability that each candidate answers the question."""
        if not candidates:
            return np.zeros(0, dtype=np.float32)
        session, tok = self._load()
        enc = tok.encode_batch([(question, candidate_text(c)) for c in candidates])
        feed = {
            "input_ids": np.asarray([e.ids for e in enc], dtype=np.int64),
            "attention_mask": np.asarray([e.attention_mask for e in enc], dtype=np.int64),
            "token_type_ids": np.asarray([e.type_ids for e in enc], dtype=np.int64),
        }
        logits = session.run(None, feed)[0].reshape(-1)
        return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)
