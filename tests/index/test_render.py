"""Plain-text answers (the CLI): quotes over several paragraphs stay one marked block."""

from __future__ import annotations

from datetime import UTC, datetime

from index.models import Answer, Quote
from index.render import answer_text, quotes_text

AS_OF = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)


def _quote(text: str) -> Quote:
    return Quote(text=text, article_id="c1", title="Ferry contest decided", source="Valley Post",
                 published=datetime(2026, 11, 13, 9, tzinfo=UTC), url="https://vp.example/c1", start=0,
                 end=len(text), speaker=None, score=1.0)


def test_every_line_of_a_quote_over_two_paragraphs_is_marked_as_quoted() -> None:
    q = _quote("The harbour board chose the winner on Friday.\nThe prize went to a student team from Vik.")
    text = answer_text(Answer("who won?", AS_OF, None, False, quotes=(q,)))
    lines = text.splitlines()
    assert lines[:2] == ["> The harbour board chose the winner on Friday.", "> The prize went to a student team from Vik."]
    assert lines[2].startswith("  — Valley Post")
    assert quotes_text([q]).splitlines()[:2] == lines[:2]
