"""Article extraction from HTML: whole pages through trafilatura, feed fragments through lxml."""

from __future__ import annotations

import html as html_lib
import json
import logging
import re
from datetime import datetime
from typing import Any

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document

from index.sources.dates import parse_published
from index.sources.paragraphs import Draft, clean_paragraphs, dedupe, finish_draft

log = logging.getLogger(__name__)

_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "section", "article", "header", "footer", "figure", "figcaption", "table", "tr", "dd", "dt",
)
# Meta tags that carry the first-publication timestamp, most specific first.
_DATE_XPATHS = (
    '//meta[@property="article:published_time"]/@content',
    '//meta[@itemprop="datePublished"]/@content',
    '//meta[@name="parsely-pub-date" or @name="pubdate" or @name="publishdate" or @name="date"]/@content',
    '//meta[@name="DC.date.issued" or @name="dc.date" or @name="DC.date"]/@content',
    "//time[@itemprop='datePublished']/@datetime",
)


def _json_ld_dates(tree: Any) -> list[str]:
    found: list[str] = []
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("datePublished"), str):
                    found.append(item["datePublished"])
                stack.extend(v for v in item.values() if isinstance(v, dict | list))
    return found


def _published(tree: Any) -> datetime | None:
    for xpath in _DATE_XPATHS:
        for value in tree.xpath(xpath):
            parsed = parse_published(str(value))
            if parsed:
                return parsed
    for value in _json_ld_dates(tree):
        parsed = parse_published(value)
        if parsed:
            return parsed
    return None


def _split_authors(value: str | None) -> list[str]:
    if not value:
        return []
    return [name.strip() for name in re.split(r"\s*;\s*", value) if name.strip()]


def extract_html(page: str | bytes, url: str = "") -> Draft | None:
    """The main article of an HTML page (title, text, authors, date, site name), or None if it has none."""
    tree = trafilatura.load_html(page)
    if tree is None:
        return None
    published = _published(tree)
    doc = trafilatura.bare_extraction(
        tree,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        # Only dates the page states; the extensive search guesses from copyright lines and the like.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not isinstance(doc, Document) or not doc.text or not doc.text.strip():
        return None
    draft = Draft(
        title=" ".join((doc.title or "").split()),
        paragraphs=doc.text.splitlines(),
        source=doc.sitename or "",
        authors=_split_authors(doc.author),
        published=published or parse_published(doc.date),
        url=url,
    )
    finish_draft(draft)
    return draft if draft.paragraphs else None


def html_to_paragraphs(fragment: str) -> list[str]:
    """The paragraphs of an HTML fragment (a feed entry's summary or content) as plain text."""
    if "<" not in fragment:
        lines = html_lib.unescape(fragment).splitlines()
    else:
        try:
            root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        except (etree.ParserError, ValueError):
            return [" ".join(html_lib.unescape(re.sub(r"<[^>]*>", " ", fragment)).split())]
        for bad in root.xpath(".//script|.//style"):
            bad.drop_tree()
        for element in root.iter(*_BLOCK_TAGS):
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
        lines = root.text_content().splitlines()
    return [p for p in (" ".join(line.split()) for line in lines) if p]


def fragment_draft(fragment: str, *, title: str = "") -> Draft:
    """A draft from an HTML fragment, cleaned like any other text."""
    paragraphs, authors = clean_paragraphs(html_to_paragraphs(fragment), title=title)
    return Draft(title=title, paragraphs=paragraphs, authors=list(dedupe(authors)))
