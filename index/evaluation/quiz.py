"""Quiz dev sets: retrieval (hit@k, MRR@10 of the gold articles) and the answer string in the quotes."""

from __future__ import annotations

import logging
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from index.answering.search import Candidate, Mode
from index.engine import Engine
from index.errors import BadQuestion
from index.evaluation.data import DevQuestion, end_of_day, plain_text
from index.models import Answer, Quote
from index.store.corpus import Corpus

log = logging.getLogger(__name__)


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


def _contains(texts: list[str], answers: list[str]) -> bool:
    """Whether the texts hold an answer's words, whatever quotation marks either writes around them: the quiz gives
    a title as “Oppenheimer”, a story may write "Oppenheimer," or Oppenheimer."""
    blob = _unquoted(" ".join(texts))
    return any(a in blob for a in (_answer_words(x) for x in answers if x) if a)


_QUOTE_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})


def _unquoted(text: str) -> str:
    """Lower case, double quotation marks left out, curly apostrophes straight."""
    return text.translate(_QUOTE_FOLD).replace('"', "").lower()


def _answer_words(answer: str) -> str:
    """An answer as _unquoted reads it, without the single quotation marks around the whole of it (‘vaccine’) or the
    full stop that ends a quoted sentence."""
    words = _unquoted(answer).strip()
    if len(words) > 2 and words[0] == "'" and words[-1] == "'":
        words = words[1:-1]
    return words.rstrip(".,;:").strip()


def _articles(chunk_article_ids: list[str]) -> list[str]:
    return list(dict.fromkeys(chunk_article_ids))


def evaluate_quiz(
    engine: Engine, questions: list[DevQuestion], *, corpus: str, skipped: list[str], baselines: bool = True
) -> dict[str, Any]:
    """Retrieval and answer-in-quotes figures of quiz questions, each asked as of the end of its day."""
    c = engine.corpus(corpus)
    hybrid, modes = Scores(), {"dense": Scores(), "bm25": Scores()}
    latencies: list[float] = []
    answers: list[dict[str, Any]] = []
    quotes_total = quotes_exact = abstained = answer_in_quotes = answerable = asked = 0
    for q in questions:
        as_of = end_of_day(q.asked_at)
        t = time.perf_counter()
        try:
            answer, cands = engine.ask_traced(plain_text(q.question), corpus=corpus, as_of=as_of)
        except BadQuestion as exc:  # one bad question costs its own line, not the run
            skipped.append(f"question {q.id}: {exc}")
            continue
        asked += 1
        latencies.append((time.perf_counter() - t) * 1000)
        hybrid.add_ranking(_articles([x.article_id for x in cands]), q.gold)
        abstained += answer.abstained
        quotes: list[Quote] = list(answer.quotes)
        quotes_total += len(quotes)
        quotes_exact += count_exact(c, quotes)
        record = answer_record(q.id, q.question, answer)
        if q.answer_in_pool and q.answers:
            answerable += 1
            record["answer_in_quotes"] = held = _contains([x.text for x in quotes], q.answers)
            answer_in_quotes += held
        answers.append(record)
        if baselines:
            for mode, scores in modes.items():
                m: Mode = "dense" if mode == "dense" else "bm25"
                base = engine.candidates(plain_text(q.question), corpus=corpus, as_of=as_of, k=30, mode=m,
                                         recency=False)
                scores.add_ranking(_articles([x.article_id for x in base]), q.gold)
                if q.answer_in_pool and q.answers:
                    scores.answerable += 1
                    texts = [text for _, text in chunk_texts(c, base[:3])]
                    scores.answer_in += _contains(texts, q.answers)
                    # as much of that text, best chunk first, as the quotes showed: the answer per character read
                    shown = sum(len(x.text) for x in quotes)
                    scores.answer_in_cut += _contains([" ".join(texts)[:shown]], q.answers)
    result: dict[str, Any] = {
        "questions": asked,
        **hybrid.to_dict(),
        "answer_in_quotes": round(answer_in_quotes / answerable, 4) if answerable else None,
        "answerable_questions": answerable,
        "quote_exact": round(quotes_exact / quotes_total, 4) if quotes_total else None,
        "quotes": quotes_total,
        "abstained": round(abstained / max(asked, 1), 4),
        "latency_ms": latency(latencies),
    }
    if baselines:
        result["baselines"] = {mode: s.to_dict() for mode, s in modes.items()}
    result["answers"] = answers
    return result


def answer_record(qid: str, question: str, answer: Answer) -> dict[str, Any]:
    """What newsbot answered, for scoring it independently."""
    return {
        "id": qid, "question": question, "abstained": answer.abstained,
        "quotes": [{"article_id": x.article_id, "text": x.text, "speaker": x.speaker, "start": x.start, "end": x.end}
                   for x in answer.quotes],
    }


def count_exact(corpus: Corpus, quotes: list[Quote]) -> int:
    """How many quotes are the stored text of their article at their offsets, exactly."""
    stored = corpus.articles([x.article_id for x in quotes])
    n = 0
    for x in quotes:
        text = stored[x.article_id].article.text if x.article_id in stored else ""
        n += int(bool(x.text) and text[x.start : x.end] == x.text)
    return n


def chunk_texts(corpus: Corpus, cands: list[Candidate]) -> list[tuple[str, str]]:
    """(article id, text) of each candidate chunk, in rank order."""
    chunks = corpus.chunks([x.chunk_id for x in cands])
    arts = corpus.articles([x.article_id for x in cands])
    out = []
    for x in cands:
        ch = chunks.get(x.chunk_id)
        if ch is not None and ch.article_id in arts:
            out.append((ch.article_id, arts[ch.article_id].article.text[ch.start : ch.end]))
    return out


def latency(values: list[float]) -> dict[str, float | None]:
    """p50 and p95 in milliseconds."""
    return {
        "p50": round(statistics.median(values), 1) if values else None,
        "p95": round(_p95(values), 1) if values else None,
    }


def _p95(values: list[float]) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]
