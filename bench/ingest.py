"""Ingest throughput per embedding backend: the raw encoder against the whole pipeline, on the same chunks.

One process reads the dataset once and chunks it once. Then, for each backend in turn (export and model load
not timed): the backend's plain encoder over every chunk text (sentence-transformers' `encode` for torch, the
ONNX Runtime session with its pooling for onnx and onnx-int8), then the whole pipeline (read the dev set as
`newsbot eval` does, chunk, attribute speakers, embed with sentence spans, store in Chroma, SQLite and BM25)
into a fresh data dir with an empty embedding cache, into the corpus `newsbot eval` scores. Prints chunks/s of
each, their ratio, each pipeline against torch's, and each backend's cosine to torch.
Usage:
    python bench/ingest.py [--dataset ../shared/eval/realtimeqa-news-dev] [--limit N]
                           [--backends onnx-int8 torch onnx] [--repeats R] [--keep DIR]
With --keep, each backend's last data dir stays in DIR/BACKEND: `NEWSBOT_DATA_DIR=DIR/BACKEND EMBED_BACKEND=BACKEND
newsbot eval DATASET` then scores the index the bench built, without embedding it again.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index import (  # noqa: E402
    BACKENDS,
    Engine,
    Settings,
    chunk_article,
    eval_corpus,
    load_articles,
    load_embedder,
    use_offline_defaults,
)


def main() -> None:
    use_offline_defaults()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", default=str(ROOT.parent / "shared" / "eval" / "realtimeqa-news-dev"))
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (0: all)")
    ap.add_argument("--backends", nargs="+", default=["onnx-int8", "torch"], choices=BACKENDS)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--keep", default="", help="keep each backend's last data dir in this folder")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    settings = Settings.from_env()
    work = Path(tempfile.mkdtemp(prefix="nb-bench-"))
    keep = Path(args.keep) if args.keep else None
    models = (keep or work) / "models"
    folder = Path(args.dataset)
    if args.limit:
        lines = (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()[: args.limit]
        folder = work / folder.name
        folder.mkdir()
        (folder / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    embedders = {b: load_embedder(settings.embed_model, settings.embed_device, settings.embed_batch_size,
                                  backend=b, cache_dir=models) for b in args.backends}
    for e in embedders.values():
        e.embed_query("warm up")  # export (once) and load: not timed
    first = next(iter(embedders.values()))
    articles = load_articles(folder)  # the chunks the pipeline will embed, for the raw encoders
    texts = [c.embed_text for a in articles
             for c in chunk_article(a, first.count_tokens, first.max_tokens, settings.chunk_tokens)]
    raw: dict[str, list[float]] = {b: [] for b in embedders}
    pipe: dict[str, list[float]] = {b: [] for b in embedders}
    vecs: dict[str, np.ndarray] = {}
    stored = embedded = 0
    for r in range(args.repeats):
        for b, embedder in embedders.items():
            t = time.perf_counter()
            vecs[b] = embedder.encode(texts)
            raw[b].append(len(texts) / (time.perf_counter() - t))
            data = (keep / b) if keep and r == args.repeats - 1 else work / f"data-{b}-{r}"
            shutil.rmtree(data, ignore_errors=True)
            engine = Engine(settings.with_(data_dir=data), embedder=embedder)
            engine.store.list_names()  # chromadb imported and started: a one-time cost, not the pipeline's
            t = time.perf_counter()
            report = engine.ingest_articles(load_articles(folder), corpus=eval_corpus(Path(args.dataset)))
            stored = report.chunks_embedded + report.chunks_cached
            embedded = report.chunks_embedded
            pipe[b].append(stored / (time.perf_counter() - t))
            engine.close()
            print(f"repeat {r + 1}, {b}: raw {raw[b][-1]:.2f}/s, pipeline {pipe[b][-1]:.2f}/s", file=sys.stderr,
                  flush=True)
    shutil.rmtree(work, ignore_errors=True)
    base = "torch" if "torch" in pipe else None
    rows = []
    for b in embedders:
        row = {
            "backend": b,
            "raw_encode_chunks_per_s": round(statistics.median(raw[b]), 2),
            "pipeline_chunks_per_s": round(statistics.median(pipe[b]), 2),
            "pipeline_over_raw": round(statistics.median(pipe[b]) / statistics.median(raw[b]), 3),
        }
        if base:
            row["pipeline_over_torch_pipeline"] = round(statistics.median(pipe[b]) / statistics.median(pipe[base]), 3)
            cos = np.sum(vecs[b] * vecs[base], axis=1)
            row["cosine_to_torch_min_mean"] = [round(float(cos.min()), 4), round(float(cos.mean()), 4)]
        rows.append(row)
    out = {
        "dataset": Path(args.dataset).name,
        "articles": len(articles),
        "chunks": len(texts),
        "chunks_stored": stored,
        "chunks_embedded_by_the_pipeline": embedded,  # fewer than stored when identical chunks recur
        "repeats": args.repeats,
        "model": settings.embed_model,
        "cpu_threads": os.cpu_count(),
        "backends": rows,
    }
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print(f"{out['dataset']}: {out['articles']} articles, {out['chunks']} chunks ({embedded} embedded by the pipeline), "
          f"medians of {args.repeats}")
    print("| backend | raw encode (chunks/s) | pipeline (chunks/s) | pipeline / raw | pipeline / torch's | cosine to torch |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        cos = row.get("cosine_to_torch_min_mean", ["—", "—"])
        print(f"| {row['backend']} | {row['raw_encode_chunks_per_s']} | {row['pipeline_chunks_per_s']} | "
              f"{row['pipeline_over_raw']} | {row.get('pipeline_over_torch_pipeline', '—')} | {cos[0]} / {cos[1]} |")


if __name__ == "__main__":
    main()
