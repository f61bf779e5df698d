"""Topic-free weekly digests on realtimeqa-news-dev: quiz answers covered, copies merged, and latency.

Builds (or reuses) the index of the dev set's 1384 articles with the real model, then for each quiz week makes
the top-stories digest as of the end of its asked_at day (period 7d) and counts how many of that week's quiz
answers (questions whose answer is in the pool) appear in the digest's quotes or headlines, how many articles
fell into multi-article stories, and how long each digest took (the index and caches warm; no model is loaded
for a topic-free digest). A last row times a digest whose period is just long enough to hold --scale articles;
--topics also times topic digests, each quiz question taken as a topic.
The first run embeds about 25k chunks (roughly 20 minutes on two CPU cores); later runs reuse the index. Usage:
    python bench/digest.py [--data-dir data/bench] [--limit-weeks N] [--period 7d] [--scale 200] [--topics] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index import (  # noqa: E402
    Article,
    Digest,
    Engine,
    Settings,
    end_of_day,
    load_articles,
    load_questions,
    parse_period,
    use_offline_defaults,
)

DATASET = ROOT.parent / "shared" / "eval" / "realtimeqa-news-dev"


def _in_window(articles: list[Article], start: datetime, end: datetime) -> int:
    return sum(1 for a in articles if a.published and start <= a.published <= end)


def _found(digest: Digest, answers: list[str]) -> bool:
    """Whether any of the answers occurs in a quote or a headline of the digest."""
    texts = [s.quote.text for s in digest.stories]
    texts += [h.title for s in digest.stories for h in (s.headline, *s.also_reported_by)]
    blob = "\n".join(texts).lower()
    return any(a.lower() in blob for a in answers if a)


def _exact(engine: Engine, corpus: str, digest: Digest) -> tuple[int, int]:
    stored = engine.corpus(corpus).articles([s.quote.article_id for s in digest.stories])
    ok = sum(1 for s in digest.stories
             if stored[s.quote.article_id].article.text[s.quote.start : s.quote.end] == s.quote.text)
    return ok, len(digest.stories)


def _timed(
    engine: Engine, corpus: str, period: str, as_of: datetime, topic: str | None = None
) -> tuple[Digest, float]:
    t = time.perf_counter()
    d = engine.digest(topic, corpus=corpus, period=period, as_of=as_of)
    return d, time.perf_counter() - t


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Build or reuse the index, then digest every quiz week."""
    settings = Settings.from_env().with_(data_dir=Path(args.data_dir))
    engine = Engine(settings)
    articles = load_articles(Path(args.dataset))
    t0 = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if total and not args.json:
            print(f"\rembedding {done}/{total} chunks", end="", file=sys.stderr, flush=True)

    report = engine.ingest_articles(articles, corpus=args.corpus, progress=progress)
    build_s = time.perf_counter() - t0
    weeks: dict[str, list[Any]] = defaultdict(list)
    for q in load_questions(Path(args.dataset)):
        weeks[q.asked_at].append(q)
    days = sorted(weeks)[: args.limit_weeks] if args.limit_weeks else sorted(weeks)

    cold_start = time.perf_counter()
    engine.digest(None, corpus=args.corpus, period=args.period, as_of=end_of_day(days[0]))  # loads BM25 ids, SQLite
    cold_s = time.perf_counter() - cold_start

    rows: list[dict[str, Any]] = []
    topic_ms: list[float] = []
    topic_found = topic_answerable = 0
    for day in days:
        as_of = end_of_day(day)
        window = parse_period(args.period, as_of, settings.tz)
        d, secs = _timed(engine, args.corpus, args.period, as_of)
        answerable = [q for q in weeks[day] if q.answer_in_pool and q.answers]
        exact, quotes = _exact(engine, args.corpus, d)
        multi = [s for s in d.stories if len(s.article_ids) > 1]
        rows.append({
            "week": day,
            "articles": _in_window(articles, window.start, window.end),
            "stories": len(d.stories),
            "answers_found": sum(_found(d, q.answers) for q in answerable),
            "answerable": len(answerable),
            "merged_articles": sum(len(s.article_ids) for s in multi),
            "merged_stories": len(multi),
            "quotes_exact": f"{exact}/{quotes}",
            "ms": round(secs * 1000, 1),
        })
        if args.topics:  # each quiz question of the week as a topic: latency with retrieval and the model
            for q in weeks[day]:
                td, tsecs = _timed(engine, args.corpus, args.period, as_of, q.question)
                topic_ms.append(tsecs * 1000)
                if q.answer_in_pool and q.answers:
                    topic_answerable += 1
                    topic_found += _found(td, q.answers)

    # a period long enough to hold --scale articles, ending at the last quiz day
    last = end_of_day(days[-1])
    span = 7
    while _in_window(articles, last - timedelta(days=span), last) < args.scale and span < 3650:
        span += 7
    scale_times = []
    scale_digest: Digest | None = None
    for _ in range(3):
        scale_digest, secs = _timed(engine, args.corpus, f"{span}d", last)
        scale_times.append(secs * 1000)
    assert scale_digest is not None
    found = sum(r["answers_found"] for r in rows)
    return {
        "dataset": Path(args.dataset).name,
        "articles": len(articles),
        "chunks": engine.stats(corpus=args.corpus).chunks,
        "chunks_embedded": report.chunks_embedded,
        "build_seconds": round(build_s, 1),
        "period": args.period,
        "weeks": rows,
        "answers_found": found,
        "answerable": sum(r["answerable"] for r in rows),
        "merged_articles": sum(r["merged_articles"] for r in rows),
        "first_digest_ms": round(cold_s * 1000, 1),
        "digest_ms": {"median": round(statistics.median(r["ms"] for r in rows), 1),
                      "max": round(max(r["ms"] for r in rows), 1)},
        "topic_digests": {"count": len(topic_ms), "answers_found": topic_found, "answerable": topic_answerable,
                          "ms_median": round(statistics.median(topic_ms), 1) if topic_ms else None,
                          "ms_max": round(max(topic_ms), 1) if topic_ms else None},
        "scale": {"period": f"{span}d", "articles": _in_window(articles, last - timedelta(days=span), last),
                  "stories": len(scale_digest.stories),
                  "merged_articles": sum(len(s.article_ids) for s in scale_digest.stories if len(s.article_ids) > 1),
                  "ms_median": round(statistics.median(scale_times), 1), "ms_max": round(max(scale_times), 1)},
    }


def _table(res: dict[str, Any]) -> str:
    cols = ["week", "articles", "stories", "answers_found", "answerable", "merged_articles", "merged_stories",
            "quotes_exact", "ms"]
    head = ["week (asked_at)", "articles", "stories", "answers", "of", "merged arts", "merged stories", "exact", "ms"]
    widths = [max(len(h), *(len(str(r[c])) for r in res["weeks"])) for h, c in zip(head, cols, strict=True)]
    lines = [
        f"{res['dataset']}: {res['articles']} articles, {res['chunks']} chunks "
        f"({res['chunks_embedded']} embedded now, {res['build_seconds']}s); topic-free digests, period {res['period']}",
        "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)),
    ]
    for r in res["weeks"]:
        lines.append("  ".join(str(r[c]).ljust(w) for c, w in zip(cols, widths, strict=True)))
    s = res["scale"]
    lines += [
        f"answers in digests: {res['answers_found']}/{res['answerable']}; articles merged into multi-article "
        f"stories: {res['merged_articles']}",
        f"digest time: median {res['digest_ms']['median']} ms, max {res['digest_ms']['max']} ms "
        f"(first digest of the process {res['first_digest_ms']} ms)",
        f"scale: period {s['period']} holding {s['articles']} articles -> {s['stories']} stories, "
        f"median {s['ms_median']} ms, max {s['ms_max']} ms (3 runs)",
    ]
    t = res["topic_digests"]
    if t["count"]:
        lines.append(f"topic digests (each quiz question as the topic): {t['count']}, median {t['ms_median']} ms, "
                     f"max {t['ms_max']} ms; answers found {t['answers_found']}/{t['answerable']}")
    return "\n".join(lines)


def main() -> int:
    """Run the benchmark and print its table (or JSON)."""
    use_offline_defaults()
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--dataset", default=str(DATASET))
    p.add_argument("--data-dir", default=str(ROOT / "data" / "bench"))
    p.add_argument("--corpus", default="realtimeqa-news-dev")
    p.add_argument("--limit-weeks", type=int)
    p.add_argument("--period", default="7d")
    p.add_argument("--scale", type=int, default=200, help="also time a period holding this many articles")
    p.add_argument("--topics", action="store_true", help="also time topic digests (each quiz question as a topic)")
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    res = run(args)
    print(json.dumps(res, indent=2) if args.json else "\n" + _table(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
