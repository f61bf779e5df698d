"""Dates right to the hour: feed dates through feedparser first, no time of day where no zone can be read, and a
page's stated publication date over its last-modified one.

feedparser does not install its own date tests, so these strings are ours: one per way feeds write dates.
"""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from feedparser.datetimes import _parse_date as feedparser_date

from index.models import Article
from index.render import iso
from index.sources.dates import date_only, feed_date, is_date_only
from index.sources.extract import extract_html
from index.sources.feeds import parse_feed
from index.sources.web import Fetched


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


# (as the feed writes it, the instant in UTC, or the date alone where no zone can be read)
FEED_DATES = [
    # RFC 822 with numeric offsets and GMT
    ("Tue, 17 Nov 2026 16:31:00 GMT", _utc(2026, 11, 17, 16, 31)),
    ("Tue, 17 Nov 2026 16:31:00 +0000", _utc(2026, 11, 17, 16, 31)),
    ("Tue, 17 Nov 2026 16:31:00 +0100", _utc(2026, 11, 17, 15, 31)),
    ("Tue, 17 Nov 2026 16:31:00 -0530", _utc(2026, 11, 17, 22, 1)),
    ("Tue, 17 Nov 2026 23:15:00 -0800", _utc(2026, 11, 18, 7, 15)),
    ("17 Nov 2026 16:31:00 +0900", _utc(2026, 11, 17, 7, 31)),
    ("Tue, 17 Nov 26 16:31:00 GMT", _utc(2026, 11, 17, 16, 31)),
    ("Tue, 17 Nov 2026 16:31 GMT", _utc(2026, 11, 17, 16, 31)),
    ("Tue, 17 Nov 2026 16:31:00 +0000 (UTC)", _utc(2026, 11, 17, 16, 31)),
    ("Tuesday, 17-Nov-26 16:31:00 GMT", _utc(2026, 11, 17, 16, 31)),
    # North American zone names, with and without daylight saving, and the short forms
    ("Tue, 17 Nov 2026 16:31:00 EST", _utc(2026, 11, 17, 21, 31)),
    ("Fri, 17 Jul 2026 16:31:00 EDT", _utc(2026, 7, 17, 20, 31)),
    ("Tue, 17 Nov 2026 16:31:00 ET", _utc(2026, 11, 17, 21, 31)),
    ("Tue, 17 Nov 2026 16:31:00 CT", _utc(2026, 11, 17, 22, 31)),
    ("Tue, 17 Nov 2026 16:31:00 MT", _utc(2026, 11, 17, 23, 31)),
    ("Tue, 17 Nov 2026 16:31:00 PT", _utc(2026, 11, 18, 0, 31)),
    ("Tue, 17 Nov 2026 16:31:00 AT", _utc(2026, 11, 17, 20, 31)),
    ("Tue, 17 Nov 2026 16:31:00 PST", _utc(2026, 11, 18, 0, 31)),
    # European names
    ("Tue, 17 Nov 2026 16:31:00 MET", _utc(2026, 11, 17, 15, 31)),
    ("Fri, 17 Jul 2026 16:31:00 MEST", _utc(2026, 7, 17, 14, 31)),
    ("Tue, 17 Nov 2026 16:31:00 CET", _utc(2026, 11, 17, 15, 31)),
    ("Fri, 17 Jul 2026 16:31:00 BST", _utc(2026, 7, 17, 15, 31)),
    ("Tue, 17 Nov 2026 16:31:00 GMT+1", _utc(2026, 11, 17, 15, 31)),
    ("Tue, 17 Nov 2026 16:31:00 Etc/GMT-2", _utc(2026, 11, 17, 14, 31)),  # POSIX: GMT-2 is two hours ahead
    ("Tue, 17 Nov 2026 16:31:00 Europe/Paris", _utc(2026, 11, 17, 15, 31)),
    ("Tue, 17 Nov 2026 4:31 pm EST", _utc(2026, 11, 17, 21, 31)),
    # W3C-DTF / ISO 8601
    ("2026-11-17T16:31:00Z", _utc(2026, 11, 17, 16, 31)),
    ("2026-11-17T16:31:00.250Z", _utc(2026, 11, 17, 16, 31)),
    ("2026-11-17T16:31:00+01:00", _utc(2026, 11, 17, 15, 31)),
    ("2026-11-17T16:31:00-01:01", _utc(2026, 11, 17, 17, 32)),
    ("2026-11-17T16:31:00+05:45", _utc(2026, 11, 17, 10, 46)),
    ("2026-11-17T23:31:00-05:00", _utc(2026, 11, 18, 4, 31)),
    ("2026-11-17T16:31Z", _utc(2026, 11, 17, 16, 31)),
    ("2026-11-17 16:31:00 -00:20", _utc(2026, 11, 17, 16, 51)),
    # dates alone
    ("2026-11-17", date_only(datetime(2026, 11, 17).date())),
    ("Tue, 17 Nov 2026", date_only(datetime(2026, 11, 17).date())),
    ("20261117", date_only(datetime(2026, 11, 17).date())),
    # a time of day whose zone cannot be read: the date as written, no time of day
    ("Tue, 17 Nov 2026 23:31:00", date_only(datetime(2026, 11, 17).date())),
    ("2026-11-17T23:31:00", date_only(datetime(2026, 11, 17).date())),
    ("2026-11-17 23:31:00", date_only(datetime(2026, 11, 17).date())),
    ("Tue, 17 Nov 2026 23:31:00 +zz:00", date_only(datetime(2026, 11, 17).date())),
    ("2026-11-17T23:31:00+zz:00", date_only(datetime(2026, 11, 17).date())),
    ("Tue, 17 Nov 2026 23:31:00 XYZ", date_only(datetime(2026, 11, 17).date())),
    ("Tue, 17 Nov 2026 23:31:00 A", date_only(datetime(2026, 11, 17).date())),  # military letters: unknown
    ("Tue, 17 Nov 2026 23:31:00 +2500", date_only(datetime(2026, 11, 17).date())),
    ("Tue Nov 17 23:31:00 2026", date_only(datetime(2026, 11, 17).date())),  # asctime has no zone
    # no date at all
    ("", None),
    ("soon", None),
    ("1970-01-01T00:00:00Z", None),
]


@pytest.mark.parametrize(("written", "expected"), FEED_DATES)
def test_feed_dates_are_right_to_the_hour_or_say_they_have_no_time(written: str, expected: datetime | None) -> None:
    got = feed_date(written, feedparser_date(written) if written else None)
    assert got == expected
    if got is not None:
        assert got.utcoffset() is not None and got.utcoffset().total_seconds() == 0


def test_a_date_without_a_trusted_time_is_stored_at_midnight_utc_and_shown_as_a_date() -> None:
    day = feed_date("Tue, 17 Nov 2026 23:31:00 XYZ", None)
    assert day is not None and is_date_only(day)
    assert iso(day) == "2026-11-17"
    stated = datetime(2026, 11, 17, 23, 31, tzinfo=UTC)
    assert not is_date_only(stated) and iso(stated) == "2026-11-17T23:31:00+00:00"


def test_feed_entries_take_feedparser_dates_and_keep_no_wrong_time() -> None:
    items = "".join(
        f"<item><title>Story {n}</title><link>https://feed.example/{n}</link><pubDate>{d}</pubDate>"
        f"<description>The harbour board met on the quay and approved the breakwater plan number {n}.</description>"
        "</item>"
        for n, d in enumerate(["Tue, 17 Nov 2026 16:31:00 ET", "Tue, 17 Nov 2026 23:31:00 +zz:00"])
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Quay</title>{items}</channel></rss>'
    fetched = Fetched("https://feed.example/rss", 200, httpx.Headers({"content-type": "application/rss+xml"}),
                      body.encode())
    eastern, unknown = parse_feed(fetched, origin="https://feed.example/rss", client=None).articles
    assert eastern.published == datetime(2026, 11, 17, 21, 31, tzinfo=UTC)
    assert unknown.published == datetime(2026, 11, 17, tzinfo=UTC) and unknown.published is not None
    assert is_date_only(unknown.published)


def test_a_date_without_time_falls_inside_a_window_over_its_day(fake_engine) -> None:  # type: ignore[no-untyped-def]
    day = feed_date("Tue, 17 Nov 2026 23:31:00 +zz:00", None)
    fake_engine.ingest_articles([Article(id="d1", title="Breakwater approved", source="Quay", published=day,
                                         text="The harbour board approved the breakwater on the quay.")])
    on_the_day = fake_engine.search("breakwater harbour", as_of=datetime(2026, 11, 17, 23, 59, tzinfo=UTC))
    assert [h.article_id for h in on_the_day] == ["d1"]
    assert fake_engine.search("breakwater harbour", as_of=datetime(2026, 11, 16, 23, 59, tzinfo=UTC)) == []


# --- pages: the stated publication date wins over dateModified --------------------------------------------

BODY = "<p>" + "The council approved the new bridge after a long debate about costs and river traffic. " * 4 + "</p>"


def _page(head: str, top: str = "") -> str:
    return f"<html><head><title>Bridge approved</title>{head}</head><body><article><h1>Bridge approved</h1>{top}{BODY}</article></body></html>"


MODIFIED = '<meta property="article:modified_time" content="2024-03-09T10:00:00Z">'


@pytest.mark.parametrize(
    "page",
    [
        _page(MODIFIED, '<time class="published" datetime="2024-03-03T08:00:00Z">3 March 2024</time>'),
        _page('<script type="application/ld+json">{"@type": "NewsArticle", "dateModified": "2024-03-09T10:00:00Z", '
              '"datePublished": "2024-03-03T08:00:00Z"}</script>'),
        _page('<meta name="date" content="2024-03-09"><script type="application/ld+json">'
              '{"@type": "NewsArticle", "datePublished": "2024-03-03T08:00:00Z"}</script>'),
        _page('<script type="application/ld+json">{"@graph": [{"@type": "WebPage", "datePublished": '
              '"2024-03-09T10:00:00Z"}, {"@type": "NewsArticle", "datePublished": "2024-03-03T08:00:00Z", '
              '"dateModified": "2024-03-09T10:00:00Z"}]}</script>'),
        _page('<meta itemprop="dateModified" content="2024-03-09T10:00:00Z">', "<p>Published 3 March 2024 08:00 UTC</p>"),
        _page(MODIFIED, '<p class="byline-date">March 3, 2024, 8:00 GMT</p>'),
    ],
    ids=["time-tag", "json-ld", "json-ld-over-meta-date", "json-ld-article-node", "published-line", "date-class"],
)
def test_a_pages_stated_publication_date_wins_over_its_modified_date(page: str) -> None:
    draft = extract_html(page)
    assert draft is not None and draft.published == datetime(2024, 3, 3, 8, tzinfo=UTC)


def test_a_page_that_gives_only_its_modified_date_is_dated_by_it() -> None:
    draft = extract_html(_page(MODIFIED))
    assert draft is not None and draft.published == datetime(2024, 3, 9, 10, tzinfo=UTC)
