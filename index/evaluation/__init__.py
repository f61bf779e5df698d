"""`newsbot eval`: answer quality on a dev set folder. Quiz sets (articles.jsonl, questions.jsonl with answers and
gold articles) report retrieval and the answer in the quotes; user-question sets (natural questions with gold
sentences, speakers and unanswerable ones) report whether the quotes answer, in whose words, and abstention."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from index.engine import Engine
from index.evaluation.attribution import evaluate_attribution
from index.evaluation.data import (
    UserQuestion,
    articles_folder,
    end_of_day,
    eval_corpus,
    is_user_questions,
    load_articles,
    load_questions,
    load_user_questions,
    plain_text,
)
from index.evaluation.quiz import evaluate_quiz
from index.evaluation.users import evaluate_users

log = logging.getLogger(__name__)

__all__ = ["UserQuestion", "end_of_day", "eval_corpus", "evaluate", "evaluate_attribution", "evaluate_users",
           "load_articles", "load_questions", "load_user_questions", "plain_text"]


def corpus_for(folder: Path) -> str:
    """The scratch corpus of a dev set: that of the folder its articles come from (shared by the sets over it)."""
    return eval_corpus(articles_folder(folder))


def evaluate(
    engine: Engine,
    folder: Path,
    *,
    corpus: str | None = None,
    limit: int | None = None,
    baselines: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Ingest the dev set's articles into a scratch corpus (incrementally) and score every question."""
    skipped: list[str] = []  # broken lines and questions: reported, passed over; the rest is scored
    corpus = corpus or corpus_for(folder)
    users = is_user_questions(folder)
    articles = load_articles(articles_folder(folder), skipped)
    t0 = time.perf_counter()
    report = engine.ingest_articles(articles, corpus=corpus, progress=progress)
    ingest_s = time.perf_counter() - t0
    counts = engine.corpus(corpus).counts()
    head: dict[str, Any] = {
        "dataset": folder.name,
        "layout": "user-questions" if users else "quiz",
        "articles": counts.articles,
        "chunks": counts.chunks,
        "chunks_embedded": report.chunks_embedded,
        "ingest_seconds": round(ingest_s, 1),
    }
    if users:
        body = evaluate_users(engine, load_user_questions(folder, skipped)[:limit], corpus=corpus, skipped=skipped,
                              baselines=baselines)
    else:
        body = evaluate_quiz(engine, load_questions(folder, skipped)[:limit], corpus=corpus, skipped=skipped,
                             baselines=baselines)
    for problem in skipped:
        log.warning("skipped %s", problem)
    return {**head, "skipped_lines": skipped, **body}
