"""The shapes of lines in scraped text: body prose, headlines, times, bylines, captions, credits and site chrome.

The rules look at the shape of lines (short lines without sentence punctuation, repeated lines, "time ago"
lines, all-caps name lines, bullets) and a small vocabulary of site chrome, never at one site's strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from index.sources.dates import parse_published


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
class Line:
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
BULLET = re.compile(r"^[•·▪●‣◦]\s*(?P<name>\S.*)$")
_NAME_WORD = r"[A-Z][A-Za-z'’\-.]*"
CAPS_WORD = r"[A-Z][A-Z'’\-.]+"
BYLINE = re.compile(
    rf"^By:?\s+(?P<names>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
    rf"(?:\s*(?:,|and|&)\s*{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})*)"
    r"(?:\s*[,|/–—-]\s*(?P<rest>.{0,60}))?$"
)
_CAPS_NAME = re.compile(rf"^{CAPS_WORD}(?:\s+{CAPS_WORD}){{1,3}}$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
COPYRIGHT_LINE = re.compile(r"^(?:©|\(c\)\s*\d{4}|copyright\b)|all rights reserved", re.IGNORECASE)
COPYRIGHT_START = re.compile(r"(?:©|\(c\)\s*\d{4}|\bCopyright\s+(?:©\s*)?\d{4})", re.IGNORECASE)
COPYRIGHT_TAIL = re.compile(r"rights reserved|without (?:prior )?(?:written )?permission", re.IGNORECASE)

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
SECTION = re.compile(
    r"^(?:related|recommended|more|also|read|you\s+may|latest|top\s+stories|trending|most)\b", re.IGNORECASE
)

# An inline photo credit in parentheses: "(Photo by X)", "(X/Pool Photo via AP)", "(Image credit: X)".
# A bare "(AP)" or "(Reuters)" is a dateline, not a credit, and stays.
_AGENCIES = r"AP|AFP|Reuters|Getty(?:\s+Images)?|EPA|Bloomberg|Kyodo|Xinhua|Yonhap|Shutterstock|Pool|Alamy|dpa"
CREDIT = re.compile(
    r"\((?P<credit>[^()]{0,80}?(?:"
    r"\b(?:photo|photograph|image|picture|video)s?\s*(?:by\b|credit\b|courtesy\b|:)"
    rf"|\bvia\s+(?:{_AGENCIES})\b|/\s*(?:{_AGENCIES})\b|\b(?:{_AGENCIES})\s+(?:photo|image)s?\b"
    r"|\b(?:file|pool|handout|staff|courtesy)\s+(?:photo|image)s?\b|\bGetty\s+Images\b|\bShutterstock\b"
    r")[^()]{0,80})\)",
    re.IGNORECASE,
)
CREDIT_NAME = re.compile(r"\b(?:photo|photograph|image|picture)s?\s+(?:by|:)\s*(?P<name>[^()/;,]+)", re.I)
# A sentence boundary: end punctuation, optional closing quote, space, then a capital or opening quote.
BOUNDARY = re.compile(r"[.!?][\"'”’)]?\s+(?=[A-Z\"“‘'])")
ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Gov|Sen|Rep|Lt|Col|No|vs))\.$")
INLINE_BYLINE = re.compile(rf"^By\s+(?P<name>{CAPS_WORD}(?:\s+{CAPS_WORD}){{1,3}})\s+(?=[A-Z\"“‘'])")
LEADING_CAPS = re.compile(rf"^(?P<run>{CAPS_WORD}(?:\s+{CAPS_WORD})+)(?P<after>\s+\S+)")
DATELINE_MARK = re.compile(r"^\s*(?:--|—|–|\(|,)")


def word_count(text: str) -> int:
    return len(text.split())


def norm(text: str) -> str:
    return " ".join(text.casefold().split())


def time_outlet(text: str) -> str | None:
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


def is_chrome_label(text: str) -> bool:
    if not re.search(r"[^\W_]", text):
        return True  # separators, lone bullets, rules
    words = word_count(text)
    cells = [c for c in re.split(r"\s[|•·/]\s", text) if c.strip()]
    if len(cells) >= 3 and all(word_count(c) <= 3 for c in cells):
        return True  # a navigation bar: "Home | News | Sport"
    if words == 1 and (text[0].islower() or text.casefold().strip(":.") in _UI_WORDS):
        return True  # UI labels such as "logo", "Search"
    if words <= 3 and _CHROME.search(text):
        return True  # "Related Articles", "Orange background", "No comments yet..."
    # Longer labels count only when they open with chrome ("Read more about ...", "Download the app"),
    # so a subheading like "Fans share a moment" stays.
    return words <= 12 and bool(_CHROME_START.match(text)) or bool(COPYRIGHT_LINE.search(text))


def is_body(text: str) -> bool:
    words = word_count(text)
    if text.endswith("...") and words < 8:
        return False
    return words >= 25 or (words >= 6 and bool(_SENTENCE_END.search(text)))


def _classify(text: str, repeated: bool) -> Kind:
    text = text.strip()
    if not text:
        return Kind.BLANK
    words = word_count(text)
    if len(text) <= 60 and time_outlet(text) is not None:
        return Kind.TIME
    if text.endswith("|") and words >= 4:
        return Kind.CAPTION
    credit = CREDIT.search(text)
    if credit and not text[credit.end() :].strip() and words <= 40:
        return Kind.CAPTION  # a caption line closed by its photo credit
    if words <= 12 and BYLINE.match(text):
        return Kind.BYLINE
    if COPYRIGHT_LINE.search(text) and words <= 60:
        return Kind.CHROME
    bullet = BULLET.match(text)
    if bullet and word_count(bullet["name"]) <= 6:
        return Kind.BULLET
    if words <= 8 and not _SENTENCE_END.search(text) and parse_published(text):
        return Kind.DATE
    if repeated and not (text.endswith(".") and words >= 6) and words < 25:
        return Kind.SHORT  # headlines are often printed twice; a repeated sentence (a pull quote) is not one
    if is_body(text):
        return Kind.BODY
    if is_chrome_label(text):
        return Kind.CHROME
    if _CAPS_NAME.match(text):
        return Kind.CAPS
    return Kind.SHORT


def classify_lines(lines: list[str]) -> list[Line]:
    stripped = [line.strip() for line in lines]
    nonblank = [i for i, s in enumerate(stripped) if s]
    repeated: set[int] = set()
    for pos, i in enumerate(nonblank):
        key = norm(stripped[i])
        for j in nonblank[max(0, pos - 6) : pos + 7]:
            if j != i and norm(stripped[j]) == key:
                repeated.add(i)
    out = [Line(s, _classify(s, i in repeated)) for i, s in enumerate(stripped)]
    # A sentence selling the site's app or newsletter, with furniture on both sides, is furniture too.
    changed = True
    while changed:
        changed = False
        for pos, i in enumerate(nonblank):
            line = out[i]
            if line.kind is not Kind.BODY or not _STRONG_CHROME.search(line.text) or word_count(line.text) > 40:
                continue
            before = out[nonblank[pos - 1]].kind if pos > 0 else Kind.CHROME
            after = out[nonblank[pos + 1]].kind if pos + 1 < len(nonblank) else Kind.CHROME
            if before is Kind.CHROME and after is Kind.CHROME:
                line.kind = Kind.CHROME
                changed = True
    return out


def split_names(names: str) -> list[str]:
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", names)
    return [name_case(p.strip()) for p in parts if p.strip()]


def name_case(name: str) -> str:
    """ALL-CAPS bylines become "Title Case"; mixed case is kept as written."""
    return name.title() if name.isupper() else name


def byline_names(text: str) -> list[str]:
    match = BYLINE.match(text.strip())
    return split_names(match["names"]) if match else []
