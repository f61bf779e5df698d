"""Saved web pages (a browser's text copy, or a text-mode browser's dump): the page's story, and any other full
stories it carries, with the site's chrome dropped around and inside them.

A page is read as runs of prose (body lines) between gaps of other lines. Runs joined by gaps that a story can
have inside it (an advert, a caption, a subheading, a short box of links before the story goes on) make a region;
the largest region is the page's story. Another region is a story of its own only when it has a story's header
(a headline printed twice, or followed by its outlet, time or byline) and a story's length: a headline with a
line of teaser text under it, a sidebar, a comment, an author's note or a cookie notice is not one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from index.sources.dates import parse_published
from index.sources.lines import (
    BULLET,
    COPYRIGHT_LINE,
    EMAIL,
    Kind,
    Line,
    byline_names,
    byline_outlet,
    classify_lines,
    is_call_to_action,
    name_case,
    norm,
    time_outlet,
    word_count,
)
from index.sources.paragraphs import Draft, finish_draft

MAX_GAP = 8  # lines of furniture a story can have between two of its paragraphs
STORY_WORDS = 40  # the least a second story on a page says (a teaser says a sentence)
_MARKERS = (Kind.BYLINE, Kind.DATE, Kind.TIME, Kind.READTIME, Kind.BULLET)
_SENTENCE = re.compile(r"[.!?][\"'”’)]*(?:\s|$)")
_BIO = re.compile(r"^\s*(?:is|was|writes|covers|reports|has\s+(?:written|reported|covered)|lives|joined)\b")
_PHONE = re.compile(r"\b\d{3}[-. ]\d{4}\b|\+\d[\d ]{7,}")
_CORPORATE = re.compile(
    r"(?:\s*[,.]?\s*\b(?:company|co|ltd|limited|inc|incorporated|llc|plc|gmbh|media|group|holdings|corp(?:oration)?)\b\.?)+$",
    re.IGNORECASE,
)
_COPYRIGHT_MARKS = re.compile(r"^(?:copyright\s*)?(?:©|\(c\))?\s*(?:copyright\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?[\s,]*", re.I)


def looks_like_page(text: str) -> bool:
    """Whether plain text looks like a saved web page with site chrome rather than a bare article."""
    lines = classify_lines(text.splitlines()[:400])
    kinds = Counter(line.kind for line in lines)
    short = [x for x in lines if x.kind in (Kind.SHORT, Kind.CHROME, Kind.CAPS) and word_count(x.text) <= 4]
    signals = sum(
        (
            kinds[Kind.TIME] > 0,
            kinds[Kind.BULLET] > 0,
            kinds[Kind.CAPTION] > 0,
            kinds[Kind.SECTION] > 0,
            kinds[Kind.BYLINE] + kinds[Kind.DATE] + kinds[Kind.READTIME] > 0,
            kinds[Kind.CHROME] >= 2,
            kinds[Kind.CHROME] >= 4,
            len(short) >= 8,  # menus and buttons
            sum(1 for x in lines if x.kind not in (Kind.BODY, Kind.BLANK)) >= 10,
            len({norm(x.text) for x in lines if x.kind is Kind.SHORT})
            < sum(1 for x in lines if x.kind is Kind.SHORT),
        )
    )
    return signals >= 2


# --- runs, gaps and regions -------------------------------------------------------------------------------


@dataclass
class _Run:
    """Consecutive lines that are all prose (body) or all something else (a gap)."""

    start: int
    end: int  # exclusive
    body: bool


@dataclass
class _Region:
    """Prose runs that read as one story, with the gaps inside it."""

    runs: list[int] = field(default_factory=list)  # indices into the runs list, first and last are prose
    words: int = 0


def _runs(lines: list[Line]) -> list[_Run]:
    out: list[_Run] = []
    for i, line in enumerate(lines):
        body = line.kind is Kind.BODY
        if out and out[-1].body == body:
            out[-1].end = i + 1
        else:
            out.append(_Run(i, i + 1, body))
    return out


def _words(lines: list[Line], run: _Run) -> int:
    return sum(word_count(line.text) for line in lines[run.start : run.end])


def _bridges(gap: list[Line], after: list[Line], then: list[Line]) -> bool:
    """Whether a story goes on across this gap: furniture inside a story, not the end of it or a new header.

    after is the prose that follows the gap and then the gap after that: a box of links inside a story is
    followed by more of the story, a list of teasers by a teaser's line and the next teaser's headline.
    """
    if len(gap) > MAX_GAP:
        return False
    text = " ".join(x.text for x in after)
    substantial = len(after) >= 2 or word_count(text) >= STORY_WORDS or _sentences(text) >= 2
    next_teaser = bool(then) and then[0].kind is Kind.SHORT and word_count(then[0].text) >= 3
    goes_on = substantial or not next_teaser
    headlines = {norm(x.text) for x in gap if x.kind is Kind.SHORT and word_count(x.text) >= 4}
    if len(headlines) >= 2 and not any(x.kind is Kind.SECTION for x in gap) and not substantial:
        return False  # links to other stories (older and newer posts), then something that is not this story
    teaser = (gap and gap[-1].kind is Kind.SHORT and word_count(gap[-1].text) >= 5 and next_teaser
              and word_count(then[0].text) >= 5 and len(after) == 1 and _sentences(text) <= 1)
    if teaser:
        return False  # a headline, one line of teaser text, the next headline: a list of links
    for k, line in enumerate(gap):
        if line.kind in (Kind.TIME, Kind.BYLINE, Kind.READTIME, Kind.BULLET):
            return False  # a new story's header
        if line.kind is Kind.SHORT and line.repeated and word_count(line.text) >= 3:
            return False  # a headline printed twice
        if line.kind is Kind.CHROME and COPYRIGHT_LINE.search(line.text):
            return False  # the page's footer
        if line.kind is Kind.SECTION and (line.section != "related" or not goes_on):
            # comments, the author's box, references, sponsored content; or links that end the story
            return False
        if line.kind is Kind.DATE and not (k and gap[k - 1].kind is Kind.SHORT and word_count(gap[k - 1].text) >= 3):
            return False  # a name over a timestamp (a comment, a post); a date under a subheading is part of a story
    return True


def _regions(lines: list[Line], runs: list[_Run]) -> list[_Region]:
    regions: list[_Region] = []
    for idx, run in enumerate(runs):
        if not run.body:
            continue
        words = _words(lines, run)
        last = regions[-1] if regions else None
        if last is not None and last.runs[-1] == idx - 2:
            gap = runs[idx - 1]
            then = lines[runs[idx + 1].start : runs[idx + 1].end] if idx + 1 < len(runs) else []
            if _bridges(lines[gap.start : gap.end], lines[run.start : run.end], then):
                last.runs += [idx - 1, idx]
                last.words += words
                continue
        regions.append(_Region([idx], words))
    return regions


# --- headers: headline, outlet, authors, date -------------------------------------------------------------


def _marked_outlets(gap: list[Line]) -> set[str]:
    """The outlet names a header gives in its markers: "• Seoul Morning Wire", "Seoul Morning Wire2 hours ago"."""
    names = {norm(_glued_outlet(line)) for line in gap}
    names |= {norm(bullet["name"]) for line in gap if line.kind is Kind.BULLET and (bullet := BULLET.match(line.text))}
    return names - {""}


def _headline_candidates(gap: list[Line]) -> list[int]:
    """Lines of a gap that may be a headline: short lines of three words or more, but not an outlet's name that
    a bullet or a time line in the same gap repeats ("Seoul Morning Wire" over "• Seoul Morning Wire")."""
    outlets = _marked_outlets(gap)
    return [
        i for i, line in enumerate(gap)
        if line.kind is Kind.SHORT and word_count(line.text) >= 3 and norm(line.text) not in outlets
    ]


def _pick_title(gap: list[Line]) -> int | None:
    """The index in gap of the headline: printed twice, or the last headline-like line before the byline/date."""
    shorts = _headline_candidates(gap)
    repeated = [i for i in shorts if gap[i].repeated]
    if repeated:
        return repeated[0]
    marker = next((i for i, line in enumerate(gap) if line.kind in _MARKERS or _glued_outlet(line)), None)
    if marker is not None:
        # the headline stands just above the byline or date, maybe with an author's line between them
        near = [i for i in shorts if marker - 4 <= i < marker]
        longer = [i for i in near if word_count(gap[i].text) >= 4]
        return (longer or near)[-1] if near else None
    section = max((i for i, line in enumerate(gap) if line.kind is Kind.SECTION), default=-1)
    after = [i for i in shorts if i > section] or shorts
    return max(after, key=lambda i: word_count(gap[i].text)) if after else None


def _glued_outlet(line: Line) -> str:
    return (time_outlet(line.text) or "") if line.kind is Kind.TIME else ""


def _name_like(text: str) -> bool:
    """An outlet's or a person's name: a few capitalised words, no digits, no sentence, no button."""
    words = text.split()
    return (
        1 <= len(words) <= 6
        and len(text) <= 48
        and not re.search(r"[\d.!?,:;@|/]", text)
        and all(w[0].isupper() or w.lower() in ("of", "the", "and", "&", "de", "la", "for") for w in words)
    )


def _copyright_holder(lines: list[Line]) -> str:
    for line in reversed(lines):
        if COPYRIGHT_LINE.search(line.text):
            holder = _COPYRIGHT_MARKS.sub("", line.text.split(". All rights")[0].split("All rights")[0]).strip(" .,")
            holder = _CORPORATE.sub("", holder).strip(" .,")
            if holder and _name_like(holder):
                return holder
    return ""


def _masthead(lines: list[Line], title_at: int) -> str:
    """The site's name: a name-like line at the top of the page, agreeing with its copyright line if it has one."""
    holder = _copyright_holder(lines)
    top = [line.text for line in lines[: min(title_at, 24)]
           if line.kind in (Kind.SHORT, Kind.CAPS) and _name_like(line.text)]
    key = norm(holder).removeprefix("the ")
    for text in top:
        if key and norm(text).removeprefix("the ") == key:
            return holder if text.isupper() else text  # the copyright line's case for an all-caps masthead
    multi = [t for t in top if len(t.split()) >= 2]
    if multi:
        return name_case(multi[0]) if multi[0].isupper() else multi[0]
    return holder


@dataclass
class _Header:
    title: str = ""
    outlets: list[tuple[int, str]] = field(default_factory=list)  # (preference, name)
    authors: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # people named above the story (bylines, a name line)
    published: datetime | None = None


def _read_header(gap: list[Line], header: _Header, *, main: bool) -> int | None:
    """Headline, outlet, authors and date from the lines above a story; returns the headline's index."""
    title_at = _pick_title(gap)
    if title_at is not None and not header.title:
        header.title = gap[title_at].text
    start = title_at if title_at is not None else 0
    title_key = norm(header.title)
    for line in gap[start:]:
        if line.kind is Kind.TIME and (glued := _glued_outlet(line)):
            header.outlets.append((0, glued))
        elif line.kind is Kind.BULLET and (bullet := BULLET.match(line.text)):
            header.outlets.append((1, bullet["name"].strip()))
        elif line.kind is Kind.BYLINE:
            names = byline_names(line.text)
            header.authors.extend(names)
            header.names.extend(names)
            if outlet := byline_outlet(line.text):
                header.outlets.append((2 if main else 3, outlet))
            rest = parse_published(line.text.split("|")[-1]) if "|" in line.text else None
            header.published = header.published or rest
        elif line.kind is Kind.DATE and header.published is None:
            parts = re.split(r"\s[|·•∙]\s", line.text)
            header.published = next((d for p in parts if (d := parse_published(p))), None)
        elif line.kind in (Kind.SHORT, Kind.CAPS) and norm(line.text) != title_key and _name_like(line.text):
            header.outlets.append((4 if main else 2, line.text))
            if len(line.text.split()) in (2, 3):
                header.names.append(name_case(line.text))
    return title_at


# --- assembling a story -----------------------------------------------------------------------------------


def _is_bio(text: str, names: list[str]) -> bool:
    """An author's note: a line about someone named above the story ("Ana Lima writes about rivers ...")."""
    for name in names:
        if text.startswith(name) and (_BIO.match(text[len(name) :]) or EMAIL.search(text) or _PHONE.search(text)):
            return True
        if name in text and word_count(text) <= 20 and (EMAIL.search(text) or _PHONE.search(text)):
            return True
    return False


def _sentences(text: str) -> int:
    return len(_SENTENCE.findall(text + " "))


def _story_lines(lines: list[Line], runs: list[_Run], region: _Region, names: list[str]) -> list[str]:
    """The paragraphs of a region: its prose, subheadings, table rows and contact lines; no furniture, no bio."""
    first, last = runs[region.runs[0]], runs[region.runs[-1]]
    span = lines[first.start : last.end]
    # what follows the last paragraph belongs to it when that paragraph introduces it ("... by email:")
    tail: list[Line] = []
    if span and span[-1].text.endswith(":"):
        for line in lines[last.end :]:
            if line.kind not in (Kind.TABLE, Kind.CONTACT):
                break
            tail.append(line)
    body = [x.text for x in span if x.kind is Kind.BODY]
    out: list[str] = []
    after_section = False
    for k, line in enumerate([*span, *tail]):
        if line.kind is Kind.BODY:
            after_section = False
            if _is_bio(line.text, names):
                break  # the author's note ends the story
            if _is_pull_quote(line.text, body):
                continue
            out.append(line.text)
        elif line.kind is Kind.SECTION:
            after_section = True  # a box of links inside the story: its lines are not the story's
        elif line.kind is Kind.TABLE:
            out.append(_table_row(line.text))
        elif line.kind is Kind.CONTACT and not _is_bio(line.text, names):
            out.append(line.text)
        elif line.kind is Kind.SHORT and word_count(line.text) >= 3 and not after_section:
            prev = [*span, *tail][k - 1] if k else None
            if prev is not None and prev.kind is Kind.CHROME and prev.text.endswith(":"):
                continue  # the link a "Read more:" label points to
            out.append(line.text)  # a subheading inside the story
    while len(out) > 3 and is_call_to_action(out[-1]):
        out.pop()  # "Got a story tip? Contact our newsroom." after the story
    return out


def _is_pull_quote(text: str, body: list[str]) -> bool:
    """A short line repeating words of a paragraph (a pull quote)."""
    key = norm(text).strip("“”\"'‘’ .")
    return word_count(text) <= 40 and len(key) >= 20 and any(key in norm(b) and norm(b) != norm(text) for b in body)


def _table_row(text: str) -> str:
    cells = [c.strip() for c in (text.strip().strip("|").split("|") if "\t" not in text else text.split("\t"))]
    return "| " + " | ".join(c for c in cells if c) + " |"


def _strong_header(gap: list[Line]) -> bool:
    """A story's header: one headline, printed twice or above its outlet, time or byline.

    A gap naming several headlines is a list of links, whatever prose happens to follow its last one.
    """
    section = max((i for i, line in enumerate(gap) if line.kind is Kind.SECTION), default=-1)
    shorts = [i for i in _headline_candidates(gap) if i > section]
    if len({norm(gap[i].text) for i in shorts}) != 1:
        return False
    if any(gap[i].repeated for i in shorts):
        return True
    return any(
        line.kind in (Kind.TIME, Kind.BULLET, Kind.BYLINE) and any(i < k for i in shorts) for k, line in enumerate(gap)
    )


def split_page(text: str) -> list[Draft]:
    """Split the text of a saved web page into its stories, dropping site chrome around and inside them."""
    lines = [line for line in classify_lines(text.splitlines()) if line.kind is not Kind.BLANK]
    runs = _runs(lines)
    regions = _regions(lines, runs)
    if not regions:
        return []
    main = max(regions, key=lambda r: r.words)
    main_end = runs[main.runs[-1]].end
    drafts: list[tuple[int, Draft]] = []
    for region in regions:
        first = region.runs[0]
        gap = lines[runs[first - 1].start : runs[first - 1].end] if first > 0 else []
        if region is not main:
            # after the story, a comments heading makes what follows comments until a heading of other stories
            in_comments = False
            for line in lines[main_end : runs[first].start]:
                if line.kind is Kind.SECTION:
                    in_comments = line.section == "comments" or (in_comments and line.section != "related")
            body = [x.text for x in lines[runs[first].start : runs[region.runs[-1]].end] if x.kind is Kind.BODY]
            words = sum(word_count(b) for b in body)
            if in_comments or not _strong_header(gap) or words < STORY_WORDS or _sentences(" ".join(body)) < 2:
                continue
        header = _Header()
        gap_start = runs[first - 1].start if first > 0 else 0
        title_at = _read_header(gap, header, main=region is main)
        title_line = gap_start + title_at if title_at is not None else gap_start
        if region is main and title_at is None and first >= 3:
            # a standfirst between the headline and the byline: the headline is above it
            dek, above = runs[first - 2], runs[first - 3]
            if dek.end - dek.start <= 2 and _words(lines, dek) <= 60:
                title_at = _read_header(lines[above.start : above.end], header, main=True)
                title_line = above.start + title_at if title_at is not None else above.start
        if region is main and (masthead := _masthead(lines, title_line)):
            header.outlets.append((3, masthead))
        paragraphs = _story_lines(lines, runs, region, header.names)
        draft = Draft(title=header.title, paragraphs=paragraphs, authors=list(header.authors))
        if header.outlets:
            draft.source = min(header.outlets, key=lambda o: o[0])[1]
        if header.published is not None:
            draft.published = header.published
        drafts.append((0 if region is main else 1, draft))
    out: list[Draft] = []
    for _, draft in sorted(drafts, key=lambda d: d[0]):
        finish_draft(draft, page=True)
        if draft.paragraphs:
            out.append(draft)
    return out
