"""Reading dev sets: articles, quiz questions and natural user questions, each bad line reported and skipped."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from index.errors import SourceError
from index.models import Article
from index.sources.dates import parse_published


@dataclass
class DevQuestion:
    """One question of a quiz dev set."""

    id: str
    question: str
    asked_at: str
    answers: list[str]
    gold: list[str]
    answer_in_pool: bool


@dataclass
class UserQuestion:
    """One natural question of a user-questions dev set (see its README for the fields)."""

    id: str
    kind: str  # speaker, factual, time, unanswerable
    question: str
    as_of: str
    gold_article_id: str | None
    gold_sentences: list[str]
    gold_speaker: str | None
    speaker_aliases: list[str]
    ok_article_ids: list[str]  # the gold article and the others holding a gold sentence verbatim
    unanswerable_type: str | None

    @property
    def answerable(self) -> bool:
        """Whether the corpus holds an answer."""
        return self.kind != "unanswerable"


_MARKUP = re.compile(r"<[a-zA-Z/!][^>]*>")


def plain_text(question: str) -> str:
    """A question with any HTML markup read as its text (links, tags and entities)."""
    if _MARKUP.search(question):
        question = _MARKUP.sub(" ", question)
    return " ".join(html.unescape(question).split())


def read_jsonl(path: Path, skipped: list[str] | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) of a JSON Lines file. A line that is not a JSON object is noted in skipped and
    passed over (without skipped, it is an error naming it); a missing file is an error naming the file."""
    try:
        f = path.open(encoding="utf-8")
    except OSError:
        raise SourceError(f"{path}: no such file (a dev set folder holds articles.jsonl and questions.jsonl)") from None
    with f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                problem = f"{path.name}:{n}: not JSON ({exc.msg})"
            else:
                if isinstance(obj, dict):
                    yield n, obj
                    continue
                problem = f"{path.name}:{n}: not a JSON object"
            _skip(problem, skipped)


def _missing(record: dict[str, Any], fields: tuple[str, ...]) -> list[str]:
    return [f for f in fields if not isinstance(record.get(f), str | int) or not str(record[f]).strip()]


def load_articles(folder: Path, skipped: list[str] | None = None) -> list[Article]:
    """The dev set's articles, keeping their own ids so gold labels match; a line without an id or text is
    noted in skipped and passed over (without skipped, it is an error)."""
    out = []
    for n, r in read_jsonl(folder / "articles.jsonl", skipped):
        if missing := _missing(r, ("id", "text")):
            _skip(f"articles.jsonl:{n}: no {' and no '.join(missing)}", skipped)
            continue
        out.append(
            Article(
                id=str(r["id"]), title=str(r.get("title") or ""), text=str(r["text"]),
                source=str(r.get("source") or ""), url=str(r.get("url") or ""),
                authors=tuple(str(a) for a in r.get("authors") or ()), published=parse_published(r.get("published")),
                origin=str(folder), locator=str(r["id"]),
            )
        )
    return out


def load_questions(folder: Path, skipped: list[str] | None = None) -> list[DevQuestion]:
    """The dev set's questions; a line without an id, a question or a valid asked_at date is noted in skipped
    and passed over (without skipped, it is an error)."""
    out = []
    for r in _question_rows(folder, ("id", "question", "asked_at"), skipped):
        out.append(
            DevQuestion(str(r["id"]), str(r["question"]), str(r["asked_at"]), [str(a) for a in r.get("answers") or []],
                     [str(g) for g in r.get("gold_article_ids") or []], bool(r.get("answer_in_pool")))
        )
    return out


def _question_rows(folder: Path, fields: tuple[str, ...], skipped: list[str] | None) -> Iterator[dict[str, Any]]:
    """The lines of questions.jsonl that hold every field, the last being a valid date; the others noted."""
    for n, r in read_jsonl(folder / "questions.jsonl", skipped):
        if missing := _missing(r, fields):
            _skip(f"questions.jsonl:{n}: no {' and no '.join(missing)}", skipped)
            continue
        try:
            end_of_day(str(r[fields[-1]]))
        except ValueError:
            _skip(f"questions.jsonl:{n}: {fields[-1]} is not a date (YYYY-MM-DD)", skipped)
            continue
        yield r


def _skip(problem: str, skipped: list[str] | None) -> None:
    if skipped is None:
        raise SourceError(problem)
    skipped.append(problem)


def eval_corpus(folder: Path) -> str:
    """The scratch corpus a dev set is ingested into: one per folder, kept between runs."""
    return "eval-" + re.sub(r"[^a-z0-9_-]+", "-", folder.resolve().name.lower())[:35]


def end_of_day(day: str) -> datetime:
    """The last moment of a date (articles dated that day count)."""
    d = datetime.fromisoformat(day[:10]).replace(tzinfo=UTC)
    return d + timedelta(days=1) - timedelta(microseconds=1)




def is_user_questions(folder: Path) -> bool:
    """Whether a dev set holds natural user questions (kind, gold_sentences) rather than a quiz."""
    for _, r in read_jsonl(folder / "questions.jsonl", []):
        return "gold_sentences" in r or "kind" in r
    return False


def articles_folder(folder: Path) -> Path:
    """Where a dev set's articles are: its own articles.jsonl, or for a user-questions set that has none, the news
    pool it was written over (../realtimeqa-news-dev)."""
    if (folder / "articles.jsonl").exists() or not is_user_questions(folder):
        return folder
    pool = folder.parent / "realtimeqa-news-dev"
    return pool if (pool / "articles.jsonl").exists() else folder


def load_user_questions(folder: Path, skipped: list[str] | None = None) -> list[UserQuestion]:
    """The user questions; a line without an id, a kind, a question or a valid as_of is noted and passed over."""
    out = []
    for r in _question_rows(folder, ("id", "kind", "question", "as_of"), skipped):
        gold = r.get("gold_article_id")
        ok = [str(gold)] if gold else []
        ok += [str(a) for a in r.get("also_ok_article_ids") or []]
        out.append(UserQuestion(
            id=str(r["id"]), kind=str(r["kind"]), question=str(r["question"]), as_of=str(r["as_of"]),
            gold_article_id=str(gold) if gold else None, gold_sentences=[str(g) for g in r.get("gold_sentences") or []],
            gold_speaker=str(r["gold_speaker"]) if r.get("gold_speaker") else None,
            speaker_aliases=[str(a) for a in r.get("speaker_aliases") or []], ok_article_ids=ok,
            unanswerable_type=str(r["unanswerable_type"]) if r.get("unanswerable_type") else None,
        ))
    return out
