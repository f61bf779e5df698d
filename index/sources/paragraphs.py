"""Paragraph-level cleaning for every input format: captions, photo credits, bylines and copyright notices go,
bylines become authors; and the Draft an input becomes before it is an Article.

Whatever is kept is the article's own text, verbatim: quotes must be exact substrings of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from index.sources.lines import (
    ABBREVIATION,
    BOUNDARY,
    COPYRIGHT_LINE,
    COPYRIGHT_START,
    COPYRIGHT_TAIL,
    CREDIT,
    CREDIT_NAME,
    DATELINE_MARK,
    INLINE_BYLINE,
    LEADING_CAPS,
    byline_names,
    is_body,
    is_chrome_label,
    name_case,
    norm,
    time_outlet,
    word_count,
)


@dataclass
class Draft:
    """An article being assembled from an input, before it gets its id and origin."""

    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    source: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    url: str = ""

    @property
    def text(self) -> str:
        """The body, one paragraph per line."""
        return "\n".join(self.paragraphs)




def _sentence_start(text: str, end: int) -> int:
    """Where the sentence that ends at `end` begins."""
    head = text[:end].rstrip()
    head = re.sub(r"[.!?][\"'”’)]?$", "", head)
    start = 0
    for match in BOUNDARY.finditer(head):
        if not ABBREVIATION.search(head[: match.start() + 1]):
            start = match.end()
    return start


def _strip_credits(text: str) -> tuple[str, list[str]]:
    """Remove inline photo credits with the caption sentence each one closes; return the credited names."""
    names: list[str] = []
    while match := CREDIT.search(text):
        name = CREDIT_NAME.search(match["credit"])
        if name:
            names.append(name["name"].strip())
        after = text[match.end() :].lstrip()
        if after:
            # A caption set into the running text: the sentence the credit closes is the caption.
            text = (text[: _sentence_start(text, match.start())] + after).strip()
        else:
            # A credit ending the paragraph: keep the sentence, it may be the story itself.
            text = text[: match.start()].rstrip()
    return text, names


def _strip_lead_names(text: str, credited: list[str]) -> tuple[str, list[str]]:
    """Remove a leading "By NAME" or all-caps byline from a paragraph; return the authors."""
    byline = INLINE_BYLINE.match(text)
    if byline:
        return text[byline.end() :], [name_case(byline["name"])]
    lead = LEADING_CAPS.match(text)
    if not lead or not credited:
        return text, []
    run = lead["run"].split()
    rest = text[lead.end("run") :]
    for name in credited:
        tokens = name.upper().split()
        if run[: len(tokens)] == tokens and len(tokens) >= 2:
            keep = " ".join(run[len(tokens) :])
            return (keep + rest if keep else rest.lstrip()), [name_case(" ".join(tokens))]
    if len(run) >= 3 and DATELINE_MARK.match(rest):
        return " ".join(run[2:]) + rest, [name_case(" ".join(run[:2]))]
    if len(run) <= 4 and not DATELINE_MARK.match(rest):
        return rest.lstrip(), [name_case(" ".join(run))]
    return text, []


def _strip_copyright(text: str) -> str:
    match = COPYRIGHT_START.search(text)
    if match and (COPYRIGHT_TAIL.search(text, match.start()) or len(text) - match.start() < 120):
        return text[: match.start()].rstrip()
    return text


def clean_paragraph(text: str, *, title: str = "", page: bool = False) -> tuple[str, list[str]]:
    """One paragraph without captions, credits, bylines and copyright notices; also the authors it named.

    With page=True (text scraped with its layout) a short paragraph ending in a photo credit is a caption
    and goes whole; elsewhere (feeds, JSON) only the credit goes, as the sentence may be the story itself.
    """
    text = " ".join(text.split())
    if title and text.startswith(title + " ") and len(text) > len(title) * 2:
        text = text[len(title) :].lstrip()
    credit = CREDIT.search(text)
    if page and credit and not text[credit.end() :].strip() and word_count(text) <= 40:
        return "", []
    text, credited = _strip_credits(text)
    text, authors = _strip_lead_names(text, credited)
    text = _strip_copyright(text)
    return text.strip(), authors


def clean_paragraphs(
    paragraphs: Iterable[str], *, title: str = "", page: bool = False
) -> tuple[list[str], list[str]]:
    """Clean a sequence of paragraphs: drop chrome lines and a repeated title, move bylines to authors."""
    kept: list[str] = []
    authors: list[str] = []
    title_key = norm(title)
    for raw in paragraphs:
        para = " ".join(raw.split())
        if not para or (title_key and norm(para) == title_key):
            continue
        names = byline_names(para) if word_count(para) <= 12 else []
        if names:
            authors.extend(names)
            continue
        if (len(para) <= 60 and time_outlet(para) is not None) or (
            not is_body(para) and is_chrome_label(para)
        ):
            continue
        if COPYRIGHT_LINE.search(para) and word_count(para) <= 60:
            continue
        text, found = clean_paragraph(para, title=title, page=page)
        authors.extend(found)
        if text:
            kept.append(text)
    return kept, authors


def outlet_name(outlet: str, text: str) -> str:
    """The outlet as the article itself writes it: "Japan Times" becomes "The Japan Times" if the text says so."""
    outlet = outlet.strip()
    if outlet and not outlet.lower().startswith("the ") and f"The {outlet}" in text:
        return f"The {outlet}"
    return outlet


def dedupe(names: Iterable[str]) -> tuple[str, ...]:
    """Names in first-seen order without repeats (case-insensitive)."""
    seen: dict[str, str] = {}
    for name in names:
        name = name.strip()
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return tuple(seen.values())


def finish_draft(draft: Draft, *, page: bool = False) -> Draft:
    """Clean a draft's paragraphs in place, collect bylines into authors, and settle the outlet's name."""
    paragraphs, authors = clean_paragraphs(draft.paragraphs, title=draft.title, page=page)
    draft.paragraphs = list(dict.fromkeys(paragraphs))  # a paragraph printed twice is kept once
    draft.authors = list(dedupe([*draft.authors, *authors]))
    draft.source = outlet_name(draft.source, draft.text)
    return draft
