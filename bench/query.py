"""Latency of `ask` (model and indexes loaded once) at about 10k and 100k chunks.

The corpus is realtimeqa-passages-dev, embedded once with the real model, then cloned with perturbed vectors
and shifted dates to reach each size. The baseline, timed in the same process on the same questions, is the
plain dense search (query embedding + Chroma top-10). Usage:
    python bench/query.py [--sizes 10000 100000] [--questions 200] [--data-dir data/bench-query]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.engine import Engine  # noqa: E402
from index.evaluate import end_of_day, eval_corpus, load_articles, load_questions  # noqa: E402
from index.models import Chunk  # noqa: E402
from index.settings import Settings  # noqa: E402


def _clone(engine: Engine, base: str, target: str, size: int) -> None:
    """Fill corpus `target` to about `size` chunks with copies of `base` (new ids, noisy vectors)."""
    src, dst = engine.corpus(base), engine.corpus(target)
    if dst.docs.count_chunks(dst.gen) >= size:
        return
    rng = np.random.default_rng(7)
    arts = {s.article.id: s for s in src.docs.iter_articles()}
    col = src.store.collection(src.collection())
    got = col.get(include=["embeddings", "metadatas"])
    ids, vecs, metas = got["ids"], np.asarray(got["embeddings"], dtype=np.float32), got["metadatas"]
    chunks = src.docs.chunks(src.gen, ids, engine.embedder.dim)
    copies = max(1, round(size / len(ids)))
    for c in range(copies):
        noisy = vecs + rng.normal(0, 0.02, vecs.shape).astype(np.float32)
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        shift = timedelta(days=7 * c)
        new_ids = [f"{i}~{c}" for i in ids]
        new_metas = [{**m, "article_id": f"{m['article_id']}~{c}", "ts": float(m["ts"]) - shift.total_seconds()}
                     for m in metas]
        dst.store.add(dst.collection(), new_ids, noisy, new_metas)
        with dst.docs.transaction() as conn:
            for s in arts.values():
                a = s.article
                pub = a.published - shift if a.published else None
                dst.docs.put_article(conn, replace(a, id=f"{a.id}~{c}", published=pub), time.time())
            cl = [Chunk(f"{i}~{c}", f"{chunks[i].article_id}~{c}", chunks[i].index, chunks[i].start, chunks[i].end,
                        "", "", chunks[i].sentences) for i in ids]
            sv = [chunks[i].sent_vecs for i in ids]
            dst.docs.put_chunks(conn, dst.gen, cl, sv, [list(chunks[i].speakers) for i in ids])  # type: ignore[arg-type]
    dst.build_lexical(dst.gen)


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
            corpus.store.query(corpus.collection(), qv, 10, {"ts": {"$lte": as_of.timestamp()}})
            base_ms.append((time.perf_counter() - t) * 1000)
            engine._qcache.clear()
            t = time.perf_counter()
            engine.ask(q.question, corpus=name, as_of=as_of)
            ask_ms.append((time.perf_counter() - t) * 1000)
        rows.append({
            "chunks": corpus.docs.count_chunks(corpus.gen),
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
