"""bench/own_questions.py: our own questions, their answers read from the articles they point into."""

from __future__ import annotations

import json
import sys

import pytest

from tests.conftest import ROOT, SHARED

sys.path.insert(0, str(ROOT / "bench"))
import own_questions  # noqa: E402

NEWS_DEV = SHARED / "eval" / "realtimeqa-news-dev" / "articles.jsonl"


def test_questions_whose_article_is_absent_are_left_out_but_unanswerable_ones_stay() -> None:
    questions = own_questions.own_questions({})
    assert questions and all(q.kind == "unanswerable" and not q.gold_sentences for q in questions)
    assert {q.unanswerable_type for q in questions} >= {"a_after_or_absent", "c_empty_time_window"}


@pytest.mark.skipif(not NEWS_DEV.exists(), reason=f"the news-dev articles ({NEWS_DEV}) are not beside this clone")
def test_every_answer_is_a_span_of_the_article_it_points_into() -> None:
    texts = {}
    for line in NEWS_DEV.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        texts[row["id"]] = row["text"]
    questions = own_questions.own_questions(texts)
    answerable = [q for q in questions if q.answerable]
    assert len(answerable) >= 1000
    assert all(q.gold_sentences and all(g.strip() and g in texts[q.ok_article_ids[0]] for g in q.gold_sentences)
               for q in answerable)
    assert all(q.gold_speaker for q in answerable if q.kind == "speaker")
