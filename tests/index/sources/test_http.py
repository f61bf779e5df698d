"""Feeds and pages over real HTTP on 127.0.0.1: RSS, Atom, summary-only entries, 304s and failures."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from index.errors import FetchError
from index.sources import fetch_feed, fetch_url
from tests.local_http import QuietHandler, serving

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
ETAG = '"harbour-v1"'
LAST_MODIFIED = "Mon, 04 Mar 2024 09:00:00 GMT"
SLOW_SECONDS = 5.0  # generous: a loaded CI machine must not turn fast pages into timeouts
CLIENT_TIMEOUT = 2.0


class _Site:
    """Routes of the local test site, and the paths requested so far."""

    def __init__(self) -> None:
        self.base = ""
        self.requests: list[str] = []

    def route(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        def fixture(name: str, ctype: str) -> tuple[int, dict[str, str], bytes]:
            body = FIXTURES.joinpath(name).read_text(encoding="utf-8").replace("{base}", self.base)
            return 200, {"Content-Type": ctype}, body.encode("utf-8")

        path = path.split("?")[0]
        if path == "/harbour.rss":
            if headers.get("if-none-match") == ETAG or headers.get("if-modified-since") == LAST_MODIFIED:
                return 304, {"ETag": ETAG}, b""
            status, head, body = fixture("harbour_feed.rss", "application/rss+xml; charset=utf-8")
            return status, {**head, "ETag": ETAG, "Last-Modified": LAST_MODIFIED}, body
        if path == "/valley.atom":
            return fixture("valley_feed.atom", "application/atom+xml")
        if path == "/stories/ferry.html":
            return fixture("ferry_story.html", "text/html; charset=utf-8")
        if path == "/stories/rain.html":
            return fixture("rain_story.html", "text/html")
        if path == "/saved/harbour.txt":
            return fixture("harbour_page.txt", "text/plain; charset=utf-8")
        if path == "/moved":
            return 301, {"Location": "/stories/ferry.html"}, b""
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
            return fixture("ferry_story.html", "text/html")
        if path == "/photo.png":
            return 200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n\x00\x00"
        if path == "/broken.rss":
            return 200, {"Content-Type": "application/rss+xml"}, b'<?xml version="1.0"?><rss version="2.0"><chan'
        return 404, {"Content-Type": "text/plain"}, b"not here"


@pytest.fixture(scope="module")
def site() -> Iterator[_Site]:
    state = _Site()

    class Handler(QuietHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server name)
            state.requests.append(self.path)
            status, headers, body = state.route(self.path, {k.lower(): v for k, v in self.headers.items()})
            try:
                self.send_response(status)
                for key, value in {**headers, "Content-Length": str(len(body))}.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the timeout test)

    with serving(Handler) as base:
        state.base = base
        yield state


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=CLIENT_TIMEOUT) as c:
        yield c


def test_rss_feed_gives_one_article_per_entry_with_feed_outlet(site: _Site, client: httpx.Client) -> None:
    result = fetch_feed(f"{site.base}/harbour.rss", client)
    assert result.title == "Harbour Gazette" and not result.not_modified
    assert [(a.title, a.source) for a in result.articles] == [
        ("Ferry terminal opens in Westmere", "Harbour Gazette"),
        ("Harbour festival returns for its tenth year", "Harbour Gazette"),
        ("Lighthouse keeper's cottage to be restored", "Harbour Gazette"),
        ("Fishing quotas to stay the same next year", "Bay Radio"),  # the entry names its own outlet
    ]
    assert all(a.origin == f"{site.base}/harbour.rss" and a.id.startswith("u:") for a in result.articles)
    assert result.etag == ETAG and result.modified == LAST_MODIFIED


def test_rss_dates_are_timezone_aware(site: _Site, client: httpx.Client) -> None:
    articles = fetch_feed(f"{site.base}/harbour.rss", client).articles
    assert articles[0].published == datetime(2024, 3, 4, 8, 30, tzinfo=UTC)
    assert articles[1].published == datetime(2024, 3, 3, 17, tzinfo=UTC)
    assert all(a.published is not None and a.published.tzinfo is not None for a in articles)


def test_rss_summary_only_entry_is_completed_from_its_link(site: _Site, client: httpx.Client) -> None:
    ferry = fetch_feed(f"{site.base}/harbour.rss", client).articles[0]
    assert ferry.text.startswith("The new ferry terminal in Westmere opened to passengers on Monday morning")
    assert "six years of work..." not in ferry.text
    assert ferry.url == f"{site.base}/stories/ferry.html"  # tracking parameter dropped
    assert ferry.authors == ("Clara Jennings",)


def test_rss_full_content_entries_are_not_fetched(site: _Site, client: httpx.Client) -> None:
    site.requests.clear()
    festival = fetch_feed(f"{site.base}/harbour.rss", client).articles[1]
    assert festival.text.startswith("The harbour festival will return in June for its tenth year")
    assert len(festival.text.split("\n")) == 3
    assert not any("festival" in path or "quotas" in path for path in site.requests)


def test_rss_failed_link_keeps_summary_and_reports_the_link(site: _Site, client: httpx.Client) -> None:
    result = fetch_feed(f"{site.base}/harbour.rss", client)
    cottage = result.articles[2]
    assert cottage.text == "A trust has raised the money to repair the cottage beside the old lighthouse."
    [error] = result.errors
    assert error.source == f"{site.base}/stories/gone.html"
    assert "HTTP 404" in error.error and "\n" not in error.error


def test_atom_feed_reads_entries_dates_authors_and_fetches_summaries(site: _Site, client: httpx.Client) -> None:
    result = fetch_feed(f"{site.base}/valley.atom", client)
    assert result.title == "Valley Courier" and result.errors == []
    rain, bridge = result.articles
    assert rain.title == "Upper valley has its wettest February on record"
    assert rain.text.startswith("Weather stations in the upper valley recorded their wettest February")
    assert rain.text.endswith("drier conditions to return by the middle of March.")
    assert rain.published == datetime(2024, 3, 3, 9, 15, tzinfo=timezone(timedelta(hours=1)))
    assert rain.authors == ("Priya Natarajan",) and rain.source == "Valley Courier"
    assert bridge.text.split("\n")[0].startswith("Repairs to the old stone bridge over the Mill river")
    assert bridge.published == datetime(2024, 3, 2, tzinfo=UTC)
    assert bridge.authors == ("Owen Hale",)


def test_conditional_get_with_etag_gives_not_modified(site: _Site, client: httpx.Client) -> None:
    first = fetch_feed(f"{site.base}/harbour.rss", client)
    again = fetch_feed(f"{site.base}/harbour.rss", client, etag=first.etag)
    assert again.not_modified and again.articles == [] and again.errors == []
    assert again.etag == ETAG


def test_conditional_get_with_last_modified_gives_not_modified(site: _Site, client: httpx.Client) -> None:
    again = fetch_feed(f"{site.base}/harbour.rss", client, modified=LAST_MODIFIED)
    assert again.not_modified and again.articles == []
    assert again.modified == LAST_MODIFIED


def test_malformed_feed_raises_fetch_error(site: _Site, client: httpx.Client) -> None:
    with pytest.raises(FetchError, match=r"^malformed feed: "):
        fetch_feed(f"{site.base}/broken.rss", client)


def test_a_page_is_not_a_feed(site: _Site, client: httpx.Client) -> None:
    with pytest.raises(FetchError, match=r"^malformed feed: not RSS or Atom"):
        fetch_feed(f"{site.base}/stories/ferry.html", client)


def test_fetch_url_extracts_a_page_at_its_final_url(site: _Site, client: httpx.Client) -> None:
    [article] = fetch_url(f"{site.base}/moved", client)
    assert article.url == f"{site.base}/stories/ferry.html"
    assert article.origin == f"{site.base}/moved"
    assert article.title == "Ferry terminal opens in Westmere"
    assert article.source == "Harbour Gazette"
    assert article.authors == ("Clara Jennings",)
    assert article.published == datetime(2024, 3, 4, 8, 30, tzinfo=UTC)
    assert "Sign in" not in article.text and "All rights reserved" not in article.text


def test_fetch_url_reads_a_feed_url_as_a_feed(site: _Site, client: httpx.Client) -> None:
    articles = fetch_url(f"{site.base}/valley.atom", client)
    assert [a.title for a in articles] == [
        "Upper valley has its wettest February on record",
        "Bridge repairs finished ahead of schedule",
    ]


def test_fetch_url_cleans_a_saved_text_page_into_its_stories(site: _Site, client: httpx.Client) -> None:
    articles = fetch_url(f"{site.base}/saved/harbour.txt", client)
    assert [(a.title, a.source) for a in articles] == [
        ("Westmere ferry terminal opens after six years of delays", "Harbour Gazette"),
        ("Island school gets a new roof before winter", "Coastline Weekly"),
        ("Fishing quotas to stay the same next year", "Bay Radio"),
    ]
    assert articles[0].url == f"{site.base}/saved/harbour.txt"
    assert len({a.id for a in articles}) == 3


def test_dead_url_raises_fetch_error(client: httpx.Client) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match="could not connect"):
        fetch_url(f"http://127.0.0.1:{port}/story", client)


def test_slow_url_raises_fetch_error_mentioning_timeout(site: _Site, client: httpx.Client) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="timeout"):
        fetch_url(f"{site.base}/slow", client)
    assert time.monotonic() - started < SLOW_SECONDS


def test_missing_page_raises_fetch_error_with_status(site: _Site, client: httpx.Client) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_url(f"{site.base}/nowhere", client)
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_feed(f"{site.base}/nowhere.rss", client)


def test_non_text_content_raises_fetch_error(site: _Site, client: httpx.Client) -> None:
    with pytest.raises(FetchError, match=r"not a text page \(image/png\)"):
        fetch_url(f"{site.base}/photo.png", client)
