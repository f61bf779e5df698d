"""Web pages -> articles: a feed URL is read as a feed, anything else through the page extractor."""

from __future__ import annotations

import logging
from typing import Literal

import httpx

from index.errors import FetchError
from index.models import Article, IngestError
from index.sources.extract import extract_html
from index.sources.feeds import parse_feed
from index.sources.ids import article_id, clean_url
from index.sources.texts import parse_text
from index.sources.web import FetchLimits, get

log = logging.getLogger(__name__)


def fetch_url(url: str, client: httpx.Client, *, limits: FetchLimits | None = None) -> list[Article]:
    """Fetch a page (its main article, or every story of a saved text page) or a feed (all its entries)."""
    return fetch_source(url, client, limits=limits)[1]


def fetch_source(
    url: str, client: httpx.Client, *, limits: FetchLimits | None = None
) -> tuple[Literal["feed", "page"], list[Article], list[IngestError]]:
    """fetch_url(), also saying whether the URL turned out to be a feed or a page, and what failed inside it."""
    fetched = get(client, url, limits=limits)
    if fetched.is_feed:
        result = parse_feed(fetched, origin=url, client=client, limits=limits)
        return "feed", result.articles, result.errors
    if fetched.content_type in ("text/plain", "text/markdown"):
        # A saved page or article served as text goes through the same cleaning as a local file.
        drafts = parse_text(fetched.text, markdown=fetched.content_type == "text/markdown")
    else:
        draft = extract_html(fetched.text, fetched.url)
        drafts = [draft] if draft else []
    drafts = [d for d in drafts if d.paragraphs]
    if not drafts:
        raise FetchError("no article text found", url=url)
    final = clean_url(fetched.url)
    return "page", [
        Article(
            # The page's own story is its URL; related stories found on it are numbered within it.
            id=article_id(url=final) if n == 1 else article_id(origin=final, locator=f"#{n}"),
            title=draft.title,
            text=draft.text,
            source=draft.source,
            url=final if n == 1 else draft.url,
            authors=tuple(draft.authors),
            published=draft.published,
            origin=url,
            locator=final if n == 1 else f"{final}#{n}",
        )
        for n, draft in enumerate(drafts, start=1)
    ], []
