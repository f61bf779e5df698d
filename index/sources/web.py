"""HTTP GET through a caller's httpx client, with failures turned into short FetchErrors."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import httpx

from index.errors import FetchError

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
_TEXT_TYPES = re.compile(r"^(?:text/|application/(?:[\w.+-]*\+)?(?:xml|xhtml|rss|atom|rdf)\b)", re.I)
_FEED_SNIFF = re.compile(rb"<(?:rss|feed|rdf:RDF)\b")


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

    @property
    def text(self) -> str:
        """The body decoded with the declared charset (UTF-8 when none), bad bytes replaced."""
        match = re.search(r"charset=[\"']?([\w.:-]+)", self.headers.get("content-type", ""), re.IGNORECASE)
        charset = match.group(1) if match else "utf-8"
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")

    @property
    def is_feed(self) -> bool:
        """Whether the body is an RSS, RDF or Atom feed."""
        head = self.content[:4096].lstrip()
        if self.content_type in ("text/html", "application/xhtml+xml") and b"<html" in head[:1024].lower():
            return False
        return bool(_FEED_SNIFF.search(head))


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", text.splitlines()[0]).strip()
    return text[:160]


def _timeout_detail(client: httpx.Client, exc: httpx.TimeoutException) -> str:
    phase = {httpx.ConnectTimeout: "connect", httpx.WriteTimeout: "write", httpx.PoolTimeout: "pool"}
    name = phase.get(type(exc), "read")
    seconds = getattr(client.timeout, name, None)
    return f" (no {name} within {seconds:g} s)" if isinstance(seconds, int | float) else ""


def get(
    client: httpx.Client, url: str, *, headers: dict[str, str] | None = None, allow_304: bool = False
) -> Fetched:
    """GET a URL following redirects; raise FetchError for timeouts, HTTP errors and non-text bodies."""
    try:
        with client.stream("GET", url, headers=headers, follow_redirects=True) as response:
            if response.status_code == 304 and allow_304:
                return Fetched(str(response.url), 304, response.headers, b"")
            if response.status_code >= 400 or response.status_code == 304:
                phrase = response.reason_phrase or ""
                raise FetchError(f"{url}: HTTP {response.status_code} {phrase}".rstrip())
            ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype and not _TEXT_TYPES.match(ctype):
                raise FetchError(f"{url}: not a text page ({ctype})")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_BYTES:
                    raise FetchError(f"{url}: page too large (over {MAX_BYTES // (1024 * 1024)} MB)")
                chunks.append(chunk)
            fetched = Fetched(str(response.url), response.status_code, response.headers, b"".join(chunks))
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: timeout{_timeout_detail(client, exc)}") from exc
    except httpx.ConnectError as exc:
        raise FetchError(f"{url}: could not connect ({_reason(exc)})") from exc
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"{url}: too many redirects") from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise FetchError(f"{url}: not a valid http(s) URL") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: could not fetch ({_reason(exc)})") from exc
    if b"\x00" in fetched.content[:4096]:
        raise FetchError(f"{url}: not a text page (binary content)")
    log.debug("fetched %s (%d bytes) from %s", fetched.url, len(fetched.content), url)
    return fetched
