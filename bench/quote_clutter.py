"""Count page furniture in the quotes answers show: datelines, link teasers, post signatures and subheadings.

Asks every question of the news quiz, the user questions and our own questions over the news-dev pool and checks
each quote shown with patterns of its own (not the ones answering uses, so it can disagree with them). Usage:
    python bench/quote_clutter.py [../shared/eval] [--every N] [--show]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from own_questions import news_pool, own_questions  # noqa: E402

from index import BadQuestion, end_of_day, load_questions, load_user_questions, plain_text  # noqa: E402

# a quote that opens with a place in capitals or a wire credit and a dash: "WASHINGTON (AP) — ", "Lviv CNN — "
DATELINE = re.compile(r"^(?:[A-Z]{3,}[A-Z .,'’-]*|[A-Z][\w .,'’]+ CNN)(?:,\s[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)?"
                      r"(?:\s\((?:AP|Reuters|AFP)\))?\s[—–‒−-]")
# a label glued to a linked headline ("More:Why the pier closed"), or a line that points elsewhere
TEASER = re.compile(r"(?:^|\n)\s*(?:[A-Z][\w'’ ,.&-]{0,60}(?:\w:|\?)[A-Z\"“]|(?:Read|More|Related|Dig deeper)\s*:|Sign up\b)")
SIGNATURE = re.compile(r"\(@\w{1,15}\)\s*[A-Z][a-z]+\.? \d{1,2}, \d{4}")
STOP = re.compile(r"[.!?…:)\]]$")


def headings(text: str) -> int:
    """Lines of a quote of several lines that are short and end with no stop: subheadings."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return 0
    return sum(len(line.split()) <= 15 and not STOP.search(line.rstrip("\"“”‘’' ")) for line in lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--every", type=int, default=1, help="ask every Nth question only (a quick look)")
    ap.add_argument("--show", action="store_true", help="print each quote found with furniture")
    args = ap.parse_args()
    folder = Path(args.folder)
    news = folder / "realtimeqa-news-dev"
    engine, corpus, articles = news_pool(news, "point this at ../shared/eval")
    asked = [(plain_text(q.question), q.asked_at) for q in load_questions(news)]
    if (folder / "user-questions-dev" / "questions.jsonl").exists():
        asked += [(q.question, q.as_of) for q in load_user_questions(folder / "user-questions-dev")]
    asked += [(q.question, q.as_of) for q in own_questions({a.id: a.text for a in articles})]
    found: Counter[str] = Counter()
    quotes = with_any = 0
    for text, day in asked[:: args.every]:
        try:
            answer = engine.ask(text, corpus=corpus, as_of=end_of_day(day))
        except BadQuestion:
            continue
        for q in (*answer.quotes, *answer.context):
            quotes += 1
            kinds = [k for k, hit in (("dateline", DATELINE.match(q.text)), ("teaser", TEASER.search(q.text)),
                                      ("signature", SIGNATURE.search(q.text)), ("subheading", headings(q.text)))
                     if hit]
            found.update(kinds)
            with_any += bool(kinds)
            if kinds and args.show:
                print(kinds, repr(q.text[:200]), file=sys.stderr)
    print(json.dumps({"questions": len(asked[:: args.every]), "quotes": quotes, **{k: found[k] for k in
                      ("dateline", "teaser", "signature", "subheading")}, "quotes_with_any": with_any,
                      "share": round(with_any / max(quotes, 1), 4)}, indent=1))


if __name__ == "__main__":
    main()
