"""RSS and Atom feeds -> articles, fetching the full story behind summary-only entries."""

from __future__ import annotations

import io
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser
import httpx

from index.errors import FetchError
from index.models import Article, IngestError
from index.sources.dates import parse_published
from index.sources.extract import extract_html, fragment_draft
from index.sources.ids import article_id, clean_url
from index.sources.paragraphs import Draft, dedupe, outlet_name
from index.sources.web import Fetched, get

log = logging.getLogger(__name__)

# An entry shorter than this is a teaser: the story itself is behind its link.
SUMMARY_CHARS = 400
_TRUNCATED = re.compile(
    r"(?:\.\.\.|…|\[(?:…|\.\.\.)\]|\((?:more|read more)…?\)|read more|continue reading|more »|»)\W*$",
    re.IGNORECASE,
)


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
    for key in ("published", "updated", "created"):
        parsed = parse_published(entry.get(key))
        if parsed:
            return parsed
        struct = entry.get(f"{key}_parsed")
        if isinstance(struct, time.struct_time):
            return datetime(*struct[:6], tzinfo=UTC)
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


def _fetch_story(link: str, client: httpx.Client) -> Draft:
    fetched = get(client, link)
    draft = extract_html(fetched.content, fetched.url)
    if draft is None:
        raise FetchError(f"{link}: no article text found")
    return draft


def parse_feed(fetched: Fetched, *, origin: str, client: httpx.Client | None) -> FeedResult:
    """Articles from fetched feed bytes; summary-only entries are completed from their links via client."""
    parsed = feedparser.parse(
        io.BytesIO(fetched.content),
        response_headers={"content-type": fetched.headers.get("content-type", ""),
                          "content-location": fetched.url},
    )
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = _plain(parsed.get("bozo_exception") if parsed.version else "not RSS or Atom")[:160]
        raise FetchError(f"malformed feed: {reason}")
    feed_title = _plain(parsed.feed.get("title"))
    result = FeedResult(title=feed_title)
    for n, entry in enumerate(parsed.entries, start=1):
        title = _plain(entry.get("title"))
        link = clean_url(_plain(entry.get("link")))
        guid = _plain(entry.get("id"))
        locator = link or guid or f"#{n}"
        body, full = _entry_body(entry)
        draft = fragment_draft(body, title=title)
        if link and _is_teaser(draft, full) and client is not None:
            try:
                story = _fetch_story(link, client)
            except FetchError as exc:
                log.warning("keeping the summary of %s: %s", link, exc)
                result.errors.append(IngestError(source=link, error=str(exc)))
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
    url: str, client: httpx.Client, *, etag: str | None = None, modified: str | None = None
) -> FeedResult:
    """Poll a feed with a conditional GET; a 304 gives not_modified=True and no articles."""
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    fetched = get(client, url, headers=headers, allow_304=True)
    new_etag = fetched.headers.get("etag") or etag
    new_modified = fetched.headers.get("last-modified") or modified
    if fetched.status == 304:
        return FeedResult(etag=new_etag, modified=new_modified, not_modified=True)
    result = parse_feed(fetched, origin=url, client=client)
    result.etag = fetched.headers.get("etag")
    result.modified = fetched.headers.get("last-modified")
    log.info("feed %s: %d articles, %d errors", url, len(result.articles), len(result.errors))
    return result
