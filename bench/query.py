"""Latency of `ask` (model and indexes loaded once) at about 10k and 100k chunks.

The corpus is realtimeqa-passages-dev, embedded once with the real model, then cloned with perturbed vectors
and shifted dates to reach each size. The baseline, timed in the same process on the same questions, is the
plain dense search (query embedding + Chroma top-10). Usage:
    python bench/query.py [--sizes 10000 100000] [--questions 200] [--data-dir data/bench-query]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index import (  # noqa: E402
    Chunk,
    Engine,
    Settings,
    end_of_day,
    eval_corpus,
    load_articles,
    load_questions,
    use_offline_defaults,  # noqa: E402
)


def _clone(engine: Engine, base: str, target: str, size: int) -> None:
    """Fill corpus `target` to about `size` chunks with copies of `base` (new ids, noisy vectors, earlier dates)."""
    src, dst = engine.corpus(base), engine.corpus(target)
    if dst.counts().chunks >= size:
        return
    rng = np.random.default_rng(7)
    arts = [s.article for s in src.iter_articles()]
    ids = src.chunk_ids()
    vecs = src.vectors(ids)
    assert vecs is not None, "the base corpus lacks vectors"
    chunks = src.chunks(ids)
    copies = max(1, round(size / len(ids)))
    for c in range(copies):
        noisy = vecs + rng.normal(0, 0.02, vecs.shape).astype(np.float32)
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        shift = timedelta(days=7 * c)
        moved = [replace(a, id=f"{a.id}~{c}", published=a.published - shift if a.published else None) for a in arts]
        cl = [Chunk(f"{i}~{c}", f"{chunks[i].article_id}~{c}", chunks[i].index, chunks[i].start, chunks[i].end,
                    "", "", chunks[i].sentences) for i in ids]
        sv = [chunks[i].sent_vecs for i in ids]
        dst.write(dst.gen, moved, cl, noisy, sv, [list(chunks[i].speakers) for i in ids], now=time.time())  # type: ignore[arg-type]
    dst.build_side(dst.gen)


def _pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dataset", default=str(ROOT.parent / "shared" / "eval" / "realtimeqa-passages-dev"))
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--questions", type=int, default=200)
    ap.add_argument("--data-dir", default=str(ROOT / "data"), help="shares the scratch corpus of `newsbot eval`")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    use_offline_defaults()
    engine = Engine(Settings.from_env().with_(data_dir=Path(args.data_dir)))
    base = eval_corpus(Path(args.dataset))
    engine.ingest_articles(load_articles(Path(args.dataset)), corpus=base)
    questions = load_questions(Path(args.dataset))[: args.questions]
    rows = []
    for size in args.sizes:
        name = f"bench-n{size}"
        _clone(engine, base, name, size)
        corpus = engine.corpus(name)
        engine.ask("warm up", corpus=name)
        ask_ms, base_ms = [], []
        for q in questions:
            as_of = end_of_day(q.asked_at)
            engine._qcache.clear()  # every question pays for its embedding, as in real use
            t = time.perf_counter()
            qv = engine.embedder.embed_query(q.question)
            corpus.search_vector_store(qv, 10, end=as_of.timestamp())
            base_ms.append((time.perf_counter() - t) * 1000)
            engine._qcache.clear()
            t = time.perf_counter()
            engine.ask(q.question, corpus=name, as_of=as_of)
            ask_ms.append((time.perf_counter() - t) * 1000)
        rows.append({
            "chunks": corpus.counts().chunks,
            "ask_p50_ms": round(statistics.median(ask_ms), 1),
            "ask_p95_ms": round(_pct(ask_ms, 0.95), 1),
            "dense_baseline_p50_ms": round(statistics.median(base_ms), 1),
            "ratio_p50": round(statistics.median(ask_ms) / statistics.median(base_ms), 2),
        })
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print("| chunks | ask p50 (ms) | ask p95 (ms) | dense-only p50 (ms) | ask / dense p50 |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['chunks']} | {r['ask_p50_ms']} | {r['ask_p95_ms']} | {r['dense_baseline_p50_ms']} | {r['ratio_p50']} |")


if __name__ == "__main__":
    main()
