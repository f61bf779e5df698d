"""HTTP GET through a caller's httpx client, bounded in time and size, with failures turned into short FetchErrors."""

from __future__ import annotations

import functools
import json
import logging
import re
import threading
import time
from dataclasses import dataclass

import httpx

from index.errors import FetchError
from index.sources.charsets import NotText, decode, header_charset

log = logging.getLogger(__name__)

_TEXT_TYPES = re.compile(
    r"^(?:text/|application/(?:[\w.+-]*\+)?(?:xml|xhtml|rss|atom|rdf|json)\b)", re.IGNORECASE
)
_FEED_SNIFF = re.compile(r"<(?:rss|feed|rdf:RDF)\b")
_JSON_FEED = re.compile(r'^\s*\{.{0,2000}?"version"\s*:\s*"https?://jsonfeed\.org/version/', re.DOTALL)


@dataclass(frozen=True)
class FetchLimits:
    """How long one whole download may take (seconds) and how large it may be (bytes)."""

    deadline: float = 60.0
    max_bytes: int = 10 * 1024 * 1024

    @property
    def megabytes(self) -> str:
        """The size cap for a message: "10 MB", "0.5 MB"."""
        return f"{self.max_bytes / (1024 * 1024):g} MB"


@dataclass(frozen=True)
class Fetched:
    """A successful response: final URL after redirects, status, headers and the body bytes."""

    url: str
    status: int
    headers: httpx.Headers
    content: bytes

    @property
    def content_type(self) -> str:
        """The media type without parameters, lowercased ("" when absent)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @functools.cached_property
    def text(self) -> str:
        """The body as text: a byte-order mark, the declared charset, UTF-8 or a detector's guess."""
        try:
            return decode(self.content, header_charset(self.headers.get("content-type", "")))
        except NotText:
            return self.content.decode("utf-8", errors="replace")

    @property
    def is_json_feed(self) -> bool:
        """Whether the body is a JSON Feed (jsonfeed.org, version 1 or 1.1)."""
        if self.content_type == "application/feed+json":
            return True
        return self.content_type in ("application/json", "text/plain", "") and bool(_JSON_FEED.match(self.text))

    @property
    def is_feed(self) -> bool:
        """Whether the body is an RSS, RDF, Atom or JSON feed."""
        if self.is_json_feed:
            return True
        head = self.text[:4096].lstrip()
        if self.content_type in ("text/html", "application/xhtml+xml") and "<html" in head[:1024].lower():
            return False
        return bool(_FEED_SNIFF.search(head))

    def json(self) -> object:
        """The body parsed as JSON (ValueError when it is not)."""
        return json.loads(self.text)


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", text.splitlines()[0]).strip()
    return text[:160]


def _timeout_detail(client: httpx.Client, exc: httpx.TimeoutException) -> str:
    phase = {httpx.ConnectTimeout: "connect", httpx.WriteTimeout: "write", httpx.PoolTimeout: "pool"}
    name = phase.get(type(exc), "read")
    seconds = getattr(client.timeout, name, None)
    return f" (no {name} within {seconds:g} s)" if isinstance(seconds, int | float) else ""


class _Cancelled(Exception):
    """The caller stopped waiting (the deadline passed)."""


def _download(
    client: httpx.Client,
    url: str,
    headers: dict[str, str] | None,
    allow_304: bool,
    limits: FetchLimits,
    cancel: threading.Event,
) -> Fetched:
    try:
        with client.stream("GET", url, headers=headers, follow_redirects=True) as response:
            if response.status_code == 304 and allow_304:
                return Fetched(str(response.url), 304, response.headers, b"")
            if response.status_code >= 400 or response.status_code == 304:
                phrase = response.reason_phrase or ""
                raise FetchError(f"HTTP {response.status_code} {phrase}".rstrip(), url=url)
            ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype and not _TEXT_TYPES.match(ctype):
                raise FetchError(f"not a text page ({ctype})", url=url)
            too_large = FetchError(f"too large (over the {limits.megabytes} limit)", url=url)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limits.max_bytes:
                raise too_large
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                if cancel.is_set():
                    raise _Cancelled
                size += len(chunk)
                if size > limits.max_bytes:
                    raise too_large
                chunks.append(chunk)
            fetched = Fetched(str(response.url), response.status_code, response.headers, b"".join(chunks))
    except httpx.TimeoutException as exc:
        raise FetchError(f"timeout{_timeout_detail(client, exc)}", url=url) from exc
    except httpx.ConnectError as exc:
        raise FetchError(f"could not connect ({_reason(exc)})", url=url) from exc
    except httpx.TooManyRedirects as exc:
        raise FetchError("too many redirects", url=url) from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise FetchError("not a valid http(s) URL", url=url) from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"could not fetch ({_reason(exc)})", url=url) from exc
    if fetched.content.strip():
        try:
            decode(fetched.content[:65536], header_charset(fetched.headers.get("content-type", "")))
        except NotText as exc:
            raise FetchError("not a text page (binary content)", url=url) from exc
    log.debug("fetched %s (%d bytes) from %s", fetched.url, len(fetched.content), url)
    return fetched


def get(
    client: httpx.Client,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    allow_304: bool = False,
    limits: FetchLimits | None = None,
) -> Fetched:
    """GET a URL following redirects; raise FetchError for timeouts, HTTP errors, non-text and oversized bodies.

    The whole download, redirects included, must finish within limits.deadline: httpx's timeouts are per read, and
    a server sending a byte every few seconds would otherwise hold the caller forever.
    """
    limits = limits or FetchLimits()
    cancel = threading.Event()
    outcome: list[Fetched | BaseException] = []

    def work() -> None:
        try:
            outcome.append(_download(client, url, headers, allow_304, limits, cancel))
        except BaseException as exc:  # handed to the caller's thread below
            outcome.append(exc)

    # The download runs in a worker thread so that the caller can stop waiting at the deadline whatever phase it
    # is stuck in (connecting, headers, body). Once told, the worker stops at the next chunk it receives; a
    # server dribbling its headers keeps only that daemon thread until the per-read timeout or the server ends.
    started = time.monotonic()
    worker = threading.Thread(target=work, name="newsbot-fetch", daemon=True)
    worker.start()
    worker.join(limits.deadline)
    if worker.is_alive():
        cancel.set()
        log.debug("gave up on %s after %.1f s", url, time.monotonic() - started)
        raise FetchError(f"download took longer than {limits.deadline:g} s", url=url)
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result
