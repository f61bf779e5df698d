"""Publication dates from the many ways sources write them."""

from __future__ import annotations

import logging
import re
import warnings
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from dateutil import parser as dateutil_parser

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
