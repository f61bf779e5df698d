"""Ingest throughput: the whole pipeline (read, clean, chunk, embed, store) against raw model.encode.

Both run in this process on the same chunks; each repeat runs the baseline, then the pipeline into a fresh
index. Prints medians and their ratio. Usage:
    python bench/ingest.py [--dataset ../shared/eval/realtimeqa-news-dev] [--limit N] [--repeats R]
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index import Engine, Settings, chunk_article, load_embedder, read_path, use_offline_defaults  # noqa: E402


def main() -> None:
    use_offline_defaults()
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dataset", default=str(ROOT.parent / "shared" / "eval" / "realtimeqa-news-dev"))
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (0: all)")
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    settings = Settings.from_env()
    embedder = load_embedder(settings.embed_model, settings.embed_device, settings.embed_batch_size)
    embedder.embed_query("warm up")
    work = Path(tempfile.mkdtemp(prefix="nb-bench-"))
    src = Path(args.dataset) / "articles.jsonl"
    if args.limit:
        lines = src.read_text(encoding="utf-8").splitlines()[: args.limit]
        src = work / "articles.jsonl"
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")

    # the chunks the pipeline will embed, for the baseline
    articles, _ = read_path(src)
    texts = [c.embed_text for a in articles
             for c in chunk_article(a, embedder.count_tokens, embedder.max_tokens, settings.chunk_tokens)]
    raw, pipe = [], []
    chunks = 0
    for r in range(args.repeats):
        t = time.perf_counter()
        embedder.model.encode(texts, batch_size=settings.embed_batch_size, show_progress_bar=False)
        raw.append(len(texts) / (time.perf_counter() - t))
        data = work / f"data{r}"
        engine = Engine(settings.with_(data_dir=data), embedder=embedder)
        t = time.perf_counter()
        report = engine.ingest([str(src)])
        pipe.append(report.chunks_embedded / (time.perf_counter() - t))
        chunks = report.chunks_embedded
        engine.close()
        shutil.rmtree(data, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    out = {
        "dataset": Path(args.dataset).name,
        "articles": len(articles),
        "chunks": chunks,
        "repeats": args.repeats,
        "raw_encode_chunks_per_s": round(statistics.median(raw), 2),
        "pipeline_chunks_per_s": round(statistics.median(pipe), 2),
        "ratio": round(statistics.median(pipe) / statistics.median(raw), 3),
        "model": embedder.name,
        "cpu_threads": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print("| dataset | articles | chunks | raw encode (chunks/s) | pipeline (chunks/s) | ratio |")
        print("|---|---|---|---|---|---|")
        print(f"| {out['dataset']} | {out['articles']} | {out['chunks']} | {out['raw_encode_chunks_per_s']} "
              f"| {out['pipeline_chunks_per_s']} | {out['ratio']} |")


if __name__ == "__main__":
    main()
