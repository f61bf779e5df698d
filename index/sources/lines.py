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
    BYLINE = "byline"  # "By Jane Doe", "Words by Jane Doe", "Jane Doe, Staff Writer"
    DATE = "date"  # a line that is only a date ("Published: 6:14 PM EST Nov. 17, 2026")
    READTIME = "readtime"  # "4 min read"
    SECTION = "section"  # a heading over what is not the story: related links, comments, the author, references
    TABLE = "table"  # a row of a table: cells split by tabs, by runs of spaces, or "| a | b |"
    CONTACT = "contact"  # a short line holding an e-mail address


@dataclass
class Line:
    text: str
    kind: Kind
    repeated: bool = False  # the same text stands within a few lines (a headline printed twice)
    section: str = ""  # for SECTION lines: "related", "comments", "author", "apparatus" or "promo"


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
_NAMES = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}(?:\s*(?:,|and|&)\s*{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})*"
BYLINE = re.compile(
    r"^(?:(?:[Bb]y|BY|(?:[Ww]ords|[Tt]ext|[Ss]tory)(?:\s+and\s+(?:photos|photographs|pictures))?\s+by|[Ww]ritten\s+by|"
    r"[Rr]eport(?:ing|ed)\s+by|[Aa]uthor):?"
    r"|[Pp]osted\s+(?:on\s+.{4,30}?\s+)?by)"
    rf"\s+(?P<names>{_NAMES})"
    r"(?:\s*(?:[,|/–—-]|\s[Ff][Oo][Rr]\s|\s[Oo]n\s)\s*(?P<rest>.{0,60}))?$"
)
# "By Weather desk", "By Staff reporter": a desk signs the story
_DESK_BYLINE = re.compile(
    r"^[Bb]y\s+(?P<names>[A-Z][\w'’.-]*(?:\s+[A-Za-z][\w'’.-]*){0,3})(?:\s*[,|]\s*(?P<rest>.{0,60}))?$"
)
# "(Reporting by Ana Lima; Editing by Ben Ode)": a wire story's credits
_CREDITS_LINE = re.compile(
    r"^\(?(?:additional\s+)?(?:reporting|writing|editing|compiled)\s+by\b.{0,120}\)?$"
    r"|^(?:from|via|source:?)\s+[A-Z][\w&'’. -]{1,40}(?:\s+via\s+[A-Z][\w&'’. -]{1,40})?$",
    re.IGNORECASE,
)
_ROLE = re.compile(
    r"\b(?:staff|writer|reporter|correspondent|editor|contributor|columnist|desk|team|newsroom)\b", re.IGNORECASE
)
# "Jane Doe, Staff Writer": a name and a newsroom role
_ROLE_BYLINE = re.compile(
    r"^(?P<names>[A-Z][\w'’.-]*(?:\s+[A-Za-z][\w'’.-]*){1,3}),\s*(?:[A-Z][\w'’.-]*\s+){0,3}"
    r"(?:[Ss]taff(?:\s+[Ww]riter|\s+[Rr]eporter)?|[Rr]eporter|[Cc]orrespondent|[Ee]ditor|[Cc]ontributor|[Cc]olumnist)$"
)
_CAPS_NAME = re.compile(rf"^{CAPS_WORD}(?:\s+{CAPS_WORD}){{1,3}}$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
COPYRIGHT_LINE = re.compile(r"^(?:©|\(c\)\s*\d{4}|copyright\b)|all rights reserved", re.IGNORECASE)
COPYRIGHT_START = re.compile(r"(?:©|\(c\)\s*\d{4}|\bCopyright\s+(?:©\s*)?\d{4})", re.IGNORECASE)
COPYRIGHT_TAIL = re.compile(r"rights reserved|without (?:prior )?(?:written )?permission", re.IGNORECASE)

# Site furniture, matched on short lines only (three words or fewer: "Fans share a moment" is a subheading).
_CHROME = re.compile(
    r"""\b(?:
        logo|icon|banner|background|thumbnail|placeholder|
        download|apps?|app[\s-]?store|play[\s-]?store|google\s*play|
        comments?|replies|reply|subscribe[sd]?|subscription|newsletters?|sign[\s-]?(?:in|up|out)|
        log[\s-]?(?:in|out)|login|logout|my\s+account|register|
        share|shares|tweet|facebook|twitter|whatsapp|linkedin|telegram|pinterest|instagram|youtube|tiktok|bluesky|
        mastodon|rss|email\s+this|copy\s+link|
        advertisements?|advert|sponsored|promoted|ads?|
        cookies?|privacy|terms\s+of|accept\s+all|reject\s+all|i\s+agree|manage\s+(?:choices|preferences)|
        find\s+out\s+more|
        related|recommended|trending|most\s+(?:read|popular|viewed)|read\s+(?:more|next|also)|
        see\s+(?:more|all)|view\s+(?:more|all)|load\s+more|more\s+(?:stories|news|from)|also\s+read|
        you\s+may\s+also\s+like|follow\s+us|menu|skip\s+to|back\s+to\s+top|homepage|
        features?|try\s+our|explore|get\s+started|start\s+exploring|watch\s+(?:now|live|video)|listen|
        play\s+video|click\s+here|loading|reprints?|e-?edition|print\s+edition|today's\s+paper|save\s+for\s+later|
        bookmark
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
# Furniture words that mark a line of up to eight words whatever else it says ("Story continues below advertisement").
_STRONG_LABEL = re.compile(
    r"\b(?:advertisements?|sponsored|cookies?|newsletters?|subscribe|subscription|sign[\s-]?(?:in|up)|"
    r"log[\s-]?in|download|app\s+store|your\s+email|email\s+address|enter\s+(?:your\s+)?email|loading|"
    r"captions?|closed\s+captioning|auto-?play|continues?\s+below|scroll\s+to\s+continue|"
    r"continue\s+reading|donate|membership|gift\s+this|inbox|shop\s+(?:the|now|this))\b",
    re.IGNORECASE,
)
_CHROME_START = re.compile(
    r"""^[\W_]*(?:
        read\s+(?:more|next|also)|related|see\s+(?:more|also|all)|view\s+(?:more|all)|load\s+more|
        more\s+(?:stories|news|from|on)|also\s+read|share|sign\s*(?:in|up)|log\s*in|subscribe|follow\s+(?:us|on)|
        download|get\s+(?:started|the\s+app)|try\s+(?:our|it|the)|explore|advertisement|sponsored|promoted|
        comments?|no\s+comments|watch\s+(?:now|live|video)|click\s+here|skip\s+to|back\s+to\s+top|cookies?|
        terms\s+of|listen\s+to\s+this|play\s+video|logo|you\s+may\s+also|photographs?\s+by|photos?\s+by|
        filed\s+under|posted\s+in|tags?:|topics?:|order\s+reprints|be\s+the\s+first\s+to\s+comment|
        (?:newer|older|previous|next)\s+(?:post|article|story)|give\s+now|donate\s+now|
        (?:support|donate\s+to|give\s+to)\s+(?:us|our\s+\w+|the\s+[A-Z]\w*(?:\s+[A-Z]\w*)*)$
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
# Words that, alone on a line, are buttons or menu entries.
_UI_WORDS = frozenset(
    {
        "search", "home", "menu", "print", "register", "email", "login", "close", "open", "more", "next",
        "previous", "top", "back", "sections", "topics", "video", "videos", "photos", "gallery", "live", "ok",
        "save", "notes", "website", "contact", "about", "archive", "reply", "like", "shares", "share", "x",
    }
)
# Chrome words strong enough to mark a whole sentence as furniture when it sits among other furniture.
_STRONG_CHROME = re.compile(
    r"\b(?:download\w*|app\s+store|play\s+store|subscribe|sign\s+up|newsletters?|cookies?|our\s+app|"
    r"reader-supported|become\s+a\s+(?:member|subscriber|supporter)|donate|donation|membership|"
    r"support\s+(?:our|local|independent)\s+(?:journalism|reporting|newsroom))\b",
    re.IGNORECASE,
)
# Sentences that are furniture wherever they stand: consent notices, sign-up pitches, the site talking about itself.
_BOILERPLATE = re.compile(
    r"""(?:
        \b(?:we|this\s+(?:web)?site|our\s+(?:web)?site)\s+uses?\s+cookies\b|\bcookies?\b.{0,80}\b(?:consent|accept|
            browser|device|experience|personali[sz]e|traffic|advertising|preferences)\b|
        \bby\s+(?:clicking|continuing|signing\s+up|subscribing|using\s+(?:this|our))\b|
        \byour\s+email\s+address\b|\brequired\s+fields\b|\bin\s+this\s+browser\b|\ball\s+rights\s+reserved\b|
        ^(?:a\s+version\s+of\s+)?this\s+(?:article|story|post|piece)\s+(?:appears|appeared|was\s+(?:first\s+)?published)\b|
        \b(?:in|to)\s+your\s+inbox\b|\bno\s+spam\b|\bunsubscribe\b|\bdelivered\s+to\s+your\b|
        \bdownload\s+(?:the|our)\b.{0,40}\bapp\b|\bsign\s+up\s+(?:here|now|today|for\s+(?:our|the))\b|
        \bsubscribe\s+(?:now|today|to\s+(?:get|read|our))\b|\bopens\s+(?:a\s+)?new\s+(?:tab|window)\b|
        \breader-(?:supported|funded)\b|\bbecome\s+a\s+(?:member|subscriber|supporter|patron)\b|
        \bsupport\s+(?:our|local|independent)\s+(?:journalism|reporting|newsroom)\b|
        \bthis\s+(?:article|story|post|piece|report)\s+(?:\w+\s+){0,2}(?:appears|appeared|published|republished)\b|
        \brepublish\w*\b|\bcreative\s+commons\b|\bwith\s+permission\b|
        (?:^|[.!?]\s+)(?:paid\s+for|sponsored|brought\s+to\s+you)\s+by\b|\bpartner\s+content\b|
        \b(?:please\s+)?consider\s+(?:a\s+gift|donating|supporting|a\s+donation)\b|\bgift\s+of\s+any\s+size\b|
        \bfunded\s+by\s+(?:our\s+)?readers\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_READER = re.compile(r"\b(?:you|your|we|our|us)\b", re.IGNORECASE)
_IMPERATIVE = re.compile(
    r"^(?:get|sign|subscribe|download|read|see|follow|join|click|enter|type|save|try|listen|watch|support|become|"
    r"donate|contact|email|send|call|tell|share|write|got\s+a)\b",
    re.I,
)
_ATTRIBUTION = re.compile(r"\b(?:said|says|told|tells|according\s+to|asked|added|explained|wrote)\b|[\"“”]")
READTIME = re.compile(r"^(?:(?:reading\s+time|read\s+time)\s*:?\s*)?\d+\s*(?:-\s*\d+\s*)?(?:min(?:ute)?s?\.?)(?:\s+read)?$", re.I)
# Headings over what follows the story: other stories, comments, the author, references.
_SECTIONS = (
    ("comments", re.compile(
        r"^(?:comments?|discussion|join\s+the\s+(?:conversation|discussion)|leave\s+a\s+(?:reply|comment)|"
        r"\d+\s+(?:comments?|responses?|replies|thoughts?\s+on\b.*)|(?:comments?|responses?)\s*\(?\d+\)?|"
        r"(?:show|view|read)\s+(?:all\s+)?comments?.*)$", re.I)),
    ("author", re.compile(r"^(?:about\s+the\s+(?:author|writer|reporter)s?|more\s+(?:by|from)\s+this\s+(?:author|writer))$", re.I)),
    ("apparatus", re.compile(
        r"^(?:citations?|references?|sources?|footnotes?|bibliography|further\s+reading|notes|filed\s+under:?|"
        r"tags?:?|topics?:?|categories:?)$", re.I)),
    ("related", re.compile(
        r"^(?:related(?:\s+\w+){0,2}|recommended(?:\s+\w+){0,2}|read\s+(?:next|more|this\s+next)|more\s+(?:from|in|on|"
        r"stories|news|like\s+this)\b.{0,30}|also\s+read:?|you\s+(?:may|might)\s+also\s+like|latest(?:\s+\w+){0,3}|"
        r"top\s+stories|trending(?:\s+\w+){0,2}|most\s+(?:read|popular|viewed|shared)(?:\s+\w+){0,2}|"
        r"editor'?s\s+picks?|recent\s+posts|popular\s+posts|what\s+to\s+read\s+next|in\s+other\s+news|"
        r"today'?s\s+stories|elsewhere|around\s+the\s+web|keep\s+reading|more\s+headlines|further\s+reading)$", re.I)),
    ("promo", re.compile(
        r"^(?:sponsored(?:\s+content|\s+stories|\s+links)?|paid\s+(?:content|post|partnership)|partner\s+content|"
        r"promoted(?:\s+stories|\s+content)?|from\s+our\s+(?:partners|sponsors)|advertiser\s+content)$", re.I)),
)
_PRICE = re.compile(r"[£$€¥]\s?\d|\d\s?(?:€|EUR|USD|GBP)\b")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_TABLE_CELLS = re.compile(r"\t|\s{2,}")
MARKDOWN_ROW = re.compile(r"^\|.*\|$")

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
# A credit ending a caption line: "The pier at dusk. Photo: Ana Lima for The Post".
CREDIT_TAIL = re.compile(
    r"(?:^|[.!?)]\s+|\s[|–—-]\s*)(?i:photo(?:graph)?s?|image|picture|illustration)(?i:\s+credit)?\s*(?::|(?i:by))\s+"
    r"[A-Z][^.!?]{1,80}$"
)
CREDIT_NAME = re.compile(r"\b(?:photo|photograph|image|picture)s?\s+(?:by|:)\s*(?P<name>[^()/;,]+)", re.I)
# A sentence boundary: end punctuation, optional closing quote, space, then a capital or opening quote.
BOUNDARY = re.compile(r"[.!?][\"'”’)]?\s+(?=[A-Z\"“‘'])")
ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Gov|Sen|Rep|Lt|Col|No|vs))\.$")
INLINE_BYLINE = re.compile(rf"^By\s+(?P<name>{CAPS_WORD}(?:\s+{CAPS_WORD}){{1,3}})\s+(?=[A-Z\"“‘'])")
LEADING_CAPS = re.compile(rf"^(?P<run>{CAPS_WORD}(?:\s+{CAPS_WORD})+)(?P<after>\s+\S+)")
DATELINE_MARK = re.compile(r"^\s*(?:--|—|–|\(|,)")


def _is_name(text: str) -> bool:
    words = text.split()
    return bool(words) and all(w[0].isupper() or w[0].isdigit() or w in _NAME_PARTICLES for w in words)


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


def is_email_line(text: str) -> bool:
    """A short line that holds an e-mail address (a contact line of the story, not navigation)."""
    return word_count(text) <= 14 and bool(EMAIL.search(text))


def is_table_row(text: str) -> bool:
    """A table row as pages are saved: cells split by tabs, or the extractor's "| a | b |"."""
    return bool(MARKDOWN_ROW.match(text.strip())) or "\t" in text.strip() and len(text.strip().split("\t")) >= 2


def _spaced_cells(text: str) -> list[str]:
    return [c for c in _TABLE_CELLS.split(text.strip()) if c.strip()]


def is_chrome_label(text: str) -> bool:
    """Whether a short line is site furniture: a menu, a button, a label, a rule."""
    text = text.strip()
    if not re.search(r"[^\W\d_]", text) or len(text) <= 2 and text.isascii():
        return True  # separators, lone bullets, counters ("164", "0:00 / 2:14"), one-letter buttons ("X", "A")
    if is_email_line(text) or MARKDOWN_ROW.match(text):
        return False  # a contact line or a table row of the story
    words = word_count(text)
    cells = [c for c in re.split(r"\s[|•·/∙]\s", text) if c.strip()]
    if len(cells) >= 3 and all(word_count(c) <= 3 and not re.search(r"\d", c) for c in cells):
        return True  # a navigation bar: "Home | News | Sport"
    if text.endswith("*") and words <= 4:
        return True  # a form label: "Name *"
    if words <= 8 and _PRICE.search(text) and not _SENTENCE_END.search(text):
        return True  # a product in a shopping box: "Enamel flask — £24"
    if words == 1 and (text[0].islower() or text.casefold().strip(":.…") in _UI_WORDS):
        return True  # UI labels such as "logo", "Search"
    if words <= 3 and _CHROME.search(text):
        return True  # "Related Articles", "Orange background", "No comments yet..."
    if words <= 8 and _STRONG_LABEL.search(text):
        return True  # "Story continues below advertisement", "Enter your email"
    if _IMPERATIVE.match(text) and words <= 4 and not re.search(r"[.!?]", text):
        return True  # a button: "Give now", "Write to us"
    # Longer labels count only when they open with chrome ("Read more about ...", "Download the app"),
    # so a subheading like "Fans share a moment" stays.
    return words <= 12 and bool(_CHROME_START.match(text)) or bool(COPYRIGHT_LINE.search(text))


def is_body(text: str) -> bool:
    """Whether a line is prose: a paragraph of the story, or of something else written in sentences."""
    words = word_count(text)
    if text.endswith("...") and words < 8:
        return False
    if words >= 8 and text.endswith(":") and not _CHROME_START.match(text):
        return True  # a sentence introducing a list or a table: "The full results were as follows:"
    if text.endswith("?") and words <= 12 and not re.search(r"[.!?]\s", text):
        return False  # a question standing alone is a headline ("Why do prices keep rising?")
    return words >= 25 or (words >= 6 and bool(_SENTENCE_END.search(text)))


def is_call_to_action(text: str) -> bool:
    """A short line asking the reader to do something ("Got a story tip? Contact our newsroom.")."""
    if word_count(text) > 14 or _ATTRIBUTION.search(text):
        return False
    sentences = [s for s in re.split(r"(?<=[?!.])\s+", text) if s]
    return any(_IMPERATIVE.match(s) for s in sentences) or bool(re.search(r"\b(?:you|your)\b", text, re.I) and "?" in text)


def is_boilerplate(text: str) -> bool:
    """Whether a sentence is the site talking to its reader (consent, sign-up, app and print notices)."""
    if word_count(text) > 60 or _ATTRIBUTION.search(text):
        return False
    if _BOILERPLATE.search(text):
        return True
    sentences = re.split(r"(?<=[?!.])\s+", text)
    return bool(_STRONG_CHROME.search(text)) and bool(_READER.search(text) or any(_IMPERATIVE.match(s) for s in sentences))


def section_of(text: str) -> str:
    """What a heading announces ("related", "comments", "author", "apparatus"), or "" if it is no such heading."""
    text = text.strip().rstrip(":").strip()
    if word_count(text) > 8:
        return ""
    for name, pattern in _SECTIONS:
        if pattern.match(text):
            return name
    return ""


def is_date_line(text: str) -> bool:
    """A line that states a date and little else: "Nov 12, 2026 · 6 min read", "Published: 10:22, 17 Nov 2026"."""
    if word_count(text) > 16 or _SENTENCE_END.search(text) and word_count(text) > 8:
        return False
    parts = [p for p in re.split(r"\s[|·•∙]\s|\s{2,}", text) if p.strip()]
    return any(parse_published(p) for p in parts[:2])


def _classify(text: str, repeated: bool) -> Kind:
    text = text.strip()
    if not text:
        return Kind.BLANK
    words = word_count(text)
    if is_table_row(text):
        return Kind.TABLE
    if len(text) <= 60 and time_outlet(text) is not None:
        return Kind.TIME
    if READTIME.match(text):
        return Kind.READTIME
    if text.endswith("|") and words >= 4:
        return Kind.CAPTION
    credit = CREDIT.search(text)
    if credit and not text[credit.end() :].strip() and words <= 40:
        return Kind.CAPTION  # a caption line closed by its photo credit
    if words <= 40 and CREDIT_TAIL.search(text):
        return Kind.CAPTION
    if words <= 12 and (BYLINE.match(text) or _ROLE_BYLINE.match(text) or _DESK_BYLINE.match(text)):
        return Kind.BYLINE
    if _CREDITS_LINE.match(text):
        return Kind.BYLINE
    if COPYRIGHT_LINE.search(text) and words <= 60:
        return Kind.CHROME
    if section_of(text):
        return Kind.SECTION
    bullet = BULLET.match(text)
    if bullet and word_count(bullet["name"]) <= 6 and _is_name(bullet["name"]):
        return Kind.BULLET  # "• Japan Today": an outlet's name under a headline (a list item is not one)
    if words <= 16 and not _SENTENCE_END.search(text) and is_date_line(text):
        return Kind.DATE
    if is_email_line(text) and not is_body(text):
        return Kind.CONTACT
    if repeated and not (text.endswith(".") and words >= 6) and words < 25 and not is_chrome_label(text):
        return Kind.SHORT  # headlines are often printed twice; a repeated sentence (a pull quote) is not one
    if is_body(text):
        return Kind.CHROME if is_boilerplate(text) else Kind.BODY
    if is_chrome_label(text):
        return Kind.CHROME
    if _CAPS_NAME.match(text):
        return Kind.CAPS
    return Kind.SHORT


def classify_lines(lines: list[str]) -> list[Line]:
    """Each line's kind; a table set in spaced columns and furniture sentences among furniture are found here."""
    stripped = [line.rstrip() for line in lines]
    nonblank = [i for i, s in enumerate(stripped) if s.strip()]
    repeated: set[int] = set()
    for pos, i in enumerate(nonblank):
        key = norm(stripped[i])
        for j in nonblank[max(0, pos - 6) : pos + 7]:
            if j != i and norm(stripped[j]) == key:
                repeated.add(i)
    out = [Line(s.strip(), _classify(s, i in repeated), repeated=i in repeated) for i, s in enumerate(stripped)]
    for line in out:
        if line.kind is Kind.SECTION:
            line.section = section_of(line.text)
    _find_spaced_tables(out, stripped, nonblank)
    # A sentence selling the site's app or newsletter, with furniture on both sides, is furniture too.
    changed = True
    while changed:
        changed = False
        for pos, i in enumerate(nonblank):
            line = out[i]
            if line.kind is not Kind.BODY or word_count(line.text) > 40 or _ATTRIBUTION.search(line.text):
                continue
            if not (_STRONG_CHROME.search(line.text) or word_count(line.text) <= 25 and _READER.search(line.text)):
                continue
            before = out[nonblank[pos - 1]].kind if pos > 0 else Kind.CHROME
            after = out[nonblank[pos + 1]].kind if pos + 1 < len(nonblank) else Kind.CHROME
            if before is Kind.CHROME and after is Kind.CHROME:
                line.kind = Kind.CHROME
                changed = True
    return out


def _find_spaced_tables(out: list[Line], raw: list[str], nonblank: list[int]) -> None:
    """Rows of a table a text-mode browser set in columns: three or more cells apart, one of them a number."""
    rows = [i for i in nonblank if len(_spaced_cells(raw[i])) >= 3 and out[i].kind is not Kind.BODY]
    table = {i for i in rows if any(re.search(r"\d", c) for c in _spaced_cells(raw[i]))}
    for i in rows:  # a header row without numbers belongs to the numbered rows below it
        nxt = next((j for j in nonblank if j > i), None)
        if nxt in table:
            table.add(i)
    for i in table:
        out[i] = Line("\t".join(_spaced_cells(raw[i])), Kind.TABLE)


def split_names(names: str) -> list[str]:
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", names)
    return [name_case(p.strip()) for p in parts if p.strip()]


def name_case(name: str) -> str:
    """ALL-CAPS bylines become "Title Case"; mixed case is kept as written."""
    return name.title() if name.isupper() else name


def byline_names(text: str) -> list[str]:
    """The names a byline line gives ("By Ana Lima and Ben Ode", "Ana Lima, Staff Writer")."""
    match = BYLINE.match(text.strip()) or _ROLE_BYLINE.match(text.strip())
    names = split_names(match["names"]) if match else []
    return [n for n in names if not _ROLE.search(n)]  # "By Staff reporter" names nobody


def byline_outlet(text: str) -> str:
    """The outlet a byline names after its authors ("By ANA LIMA FOR METRO DAILY"), or ""."""
    match = BYLINE.match(text.strip())
    rest = (match["rest"] or "").strip() if match else ""
    if not rest or parse_published(rest) or re.search(r"\d", rest) or word_count(rest) > 5 or _ROLE.search(rest):
        return ""
    return name_case(rest)
