"""Hybrid retrieval: dense (Chroma) and BM25 candidates fused, filtered by time, with a recency prior."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from index.store.corpus import Corpus
from index.text.chunking import chunk_article_id

Mode = Literal["hybrid", "dense", "bm25"]


@dataclass(frozen=True)
class Fusion:
    """How dense and lexical evidence are combined (tuned on the dev sets; see README)."""

    dense_weight: float = 0.9
    pool: int = 40  # candidates taken from each retriever
    recency_weight: float = 0.2  # the prior's full bonus, for articles published within the preferred span
    recency_half_life_days: float = 14.0  # the bonus halves for every this many days outside the span
    recent_pool_days: float = 14.0  # with the prior, also draw candidates from this many days around the span


@dataclass(frozen=True)
class Candidate:
    """One chunk, scored."""

    chunk_id: str
    article_id: str
    score: float
    dense: float  # cosine similarity, 0 when only BM25 found it
    lexical: float  # BM25 score normalised by the best one, 0 when only dense found it
    ts: float


def days_outside(ts: float, span: tuple[float, float]) -> float:
    """How many days a timestamp lies before or after a span of two timestamps (0 within it)."""
    return max(0.0, span[0] - ts, ts - span[1]) / 86400


def time_prior(ts: float, prefer: tuple[float, float], half_life_days: float) -> float:
    """1 within the preferred span, halving for every half_life_days a publication time lies outside it."""
    return math.exp(-days_outside(ts, prefer) * math.log(2) / half_life_days)


def search_pools(
    start: float | None, end: float | None, prefer: tuple[float, float] | None, near_days: float
) -> list[tuple[float | None, float | None]]:
    """The publication-time ranges candidates are drawn from: [start, end], and the days near the preferred span
    within it, so that those are in the running and not only the best of all time."""
    pools: list[tuple[float | None, float | None]] = [(start, end)]
    if prefer is not None and near_days:
        near = near_days * 86400
        lo, hi = max(start or -math.inf, prefer[0] - near), min(end if end is not None else math.inf, prefer[1] + near)
        if lo <= hi and (lo, hi) != (start, end):
            pools.append((None if lo == -math.inf else lo, None if hi == math.inf else hi))
    return pools


@dataclass
class Pools:
    """What the retrievers found for a question, before fusion: per chunk, its cosine, article and time, and its
    BM25 score and time."""

    dense: dict[str, tuple[float, str, float]]
    lexical: dict[str, tuple[float, float]]


def gather(
    corpus: Corpus,
    query: str,
    qvec: np.ndarray,
    *,
    start: float | None = None,
    end: float | None = None,
    mode: Mode = "hybrid",
    prefer: tuple[float, float] | None = None,
    fusion: Fusion = Fusion(),
) -> Pools:
    """The fusion.pool best chunks of each retriever in each of the question's time ranges (search_pools)."""
    pools = Pools({}, {})
    for pool_start, pool_end in search_pools(start, end, prefer, fusion.recent_pool_days):
        if mode in ("hybrid", "dense"):
            for h in corpus.search_dense(qvec, fusion.pool, start=pool_start, end=pool_end):
                pools.dense[h.chunk_id] = (h.cosine, h.article_id, h.ts)
        if mode in ("hybrid", "bm25"):
            for lh in corpus.search_bm25(query, fusion.pool, start=pool_start, end=pool_end):
                pools.lexical[lh.chunk_id] = (lh.score, lh.ts)
    return pools


def fuse(
    pools: Pools, *, k: int, mode: Mode = "hybrid", prefer: tuple[float, float] | None = None, fusion: Fusion = Fusion()
) -> list[Candidate]:
    """The k best chunks, best first: weighted cosine and normalised BM25, plus the time prior."""
    raw_lex = pools.lexical
    top = max((v[0] for v in raw_lex.values()), default=0.0) or 1.0
    w = fusion.dense_weight if mode == "hybrid" else (1.0 if mode == "dense" else 0.0)
    out: list[Candidate] = []
    for cid in pools.dense.keys() | raw_lex.keys():
        d = pools.dense.get(cid)
        lx_raw = raw_lex.get(cid)
        cos = d[0] if d else 0.0
        lx = lx_raw[0] / top if lx_raw else 0.0
        ts = d[2] if d else lx_raw[1] if lx_raw else 0.0
        article = d[1] if d else chunk_article_id(cid)
        score = w * cos + (1 - w) * lx
        if prefer is not None and fusion.recency_weight:
            score += fusion.recency_weight * time_prior(ts, prefer, fusion.recency_half_life_days)
        out.append(Candidate(cid, article, score, cos, lx, ts))
    out.sort(key=lambda c: -c.score)
    return out[:k]


def retrieve(
    corpus: Corpus,
    query: str,
    qvec: np.ndarray,
    *,
    k: int = 10,
    start: float | None = None,
    end: float | None = None,
    mode: Mode = "hybrid",
    prefer: tuple[float, float] | None = None,
    fusion: Fusion = Fusion(),
) -> list[Candidate]:
    """The k best chunks for a question, best first, published within [start, end].

    prefer (two timestamps) turns the time prior on: chunks published within that span get its full bonus, and
    the bonus decays with their distance from it. (as_of, as_of) is the recency prior; a question's time
    expression prefers its own days, since reports of an event come out on the day and in the days after it.
    """
    pools = gather(corpus, query, qvec, start=start, end=end, mode=mode, prefer=prefer, fusion=fusion)
    return fuse(pools, k=k, mode=mode, prefer=prefer, fusion=fusion)
