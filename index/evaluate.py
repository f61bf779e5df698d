"""`newsbot eval`: retrieval and quoting quality on a folder of articles and dated questions."""

from __future__ import annotations

import json
import logging
import re
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from index.answering.search import Mode
from index.engine import Engine
from index.errors import SourceError
from index.models import Article, Quote
from index.sources.dates import parse_published

log = logging.getLogger(__name__)


@dataclass
class DevQuestion:
    """One question of a quiz dev set."""

    id: str
    question: str
    asked_at: str
    answers: list[str]
    gold: list[str]
    answer_in_pool: bool


@dataclass
class Scores:
    """Metrics of one retrieval mode."""

    hits: dict[int, int] = field(default_factory=lambda: {1: 0, 5: 0, 10: 0})
    rr: float = 0.0
    judged: int = 0  # questions with gold articles
    answer_in: int = 0
    answer_in_cut: int = 0  # the same chunks cut to the length of the quotes newsbot returned
    answerable: int = 0  # questions whose answer is in the pool

    def add_ranking(self, ranked_articles: list[str], gold: list[str]) -> None:
        """Score one ranking of articles against the gold ones."""
        if not gold:
            return
        self.judged += 1
        gold_set = set(gold)
        first = next((i for i, a in enumerate(ranked_articles[:10]) if a in gold_set), None)
        if first is not None:
            self.rr += 1 / (first + 1)
            for k in self.hits:
                if first < k:
                    self.hits[k] += 1

    def to_dict(self) -> dict[str, Any]:
        """The printed figures."""
        n = max(self.judged, 1)
        out: dict[str, Any] = {f"hit@{k}": round(v / n, 4) for k, v in self.hits.items()}
        out["mrr@10"] = round(self.rr / n, 4)
        out["questions_with_gold"] = self.judged
        if self.answerable:
            out["answer_in_top3_chunks"] = round(self.answer_in / self.answerable, 4)
            out["answer_in_top3_chunks_cut_to_quote_length"] = round(self.answer_in_cut / self.answerable, 4)
        return out


def read_jsonl(path: Path, skipped: list[str] | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) of a JSON Lines file. A line that is not a JSON object is noted in skipped and
    passed over (without skipped, it is an error naming it); a missing file is an error naming the file."""
    try:
        f = path.open(encoding="utf-8")
    except OSError:
        raise SourceError(f"{path}: no such file (a dev set folder holds articles.jsonl and questions.jsonl)") from None
    with f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                problem = f"{path.name}:{n}: not JSON ({exc.msg})"
            else:
                if isinstance(obj, dict):
                    yield n, obj
                    continue
                problem = f"{path.name}:{n}: not a JSON object"
            _skip(problem, skipped)


def _missing(record: dict[str, Any], fields: tuple[str, ...]) -> list[str]:
    return [f for f in fields if not isinstance(record.get(f), str | int) or not str(record[f]).strip()]


def load_articles(folder: Path, skipped: list[str] | None = None) -> list[Article]:
    """The dev set's articles, keeping their own ids so gold labels match; a line without an id or text is
    noted in skipped and passed over (without skipped, it is an error)."""
    out = []
    for n, r in read_jsonl(folder / "articles.jsonl", skipped):
        if missing := _missing(r, ("id", "text")):
            _skip(f"articles.jsonl:{n}: no {' and no '.join(missing)}", skipped)
            continue
        out.append(
            Article(
                id=str(r["id"]), title=str(r.get("title") or ""), text=str(r["text"]),
                source=str(r.get("source") or ""), url=str(r.get("url") or ""),
                authors=tuple(str(a) for a in r.get("authors") or ()), published=parse_published(r.get("published")),
                origin=str(folder), locator=str(r["id"]),
            )
        )
    return out


def load_questions(folder: Path, skipped: list[str] | None = None) -> list[DevQuestion]:
    """The dev set's questions; a line without an id, a question or a valid asked_at date is noted in skipped
    and passed over (without skipped, it is an error)."""
    out = []
    for n, r in read_jsonl(folder / "questions.jsonl", skipped):
        if missing := _missing(r, ("id", "question", "asked_at")):
            _skip(f"questions.jsonl:{n}: no {' and no '.join(missing)}", skipped)
            continue
        try:
            end_of_day(str(r["asked_at"]))
        except ValueError:
            _skip(f"questions.jsonl:{n}: asked_at is not a date (YYYY-MM-DD)", skipped)
            continue
        out.append(
            DevQuestion(str(r["id"]), str(r["question"]), str(r["asked_at"]), [str(a) for a in r.get("answers") or []],
                     [str(g) for g in r.get("gold_article_ids") or []], bool(r.get("answer_in_pool")))
        )
    return out


def _skip(problem: str, skipped: list[str] | None) -> None:
    if skipped is None:
        raise SourceError(problem)
    skipped.append(problem)


def eval_corpus(folder: Path) -> str:
    """The scratch corpus a dev set is ingested into: one per folder, kept between runs."""
    return "eval-" + re.sub(r"[^a-z0-9_-]+", "-", folder.resolve().name.lower())[:35]


def end_of_day(day: str) -> datetime:
    """The last moment of a date (articles dated that day count)."""
    d = datetime.fromisoformat(day[:10]).replace(tzinfo=UTC)
    return d + timedelta(days=1) - timedelta(microseconds=1)


def _contains(texts: list[str], answers: list[str]) -> bool:
    blob = " ".join(texts).lower()
    return any(a.lower() in blob for a in answers if a)


def _articles(chunk_article_ids: list[str]) -> list[str]:
    return list(dict.fromkeys(chunk_article_ids))


def evaluate(
    engine: Engine,
    folder: Path,
    *,
    corpus: str = "eval",
    limit: int | None = None,
    baselines: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Ingest the folder into a scratch corpus (incrementally) and score every question."""
    skipped: list[str] = []  # broken lines: reported, passed over; the rest is scored
    articles, questions = load_articles(folder, skipped), load_questions(folder, skipped)[:limit]
    for problem in skipped:
        log.warning("skipped %s", problem)
    t0 = time.perf_counter()
    report = engine.ingest_articles(articles, corpus=corpus, progress=progress)
    ingest_s = time.perf_counter() - t0
    c = engine.corpus(corpus)
    hybrid, modes = Scores(), {"dense": Scores(), "bm25": Scores()}
    latencies: list[float] = []
    quotes_total = quotes_exact = abstained = answer_in_quotes = answerable = 0
    for q in questions:
        as_of = end_of_day(q.asked_at)
        t = time.perf_counter()
        answer, cands = engine.ask_traced(q.question, corpus=corpus, as_of=as_of)
        latencies.append((time.perf_counter() - t) * 1000)
        hybrid.add_ranking(_articles([x.article_id for x in cands]), q.gold)
        abstained += answer.abstained
        quotes: list[Quote] = list(answer.quotes)
        stored = c.articles([x.article_id for x in quotes])
        for x in quotes:
            quotes_total += 1
            text = stored[x.article_id].article.text if x.article_id in stored else ""
            quotes_exact += int(bool(x.text) and text[x.start : x.end] == x.text)
        if q.answer_in_pool and q.answers:
            answerable += 1
            answer_in_quotes += _contains([x.text for x in quotes], q.answers)
        if baselines:
            for mode, scores in modes.items():
                m: Mode = "dense" if mode == "dense" else "bm25"
                base = engine.candidates(q.question, corpus=corpus, as_of=as_of, k=30, mode=m, recency=False)
                scores.add_ranking(_articles([x.article_id for x in base]), q.gold)
                if q.answer_in_pool and q.answers:
                    scores.answerable += 1
                    chunks = c.chunks([x.chunk_id for x in base[:3]])
                    arts = c.articles([x.article_id for x in base[:3]])
                    texts = [arts[ch.article_id].article.text[ch.start : ch.end]
                             for ch in (chunks.get(x.chunk_id) for x in base[:3]) if ch is not None]
                    scores.answer_in += _contains(texts, q.answers)
                    # as much of that text, best chunk first, as the quotes showed: the answer per character read
                    shown = sum(len(x.text) for x in quotes)
                    scores.answer_in_cut += _contains([" ".join(texts)[:shown]], q.answers)
    n = max(len(questions), 1)
    counts = c.counts()
    result: dict[str, Any] = {
        "dataset": folder.name,
        "questions": len(questions),
        "articles": counts.articles,
        "chunks": counts.chunks,
        "chunks_embedded": report.chunks_embedded,
        "ingest_seconds": round(ingest_s, 1),
        "skipped_lines": skipped,
        **hybrid.to_dict(),
        "answer_in_quotes": round(answer_in_quotes / answerable, 4) if answerable else None,
        "answerable_questions": answerable,
        "quote_exact": round(quotes_exact / quotes_total, 4) if quotes_total else None,
        "quotes": quotes_total,
        "abstained": round(abstained / n, 4),
        "latency_ms": {
            "p50": round(statistics.median(latencies), 1) if latencies else None,
            "p95": round(_p95(latencies), 1) if latencies else None,
        },
    }
    if baselines:
        result["baselines"] = {mode: s.to_dict() for mode, s in modes.items()}
    return result


def _p95(values: list[float]) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]
