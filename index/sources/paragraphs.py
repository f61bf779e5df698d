"""Boilerplate removal: scraped page text -> articles, and paragraph-level clutter stripping.

The rules look at the shape of lines (short lines without sentence punctuation, repeated lines, "time ago"
lines, all-caps name lines, bullets) and a small vocabulary of site chrome, never at one site's strings.
Whatever is kept is the article's own text, verbatim: quotes must be exact substrings of it.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from index.sources.dates import parse_published

log = logging.getLogger(__name__)


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


class Kind(Enum):
    """What a line of a scraped page is."""

    BLANK = "blank"
    BODY = "body"  # prose: a paragraph of the article
    SHORT = "short"  # a headline, subheading, outlet name or unclassified label
    CHROME = "chrome"  # site furniture: menus, app adverts, comment widgets, copyright
    TIME = "time"  # "Outlet13 hours ago", "time29 minutes ago"
    BULLET = "bullet"  # "• Outlet"
    CAPS = "caps"  # an all-caps name on its own line: a photo credit or byline
    CAPTION = "caption"  # a photo caption ("... |")
    BYLINE = "byline"  # "By Jane Doe"
    DATE = "date"  # a line that is only a date


@dataclass
class _Line:
    text: str
    kind: Kind


# --- vocabulary and line shapes --------------------------------------------------------------------------

_AGO = (
    r"(?:\d+|an?|one|a\s+few)\s*"
    r"(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mos?|months?|y|yrs?|years?)"
    r"\s+ago"
)
_TIME_LINE = re.compile(
    rf"^(?P<prefix>.*?)\s*[•·|,\-–—]?\s*{_AGO}\.?$"
    # "Today"/"Yesterday" only alone or after a separator: "Japan Today" is an outlet, not a time.
    r"|^(?:(?P<label>.*?)\s*[•·|,\-–—]\s*|(?:posted|updated|published)\s+)?"
    r"(?:just\s+now|yesterday|today)(?:,?\s+(?:at\s+)?\d.*)?$",
    re.IGNORECASE,
)
# Words a time line may be glued to that are labels (an icon's alt text), not an outlet.
_TIME_LABELS = re.compile(r"^(?:time|clock|icon|updated|posted|published|date|on)$", re.IGNORECASE)
_NAME_PARTICLES = frozenset({"of", "the", "and", "de", "la", "le", "du", "&"})
_BULLET = re.compile(r"^[•·▪●‣◦]\s*(?P<name>\S.*)$")
_NAME_WORD = r"[A-Z][A-Za-z'’\-.]*"
_CAPS_WORD = r"[A-Z][A-Z'’\-.]+"
_BYLINE = re.compile(
    rf"^By:?\s+(?P<names>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
    rf"(?:\s*(?:,|and|&)\s*{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})*)"
    r"(?:\s*[,|/–—-]\s*(?P<rest>.{0,60}))?$"
)
_CAPS_NAME = re.compile(rf"^{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{1,3}}$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_COPYRIGHT_LINE = re.compile(r"^(?:©|\(c\)\s*\d{4}|copyright\b)|all rights reserved", re.IGNORECASE)
_COPYRIGHT_START = re.compile(r"(?:©|\(c\)\s*\d{4}|\bCopyright\s+(?:©\s*)?\d{4})", re.IGNORECASE)
_COPYRIGHT_TAIL = re.compile(r"rights reserved|without (?:prior )?(?:written )?permission", re.IGNORECASE)

# Site furniture, matched on short lines only.
_CHROME = re.compile(
    r"""\b(?:
        logo|icon|banner|background|thumbnail|placeholder|
        download|apps?|app[\s-]?store|play[\s-]?store|google\s*play|
        comments?|replies|reply|subscribe[sd]?|subscription|newsletters?|sign[\s-]?(?:in|up|out)|
        log[\s-]?(?:in|out)|my\s+account|
        share|shares|tweet|facebook|twitter|whatsapp|linkedin|telegram|pinterest|email\s+this|
        advertisements?|advert|sponsored|promoted|ads?|
        cookies?|privacy|terms\s+of|
        related|recommended|trending|most\s+(?:read|popular|viewed)|read\s+(?:more|next|also)|
        see\s+(?:more|all)|view\s+(?:more|all)|load\s+more|more\s+(?:stories|news|from)|also\s+read|
        you\s+may\s+also\s+like|follow\s+us|menu|skip\s+to|back\s+to\s+top|homepage|
        features?|try\s+our|explore|get\s+started|start\s+exploring|watch\s+(?:now|live|video)|listen|
        play\s+video|click\s+here|loading
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
_CHROME_START = re.compile(
    r"""^[\W_]*(?:
        read\s+(?:more|next|also)|related|see\s+(?:more|also|all)|view\s+(?:more|all)|load\s+more|
        more\s+(?:stories|news|from|on)|also\s+read|share|sign\s*(?:in|up)|log\s*in|subscribe|follow\s+(?:us|on)|
        download|get\s+(?:started|the\s+app)|try\s+(?:our|it|the)|explore|advertisement|sponsored|promoted|
        comments?|no\s+comments|watch\s+(?:now|live|video)|click\s+here|skip\s+to|back\s+to\s+top|cookies?|
        terms\s+of|listen\s+to\s+this|play\s+video|logo|you\s+may\s+also
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
# Words that, alone on a line, are buttons or menu entries.
_UI_WORDS = frozenset(
    {
        "search", "home", "menu", "print", "register", "email", "login", "close", "open", "more", "next",
        "previous", "top", "back", "sections", "topics", "video", "videos", "photos", "gallery", "live",
    }
)
# Chrome words strong enough to mark a whole sentence as furniture when it sits among other furniture.
_STRONG_CHROME = re.compile(
    r"\b(?:download\w*|app\s+store|play\s+store|subscribe|sign\s+up|newsletters?|cookies?|our\s+app)\b",
    re.IGNORECASE,
)
# Headings that announce a list of other stories below them.
_SECTION = re.compile(
    r"^(?:related|recommended|more|also|read|you\s+may|latest|top\s+stories|trending|most)\b", re.IGNORECASE
)

# An inline photo credit in parentheses: "(Photo by X)", "(X/Pool Photo via AP)", "(Image credit: X)".
# A bare "(AP)" or "(Reuters)" is a dateline, not a credit, and stays.
_AGENCIES = r"AP|AFP|Reuters|Getty(?:\s+Images)?|EPA|Bloomberg|Kyodo|Xinhua|Yonhap|Shutterstock|Pool|Alamy|dpa"
_CREDIT = re.compile(
    r"\((?P<credit>[^()]{0,80}?(?:"
    r"\b(?:photo|photograph|image|picture|video)s?\s*(?:by\b|credit\b|courtesy\b|:)"
    rf"|\bvia\s+(?:{_AGENCIES})\b|/\s*(?:{_AGENCIES})\b|\b(?:{_AGENCIES})\s+(?:photo|image)s?\b"
    r"|\b(?:file|pool|handout|staff|courtesy)\s+(?:photo|image)s?\b|\bGetty\s+Images\b|\bShutterstock\b"
    r")[^()]{0,80})\)",
    re.IGNORECASE,
)
_CREDIT_NAME = re.compile(r"\b(?:photo|photograph|image|picture)s?\s+(?:by|:)\s*(?P<name>[^()/;,]+)", re.I)
# A sentence boundary: end punctuation, optional closing quote, space, then a capital or opening quote.
_BOUNDARY = re.compile(r"[.!?][\"'”’)]?\s+(?=[A-Z\"“‘'])")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Gov|Sen|Rep|Lt|Col|No|vs))\.$")
_INLINE_BYLINE = re.compile(rf"^By\s+(?P<name>{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{1,3}})\s+(?=[A-Z\"“‘'])")
_LEADING_CAPS = re.compile(rf"^(?P<run>{_CAPS_WORD}(?:\s+{_CAPS_WORD})+)(?P<after>\s+\S+)")
_DATELINE_MARK = re.compile(r"^\s*(?:--|—|–|\(|,)")


def _words(text: str) -> int:
    return len(text.split())


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _time_outlet(text: str) -> str | None:
    """For a "time ago" line, the outlet glued to it ("" if none); None if the line is not one.

    Whatever precedes the time must be a label or a name in title case: "The plant closed 3 years ago."
    is a sentence, not a time line.
    """
    match = _TIME_LINE.match(text)
    if not match:
        return None
    prefix = (match["prefix"] or match["label"] or "").strip(" •·|,-–—")
    if not prefix or _TIME_LABELS.match(prefix):
        return ""
    words = prefix.split()
    if len(words) <= 6 and all(w[0].isupper() or w[0].isdigit() or w in _NAME_PARTICLES for w in words):
        return prefix
    return None


def _is_chrome_label(text: str) -> bool:
    if not re.search(r"[^\W_]", text):
        return True  # separators, lone bullets, rules
    words = _words(text)
    cells = [c for c in re.split(r"\s[|•·/]\s", text) if c.strip()]
    if len(cells) >= 3 and all(_words(c) <= 3 for c in cells):
        return True  # a navigation bar: "Home | News | Sport"
    if words == 1 and (text[0].islower() or text.casefold().strip(":.") in _UI_WORDS):
        return True  # UI labels such as "logo", "Search"
    if words <= 3 and _CHROME.search(text):
        return True  # "Related Articles", "Orange background", "No comments yet..."
    # Longer labels count only when they open with chrome ("Read more about ...", "Download the app"),
    # so a subheading like "Fans share a moment" stays.
    return words <= 12 and bool(_CHROME_START.match(text)) or bool(_COPYRIGHT_LINE.search(text))


def _is_body(text: str) -> bool:
    words = _words(text)
    if text.endswith("...") and words < 8:
        return False
    return words >= 25 or (words >= 6 and bool(_SENTENCE_END.search(text)))


def _classify(text: str, repeated: bool) -> Kind:
    text = text.strip()
    if not text:
        return Kind.BLANK
    words = _words(text)
    if len(text) <= 60 and _time_outlet(text) is not None:
        return Kind.TIME
    if text.endswith("|") and words >= 4:
        return Kind.CAPTION
    credit = _CREDIT.search(text)
    if credit and not text[credit.end() :].strip() and words <= 40:
        return Kind.CAPTION  # a caption line closed by its photo credit
    if words <= 12 and _BYLINE.match(text):
        return Kind.BYLINE
    if _COPYRIGHT_LINE.search(text) and words <= 60:
        return Kind.CHROME
    bullet = _BULLET.match(text)
    if bullet and _words(bullet["name"]) <= 6:
        return Kind.BULLET
    if words <= 8 and not _SENTENCE_END.search(text) and parse_published(text):
        return Kind.DATE
    if repeated and not (text.endswith(".") and words >= 6) and words < 25:
        return Kind.SHORT  # headlines are often printed twice; a repeated sentence (a pull quote) is not one
    if _is_body(text):
        return Kind.BODY
    if _is_chrome_label(text):
        return Kind.CHROME
    if _CAPS_NAME.match(text):
        return Kind.CAPS
    return Kind.SHORT


def _classify_lines(lines: list[str]) -> list[_Line]:
    stripped = [line.strip() for line in lines]
    nonblank = [i for i, s in enumerate(stripped) if s]
    repeated: set[int] = set()
    for pos, i in enumerate(nonblank):
        key = _norm(stripped[i])
        for j in nonblank[max(0, pos - 6) : pos + 7]:
            if j != i and _norm(stripped[j]) == key:
                repeated.add(i)
    out = [_Line(s, _classify(s, i in repeated)) for i, s in enumerate(stripped)]
    # A sentence selling the site's app or newsletter, with furniture on both sides, is furniture too.
    changed = True
    while changed:
        changed = False
        for pos, i in enumerate(nonblank):
            line = out[i]
            if line.kind is not Kind.BODY or not _STRONG_CHROME.search(line.text) or _words(line.text) > 40:
                continue
            before = out[nonblank[pos - 1]].kind if pos > 0 else Kind.CHROME
            after = out[nonblank[pos + 1]].kind if pos + 1 < len(nonblank) else Kind.CHROME
            if before is Kind.CHROME and after is Kind.CHROME:
                line.kind = Kind.CHROME
                changed = True
    return out


def looks_like_page(text: str) -> bool:
    """Whether plain text looks like a saved web page with site chrome rather than a bare article."""
    lines = _classify_lines(text.splitlines()[:400])
    kinds = Counter(line.kind for line in lines)
    signals = sum(
        (
            kinds[Kind.TIME] > 0,
            kinds[Kind.BULLET] > 0,
            kinds[Kind.CAPTION] > 0,
            kinds[Kind.CHROME] >= 2,
            kinds[Kind.CHROME] >= 4,
            len({_norm(x.text) for x in lines if x.kind is Kind.SHORT})
            < sum(1 for x in lines if x.kind is Kind.SHORT),
        )
    )
    return signals >= 2


# --- splitting a page into articles ---------------------------------------------------------------------


def _split_names(names: str) -> list[str]:
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", names)
    return [_name_case(p.strip()) for p in parts if p.strip()]


def _name_case(name: str) -> str:
    """ALL-CAPS bylines become "Title Case"; mixed case is kept as written."""
    return name.title() if name.isupper() else name


def _byline_names(text: str) -> list[str]:
    match = _BYLINE.match(text.strip())
    return _split_names(match["names"]) if match else []


def _is_header(gap: list[_Line], first: bool) -> bool:
    kinds = [line.kind for line in gap]
    shorts = Counter(_norm(line.text) for line in gap if line.kind is Kind.SHORT)
    if first:
        return bool(shorts) or Kind.TIME in kinds
    if Kind.TIME in kinds or any(n >= 2 for n in shorts.values()):
        return True
    # "Related stories" followed by a headline, or a headline followed by its byline (a lone date line
    # under a subheading is common inside timelines, so it does not count).
    for i, line in enumerate(gap):
        if line.kind is Kind.CHROME and _SECTION.match(line.text) and Kind.SHORT in kinds[i + 1 :]:
            return True
        if line.kind is Kind.SHORT and Kind.BYLINE in kinds[i + 1 :]:
            return True
    return False


def _pick_title(gap: list[_Line]) -> int | None:
    """The index in gap of the headline line."""
    shorts = [i for i, line in enumerate(gap) if line.kind is Kind.SHORT]
    if not shorts:
        return None
    counts = Counter(_norm(gap[i].text) for i in shorts)
    top, n = counts.most_common(1)[0]
    if n >= 2:
        return next(i for i in shorts if _norm(gap[i].text) == top)
    marker = next(
        (i for i, line in enumerate(gap) if line.kind in (Kind.TIME, Kind.BYLINE, Kind.DATE)), None
    )
    if marker is not None:
        before = [i for i in shorts if i < marker]
        if before:
            return before[-1]
    section = max((i for i, line in enumerate(gap) if line.kind is Kind.CHROME and _SECTION.match(line.text)),
                  default=-1)
    after_section = [i for i in shorts if i > section] or shorts
    return max(after_section, key=lambda i: _words(gap[i].text))


def _read_header(gap: list[_Line], draft: Draft, first: bool = False) -> None:
    title_at = _pick_title(gap)
    start = title_at if title_at is not None else 0
    if title_at is not None:
        draft.title = gap[title_at].text
    title_key = _norm(draft.title)
    outlets: list[tuple[int, str]] = []  # (preference, name): glued to the time, bulleted, on its own
    for line in gap[start:]:
        if line.kind is Kind.TIME and (prefix := _time_outlet(line.text)):
            outlets.append((0, prefix))
        elif line.kind is Kind.BULLET and (bullet := _BULLET.match(line.text)):
            outlets.append((1, bullet["name"].strip()))
        elif line.kind is Kind.SHORT and _norm(line.text) != title_key and _words(line.text) <= 5:
            outlets.append((2, line.text))
        elif line.kind is Kind.BYLINE:
            draft.authors.extend(_byline_names(line.text))
        elif line.kind is Kind.DATE and draft.published is None:
            draft.published = parse_published(line.text)
    if not outlets and first:
        # A page's masthead: a short name above the first headline.
        outlets = [(3, x.text) for x in gap[:start] if x.kind is Kind.SHORT and _words(x.text) <= 4]
    if outlets:
        draft.source = min(outlets, key=lambda o: o[0])[1]


def split_page(text: str) -> list[Draft]:
    """Split the text of a saved web page into its articles, dropping site chrome around and inside them."""
    lines = [line for line in _classify_lines(text.splitlines()) if line.kind is not Kind.BLANK]
    # Alternate runs: gaps of non-body lines and the body lines between them.
    runs: list[tuple[bool, list[_Line]]] = []
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
                current.authors.extend(_byline_names(line.text))
            elif line.kind is Kind.DATE and current.published is None:
                current.published = parse_published(line.text)
            elif line.kind is Kind.SHORT and not trailing and _words(line.text) >= 3:
                current.paragraphs.append(line.text)  # a subheading inside the story
    out: list[Draft] = []
    for draft in drafts:
        finish_draft(draft, page=True)
        if draft.paragraphs:
            out.append(draft)
    return out


# --- paragraph-level cleaning ---------------------------------------------------------------------------


def _sentence_start(text: str, end: int) -> int:
    """Where the sentence that ends at `end` begins."""
    head = text[:end].rstrip()
    head = re.sub(r"[.!?][\"'”’)]?$", "", head)
    start = 0
    for match in _BOUNDARY.finditer(head):
        if not _ABBREVIATION.search(head[: match.start() + 1]):
            start = match.end()
    return start


def _strip_credits(text: str) -> tuple[str, list[str]]:
    """Remove inline photo credits with the caption sentence each one closes; return the credited names."""
    names: list[str] = []
    while match := _CREDIT.search(text):
        name = _CREDIT_NAME.search(match["credit"])
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
    byline = _INLINE_BYLINE.match(text)
    if byline:
        return text[byline.end() :], [_name_case(byline["name"])]
    lead = _LEADING_CAPS.match(text)
    if not lead or not credited:
        return text, []
    run = lead["run"].split()
    rest = text[lead.end("run") :]
    for name in credited:
        tokens = name.upper().split()
        if run[: len(tokens)] == tokens and len(tokens) >= 2:
            keep = " ".join(run[len(tokens) :])
            return (keep + rest if keep else rest.lstrip()), [_name_case(" ".join(tokens))]
    if len(run) >= 3 and _DATELINE_MARK.match(rest):
        return " ".join(run[2:]) + rest, [_name_case(" ".join(run[:2]))]
    if len(run) <= 4 and not _DATELINE_MARK.match(rest):
        return rest.lstrip(), [_name_case(" ".join(run))]
    return text, []


def _strip_copyright(text: str) -> str:
    match = _COPYRIGHT_START.search(text)
    if match and (_COPYRIGHT_TAIL.search(text, match.start()) or len(text) - match.start() < 120):
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
    credit = _CREDIT.search(text)
    if page and credit and not text[credit.end() :].strip() and _words(text) <= 40:
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
    title_key = _norm(title)
    for raw in paragraphs:
        para = " ".join(raw.split())
        if not para or (title_key and _norm(para) == title_key):
            continue
        names = _byline_names(para) if _words(para) <= 12 else []
        if names:
            authors.extend(names)
            continue
        if (len(para) <= 60 and _time_outlet(para) is not None) or (
            not _is_body(para) and _is_chrome_label(para)
        ):
            continue
        if _COPYRIGHT_LINE.search(para) and _words(para) <= 60:
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
