"""Latency of `ask` (model, reader and indexes loaded once) at about 10k and 100k chunks, per kind of question.

The corpus is the news pool of the dev sets (realtimeqa-news-dev, embedded once with the real model), copied
without embedding again to reach each size: newest articles first, then copies with perturbed vectors and
shifted dates. Speaker and factual questions come from user-questions-dev, quiz questions from the news quiz.
The baseline, timed in the same process on the same questions, is the plain dense search (query embedding +
Chroma top-10 with the same time filter). Every question pays for its own embedding. Usage:
    python bench/query.py [--sizes 10000 100000] [--questions 100] [--data-dir data/bench-query]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index import (  # noqa: E402
    Chunk,
    Engine,
    Settings,
    chunk_article_id,
    end_of_day,
    eval_corpus,
    load_articles,
    load_questions,
    load_user_questions,
    use_offline_defaults,
)


def _clone(engine: Engine, base: str, target: str, size: int) -> None:
    """Fill corpus `target` to about `size` chunks from `base` without embedding: its newest articles first, then
    copies with new ids, noisy vectors and dates shifted back a week a copy."""
    src, dst = engine.corpus(base), engine.corpus(target)
    if dst.counts().chunks >= size * 0.95:
        return
    rng = np.random.default_rng(7)
    arts = sorted((s.article for s in src.iter_articles()), key=lambda a: a.published or datetime.min.replace(tzinfo=UTC),
                  reverse=True)
    by_article: dict[str, list[str]] = {}
    for cid in src.chunk_ids():
        by_article.setdefault(chunk_article_id(cid), []).append(cid)
    added, copy = 0, 0
    while added < size:
        batch, ids = [], []
        for a in arts:
            if added + len(ids) >= size:
                break
            batch.append(a)
            ids += by_article.get(a.id, [])
        vecs = src.vectors(ids)
        assert vecs is not None, "the base corpus lacks vectors"
        chunks = src.chunks(ids)
        if copy:
            vecs = vecs + rng.normal(0, 0.02, vecs.shape).astype(np.float32)
            vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        shift = timedelta(days=7 * copy)
        tag = f"~{copy}" if copy else ""
        moved = [replace(a, id=f"{a.id}{tag}", published=a.published - shift if a.published else None) for a in batch]
        cl = [Chunk(f"{i}{tag}", f"{chunks[i].article_id}{tag}", chunks[i].index, chunks[i].start, chunks[i].end,
                    "", "", chunks[i].sentences) for i in ids]
        for i in range(0, len(ids), 2000):
            part = ids[i : i + 2000]
            dst.write(dst.gen, moved, cl[i : i + 2000], vecs[i : i + 2000], [chunks[c].sent_vecs for c in part],
                      [list(chunks[c].speakers) for c in part], now=time.time())  # type: ignore[arg-type]
        added += len(ids)
        copy += 1
    dst.build_side(dst.gen)


def _pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--eval", default=str(ROOT.parent / "shared" / "eval"), help="the dev sets' folder")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--questions", type=int, default=100, help="per kind")
    ap.add_argument("--data-dir", default=str(ROOT / "data"), help="shares the scratch corpus of `newsbot eval`")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    use_offline_defaults()
    engine = Engine(Settings.from_env().with_(data_dir=Path(args.data_dir)))
    pool = Path(args.eval) / "realtimeqa-news-dev"
    base = eval_corpus(pool)
    engine.ingest_articles(load_articles(pool), corpus=base)
    users = load_user_questions(Path(args.eval) / "user-questions-dev")
    kinds = {
        "speaker": [(q.question, q.as_of) for q in users if q.kind == "speaker"][: args.questions],
        "factual": [(q.question, q.as_of) for q in users if q.kind == "factual"][: args.questions],
        "quiz": [(q.question, q.asked_at) for q in load_questions(pool)][: args.questions],
    }
    rows = []
    for size in args.sizes:
        name = f"bench-news-n{size}"
        _clone(engine, base, name, size)
        corpus = engine.corpus(name)
        engine.ask("warm up", corpus=name)
        for kind, questions in kinds.items():
            ask_ms, base_ms = [], []
            for text, day in questions:
                as_of = end_of_day(day)
                engine.forget_queries()  # every question pays for its embedding, as in real use
                t = time.perf_counter()
                qv = engine.embedder.embed_query(text)
                corpus.search_vector_store(qv, 10, end=as_of.timestamp())
                base_ms.append((time.perf_counter() - t) * 1000)
                engine.forget_queries()
                t = time.perf_counter()
                engine.ask(text, corpus=name, as_of=as_of)
                ask_ms.append((time.perf_counter() - t) * 1000)
            rows.append({
                "chunks": corpus.counts().chunks,
                "kind": kind,
                "questions": len(questions),
                "ask_p50_ms": round(statistics.median(ask_ms), 1),
                "ask_p95_ms": round(_pct(ask_ms, 0.95), 1),
                "dense_baseline_p50_ms": round(statistics.median(base_ms), 1),
                "ratio_p50": round(statistics.median(ask_ms) / statistics.median(base_ms), 2),
            })
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print("| chunks | kind | ask p50 (ms) | ask p95 (ms) | dense-only p50 (ms) | ask / dense p50 |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['chunks']} | {r['kind']} | {r['ask_p50_ms']} | {r['ask_p95_ms']} | {r['dense_baseline_p50_ms']} |"
              f" {r['ratio_p50']} |")


if __name__ == "__main__":
    main()
