"""Publication dates from the many ways sources write them."""

from __future__ import annotations

import logging
import re
import time
import warnings
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as dateutil_parser

from index.models import date_only, is_date_only

__all__ = ["date_only", "feed_date", "is_date_only", "parse_published"]

log = logging.getLogger(__name__)

# Zone abbreviations common in feeds; dateutil only knows UTC/GMT by itself.
_TZINFOS: dict[str, int] = {
    name: hours * 3600
    for name, hours in {
        "UTC": 0, "GMT": 0, "UT": 0, "Z": 0,
        "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
        "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
    }.items()
}

# Phrases that only mean something relative to an unknown capture time.
_RELATIVE = re.compile(
    r"\b(ago|yesterday|today|tonight|tomorrow|now|last|next|this|hours?|minutes?|secs?|seconds?)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|2100)(?!\d)")
_MONTH_WORD = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?![a-z])", re.IGNORECASE
)
_NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?(?!\d)")
_ISO_WEEK_OR_ORDINAL = re.compile(r"^\d{4}-?(W\d|\d{3}$)")
_RFC2822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")
_LABEL = re.compile(r"^(?:last\s+)?(?:updated|published|posted|first published|modified)\b\s*(?:on|at)?\s*:?\s*", re.I)
# Some feeds write the Unix epoch when they have no date at all.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def parse_published(value: str | None) -> datetime | None:
    """A timezone-aware datetime from a date string (naive and date-only taken as UTC); None if unsure."""
    if not value:
        return None
    text = _LABEL.sub("", " ".join(str(value).split()))
    if not text or len(text) > 80 or _RELATIVE.search(text) and not _YEAR.search(text):
        return None
    # A date needs at least a year and a month; anything less would be a guess.
    if not _YEAR.search(text) or not (_MONTH_WORD.search(text) or _NUMERIC_DATE.search(text)):
        return None
    if _ISO_WEEK_OR_ORDINAL.match(text):
        return None
    parsed: datetime | None = None
    if _RFC2822.match(text):
        try:
            parsed = _aware(parsedate_to_datetime(text))
        except (TypeError, ValueError, IndexError):
            parsed = None
    return None if parsed == _EPOCH else parsed or _parse_loose(text)


def _parse_loose(text: str) -> datetime | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = dateutil_parser.parse(text, tzinfos=_TZINFOS, default=datetime(2000, 1, 1))
    except (ValueError, OverflowError, TypeError) as exc:
        log.debug("unparsed date %r: %s", text, exc)
        return None
    if not 1800 <= parsed.year <= 2100:
        return None
    if parsed.tzinfo is not None and parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=None)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone(parsed.utcoffset() or timedelta(0)))
    parsed = _aware(parsed)
    return None if parsed == _EPOCH else parsed


# --- feed dates -----------------------------------------------------------------------------------------
# A feed date's time of day means something only with its zone. Where the zone cannot be read (missing,
# "+zz:00", an unknown name, a military letter, which RFC 2822 says to treat as unknown), the stored value is
# the date as written, with no time of day: see date_only().

_TIME_OF_DAY = re.compile(
    r"(?<![\d:])(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)(?:\s*(?P<ampm>[ap]\.?m\.?)(?![a-z]))?(?P<rest>.*)$",
    re.IGNORECASE,
)
_NUMERIC_ZONE = re.compile(r"^(?P<sign>[+-])(?P<h>\d{2})(?::?(?P<m>\d{2}))?$")
_GMT_ZONE = re.compile(r"^(?P<etc>etc/)?(?:gmt|utc|ut)(?:(?P<sign>[+-])(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?)?$", re.I)
_TRAILING_YEAR = re.compile(r"^(?P<zone>.*?)(?:^|\s+)(?:1[89]\d\d|20\d\d|2100)$")


def _feedparser_zones() -> dict[str, int]:
    """The zone names feedparser applies itself, without the military letters (RFC 2822: unknown)."""
    from feedparser.datetimes.rfc822 import timezone_names

    return {name: hours for name, hours in timezone_names.items() if len(name) > 1 or name == "z"}


def _zone(token: str) -> tuple[tzinfo | None, bool]:
    """The zone a feed date names after its time (None when unreadable), and whether feedparser reads it too."""
    token = re.sub(r"\([^)]*\)", "", token).strip().strip(",")
    if not token:
        return None, False
    if match := _NUMERIC_ZONE.match(token):
        hours, minutes = int(match["h"]), int(match["m"] or 0)
        if hours > 14 or minutes > 59:
            return None, False
        sign = -1 if match["sign"] == "-" else 1
        return timezone(sign * timedelta(hours=hours, minutes=minutes)), True
    if match := _GMT_ZONE.match(token):
        if not match["sign"]:
            return UTC, True
        # "Etc/GMT+1" is POSIX for one hour *behind* UTC; "GMT+1" in running text means ahead.
        sign = (-1 if match["sign"] == "+" else 1) if match["etc"] else (-1 if match["sign"] == "-" else 1)
        hours, minutes = int(match["h"]), int(match["m"] or 0)
        return (timezone(sign * timedelta(hours=hours, minutes=minutes)), False) if hours <= 14 else (None, False)
    known = _feedparser_zones()
    if token.lower() in known:
        return timezone(timedelta(hours=known[token.lower()])), True
    if token.upper() in _TZINFOS:
        return timezone(timedelta(seconds=_TZINFOS[token.upper()])), False
    if "/" in token:
        name = "/".join(part if part.isupper() and len(part) <= 3 else part.title() for part in token.split("/"))
        for candidate in (token, name):
            try:
                return ZoneInfo(candidate), False
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return None, False


def _written(text: str) -> datetime | None:
    """The date and time as written, without any zone (naive)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = dateutil_parser.parse(text, default=datetime(2000, 1, 1), ignoretz=True)
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed if 1800 <= parsed.year <= 2100 else None


def feed_date(raw: str | None, parsed: time.struct_time | None) -> datetime | None:
    """A feed entry's date from its text and feedparser's parse of it (UTC), never hours off.

    feedparser's reading comes first; a time of day whose zone cannot be read gives the written date alone.
    """
    text = " ".join(str(raw or "").split())
    utc = datetime(*parsed[:6], tzinfo=UTC) if parsed is not None else None
    if utc is not None and utc == _EPOCH:
        utc = None
    if not text:
        return utc
    clock = _TIME_OF_DAY.search(text)
    if clock is None:
        # No time of day: the date alone (feedparser's when ours cannot read it, e.g. "20040105").
        found = parse_published(text) or utc
        return date_only(found.date()) if found else None
    rest = clock["rest"]
    if year := _TRAILING_YEAR.match(rest):  # asctime: "Sun Nov  6 08:49:37 1994"
        rest = year["zone"]
    zone, feedparser_reads_it = _zone(rest)
    head = text[: clock.end("ampm") if clock["ampm"] else clock.end("time")]
    if year:
        head += " " + text[-4:]
    written = _written(head)
    if zone is None:
        stamp = written or utc
        return date_only(stamp.date()) if stamp else None
    if utc is not None and feedparser_reads_it and not clock["ampm"]:  # feedparser reads "7:48 pm" as 07:48
        return utc
    if written is None:
        return utc
    stated = written.replace(tzinfo=zone).astimezone(UTC)
    return None if stated == _EPOCH else stated
