"""Hybrid retrieval: dense (Chroma) and BM25 candidates fused, filtered by time, with a recency prior."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import numpy as np

from index.models import TimeWindow
from index.store.corpus import Corpus

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


def _where(start: float | None, end: float | None) -> dict[str, Any] | None:
    conds: list[dict[str, Any]] = []
    if start is not None:
        conds.append({"ts": {"$gte": start}})
    if end is not None:
        conds.append({"ts": {"$lte": end}})
    if not conds:
        return None
    return conds[0] if len(conds) == 1 else {"$and": conds}


def days_outside(ts: float, span: tuple[float, float]) -> float:
    """How many days a timestamp lies before or after a span of two timestamps (0 within it)."""
    return max(0.0, span[0] - ts, ts - span[1]) / 86400


def time_prior(ts: float, prefer: tuple[float, float], half_life_days: float) -> float:
    """1 within the preferred span, halving for every half_life_days a publication time lies outside it."""
    return math.exp(-days_outside(ts, prefer) * math.log(2) / half_life_days)


def time_span(
    window: TimeWindow | None, now: datetime, *, event: bool = True
) -> tuple[TimeWindow | None, tuple[float, float]]:
    """What a time window means to a search: the window to search (None: any date up to now) and the span of
    publication times to prefer.

    A period option (event=False) is a plain filter. A question's time (event=True) names when things happened,
    and reports of them come out then or later: search from its start up to now, preferring what was published
    within it (or soon after). A time still ahead filters nothing, since what is known of it was published
    before; no time at all prefers now, since news questions are mostly about recent events.
    """
    t = now.timestamp()
    if window is not None and not event:
        return window, (window.start.timestamp(), t)
    if window is None or window.start > now:
        return None, (t, t)
    return TimeWindow(window.start, now, window.phrase), (window.start.timestamp(), min(window.end, now).timestamp())


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
    dense: dict[str, tuple[float, str, float]] = {}
    raw_lex: dict[str, tuple[float, float]] = {}
    pools = search_pools(start, end, prefer, fusion.recent_pool_days)
    index = corpus.lexical() if mode in ("hybrid", "bm25") else None

    local = corpus.lexical()
    for pool_start, pool_end in pools:
        if mode in ("hybrid", "dense"):
            unfiltered = pool_start is None and (pool_end is None or pool_end >= local.max_ts)
            found = None if unfiltered else local.search_dense(qvec, fusion.pool, start=pool_start, end=pool_end)
            if found is None:  # nothing to filter out (or no mirror): Chroma's HNSW index answers
                where = None if unfiltered else _where(pool_start, pool_end)
                for h in corpus.store.query(corpus.collection(), qvec, fusion.pool, where):
                    meta = h.metadata
                    dense[h.chunk_id] = (h.score, str(meta.get("article_id", "")), float(meta.get("ts", 0.0)))
            else:
                for cid, aid, cos, ts in found:
                    dense[cid] = (cos, aid, ts)
        if index is not None:
            for lh in index.search(query, fusion.pool, start=pool_start, end=pool_end):
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
        if prefer is not None and fusion.recency_weight:
            score += fusion.recency_weight * time_prior(ts, prefer, fusion.recency_half_life_days)
        out.append(Candidate(cid, article, score, cos, lx, ts))
    out.sort(key=lambda c: -c.score)
    return out[:k]
