"""Score answering on our own questions (training/questions), the way `newsbot eval` scores user-questions-dev.

The 1,427 questions were written by us over news-dev articles that the dev sets do not judge, as users type them,
with answers given as offsets into ../shared's articles. No answering rule was fitted to them, so they tell whether
a change that helps user-questions-dev holds on questions it was not made for.

`--held-out` scores the 160 in training/questions/held_out instead: written on 2026-12-04 over pool articles no
other question uses, by writers who never saw the bot or its output, in user-questions-dev's mix (60 speaker,
40 factual, 20 time, 40 unanswerable of four sorts). Keep it a check: read its misses for kinds, not for rules.
`--sealed` scores the 120 in training/questions/sealed, written the same way later that day over yet other articles
(45 speaker, 30 factual, 15 time, 30 unanswerable) and scored for figures only: report them, do not read its misses, so
that it stays what the private set is. `--traps` scores the 160 in training/questions/traps, written the same way on a
second day over other articles, with the unanswerable sorts weighed heavier (48 speaker, 32 factual, 16 time, 64
unanswerable, 16 of each sort): a check, like the held-out set. `--fourth` scores the 160 in training/questions/fourth,
written the same way on the night of 2026-12-04 over pool articles no other set uses (60 speaker, 36 factual, 16 time,
48 unanswerable, 12 of each sort); its misses were read, like the held-out set's. `--fifth` scores the 160 in
training/questions/fifth, written the same way on 2026-12-05 in the fourth set's mix over yet other pool articles;
`--sixth` the 160 in training/questions/sixth, written the same way a day later over the last such articles;
`--seventh` the 160 in training/questions/seventh, written that afternoon in user-questions-dev's mix over the pool
articles no question of ours had used (some are user-questions-dev's). Usage:
    python bench/own_questions.py [../shared/eval/realtimeqa-news-dev] [--every N]
        [--held-out | --sealed | --traps | --fourth | --fifth | --sixth | --seventh]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index import (  # noqa: E402
    Article,
    Engine,
    Settings,
    UserQuestion,
    eval_corpus,
    evaluate_users,
    load_articles,
    use_offline_defaults,
)

QUESTIONS = ROOT / "training" / "questions"
HELD_OUT = QUESTIONS / "held_out"
SEALED = QUESTIONS / "sealed"
TRAPS = QUESTIONS / "traps"
FOURTH = QUESTIONS / "fourth"
FIFTH = QUESTIONS / "fifth"
SIXTH = QUESTIONS / "sixth"
SEVENTH = QUESTIONS / "seventh"
FIGURES = ("right@1", "right@3", "speaker_right", "abstained_correctly", "false_abstain", "quote_exact")


def own_questions(texts: dict[str, str], folder: Path = QUESTIONS) -> list[UserQuestion]:
    """Our questions (those in folder), their answers read out of the articles they point into."""
    out = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            aid = d["article_id"]
            gold = [texts[aid][s:e] for s, e in d["answer"] or []] if aid in texts else []
            if d["kind"] != "unanswerable" and not gold:
                continue  # its article is not in this copy of the dev set
            out.append(UserQuestion(
                id=d["id"], kind=d["kind"], question=d["question"], as_of=d["as_of"], gold_article_id=aid,
                gold_sentences=gold, gold_speaker=d.get("speaker") if d["kind"] == "speaker" else None,
                speaker_aliases=d.get("speaker_aliases") or [], ok_article_ids=[aid] if aid else [],
                unanswerable_type=d.get("unanswerable_type"),
            ))
    return out


def news_pool(folder: Path, hint: str) -> tuple[Engine, str, list[Article]]:
    """An engine holding folder's articles (in the scratch corpus `newsbot eval` keeps for them), its corpus name and
    the articles; exits with the hint when folder holds none."""
    if not (folder / "articles.jsonl").exists():
        sys.exit(f"{folder} holds no articles.jsonl: {hint}")
    use_offline_defaults()
    engine = Engine(Settings.from_env())
    articles = load_articles(folder)
    corpus = eval_corpus(folder)
    engine.ingest_articles(articles, corpus=corpus)
    return engine, corpus, articles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "eval" / "realtimeqa-news-dev"))
    ap.add_argument("--every", type=int, default=1, help="score every Nth question only (a quick look)")
    which = ap.add_mutually_exclusive_group()
    which.add_argument("--held-out", action="store_true", help="the held-out questions of training/questions/held_out")
    which.add_argument("--sealed", action="store_true", help="the sealed questions of training/questions/sealed")
    which.add_argument("--traps", action="store_true", help="the questions of training/questions/traps")
    which.add_argument("--fourth", action="store_true", help="the questions of training/questions/fourth")
    which.add_argument("--fifth", action="store_true", help="the questions of training/questions/fifth")
    which.add_argument("--sixth", action="store_true", help="the questions of training/questions/sixth")
    which.add_argument("--seventh", action="store_true", help="the questions of training/questions/seventh")
    args = ap.parse_args()
    engine, corpus, articles = news_pool(Path(args.folder), "point it at ../shared/eval/realtimeqa-news-dev")
    texts = {a.id: a.text for a in articles}
    folder = (HELD_OUT if args.held_out else SEALED if args.sealed else TRAPS if args.traps
              else FOURTH if args.fourth else FIFTH if args.fifth else SIXTH if args.sixth
              else SEVENTH if args.seventh else QUESTIONS)
    questions = own_questions(texts, folder)[:: args.every]
    result = evaluate_users(engine, questions, corpus=corpus, skipped=[], baselines=True)
    figures = {k: result[k] for k in FIGURES}
    figures["abstained_correctly_by_sort"] = result["abstained_correctly_by_sort"]
    figures["dense_top3_chunks"] = result["baselines"]["dense_top3_chunks"]
    print(json.dumps({"questions": result["questions"], **figures}, indent=1))


if __name__ == "__main__":
    main()
