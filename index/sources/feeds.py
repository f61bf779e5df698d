"""RSS, Atom and JSON feeds -> articles, fetching the full story behind summary-only entries."""

from __future__ import annotations

import io
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import feedparser
import httpx

from index.errors import FetchError, reason_about
from index.models import Article, IngestError
from index.sources.dates import feed_date
from index.sources.extract import extract_html, fragment_draft
from index.sources.ids import article_id, clean_url
from index.sources.paragraphs import Draft, dedupe, outlet_name
from index.sources.web import Fetched, FetchLimits, get

log = logging.getLogger(__name__)

# An entry shorter than this is a teaser: the story itself is behind its link.
SUMMARY_CHARS = 400
_TRUNCATED = re.compile(
    r"(?:\.\.\.|…|\[(?:…|\.\.\.)\]|\((?:more|read more)…?\)|read more|continue reading|more »|»)\W*$",
    re.IGNORECASE,
)
JSON_FEED_VERSION = re.compile(r"^https?://jsonfeed\.org/version/1(?:\.1)?/?$")


@dataclass
class FeedResult:
    """What one poll of a feed gave: its articles, per-entry errors and the validators for the next poll."""

    articles: list[Article] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    etag: str | None = None
    modified: str | None = None
    not_modified: bool = False
    title: str = ""


def _plain(value: Any) -> str:
    return " ".join(str(value or "").split())


def _entry_published(entry: Any) -> datetime | None:
    """The entry's first-publication date, feedparser's reading first (see feed_date)."""
    for key in ("published", "updated", "created"):
        parsed = feed_date(entry.get(key), entry.get(f"{key}_parsed"))
        if parsed:
            return parsed
    return None


def _entry_authors(entry: Any) -> list[str]:
    names = [_plain(a.get("name")) for a in entry.get("authors") or [] if isinstance(a, dict)]
    if not any(names):
        detail = entry.get("author_detail") or {}
        names = [_plain(detail.get("name") or entry.get("author"))]
    return [n for n in names if n]


def _entry_body(entry: Any) -> tuple[str, bool]:
    """The richest HTML the entry carries, and whether it is full content rather than a summary."""
    contents = [c.get("value", "") for c in entry.get("content") or [] if isinstance(c, dict)]
    content = max(contents, key=len, default="")
    summary = entry.get("summary") or ""
    if len(content) >= len(summary) and content:
        return content, True
    return summary, False


def _is_teaser(draft: Draft, full: bool) -> bool:
    """Whether the entry's text is only a lead-in: cut short, or shorter than any real story."""
    text = draft.text
    # Full content counts as a teaser only when it is very short; a summary, under SUMMARY_CHARS.
    limit = SUMMARY_CHARS // 2 if full else SUMMARY_CHARS
    return len(text) < limit or bool(_TRUNCATED.search(text))


def _fetch_story(link: str, client: httpx.Client, limits: FetchLimits | None) -> Draft:
    fetched = get(client, link, limits=limits)
    draft = extract_html(fetched.content, fetched.url)
    if draft is None:
        raise FetchError("no article text found", url=link)
    return draft


# --- JSON Feed (jsonfeed.org, versions 1 and 1.1) ------------------------------------------------------


def _json_authors(node: dict[str, Any]) -> list[dict[str, str]]:
    """Version 1.1's "authors" list, or version 1's single "author"."""
    people = node.get("authors")
    if not isinstance(people, list):
        people = [node["author"]] if isinstance(node.get("author"), dict) else []
    return [{"name": _plain(p.get("name"))} for p in people if isinstance(p, dict) and p.get("name")]


def is_json_feed(data: Any) -> bool:
    """Whether parsed JSON is a JSON Feed (it names a jsonfeed.org version)."""
    return isinstance(data, dict) and bool(JSON_FEED_VERSION.match(str(data.get("version", ""))))


def _json_feed(data: Any) -> tuple[str, list[dict[str, Any]]]:
    """A JSON Feed's title and its items as feedparser-shaped entries."""
    if not is_json_feed(data):
        raise FetchError("malformed feed: not a JSON Feed (no jsonfeed.org version)")
    items = data.get("items")
    if not isinstance(items, list):
        raise FetchError("malformed feed: a JSON Feed needs an items list")
    feed_authors = _json_authors(data)
    entries: list[dict[str, Any]] = []
    for item in items:
        if not isinstance(item, dict):
            entries.append({})
            continue
        html, text = item.get("content_html"), item.get("content_text")
        if isinstance(html, str) and html.strip():
            body = html
        elif isinstance(text, str):  # plain text: one paragraph per line, as HTML for the one cleaning path
            body = "\n".join(f"<p>{_escape(line)}</p>" for line in text.splitlines() if line.strip())
        else:
            body = ""
        entries.append({
            "title": item.get("title") or "",
            "link": item.get("url") or item.get("external_url") or "",
            "id": str(item.get("id") or ""),
            "content": [{"value": body}] if body else [],
            "summary": item.get("summary") or "",
            "published": item.get("date_published"),
            "updated": item.get("date_modified"),
            "authors": _json_authors(item) or feed_authors,
        })
    return _plain(data.get("title")), entries


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- any feed -> articles --------------------------------------------------------------------------------


def _feed_entries(content: bytes, content_type: str, url: str, *, json_feed: bool) -> tuple[str, list[Any]]:
    if json_feed:
        from index.sources.charsets import NotText, decode

        try:
            data = json.loads(decode(content))
        except (ValueError, NotText) as exc:
            raise FetchError(f"malformed feed: invalid JSON ({_plain(exc)[:120]})") from exc
        return _json_feed(data)
    parsed = feedparser.parse(
        io.BytesIO(content), response_headers={"content-type": content_type, "content-location": url}
    )
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = _plain(parsed.get("bozo_exception") if parsed.version else "not RSS or Atom (nor a JSON Feed)")[:160]
        raise FetchError(f"malformed feed: {reason}")
    return _plain(parsed.feed.get("title")), list(parsed.entries)


def parse_feed(
    fetched: Fetched,
    *,
    origin: str,
    client: httpx.Client | None,
    limits: FetchLimits | None = None,
) -> FeedResult:
    """Articles from fetched feed bytes; summary-only entries are completed from their links via client."""
    feed_title, entries = _feed_entries(
        fetched.content, fetched.headers.get("content-type", ""), fetched.url, json_feed=fetched.is_json_feed
    )
    result = FeedResult(title=feed_title)
    for n, entry in enumerate(entries, start=1):
        title = _plain(entry.get("title"))
        link = clean_url(_plain(entry.get("link")))
        guid = _plain(entry.get("id"))
        # An entry without a link is named within its feed, so an error line says which feed it came from.
        locator = link or (f"{origin}#{guid}" if guid else f"{origin}#{n}")
        body, full = _entry_body(entry)
        draft = fragment_draft(body, title=title)
        if link and _is_teaser(draft, full) and client is not None:
            try:
                story = _fetch_story(link, client, limits)
            except FetchError as exc:
                log.info("keeping the summary of %s: %s", link, exc.reason)
                result.errors.append(IngestError(source=link, error=reason_about(link, exc)))
            else:
                if len(story.text) > len(draft.text):
                    draft.paragraphs = story.paragraphs
                    draft.authors = draft.authors or story.authors
                    draft.published = story.published
                    link = clean_url(story.url) or link
        if not draft.paragraphs:
            result.errors.append(IngestError(source=locator, error="feed entry has no text"))
            continue
        source = _plain((entry.get("source") or {}).get("title")) or feed_title
        authors = dedupe([*_entry_authors(entry), *draft.authors])
        text = draft.text
        result.articles.append(
            Article(
                # Without a link, the entry's guid within this feed; without either, the text itself.
                id=article_id(url=link, origin=origin if guid else "", locator=guid, text=text),
                title=title or draft.title,
                text=text,
                source=outlet_name(source, text),
                url=link,
                authors=authors,
                published=_entry_published(entry) or draft.published,
                origin=origin,
                locator=locator,
            )
        )
    return result


def fetch_feed(
    url: str,
    client: httpx.Client,
    *,
    etag: str | None = None,
    modified: str | None = None,
    limits: FetchLimits | None = None,
) -> FeedResult:
    """Poll a feed with a conditional GET; a 304 gives not_modified=True and no articles."""
    headers = {
        "Accept": "application/rss+xml, application/atom+xml, application/feed+json, "
        "application/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
    }
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    fetched = get(client, url, headers=headers, allow_304=True, limits=limits)
    new_etag = fetched.headers.get("etag") or etag
    new_modified = fetched.headers.get("last-modified") or modified
    if fetched.status == 304:
        return FeedResult(etag=new_etag, modified=new_modified, not_modified=True)
    result = parse_feed(fetched, origin=url, client=client, limits=limits)
    result.etag = fetched.headers.get("etag")
    result.modified = fetched.headers.get("last-modified")
    log.info("feed %s: %d articles, %d errors", url, len(result.articles), len(result.errors))
    return result
