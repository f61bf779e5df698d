"""Article extraction from HTML: whole pages through trafilatura, feed fragments through lxml."""

from __future__ import annotations

import html as html_lib
import json
import logging
import re
from dataclasses import dataclass
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
# Where a page states when it was first published, most specific first.
_PUBLISHED_XPATHS = (
    '//meta[@property="article:published_time" or @property="og:published_time"'
    ' or @name="article:published_time"]/@content',
    '//*[@itemprop="datePublished"]/@content',
    '//*[@itemprop="datePublished"]/@datetime',
    '//meta[@name="parsely-pub-date" or @name="pubdate" or @name="publishdate" or @name="publish-date"'
    ' or @name="sailthru.date" or @name="DC.date.issued" or @name="dcterms.issued"]/@content',
    "//time[@pubdate]/@datetime",
)
# Where it states when it was last changed: never taken for the publication date.
_MODIFIED_XPATHS = (
    '//meta[@property="article:modified_time" or @property="og:updated_time" or @name="last-modified"'
    ' or @http-equiv="last-modified" or @http-equiv="Last-Modified" or @name="dcterms.modified"]/@content',
    '//*[@itemprop="dateModified"]/@content',
    '//*[@itemprop="dateModified"]/@datetime',
)
# Dates that say neither: taken only when they are not the modification date.
_OTHER_XPATHS = (
    '//meta[@name="date" or @name="dc.date" or @name="DC.date"]/@content',
    "//time[not(contains(@class, 'updated') or contains(@class, 'modified'))]/@datetime",
    "//body//*[contains(@class, 'date') or contains(@class, 'publish')]"
    "[not(contains(@class, 'update') or contains(@class, 'modif'))][string-length(normalize-space(.)) < 60]",
)
_ARTICLE_TYPE = re.compile(r"Article|Posting|Report", re.IGNORECASE)
_PUBLISHED_LABEL = re.compile(r"^(?:first\s+)?(?:published|posted|released)\b", re.IGNORECASE)


def _json_ld(tree: Any, key: str) -> list[str]:
    """The values of a JSON-LD key (datePublished, dateModified), the article's own before other nodes'."""
    found: list[tuple[bool, str]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[:0] = item
            elif isinstance(item, dict):
                if isinstance(item.get(key), str):
                    found.append((not _ARTICLE_TYPE.search(str(item.get("@type", ""))), item[key]))
                stack.extend(v for v in item.values() if isinstance(v, dict | list))
    return [value for _, value in sorted(found, key=lambda f: f[0])]


def _dates(tree: Any, xpaths: tuple[str, ...]) -> list[datetime]:
    values = (v if isinstance(v, str) else v.text_content() for xpath in xpaths for v in tree.xpath(xpath))
    return [d for value in values if (d := parse_published(" ".join(str(value).split())))]


def _labelled(tree: Any) -> list[datetime]:
    """Dates in short visible lines that say they are the publication date ("Published 3 March 2024")."""
    out = []
    for text in tree.xpath("//body//text()"):
        line = " ".join(str(text).split())
        if len(line) <= 80 and _PUBLISHED_LABEL.match(line) and (d := parse_published(line)):
            out.append(d)
    return out


@dataclass(frozen=True)
class _PageDates:
    """What a page says about its dates, read before the extractor prunes the tree."""

    stated: list[datetime]  # first-publication dates the page marks as such
    modified: list[datetime]  # dates the page gives as its last change
    other: list[datetime]  # dates marked as neither ("Published ..." lines, generic meta and <time> tags)

    @classmethod
    def read(cls, tree: Any) -> _PageDates:
        stated = _dates(tree, _PUBLISHED_XPATHS) or [d for d in map(parse_published, _json_ld(tree, "datePublished")) if d]
        modified = _dates(tree, _MODIFIED_XPATHS) + [d for d in map(parse_published, _json_ld(tree, "dateModified")) if d]
        return cls(stated, modified, [*_labelled(tree), *_dates(tree, _OTHER_XPATHS)])

    def published(self, found: str | None) -> datetime | None:
        """The stated first-publication date; the last-change date only when the page gives nothing else."""
        if self.stated:
            return self.stated[0]
        candidates = list(self.other)
        if found and (d := parse_published(found)):
            candidates.append(d)  # the extractor's own find, which may be the modification date
        changed = {d.date() for d in self.modified}
        return next((d for d in candidates if d.date() not in changed), None) or next(iter(self.modified), None)


def _split_authors(value: str | None) -> list[str]:
    if not value:
        return []
    return [name.strip() for name in re.split(r"\s*;\s*", value) if name.strip()]


def extract_html(page: str | bytes, url: str = "") -> Draft | None:
    """The main article of an HTML page (title, text, authors, date, site name), or None if it has none."""
    tree = trafilatura.load_html(page)
    if tree is None:
        return None
    dates = _PageDates.read(tree)
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
        published=dates.published(doc.date),
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
