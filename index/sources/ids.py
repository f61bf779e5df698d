"""Stable article ids: from a canonical URL, a file position, or the text itself."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track the reader; dropping them makes shared links match.
_TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid"})


def _sha(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:16]


def _drop_tracking(query: str) -> str:
    return urlencode(
        [
            (k, v)
            for k, v in parse_qsl(query, keep_blank_values=True)
            if not k.lower().startswith("utm_") and k.lower() not in _TRACKING_PARAMS
        ]
    )


def clean_url(url: str) -> str:
    """The URL as given, less its fragment and tracking parameters (for storing and showing)."""
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return url.strip()
    return urlunsplit((parts.scheme, parts.netloc, parts.path, _drop_tracking(parts.query), ""))


def canonical_url(url: str) -> str:
    """The URL with scheme and host lowercased, no fragment, no tracking parameters, no trailing slash."""
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return url.rstrip("/")
    host = parts.netloc.lower()
    scheme = parts.scheme.lower()
    if (scheme, host.rsplit(":", 1)[-1]) in {("http", "80"), ("https", "443")}:
        host = host.rsplit(":", 1)[0]
    return urlunsplit((scheme, host, parts.path.rstrip("/"), _drop_tracking(parts.query), ""))


def article_id(*, url: str = "", origin: str = "", locator: str = "", text: str = "") -> str:
    """A stable id: "u:" from the canonical URL, else "f:" from origin and locator, else "h:" from the text."""
    canonical = canonical_url(url)
    if canonical:
        return "u:" + _sha(canonical)
    if origin or locator:
        return "f:" + _sha(origin + locator)
    return "h:" + _sha(text)
