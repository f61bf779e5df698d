"""Plain-text and JSON views of answers and results, shared by the CLI and the terminal chat."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from index.models import Answer, Digest, Headline, Quote, is_date_only


def fmt_date(d: datetime | None) -> str:
    """A published date for people; unknown dates are said to be unknown."""
    return d.strftime("%Y-%m-%d") if d else "date unknown"


def iso(d: datetime | None) -> str | None:
    """A date for machines: a date alone ("2026-11-17") when no time of day is known (see is_date_only)."""
    if d is None:
        return None
    return d.date().isoformat() if is_date_only(d) else d.isoformat()


def quote_json(q: Quote) -> dict[str, Any]:
    """A quote in the documented JSON shape."""
    return {
        "text": q.text, "speaker": q.speaker, "article_id": q.article_id, "title": q.title, "source": q.source,
        "published": iso(q.published), "url": q.url, "start": q.start, "end": q.end,
    }


def headline_json(h: Headline) -> dict[str, Any]:
    """A headline in JSON."""
    d = asdict(h)
    d["published"] = iso(h.published)
    return d


def answer_json(a: Answer) -> dict[str, Any]:
    """An answer in the documented JSON shape."""
    return {
        "question": a.question,
        "as_of": a.as_of.isoformat(),
        "window": {"start": a.window.start.isoformat(), "end": a.window.end.isoformat(), "phrase": a.window.phrase}
        if a.window else None,
        "abstained": a.abstained,
        "outside_window": a.outside_window,
        "speaker_not_quoted": a.speaker_not_quoted,
        "context": [quote_json(q) for q in a.context],
        "missing": list(a.missing),
        "older_only": a.older_only,
        "quotes": [quote_json(q) for q in a.quotes],
        "also_reported_by": [headline_json(h) for h in a.also_reported_by],
        "closest": [headline_json(h) for h in a.closest] if a.abstained else [],
        "newest_coverage": headline_json(n) if (n := newest_coverage(a)) else None,
        "coverage_terms": list(a.coverage_terms) if newest_coverage(a) else [],
        "unmentioned": list(a.unmentioned),
        "news_until": iso(a.news_until),
        "expected_on": iso(a.expected_on),
    }


def attribution(q: Quote) -> str:
    """"— Speaker · Outlet · date"."""
    parts = [p for p in (q.speaker, q.source or "unknown outlet", fmt_date(q.published)) if p]
    return " · ".join(parts)


def headline_line(h: Headline) -> str:
    """"Title (Outlet, date)"."""
    return f"{h.title or '(untitled)'} ({h.source or 'unknown outlet'}, {fmt_date(h.published)})"


def quoted(text: str) -> str:
    """Quote text as a block: every line of it marked, so a quote over two paragraphs reads as one quote."""
    return "\n".join(f"> {line}" for line in text.splitlines() or [""])


OUTSIDE_WINDOW = "Earlier reports answer it far better than anything published in that window; the closest from before it:"


_RX_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


def _joined(words: Sequence[str], last: str = "or") -> str:
    quoted = [f"“{_RX_POSSESSIVE.sub('', w)}”" for w in words]  # "telegram's" names Telegram
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" {last} " + quoted[-1]


def abstention_reason(a: Answer) -> str:
    """Why there is no answer, in one sentence."""
    if a.unmentioned:
        return f"Nothing in the indexed news mentions {_joined(a.unmentioned)}."
    if a.missing:
        return f"None of the stories that match it best mention {_joined(a.missing)}."
    if a.expected_on:
        return (f"The story that matches it best only looked ahead, to {fmt_date(a.expected_on)}, before this question, "
                "and nothing found on it is from that day on.")
    if a.older_only and a.news_until is not None:  # the news stopped well before the question
        return "The indexed news has only older reports on that, nothing from the weeks before this question."
    if a.older_only:
        return "The indexed news has only older reports on that, nothing from its latest weeks."
    return "The indexed news doesn't answer that well enough to quote."


def newest_coverage(a: Answer) -> Headline | None:
    """For an abstention about something the news does mention, the newest story that mentions it."""
    return a.coverage if a.abstained and not a.context else None


def coverage_label(a: Answer) -> str:
    """"Newest story mentioning “kallas”" (or "Newest story on it", or the story that only looked ahead to it), for
    the line that names newest_coverage."""
    if a.expected_on:
        return "That story"
    return f"Newest story mentioning {_joined(a.coverage_terms, 'and')}" if a.coverage_terms else "Newest story on it"


def news_until_text(a: Answer) -> str | None:
    """"The newest news held is from 2024-02-15, 8 days before this question.", when it is that old."""
    if a.news_until is None:
        return None
    days = (a.as_of - a.news_until).days
    return f"The newest news held is from {fmt_date(a.news_until)}, {days} day{'' if days == 1 else 's'} before this question."


def not_quoted_text(a: Answer) -> str:
    """The line that says the asked person is not quoted on it, when they are not; when what the news does say
    includes their words on another point, that they are quoted, but not on this."""
    name = a.speaker_not_quoted or ""
    asked = name.lower().split()
    theirs = any(q.speaker and set(asked) <= set(re.findall(r"[\w'’.-]+", q.speaker.split(",")[0].lower()))
                 for q in a.context)
    if asked and theirs:
        return f"{name} is quoted in the indexed news, but not on this. What the news does say:"
    return f"{name} is not quoted on this in the indexed news. What the news does say:"


def answer_text(a: Answer) -> str:
    """An answer as plain text."""
    lines: list[str] = []
    if a.window:
        lines.append(f"Window: {a.window.phrase or 'custom'} ({fmt_date(a.window.start)} to {fmt_date(a.window.end)})")
    if a.abstained and a.speaker_not_quoted:
        lines.append(not_quoted_text(a))
        lines += _quote_lines(a.context)
    elif a.abstained:
        lines.append(abstention_reason(a))
        if newest := newest_coverage(a):
            lines.append(f"{coverage_label(a)}: {headline_line(newest)}")
        if a.closest:
            lines.append("Closest headlines:")
            lines += [f"  - {headline_line(h)}" for h in a.closest]
    else:
        if a.outside_window:
            lines.append(OUTSIDE_WINDOW)
        lines += _quote_lines(a.quotes)
        if a.also_reported_by:
            lines.append("Also reported by: " + "; ".join(headline_line(h) for h in a.also_reported_by))
    if stale := news_until_text(a):
        lines.append(stale)
    return "\n".join(lines)


def _quote_lines(quotes: Sequence[Quote]) -> list[str]:
    lines = []
    for q in quotes:
        lines.append(quoted(q.text))
        lines.append(f"  — {attribution(q)}")
        if q.url:
            lines.append(f"    {q.url}")
    return lines


def quotes_text(quotes: Sequence[Quote]) -> str:
    """Further quotes as plain text."""
    return "\n".join(f"{quoted(q.text)}\n  — {attribution(q)}" for q in quotes)


def _date_label(h: Headline, first_seen: bool) -> str:
    return f"first seen {fmt_date(h.published)}" if first_seen else fmt_date(h.published)


def digest_json(d: Digest) -> dict[str, Any]:
    """A digest in the documented JSON shape."""
    return {
        "topic": d.topic,
        "as_of": d.as_of.isoformat(),
        "window": {"start": d.window.start.isoformat(), "end": d.window.end.isoformat(), "phrase": d.window.phrase},
        "stories": [
            {
                "headline": headline_json(s.headline),
                "first_seen": s.first_seen,
                "quote": quote_json(s.quote),
                "also_reported_by": [headline_json(h) for h in s.also_reported_by],
                "article_ids": list(s.article_ids),
            }
            for s in d.stories
        ],
        "empty_note": headline_json(d.empty_note) if d.empty_note else None,
    }


def digest_text(d: Digest) -> str:
    """A digest as plain text."""
    about = f"about {d.topic!r}" if d.topic else "top stories"
    span = f"{fmt_date(d.window.start)} to {fmt_date(d.window.end)}"
    lines = [f"Digest, {about}: {d.window.phrase or 'custom'} ({span})"]
    if not d.stories:
        lines.append("Nothing in this period.")
        if d.empty_note:
            lines.append(f"Newest story before it: {headline_line(d.empty_note)}")
            if d.empty_note.url:
                lines.append(f"  {d.empty_note.url}")
        return "\n".join(lines)
    for n, s in enumerate(d.stories, 1):
        h = s.headline
        lines.append(f"{n}. {h.title or '(untitled)'} ({h.source or 'unknown outlet'}, {_date_label(h, s.first_seen)})")
        lines.append(f"   > {' '.join(s.quote.text.split())}")
        if s.quote.speaker:
            lines.append(f"     — {s.quote.speaker}")
        if h.url:
            lines.append(f"   {h.url}")
        if s.also_reported_by:
            also = "; ".join(f"{x.source or 'unknown outlet'}" + (f" <{x.url}>" if x.url else "")
                             for x in s.also_reported_by)
            lines.append(f"   Also reported by: {also}")
    return "\n".join(lines)
