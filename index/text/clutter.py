"""Sentences that are page furniture, not reporting: datelines on their own, subheadings, promo and teaser lines,
wire and photo credits. Whatever the input format left in an article's text, a quote never starts or ends in
one, and none is quoted as an answer.
"""

from __future__ import annotations

import re

# a dateline or credit standing alone: "CNN —", "Tainan, Taiwan CNN —", "WASHINGTON (AP) —"
_DATELINE = re.compile(r"^[\w .,'’()-]{0,40}\b(?:CNN|AP|Reuters|AFP|UPI|USA TODAY)\)?\s*[—–-]+$")
# lines that sell, point elsewhere or credit: they open with these words
_PROMO = re.compile(
    r"""^[\W_]*(?:
        dig\s+deeper|read\s+(?:more|next|also|the\s+full)|more\s*:|related\s*:|related\s+(?:stories|coverage|video)|
        see\s+also|also\s+(?:read|see)|watch\s*:|listen\s*:|opinion\s*:|analysis\s*:|video\s*:|photos?\s*:|
        click\s+here|tap\s+here|sign\s+up|subscribe|follow\s+(?:along|us|the\s+latest|our|live)|get\s+the\s+latest|
        check\s+out\s+our|for\s+the\s+latest|stay\s+(?:up\s+to\s+date|updated|informed)|keep\s+up\s+with|
        contributing\s*:|contributors?\s*:|additional\s+reporting|this\s+(?:story|article|report)\s+
        (?:has\s+been|was)\s+updated|editor['’]s\s+note|correction\s*:|clarification\s*:|
        \(?(?:image|photo|video)\s+credit|getty\s+images|ap\s+photo|copyright|©|video\s+ad\s+feedback
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# a labelled call to action: "Prep for the polls: ... in our Voter Guide", "THE CURRENT: Sign up for ... newsletter"
_TEASER = re.compile(
    r"^[^.!:]{2,60}:\s(?:(?:sign\s+up|subscribe)\b|.*\b(?:our|the)\s+(?:[\w'’]+\s+){0,4}(?:newsletter|voter\s+guide|"
    r"podcasts?)\b|.*\b(?:sign\s+up\s+here|right\s+here|to\s+your\s+inbox)\b)",
    re.IGNORECASE,
)
# a lead-in to what follows, with nothing of its own: "Here's what you need to know about the filing."
_LEAD_IN = re.compile(r"^here(?:['’]s|\s+is|\s+are)\s+(?:what|how|why|everything|the\s+latest)\b[^:]*:?$", re.I)
# a link teaser whose label the page glued to the linked headline: "STILL DIGGING OUT:After epic storm, towns
# remain snowed in", "More:Inflation is crushing Delawareans", "WHAT IS A NOR'EASTER?Storms can batter the coast"
# (reporting puts a space after a colon or a question mark)
_GLUED_LABEL = re.compile(
    r"^[A-Z][\w'’ ,.&-]{0,60}(?:[A-Za-z]:(?=[A-Z0-9\"“‘'])|\d:(?=[A-Z\"“‘'])|\?(?=[A-Z]))")
_READ = re.compile(r"^[\W_]*read\s*:", re.I)
# a section's promo under a label in capitals: "HOT STOVE UPDATES: Ranking the top players available." (a transcript's
# "LIND: We will..." has one word; a label over a scoreline or a full report has figures or runs longer)
_CAPS_LABEL = re.compile(r"^[A-Z][A-Z'’&.-]+(?:\s[A-Z][A-Z'’&.-]+)+:\s+(?P<rest>.+)$")
_LABEL_REST_WORDS = 12
# an embedded post's signature on its own line: "— Ana Lind (@analind) March 4, 2024"
_POST_SIGNATURE = re.compile(r"^[—–-]?\s*[^()\n]{1,80}\(@\w{1,15}\)\s*[A-Z][a-z]+\.? \d{1,2}, \d{4}$")
# text left URL-encoded by the page it came from, an image's caption or link ("China%27s space goal ...")
_ENCODED = re.compile(r"%(?:2[0-9A-F]|3[A-F]|5[BD])")
_CREDIT = re.compile(r"^\(?[^()]{0,80}(?:/Getty Images|/AP|/AFP|/Reuters|Getty Images|via AP)\)?$")
# a dateline opening a sentence: "WASHINGTON (AP) — A divided court...", "CEDAR KEY, Fla. − Residents...",
# "Seoul, South Korea CNN — ..."; the place needs three capitals, so an interview's initials ("BC — I think") stay
_LEADING_DATELINE = re.compile(
    r"(?:(?:[A-Z]{3,}|[A-Z]\.[A-Z]\.|ST\.)(?:[\s-][A-Z][A-Z'’.]+){0,3}(?:,\s[A-Z][\w.'’]*(?:\s[A-Z][\w.'’]*){0,2})?"
    r"(?:\s\((?:AP|Reuters|AFP|UPI)\))?"
    r"|(?:[A-Z][\w.'’]*(?:,?\s[A-Z][\w.'’]*){0,3}\s)?(?:CNN|\((?:AP|Reuters|AFP|UPI)\)))"
    r"\s(?:[—–‒−]|--|-(?=\s))\s*(?=[A-Z0-9\"“‘'(])"
)
# a photo's caption as the wires write them: who or what is pictured, where, and the day, date and year it was taken
# ("Travelers check in at the airport, Wednesday, Dec. 21, 2022."); not a schedule ("Kickoff is 7:30 p.m. on
# Monday, Jan. 8, 2024", "the vote will be held on ..."), nor a timeline's narration ("He tells police ... on Friday,
# June 28, 1996")
_CAPTION = re.compile(
    r"(?:,|\bon)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|"
    r"Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}\.?$")
_SCHEDULE = re.compile(r"\b(?:will|is|are|be|begins?|starts?|details)\b", re.I)
_PRONOUN_FIRST = re.compile(r"^(?:He|She|They|It|We|I|You)\b")
_HEADING_WORDS = 15
_STOP = re.compile(r"[.!?…:)\]]$")
_OPENING = 400  # characters: a dateline opens the story's first paragraph
_QUOTE_MARKS = re.compile("[\"“”‘’']")
_ENDS = re.compile(r"[.!?…\"”’')\]:]$")


def is_furniture(sentence: str) -> bool:
    """Whether a sentence is a lone dateline or credit, or a promo or teaser line (is_clutter without the guesses
    about short lines)."""
    s = sentence.strip()
    teaser = len(s.split()) <= 30 and _TEASER.match(s)
    label = _CAPS_LABEL.match(s)
    promo = label and len(label["rest"].split()) <= _LABEL_REST_WORDS and not any(c.isdigit() for c in label["rest"])
    return bool(_DATELINE.match(s) or _PROMO.match(s) or _CREDIT.match(s) or teaser or promo or _LEAD_IN.match(s))


# deeper in, a paragraph opening with one word in capitals, or capitals and a state, before a dash opens the next
# story of a roundup: "WASHINGTON – President ...", "WEST PALM BEACH, Florida – When ..." (two words are a name)
_DEEP_DATELINE = re.compile(
    r"(?:[A-Z]{3,}|[A-Z]{2,}(?:[\s-][A-Z]{2,}){0,3},\s[A-Z][\w.'’]*(?:\s[A-Z][\w.'’]*)?)"
    r"\s(?:[—–‒−]|--|-(?=\s))\s*(?=[A-Z\"“‘])"
)


def after_dateline(text: str, start: int) -> int:
    """Where the reporting begins in a sentence starting at start: past a dateline or wire credit that opens the
    story ("WASHINGTON (AP) — "), else start. Deeper in, a capitalised run of two words before a dash is a list's
    label ("ANA LIND – She ..."); one word, or a place and its state, opening a paragraph, is the next story's."""
    if start < _OPENING:
        m = _LEADING_DATELINE.match(text, start)
    else:
        m = _DEEP_DATELINE.match(text, start) if text[start - 1] == "\n" else None
    return m.end() if m else start


def is_heading(sentence: str) -> bool:
    """Whether a sentence is a short line that does not end as reporting does: a subheading, figures and all
    ("Officials say 7 killed in storm"), or a list's label."""
    s = sentence.strip()
    # the stop may sit inside a closing quotation mark; a quoted phrase with none is a heading ("‘Taiwan will not
    # back down’")
    return not _STOP.search(s.rstrip("\"“”‘’' ")) and len(s.split()) <= _HEADING_WORDS


def is_clutter(sentence: str) -> bool:
    """Whether a sentence is furniture: a lone dateline or credit, a promo or teaser line, a photo's caption, or a
    subheading (a short line that does not end like a sentence and holds no figure, or a short question the article
    goes on to answer)."""
    s = sentence.strip()
    if not s:
        return True
    if is_furniture(s):
        return True
    # never quoted, but left to attribution as the page has them: a post's signature names its author in full, and
    # a glued label can head a roundup's item ("Washington:Mayor Muriel Bowser said ...")
    if _POST_SIGNATURE.match(s) or _READ.match(s) or (len(s.split()) <= 40 and _GLUED_LABEL.match(s)):
        return True
    if len(_ENCODED.findall(s)) >= 2:
        return True
    if _CAPTION.search(s) and not _SCHEDULE.search(s) and not _PRONOUN_FIRST.match(s):
        return True
    words = s.split()
    if s.endswith("?") and len(words) <= 15 and not _QUOTE_MARKS.search(s):  # "What time does the vote end?"
        return True
    return len(words) <= 12 and not _ENDS.search(s) and not any(c.isdigit() for c in s)
