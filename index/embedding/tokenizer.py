"""The model's tokenizer for the ONNX encoders: its tokenizer.json run by the `tokenizers` package.

transformers' fast tokenizer runs this same file through the same package; loading it directly keeps
transformers, and with it torch, out of a process that only answers questions (a cold `newsbot ask` pays
seconds for those imports). The settings transformers would apply are read from the export's plain JSON.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

FILE = "tokenizer.json"


def _pad_token(folder: Path, tokenizer_json: dict[str, Any]) -> str:
    """The padding token: from tokenizer_config.json or special_tokens_map.json, else the file's own padding."""
    for name in ("tokenizer_config.json", "special_tokens_map.json"):
        try:
            value = json.loads((folder / name).read_text(encoding="utf-8")).get("pad_token")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(value, dict):
            value = value.get("content")
        if isinstance(value, str) and value:
            return value
    padding = tokenizer_json.get("padding") or {}
    return str(padding.get("pad_token") or "[PAD]")


class FastTokenizer:
    """Tokenizes as transformers' fast tokenizer called with padding=True, truncation=True, max_length."""

    def __init__(self, folder: Path, max_tokens: int) -> None:
        from tokenizers import Tokenizer

        path = folder / FILE
        spec = json.loads(path.read_text(encoding="utf-8"))
        self.max_tokens = max_tokens
        # two copies: padding and truncation are settings of the object, and counting wants neither
        self._count = Tokenizer.from_file(str(path))
        self._count.no_truncation()
        self._count.no_padding()
        self._batch = Tokenizer.from_file(str(path))
        self._batch.enable_truncation(max_tokens)  # special tokens counted, as transformers does
        pad = _pad_token(folder, spec)
        pad_id = self._batch.token_to_id(pad)
        if pad_id is None:
            raise ValueError(f"the padding token {pad!r} is not in {path}")
        self._batch.enable_padding(pad_id=pad_id, pad_token=pad)

    def count(self, texts: Sequence[str]) -> list[int]:
        """Tokens of each text, without special tokens and without truncation."""
        return [len(e.ids) for e in self._count.encode_batch(list(texts), add_special_tokens=False)]

    def __call__(self, texts: Sequence[str], *, offsets: bool = False) -> dict[str, np.ndarray]:
        """input_ids, attention_mask, token_type_ids (and offset_mapping: character spans) of a padded batch."""
        enc = self._batch.encode_batch(list(texts))
        out = {
            "input_ids": np.asarray([e.ids for e in enc], dtype=np.int64),
            "attention_mask": np.asarray([e.attention_mask for e in enc], dtype=np.int64),
            "token_type_ids": np.asarray([e.type_ids for e in enc], dtype=np.int64),
        }
        if offsets:
            out["offset_mapping"] = np.asarray([e.offsets for e in enc], dtype=np.int64).reshape(len(enc), -1, 2)
        return out
