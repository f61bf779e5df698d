"""Hybrid retrieval: dense (Chroma) and BM25 candidates fused, filtered by time, with a recency prior."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from index.corpus import Corpus

Mode = Literal["hybrid", "dense", "bm25"]


@dataclass(frozen=True)
class Fusion:
    """How dense and lexical evidence are combined (tuned on the dev sets; see README)."""

    dense_weight: float = 0.9
    pool: int = 40  # candidates taken from each retriever
    recency_weight: float = 0.2
    recency_half_life_days: float = 14.0
    recent_pool_days: float = 14.0  # with the recency prior, also draw candidates from this many recent days


@dataclass(frozen=True)
class Candidate:
    """One chunk, scored."""

    chunk_id: str
    article_id: str
    score: float
    dense: float  # cosine similarity, 0 when only BM25 found it
    lexical: float  # BM25 score normalised by the best one, 0 when only dense found it
    ts: float


def _where(start: float | None, end: float | None) -> dict[str, Any] | None:
    conds: list[dict[str, Any]] = []
    if start is not None:
        conds.append({"ts": {"$gte": start}})
    if end is not None:
        conds.append({"ts": {"$lte": end}})
    if not conds:
        return None
    return conds[0] if len(conds) == 1 else {"$and": conds}


def retrieve(
    corpus: Corpus,
    query: str,
    qvec: np.ndarray,
    *,
    k: int = 10,
    start: float | None = None,
    end: float | None = None,
    mode: Mode = "hybrid",
    recency_from: float | None = None,
    fusion: Fusion = Fusion(),
) -> list[Candidate]:
    """The k best chunks for a question, best first. recency_from (a timestamp) turns the recency prior on."""
    dense: dict[str, tuple[float, str, float]] = {}
    raw_lex: dict[str, tuple[float, float]] = {}
    pools: list[float | None] = [start]
    if recency_from is not None and fusion.recent_pool_days:
        # news questions are mostly about recent events: make sure recent candidates are in the running
        pools.append(max(start or 0.0, recency_from - fusion.recent_pool_days * 86400))
    index = corpus.lexical() if mode in ("hybrid", "bm25") else None

    local = corpus.lexical()
    for pool_start in pools:
        if mode in ("hybrid", "dense"):
            unfiltered = pool_start is None and (end is None or end >= local.max_ts)
            found = None if unfiltered else local.search_dense(qvec, fusion.pool, start=pool_start, end=end)
            if found is None:  # nothing to filter out (or no mirror): Chroma's HNSW index answers
                where = None if unfiltered else _where(pool_start, end)
                for h in corpus.store.query(corpus.collection(), qvec, fusion.pool, where):
                    meta = h.metadata
                    dense[h.chunk_id] = (h.score, str(meta.get("article_id", "")), float(meta.get("ts", 0.0)))
            else:
                for cid, aid, cos, ts in found:
                    dense[cid] = (cos, aid, ts)
        if index is not None:
            for lh in index.search(query, fusion.pool, start=pool_start, end=end):
                raw_lex[lh.chunk_id] = (lh.score, lh.ts)
    top = max((v[0] for v in raw_lex.values()), default=0.0) or 1.0
    lexical = {cid: v[0] / top for cid, v in raw_lex.items()}
    lex_ts = {cid: v[1] for cid, v in raw_lex.items()}
    w = fusion.dense_weight if mode == "hybrid" else (1.0 if mode == "dense" else 0.0)
    out: list[Candidate] = []
    for cid in dense.keys() | lexical.keys():
        d = dense.get(cid)
        cos = d[0] if d else 0.0
        lx = lexical.get(cid, 0.0)
        ts = d[2] if d else lex_ts.get(cid, 0.0)
        article = d[1] if d else cid.rsplit(":", 2)[0]
        score = w * cos + (1 - w) * lx
        if recency_from is not None and fusion.recency_weight:
            age_days = max(0.0, (recency_from - ts) / 86400)
            score += fusion.recency_weight * math.exp(-age_days * math.log(2) / fusion.recency_half_life_days)
        out.append(Candidate(cid, article, score, cos, lx, ts))
    out.sort(key=lambda c: -c.score)
    return out[:k]
