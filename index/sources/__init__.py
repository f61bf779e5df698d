"""Inputs -> cleaned articles: local files and folders, web pages and feeds."""

from index.sources.dates import parse_published
from index.sources.feeds import FeedResult, fetch_feed
from index.sources.files import SUFFIXES, read_path
from index.sources.ids import article_id, canonical_url, clean_url
from index.sources.pages import fetch_source, fetch_url

__all__ = [
    "SUFFIXES",
    "FeedResult",
    "article_id",
    "canonical_url",
    "clean_url",
    "fetch_feed",
    "fetch_source",
    "fetch_url",
    "parse_published",
    "read_path",
]
