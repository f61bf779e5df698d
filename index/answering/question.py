"""A question, read once: its time, what it searches for, whose words it asks for and what kind of answer.

Everything the answering stages need to know about a question is decided here, in Question.parse, and carried
as one frozen object: retrieval, sentence scoring, quote picking and abstention never parse the text again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from functools import cache, cached_property
from typing import Literal

from index.answering.units import AT_WHAT_FIGURE, WHAT_FIGURE, measured_spans, wanted_unit
from index.errors import BadQuestion
from index.models import TimeWindow
from index.text.names import (
    BODY_KINDS,
    GENERIC,
    LEADING_STOP,
    PARTICLES,
    TITLES,
    UPPER,
    WEEKDAYS_MONTHS,
    is_role,
    names_a_body,
    one_in_role,
    role_run,
    strip_possessive,
    words,
)
from index.text.timeexpr import RX_AHEAD, parse_period, parse_window
from index.text.tokens import PAST_FORMS, is_bare_contraction, is_common_word, stopwords, tokenize

MAX_QUESTION = 500  # characters: longer is a paste, not a question (Discord's own option limit is 6,000)
MAX_TOPIC = 200  # characters of a digest topic: a topic is a few words, and it is shown in the digest's title
Wants = Literal["name", "number", "time", "clock"]


def check_question(text: str) -> str:
    """The question with its whitespace collapsed; BadQuestion when it is empty or too long."""
    q = " ".join(text.split())
    if not q:
        raise BadQuestion("Ask a question: the text was empty.")
    if len(q) > MAX_QUESTION:
        raise BadQuestion(f"Questions can be at most {MAX_QUESTION} characters; this one has {len(q)}.")
    return q


# a greeting or a word to the bot before a question ("hey bot, what did ..."), thanks after it: no part of what is
# asked; a filler word only before punctuation or a question word ("so what did", not "well water")
_GREETING = r"hey|hi|hello|hiya|heya|yo|howdy"
_TO_THE_BOT = r"ok|okay|so|um+|uh+|hmm+|well|quick question|question|q|newsbot|bot|there|all|folks|guys|pls|please"
_ASK_WORD = r"what|whats|who|whos|how|why|when|where|which|did|does|do|is|are|was|were|has|have|can|could|will|any|tell"
_RX_ADDRESS = re.compile(
    rf"^(?:(?:{_GREETING})[\s,:;!.]+|(?:{_TO_THE_BOT})(?:[ \t]*[,:;!.]+[ \t]*|[ \t]+(?=(?:{_ASK_WORD})\b)))", re.I)
# a request around the question ("can you tell me what ...", "do you know who ...", "i want to know ..."): the
# question is what follows; a short one ("any idea", "please") only before a question word
_RX_REQUEST = re.compile(
    r"^(?:(?:(?:can|could|would|will)\s+you\s+(?:please\s+|pls\s+)?(?:(?:tell|show|give|let)\s+(?:me|us)(?:\s+know)?|"
    r"find(?:\s+out)?|check|look\s+up|see)|(?:do|does|did)\s+(?:you|anyone|anybody)\s+know|"
    r"i\s+(?:want|need|wanna|would\s+like|['’]?d\s+like)\s+to\s+know|i(?:['’]?m|\s+am)?\s+(?:wondering|curious)|"
    r"i\s+wonder|(?:tell|show)\s+me|let\s+me\s+know)[\s,:]+|"
    rf"(?:any\s*(?:idea|clue)s?|please|pls|plz)[\s,:]+(?=(?:{_ASK_WORD}|whom|whose|about)\b))", re.I)
_RX_THANKS = re.compile(r"[\s,;.!]+(?:please|pls|plz|thanks|thank you|thx|ty)[\s.!]*(?P<q>\?*)[\s.!]*$", re.I)
# chat asides ("... lmao", "smh", "ngl"): how the asker feels, no word the news must hold; "imo" and "fyi" only last
# ("the IMO's rules" names a body)
_RX_ASIDE = re.compile(r"(?:^|[\s,;.!]+)(?:lol+|lmf?ao+|rofl|smh|ngl|tbh|omg|wtf|(?:ha){2,}|(?:imo|imho|fyi|btw|idk)"
                       r"(?=[\s.!?]*$))(?=[\s,;.!?]|$)", re.I)


def what_is_asked(text: str) -> str:
    """A question as it asks: without a greeting, a request or thanks around it, and in lower case when typed in capitals
    throughout (users type names in lower case as often as not; capitals throughout tell nothing)."""
    rest = text
    while (m := _RX_ADDRESS.match(rest) or _RX_REQUEST.match(rest)) and rest[m.end() :].strip():
        rest = rest[m.end() :]
    if (m := _RX_THANKS.search(rest)) and rest[: m.start()].strip():
        rest = rest[: m.start()] + m.group("q")
    if (bare := _RX_ASIDE.sub("", rest).strip()) and bare != rest.strip():
        rest = bare
    if not any(c.islower() for c in rest) and sum(c.isupper() for c in rest) > 1:
        rest = rest.lower()
    return rest


def check_topic(topic: str | None) -> str | None:
    """A digest topic with its whitespace collapsed (None when empty); BadQuestion when it is too long."""
    t = " ".join((topic or "").split()) or None
    if t and len(t) > MAX_TOPIC:
        raise BadQuestion(f"Topics can be at most {MAX_TOPIC} characters; this one has {len(t)}.")
    return t


@dataclass(frozen=True)
class Question:
    """One question as the answering stages see it."""

    text: str  # as asked, whitespace collapsed
    query: str  # what is searched: the text without its time expression
    as_of: datetime
    window: TimeWindow | None  # publication times searched (None: anything up to as_of)
    prefer: tuple[float, float]  # the span of publication times the time prior favours
    filter_only: bool  # the window is a plain filter (--since): it never gives way to earlier reports
    speaker: str | None  # the person or body whose words it asks for
    wants: Wants | None  # what a who/which/how-many question asks for
    asks_statement: bool  # "what did X say": every quote must be X's words or about X
    weak_speaker: bool = False  # "X on Y", "the kc mayor": their words where the news quotes them, else a plain question

    @classmethod
    def parse(cls, text: str, as_of: datetime, tz: tzinfo, *, since: str | None = None) -> Question:
        """Read a question asked at as_of (aware) in tz; since, a period option, is a plain filter."""
        text = what_is_asked(check_question(text))
        window, query = parse_window(text, as_of, tz)
        query = _RX_SHORTHAND.sub(lambda m: _SHORTHAND[m.group(0).lower()], query.strip() or text)
        query = _RX_UNIT_SHORT.sub(lambda m: f"{m.group(1)} {_UNIT_SHORT[m.group(2).lower()]}", query)
        if since:
            window, prefer = time_span(parse_period(since, as_of, tz), as_of, event=False)
        else:
            window, prefer = time_span(window, as_of)
        speaker, on_frame = _speaker_and_frame(text)
        # a role ("the kc mayor") or a bare "X on Y" may not be how the news names anyone it quotes
        last = speaker.split()[-1].lower() if speaker else ""
        weak = speaker is not None and (on_frame or is_role(last) or last in _BODIES)
        return cls(
            text=text, query=query, as_of=as_of, window=window, prefer=prefer, filter_only=bool(since),
            speaker=speaker, wants=wanted_answer(text),
            asks_statement=bool(speaker and not weak and _SAY_FRAME.search(text)), weak_speaker=weak,
        )

    @property
    def start(self) -> float | None:
        """The earliest publication time searched, or None."""
        return self.window.start.timestamp() if self.window else None

    @property
    def end(self) -> float:
        """The latest publication time searched: as_of."""
        return self.as_of.timestamp()

    @cached_property
    def name_tokens(self) -> frozenset[str]:
        """The asked speaker's name as tokens."""
        return frozenset(tokenize([self.speaker])[0]) if self.speaker else frozenset()

    @cached_property
    def title_tokens(self) -> frozenset[str]:
        """The tokens of the titles typed just before the asked person's name ("capt andrews", "lt gov hall"): theirs,
        not words a story must hold."""
        if not self.speaker:
            return frozenset()
        name = re.escape(self.speaker.split()[0])
        typed = re.search(rf"((?:[\w.]+\s+){{1,3}}){name}\b", self.text, re.IGNORECASE)
        if typed is None:
            return frozenset()
        before = list(reversed(typed.group(1).split()))
        titles = before[: next((i for i, w in enumerate(before)
                                if not {w.lower(), w.lower().rstrip("."), f"{w.lower()}."} & TITLES), len(before))]
        return frozenset(t for toks in tokenize(titles) for t in toks) if titles else frozenset()

    @cached_property
    def asks_why(self) -> bool:
        """Whether it asks for a reason or a cause ("why did rite aid go bankrupt", "what caused the outage")."""
        return bool(_RX_WHY.search(self.text))

    @cached_property
    def described_speaker(self) -> bool:
        """Whether the asked speaker is a role or a body ("the sublette fire chief", "the 509th bomb wing"), not a
        person's name."""
        words = self.speaker.lower().split() if self.speaker else []
        return bool(words) and (is_role(words[-1]) or words[-1] in _BODIES or names_a_body(self.speaker or "")
                                or _initials(words[-1]))

    @cached_property
    def topic_tokens(self) -> frozenset[str]:
        """The query's tokens, less the speaker's name, the words of a "what did X say" frame and contractions typed
        without their apostrophe ("it wasnt a catch")."""
        bare = [w for w in _WORDS.findall(self.query) if is_bare_contraction(w)]
        contractions = {t for toks in tokenize(bare) for t in toks} if bare else set()
        return (frozenset(tokenize([self.query])[0]) - _speech_tokens() - self.name_tokens - _INTERROGATIVES
                - contractions - _stems(_FILLER))

    @cached_property
    def event_tokens(self) -> frozenset[str]:
        """The topic tokens less the word a "how long / how old / how far" question measures by: what names the event,
        which a story answering it holds, where the measure's word it need not ("the strike lasted three weeks")."""
        measures = [m.group(1) for m in _RX_HOW_MEASURE.finditer(self.query)]
        return self.topic_tokens - {t for toks in tokenize(measures) for t in toks} if measures else self.topic_tokens

    @cached_property
    def asks_announcement(self) -> bool:
        """Whether it asks what someone announced ("what did wwe announce on monday")."""
        frame = _SAY_FRAME.search(self.text)  # the verb it asks with, not one of its topic ("... when he announced")
        return bool(self.speaker) and frame is not None and frame.group(1).lower().startswith("announc")

    @cached_property
    def asked_topic_tokens(self) -> frozenset[str]:
        """The topic tokens less a verb that says what kind of statement is asked for ("what did wwe announce about
        the network": "network") or a word for the occasion ("in his victory speech": "victory"): a story needs not
        repeat it to be on the topic, though it helps find the sentence that answers."""
        return self.topic_tokens - _stems(_STATEMENT_KINDS)

    @cached_property
    def key_words(self) -> dict[str, str]:
        """The query's content words as typed, each with its token (stopwords and the words of a "what did X
        say" frame left out)."""
        words = [w for w in _WORDS.findall(self.query) if w.strip("'-") and not _NUMBER_SHORT.match(w)]
        tokens = tokenize(words) if words else []
        speech = _speech_tokens()
        return {w: t[0] for w, t in zip(words, tokens, strict=True) if t and t[0] not in speech}

    @cached_property
    def topic_text(self) -> str | None:
        """Asked about someone, what about: the query less their name and the words of asking ("what did Kallas say
        about drones?": "about drones"), which every candidate of theirs shares; None when it asks about nobody or
        nothing remains."""
        if not self.speaker:
            return None
        words = _WORDS.findall(self.query)
        drop = self.name_tokens | _speech_tokens() | _ASKING
        kept = [w for w, t in zip(words, tokenize(words), strict=True)
                if not (t and t[0] in drop) and w.lower() not in drop]
        return " ".join(kept) or None

    def point_text(self, titles: list[str]) -> str | None:
        """Asked how many, how much or when, what it asks of its story: the query less the words the best articles'
        titles hold (the story's name, which every candidate sentence of it shares); None for other questions, or
        when nothing, or everything, is left."""
        if self.speaker or not _ASKS_POINT.match(self.text):
            return None
        words = _WORDS.findall(self.query)
        held = {t for toks in tokenize(titles) for t in toks} if titles else set()
        kept = [w for w, t in zip(words, tokenize(words) if words else [], strict=True) if not (t and t[0] in held)]
        if not kept or len(kept) == len(words) or not any(tokenize([" ".join(kept)])[0]):
            return None
        return " ".join(kept)

    @cached_property
    def event_days(self) -> frozenset[date]:
        """Asked about a day or two ("yesterday", "on tuesday", "over the weekend"), those days; else none."""
        if self.window is None or self.filter_only:
            return frozenset()
        tz = self.as_of.tzinfo
        first = datetime.fromtimestamp(self.prefer[0], tz).date()
        days = (datetime.fromtimestamp(self.prefer[1] - 1, tz).date() - first).days + 1
        return frozenset(first + timedelta(days=i) for i in range(days)) if 0 < days <= 3 else frozenset()

    @cached_property
    def unit(self) -> re.Pattern[str] | None:
        """Asked how many or how much, the kind of figure that answers ("how much snow": inches), when it names one."""
        return wanted_unit(self.text) if self.wants == "number" else None

    @cached_property
    def asks_words(self) -> bool:
        """Whether it asks for somebody's words at all ("what did he say?"), named or not."""
        return bool(self.speaker or _SAY_FRAME.search(self.text))

    @cached_property
    def asks_past(self) -> bool:
        """Whether it asks what happened or how it ended ("who won", "did it land", "whats the verdict"), not what is
        to come ("when is it supposed to land")."""
        return bool(_RX_PAST.search(self.text)) and not RX_AHEAD.search(self.text)

    @cached_property
    def asks_what_happened(self) -> bool:
        """Whether it asks about something that took place or what is the latest on it: a verb in the past tense ("who
        won", "which country launched", "how did it collapse") or a word of the present moment ("now", "latest"),
        not how things are or will be ("which state is facing criticism", "what type of cicadas are known to
        appear")."""
        if _RX_PAST.search(self.text) or _RX_NOW.search(self.text):
            return True
        found = [w.lower() for w in _WORDS.findall(self.text)]
        # a past form after a form of "be" or "have" is a participle of a state ("are known", "has risen"); after an
        # article or "to", no verb in the past ("the United States", "a limited run")
        return any((w in PAST_FORMS or w == "said" or (len(w) > 4 and w.endswith("ed") and not w.endswith("eed")))
                   and before not in _NO_PAST_AFTER for before, w in zip(["", *found], found, strict=False))

    def window_within(self, days: float) -> bool:
        """Whether it asks about a time window of at most this many days."""
        return self.window is not None and self.window.end - self.window.start <= timedelta(days=days)

    @cached_property
    def asks_which_thing(self) -> bool:
        """Whether it asks which thing did something ("which chain filed for bankruptcy", "what country ousted its
        prime minister"): the story names the thing, in words the question cannot hold."""
        return bool(_RX_WHICH_THING.match(self.text))

    @cached_property
    def asks_which_kind(self) -> bool:
        """Whether anywhere it asks which thing of a kind ("in which Pakistani city", "what TV show"): the words of
        the kind describe what answers, and the story may name it otherwise ("the Italian island of Stromboli")."""
        return bool(_RX_WHICH_KIND.search(self.text))

    def as_typed(self, words: int) -> bool:
        """Whether it is asked as users type questions: one sentence of at most this many words (a quiz's stem
        describes what it asks about first: "The IRS is now accepting 2023 returns. In which month ...?")."""
        return self.one_sentence and len(self.text.split()) <= words

    def chatted(self, words: int) -> bool:
        """Whether it reads as chat: asked as users type (as_typed), or one sentence typed all in lower case however
        long ("did that second noreaster dump more snow on new castle county this weekend"); a quiz's stem is
        edited."""
        return self.as_typed(words) or (self.one_sentence and self.text == self.text.lower())

    @cached_property
    def words(self) -> frozenset[str]:
        """The question's words, lowercased (not stemmed)."""
        return frozenset(w.lower() for w in _WORDS.findall(self.text))

    @cached_property
    def by_source(self) -> bool:
        """Whether it asks a fact as its source gives it ("how high will inflation climb, according to the Bank of
        England"), not what someone said."""
        return self.speaker is not None and _RX_ACCORDING.search(self.text) is not None

    @cached_property
    def one_sentence(self) -> bool:
        """Whether it is asked in one sentence, as users type questions (a quiz's stem gives background first:
        "President Biden on Wednesday announced ... . How much ...?")."""
        return not self.background

    @cached_property
    def names_capitalised(self) -> bool:
        """Whether the asker writes as an editor does: sentences start with a capital, a word inside one starts with
        one ("What did Kallas say", "FDA"), and not every letter is one; not a quick "what did Kallas say about the
        vilnius summit", whose writer capitalised only the name that came to mind."""
        if not self.text[:1].isupper() or not any(c.islower() for c in self.text):
            return False
        return any(m.group(0) != "I" for m in _RX_INNER_CAPITAL.finditer(self.text))

    @cached_property
    def background(self) -> str:
        """What a quiz's stem tells before its last sentence asks ("Vin Scully died this week at the age of 94."), or
        "" for a question asked in one sentence."""
        *_, last = (None, *_RX_TWO_SENTENCES.finditer(self.text))
        return self.text[: last.start() + 1] if last else ""

    @cached_property
    def figures_told(self) -> frozenset[str]:
        """The tokens of figures it gives with their measure ("paying $537 million", "after 28 years"): what it tells,
        which a story may round or leave out, not a name ("flight 1282")."""
        spans = measured_spans(self.text)
        return frozenset(
            stem for w, stem in self.key_words.items()
            if any(c.isdigit() for c in w) and any(m.start() < b and a < m.end()
                                                   for m in re.finditer(rf"(?<!\w){re.escape(w)}(?!\w)", self.text)
                                                   for a, b in spans))

    @cached_property
    def years(self) -> tuple[str, ...]:
        """The year it asks about, closing it ("who won kenya's presidential election in 2017", "in march 2023"); a
        year inside a longer question, or in a clause of its own, is mostly background ("its first title since 2010",
        "a 2018 op-ed", "dropping quarantine rules after sealing its borders in March 2020")."""
        m = _RX_YEAR_ASKED.search(self.text)
        return (m.group(1),) if m and not _RX_BACKGROUND_CLAUSE.search(self.text) else ()


# "which"/"what" before a noun, not before a verb ("what did ...")
_WHICH_NOUN = r"(?:which|what)\s+(?!(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could|about)\b)[\w’'\-]+"
_RX_WHICH_THING = re.compile(rf"\s*{_WHICH_NOUN}", re.I)  # opening the question
_RX_WHICH_KIND = re.compile(rf"\b{_WHICH_NOUN}", re.I)  # anywhere in it
_RX_INNER_CAPITAL = re.compile(r"(?<![.!?:\"“]\s)(?<!^)(?<=\s)[A-Z][\w'’\-]*")
_RX_TWO_SENTENCES = re.compile(r"[.!?][\"”’)]*\s+\S")
_RX_YEAR_ASKED = re.compile(r"\bin[ \t]+(?:[a-z]+[ \t]+)?((?:19|20)\d\d)[\s?!.]*$", re.I)
_RX_BACKGROUND_CLAUSE = re.compile(r"\b(?:after|since|before|when|while|following|until)\b", re.I)


_RX_PAST = re.compile(  # ... or its outcome: "whats the verdict", "who is the winner"
    r"\b(?:did|was|were|won|happened|ended|died|killed|ruled|decided|ordered|got|made|went|passed|landed|verdict|"
    r"winners?|outcome|results?|ruling)\b", re.I)
_RX_NOW = re.compile(r"\b(?:now|current|currently|latest|newest|recent|recently|still|anymore|today|tonight)\b", re.I)
_NO_PAST_AFTER = frozenset(("is", "are", "be", "been", "being", "am", "was", "were", "has", "have", "had", "to", "a", "an",
                          "the"))


def time_span(
    window: TimeWindow | None, now: datetime, *, event: bool = True
) -> tuple[TimeWindow | None, tuple[float, float]]:
    """What a time window means to a search: the window to search (None: any date up to now) and the span of
    publication times to prefer.

    A period option (event=False) is a plain filter. A question's time (event=True) names when things happened,
    and reports of them come out then or later: search from its start up to now, preferring what was published
    within it (or soon after; after a whole month, the month after it too, when its figures are reported). A time
    still ahead filters nothing, since what is known of it was published
    before; no time at all prefers now, since news questions are mostly about recent events.
    """
    t = now.timestamp()
    if window is not None and not event:
        return window, (window.start.timestamp(), t)
    if window is None or window.start > now:
        return None, (t, t)
    end = window.end
    if end - window.start >= timedelta(days=27) and end < now:  # "in january": figures for a month come out after it
        end = end + (end - window.start)
    return TimeWindow(window.start, now, window.phrase), (window.start.timestamp(), min(end, now).timestamp())


_WORDS = re.compile(r"[\w'-]+")
# shorthand users type, searched as the words it stands for ("how many ppl died")
_SHORTHAND = {"ppl": "people", "dept": "department", "govt": "government", "msg": "message", "yrs": "years",
              "hq": "headquarters", "dems": "Democrats", "dem": "Democratic", "admin": "administration",
              "intl": "international", "natl": "national", "approx": "approximately", "scotus": "Supreme Court",
              "potus": "president", "doj": "Justice Department", "tds": "touchdowns", "td": "touchdown",
              "socal": "Southern California", "norcal": "Northern California", "hoa": "homeowners association",
              "rn": "now", "min wage": "minimum wage", "yr": "year", "hwy": "highway", "pkwy": "parkway",
              "blvd": "boulevard", "bama": "Alabama", "abt": "about", "pts": "points", "ot": "overtime",
              "convo": "conversation"}
# a unit typed short after its number ("a 30 sec ad", "90 mins"); "sec" alone is the conference
_UNIT_SHORT = {"sec": "second", "secs": "seconds", "min": "minute", "mins": "minutes", "hr": "hour", "hrs": "hours"}
_RX_UNIT_SHORT = re.compile(rf"\b(\d+)[ -]?({'|'.join(_UNIT_SHORT)})\b", re.I)
_RX_SHORTHAND = re.compile(rf"\b(?:{'|'.join(sorted(_SHORTHAND, key=len, reverse=True))})\b", re.I)
# a number written short is no key term the news must hold: "q3", "the 70s", "20k", "5th"
_NUMBER_SHORT = re.compile(r"^(?:\d+(?:st|nd|rd|th|s|k|m|bn)|[qQ][1-4])$")
# how a figure is asked for: "how many", "how strong"
_HOW_MUCH = r"how (?:many|much|long|old|big|large|far|high|tall|fast|often|strong|loud|deep|hot|cold|heavy)"
_ASKS = re.compile(
    rf"^\s*(who|whom|whose|which|where|what|when|{_HOW_MUCH}|in what|in which)(?:['’]?s)?\b",
    re.I)  # typed "whats", "whos", "wheres" too
# how many, how much, when: the asked point is a figure or a time of the story, which its name does not hold ("what
# happened to X" asks for the story itself)
_ASKS_POINT = re.compile(rf"\s*(?:when|{_HOW_MUCH}|what (?:time|date|day|year))\b", re.I)


_WHAT_CLOCK = re.compile(r"\bwhat\s+(?:time|hour)\b", re.I)  # answered by a clock time
# answered by a date: "what year", "whats the deadline"
_WHAT_WHEN = re.compile(r"\bwhat(?:\s+year|\s+date|\s+day|\s+month|(?:['’]?s|\s+is|\s+was)\s+the\s+(?:deadline|date))\b", re.I)


def wanted_answer(question: str) -> Wants | None:
    """What a factual question asks for: "name" (who, which, where, what), "number" (how many, how much), "time"
    (when, what date) or "clock" (what time); typed after a clause that sets the scene ("before the rams game, when
    was ..."), what that question asks (not an editor's: "According to Dr. Fauci, when ...", "..., which would")."""
    if question[:1].islower() and not _ASKS.search(question) and (after := _RX_ASKED_AFTER.search(question)):
        question = question[after.start(1):]
    if _WHAT_CLOCK.search(question):
        return "clock"
    if _WHAT_WHEN.search(question):  # "what's the date of the vote"
        return "time"
    if WHAT_FIGURE.match(question) or AT_WHAT_FIGURE.search(question):  # "whats the fine", "at what price"
        return "number"
    m = _ASKS.search(question)
    if not m:
        return None
    word = m.group(1).lower()
    if word == "when":
        return "time"
    return "number" if word.startswith("how") or "percent" in question.lower() or "%" in question else "name"


# a question asked after a clause that sets its scene: "incyte earnings came out yesterday, how did jakafi do"
_RX_ASKED_AFTER = re.compile(r",\s*((?:who|whom|whose|which|where|what|when|how)\b)", re.I)


_SAY_FRAME = re.compile(
    r"\b(say|said|says|saying|tell|told|tells|write|wrote|writes|post|posted|describe|described|think|thinks|"
    r"comments?|commented|claim|claimed|warn|warned|announce|announced|react|reacted|reactions?|respond|responded|"
    r"response|"
    r"statement|statements|remarks?|quotes?)\b",
    re.IGNORECASE,
)
_DOCUMENTS = set(words("law bill act report ruling study order policy rule rules plan deal treaty agreement poll survey "
                        "letter statement document memo filing lawsuit indictment verdict decision"))
_INTERROGATIVES = frozenset(("what", "who", "how", "why", "where", "when"))  # left by "whats", "hows"
_ASKING = frozenset(("what", "whats", "how", "did", "does", "do", "has", "have"))  # "what did X say", "has X said"
_SPEECH = (
    "say said says tell told talk talked comment comments commented describe described think response respond "
    "responded reaction react reacted statement statements remark remarks reply replied comeback retort rebuttal "
    "warn warned explain explained claim claimed promise promised argue argued"
)


_STATEMENT_KINDS = "announce announced announcing tweet tweeted tweeting speech interview podcast rally"


# words users type around a topic that name none: "the door plug thing", "oil vs the 70s", "why it matters"
_FILLER = "thing things stuff vs versus matter matters actually"
_RX_HOW_MEASURE = re.compile(r"\bhow\s+(long|old|far|big|often|soon|late|early|fast|high|deep|large|close|tall|bad|cold|"
                             r"hot|strong|serious|expensive|wide|heavy|small)\b", re.I)
_RX_WHY = re.compile(r"^\W*(?:so\s+)?(?:why|how\s+come)\b|\bwhat\s+(?:caused|causes|led\s+to|triggered|prompted|is\s+behind|"
                     r"was\s+behind)\b|\b(?:the\s+)?reasons?\s+(?:for|why|behind)\b", re.I)


def _initials(word: str) -> bool:
    """Whether a typed word can only be a body's initials ("dlcc", "cbp", "nws"): no English word lacks a vowel."""
    return 2 <= len(word) <= 6 and word.isalpha() and not any(c in "aeiouy" for c in word)


@cache
def _stems(word_list: str) -> frozenset[str]:
    """A word list's tokens as a question's are tokenized, made once on first use (the tokenizer loads lazily)."""
    return frozenset(tokenize([word_list])[0])


def _speech_tokens() -> frozenset[str]:
    """Words of a "what did X say" frame: they ask for a statement, they are not its topic."""
    return _stems(_SPEECH)


# --- whose words a question asks for -----------------------------------------------------------------------

_PART = "|".join(PARTICLES)
_Q_VERBS = words(
    "say said saying tell told telling write wrote writing post posted tweet tweeted think thought thinking "
    "mean meant claim claimed announce announced describe described describing call called react reacted "
    "respond responded comment commented argue argued warn warned explain explained characterise "
    "characterised characterize characterized view see feel make reply replied promise promised suggest "
    "suggested predict predicted propose proposed mention mentioned believe believed talk talked speak spoke "
    "stated admit deny apologize apologise concede insist acknowledge vow pledge urge slam criticize criticise "
    "praise blame arguing claiming warning explaining suggesting predicting proposing promising insisting urging "
    "blaming praising criticizing criticising admitting denying announcing describing reacting responding answer answered "
    "commenting mentioning posting tweeting talking"
)
_Q_NOUNS = words(
    "comments comment remarks remark views view statement statements stance position reaction response words "
    "quote quotes take thoughts opinion claims claim warning warnings message speech position explanation "
    "excuse advice apology argument side comeback retort rebuttal reply dig jab swipe description"
)
# "state" is a verb only before what is stated ("what did X state about Y"): "delaware state university" is a name
# "state" and "post" are verbs only before what is stated ("what did the washington post guild say")
_QV = ("|".join(sorted(set(_Q_VERBS) - {"post"}, key=len, reverse=True))
       + r"|(?:state|post)(?=\s+(?:about|that|on|regarding|to|in|after|when|anything|something)\b|\s*[?!.]|\s*$)")
_QN = "|".join(sorted(_Q_NOUNS, key=len, reverse=True))
_STANCE = r"wants?|expects?|expecting|plans?|planning|blames?|agrees?|hopes?|hoping|intends?|intending|going\s+to|gonna"
_WHEN = "|".join((*WEEKDAYS_MONTHS, "the weekend", "weekend", "today", "tonight"))  # "on monday" is a time
# bodies that speak through people the news names ("the haley campaign's response")
_BODIES = set(words("campaign administration office department ministry government team company agency police union "
                    "wing squadron regiment battalion brigade"))
_REFLEXIVES = frozenset(("itself", "himself", "herself", "themselves"))
# how someone said it, typed between their name and the verb: no part of the name
_SAYING_ADVERBS = frozenset(words("actually really just ever even officially publicly originally first initially "
                                  "exactly specifically recently previously finally also last"))
# "why didnt chapek speak out": typed with or without the apostrophe
_AUX = r"(?:did|does|do|has|have|had|was|is|were|will|would)(?:n['’]?t)?|won['’]?t"
_QNAME = r"(?P<n>[^\s?!,;:]+(?:\s+[^\s?!,;:]+){0,5}?)"
_RX_QUESTIONS = [
    re.compile(
        rf"\b(?:what|how|why|when|where)\s+(?:{_AUX})\s+{_QNAME}\s+(?:{_QV})\b",
        re.I,
    ),
    re.compile(rf"^\s*(?:{_AUX})\s+{_QNAME}\s+(?:{_QV})\b", re.I),
    _WHATS_FRAME := re.compile(rf"\bwhat(?:'s|’s|s)\s+{_QNAME}\s+(?:been\s+)?(?:{_QV})\b", re.I),
    _BARE_FRAME := re.compile(rf"^\s*{_QNAME}\s+(?:{_QN})\s+(?:to|on|about|after|over|for|of|at)\b", re.I),
    re.compile(
        rf"\bwhat\s+{_QNAME}\s+(?:said|says|told|tells|wrote|writes|thinks|thought|claimed|claims|"
        rf"posted|tweeted|announced|meant)\b",
        re.I,
    ),
    re.compile(
        rf"\b(?:according\s+to|quotes?\s+(?:from|by)|statements?\s+(?:from|by)|comments?\s+(?:from|by)|"
        rf"remarks?\s+(?:from|by)|words\s+of)\s+{_QNAME}(?=\s+(?:on|about|regarding|concerning)\b|\s*[?!.,]|\s*$)",
        re.I,
    ),
    re.compile(
        rf"(?P<n>(?:[^\s?!,;:]+\s+){{0,4}}?[^\s?!,;:]+?)(?:'s|’s|'|’)\s+(?:latest\s+|recent\s+|own\s+)?"
        rf"(?:{_QN})\b",
        re.I,
    ),
    # what someone wants, plans or is about to do, in their own words where the news has them: "is wada going to
    # appeal the decision", "what does the adl want colleges to do", "who does vaz blame"
    _STANCE_FRAME := re.compile(
        rf"(?:^\s*|\b(?:what|who|whom|why|how)\s+)(?:does|do|is|are|will)\s+{_QNAME}\s+(?:{_STANCE})\b", re.I
    ),
    _ON_FRAME := re.compile(
        rf"^\s*(?P<n>[{UPPER}][\w’'\-]*(?:\s+(?:(?:{_PART})\s+)*[{UPPER}][\w’'\-]*){{0,4}})\s+(?:on|about)\s+\w"
    ),
    # users type names in lower case, or some words capitalised: "stoltenberg on nato", "Shawn fain on the offer",
    # "Iowa GOP chair Kaufmann on the count"
    _LOWER_ON_FRAME := re.compile(
        rf"^\s*(?P<n>[a-z][\w’'\-]*(?:\s+[a-z][\w’'\-]*){{0,3}})\s+on\s+(?!(?:{_WHEN})\b)\w", re.I
    ),
    # a longer one ends in a role: "4 day week global ceo on the uk trial"
    _LONG_ROLE_ON_FRAME := re.compile(
        rf"^\s*(?P<n>[a-z0-9][\w’'\-.]*(?:\s+[a-z][\w’'\-]*){{4,5}}?)\s+on\s+(?!(?:{_WHEN})\b)\w", re.I
    ),
]
_Q_REJECT = {
    "he",
    "she",
    "they",
    "it",
    "you",
    "i",
    "we",
    "people",
    "someone",
    "anyone",
    "everyone",
    "one",
    "this",
    "that",
    "these",
    "those",
    "there",
    "the",
    "a",
    "an",
    "report",
    "article",
    "study",
    "story",
    "paper",
    "news",
    "market",
    "markets",
    "world",
    "government",
    "public",
    "media",
    "press",
    "experts",
    "officials",
    "critics",
    "analysts",
    "sources",
    "what",
    "who",
    "which",
    "latest",
    "update",
    "updates",
    "tariffs",
    "sanctions",
    "talks",
    "war",
    "drones",
    "prices",
    "stocks",
    "weather",
    "things",
    "anything",
    "everything",
    "something",
    "happened",  # "what happened on the boardwalk"
    "happens",
    "happening",
}
# words that begin no name of a body or person
_Q_NEVER_FIRST = frozenset(words("he she they it you i we this that these those there the a an what who which people "
                                 "someone anyone everyone one things anything everything something latest news"))
_Q_LEAD = set(
    words(
        "what what's whats how is are was were show me find give get tell list any all about on of did does do "
        "has have had latest recent"
    )
)
_Q_INNER_STOP = {
    "on",
    "about",
    "in",
    "at",
    "with",
    "for",
    "from",
    "to",
    "say",
    "said",
    "the",
    "a",
    "an",
    "and",
    "think",
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
}


_QUALIFIERS = frozenset(("in", "at", "for", "to", "of", "on", "from"))
_COUNTRY_INITIALS = frozenset(("us", "uk", "un", "eu"))  # "what did us soccer say": not the pronoun


def _qualified(words: list[str]) -> list[str] | None:
    """A role or a body's initials with what qualifies it after a small word, as the words a description holds:
    "ambassador to japan" -> "japan ambassador", "the lawyer for the agents" -> "agents lawyer", "nws in san diego"
    -> "san diego nws", "u of illinois law professor" -> "u illinois law professor"; None for any other phrase
    ("voters in iowa", "biden on monday")."""
    lows = [w.lower() for w in words]
    j = next((i for i, w in enumerate(lows) if w in _QUALIFIERS), None)
    if j is None or not 0 < j < len(lows) - 1 or any(w in _QUALIFIERS for w in lows[j + 1 :]):
        return None
    if (all(w[:1].isupper() for w in words[:j]) and any(not w.isupper() for w in words[:j])
            and not is_role(lows[j - 1])):
        # a name capitalised throughout is a name ("Bank of England"); initials are not ("NWS in Shreveport"), nor a
        # role ("Secretary of State")
        return None
    before, after = words[:j], [w for w in words[j + 1 :] if w.lower() not in ("the", "a", "an")]
    if not after or any(w.lower() in WEEKDAYS_MONTHS or w.lower() in _Q_REJECT for w in after):
        return None
    if role_run(lows) < len(lows) and not is_role(lows[j + 1]):  # the role ends it: a body named with "of"
        return before + after
    if is_role(lows[j - 1]) or (j == 1 and 2 <= len(lows[0]) <= 4 and lows[0].isalpha()
                                 and lows[0] not in stopwords() | _COUNTRY_INITIALS
                                 and not is_common_word(lows[0])):  # "the hall of fame" is no "hall" initials
        return after + before
    return None


def question_speaker(question: str) -> str | None:
    """The person or body a question asks the words of ("what did Kallas say ..." -> "Kallas"), or None."""
    return _speaker_and_frame(question)[0]


def _speaker_and_frame(question: str) -> tuple[str | None, bool]:
    """The asked speaker, and whether a loose form names them ("X on Y", "X response to Y", "whats X saying")."""
    for rx in _RX_QUESTIONS:
        m = rx.search(question)
        # a longer one ends in a role, or in a name after one ("head start teacher vikki tully on staffing"; not
        # "how many starbucks workers went on strike")
        if not m or (rx is _LONG_ROLE_ON_FRAME and not _ends_in_role(m.group("n").lower().split())):
            continue
        if rx is _STANCE_FRAME and not _someone_with_plans(m.group("n")):
            continue
        name, loose = _clean_question_name(m.group("n"), bare_role=True)
        if name:
            return name, loose or rx in (_ON_FRAME, _LOWER_ON_FRAME, _LONG_ROLE_ON_FRAME, _WHATS_FRAME, _BARE_FRAME,
                                         _STANCE_FRAME)
    # someone asked for by a role before any verb ("what does latvia's foreign minister want from nato"): their
    # words where the news quotes them on it
    m = _ROLE_SUBJECT.search(question)
    if m:
        words = m.group("n").split()
        lows = [strip_possessive(w).lower() for w in words]
        end = next((j for j in range(1, len(lows) - 1) if is_role(lows[j]) and not is_role(lows[j + 1])), None)
        # one person named by a role at a body or place, opened as a noun phrase is ("the", "latvia's")
        if end is not None and (lows[0] == "the" or lows[0] != words[0].lower()) and not lows[end].endswith("s") \
                and not any(w in stopwords() for w in lows[1 : end + 1]):
            name, _ = _clean_question_name(" ".join(words[: end + 1]))
            if name:
                return name, True
    return None, False


def _body_word(word: str) -> bool:
    """Whether a lower-case word names a kind of body ("union", "office", "association")."""
    return word in BODY_KINDS or word in _BODIES


def _someone_with_plans(raw: str) -> bool:
    """Whether what a "does X want" / "is X going to" question opens with is someone, not a thing ("the storm"): a
    name, or after "the" a body, a role or initials ("the ferry union", "the adl")."""
    words = raw.lower().split()
    if not words or words[0] != "the":
        return True
    last = strip_possessive(words[-1])
    last = _SHORTHAND.get(last, last)  # "the education dept"
    return _body_word(last) or is_role(last) or not is_common_word(last)


_RX_ACCORDING = re.compile(r"\baccording\s+to\b", re.I)
# not after "what is": a predicate, not who acts ("what is the new official name")
_ROLE_SUBJECT = re.compile(rf"(?:\b(?:how|why|when|where)\s+|\bwhat\s+(?!(?:is|was|are|were)\b)|^\s*)(?:{_AUX})\s+(?P<n>[^\s?!,;:]+(?:\s+[^\s?!,;:]+){{1,6}})",
                           re.I)


def _ends_in_role(words: list[str]) -> bool:
    """Whether a long "X on Y" names someone: it ends in a role, or a role and a name; no question word opens it."""
    return is_role(words[-1]) or (words[0] not in _INTERROGATIVE_OPENERS and any(is_role(w) for w in words[-3:-1]))


_INTERROGATIVE_OPENERS = frozenset(words("how what who whom whose which why when where is are was were did does do "
                                         "has have had can could will would should"))


def _clean_question_name(raw: str, bare_role: bool = False) -> tuple[str | None, bool]:
    """The name a frame caught, cleaned (None when it is no name), and whether it is loose: "how did the white house
    respond" names a body in lower case, or a common noun ("the crowd")."""
    words = raw.split()
    while words and words[0].lower() in _Q_LEAD:
        words.pop(0)
    while len(words) > 1 and words[-1].lower() in _SAYING_ADVERBS:  # "what did pressley actually say"
        words.pop()
    had_article = bool(words) and words[0].lower() in ("the", "a", "an")
    while len(words) > 1 and (words[0].lower() in ("the", "a", "an") or (
            words[0].lower() in ("that", "this") and any(is_role(w.lower()) for w in words[1:]))):
        words.pop(0)  # "that aviation expert"; "that hindi phrase" is no one
    if bare_role and had_article and len(words) == 1 and is_role(low := words[0].lower()) and not low.endswith("s"):
        return low, True  # "what did the queen say": one person by their role alone, matched by description, loose
    qualified = _qualified([strip_possessive(w) for w in words])
    # a title opening a body's name is no title ("trooper association president": the Troopers Association's)
    while words and not qualified and words[0].lower() in TITLES and not (
            len(words) > 1 and strip_possessive(words[1]).lower() in BODY_KINDS):
        words.pop(0)
    words = qualified or [strip_possessive(w) for w in words]
    while words and words[-1].lower() in _REFLEXIVES:  # "what did ups itself say"
        words.pop()
    if words and words[-1].endswith(".") and words[-1].lower() not in TITLES and len(words[-1]) > 2:
        words[-1] = words[-1].rstrip(".")
    if not words or len(words) > (6 if role_run([w.lower() for w in words]) < len(words) else 5):
        return None, False
    lows = [w.lower() for w in words]
    if any(w in _Q_INNER_STOP for w in lows[1:]) or lows[0] in _Q_NEVER_FIRST:
        return None, False
    # a role in the plural before more words is a team's or a show's name ("the chiefs coach", "the queens gambit
    # producer"), not a role
    lows = [f"{w}'" if i < len(lows) - 1 and is_role(w) and not one_in_role(w) else w for i, w in enumerate(lows)]
    k = role_run(lows)
    if 0 < k < len(lows) <= 5 and not any(is_role(w) for w in lows[:k]):
        # a role at a body or place ("tsa chief", "boeing's ceo", "nh attorney general"): matched by description
        return " ".join(words), bool(qualified)
    if qualified and k == len(lows):  # a body at a place ("the nws in san diego"): by description
        return " ".join(words), True
    roles = [i for i, w in enumerate(lows) if is_role(w)]
    if roles and roles[-1] < len(lows) - 1:
        if _body_word(lows[-1]):  # a body of people in a role: "the southwest pilots union", "the queens office"
            return " ".join(words), True
        words, lows = words[roles[-1] + 1 :], lows[roles[-1] + 1 :]  # "ftc commissioner bedoya": the name after it
    elif roles:
        return None, False
    if lows[-1] in _DOCUMENTS:  # "what does the new law say": its content, not somebody's words
        return None, False
    if len(words) == 1 and (lows[0] in _Q_REJECT or is_role(lows[0]) or lows[0] in GENERIC):
        return None, False
    # a body's name may begin with a common word ("the world health organization", "the weather service")
    if (lows[0] in _Q_REJECT and len(lows) == 1) or lows[0] in LEADING_STOP - WEEKDAYS_MONTHS:
        return None, False
    if raw.islower() and lows[0] in stopwords() and not (lows[0] in _COUNTRY_INITIALS and len(lows) > 1):  # "more on that"
        return None, False
    # loose after "the" however it is typed ("the white house", "the Denver park ranger"); a name in lower case is a
    # name whatever else the question capitalises ("what did kallas say about the EU", "... drones in Estonia")
    return " ".join(words), had_article
