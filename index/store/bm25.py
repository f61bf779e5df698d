"""The local side index of a corpus generation: BM25 over chunk texts (bm25s), each chunk's article and
timestamp, and a mirror of its vector for time-filtered dense search; persisted, rebuilt when the corpus changes.

Chroma answers unfiltered vector queries fast (HNSW), but a metadata filter on the timestamp made each query
take ~90 ms at 29k chunks here; a time window (or as_of in the past) is answered by a masked matrix product over
the mirror instead (a few ms).
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)


def _bm25s() -> Any:
    """bm25s, imported on first use; its import sets its own logger to DEBUG, which would log every build."""
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s

_stemmer: Any = None
_stem_lock = threading.Lock()


def _get_stemmer() -> Any:
    global _stemmer
    if _stemmer is None:
        with _stem_lock:
            if _stemmer is None:
                import Stemmer

                _stemmer = Stemmer.Stemmer("english")
    return _stemmer


TOKENIZER_VERSION = 3  # bump when tokenize() changes: saved indexes of another version are rebuilt
_stopwords: list[str] | None = None


def _get_stopwords() -> list[str]:
    """spaCy's English stopwords (bm25s's own list has 33 words and keeps "what", "did", "about")."""
    global _stopwords
    if _stopwords is None:
        from spacy.lang.en.stop_words import STOP_WORDS

        _stopwords = sorted(STOP_WORDS)
    return _stopwords


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lowercased, stopword-free, stemmed tokens."""
    out = _bm25s().tokenize(
        texts, stopwords=_get_stopwords(), stemmer=_get_stemmer(), return_ids=False, show_progress=False
    )
    return [list(t) for t in out]


@dataclass
class LexicalHit:
    """One chunk found by BM25."""

    chunk_id: str
    score: float
    ts: float


class LexicalIndex:
    """A BM25 index of one corpus generation, with each chunk's effective timestamp for time filters."""

    def __init__(
        self, retriever: Any, ids: list[str], ts: np.ndarray, aids: list[str] | None = None,
        vecs: np.ndarray | None = None,
    ) -> None:
        self._retriever = retriever
        self.ids = ids
        self.ts = ts
        self.aids = aids or [i.rsplit(":", 2)[0] for i in ids]
        # the last query's cosines over every row: one question searches several time ranges (and a weak window
        # looks before it), each a pass over the whole matrix otherwise
        self._last: tuple[np.ndarray, bytes, np.ndarray] | None = None
        self.vecs = vecs
        self.max_ts = float(ts.max()) if len(ts) else 0.0

    @property
    def vecs(self) -> np.ndarray | None:
        """The chunks' vectors, row for row with ids (the mirror of the vector store), or None."""
        return self._vecs

    @vecs.setter
    def vecs(self, value: np.ndarray | None) -> None:
        self._vecs = value
        self._last = None

    def _mask(self, start: float | None, end: float | None) -> np.ndarray | None:
        if start is None and end is None:
            return None
        ok = np.ones(len(self.ids), dtype=bool)
        if start is not None:
            ok &= self.ts >= start
        if end is not None:
            ok &= self.ts <= end
        return ok

    def search_dense(
        self, qvec: np.ndarray, k: int, *, start: float | None = None, end: float | None = None
    ) -> list[tuple[str, str, float, float]] | None:
        """(chunk id, article id, cosine, timestamp) of the k nearest chunks in the window; None without vectors."""
        if self.vecs is None or len(self.vecs) != len(self.ids):
            return None
        mask = self._mask(start, end)
        valid = len(self.ids) if mask is None else int(mask.sum())
        if not valid:
            return []
        sims = self._cosines(self.vecs, qvec)
        if mask is not None:
            sims = np.where(mask, sims, -np.inf)
        k = min(k, valid)
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top])]
        return [(self.ids[i], self.aids[i], float(sims[i]), float(self.ts[i])) for i in top]

    def _cosines(self, vecs: np.ndarray, qvec: np.ndarray) -> np.ndarray:
        """vecs @ qvec (read-only), computed once per query vector: one pass over the matrix beats gathering a
        window's rows, and the time ranges of one question share it."""
        q = np.ascontiguousarray(qvec, dtype=np.float32)
        key = q.tobytes()
        last = self._last
        if last is not None and last[0] is vecs and last[1] == key:
            return last[2]
        sims = vecs @ q
        sims.flags.writeable = False
        self._last = (vecs, key, sims)  # (the matrix itself, so a replaced one never matches)
        return sims

    @classmethod
    def build(cls, rows: Iterable[tuple[str, str, str, float]]) -> LexicalIndex:
        """Index (chunk id, article id, text, timestamp) rows."""
        bm25s = _bm25s()

        ids: list[str] = []
        aids: list[str] = []
        texts: list[str] = []
        ts: list[float] = []
        for cid, aid, text, t in rows:
            ids.append(cid)
            aids.append(aid)
            texts.append(text)
            ts.append(t)
        retriever = None
        if ids:
            retriever = bm25s.BM25()
            retriever.index(tokenize(texts), show_progress=False)
        return cls(retriever, ids, np.asarray(ts, dtype=np.float64), aids)

    def save(self, folder: Path) -> None:
        """Write the index to folder (replacing it atomically)."""
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self._retriever is not None:
            self._retriever.save(str(tmp / "bm25"))
        (tmp / "ids.json").write_text(json.dumps(self.ids))
        (tmp / "aids.json").write_text(json.dumps(self.aids))
        if self.vecs is not None:
            np.save(tmp / "vecs.npy", self.vecs)
        (tmp / "version").write_text(str(TOKENIZER_VERSION))
        np.save(tmp / "ts.npy", self.ts)
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            folder.rename(old)
        tmp.rename(folder)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex | None:
        """A saved index, or None when there is none."""
        bm25s = _bm25s()

        version = folder / "version"
        if not version.exists() or version.read_text().strip() != str(TOKENIZER_VERSION):
            return None
        ids = json.loads((folder / "ids.json").read_text())
        ts = np.load(folder / "ts.npy")
        aids = json.loads((folder / "aids.json").read_text())
        vecs = np.load(folder / "vecs.npy") if (folder / "vecs.npy").exists() else None
        retriever = bm25s.BM25.load(str(folder / "bm25")) if ids else None
        return cls(retriever, ids, ts, aids, vecs)

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: str, k: int, *, start: float | None = None, end: float | None = None) -> list[LexicalHit]:
        """The k best chunks for query among those with start <= timestamp <= end."""
        if self._retriever is None or not self.ids:
            return []
        tokens = tokenize([query])[0]
        vocab = self._retriever.vocab_dict
        tokens = [t for t in tokens if t in vocab]
        if not tokens:
            return []
        ok = self._mask(start, end)
        mask = None
        if ok is not None:
            if not ok.any():
                return []
            mask = ok.astype(np.float32)
        k = min(k, len(self.ids))
        docs, scores = self._retriever.retrieve(
            [tokens], k=k, show_progress=False, weight_mask=mask, n_threads=1
        )
        out = []
        for d, s in zip(docs[0], scores[0], strict=True):
            if s > 0:
                out.append(LexicalHit(self.ids[int(d)], float(s), float(self.ts[int(d)])))
        return out
