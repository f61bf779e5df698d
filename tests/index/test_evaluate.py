"""`newsbot eval`: the figures it prints, computed as of each question's day, and broken lines reported and skipped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from index.cli import main as cli
from index.errors import SourceError
from index.evaluation import UserQuestion, evaluate_attribution, load_articles, load_questions
from index.evaluation.quiz import Scores, _contains
from tests.conftest import SAMPLE_NEWS

SHIPYARD = "meridian-2026-11-04-shipyard-talks"
DRILL = "northwind-2026-11-09-cable-cyber-drill"  # published 9 November
FALSE_POST = "harbour-2026-11-22-viral-drone-post"

QUESTIONS = [
    {"id": "yard", "question": "Which Polish yard is in talks with a Nagasaki group about repairing frigates?",
     "asked_at": "2026-11-06", "answers": ["Gdynia"], "gold_article_ids": [SHIPYARD], "answer_in_pool": True},
    {"id": "drill", "question": "How long did the teams take to restore most services in the undersea cable drill?",
     "asked_at": "2026-11-10", "answers": ["eleven hours"], "gold_article_ids": [DRILL], "answer_in_pool": True},
    {"id": "police", "question": "What did Niigata police find after the false post about drones?",
     "asked_at": "2026-11-23", "answers": ["nothing unusual"], "gold_article_ids": [FALSE_POST],
     "answer_in_pool": True},
    # asked before the drill's report was published: it must not be found, nor quoted
    {"id": "too-early", "question": "How long did the teams take to restore services in the undersea cable drill?",
     "asked_at": "2026-11-05", "answers": ["eleven hours"], "gold_article_ids": [DRILL], "answer_in_pool": True},
    {"id": "off-topic", "question": "Which dog breed won the show in Oslo?", "asked_at": "2026-11-23",
     "answers": ["poodle"], "gold_article_ids": [], "answer_in_pool": False},
]


def _dev_set(folder: Path, questions: list[dict[str, object]], extra_article_lines: str = "") -> Path:
    folder.mkdir()
    articles = (SAMPLE_NEWS / "wire_roundup.jsonl").read_text(encoding="utf-8")
    (folder / "articles.jsonl").write_text(articles + extra_article_lines, encoding="utf-8")
    (folder / "questions.jsonl").write_text("".join(json.dumps(q) + "\n" for q in questions), encoding="utf-8")
    return folder


def test_hits_and_reciprocal_rank_count_the_first_gold_article_within_ten() -> None:
    s = Scores()
    s.add_ranking(["a", "gold", "b"], ["gold"])  # second: a hit at 5 and 10, not at 1; 1/2
    s.add_ranking(["gold"], ["gold", "other"])  # first
    s.add_ranking([f"x{i}" for i in range(10)] + ["gold"], ["gold"])  # eleventh: no hit
    s.add_ranking(["a"], [])  # no gold: not judged
    out = s.to_dict()
    assert out["questions_with_gold"] == 3
    assert (out["hit@1"], out["hit@5"], out["hit@10"]) == (round(1 / 3, 4), round(2 / 3, 4), round(2 / 3, 4))
    assert out["mrr@10"] == round((1 / 2 + 1) / 3, 4)


def test_an_answer_counts_in_a_quote_whatever_quotation_marks_either_puts_around_it() -> None:
    # the quiz gives a title in curly quotes; the story writes straight ones, or a comma inside them
    assert _contains(['The film "Tidewater," a slow drama, swept the awards.'], ["“Tidewater”"])
    assert _contains(["Critics called it the word of the year: ‘rewilding’."], ["‘rewilding’"])
    assert _contains(["“Keep the lamps lit,” she said."], ["“Keep the lamps lit.”"])
    assert _contains(["The mayor’s plan passed."], ["mayor's plan"])
    assert not _contains(["The film Tidewaters swept the awards."], ["“Tidewater” by Ana Lind"])


def test_broken_lines_are_reported_and_skipped_and_the_rest_is_loaded(tmp_path: Path) -> None:
    folder = tmp_path / "dev"
    folder.mkdir()
    (folder / "articles.jsonl").write_text(
        '{"id": "a1", "title": "Ferry", "text": "The ferry sails at noon."}\n'
        "{not json\n"
        '{"id": "a2", "title": "No text"}\n'
        "\n"
        '["a list"]\n'
        '{"id": "a3", "text": "The bridge reopened."}\n',
        encoding="utf-8",
    )
    (folder / "questions.jsonl").write_text(
        '{"id": "q1", "question": "When does the ferry sail?", "asked_at": "2026-11-05", "answers": ["noon"]}\n'
        '{"id": "q2", "question": "What reopened?", "asked_at": "next week"}\n'
        '{"id": "q3", "asked_at": "2026-11-05"}\n',
        encoding="utf-8",
    )
    skipped: list[str] = []
    assert [a.id for a in load_articles(folder, skipped)] == ["a1", "a3"]
    assert [q.id for q in load_questions(folder, skipped)] == ["q1"]
    assert skipped == [
        "articles.jsonl:2: not JSON (Expecting property name enclosed in double quotes)",
        "articles.jsonl:3: no text",
        "articles.jsonl:5: not a JSON object",
        "questions.jsonl:2: asked_at is not a date (YYYY-MM-DD)",
        "questions.jsonl:3: no question",
    ]
    with pytest.raises(SourceError, match=r"articles.jsonl:2: not JSON"):  # callers that keep no list
        load_articles(folder)


def test_eval_scores_the_dev_set_as_of_each_question_with_baselines_and_skips_broken_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _dev_set(tmp_path / "dev", QUESTIONS, extra_article_lines="{broken\n")
    data = str(tmp_path / "data")
    assert cli(["--data-dir", data, "eval", str(folder), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["skipped_lines"] == ["articles.jsonl:4: not JSON (Expecting property name enclosed in double quotes)"]
    assert (out["questions"], out["articles"], out["questions_with_gold"], out["answerable_questions"]) == (5, 3, 4, 4)
    # the early question cannot find the drill's report, published after it was asked; the others find theirs first
    assert (out["hit@1"], out["hit@10"], out["mrr@10"]) == (0.75, 0.75, 0.75)
    assert out["answer_in_quotes"] == 0.75
    assert out["quote_exact"] == 1.0 and out["quotes"] >= 3
    assert out["latency_ms"]["p50"] > 0 and out["latency_ms"]["p95"] >= out["latency_ms"]["p50"]
    # every question's answer is listed, to score independently: quotes with their offsets, and whether they hold it
    by_id = {a["id"]: a for a in out["answers"]}
    assert set(by_id) == {q["id"] for q in QUESTIONS}
    assert by_id["yard"]["answer_in_quotes"] and "answer_in_quotes" not in by_id["off-topic"]
    assert not by_id["too-early"]["answer_in_quotes"]
    assert sum(a["answer_in_quotes"] for a in out["answers"] if "answer_in_quotes" in a) == 3
    first = by_id["yard"]["quotes"][0]
    assert first["article_id"] == SHIPYARD and first["end"] > first["start"] and "Gdynia" in " ".join(
        q["text"] for q in by_id["yard"]["quotes"])
    for mode in ("dense", "bm25"):
        base = out["baselines"][mode]
        assert base["questions_with_gold"] == 4 and base["hit@10"] == 0.75  # as of the question's day too
        assert base["answer_in_top3_chunks_cut_to_quote_length"] <= base["answer_in_top3_chunks"] <= 0.75
    # the scratch corpus is kept: a second run embeds nothing and scores the same
    assert cli(["--data-dir", data, "eval", str(folder), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["chunks_embedded"] == 0 and again["hit@1"] == out["hit@1"]
    # on the terminal, the figures one a line, and the answers counted rather than printed
    assert cli(["--data-dir", data, "eval", str(folder)]) == 0
    lines = dict(line.split(None, 1) for line in capsys.readouterr().out.splitlines() if line.strip())
    assert lines["answers"] == "5" and lines["hit@1"] == "0.75"


def test_eval_of_a_folder_without_a_dev_set_says_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    shutil.copy(SAMPLE_NEWS / "wire_roundup.jsonl", folder / "articles.jsonl")
    assert cli(["--data-dir", str(tmp_path / "data"), "eval", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "questions.jsonl: no such file" in err and "Traceback" not in err


USER_QUESTIONS = [
    {"id": "s1", "kind": "speaker", "question": "what did tanabe say about the cable drill", "as_of": "2026-11-10",
     "gold_article_id": DRILL, "gold_sentences": ["The lesson is that a cable cut is never only a cable cut"],
     "gold_speaker": "Aiko Tanabe", "speaker_aliases": ["Tanabe"], "also_ok_article_ids": []},
    {"id": "f1", "kind": "factual", "question": "how long did it take to restore services in the cable drill?",
     "as_of": "2026-11-10", "gold_article_id": DRILL, "gold_sentences": ["restored most simulated services within"
     " eleven hours"], "gold_speaker": None, "speaker_aliases": [], "also_ok_article_ids": []},
    {"id": "u1", "kind": "unanswerable", "question": "who won the dog show in oslo?", "as_of": "2026-11-23",
     "gold_article_id": None, "gold_sentences": [], "unanswerable_type": "a_after_or_absent"},
    {"id": "u2", "kind": "unanswerable", "question": "<a href='https://example.com/x'>" + "read this " * 60 + "</a>",
     "as_of": "2026-11-23", "gold_article_id": None, "gold_sentences": [], "unanswerable_type": "a_after_or_absent"},
]


def test_eval_of_natural_user_questions_reports_right_quotes_speakers_and_abstention(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = _dev_set(tmp_path / "realtimeqa-news-dev", [])  # the articles of a user-questions set live beside it
    users = tmp_path / "user-questions-dev"
    users.mkdir()
    (users / "questions.jsonl").write_text("".join(json.dumps(q) + "\n" for q in USER_QUESTIONS), encoding="utf-8")
    assert cli(["--data-dir", str(tmp_path / "data"), "eval", str(users), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["layout"] == "user-questions" and out["articles"] == 3 and pool.exists()
    # the link-only question is read as its text, which is still over the length limit: skipped, not fatal
    assert len(out["skipped_lines"]) == 1 and out["skipped_lines"][0].startswith("question u2: Questions can be")
    assert (out["questions"], out["answerable_questions"], out["unanswerable_questions"]) == (3, 2, 1)
    assert out["right@1"] == out["right@3"] == 1.0
    assert out["speaker_right"] == 1.0 and out["quote_exact"] == 1.0
    assert out["abstained_correctly_by_sort"] == {"a_after_or_absent": 1.0} and out["false_abstain"] == 0.0
    assert set(out["latency_ms_by_kind"]) == {"speaker", "factual", "unanswerable"}
    assert out["baselines"]["dense_top3_chunks"]["right@3"] == 1.0
    by_id = {a["id"]: a for a in out["answers"]}
    assert by_id["u1"]["abstained"] and by_id["u1"]["quotes"] == []
    first = by_id["s1"]["quotes"][0]
    assert first["article_id"] == DRILL and "Tanabe" in first["speaker"] and first["end"] > first["start"]


def test_attribution_is_scored_on_the_answering_sentences_of_speaker_questions() -> None:
    text = ("Harbour master Ola Strand said the pier would reopen in May.\n"
            "“We have waited long enough,” said Kaja Lind, the mayor.")

    def asked(qid: str, speaker: str, gold: str) -> UserQuestion:
        return UserQuestion(id=qid, kind="speaker", question=f"what did {speaker} say", as_of="2026-11-18",
                            gold_article_id="a1", gold_sentences=[gold], gold_speaker=speaker, speaker_aliases=[],
                            ok_article_ids=["a1"], unanswerable_type=None)

    result = evaluate_attribution({"a1": text}, [
        asked("q1", "Kaja Lind", "We have waited long enough"),
        asked("q2", "Ola Strand", "the pier would reopen in May"),
        asked("q3", "Kaja Lind", "the pier would reopen in May"),  # her name on his words: a miss
    ])
    assert result == {"speaker_questions": 3, "attributed_right": 0.6667, "missed": ["q3"]}
