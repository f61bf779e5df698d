"""Page furniture left in an article's text is never quoted: datelines, promo and teaser lines, credits,
subheadings."""

from __future__ import annotations

import pytest

from index.text.clutter import after_dateline, is_clutter, is_heading


@pytest.mark.parametrize(
    "line",
    [
        "CNN —",
        "Harbourtown, Westmere CNN —",
        "Dig deeper: The council votes on the ferry budget next week",
        "Read more: How the new timetable works",
        "READ: Why the ferry timetable changed in spring",
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
        "FERRY WOES:Why the late crossing keeps getting cancelled",  # a teaser's label glued to its link
        "Harbour news:Westmere opens its new fish market on Saturday.",
        "— Ana Lind (@analind) March 4, 2024",  # an embedded post's signature
        "FERRY CENTRAL: The latest timetables, fares and delays on every crossing.",  # a section's promo
        "WINTER WATCH: Harbour towns brace for the first ice of the year",
        "The harbour%27s new ferry forms part of the council%27s %22Vik 2030%22 plan",  # a caption left URL-encoded
        "Passengers queue for the late ferry at Harbourtown pier, Friday, Jan. 5, 2024.",  # a photo's caption
        "Boats lie on their sides in the harbour after the storm on Sunday, March 3, 2024.",
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
        "Fares rose 20% on Monday, and 25% for cars.",  # percentages are no encoding
        "LIND: We will keep the late ferry, whatever the board decides.",  # a transcript's speaker
        "FINAL SCORE: Harbourtown 3, Westmere 1",  # a label over a scoreline
        "BOTTOM LINE: Harbourtown hosts Westmere after Ana Lind scored 21 points in the last home game of the season.",
        "The first crossing will leave Harbourtown on Monday, Jan. 8, 2024.",  # a schedule, dated like a caption
        "Kickoff is 7:30 p.m. on Saturday, Feb. 3, 2024.",
        "He tells the police he last saw the boat on Friday, June 28, 1996.",  # a timeline's narration
    ],
)
def test_reporting_is_not_clutter(line: str) -> None:
    assert not is_clutter(line)


@pytest.mark.parametrize(
    ("text", "reporting"),
    [
        ("HARBOURTOWN (AP) — The board met on Friday.", "The board met on Friday."),
        ("WESTMERE, Vale. – Ferries stopped at noon.", "Ferries stopped at noon."),
        ("Harbourtown, Westmere CNN — The pier reopened.", "The pier reopened."),
        ("ST. VIK — “We are ready,” the captain said.", "“We are ready,” the captain said."),
        ("NEW HARBOUR ‒ 12 boats sailed.", "12 boats sailed."),
    ],
)
def test_a_dateline_opening_a_story_is_not_part_of_its_reporting(text: str, reporting: str) -> None:
    assert text[after_dateline(text, 0) :] == reporting


@pytest.mark.parametrize(
    "text",
    [
        "BC — I think the ferry will run.",  # an interview's initials
        "NBC — which shows the race — sold every slot.",  # an aside between dashes
        "The board met on Friday — and voted.",
        "ARTIS—NAPLES (NAPLES) opens its season.",  # a name with a dash, not a dateline
    ],
)
def test_what_only_looks_like_a_dateline_is_kept(text: str) -> None:
    assert after_dateline(text, 0) == 0


@pytest.mark.parametrize(("line", "reporting"), [
    ("HARBOURTOWN – The board met again on Friday.", "The board met again on Friday."),
    ("WEST VIK, Norland – Ferries stopped at noon.", "Ferries stopped at noon."),
])
def test_a_dateline_opening_the_next_story_of_a_roundup_is_not_reporting(line: str, reporting: str) -> None:
    text = "The pier reopened.\n\n" + "x " * 250 + "\n\nFerry news in brief\n\n" + line
    at = text.index(line)
    assert text[after_dateline(text, at) :] == reporting


def test_a_capitalised_label_deep_in_a_story_is_no_dateline() -> None:
    text = "The candidates spoke in turn.\n\n" + "x " * 250 + "\n\nANA LIND – She promised a new pier."
    at = text.index("ANA LIND")
    assert after_dateline(text, at) == at


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Officials say 7 killed in storm", True),
        ("Board says 3 bids received", True),
        ("The council voted 7-2 to keep the late ferry.", False),
        ("“We will keep the late ferry.” “", False),  # a stray quotation mark after the stop
        ("The ferry ran late again on Tuesday because the tide was low and the crew was short and the pier was "
         "closed for repairs", False),  # a long sentence whose stop the page lost
    ],
)
def test_headings_are_short_lines_that_do_not_end_as_sentences(line: str, heading: bool) -> None:
    assert is_heading(line) is heading
