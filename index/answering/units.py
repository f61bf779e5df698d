"""What kind of figure a how-many or how-much question asks for, as a pattern the answering sentence's figure fits.

"how much would it cost" asks for money, "how much snow" for inches, "how many countries" for a count of countries:
a sentence whose figure is of that kind answers before one that only holds some figure (a date, another count).
"""

from __future__ import annotations

import re

from index.text.names import words

_WORD_NUM = (r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|"
             r"seventy|eighty|ninety|hundreds?|thousands?|millions?|dozens?")
_COUNT = rf"(?:\d[\d,.]*|{_WORD_NUM})"  # a figure of a count
_AMOUNT = rf"(?:\d[\d,.½¼¾]*|{_WORD_NUM}|a|an|one|half an?|several|a few)"  # of a measure: "a year", "half an hour"


def _measure(units: str) -> str:
    """A figure with its unit: "0.8 inches", "1½ feet", "two hours", "a year"."""
    return rf"\b{_AMOUNT}(?:\s+|-)(?:{units})\b"


_MONEY = (r"[$£€¥]\s?\d|\b\d[\d,.]*\s*(?:million|billion|trillion)?\s*(?:dollars|cents|euros|pounds sterling|yen|"
          r"yuan|rupees)\b")
_PERCENT = (rf"\d\s?%|\b(?:\d[\d,.]*|{_WORD_NUM})\s*(?:-\s*)?per\s?cent(?:age points?)?\b|"
            r"\b(?:doubled|tripled|quadrupled|halved|twice|half)\b")
_LENGTH = _measure(r"inch|inches|foot|feet|ft|yards?|miles?|meters?|metres?|kilometers?|kilometres?|km|cm|mm")
_DURATION = _measure(r"seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?")
_AGE = r"\b\d{1,3}(?:-year-old|\s+years?\s+old)\b|,\s\d{1,3},|\bage(?:d)?\s\d{1,3}\b"
_AREA = _measure(r"acres?|hectares?|square\s+(?:feet|foot|miles?|meters?|kilometers?)")
_SPEED = _measure(r"mph|km/h|kph|knots|miles (?:an|per) hour")
# a storm's or a quake's strength by its scale ("a Category 4 hurricane", "a magnitude 6.1 earthquake", "an EF-2")
_STRENGTH = (r"\bcategory\s+[1-5]\b|\bmagnitude(?:[\s-]+of)?[\s-]+\d(?:\.\d)?\b|\b\d\.\d\s*(?:-\s*)?magnitude\b|"
             r"\bE?F-?[0-5]\b")
_LOUDNESS = _measure(r"decibels?|dB")
_TEMPERATURE = r"\b-?\d[\d.]*\s*(?:°|degrees?\b)"
_WEIGHT = _measure(r"pounds?|lbs?|tons?|tonnes?|ounces?|oz|grams?|kilograms?|kilos?|kg")
_DEATH_WORDS = r"(?:dead|died|deaths?|killed|killing|fatalities|lives|bodies)"
_DEATHS = (rf"\b{_COUNT}\s+(?:[\w'-]+\s+){{0,4}}?{_DEATH_WORDS}\b|\b{_DEATH_WORDS}\s+(?:[\w'-]+\s+){{0,3}}?"
           rf"{_COUNT}\b")
# a count of people, written as the news writes them
_PEOPLE = (r"(?:people|persons?|residents?|customers?|patients?|victims?|workers?|employees?|staff|adults?|children|"
           r"kids|students?|members?|voters?|americans|passengers?|individuals?|cases|attendees|"
           r"(?-i:[A-Z][a-z]+(?:ans|ers)))")  # "124,000 Delawareans", "New Yorkers"

# a figure with its measure, which the question tells rather than names a thing by ("paying $537 million", "after 28
# years", "aged 91"; not "flight 1282", "iphone 15")
_MEASURED = re.compile("|".join((_MONEY, _PERCENT, _LENGTH, _DURATION, _AGE, r"\bage of \d{1,3}\b", _AREA, _SPEED,
                                 _TEMPERATURE, _WEIGHT, r"\b\d[\d,.]*\s*(?:million|billion|trillion)\b")), re.I)


def measured_spans(text: str) -> list[tuple[int, int]]:
    """Where the text gives a figure with its measure (money, a share, a length, a duration, an age, ...)."""
    return [m.span() for m in _MEASURED.finditer(text)]


# "whats the fine for ...", "what was the final score": a figure asked for by its name
WHAT_FIGURE = re.compile(
    r"^\s*what(?:['’]?s|\s+(?:is|was|are|were|will\s+be))\s+(?:[\w'’-]+\s+){0,4}?(?P<noun>costs?|fines?|prices?|"
    r"bail|salary|wages?|reward|penalty|settlement|toll|rates?|percentage|score|margin|vote|tally|tariffs?|worth|budget|"
    r"deficit|deductions?|refunds?|rebates?|fees?|payouts?|payments?|pension|jackpot|ransom|bounty|limits?|cap|total|"
    r"population|turnout|attendance|temperature)\b", re.I)
# "at what price", "for what cost", "at what age": a figure asked for by its measure, anywhere in the question
AT_WHAT_FIGURE = re.compile(r"\b(?:at|for)\s+what\s+(?P<noun>prices?|costs?|age)\b", re.I)
_SCORE = r"\b\d{1,3}\s?[-–]\s?\d{1,3}\b"

_WHAT_SHARE = re.compile(r"\bwhat (?:(?:percent|percentage|share)\b|%)")
_RAIN = re.compile(r"\bhow much\s+(?:more\s+)?(?:rain|rainfall|snow|snowfall|precipitation|water|ice|hail)\b", re.I)
_MONEY_WORDS = re.compile(
    r"\b(?:money|cost|costs|costing|worth|pay|paid|pays|paying|charge|charged|fine|fined|fines|earn|earned|earns|"
    r"spend|spent|spending|raise|raised|sue|suing|sued|seek|seeking|sought|owe|owes|owed|price|priced|salary|"
    r"salaries|wage|wages|reward|bail|settlement|award|awarded|donate|donated|funding|budget|revenue|profit|"
    r"bonus|prize|penalty|penalties|damages|rent|debt|bid|sell|sold|buy|bought|compensation|jackpot|tickets?|"
    r"loans?|grant|dollars|lose|loses|lost|loss|losses)\b", re.I)
_CHANGE_WORDS = re.compile(
    r"\b(?:drop|dropped|fall|fell|fallen|rise|rose|risen|grow|grew|grown|increase|increased|decrease|decreased|"
    r"decline|declined|jump|jumped|climb|climbed|slide|slid|shrink|shrank|cut|surge|surged|go up|went up|"
    r"gone up|go down|went down|higher|lower|more|less)\b", re.I)
_RATES = re.compile(r"\b(?:inflation|rates?|unemployment|tariffs?|taxe?s?|interest|approval|turnout|share|odds|"
                    r"percent|percentage)\b", re.I)
_TIME = re.compile(r"\bhow much\s+(?:jail\s+|prison\s+)?time\b")  # "how much jail time": a duration
_HOW_MANY = re.compile(r"\bhow many\s+((?:[a-z'-]+\s*){1,3})", re.I)
# where the thing counted ends: "how many [financial records] did hackers steal"
_COUNTED_END = frozenset(words(
    "did does do dont didnt doesnt are arent is isnt were werent was wasnt have havent has hasnt had will wont would "
    "could can got get gotten in of from on at by for to this that so since after went still more total actually "
    "now ever already the a an"))
_DIED = re.compile(rf"\b(?:die|{_DEATH_WORDS})\b", re.I)  # a question about a toll
_SHARE_OF = r"\b\d[\d,.]*\s?(?:%|per\s?cent)\s+of\s+(?:the\s+|its\s+|their\s+)?(?:[\w'-]+\s+){0,2}?"
_WHO = frozenset(("people", "ppl", "persons", "americans", "folks", "humans"))


def _count_of(noun: str) -> str:
    """A figure a few words before the noun ("26 countries", "14 people in 12 states", "2,900 fewer deaths")."""
    if noun in _WHO:  # people, or a share of a body of them: "about 12% of its staff"
        return rf"\b{_COUNT}\s+(?:[\w'-]+\s+){{0,3}}?{_PEOPLE}\b|{_SHARE_OF}{_PEOPLE}\b"
    stem = re.escape(noun[:-3] if noun.endswith("ies") else noun[:-1] if noun.endswith("s") and
                     not noun.endswith("ss") else noun) + r"\w*"
    return rf"\b{_COUNT}\s+(?:[\w'-]+\s+){{0,3}}?{stem}\b"


def _counted(question: str) -> list[str]:
    """The words naming what a how-many question counts, up to where its verb begins ("financial", "records")."""
    m = _HOW_MANY.search(question)
    if not m:
        return []
    out = []
    for w in m.group(1).split():
        if w in _COUNTED_END or w.endswith("ed"):
            break
        out.append(w)
        if w in _WHO or (w.endswith("s") and not w.endswith("ss")):  # the plural ends it: "islanders lost power"
            break
    return [w for w in out if len(w) > 2]


def wanted_unit(question: str) -> re.Pattern[str] | None:
    """The pattern of the figure a how-many / how-much / how-long question asks for, or None when it names no kind
    (or is no such question)."""
    q = question.lower()
    parts: list[str] = []
    named = WHAT_FIGURE.match(q)
    share = _WHAT_SHARE.search(q)
    if at := AT_WHAT_FIGURE.search(q):
        parts.append(_AGE if at.group("noun") == "age" else _MONEY)
    elif named:
        noun = named.group("noun")
        if noun in ("score", "margin", "vote", "tally"):  # "95-17"
            parts.append(_SCORE)
        elif noun == "toll":
            parts.append(_DEATHS)
        elif not noun.startswith(("rate", "percentage", "tariff")):  # a rate may be "0.72" as well as "3.6%"
            parts.append(_MONEY)
    elif "how many" in q:
        parts += [_count_of(w) for w in _counted(q) if not _DIED.fullmatch(w)]
        if _DIED.search(q):
            parts.append(_DEATHS)
    elif _TIME.search(q):
        parts.append(_DURATION)
    elif "how much" in q or share:
        if _RAIN.search(q):
            parts.append(_LENGTH)
        elif share:
            parts.append(_PERCENT)
        else:
            if _MONEY_WORDS.search(q):
                parts.append(_MONEY)
            if _CHANGE_WORDS.search(q) or _RATES.search(q):
                parts.append(_PERCENT)
    elif re.search(r"\bhow long\b", q):
        parts.append(_DURATION)
    elif re.search(r"\bhow old\b", q):
        parts.append(_AGE)
    elif re.search(r"\bhow (?:high|tall|deep|far)\b", q):
        parts += [_LENGTH, _PERCENT] if _RATES.search(q) else [_LENGTH]
    elif re.search(r"\bhow fast\b", q) or re.search(r"\bhow strong\b.*\b(?:winds?|gusts?)\b", q):
        parts.append(_SPEED)
    elif re.search(r"\bhow (?:strong|powerful)\b.*\b(?:hurricane|typhoon|cyclone|storm|earthquake|quake|tornado|twister)\b",
                   q):
        parts += [_STRENGTH, _SPEED]
    elif re.search(r"\bhow loud\b", q):
        parts.append(_LOUDNESS)
    elif re.search(r"\bhow (?:hot|cold|warm|chilly)\b", q):
        parts.append(_TEMPERATURE)
    elif re.search(r"\bhow heavy\b", q):
        parts.append(_WEIGHT)
    elif re.search(r"\bhow (?:big|large)\b", q):
        parts += [_AREA, _LENGTH]
        if _MONEY_WORDS.search(q):
            parts.append(_MONEY)
        if _RATES.search(q):
            parts.append(_PERCENT)
    return re.compile("|".join(f"(?:{p})" for p in parts), re.I) if parts else None
