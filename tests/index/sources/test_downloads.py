"""Downloads over real HTTP on 127.0.0.1: slow and huge servers, other encodings, JSON Feed, and error lines."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler

import httpx
import pytest

from index.engine import Engine
from index.errors import FetchError
from index.sources import fetch_feed, fetch_url
from index.sources.web import FetchLimits
from tests.local_http import QuietHandler, serving

DRIP_SECONDS = 0.3  # a byte every few hundred milliseconds: every read arrives well inside any read timeout
DRIP_BYTES = 60  # the slow server gives up after 60 bytes (18 s), so a test without a deadline fails, not hangs
LIMITS = FetchLimits(deadline=1.5, max_bytes=64 * 1024)

STORY = (
    "The harbour board approved a new breakwater on Thursday after two winters of storm damage to the quay. "
    "Work will start in April and should finish before the autumn gales, the board said in a statement. "
    "Fishing crews welcomed the decision but asked for the old slipway to stay open while the work goes on."
)
PAGE = (
    "<html><head><meta charset='{charset}'><title>Breakwater approved</title></head><body><article>"
    "<h1>Breakwater approved</h1><p>{story}</p><p>Le café du port restera ouvert, a déclaré Mme Lefèvre.</p>"
    "</article></body></html>"
)
RSS = (
    '<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel><title>Côte Gazette</title>'
    "<item><title>Été record à Zürich</title><link>https://cote.example/ete</link>"
    "<pubDate>Tue, 17 Nov 2026 16:31:00 +0100</pubDate>"
    "<description>{story} Le café a rouvert après l'été.</description></item></channel></rss>"
)
JSON_FEED_1 = {
    "version": "https://jsonfeed.org/version/1",
    "title": "Lakeside Notes",
    "author": {"name": "Ines Calder"},
    "items": [
        {"id": "1", "url": "https://lakeside.example/ferry", "title": "Ferry timetable changes",
         "content_text": STORY + "\nThe new timetable starts on the first Monday of December.",
         "date_published": "2026-11-17T08:30:00+01:00"},
        {"id": "2", "title": "A note without a link", "content_html": f"<p>{STORY}</p>",
         "date_published": "2026-11-18T09:00:00Z"},
    ],
}
JSON_FEED_11 = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Lakeside Notes",
    "items": [
        {"id": "a", "url": "https://lakeside.example/library", "title": "Library opens late",
         "content_html": f"<p>{STORY}</p><p>Opening hours run until ten at night on weekdays.</p>",
         "authors": [{"name": "Ola Brandt"}, {"name": "Mei Tan"}], "date_published": "2026-11-19T18:00:00-05:00"},
    ],
}


class _Site:
    def __init__(self) -> None:
        self.base = ""
        self.routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}

    def page(self, path: str, body: bytes, ctype: str) -> None:
        def send(h: BaseHTTPRequestHandler) -> None:
            h.send_response(200)
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)

        self.routes[path] = send


def _drip_body(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    for _ in range(DRIP_BYTES):
        h.wfile.write(b"<")
        h.wfile.flush()
        time.sleep(DRIP_SECONDS)


def _drip_headers(h: BaseHTTPRequestHandler) -> None:
    h.wfile.write(b"HTTP/1.1 200 OK\r\n")
    for byte in (b"X-Slow: " + b"a" * DRIP_BYTES)[:DRIP_BYTES]:
        h.wfile.write(bytes([byte]))
        h.wfile.flush()
        time.sleep(DRIP_SECONDS)
    h.wfile.write(b"\r\nContent-Length: 0\r\n\r\n")


def _huge_streamed(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()  # no Content-Length: the size shows only while reading
    for _ in range(64):
        h.wfile.write(b"<p>" + b"news " * 800 + b"</p>\n")


def _huge_declared(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Content-Length", str(50 * 1024 * 1024))
    h.end_headers()
    h.wfile.write(b"<rss")


@pytest.fixture(scope="module")
def site() -> Iterator[_Site]:
    state = _Site()
    state.routes.update({"/drip": _drip_body, "/drip-headers": _drip_headers, "/huge": _huge_streamed,
                         "/huge-declared": _huge_declared})
    for enc, codec in (("utf-16", "utf-16"), ("utf-32", "utf-32"), ("UTF-16LE", "utf-16-le")):
        state.page(f"/feed-{codec}.rss", RSS.format(encoding=enc, story=STORY).encode(codec), "application/rss+xml")
    state.page("/feed-latin1.rss", RSS.format(encoding="iso-8859-1", story=STORY).encode("latin-1"),
               "application/rss+xml")
    state.page("/page-latin1.html", PAGE.format(charset="iso-8859-1", story=STORY).encode("latin-1"),
               "text/html; charset=iso-8859-1")
    state.page("/page-utf16.html", PAGE.format(charset="utf-16", story=STORY).encode("utf-16"), "text/html")
    state.page("/page.txt", ("Café reopens on the quay\n" + STORY).encode("utf-32"), "text/plain")
    state.page("/photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "text/plain")
    state.page("/feed-1.json", json.dumps(JSON_FEED_1).encode(), "application/feed+json")
    state.page("/feed-11.json", json.dumps(JSON_FEED_11).encode(), "application/json")
    state.page("/story.html", PAGE.format(charset="utf-8", story=STORY).encode(), "text/html; charset=utf-8")

    class Handler(QuietHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (the http.server name)
            route = state.routes.get(self.path.split("?")[0])
            try:
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                else:
                    route(self)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should

    with serving(Handler) as base:
        state.base = base
        yield state


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as c:  # every read of the slow server arrives well within 5 s
        yield c


# --- 3. a whole-download deadline and a size cap ---------------------------------------------------------


@pytest.mark.parametrize("path", ["/drip", "/drip-headers"])
def test_a_server_dripping_bytes_is_cut_off_at_the_download_deadline(site: _Site, client: httpx.Client, path: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch_url(site.base + path, client, limits=LIMITS)
    assert caught.value.reason == "download took longer than 1.5 s"
    assert str(caught.value) == f"{site.base}{path}: download took longer than 1.5 s"


@pytest.mark.parametrize("path", ["/huge", "/huge-declared"])
def test_a_download_over_the_size_cap_is_refused_in_one_line(site: _Site, client: httpx.Client, path: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch_url(site.base + path, client, limits=LIMITS)
    assert caught.value.reason == "too large (over the 0.0625 MB limit)"


def test_a_slow_feed_is_reported_once_and_the_rest_of_the_batch_goes_on(fake_engine: Engine, site: _Site) -> None:
    fake_engine.settings = fake_engine.settings.with_(http_deadline=1.5)
    report = fake_engine.ingest([site.base + "/drip", site.base + "/story.html", site.base + "/huge-declared"])
    assert report.articles_added == 1
    assert [(e.source, e.error) for e in report.errors] == [
        (site.base + "/drip", "download took longer than 1.5 s"),
        (site.base + "/huge-declared", "too large (over the 10 MB limit)"),
    ]


def test_download_limits_come_from_the_settings() -> None:
    from index.settings import Settings

    s = Settings.from_env({"NEWSBOT_HTTP_DEADLINE": "30", "NEWSBOT_HTTP_MAX_MB": "2.5", "NEWSBOT_MAX_ARTICLE_MB": "1"})
    assert (s.http_deadline, s.http_max_mb, s.max_article_chars) == (30.0, 2.5, 2**20)
    defaults = Settings.from_env({})
    assert (defaults.http_deadline, defaults.http_max_mb, defaults.max_article_mb) == (60.0, 10.0, 2.0)


# --- 5. encodings and JSON Feed --------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-16-le", "latin1"])
def test_feeds_in_other_encodings_are_decoded(site: _Site, client: httpx.Client, codec: str) -> None:
    [article] = fetch_feed(f"{site.base}/feed-{codec}.rss", client, limits=LIMITS).articles
    assert (article.title, article.source) == ("Été record à Zürich", "Côte Gazette")
    assert article.text.endswith("Le café a rouvert après l'été.")
    assert article.published == datetime(2026, 11, 17, 15, 31, tzinfo=UTC)


@pytest.mark.parametrize("path", ["/page-latin1.html", "/page-utf16.html"])
def test_pages_in_other_encodings_are_decoded(site: _Site, client: httpx.Client, path: str) -> None:
    [article] = fetch_url(site.base + path, client, limits=LIMITS)
    assert "Le café du port restera ouvert, a déclaré Mme Lefèvre." in article.text


def test_a_utf32_text_page_is_decoded_and_a_binary_one_refused(site: _Site, client: httpx.Client) -> None:
    [article] = fetch_url(site.base + "/page.txt", client, limits=LIMITS)
    assert article.title == "Café reopens on the quay" and article.text == STORY
    with pytest.raises(FetchError, match=r"not a text page \(binary content\)$"):
        fetch_url(site.base + "/photo.txt", client, limits=LIMITS)


def test_json_feed_version_1_is_read_like_any_feed(site: _Site, client: httpx.Client) -> None:
    result = fetch_feed(site.base + "/feed-1.json", client, limits=LIMITS)
    assert result.title == "Lakeside Notes" and result.errors == []
    ferry, note = result.articles
    assert (ferry.title, ferry.source, ferry.url, ferry.authors) == (
        "Ferry timetable changes", "Lakeside Notes", "https://lakeside.example/ferry", ("Ines Calder",))
    assert ferry.text == STORY + "\nThe new timetable starts on the first Monday of December."
    assert ferry.published == datetime(2026, 11, 17, 7, 30, tzinfo=UTC)
    assert note.url == "" and note.text == STORY and note.id.startswith("f:")


def test_json_feed_version_1_1_served_as_plain_json_is_recognised(site: _Site, client: httpx.Client) -> None:
    [library] = fetch_url(site.base + "/feed-11.json", client, limits=LIMITS)
    assert library.authors == ("Ola Brandt", "Mei Tan")
    assert library.published == datetime(2026, 11, 19, 23, tzinfo=UTC)
    assert library.text.endswith("Opening hours run until ten at night on weekdays.")


# --- 7. error lines --------------------------------------------------------------------------------------


def test_url_errors_name_the_url_once(fake_engine: Engine, site: _Site) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}/story"
    report = fake_engine.ingest([dead, site.base + "/missing"])
    assert [e.source for e in report.errors] == [dead, site.base + "/missing"]
    assert report.errors[0].error.startswith("could not connect")
    assert report.errors[1].error == "HTTP 404 Not Found"


def test_an_item_without_a_link_is_named_with_its_feed(site: _Site, client: httpx.Client) -> None:
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Notes",
            "items": [{"id": "n1", "content_text": ""}, {"id": "n2", "content_text": STORY}]}
    site.page("/empty-item.json", json.dumps(feed).encode(), "application/feed+json")
    result = fetch_feed(site.base + "/empty-item.json", client, limits=LIMITS)
    assert [(e.source, e.error) for e in result.errors] == [(f"{site.base}/empty-item.json#n1", "feed entry has no text")]
    assert result.articles[0].locator == f"{site.base}/empty-item.json#n2"


def test_two_feeds_sharing_a_story_count_the_second_copy_as_already_present(fake_engine: Engine, site: _Site) -> None:
    shared = f"<item><title>Breakwater approved</title><link>{site.base}/story.html</link><description>{STORY}</description></item>"
    for name, title in (("/a.rss", "Harbour Post"), ("/b.rss", "Quay Times")):
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{shared}</channel></rss>'
        site.page(name, body.encode(), "application/rss+xml")
    report = fake_engine.ingest([site.base + "/a.rss", site.base + "/b.rss"])
    assert (report.articles_added, report.articles_unchanged, report.errors) == (1, 1, [])
