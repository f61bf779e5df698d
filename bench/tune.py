"""Tune the fusion constants on the dev sets (all questions of each set, never single questions).

Collects, once per question, the dense and BM25 candidate pools with their scores and ages, then grid-searches
the dense weight, recency weight and half-life offline, and prints the best settings for the objective
(mean MRR@10 over the sets) with their per-set figures. Usage:
    python bench/tune.py ../shared/eval/realtimeqa-passages-dev ../shared/eval/realtimeqa-news-dev
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import sys
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.answering.search import Fusion, _where, days_outside, search_pools, time_span  # noqa: E402
from index.engine import Engine  # noqa: E402
from index.evaluate import end_of_day, eval_corpus, load_articles, load_questions  # noqa: E402
from index.settings import Settings  # noqa: E402
from index.text.timeexpr import parse_window  # noqa: E402

POOL = 100
RECENT_DAYS = 14.0


def collect(engine: Engine, folder: Path, corpus: str | None = None) -> list[tuple[list[str], np.ndarray, list[str]]]:
    """Per question: candidate article ids, features, gold ids.

    Features: [cos, bm25 norm, days outside the preferred span, dense/lex ranks in the whole window and near the
    preferred span]."""
    corpus = corpus or eval_corpus(folder)
    engine.ingest_articles(load_articles(folder), corpus=corpus)
    c = engine.corpus(corpus)
    lex = c.lexical()
    cache = Path(engine.settings.data_dir) / f"qvecs-{corpus}.npz"
    vectors: dict[str, np.ndarray] = dict(np.load(cache)) if cache.exists() else {}
    out = []
    for q in load_questions(folder):
        if not q.gold:
            continue
        now = end_of_day(q.asked_at)
        window, query = parse_window(q.question, now, engine.settings.tz)
        query = query.strip() or q.question
        window, prefer = time_span(window, now)  # as Engine.ask_traced
        start, end = (window.start.timestamp() if window else None), now.timestamp()
        qv = vectors.get(query)
        if qv is None:
            qv = vectors[query] = engine.embed_query(query)
        feats: dict[str, list[float]] = {}
        arts: dict[str, str] = {}
        for pool_no, (lo, hi) in enumerate(search_pools(start, end, prefer, RECENT_DAYS)):  # 0: whole, 1: near
            for r, h in enumerate(c.store.query(c.collection(), qv, POOL, _where(lo, hi))):
                outside = days_outside(float(h.metadata["ts"]), prefer)
                f = feats.setdefault(h.chunk_id, [h.score, 0.0, outside, POOL, POOL, POOL, POOL])
                f[3 + 2 * pool_no] = r
                arts[h.chunk_id] = str(h.metadata["article_id"])
            hits = lex.search(query, POOL, start=lo, end=hi)
            for r, h in enumerate(hits):
                f = feats.setdefault(h.chunk_id, [0.0, 0.0, days_outside(h.ts, prefer), POOL, POOL, POOL, POOL])
                f[1] = max(f[1], h.score)
                f[4 + 2 * pool_no] = r
                arts.setdefault(h.chunk_id, h.chunk_id.rsplit(":", 2)[0])
        if feats:
            top = max(f[1] for f in feats.values()) or 1.0
            for f in feats.values():
                f[1] /= top
        ids = list(feats)
        out.append(([arts[i] for i in ids], np.array([feats[i] for i in ids]), q.gold))
    np.savez(cache, **vectors)
    print(f"{folder.name}: {len(out)} questions with gold", file=sys.stderr)
    return out  # type: ignore[return-value]


def score_set(data: list, w: float, rw: float, hl: float, pool: int, recent: bool) -> tuple[float, float, float]:
    h1 = h5 = rr = 0.0
    for arts, f, gold in data:
        if not len(arts):
            continue
        d_in = (f[:, 3] < pool) | ((f[:, 5] < pool) & recent)
        l_in = (f[:, 4] < pool) | ((f[:, 6] < pool) & recent)
        in_pool = d_in | l_in
        cos = np.where(d_in, f[:, 0], 0.0)
        lx = np.where(l_in, f[:, 1], 0.0)
        s = w * cos + (1 - w) * lx
        if rw:
            s = s + rw * np.exp(-np.maximum(f[:, 2], 0) * math.log(2) / hl)
        s = np.where(in_pool, s, -1e9)
        order = np.argsort(-s)
        ranked: list[str] = []
        for i in order:
            if s[i] < -1e8:
                break
            if arts[i] not in ranked:
                ranked.append(arts[i])
            if len(ranked) == 10:
                break
        g = set(gold)
        first = next((k for k, a in enumerate(ranked) if a in g), None)
        if first is not None:
            rr += 1 / (first + 1)
            h1 += first < 1
            h5 += first < 5
    n = len(data)
    return h1 / n, h5 / n, rr / n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--data-dir", action="append", help="one per dir (default ./data)")
    ap.add_argument("--corpus", action="append", help="one per dir (default: the eval corpus of each)")
    args = ap.parse_args()
    dirs = args.data_dir or [str(ROOT / "data")] * len(args.dirs)
    names = args.corpus or [None] * len(args.dirs)
    sets = {}
    for folder, data_dir, name in zip(args.dirs, dirs, names, strict=True):
        engine = Engine(Settings.from_env().with_(data_dir=Path(data_dir)))
        sets[Path(folder).name] = collect(engine, Path(folder), name)
    grid = itertools.product([0.6, 0.7, 0.8, 0.9, 1.0], [0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8],
                             [3.0, 7.0, 14.0, 30.0], [20, 40], [False, True])
    rows = []
    for w, rw, hl, pool, recent in grid:
        per = {k: score_set(v, w, rw, hl, pool, recent) for k, v in sets.items()}
        rows.append((float(np.mean([p[2] for p in per.values()])), w, rw, hl, (pool, recent), per))
    rows.sort(key=lambda r: -r[0])
    print("objective  w_dense  recency  half_life  (pool, recent pool)  " + "  ".join(f"{k}: hit@1/hit@5/mrr" for k in sets))
    for r in rows[:15]:
        print(f"{r[0]:.4f}  {r[1]:.2f}  {r[2]:.2f}  {r[3]:5.1f}  {r[4]}  " +
              "  ".join(f"{a:.3f}/{b:.3f}/{c:.3f}" for a, b, c in r[5].values()))
    f = Fusion()
    now = (f.dense_weight, f.recency_weight, f.recency_half_life_days, (f.pool, bool(f.recent_pool_days)))
    cur = [r for r in rows if (r[1], r[2], r[3], r[4]) == now]
    if cur:
        print("current defaults:", "  ".join(f"{a:.3f}/{b:.3f}/{c:.3f}" for a, b, c in cur[0][5].values()))


if __name__ == "__main__":
    main()
