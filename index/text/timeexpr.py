"""Rule-based time expressions in questions: "last week", "since Monday", "in July 2024", "3 days ago"."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from index.errors import BadQuestion
from index.models import TimeWindow
from index.text.tokens import stopwords

# --- vocabulary -------------------------------------------------------------------------------------------

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
MONTH_WORDS = frozenset(_MONTHS)  # every way a month is written in a question: "january", "jan", "sept"
_WEEKDAYS = {name: i for i, name in enumerate(WEEKDAYS)}
_WEEKDAY_SHORT = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5,
                  "sun": 6}
_WEEKDAY_ANY = {**_WEEKDAYS, **_WEEKDAY_SHORT}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100, "a couple of": 2, "couple of": 2, "a couple": 2, "couple": 2, "a few": 3,
    "few": 3,
}  # fmt: skip


def _nth(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday of a month (n = -1: the last)."""
    if n < 0:
        last = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _holiday_key(name: str) -> str:
    """A holiday's name without what users vary: case, apostrophes, spaces, "saint" for "st."."""
    name = re.sub(r"[’'.]", "", " ".join(name.lower().split()))
    return re.sub(r"^saint ", "st ", name)


# the days users name a time by, as US news keeps them: each name gives the day in a year, and the days a
# "<holiday> weekend" spans from it (before, after)
_HOLIDAYS: dict[str, tuple[Callable[[int], date], int, int]] = {
    "christmas eve": (lambda y: date(y, 12, 24), 0, 2),
    "christmas day": (lambda y: date(y, 12, 25), 1, 1),
    "christmas": (lambda y: date(y, 12, 25), 1, 1),
    "new year's eve": (lambda y: date(y, 12, 31), 0, 1),
    "new year's day": (lambda y: date(y, 1, 1), 1, 1),
    "new year's": (lambda y: date(y, 1, 1), 1, 1),
    "valentine's day": (lambda y: date(y, 2, 14), 0, 0),
    "halloween": (lambda y: date(y, 10, 31), 0, 0),
    "juneteenth": (lambda y: date(y, 6, 19), 0, 0),
    "the fourth of july": (lambda y: date(y, 7, 4), 1, 1),
    "fourth of july": (lambda y: date(y, 7, 4), 1, 1),
    "july fourth": (lambda y: date(y, 7, 4), 1, 1),
    "independence day": (lambda y: date(y, 7, 4), 1, 1),
    "veterans day": (lambda y: date(y, 11, 11), 0, 0),
    "st. patrick's day": (lambda y: date(y, 3, 17), 0, 0),
    "thanksgiving day": (lambda y: _nth(y, 11, 3, 4), 0, 3),
    "thanksgiving": (lambda y: _nth(y, 11, 3, 4), 0, 3),
    "memorial day": (lambda y: _nth(y, 5, 0, -1), 2, 0),
    "labor day": (lambda y: _nth(y, 9, 0, 1), 2, 0),
    "mlk day": (lambda y: _nth(y, 1, 0, 3), 2, 0),
    "martin luther king day": (lambda y: _nth(y, 1, 0, 3), 2, 0),
    "martin luther king jr. day": (lambda y: _nth(y, 1, 0, 3), 2, 0),
    "presidents day": (lambda y: _nth(y, 2, 0, 3), 2, 0),
    "easter sunday": (lambda y: easter(y), 2, 1),
    "easter": (lambda y: easter(y), 2, 1),
    "good friday": (lambda y: easter(y) - timedelta(days=2), 0, 3),
    "mother's day": (lambda y: _nth(y, 5, 6, 2), 1, 0),
    "father's day": (lambda y: _nth(y, 6, 6, 3), 1, 0),
    "election day": (lambda y: _nth(y, 11, 0, 1) + timedelta(days=1), 0, 1),
    "election night": (lambda y: _nth(y, 11, 0, 1) + timedelta(days=1), 0, 1),
}
_HOLIDAY_BY_KEY = {_holiday_key(name): spec for name, spec in _HOLIDAYS.items()}
# what a question looks ahead with: a holiday it names is the next one, not the last
RX_AHEAD = re.compile(
    r"\b(?:will|going to|gonna|supposed to|expected|scheduled|plans?|planning|next|upcoming|when(?: is|['’]s| are))\b",
    re.I)


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted((w.replace(" ", r"\s+") for w in words), key=len, reverse=True))


_MON = rf"(?P<mon>{_alt(_MONTHS)})\.?"
_WD = rf"(?P<wd>{_alt(_WEEKDAYS)})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_NUM = rf"(?P<num>\d{{1,5}}|{_alt(_NUMBERS)})"
_UNIT = r"(?P<unit>hours?|hrs?|days?|nights?|weeks?|wks?|months?|years?|yrs?)"
_SINCE = r"(?:(?P<since>since)\s+|from\s+)"  # "since X" runs to now; "from X" is X itself
_LEAD = r"(?:(?:in|over|during|within|for|from|of)\s+)"  # a preposition that goes with the phrase
_B = r"(?<![\w-])"  # a word start
_E = r"(?![\w-])"  # a word end
# a holiday's name as users type it: any apostrophe or none ("new years", "presidents' day"), "st" or "saint"
_HOL = "(?P<hol>" + "|".join(
    re.escape(name).replace("'", "[’']?").replace(r"\ ", r"\s+").replace(r"st\.", r"(?:st\.?|saint)")
    for name in sorted(_HOLIDAYS, key=len, reverse=True)) + ")"


# --- resolution helpers -----------------------------------------------------------------------------------


def _normal(dt: datetime, tz: tzinfo) -> datetime:
    """An aware datetime made canonical in tz (a wall time inside a DST gap moves forward)."""
    return dt.astimezone(UTC).astimezone(tz)


def _utc(dt: datetime) -> datetime:
    return dt.astimezone(UTC)


def _midnight(d: date, tz: tzinfo) -> datetime:
    return _normal(datetime.combine(d, time(0), tzinfo=tz), tz)


def _day(d: date, tz: tzinfo) -> tuple[datetime, datetime]:
    return _midnight(d, tz), _midnight(d + timedelta(days=1), tz)


def _week(d: date, tz: tzinfo) -> tuple[datetime, datetime]:
    monday = d - timedelta(days=d.weekday())
    return _midnight(monday, tz), _midnight(monday + timedelta(days=7), tz)


def _month(year: int, month: int, tz: tzinfo) -> tuple[datetime, datetime]:
    first = date(year, month, 1)
    return _midnight(first, tz), _midnight(first + relativedelta(months=1), tz)


def _year(year: int, tz: tzinfo) -> tuple[datetime, datetime]:
    return _midnight(date(year, 1, 1), tz), _midnight(date(year + 1, 1, 1), tz)


def _unit(raw: str) -> str:
    """'hrs' -> 'hour', 'wks' -> 'week', 'm'/'mo' -> 'month', 'nights' -> 'day'."""
    return {"h": "hour", "d": "day", "n": "day", "w": "week", "m": "month", "y": "year"}[raw[:1].lower()]


def _number(raw: str | None) -> int:
    if not raw:
        return 1
    raw = " ".join(raw.lower().split())
    return int(raw) if raw.isdigit() else _NUMBERS[raw]


@dataclass(frozen=True)
class _Ctx:
    now: datetime  # as_of in tz
    tz: tzinfo

    @property
    def today(self) -> date:
        return self.now.date()


_Span = tuple[datetime, datetime | None]  # start, natural end (None: open up to now)


def _rolling(ctx: _Ctx, n: int, unit: str) -> _Span:
    """The last n units up to now: hours exactly, longer units by the calendar (same wall-clock time)."""
    if unit == "hour":
        return _normal(ctx.now.astimezone(UTC) - timedelta(hours=n), ctx.tz), None
    shift = {"day": relativedelta(days=n), "week": relativedelta(weeks=n), "month": relativedelta(months=n),
             "year": relativedelta(years=n)}[unit]  # fmt: skip
    start = ctx.now.replace(tzinfo=None) - shift
    return _normal(start.replace(tzinfo=ctx.tz), ctx.tz), None


def _bucket(ctx: _Ctx, n: int, unit: str) -> tuple[datetime, datetime]:
    """The whole calendar unit n units back: '2 days ago' is that day, '3 weeks ago' that week."""
    if unit == "hour":
        then = _normal(ctx.now.astimezone(UTC) - timedelta(hours=n), ctx.tz)
        start = then.replace(minute=0, second=0, microsecond=0)
        return start, _normal(start.astimezone(UTC) + timedelta(hours=1), ctx.tz)
    if unit == "day":
        return _day(ctx.today - timedelta(days=n), ctx.tz)
    if unit == "week":
        return _week(ctx.today - timedelta(weeks=n), ctx.tz)
    if unit == "month":
        d = ctx.today.replace(day=1) - relativedelta(months=n)
        return _month(d.year, d.month, ctx.tz)
    return _year(ctx.today.year - n, ctx.tz)


def _weekday(ctx: _Ctx, wd: int, mode: str) -> date:
    """The weekday: most recent at or before today; 'last': strictly before; 'this': in this week."""
    if mode == "this":
        return ctx.today - timedelta(days=ctx.today.weekday()) + timedelta(days=wd)
    back = (ctx.today.weekday() - wd) % 7
    if mode == "last" and back == 0:
        back = 7
    return ctx.today - timedelta(days=back)


def _recent_date(ctx: _Ctx, month: int, day: int) -> date:
    """The most recent month/day at or before today (skipping years without 29 February)."""
    for year in range(ctx.today.year, ctx.today.year - 9, -1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d <= ctx.today:
            return d
    raise ValueError(f"no such date: {month}/{day}")


def _since(m: re.Match[str], span: tuple[datetime, datetime]) -> _Span:
    return (span[0], None) if m.groupdict().get("since") else span


# --- handlers ---------------------------------------------------------------------------------------------


def _h_ago(m: re.Match[str], ctx: _Ctx) -> _Span:
    return _bucket(ctx, _number(m.group("num")), _unit(m.group("unit")))


def _h_past_n(m: re.Match[str], ctx: _Ctx) -> _Span:
    return _rolling(ctx, _number(m.group("num")), _unit(m.group("unit")))


def _h_calendar(m: re.Match[str], ctx: _Ctx) -> _Span:
    """'this week', 'last month', 'since last year'."""
    unit, which = _unit(m.group("unit")), m.group("which").lower()
    n = 0 if which == "this" else 1
    span = _bucket(ctx, n, unit)
    return (span[0], None) if which == "this" else _since(m, span)


def _h_today(m: re.Match[str], ctx: _Ctx) -> _Span:
    return _day(ctx.today, ctx.tz)


def _h_yesterday(m: re.Match[str], ctx: _Ctx) -> _Span:
    back = 2 if m.group("before") else 1
    return _since(m, _day(ctx.today - timedelta(days=back), ctx.tz))


# a weekday that is part of a name, not a day: "Black Friday", "Super Tuesday", "Super Bowl Sunday", "Good Friday
# agreement", "the Post's Sunday magazine", "NFL Sunday Ticket"
_NAMING_BEFORE = frozenset(("black", "cyber", "good", "super", "bowl", "ash", "palm", "easter", "bloody", "giving",
                            "holy", "maundy", "fat", "shrove"))
_NAMING_AFTER = frozenset(("magazine", "edition", "paper", "newspaper", "times", "ticket", "school", "mass",
                           "supplement"))
_RX_WORD_BEFORE = re.compile(r"([a-z]+)\W*$", re.I)
_RX_WORD_AFTER = re.compile(r"(?:['’]s)?[^\S\n]+([a-z]+)\b", re.I)


def _word_after(text: str, end: int) -> str:
    """The word after text[:end] on its line, past a possessive ("the Post's Sunday magazine"), lower-cased; "" if
    none."""
    m = _RX_WORD_AFTER.match(text, end)
    return m.group(1).lower() if m else ""


def _word_before(text: str, start: int) -> str:
    """The word before text[start:], past any punctuation, lower-cased; "" if none."""
    m = _RX_WORD_BEFORE.search(text[max(0, start - 30) : start])
    return m.group(1).lower() if m else ""


def names_a_thing(text: str, start: int, end: int) -> bool:
    """Whether the weekday at text[start:end] is part of a name ("Black Friday", "Sunday magazine"), not a day."""
    return _word_before(text, start) in _NAMING_BEFORE or _word_after(text, end) in _NAMING_AFTER


# "the monday after the super bowl", "the friday before christmas": a day told by an event, not by today
_BY_AN_EVENT = frozenset(("after", "before", "following", "preceding"))


def _told_by_an_event(text: str, start: int, end: int) -> bool:
    """Whether the weekday at text[start:end] is the one before or after some event ("the monday after the super
    bowl"), which the question names, not a day counted back from when it is asked."""
    return _word_before(text, start) == "the" and _word_after(text, end) in _BY_AN_EVENT


def _h_weekday(m: re.Match[str], ctx: _Ctx) -> _Span:
    mode = " ".join((m.group("mode") or "").lower().split())
    d = _weekday(ctx, _WEEKDAY_ANY[m.group("wd").lower()], "last" if mode in ("last", "past", "this past") else mode)
    return _since(m, _day(d, ctx.tz))


_RX_ASKS_PAST = re.compile(r"\b(?:did|was|were|happened|went|got|won|lost|ended)\b", re.I)


def _h_weekend(m: re.Match[str], ctx: _Ctx) -> _Span:
    """'last weekend': the one before this week; 'this weekend': this week's (asked what happened, on a weekday: the
    one just past); 'the weekend': the latest one begun."""
    mode = (m.group("mode") or "").lower()
    # asked on a weekday what happened "this weekend" ("did the storm flood the coast this weekend", on a Monday): the
    # one just past, as "last weekend" is
    past = (mode == "this" and ctx.today.weekday() < 5 and _RX_ASKS_PAST.search(m.string) is not None
            and not RX_AHEAD.search(m.string))
    if mode == "last" or past:
        saturday = ctx.today - timedelta(days=ctx.today.weekday() + 2)
    elif mode == "this":  # this week's, which lies ahead on a weekday ("this weekend's election", on a Friday)
        saturday = ctx.today + timedelta(days=5 - ctx.today.weekday())
    else:
        saturday = _weekday(ctx, 5, "")
    return _midnight(saturday, ctx.tz), _midnight(saturday + timedelta(days=2), ctx.tz)


def _h_date(m: re.Match[str], ctx: _Ctx) -> _Span:
    """'March 3', '3rd of March 2024', '2024-03-03'."""
    groups = m.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[m.group("mon").lower()]
    day = int(m.group("day"))
    d = date(int(groups["year"]), month, day) if groups.get("year") else _recent_date(ctx, month, day)
    return _since(m, _day(d, ctx.tz))


def _h_numeric_date(m: re.Match[str], ctx: _Ctx) -> _Span:
    """'on 11/15', '11/15/2024', 'on 15/11': month first, unless the first number cannot be a month."""
    first, second = int(m.group("first")), int(m.group("second"))
    month, day = (second, first) if first > 12 else (first, second)
    year = m.group("year")
    if year and len(year) == 2:
        year = f"20{year}"
    d = date(int(year), month, day) if year else _recent_date(ctx, month, day)
    return _since(m, _day(d, ctx.tz))


def _h_day_of_month(m: re.Match[str], ctx: _Ctx) -> _Span:
    """'on the 5th': that day of this month, or of the month before when it is still to come."""
    day = int(m.group("day"))
    month, year = ctx.today.month, ctx.today.year
    for _ in range(3):  # "the 31st" asked in a month of 30 days: the last month that has one
        try:
            d = date(year, month, day)
        except ValueError:
            d = None
        if d is not None and d <= ctx.today:
            return _since(m, _day(d, ctx.tz))
        month, year = (month - 1, year) if month > 1 else (12, year - 1)
    raise ValueError(f"no such day: {day}")


# a superlative or a first before "since" in the same sentence: what follows is what it is compared with
_RX_COMPARED = re.compile(
    r"\b(?:largest|biggest|highest|lowest|greatest|worst|best|most|least|fewest|first|strongest|weakest|deepest|"
    r"sharpest|steepest|fastest|slowest|warmest|coldest|hottest|wettest|driest|longest|shortest|record|only)\b"
    r"[^.?!]*$", re.IGNORECASE)
_TODAY_SHOW = frozenset(("show", "program", "programme"))  # NBC's "Today show", a programme
# after a date, words that keep it a date: the part of the day, and words that say more of when
_DATE_GOES_ON = frozenset(("morning", "afternoon", "evening", "night", "overnight", "deadline"))


def _names_an_event(m: re.Match[str]) -> bool:
    """Whether a month and day with no year name an event, the word after them a noun: "the Jan. 6 committee",
    "the March 5 primary", "Biden's July 4 vaccine goal"; the event is what is asked about, not the days since."""
    groups = m.groupdict()
    if groups.get("year") or groups.get("since") or m.group().lower().startswith(("on ", "from ")):
        return False
    word = _word_after(m.string, m.end())
    return bool(word) and word not in stopwords() and word not in _DATE_GOES_ON and word not in _MONTHS and word not in _WEEKDAYS


def _names_a_holiday_thing(m: re.Match[str]) -> bool:
    """Whether a noun follows the holiday, which then names a thing of it: "spend on christmas gifts", "on easter
    island"; not "on christmas in rome" nor "on election night"."""
    word = _word_after(m.string, m.end())
    return bool(word) and word not in stopwords() and word not in _DATE_GOES_ON


def _h_month(m: re.Match[str], ctx: _Ctx) -> _Span:
    """'in July', 'in July 2024', 'last May', 'since March'."""
    month = _MONTHS[m.group("mon").lower()]
    mode = (m.groupdict().get("mode") or "").lower()
    if m.group("year"):
        year = int(m.group("year"))
    elif mode == "last":
        year = ctx.today.year if month < ctx.today.month else ctx.today.year - 1
    else:
        year = ctx.today.year if month <= ctx.today.month else ctx.today.year - 1
    return _since(m, _month(year, month, ctx.tz))


def _h_year(m: re.Match[str], ctx: _Ctx) -> _Span:
    return _since(m, _year(int(m.group("year")), ctx.tz))


# the seasons as the northern hemisphere's weather services count them, by their first month (each three long)
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def _season(year: int, first: int, tz: tzinfo) -> tuple[datetime, datetime]:
    start = date(year, first, 1)
    return _midnight(start, tz), _midnight(start + relativedelta(months=3), tz)


def _h_season(m: re.Match[str], ctx: _Ctx) -> _Span:
    """'this summer', 'last winter', 'over the summer', 'summer 2023': that season's three months."""
    first = _SEASONS[m.group("season").lower()]
    today = ctx.today
    if m.group("year"):
        return _since(m, _season(int(m.group("year")), first, ctx.tz))
    started = today.year if today.month >= first else today.year - 1  # the latest to have begun
    which = (m.group("which") or "").lower()
    if which == "this":  # this year's; a winter under way began last December
        year = today.year - 1 if first == 12 and today.month < 3 else today.year
        if _season(year, first, ctx.tz)[0].date() > today:
            # "this summer", asked in April, is ahead: what is reported about it is reported now, no window
            raise ValueError("a season ahead")
    elif which in ("last", "past"):  # the latest to have ended
        year = started - 1 if _season(started, first, ctx.tz)[1].date() > today else started
    else:  # "over the summer": the latest to have begun
        year = started
    return _since(m, _season(year, first, ctx.tz))


def _h_holiday(m: re.Match[str], ctx: _Ctx) -> _Span:
    """'on christmas', 'over thanksgiving weekend', 'last easter', 'on election night': the latest one begun (the
    next, asked ahead: "how much rain will we get over new years"), the day itself or its long weekend."""
    day_of, before, after = _HOLIDAY_BY_KEY[_holiday_key(m.group("hol"))]
    mode = " ".join((m.group("mode") or "").lower().split())
    if m.group("year"):
        d = day_of(int(m.group("year")))
    elif mode == "this":  # this year's, ahead or not ("this christmas", asked on 3 December)
        d = day_of(ctx.today.year)
    else:
        ahead = next(day_of(y) for y in (ctx.today.year - 1, ctx.today.year, ctx.today.year + 1) if day_of(y) >= ctx.today)
        # a fortnight before one, it is that one users ask about ("how many will travel over memorial day")
        if mode != "last" and (RX_AHEAD.search(m.string) or ahead - ctx.today <= timedelta(days=14)):
            d = ahead
        else:
            d = next(day_of(y) for y in (ctx.today.year + 1, ctx.today.year, ctx.today.year - 1) if day_of(y) <= ctx.today)
    if m.group("weekend") or (m.group("prep") or "").lower() == "over":
        return _since(m, (_midnight(d - timedelta(days=before), ctx.tz), _midnight(d + timedelta(days=after + 1), ctx.tz)))
    return _since(m, _day(d, ctx.tz))


def _h_start_of(m: re.Match[str], ctx: _Ctx) -> _Span:
    return _bucket(ctx, 0, m.group("unit").lower())[0], None


_Handler = Callable[[re.Match[str], _Ctx], _Span]

_PATTERNS: list[tuple[str, _Handler]] = [
    (rf"{_B}{_NUM}\s+{_UNIT}\s+(?:ago|back){_E}", _h_ago),
    (rf"{_B}{_LEAD}?(?:the\s+)?(?:past|last|previous)\s+{_NUM}\s+{_UNIT}{_E}", _h_past_n),
    (
        rf"{_B}{_LEAD}?the\s+(?:past|last|previous)\s+(?P<unit>hour|day|week|month|year)(?P<num>){_E}",
        _h_past_n,
    ),
    (rf"{_B}{_LEAD}?(?:this\s+)?past\s+(?P<unit>hour|day|week|month|year)(?P<num>){_E}", _h_past_n),
    (
        rf"{_B}(?:{_SINCE}|(?:earlier|so\s+far)\s+|(?:in|during|from|over)\s+)?"
        rf"(?P<which>this|last|previous)\s+(?P<unit>week|wk|month|year)(?:['’]s|\s+so\s+far)?{_E}",
        _h_calendar,
    ),
    (
        rf"{_B}since\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+(?P<unit>week|month|year){_E}",
        _h_start_of,
    ),
    (
        rf"{_B}(?:(?:earlier|so\s+far)\s+)?(?:today|tonight|tonite|this\s+(?:morning|afternoon|evening|am))(?:['’]s)?{_E}",
        _h_today,
    ),
    (rf"{_B}{_SINCE}?(?:(?P<before>the\s+day\s+before\s+)?yesterday(?:['’]s)?|last\s+ni(?:ght|te)(?:['’]s)?){_E}",
     _h_yesterday),
    (rf"{_B}overnight(?P<before>)(?=[\s?!.]*$)", _h_yesterday),  # closing the question: the night just past
    (rf"{_B}(?:{_SINCE}|(?P<mode>on|last|this\s+past|this|past)\s+)?{_WD}(?:['’]s)?{_E}", _h_weekday),
    # as users shorten a weekday, only after a word that makes it one: "on wed", "last fri"; not "sat", "wed", "sun"
    (rf"{_B}(?P<mode>on|last|this\s+past|this|past)\s+(?P<wd>{_alt(_WEEKDAY_SHORT)})\.?{_E}", _h_weekday),
    (rf"{_B}(?:(?:over|during|on|at)\s+)?(?:the\s+(?:past\s+)?|(?:this\s+)?past\s+|(?P<mode>this|last)\s+)(?:weekend|wknd)(?:['’]s)?{_E}",
     _h_weekend),
    # a holiday needs a word that makes it a time: "on christmas", "this easter"; not "christmas sales" nor "the
    # lunar new year"
    (rf"{_B}(?<!lunar\s)(?<!chinese\s)(?:{_SINCE}|(?P<prep>on|over|at|during)\s+|(?P<mode>this\s+past|this|last)\s+)"
     rf"{_HOL}(?:\s+(?P<weekend>weekend|holiday))?(?:['’]s)?(?:,?\s+{_YEAR})?{_E}", _h_holiday),
    # dates: "March 3", "March 3rd, 2024", "3 March", "3rd of March 2024", "2024-03-03"
    (rf"{_B}(?:{_SINCE}|on\s+)?{_MON}\s+{_DAY}(?:,?\s+{_YEAR})?{_E}(?!\s*(?:%|percent|per\s+cent))", _h_date),
    (rf"{_B}(?:{_SINCE}|on\s+)?(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MON}(?:,?\s+{_YEAR})?{_E}", _h_date),
    (rf"{_B}(?:{_SINCE}|on\s+)?{_YEAR}-(?P<mnum>[01]\d)-{_DAY}{_E}", _h_date),
    # "on 11/15", "since 3/2", "11/15/2024": month first, as American news writes dates (a day over 12 first is
    # the other order: "15/11"); never without "on" or a year, and never "9/11", which names an event
    (rf"{_B}(?:{_SINCE}|on\s+)(?!9/11{_E})(?P<first>[01]?\d|[23]\d)/(?P<second>[0-3]?\d)(?:/(?P<year>(?:19|20)?\d\d))?"
     rf"(?![\w/-])", _h_numeric_date),
    (rf"{_B}(?:{_SINCE}|on\s+)?(?P<first>[01]?\d|[23]\d)/(?P<second>[0-3]?\d)/(?P<year>(?:19|20)\d\d)(?![\w/-])",
     _h_numeric_date),
    # "on the 5th": a day of the month just passed or this one
    (rf"{_B}(?:{_SINCE}|on\s+)the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th){_E}(?!\s+(?:of\s+)?{_alt(_MONTHS)})",
     _h_day_of_month),
    # months need a word that makes them months: "in May", not "what may happen"
    (rf"{_B}(?:{_SINCE}|(?:in|during|throughout)\s+|(?P<mode>last)\s+){_MON}(?:,?\s+{_YEAR})?{_E}", _h_month),
    (rf"{_B}(?:{_SINCE}|(?:in|during|throughout)\s+)?{_MON},?\s+{_YEAR}{_E}", _h_month),
    # "in early January", "mid-December", "late May 2024": a part of a month asks about that month ("by mid-August"
    # is a deadline ahead)
    (rf"{_B}(?<!by\s)(?<!until\s)(?<!before\s)(?:{_SINCE}|(?:in|during)\s+)?(?:early|mid|late)[\s-]+{_MON}(?:,?\s+{_YEAR})?{_E}", _h_month),
    (rf"{_B}(?:{_SINCE}|(?:in|during|throughout)\s+){_YEAR}{_E}", _h_year),
    # seasons need a word that makes them times: "this summer", "over the winter", "fall 2023"; not "the fall of Kabul"
    (rf"{_B}(?:{_SINCE}|(?:in|during|over|throughout)\s+)?(?:(?P<which>this|last|past)\s+)"
     rf"(?P<season>spring|summer|fall|autumn|winter)(?:['’]s)?{_E}(?P<year>)", _h_season),
    (rf"{_B}(?:{_SINCE}|(?:in|during|over|throughout)\s+)the\s+(?P<season>spring|summer|fall|autumn|winter)"
     rf"{_E}(?!\s+of\b)(?P<which>)(?P<year>)", _h_season),
    (rf"{_B}(?:{_SINCE}|(?:in|during|over|throughout)\s+)?(?:the\s+)?(?P<season>spring|summer|fall|autumn|winter)"
     rf"(?:\s+of)?\s+{_YEAR}{_E}(?P<which>)", _h_season),
]
_COMPILED = [(re.compile(pattern, re.I), handler) for pattern, handler in _PATTERNS]


def _tidy(question: str, start: int, end: int) -> str:
    """The question without question[start:end], with its spaces and punctuation put right."""
    out = f"{question[:start]} {question[end:]}"
    out = re.sub(r"\(\s*\)|\[\s*\]", " ", out)
    out = re.sub(r"\s+", " ", out).strip()
    out = re.sub(r"\s+([?.!,;:])", r"\1", out)
    out = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", out)
    out = re.sub(r"[,;:]+(?=[?.!]|$)", "", out)
    out = re.sub(r"^[\s,;:.\-–—]+", "", out).strip()
    if out and question[:1].isupper() and out[:1].islower():
        out = out[0].upper() + out[1:]
    return out


def parse_window(question: str, as_of: datetime, tz: tzinfo) -> tuple[TimeWindow | None, str]:
    """The first time expression in a question, resolved against as_of in tz, and the question without it."""
    if as_of.tzinfo is None:
        raise ValueError("as_of must be timezone-aware")
    ctx = _Ctx(now=as_of.astimezone(tz), tz=tz)
    found = [(m, h) for rx, h in _COMPILED for m in rx.finditer(question)]
    # the longest phrase wins ("since March 3, 2024" over "March 3"), then the earliest
    found.sort(key=lambda mh: (-(mh[0].end() - mh[0].start()), mh[0].start()))
    for m, handler in found:
        if handler is _h_weekday and not m.group("mode") and (names_a_thing(question, m.start("wd"), m.end("wd"))
                                                              or _told_by_an_event(question, m.start("wd"), m.end("wd"))):
            continue  # "Black Friday", "the Sunday magazine": a name; "the monday after the super bowl"
        if handler is _h_date and _names_an_event(m):
            continue
        if handler is _h_holiday and _names_a_holiday_thing(m):
            continue
        if handler is _h_today and _word_after(question, m.end()) in _TODAY_SHOW:
            continue
        if m.groupdict().get("since") and _RX_COMPARED.search(question, max(0, m.start() - 80), m.start()):
            continue  # "the largest drop since late October", "first title since 2010": a comparison, no window
        try:
            start, natural_end = handler(m, ctx)
        except (ValueError, OverflowError, KeyError):
            continue
        # compared in UTC: Python compares two times of one zone by wall clock, wrong in the repeated hour
        end = ctx.now if natural_end is None or _utc(natural_end) > _utc(ctx.now) else natural_end
        if _utc(end) < _utc(start):  # a window wholly in the future is empty, not reversed
            end = start
        window = TimeWindow(start=start, end=end, phrase=" ".join(m.group().split()))
        if handler is _h_holiday:  # "the pope on christmas": the day also says what is asked about
            return window, question
        return window, _tidy(question, m.start(), m.end())
    return None, question


_RX_COMPACT = re.compile(
    r"(?:(?:last|past)\s+)?(?P<num>\d{1,5})\s*(?P<unit>h|hrs?|hours?|d|days?|w|wks?|weeks?|mo|mos|months?|m|y|yrs?|years?)",
    re.I,
)


def parse_period(spec: str, as_of: datetime, tz: tzinfo) -> TimeWindow:
    """A period option ("7d", "24h", "2w", "since 2024-03-01", "this week") as a window; BadQuestion if not."""
    text = " ".join(spec.split())
    hint = "Try 24h, 7d, 2w, today, this week, last month or since 2024-03-01."
    if not text:
        raise BadQuestion(f"The period is empty. {hint}")
    shown = text if len(text) <= 40 else text[:37] + "..."
    m = _RX_COMPACT.fullmatch(text)
    if m:
        n = int(m.group("num"))
        if n <= 0:
            raise BadQuestion(f"The period {shown!r} is empty. {hint}")
        ctx = _Ctx(now=as_of.astimezone(tz), tz=tz)
        try:
            start, _ = _rolling(ctx, n, _unit(m.group("unit")))
        except (ValueError, OverflowError) as e:
            raise BadQuestion(f"The period {shown!r} is too long. {hint}") from e
        return TimeWindow(start=start, end=ctx.now, phrase=text)
    window, rest = parse_window(text, as_of, tz)
    if window is None or rest.strip(" ,.;:!?"):
        raise BadQuestion(f"I could not read the period {shown!r}. {hint}")
    return window


# --- days an article looks ahead to ----------------------------------------------------------------------------

_MONTH_NAMES = "|".join(sorted((m.capitalize() for m in _MONTHS), key=len, reverse=True))
# "Feb. 24", "March 5, 2024": capitalised, since "may 5" in running text is seldom a date; a span ("Oct. 30-Nov. 1",
# "March 2-3") by its last day
_RX_CALENDAR = re.compile(
    rf"{_B}(?P<mon>{_MONTH_NAMES})\.?\s+{_DAY}"
    rf"(?:\s*[-–]\s*(?:(?P<mon2>{_MONTH_NAMES})\.?\s+)?(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?(?:,?\s+{_YEAR})?{_E}"
)
# a date that names a past event: "the Jan. 6 riot" in a report of Jan. 2 looks back
_RX_EVENT_NAME = re.compile(
    r"\s*(?:riots?|attacks?|insurrection|massacre|shooting|bombings?|anniversary|committee)\b", re.IGNORECASE)
_RX_AHEAD_SPAN = re.compile(r"\b(?:tomorrow|next week|next month)\b", re.IGNORECASE)
# a weekday the words put ahead: "expects that decision on Friday", "will speak Tuesday", "next Monday", "ahead of
# Tuesday's primary"; a bare weekday in a report is nearly always a day just past ("said Monday")
_RX_AHEAD_DAY = re.compile(
    r"\b(?:(?:will|won['’]t|would|expects?|expected|scheduled|set|slated|due|plans?|planned|aims?|hopes?)\b"
    r"(?:\W+\w+){0,5}?\W+(?:on|by|until|before|this)\s+|next\s+|(?:ahead of|before)\s+)"
    rf"(?P<wd>{_alt(_WEEKDAYS)}){_E}",
    re.IGNORECASE,
)


# a plain sentence end: stop, closing marks, space, then a capital ("Feb. 24" and "No. 6" go on: a digit follows)
_RX_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z])|\s*\n\s*")


def looking_ahead(text: str, published: date) -> Iterator[tuple[list[date], str, str]]:
    """The sentences of an article published then that look ahead to later days: each with those days and the
    sentence before it (cut at plain sentence ends: no sentence model to load when answering)."""
    found = [m.start() for rx in (_RX_CALENDAR, _RX_AHEAD_DAY, _RX_AHEAD_SPAN) for m in rx.finditer(text)]
    if not found:
        return
    starts = [0, *(m.end() for m in _RX_SENTENCE_END.finditer(text))]
    for i in sorted({bisect_right(starts, pos) - 1 for pos in found}):
        sentence = text[starts[i] : starts[i + 1] if i + 1 < len(starts) else len(text)].strip()
        if days := anticipated_dates(sentence, published):
            yield days, sentence, text[starts[i - 1] : starts[i]].strip() if i else ""


def anticipated_dates(sentence: str, published: date) -> list[date]:
    """The days after published that a sentence of an article published then looks ahead to: its calendar dates
    nearest the article's day that lie after it ("is on Feb. 24" in a report of Nov. 22, not "the Jan. 6 riot"),
    weekdays its words put ahead, and the last days of tomorrow, next week and next month."""
    out: list[date] = []
    for m in _RX_CALENDAR.finditer(sentence):
        if not m.group("year") and _RX_EVENT_NAME.match(sentence, m.end()):
            continue
        month, day = _MONTHS[(m.group("mon2") or m.group("mon")).lower()], int(m.group("day2") or m.group("day"))
        years = [int(m.group("year"))] if m.group("year") else [published.year - 1, published.year, published.year + 1]
        found = []
        for year in years:
            try:
                found.append(date(year, month, day))
            except ValueError:
                continue
        if found and (near := min(found, key=lambda d: abs((d - published).days))) > published:
            out.append(near)
    for m in _RX_AHEAD_DAY.finditer(sentence):
        ahead = (_WEEKDAYS[m.group("wd").lower()] - published.weekday()) % 7
        if ahead:  # the article's own weekday is its own day
            out.append(published + timedelta(days=ahead))
    # a span ahead counts by its last day, when all of it has passed: "next week" ends on the Sunday after next
    for m in _RX_AHEAD_SPAN.finditer(sentence):
        span = m.group(0).lower()
        if span == "tomorrow":
            out.append(published + timedelta(days=1))
        elif span.endswith("week"):
            out.append(published + timedelta(days=13 - published.weekday()))
        else:
            out.append(published.replace(day=1) + relativedelta(months=2) - timedelta(days=1))
    return out


# --- days a report names ---------------------------------------------------------------------------------------

# a weekday, capitalised as a day is ("sunday best" is none), the report's own day, or the one before it
_RX_DAY_NAMED = re.compile(
    rf"\b(?:(?P<wd>{'|'.join(w.capitalize() for w in WEEKDAYS)})|(?P<today>(?i:today|tonight|this (?:morning|afternoon"
    r"|evening)))|(?P<yesterday>(?i:yesterday|last night))|(?P<weekend>(?i:(?:over|this|on) the weekend|this "
    r"weekend)))\b")


# words before a weekday that put it ahead: "will vote Tuesday", "expected on Friday", "next Monday", "by Sunday"
_RX_PUT_AHEAD = re.compile(
    r"\b(?:will|won['’]t|would|expects?|expected|scheduled|set to|slated|due|plans?|planned|next|ahead of|until|by|"
    r"before|starting|beginning)\b(?:\W+[\w'’]+){0,5}?\W+$", re.IGNORECASE)


def days_named(sentence: str, published: date) -> set[date]:
    """The days a sentence of a report published then says things happened on: a bare weekday is the latest one on
    or before its day ("said Monday"), not one its words put ahead ("will vote Tuesday"); today, yesterday; the
    weekend just past."""
    out = set()
    for m in _RX_DAY_NAMED.finditer(sentence):
        if m.group("wd"):
            if not _RX_PUT_AHEAD.search(sentence, max(0, m.start() - 60), m.start()) and not names_a_thing(
                    sentence, m.start(), m.end()):
                out.add(published - timedelta(days=(published.weekday() - _WEEKDAYS[m.group("wd").lower()]) % 7))
        elif m.group("today"):
            out.add(published)
        elif m.group("yesterday"):
            out.add(published - timedelta(days=1))
        else:  # the weekend just past, or the one under way
            sunday = published - timedelta(days=(published.weekday() - 6) % 7)
            out.update((sunday - timedelta(days=1), sunday))
    return out
