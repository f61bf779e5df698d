"""Time expressions in questions and period options, resolved against a fixed 'now'."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest

from index.errors import BadQuestion
from index.text.timeexpr import anticipated_dates, days_named, looking_ahead, parse_period, parse_window

BERLIN = ZoneInfo("Europe/Berlin")
ZONES = [pytest.param(BERLIN, id="berlin"), pytest.param(UTC, id="utc")]


def local(tz: tzinfo, *parts: int) -> datetime:
    """A wall-clock time in tz, normalised the way the module normalises it."""
    y, mo, d, h, mi = (*parts, 0, 0)[:5]
    return datetime(y, mo, d, h, mi, tzinfo=tz).astimezone(UTC).astimezone(tz)


def as_of(tz: tzinfo) -> datetime:
    """Wednesday 18 November 2026, 15:00 local time."""
    return local(tz, 2026, 11, 18, 15, 0)


NOW = (2026, 11, 18, 15, 0)

# question, window start, window end (wall clock in the zone under test), phrase
TABLE: list[tuple[str, tuple[int, ...], tuple[int, ...], str]] = [
    ("today", (2026, 11, 18), NOW, "today"),
    ("what did Kallas say today?", (2026, 11, 18), NOW, "today"),
    ("today's headlines", (2026, 11, 18), NOW, "today's"),
    ("yesterday", (2026, 11, 17), (2026, 11, 18), "yesterday"),
    ("the day before yesterday", (2026, 11, 16), (2026, 11, 17), "the day before yesterday"),
    ("last night", (2026, 11, 17), (2026, 11, 18), "last night"),
    ("this week", (2026, 11, 16), NOW, "this week"),
    ("earlier this week", (2026, 11, 16), NOW, "earlier this week"),
    ("last week", (2026, 11, 9), (2026, 11, 16), "last week"),
    ("this month", (2026, 11, 1), NOW, "this month"),
    ("last month", (2026, 10, 1), (2026, 11, 1), "last month"),
    ("this year", (2026, 1, 1), NOW, "this year"),
    ("last year", (2025, 1, 1), (2026, 1, 1), "last year"),
    ("since Monday", (2026, 11, 16), NOW, "since Monday"),
    ("since Wednesday", (2026, 11, 18), NOW, "since Wednesday"),  # today is Wednesday
    ("since Thursday", (2026, 11, 12), NOW, "since Thursday"),
    ("since yesterday", (2026, 11, 17), NOW, "since yesterday"),
    ("since last week", (2026, 11, 9), NOW, "since last week"),
    ("since the start of the month", (2026, 11, 1), NOW, "since the start of the month"),
    ("since March 3", (2026, 3, 3), NOW, "since March 3"),
    ("since 3 March", (2026, 3, 3), NOW, "since 3 March"),
    ("since 2024-03-03", (2024, 3, 3), NOW, "since 2024-03-03"),
    ("since May", (2026, 5, 1), NOW, "since May"),
    ("since 2024", (2024, 1, 1), NOW, "since 2024"),
    ("in July", (2026, 7, 1), (2026, 8, 1), "in July"),
    ("in December", (2025, 12, 1), (2026, 1, 1), "in December"),  # the most recent December
    ("in November", (2026, 11, 1), NOW, "in November"),  # the current month, up to now
    ("last November", (2025, 11, 1), (2025, 12, 1), "last November"),
    ("in July 2024", (2024, 7, 1), (2024, 8, 1), "in July 2024"),
    ("in May", (2026, 5, 1), (2026, 6, 1), "in May"),
    ("on Tuesday", (2026, 11, 17), (2026, 11, 18), "on Tuesday"),
    ("on Wednesday", (2026, 11, 18), NOW, "on Wednesday"),
    ("on Thursday", (2026, 11, 12), (2026, 11, 13), "on Thursday"),
    ("last Wednesday", (2026, 11, 11), (2026, 11, 12), "last Wednesday"),
    ("what did Trump say Friday", (2026, 11, 13), (2026, 11, 14), "Friday"),
    ("what did the mayor say friday after the vote", (2026, 11, 13), (2026, 11, 14), "friday"),  # no "the": a day
    ("on March 3", (2026, 3, 3), (2026, 3, 4), "on March 3"),
    ("on December 25", (2025, 12, 25), (2025, 12, 26), "on December 25"),
    ("March 3rd, 2024", (2024, 3, 3), (2024, 3, 4), "March 3rd, 2024"),
    ("on the 3rd of March", (2026, 3, 3), (2026, 3, 4), "on the 3rd of March"),
    ("May 3", (2026, 5, 3), (2026, 5, 4), "May 3"),
    ("on 2024-02-29", (2024, 2, 29), (2024, 3, 1), "on 2024-02-29"),
    ("on February 29", (2024, 2, 29), (2024, 3, 1), "on February 29"),  # the latest leap day
    ("in 2024", (2024, 1, 1), (2025, 1, 1), "in 2024"),
    ("2 days ago", (2026, 11, 16), (2026, 11, 17), "2 days ago"),
    ("two days ago", (2026, 11, 16), (2026, 11, 17), "two days ago"),
    ("a couple of days ago", (2026, 11, 16), (2026, 11, 17), "a couple of days ago"),
    ("a few days back", (2026, 11, 15), (2026, 11, 16), "a few days back"),
    ("two nights ago", (2026, 11, 16), (2026, 11, 17), "two nights ago"),
    ("over the past three nights", (2026, 11, 15, 15), NOW, "over the past three nights"),
    ("a week ago", (2026, 11, 9), (2026, 11, 16), "a week ago"),
    ("3 weeks ago", (2026, 10, 26), (2026, 11, 2), "3 weeks ago"),
    ("two months ago", (2026, 9, 1), (2026, 10, 1), "two months ago"),
    ("a year ago", (2025, 1, 1), (2026, 1, 1), "a year ago"),
    ("3 hours ago", (2026, 11, 18, 12), (2026, 11, 18, 13), "3 hours ago"),
    ("an hour ago", (2026, 11, 18, 14), NOW, "an hour ago"),
    ("past 3 days", (2026, 11, 15, 15), NOW, "past 3 days"),
    ("in the last two weeks", (2026, 11, 4, 15), NOW, "in the last two weeks"),
    ("last 24 hours", (2026, 11, 17, 15), NOW, "last 24 hours"),
    ("over the past week", (2026, 11, 11, 15), NOW, "over the past week"),
    ("the past month", (2026, 10, 18, 15), NOW, "the past month"),
    ("in the past few days", (2026, 11, 15, 15), NOW, "in the past few days"),
    ("past 6 months", (2026, 5, 18, 15), NOW, "past 6 months"),
    ("this past week", (2026, 11, 11, 15), NOW, "this past week"),
    ("last month's summit", (2026, 10, 1), (2026, 11, 1), "last month's"),
    ("Tuesday's vote", (2026, 11, 17), (2026, 11, 18), "Tuesday's"),
    ("Mar. 3", (2026, 3, 3), (2026, 3, 4), "Mar. 3"),
    ("in Sept 2025", (2025, 9, 1), (2025, 10, 1), "in Sept 2025"),
    ("over the weekend", (2026, 11, 14), (2026, 11, 16), "over the weekend"),
    ("last weekend", (2026, 11, 14), (2026, 11, 16), "last weekend"),
    ("this past weekend", (2026, 11, 14), (2026, 11, 16), "this past weekend"),
    ("this past Monday", (2026, 11, 16), (2026, 11, 17), "this past Monday"),
    ("in early March", (2026, 3, 1), (2026, 4, 1), "in early March"),
    ("what happened last summer", (2026, 6, 1), (2026, 9, 1), "last summer"),
    ("ferry fares over the summer", (2026, 6, 1), (2026, 9, 1), "over the summer"),
    ("how busy was the pier this fall", (2026, 9, 1), NOW, "this fall"),
    ("what happened last winter", (2025, 12, 1), (2026, 3, 1), "last winter"),
    ("storms in the winter of 2024", (2024, 12, 1), (2025, 3, 1), "in the winter of 2024"),
    ("rents summer 2025", (2025, 6, 1), (2025, 9, 1), "summer 2025"),
    ("mid-December", (2025, 12, 1), (2026, 1, 1), "mid-December"),
    ("a couple days ago", (2026, 11, 16), (2026, 11, 17), "a couple days ago"),
    ("SINCE MONDAY", (2026, 11, 16), NOW, "SINCE MONDAY"),
    ("on 11/15", (2026, 11, 15), (2026, 11, 16), "on 11/15"),  # month first, as US news writes dates
    ("on 12/24", (2025, 12, 24), (2025, 12, 25), "on 12/24"),  # the most recent one
    ("on 15/11", (2026, 11, 15), (2026, 11, 16), "on 15/11"),  # no month 15: the day comes first
    ("since 3/2", (2026, 3, 2), NOW, "since 3/2"),
    ("on 3/2/24", (2024, 3, 2), (2024, 3, 3), "on 3/2/24"),
    ("3/2/2024", (2024, 3, 2), (2024, 3, 3), "3/2/2024"),  # without "on", only with its year
    ("on the 5th", (2026, 11, 5), (2026, 11, 6), "on the 5th"),  # this month's
    ("on the 25th", (2026, 10, 25), (2026, 10, 26), "on the 25th"),  # still to come: last month's
    ("storm damage overnight", (2026, 11, 17), (2026, 11, 18), "overnight"),  # the night just past
    # shortened as users type: a weekday after a word that makes it one, "wk", "wknd", "nite", "this am", "couple"
    ("what did the fed do on wed", (2026, 11, 18), NOW, "on wed"),
    ("what happened last fri", (2026, 11, 13), (2026, 11, 14), "last fri"),
    ("any shootings this past wknd", (2026, 11, 14), (2026, 11, 16), "this past wknd"),
    ("what did he say last wk", (2026, 11, 9), (2026, 11, 16), "last wk"),
    ("any news from the past couple days", (2026, 11, 16, 15), NOW, "from the past couple days"),
    ("storm damage from last nite", (2026, 11, 17), (2026, 11, 18), "from last nite"),
    ("what did the mayor say this am", (2026, 11, 18), NOW, "this am"),
    # holidays: the latest one, the day itself, its long weekend asked "over" it or by its weekend
    ("what did the pope say on christmas", (2025, 12, 25), (2025, 12, 26), "on christmas"),
    ("storms over christmas", (2025, 12, 24), (2025, 12, 27), "over christmas"),
    ("what did trump say on election night", (2026, 11, 3), (2026, 11, 4), "on election night"),
    ("crashes over memorial day weekend", (2026, 5, 23), (2026, 5, 26), "over memorial day weekend"),
    ("fires on the fourth of july", (2026, 7, 4), (2026, 7, 5), "on the fourth of july"),
    ("what happened last thanksgiving", (2025, 11, 27), (2025, 11, 28), "last thanksgiving"),
    ("the parade on saint patricks day", (2026, 3, 17), (2026, 3, 18), "on saint patricks day"),
    ("crowds on New Year’s Eve", (2025, 12, 31), (2026, 1, 1), "on New Year’s Eve"),
    ("what did the pope say this easter", (2026, 4, 5), (2026, 4, 6), "this easter"),
    ("was the ferry running on christmas 2024", (2024, 12, 25), (2024, 12, 26), "on christmas 2024"),
]


@pytest.mark.parametrize("tz", ZONES)
@pytest.mark.parametrize(("question", "start", "end", "phrase"), TABLE)
def test_parse_window_table(
    tz: tzinfo, question: str, start: tuple[int, ...], end: tuple[int, ...], phrase: str
) -> None:
    window, _ = parse_window(question, as_of(tz), tz)
    assert window is not None
    assert (window.start, window.end, window.phrase) == (local(tz, *start), local(tz, *end), phrase)
    assert window.start.utcoffset() == local(tz, *start).utcoffset()  # in the zone asked for
    assert window.end <= as_of(tz)


@pytest.mark.parametrize(
    ("question", "rest"),
    [
        ("What did Kallas say about drones last week?", "What did Kallas say about drones?"),
        ("Since Monday, what has Trump said?", "What has Trump said?"),
        ("what has Trump said since Monday about tariffs", "what has Trump said about tariffs"),
        ("What did Kallas say (last week)?", "What did Kallas say?"),
        ("drones, this week", "drones"),
        ("news from yesterday", "news"),
        ("What happened in July 2024 in Tokyo?", "What happened in Tokyo?"),
        ("what did the board say jan 6 about the pier", "what did the board say about the pier"),  # a date
        ("was the pier shut on jan 6 at noon", "was the pier shut at noon"),
        ("what happened to the ferry over the past weekend", "what happened to the ferry"),
        ("what did the mayor say this past monday", "what did the mayor say"),
        ("ferry fares in early january", "ferry fares"),
        ("what happened mid-december at the pier", "what happened at the pier"),
        ("what did the board decide a couple days ago", "what did the board decide"),
    ],
)
def test_parse_window_removes_the_phrase(question: str, rest: str) -> None:
    window, left = parse_window(question, as_of(BERLIN), BERLIN)
    assert window is not None
    assert left == rest


@pytest.mark.parametrize(
    "question",
    [
        "what may happen next?",
        "May I ask what Kallas said?",
        "the march on Washington",
        "will the march go ahead",
        "what did Kallas say about drones?",
        "what has been said recently about tariffs",
        "what is going on lately",
        "the 2024 election",
        "a 3 percent rise",
        "what is the capital of Mars?",
        "how much did shoppers spend on black friday",  # a weekday inside a name is no day
        "who won super tuesday",
        "super bowl sunday ads",
        "good friday agreement anniversary",
        "did the Harbour Post close its sunday magazine",
        "how much is the nfl sunday ticket",
        "how much productivity gets lost the monday after the super bowl",  # a day told by an event
        "do stores stay open the friday before christmas",
        "how cold will it be this winter",  # a season ahead: reported now, no window
        "what caused the fall of the ferry company",  # "fall" is no season without a word making it one
        "who won the summer olympics",
        "what did the jan 6 committee find",  # a date that names an event, a noun after it
        "who won the March 5 primary",
        "whats bidens july 4 vaccine goal",
        "will the vaccine be ready by mid-August",  # a deadline ahead
        "Fares had their largest rise since late October. Why?",  # since, after a superlative: a comparison
        "the ferry won its first title since 2010",
        "what did the Today show host say about the ferry",  # a programme
        "what happened on 9/11",  # a date that names an event
        "the ferry runs 24/7 now",
        "is 3/4 of the island without power",  # a share, not a date
        "an overnight curfew in vik",  # a kind of curfew
        "how much did shoppers spend on christmas gifts",  # a holiday with no word making it a time
        "they wed at the pier",  # a shortened weekday needs a word making it one
        "the sat nav failed on the ferry",
        "christmas sales at the mall",
        "what did kim say at the lunar new year show",
        "what happened on easter island",
        "",
    ],
)
def test_parse_window_leaves_questions_without_a_time(question: str) -> None:
    assert parse_window(question, as_of(BERLIN), BERLIN) == (None, question)


def test_as_of_in_another_zone_is_read_in_the_zone_asked_for() -> None:
    late_utc = datetime(2026, 11, 18, 23, 30, tzinfo=UTC)  # already 19 November in Berlin
    window, _ = parse_window("today", late_utc, BERLIN)
    assert window is not None
    assert window.start == datetime(2026, 11, 19, tzinfo=BERLIN)
    assert window.end == late_utc


def test_future_window_is_empty_not_reversed() -> None:
    window, _ = parse_window("in 2027", as_of(BERLIN), BERLIN)
    assert window is not None
    assert window.start == window.end == datetime(2027, 1, 1, tzinfo=BERLIN)


def test_this_weekend_on_a_weekday_is_the_one_ahead() -> None:
    window, rest = parse_window("who is favoured in this weekend's election?", as_of(UTC), UTC)  # a Wednesday
    assert window is not None and window.phrase == "this weekend's"
    assert window.start == window.end == datetime(2026, 11, 21, tzinfo=UTC)  # ahead of as_of: empty here
    assert rest == "who is favoured in election?"


def test_what_happened_this_weekend_asked_on_a_weekday_is_the_weekend_just_past() -> None:
    window, _ = parse_window("did the storm flood the harbour this weekend", as_of(UTC), UTC)  # a Wednesday
    assert window is not None and window.phrase == "this weekend"
    assert window.start == datetime(2026, 11, 14, tzinfo=UTC)
    window, _ = parse_window("will the storm flood the harbour this weekend", as_of(UTC), UTC)
    assert window is not None and window.start == datetime(2026, 11, 21, tzinfo=UTC)  # asked ahead: the next one


def test_a_holiday_a_fortnight_ahead_or_asked_ahead_is_the_next_one() -> None:
    window, rest = parse_window("how busy will airports be over thanksgiving", as_of(UTC), UTC)  # 26 November
    assert window is not None and window.start == window.end == datetime(2026, 11, 26, tzinfo=UTC)
    assert rest == "how busy will airports be over thanksgiving"  # the day also says what is asked about
    window, _ = parse_window("how much rain are we supposed to get on christmas", as_of(UTC), UTC)
    assert window is not None and window.start == datetime(2026, 12, 25, tzinfo=UTC)
    window, _ = parse_window("who warned against parties this christmas", as_of(UTC), UTC)  # this year's
    assert window is not None and window.start == window.end == datetime(2026, 12, 25, tzinfo=UTC)


def test_naive_as_of_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_window("today", datetime(2026, 11, 18, 15), BERLIN)


# --- daylight saving time (Europe/Berlin: clocks go forward 29 March 2026, back 25 October 2026) -----------


def span(start: datetime, end: datetime) -> timedelta:
    """Elapsed time (Python subtracts two times of one zone by wall clock)."""
    return end.astimezone(UTC) - start.astimezone(UTC)


def test_dst_spring_forward_yesterday_is_23_hours() -> None:
    now = datetime(2026, 3, 30, 12, tzinfo=BERLIN)
    window, _ = parse_window("yesterday", now, BERLIN)
    assert window is not None
    assert window.start == datetime(2026, 3, 29, tzinfo=BERLIN)
    assert window.end == datetime(2026, 3, 30, tzinfo=BERLIN)
    assert span(window.start, window.end) == timedelta(hours=23)
    assert (window.start.utcoffset(), window.end.utcoffset()) == (timedelta(hours=1), timedelta(hours=2))


def test_dst_spring_forward_days_are_calendar_days_and_hours_are_hours() -> None:
    now = datetime(2026, 3, 30, 12, tzinfo=BERLIN)
    days, _ = parse_window("past 2 days", now, BERLIN)
    hours, _ = parse_window("past 48 hours", now, BERLIN)
    assert days is not None and hours is not None
    assert days.start == datetime(2026, 3, 28, 12, tzinfo=BERLIN)  # same wall-clock time
    assert hours.start == datetime(2026, 3, 28, 11, tzinfo=BERLIN)  # 48 elapsed hours
    assert span(hours.start, now) == timedelta(hours=48)


def test_dst_week_across_the_change() -> None:
    now = datetime(2026, 3, 30, 12, tzinfo=BERLIN)  # a Monday
    window, _ = parse_window("last week", now, BERLIN)
    assert window is not None
    assert window.start == datetime(2026, 3, 23, tzinfo=BERLIN)
    assert window.end == datetime(2026, 3, 30, tzinfo=BERLIN)
    assert span(window.start, window.end) == timedelta(days=7, hours=-1)


def test_dst_fall_back_yesterday_is_25_hours() -> None:
    now = datetime(2026, 10, 26, 9, tzinfo=BERLIN)
    window, _ = parse_window("yesterday", now, BERLIN)
    assert window is not None
    assert span(window.start, window.end) == timedelta(hours=25)


def test_dst_fall_back_hours_ago_uses_elapsed_time() -> None:
    now = datetime(2026, 10, 25, 1, 30, tzinfo=UTC).astimezone(BERLIN)  # 02:30 CET, after the change
    window, _ = parse_window("2 hours ago", now, BERLIN)
    assert window is not None
    # 2 hours earlier is 23:30 UTC, 01:30 CEST: the hour from 01:00 to 02:00 CEST
    # (compared in UTC: an ambiguous wall time never equals a time in another zone, PEP 495)
    assert window.start.astimezone(UTC) == datetime(2026, 10, 24, 23, tzinfo=UTC)
    assert window.end.astimezone(UTC) == datetime(2026, 10, 25, 0, tzinfo=UTC)


# --- parse_period -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "start"),
    [
        ("7d", (2026, 11, 11, 15)),
        ("24h", (2026, 11, 17, 15)),
        ("2w", (2026, 11, 4, 15)),
        ("3mo", (2026, 8, 18, 15)),
        ("1y", (2025, 11, 18, 15)),
        (" 7 days ", (2026, 11, 11, 15)),
        ("last 7 days", (2026, 11, 11, 15)),
        ("since 2024-03-01", (2024, 3, 1)),
        ("today", (2026, 11, 18)),
        ("this week", (2026, 11, 16)),
    ],
)
def test_parse_period(spec: str, start: tuple[int, ...]) -> None:
    window = parse_period(spec, as_of(BERLIN), BERLIN)
    assert window.start == local(BERLIN, *start)
    assert window.end == as_of(BERLIN)


def test_parse_period_takes_whole_windows() -> None:
    window = parse_period("last week", as_of(BERLIN), BERLIN)
    assert (window.start, window.end) == (local(BERLIN, 2026, 11, 9), local(BERLIN, 2026, 11, 16))
    window = parse_period("2024-03-03", as_of(BERLIN), BERLIN)
    assert (window.start, window.end) == (local(BERLIN, 2024, 3, 3), local(BERLIN, 2024, 3, 4))


@pytest.mark.parametrize(
    "spec", ["", "   ", "banana", "0d", "7 parsecs", "today and tomorrow", "since forever"]
)
def test_parse_period_rejects_with_a_user_safe_message(spec: str) -> None:
    with pytest.raises(BadQuestion) as err:
        parse_period(spec, as_of(BERLIN), BERLIN)
    message = str(err.value)
    assert "Try 24h, 7d" in message
    assert "Traceback" not in message and len(message) < 200


def test_parse_period_rejects_absurd_lengths() -> None:
    with pytest.raises(BadQuestion):
        parse_period("99999y", as_of(BERLIN), BERLIN)


@pytest.mark.parametrize(
    ("sentence", "days"),
    [
        ("The final will be sailed on Nov. 22, organisers said.", ["2026-11-22"]),
        ("The primary is on Feb. 24.", ["2027-02-24"]),  # the nearest Feb. 24 to a November report lies ahead
        ("Crews will remember the Nov. 22 attack.", []),  # a date that names a past event
        ("The council met on Nov. 2 to discuss it.", []),  # a day already past
        ("The trial starts March 25, 2027.", ["2027-03-25"]),
        ("Another strike is planned for Nov. 30-Dec. 2.", ["2026-12-02"]),  # a span, by its last day
        ("The fair runs Nov. 27-29 at the harbour.", ["2026-11-29"]),
        ("The fair ran Nov. 2-4 at the harbour.", []),
        ("She said she expects that decision on Friday.", ["2026-11-20"]),
        ("The vote is set for next Monday.", ["2026-11-23"]),
        ("Crews prepared ahead of Saturday's race.", ["2026-11-21"]),
        ("The storm makes landfall tomorrow.", ["2026-11-20"]),
        ("The vote is expected next week.", ["2026-11-29"]),  # a span ahead counts by its last day
        ("Fares rise next month, the operator said.", ["2026-12-31"]),
        ("The mayor said Monday that the plan will go ahead.", []),  # a bare weekday is a day just past
        ("The launch had been delayed from Tuesday.", []),
    ],
)
def test_the_days_a_sentence_looks_ahead_to(sentence: str, days: list[str]) -> None:
    thursday = date(2026, 11, 19)
    assert [d.isoformat() for d in anticipated_dates(sentence, thursday)] == days


def test_an_article_s_sentences_that_look_ahead_come_with_the_sentence_before_them() -> None:
    text = ("Twelve crews have entered the regatta. The final will be sailed on Nov. 22, the club said.\n"
            "The club met on Nov. 2 to plan it. No. 6 is the favourite.")
    found = list(looking_ahead(text, date(2026, 11, 19)))
    assert found == [([date(2026, 11, 22)], "The final will be sailed on Nov. 22, the club said.",
                      "Twelve crews have entered the regatta.")]
    assert list(looking_ahead("Nothing is dated here.", date(2026, 11, 19))) == []


@pytest.mark.parametrize(
    ("sentence", "days"),
    [
        ("The harbour board voted on Tuesday to close the pier.", ["2026-11-17"]),  # the Tuesday just past
        ("Thursday's storm closed the pier.", ["2026-11-19"]),  # the report's own day
        ("The pier closed last night, the board said.", ["2026-11-18"]),
        ("The board said today that the pier is closed.", ["2026-11-19"]),
        ("The board will vote Tuesday on the pier.", []),  # put ahead
        ("A ruling is expected by Friday.", []),
        ("The pier was set for repairs, but the board met on Monday instead.", ["2026-11-16"]),
        ("She wore her sunday best.", []),  # a weekday is capitalised
        ("Black Friday sales at the pier shops doubled.", []),  # a name, not a day
        ("The Sunday Times ran the story first.", []),
        ("The pier has been closed since the spring.", []),
        ("The pier flooded over the weekend.", ["2026-11-14", "2026-11-15"]),  # the weekend just past
    ],
)
def test_the_days_a_report_says_things_happened_on(sentence: str, days: list[str]) -> None:
    thursday = date(2026, 11, 19)
    assert sorted(d.isoformat() for d in days_named(sentence, thursday)) == days
