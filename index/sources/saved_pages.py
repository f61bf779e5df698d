"""Saved web pages (a browser's text copy): split into their articles, site chrome dropped around and inside them."""

from __future__ import annotations

from collections import Counter

from index.sources.dates import parse_published
from index.sources.lines import (
    BULLET,
    SECTION,
    Kind,
    Line,
    byline_names,
    classify_lines,
    norm,
    time_outlet,
    word_count,
)
from index.sources.paragraphs import Draft, finish_draft


def looks_like_page(text: str) -> bool:
    """Whether plain text looks like a saved web page with site chrome rather than a bare article."""
    lines = classify_lines(text.splitlines()[:400])
    kinds = Counter(line.kind for line in lines)
    signals = sum(
        (
            kinds[Kind.TIME] > 0,
            kinds[Kind.BULLET] > 0,
            kinds[Kind.CAPTION] > 0,
            kinds[Kind.CHROME] >= 2,
            kinds[Kind.CHROME] >= 4,
            len({norm(x.text) for x in lines if x.kind is Kind.SHORT})
            < sum(1 for x in lines if x.kind is Kind.SHORT),
        )
    )
    return signals >= 2






def _is_header(gap: list[Line], first: bool) -> bool:
    kinds = [line.kind for line in gap]
    shorts = Counter(norm(line.text) for line in gap if line.kind is Kind.SHORT)
    if first:
        return bool(shorts) or Kind.TIME in kinds
    if Kind.TIME in kinds or any(n >= 2 for n in shorts.values()):
        return True
    # "Related stories" followed by a headline, or a headline followed by its byline (a lone date line
    # under a subheading is common inside timelines, so it does not count).
    for i, line in enumerate(gap):
        if line.kind is Kind.CHROME and SECTION.match(line.text) and Kind.SHORT in kinds[i + 1 :]:
            return True
        if line.kind is Kind.SHORT and Kind.BYLINE in kinds[i + 1 :]:
            return True
    return False


def _pick_title(gap: list[Line]) -> int | None:
    """The index in gap of the headline line."""
    shorts = [i for i, line in enumerate(gap) if line.kind is Kind.SHORT]
    if not shorts:
        return None
    counts = Counter(norm(gap[i].text) for i in shorts)
    top, n = counts.most_common(1)[0]
    if n >= 2:
        return next(i for i in shorts if norm(gap[i].text) == top)
    marker = next(
        (i for i, line in enumerate(gap) if line.kind in (Kind.TIME, Kind.BYLINE, Kind.DATE)), None
    )
    if marker is not None:
        before = [i for i in shorts if i < marker]
        if before:
            return before[-1]
    section = max((i for i, line in enumerate(gap) if line.kind is Kind.CHROME and SECTION.match(line.text)),
                  default=-1)
    after_section = [i for i in shorts if i > section] or shorts
    return max(after_section, key=lambda i: word_count(gap[i].text))


def _read_header(gap: list[Line], draft: Draft, first: bool = False) -> None:
    title_at = _pick_title(gap)
    start = title_at if title_at is not None else 0
    if title_at is not None:
        draft.title = gap[title_at].text
    title_key = norm(draft.title)
    outlets: list[tuple[int, str]] = []  # (preference, name): glued to the time, bulleted, on its own
    for line in gap[start:]:
        if line.kind is Kind.TIME and (prefix := time_outlet(line.text)):
            outlets.append((0, prefix))
        elif line.kind is Kind.BULLET and (bullet := BULLET.match(line.text)):
            outlets.append((1, bullet["name"].strip()))
        elif line.kind is Kind.SHORT and norm(line.text) != title_key and word_count(line.text) <= 5:
            outlets.append((2, line.text))
        elif line.kind is Kind.BYLINE:
            draft.authors.extend(byline_names(line.text))
        elif line.kind is Kind.DATE and draft.published is None:
            draft.published = parse_published(line.text)
    if not outlets and first:
        # A page's masthead: a short name above the first headline.
        outlets = [(3, x.text) for x in gap[:start] if x.kind is Kind.SHORT and word_count(x.text) <= 4]
    if outlets:
        draft.source = min(outlets, key=lambda o: o[0])[1]


def split_page(text: str) -> list[Draft]:
    """Split the text of a saved web page into its articles, dropping site chrome around and inside them."""
    lines = [line for line in classify_lines(text.splitlines()) if line.kind is not Kind.BLANK]
    # Alternate runs: gaps of non-body lines and the body lines between them.
    runs: list[tuple[bool, list[Line]]] = []
    for line in lines:
        is_body = line.kind is Kind.BODY
        if runs and runs[-1][0] == is_body and not is_body:
            runs[-1][1].append(line)
        else:
            runs.append((is_body, [line]))
    drafts: list[Draft] = []
    current: Draft | None = None
    for pos, (is_body, run) in enumerate(runs):
        if is_body:
            if current is None:
                current = Draft()
                drafts.append(current)
            current.paragraphs.append(run[0].text)
            continue
        if _is_header(run, first=current is None):
            _read_header(run, draft := Draft(), first=current is None)
            current = draft
            drafts.append(current)
            continue
        if current is None:
            continue
        trailing = pos + 1 >= len(runs)
        for line in run:
            if line.kind is Kind.BYLINE:
                current.authors.extend(byline_names(line.text))
            elif line.kind is Kind.DATE and current.published is None:
                current.published = parse_published(line.text)
            elif line.kind is Kind.SHORT and not trailing and word_count(line.text) >= 3:
                current.paragraphs.append(line.text)  # a subheading inside the story
    out: list[Draft] = []
    for draft in drafts:
        finish_draft(draft, page=True)
        if draft.paragraphs:
            out.append(draft)
    return out


