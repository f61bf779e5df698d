"""Tune the fusion constants on the dev sets (all questions of each set, never single questions).

Collects, once per question, the dense and BM25 candidate pools with their scores and ages, then grid-searches
the dense weight, recency weight and half-life offline, and prints the best settings for the objective
(mean MRR@10 over the sets) with their per-set figures. Usage:
    python bench/tune.py ../shared/eval/realtimeqa-passages-dev ../shared/eval/realtimeqa-news-dev
    python bench/tune.py --weeks ../shared/eval/realtimeqa-news-dev   (hit@1 week by week against dense alone)
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index import (  # noqa: E402
    Engine,
    Fusion,
    Pools,
    Question,
    Settings,
    end_of_day,
    eval_corpus,
    fuse,
    load_articles,
    load_questions,
    search_pools,
    use_offline_defaults,
)

POOL = 100  # the deepest pool the grid tries: each retriever's ranking is collected this deep once


@dataclass
class Ranked:
    """One question's retrievals, collected once: per time range (whole window, days near the preferred span),
    the dense and BM25 hits best first."""

    question: Question
    ranges: list[tuple[list[tuple[str, float, str, float]], list[tuple[str, float, float]]]]
    gold: list[str]


def collect(engine: Engine, folder: Path, corpus: str | None = None) -> list[Ranked]:
    """Ingest a dev set and collect every gold-bearing question's retrievals."""
    corpus = corpus or eval_corpus(folder)
    engine.ingest_articles(load_articles(folder), corpus=corpus)
    c = engine.corpus(corpus)
    out = []
    for q in load_questions(folder):
        if not q.gold:
            continue
        question = Question.parse(q.question, end_of_day(q.asked_at), engine.settings.tz)
        qv = engine.embed_query(question.query)
        ranges = []
        for lo, hi in search_pools(question.start, question.end, question.prefer, Fusion().recent_pool_days):
            dense = [(h.chunk_id, h.cosine, h.article_id, h.ts) for h in c.search_dense(qv, POOL, start=lo, end=hi)]
            lex = [(h.chunk_id, h.score, h.ts) for h in c.search_bm25(question.query, POOL, start=lo, end=hi)]
            ranges.append((dense, lex))
        out.append(Ranked(question, ranges, q.gold))
    print(f"{folder.name}: {len(out)} questions with gold", file=sys.stderr)
    return out


def ranking(r: Ranked, fusion: Fusion, recent: bool) -> list[str]:
    """The articles the real fusion ranks first for this question, with these constants."""
    pools = Pools({}, {})
    for n, (dense, lex) in enumerate(r.ranges):
        if n and not recent:
            break
        for cid, cos, aid, ts in dense[: fusion.pool]:
            pools.dense[cid] = (cos, aid, ts)
        for cid, score, ts in lex[: fusion.pool]:
            pools.lexical[cid] = (score, ts)
    cands = fuse(pools, k=POOL, prefer=r.question.prefer, fusion=fusion)
    return list(dict.fromkeys(x.article_id for x in cands))[:10]


def score_set(data: list[Ranked], fusion: Fusion, recent: bool) -> tuple[float, float, float]:
    """hit@1, hit@5 and MRR@10 of the gold articles."""
    h1 = h5 = rr = 0.0
    for r in data:
        ranked = ranking(r, fusion, recent)
        first = next((k for k, a in enumerate(ranked) if a in set(r.gold)), None)
        if first is not None:
            rr += 1 / (first + 1)
            h1 += first < 1
            h5 += first < 5
    n = len(data) or 1
    return h1 / n, h5 / n, rr / n


def weeks(name: str, data: list[Ranked]) -> None:
    """hit@1 per week the questions were asked: whether a lead over dense alone holds week by week or is a few
    questions' luck."""
    by_week: dict[str, list[Ranked]] = {}
    for r in data:
        by_week.setdefault(r.question.as_of.strftime("%Y-%m-%d"), []).append(r)
    dense = Fusion(dense_weight=1.0, recency_weight=0.0)
    print(f"{name}: week  questions  hit@1 current  hit@1 dense alone")
    for week, rs in sorted(by_week.items()):
        print(f"{week}  {len(rs):3d}  {score_set(rs, Fusion(), True)[0]:.3f}  {score_set(rs, dense, False)[0]:.3f}")
    print(f"all  {len(data):3d}  {score_set(data, Fusion(), True)[0]:.3f}  {score_set(data, dense, False)[0]:.3f}")


GRIDS = {
    "near": ([0.8, 0.9, 1.0], [0.1, 0.2, 0.3], [7.0, 14.0, 30.0], [40], [True]),
    "full": ([0.6, 0.7, 0.8, 0.9, 1.0], [0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8], [3.0, 7.0, 14.0, 30.0], [20, 40],
             [False, True]),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--data-dir", action="append", help="one per dir (default ./data)")
    ap.add_argument("--corpus", action="append", help="one per dir (default: the eval corpus of each)")
    ap.add_argument("--grid", choices=sorted(GRIDS), default="near",
                    help="near: around the current constants (minutes); full: the wide grid (hours)")
    ap.add_argument("--weeks", action="store_true",
                    help="instead of the grid: hit@1 per quiz week, the current constants against dense alone")
    args = ap.parse_args()
    use_offline_defaults()
    dirs = args.data_dir or [str(ROOT / "data")] * len(args.dirs)
    names = args.corpus or [None] * len(args.dirs)
    sets = {}
    for folder, data_dir, name in zip(args.dirs, dirs, names, strict=True):
        engine = Engine(Settings.from_env().with_(data_dir=Path(data_dir)))
        sets[Path(folder).name] = collect(engine, Path(folder), name)
    if args.weeks:
        for name, data in sets.items():
            weeks(name, data)
        return
    rows = []
    for w, rw, hl, pool, recent in itertools.product(*GRIDS[args.grid]):
        fusion = Fusion(dense_weight=w, recency_weight=rw, recency_half_life_days=hl, pool=pool)
        per = {k: score_set(v, fusion, recent) for k, v in sets.items()}
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
