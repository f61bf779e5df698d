"""Whether answers hold when the same questions are typed another way: with a greeting before them, as a request
("can you tell me ..."), in capitals, as a sentence (its first letter capitalised, a question mark after it), or with
the names the news capitalises capitalised.

user-questions-dev is typed mostly in lower case, as people type in chat; the others are how some people type. Each
way is scored as `newsbot eval` scores the questions as typed. Usage:
    python bench/typed_as.py [../shared/eval] [--own]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from own_questions import news_pool, own_questions  # noqa: E402

from index import Article, evaluate_users, load_user_questions  # noqa: E402

FIGURES = ("right@1", "right@3", "speaker_right", "abstained_correctly", "false_abstain")


def capitalised_words(articles: list[Article]) -> dict[str, str]:
    """Words the news writes capitalised (at least three times, four in five times or more), each as it writes them
    most ("mccarthy": "McCarthy", "nato": "NATO"): names, as a careful typist writes them."""
    written: dict[str, Counter[str]] = {}
    lower: Counter[str] = Counter()
    for a in articles:
        for w in re.findall(r"\b[A-Za-z][A-Za-z]+\b", a.text):
            if w[0].isupper():
                written.setdefault(w.lower(), Counter())[w] += 1
            else:
                lower[w] += 1
    out = {}
    for w, forms in written.items():
        n = sum(forms.values())
        if n >= 3 and n >= 4 * lower[w]:
            out[w] = forms.most_common(1)[0][0]
    return out


def ways(names: dict[str, str]) -> dict[str, Callable[[str], str]]:
    """Each way of typing a question, as a function of the question as typed."""
    def sentence(q: str) -> str:
        return q[:1].upper() + q[1:] + ("" if q.rstrip().endswith("?") else "?")

    def with_names(q: str) -> str:
        return re.sub(r"\b[a-z]+\b", lambda m: names.get(m.group(0), m.group(0)), q)

    return {
        "as typed": lambda q: q,
        "after a greeting": lambda q: f"hey bot, {q}",
        "as a request": lambda q: f"can you tell me {q}",
        "in capitals": str.upper,
        "as a sentence": sentence,
        "with names capitalised": with_names,
        "as a sentence, names capitalised": lambda q: sentence(with_names(q)),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--own", action="store_true", help="our own 1,427 questions (bench/own_questions.py) instead")
    args = ap.parse_args()
    folder = Path(args.folder)
    users = folder / "user-questions-dev"
    if not (users / "questions.jsonl").exists():
        sys.exit(f"{users} holds no questions.jsonl: point it at ../shared/eval")
    engine, corpus, articles = news_pool(folder / "realtimeqa-news-dev", "point it at ../shared/eval")
    questions = own_questions({a.id: a.text for a in articles}) if args.own else load_user_questions(users, [])
    out = {}
    for name, typed in ways(capitalised_words(articles)).items():
        asked = [replace(q, question=typed(q.question)) for q in questions]
        result = evaluate_users(engine, asked, corpus=corpus, skipped=[], baselines=False)
        out[name] = {k: result[k] for k in FIGURES} | {"by_sort": result["abstained_correctly_by_sort"]}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
