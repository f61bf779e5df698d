"""Plain-text answers (the CLI): quotes over several paragraphs stay one marked block."""

from __future__ import annotations

from datetime import UTC, datetime

from index.models import Answer, Quote, TimeWindow
from index.render import answer_json, answer_text, quotes_text

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


def test_quotes_from_before_the_window_are_said_to_be_so() -> None:
    today = TimeWindow(datetime(2026, 11, 18, tzinfo=UTC), AS_OF, "today")
    q = _quote("Ferry fares will rise in January.")
    earlier = Answer("ferry fares today?", AS_OF, today, False, quotes=(q,), outside_window=True)
    lines = answer_text(earlier).splitlines()
    assert lines[0].startswith("Window: today (2026-11-18")
    assert lines[1].startswith("Earlier reports answer it far better than anything published in that window") and lines[2] == "> " + q.text
    assert answer_json(earlier)["outside_window"] is True
    within = Answer("ferry fares today?", AS_OF, today, False, quotes=(q,))
    assert "Earlier reports" not in answer_text(within) and answer_json(within)["outside_window"] is False
