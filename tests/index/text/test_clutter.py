"""Page furniture left in an article's text is never quoted: datelines, promo and teaser lines, credits,
subheadings."""

from __future__ import annotations

import pytest

from index.text.clutter import is_clutter


@pytest.mark.parametrize(
    "line",
    [
        "CNN —",
        "Harbourtown, Westmere CNN —",
        "Dig deeper: The council votes on the ferry budget next week",
        "Read more: How the new timetable works",
        "MORE:Why the pier closed early this winter.",
        "Sign up for our morning briefing, delivered every weekday.",
        "Contributing: Jane Doe, Valley Post",
        "This story has been updated with additional reporting.",
        "(Image credit: Sam Ikeda/Getty Images)",
        "What the council decided",
        "THE FERRY PLAN",
        "Follow live reporting of the count on our results page.",
        "When will we know who won the council seat?",  # a question the article goes on to answer
        "Video Ad Feedback Reporter who broke the pier story says there is more to find 06:35 - Source: CNN",
        "Prep for the vote: See who is standing for the council and where they stand in our Voter Guide",
        "THE HARBOUR: Sign up for the Valley Post's ferry newsletter",
        "Here is what else to know about the ferry ban.",  # a lead-in to what follows
        "Here’s what you need to know about the pier, the fares and the board’s plans.",
    ],
)
def test_furniture_is_clutter(line: str) -> None:
    assert is_clutter(line)


@pytest.mark.parametrize(
    "line",
    [
        "The council voted 7-2 to keep the late ferry.",
        '"We will keep the late ferry," the mayor said.',
        "Final score: Harbourtown 3, Westmere 1",
        "Ferry fares will rise by 4% in January",
        "She said the dig deeper campaign had raised money for the pier.",
        "“Why would we close the pier now?” the mayor asked.",  # a question someone asked is their words
        "Ferry chief: passengers can now sign up for alerts when a crossing is cancelled.",  # reporting
        "Here's why: more than 7,000 islanders rely on the late ferry.",  # a lead-in with its own content
    ],
)
def test_reporting_is_not_clutter(line: str) -> None:
    assert not is_clutter(line)
