"""Who said it: the share of speaker questions whose answering sentences the stored attribution gives to the asked
person (our own questions and user-questions-dev, over the news-dev pool), with the misses listed.

Attribution is what "what did X say" answers stand on; this reads it without retrieval or ranking in the way.
Usage:
    python bench/attribution.py [../shared/eval] [--show]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from own_questions import own_questions  # noqa: E402

from index import evaluate_attribution, load_articles, load_user_questions  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--show", action="store_true", help="list the questions whose speaker is missed")
    args = ap.parse_args()
    folder = Path(args.folder)
    pool = folder / "realtimeqa-news-dev"
    if not (pool / "articles.jsonl").exists():
        sys.exit(f"{pool} holds no articles.jsonl: point it at ../shared/eval")
    texts = {a.id: a.text for a in load_articles(pool)}
    sets = {"own": own_questions(texts)}
    if (folder / "user-questions-dev" / "questions.jsonl").exists():
        sets["users"] = load_user_questions(folder / "user-questions-dev", [])
    figures = {}
    for name, questions in sets.items():
        result = evaluate_attribution(texts, questions)
        missed = result.pop("missed")
        if args.show:
            asked = {q.id: q for q in questions}
            for qid in missed:
                print(f"{name} {qid}: {asked[qid].gold_speaker}: {asked[qid].question}")
        figures[name] = result
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
