"""Natural user questions: is the first quote (or one of the first three) the answering sentence, is it the asked
person's, and does the bot abstain when the news holds no answer. Scored as the dev set's README says."""

from __future__ import annotations

import re
import time
import unicodedata
from collections import defaultdict
from difflib import SequenceMatcher
from typing import Any

from index.engine import Engine
from index.errors import BadQuestion
from index.evaluation.data import UserQuestion, end_of_day, plain_text
from index.evaluation.quiz import answer_record, chunk_texts, count_exact, latency

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ",
})


def norm(s: str) -> str:
    """Typographic quotes and dashes folded, zero-width spaces and soft hyphens dropped, spaces collapsed,
    lowercased."""
    return re.sub(r"\s+", " ", s.translate(_FOLD).replace("\u200b", "").replace("\u00ad", "")).strip().lower()


def overlaps(text: str, gold: str) -> bool:
    """One holds the other, or their longest common substring is at least half the gold (and 20 characters)."""
    t, g = norm(text), norm(gold)
    if not t or not g:
        return False
    if g in t or t in g:
        return True
    m = SequenceMatcher(None, t, g, autojunk=False).find_longest_match(0, len(t), 0, len(g))
    return m.size >= max(20, len(g) // 2)


def is_right(article_id: str, text: str, q: UserQuestion) -> bool:
    """A quote from an article holding the answer that overlaps one of the gold sentences."""
    return article_id in q.ok_article_ids and any(overlaps(text, g) for g in q.gold_sentences)


def _words(s: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", s)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.findall(r"\w+", plain)


def names_speaker(shown: str | None, q: UserQuestion) -> bool:
    """Whether a quote's speaker line names the gold speaker or one of their aliases, as whole words."""
    if not shown:
        return False
    have = " " + " ".join(_words(shown)) + " "
    wanted = [w for w in ([q.gold_speaker] if q.gold_speaker else []) + q.speaker_aliases if w]
    return any(" " + " ".join(_words(w)) + " " in have for w in wanted if _words(w))


def _share(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


def evaluate_users(
    engine: Engine, questions: list[UserQuestion], *, corpus: str, skipped: list[str], baselines: bool = True
) -> dict[str, Any]:
    """right@1/@3, speaker_right, abstention per unanswerable sort, false abstentions and latency per kind, with
    the dense top-3-chunk baseline scored the same way in the same run."""
    c = engine.corpus(corpus)
    answers: list[dict[str, Any]] = []
    times: dict[str, list[float]] = defaultdict(list)
    n: defaultdict[str, int] = defaultdict(int)  # counters, by name
    quotes_total = quotes_exact = 0
    for q in questions:
        as_of = end_of_day(q.as_of)
        text = plain_text(q.question)
        t = time.perf_counter()
        try:
            answer = engine.ask(text, corpus=corpus, as_of=as_of)
        except BadQuestion as exc:  # one bad question costs its own line, not the run
            skipped.append(f"question {q.id}: {exc}")
            continue
        times[q.kind].append((time.perf_counter() - t) * 1000)
        answers.append(answer_record(q.id, q.question, answer))
        quotes_total += len(answer.quotes)
        quotes_exact += count_exact(c, list(answer.quotes))
        n["asked"] += 1
        if not q.answerable:
            sort = q.unanswerable_type or "unanswerable"
            n[f"unanswerable:{sort}"] += 1
            n[f"abstained:{sort}"] += answer.abstained
            continue
        n["answerable"] += 1
        n["false_abstain"] += answer.abstained
        firsts = [is_right(x.article_id, x.text, q) for x in answer.quotes[:3]]
        n["right@1"] += bool(firsts[:1] and firsts[0])
        n["right@3"] += any(firsts)
        if q.gold_speaker:
            n["speaker_questions"] += 1
            first = answer.quotes[0] if answer.quotes else None
            named = bool(first and names_speaker(first.speaker, q))
            n["speaker_right"] += named
            n["speaker_and_right@1"] += named and bool(firsts[:1] and firsts[0])
        if baselines:
            base = engine.candidates(text, corpus=corpus, as_of=as_of, k=3, mode="dense", recency=False)
            hits = [is_right(aid, chunk, q) for aid, chunk in chunk_texts(c, base[:3])]
            n["base_right@1"] += bool(hits[:1] and hits[0])
            n["base_right@3"] += any(hits)
    sorts = sorted(k.split(":", 1)[1] for k in n if k.startswith("unanswerable:"))
    unanswerable = sum(n[f"unanswerable:{s}"] for s in sorts)
    result: dict[str, Any] = {
        "questions": n["asked"],
        "answerable_questions": n["answerable"],
        "right@1": _share(n["right@1"], n["answerable"]),
        "right@3": _share(n["right@3"], n["answerable"]),
        "speaker_questions": n["speaker_questions"],
        "speaker_right": _share(n["speaker_right"], n["speaker_questions"]),
        "speaker_right_and_right@1": _share(n["speaker_and_right@1"], n["speaker_questions"]),
        "unanswerable_questions": unanswerable,
        "abstained_correctly": _share(sum(n[f"abstained:{s}"] for s in sorts), unanswerable),
        "abstained_correctly_by_sort": {s: _share(n[f"abstained:{s}"], n[f"unanswerable:{s}"]) for s in sorts},
        "false_abstain": _share(n["false_abstain"], n["answerable"]),
        "quote_exact": _share(quotes_exact, quotes_total),
        "quotes": quotes_total,
        "latency_ms_by_kind": {kind: latency(v) for kind, v in sorted(times.items())},
    }
    if baselines:
        result["baselines"] = {"dense_top3_chunks": {
            "right@1": _share(n["base_right@1"], n["answerable"]),
            "right@3": _share(n["base_right@3"], n["answerable"]),
            "abstained_correctly": 0.0 if unanswerable else None,
        }}
    result["answers"] = answers
    return result
