"""bench/own_questions.py: our own questions, their answers read from the articles they point into."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

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


def _rows(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for path in folder.glob("*.jsonl") for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(("folder", "count", "unanswerable"), [("HELD_OUT", 160, 40), ("SEALED", 120, 30),
                                                                ("TRAPS", 160, 64), ("FOURTH", 160, 48),
                                                                ("FIFTH", 160, 48), ("SIXTH", 160, 48),
                                                                ("SEVENTH", 160, 40)])
def test_held_out_and_sealed_questions_use_articles_no_other_question_of_ours_does(
        folder: str, count: int, unanswerable: int) -> None:
    path = getattr(own_questions, folder)
    held = own_questions.own_questions({}, path)  # without articles: the unanswerable ones
    assert len(held) == unanswerable and {q.unanswerable_type for q in held} == {
        "a_after_or_absent", "b_person_present_statement_absent", "c_empty_time_window", "d_near_miss_event"}
    rows = _rows(path)
    others = [r for other in (own_questions.QUESTIONS, own_questions.HELD_OUT, own_questions.SEALED,
                              own_questions.TRAPS, own_questions.FOURTH, own_questions.FIFTH,
                              own_questions.SIXTH, own_questions.SEVENTH)
              if other != path for r in _rows(other)]
    assert len(rows) == count
    assert {r["article_id"] for r in rows if r["article_id"]}.isdisjoint(r["article_id"] for r in others)


@pytest.mark.skipif(not NEWS_DEV.exists(), reason=f"the news-dev articles ({NEWS_DEV}) are not beside this clone")
@pytest.mark.parametrize(("folder", "count"), [("HELD_OUT", 120), ("SEALED", 90), ("TRAPS", 96), ("FOURTH", 112),
                                               ("FIFTH", 112), ("SIXTH", 112), ("SEVENTH", 120)])
def test_every_held_out_and_sealed_answer_is_a_span_of_the_article_it_points_into(folder: str, count: int) -> None:
    texts = {json.loads(line)["id"]: json.loads(line)["text"]
             for line in NEWS_DEV.read_text(encoding="utf-8").splitlines()}
    answerable = [q for q in own_questions.own_questions(texts, getattr(own_questions, folder)) if q.answerable]
    assert len(answerable) == count
    assert all(q.gold_sentences and all(g in texts[q.ok_article_ids[0]] for g in q.gold_sentences)
               for q in answerable)
