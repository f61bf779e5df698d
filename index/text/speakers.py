"""Rule-based speaker attribution: who said each sentence of a news article (no models, no downloads)."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Speaker:
    """The person (or organisation) a sentence is attributed to."""

    name: str
    description: str = ""

    def display(self) -> str:
        """The name, followed by the description after a comma when there is one."""
        return f"{self.name}, {self.description}" if self.description else self.name


# --- word lists -------------------------------------------------------------------------------------------


def _words(s: str) -> list[str]:
    return s.split()


# Verbs that make a sentence a statement wherever the subject stands next to them.
_STRONG_VERBS = _words(
    "said says told tells added adds warned warns explained explains argued argues stressed stresses "
    "insisted insists announced announces wrote writes posted stated declared declares remarked commented "
    "claimed asserted asserts acknowledged acknowledges admitted admits replied replies responded responds "
    "urged urges emphasised emphasized emphasises emphasizes noted concluded recalled recalls predicted "
    "predicts cautioned cautions confirmed confirms denied denies tweeted conceded concedes contended "
    "contends countered described describes reiterated reiterates vowed vows pledged pledges promised "
    "suggested suggests mentioned revealed reveals lamented laments complained complains joked jokes "
    "quipped underlined underscored underscores testified alleged alleges"
)
# Verbs that are only statements next to a quotation ('"...," Kallas continued').
_WEAK_VERBS = _words("continued continues maintained observed answered asked asks offered recounted went")
_TWO_WORD_VERBS = ("pointed out", "points out", "went on")
# Verbs that may come before their subject after a quotation: '"...," said Kallas' (not "told", which
# takes an object: ', told The Japan Times' must not make the newspaper the speaker).
_INVERTED_VERBS = _words(
    "said says added adds wrote writes explained explains noted continued continues warned warns argued "
    "argues insisted insists stressed stresses replied replies recalled recalls concluded declared asked asks "
    "observed countered quipped joked admitted conceded acknowledged remarked commented responded answered "
    "cautioned predicted"
)

_ADVERBS = _words(
    "also later earlier previously recently repeatedly again reportedly publicly privately then once further "
    "has have had would will just already separately initially subsequently flatly bluntly firmly simply "
    "quickly immediately herself himself themselves itself"
)

_PARTICLES = _words("von van der den de du da di del della des la le bin binti ibn ter ten dos das zu")

# Capitalised words that begin a capitalised run without being part of a name.
_LEADING_STOP = {
    w.lower()
    for w in _words(
        "The A An But And Yet So Or Nor Meanwhile However Still Then Also When While After Before As If "
        "Although Though Asked Speaking In On At For From With By To Of Since Until During Earlier Later "
        "Now Today Yesterday Tonight This That These Those Separately Instead Indeed Here There Both "
        "Neither Either Last Next Every Each Some Many Most Several Such Other Another Its Their His Her "
        "Our My Your It They We I You He She Who Whom Whose What Which Where Why How Why Under Over "
        "Despite Amid Among Between Without Within Against About Across Through Like Unlike Because "
        "Once Upon Even Only Just Not No Yes Dear Thanks Please According Following Given Including "
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
        "July August September October November December"
    )
}

# Capitalised plural or generic nouns that are never a named speaker ("Sources said").
_GENERIC = {
    w.lower()
    for w in _words(
        "Sources Source Officials Official Analysts Analyst Experts Critics Observers Diplomats Residents "
        "Witnesses Reports Report Researchers Scientists People Others Insiders Investors Economists "
        "Traders Police Authorities Lawmakers Leaders Ministers Aides Spokespeople Organisers Organizers "
        "Protesters Voters Officers Staff Employees Workers Doctors Teachers Students Parents Users Fans "
        "Everyone Everybody Nobody Someone Somebody Anyone Data Figures Polls Statistics Studies Documents"
    )
}

# Title words inside a capitalised run: everything up to the last of them is a description, not the name.
_TITLES = {
    w.lower()
    for w in _words(
        "President Vice-President President-elect Minister Secretary Secretary-General Chancellor Chief "
        "Director Director-General Governor Senator Sen. Rep. Representative Commissioner Spokesman "
        "Spokeswoman Spokesperson Ambassador Mayor King Queen Prince Princess Pope Chairman Chairwoman "
        "Chair Chairperson CEO CFO COO Premier Speaker Judge Dr. Dr Professor Prof. Prof Gen. Col. Lt. "
        "Adm. Sgt. Capt. Sir Dame Lord Lady Mr. Mrs. Ms. Mr Mrs Ms Deputy Envoy Commander Admiral Colonel "
        "Captain Sheikh Emperor Empress Executive Officer Leader Cardinal Bishop Archbishop Rabbi Imam "
        "Pastor Attorney Prosecutor Coach Manager Founder Editor Economist Analyst Solicitor Surgeon Inspector"
    )
}

# Words that continue a title when they follow one: "Attorney General", "Governor Elect".
_TITLE_SECOND = {"general", "elect"}

# Words that end a title after "of"/"for": "Secretary of State", "Minister for Foreign Affairs".
_TITLE_TAILS = set(
    _words(
        "state foreign affairs defense defence finance treasury interior trade economy health justice home "
        "homeland security energy education transport labor labour agriculture environment commerce culture "
        "digital european union the"
    )
)

# Lower-case nouns naming a person's role: "the minister said", "policy chief Kaja Kallas".
_ROLE_NOUNS = _words(
    "minister president chancellor secretary chief head leader diplomat official spokesman spokeswoman "
    "spokesperson professor analyst expert economist researcher scientist director governor senator "
    "lawmaker legislator mayor ambassador envoy commissioner chairman chairwoman chair chairperson ceo "
    "founder executive officer general commander adviser advisor strategist premier representative "
    "candidate negotiator lawyer attorney judge prosecutor author editor correspondent journalist activist "
    "fellow lecturer manager president-elect vice-president secretary-general director-general deputy "
    "aide counsel speaker king queen prince princess pope monarch emperor captain colonel coach historian "
    "politician chancellor-elect premier-elect ruler dictator general-secretary chairman-elect economist "
    "strategist investor banker consultant scholar specialist teacher doctor nurse student engineer farmer "
    "pilot soldier owner resident worker entrepreneur physician surgeon artist writer novelist director-general "
    "ceo-designate lawmaker-elect year-old"
)
_ROLE_SET = set(_ROLE_NOUNS)

# Lower-case words that may stand in a pre-name description ("former Estonian prime minister").
_DESC_WORDS = _ROLE_SET | set(
    _words(
        "former ex then acting deputy vice interim outgoing incoming current longtime long-time veteran "
        "top senior junior associate assistant adjunct visiting emeritus lead leading managing general "
        "executive political military prime first opposition party government cabinet central bank staff "
        "army navy union foreign defense defence security trade finance financial economy economic interior "
        "home justice health energy climate environment education labor labour transport agriculture "
        "digital competition affairs state press national federal regional international policy "
        "chief-of-staff research principal co-founder founding"
    )
)

# Capitalised words that mark a run as a place or an organisation rather than a person.
_ORG_PLACE = {
    w.lower()
    for w in _words(
        "Union House Times Post Journal News Press Agency Ministry Department Commission Council Parliament "
        "Congress Senate Court Office Bank Fund Group Party University Institute College School Company "
        "Corporation Corp Corp. Inc Inc. Ltd Ltd. Association Organization Organisation Alliance Summit "
        "Dialogue Industry Forum Forces Force Army Navy Guard Committee Board Authority Service Services "
        "Foundation Center Centre Network Airlines Airways Motors Reuters Bloomberg TV Radio Street Wall "
        "Square City States Kingdom Republic Nations Federation Korea Korean China Chinese Japan Japanese "
        "Russia Russian Ukraine Ukrainian Europe European America American Asia Asian Africa African "
        "Pacific Atlantic Indo-Pacific Middle East West North South Gulf Sea Ocean River Island Islands "
        "Valley Tokyo Washington Brussels Beijing Moscow Kyiv Kiev London Paris Berlin Manila Stockholm "
        "Estonia Estonian Germany German France French India Indian Israel Israeli Iran Iranian Gaza "
        "Canada Canadian Mexico Brazil Australia Australian Britain British Google Apple Microsoft Amazon "
        "Meta Tesla Boeing Airbus Daily App Features Articles Related Comments Christmas Easter Olympics "
        "Cup League Championship Ministry Embassy Kremlin Pentagon Downing Capitol Hill Street Avenue "
        "Airport Station Hospital Stock Exchange Market Markets Index Program Programme Plan Act Bill "
        "Treaty Agreement Pact Strategy Initiative Project Report Review Economic Security Defense Defence"
    )
}
_WEEKDAYS_MONTHS = {
    w.lower()
    for w in _words(
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
        "July August September October November December"
    )
}
_PRONOUNS = {"he", "she"}
_SUBORDINATORS = set(
    _words("after before when whenever while although though because since if once until unless whereas")
)
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "mx"}
_BLOCKING_PREV = set(
    _words(
        "in of from at for with by to on and or nor near than about against between among into like under "
        "over via onto upon toward towards without within behind beyond"
    )
)
_RELATIVE_CUT = re.compile(
    r"\s+(?:who|which|that|whose|whom|where|when|while|said|says|told|and\s+said|speaking|adding)\b.*$",
    re.S,
)

# --- patterns ---------------------------------------------------------------------------------------------

_Q = "\x01"  # quoted characters are masked with this, so offsets survive
_SP = r"[ \t\u00a0]+"
_UP = "A-ZÀ-ÖØ-Þ"
_ABBREV = r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gen|Col|Lt|Adm|Sgt|Capt|Prof|Gov|Jr|Sr|St)\."
_CAPWORD = rf"(?:{_ABBREV}|(?:[{_UP}]\.)+|[{_UP}][\w’'\-]*\.?(?<!\w\w\.))"
_PART = "|".join(_PARTICLES)
_NAME = (
    rf"(?<![\w’'\-.])(?:(?:{_PART}){_SP})*{_CAPWORD}"
    rf"(?:{_SP}(?:(?:of|for){_SP})?(?:(?:{_PART}){_SP})*{_CAPWORD})*"
)
_ROLES = "|".join(sorted(_ROLE_NOUNS, key=len, reverse=True))
_ROLEREF = rf"(?<![\w’'])[Tt]he{_SP}(?:[\w’'.\-]+{_SP}){{0,5}}?(?:\d+-)?(?i:{_ROLES})(?![\w\-’'])"
_PRON = r"(?<![\w’'])(?:[Hh]e|[Ss]he)(?![\w’'])"
_APPOS = rf"(?:(?:[ \t]*,[ \t]*[^,{_Q}\n]{{1,120}}?){{1,3}},)?"
_ADVS = rf"(?:{_SP}(?:{'|'.join(_ADVERBS)}|on{_SP}[{_UP}][a-z]+day))*"


def _verb_alt(words: Sequence[str]) -> str:
    return "|".join(sorted((w.replace(" ", _SP) for w in words), key=len, reverse=True))


_STRONG = _verb_alt([*_STRONG_VERBS, *_TWO_WORD_VERBS])
_ALL = _verb_alt([*_STRONG_VERBS, *_WEAK_VERBS, *_TWO_WORD_VERBS])
_INV = _verb_alt(_INVERTED_VERBS)
_SUBJ = rf"(?P<subj>{_ROLEREF}|{_PRON}|{_NAME})"

# "Kallas said", "the minister, speaking in Tokyo, warned", "she also told reporters"
_RX_SUBJ_VERB = re.compile(rf"{_SUBJ}{_APPOS}{_ADVS}{_SP}(?P<verb>{_STRONG})(?![\w’'])")
# '"...," Kallas continued'
_RX_QUOTE_WEAK = re.compile(rf"{_Q}[ \t,]*{_SUBJ}{_APPOS}{_ADVS}{_SP}(?P<verb>{_ALL})(?![\w’'])")
# '"...," said Sebastian Maslow' / ', said the minister'
_RX_INVERTED = re.compile(rf"(?:{_Q}|,)[ \t,]*(?P<verb>{_INV}){_SP}(?P<subj>{_ROLEREF}|{_PRON}|{_NAME})")
# 'according to Kallas' (the name must end the clause, so 'according to Nikkei calculations' is not one)
_RX_ACCORDING = re.compile(
    rf"\b[Aa]ccording{_SP}to{_SP}(?P<subj>{_ROLEREF}|{_NAME})(?=[ \t]*(?:[,.;:!?{_Q}]|$))"
)
_RX_NAME = re.compile(_NAME)
_RX_APPOSITIVE = re.compile(rf"[ \t]*,[ \t]*(?:(?:an?|the)[ \t]+)?([^,;:{_Q}\n]{{3,200}})")
_VERB_SET = frozenset([*_STRONG_VERBS, *_WEAK_VERBS, "pointed", "points"])
_RX_LOWER_WORD = re.compile(r"[a-z]+")
_RX_ROLE_HEAD = re.compile(rf"(?i:{_ROLES})$")
_RX_PREV_WORD = re.compile(r"([\w’'\-]+)[^\w\n]*$")
_RX_TOKEN = re.compile(r"\S+")
_RX_NEWLINE = re.compile(r"\n")
_RX_QUOTE_CHAR = re.compile("[\"'“”‘’«»„]")
_RX_SENT_END = re.compile(r"(?<=[a-z0-9])\.(?=\s|$)")
_RX_DESC_BREAK = re.compile(rf"[,;:(){_Q}\"“”—–\n]|\.(?=\s)")

# --- quotation marks --------------------------------------------------------------------------------------

_OPEN_D = "“«„"
_CLOSE_D = "”»"
_OPENERS_BEFORE = " \t\n([{—–-/" + _OPEN_D + "‘"
_CLOSERS_AFTER = " \t\n.,;:!?)]}—–-…" + _CLOSE_D + "’\"'"


def _quote_regions(line: str) -> list[tuple[int, int]]:
    """Outermost quoted spans of one paragraph (marks included); a double quote left open runs to its end."""
    regions: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    n = len(line)

    def close(kind: str, i: int) -> None:
        if any(k == kind for k, _ in stack):
            while stack:
                k, s = stack.pop()
                if k == kind:
                    break
        elif kind == "d" and stack:  # a single quote closed by a double one: typographers' slip
            s = stack[0][1]
            stack.clear()
        else:
            return
        if not stack:
            regions.append((s, i + 1))

    for qm in _RX_QUOTE_CHAR.finditer(line):
        i = qm.start()
        ch = line[i]
        prev = line[i - 1] if i else " "
        nxt = line[i + 1] if i + 1 < n else " "
        if ch in _OPEN_D:
            stack.append(("d", i))
        elif ch in _CLOSE_D:
            close("d", i)
        elif ch == "‘":
            if prev.isalnum() and nxt.isalnum():
                continue
            if not any(k == "s" for k, _ in stack):
                stack.append(("s", i))
        elif ch == '"':
            if prev in _OPENERS_BEFORE and not nxt.isspace():
                stack.append(("d", i))
            elif nxt in _CLOSERS_AFTER or any(k == "d" for k, _ in stack):
                close("d", i)
            else:
                stack.append(("d", i))
        else:  # ' or ’: apostrophe, or a single quote
            if prev.isalnum() and nxt.isalnum():
                continue
            inside = any(k == "s" for k, _ in stack)
            if prev in _OPENERS_BEFORE and not nxt.isspace():
                if not inside:
                    stack.append(("s", i))
            elif nxt in _CLOSERS_AFTER and inside:
                close("s", i)
    if stack:
        first = next((s for k, s in stack if k == "d"), None)
        if first is not None:  # the news convention: a quote running on into the next paragraph
            regions.append((min(first, stack[0][1]), n))
    return regions


def _mask_quotes(text: str) -> str:
    """The text with every quoted character replaced by _Q (same length, same offsets)."""
    out: list[str] = []
    for line in text.split("\n"):
        last = 0
        for s, e in _quote_regions(line):
            out.append(line[last:s])
            out.append(_Q * (e - s))
            last = e
        out.append(line[last:])
        out.append("\n")
    return "".join(out)[: len(text)]


# --- names ------------------------------------------------------------------------------------------------


def _strip_possessive(token: str) -> str:
    if token[-1:] not in ("s", "'", "’"):
        return token
    for suffix in ("'s", "’s", "'", "’"):
        if token.endswith(suffix) and len(token) > len(suffix):
            return token[: -len(suffix)]
    return token


@functools.lru_cache(maxsize=4096)
def _fold(s: str) -> str:
    decomposed = unicodedata.normalize("NFKD", s)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _name_like(token: str) -> bool:
    """A capitalised word with lower-case letters (not an acronym like NATO), or an initial like 'J.'."""
    if len(token) == 2 and token[1] == "." and token[0].isupper():
        return True
    if token.lower() in _PARTICLES:
        return True
    return token[:1].isupper() and any(c.islower() for c in token[1:]) and not any(c.isdigit() for c in token)


@dataclass
class _Run:
    """A capitalised run split into a leading title and the name proper."""

    tokens: list[str]  # the name's tokens
    title: list[str]  # title words that stood before it in the same run
    start: int  # offset of the run (title included) in the text
    name_start: int
    end: int


def _split_run(text: str, start: int, end: int) -> _Run | None:
    """Drop leading function words and split off title words ("White House Press Secretary")."""
    spans = [(m.start() + start, m.end() + start, m.group()) for m in _RX_TOKEN.finditer(text[start:end])]
    while spans and spans[0][2].lower() in _LEADING_STOP:
        spans.pop(0)
    if not spans:
        return None
    words = [w for _, _, w in spans]
    cut = 0
    for i, w in enumerate(words):
        if _strip_possessive(w).lower() in _TITLES:
            cut = i + 1
    # a title's own second word: "Attorney General Ken Paxton", "Surgeon General ...", "President-elect" spelt apart
    while 0 < cut < len(words) - 1 and words[cut].lower() in _TITLE_SECOND:
        cut += 1
    # a nationality or place before a name: "Estonian Kaja Kallas"
    if cut == 0 and len(words) >= 3 and words[0].lower() in _ORG_PLACE:
        cut = 1
    # "Secretary of State Marco Rubio", "Minister for Foreign Affairs Jane Doe", "President of France ..."
    while cut and cut + 1 < len(words) and words[cut] in ("of", "for"):
        cut += 1
        while cut < len(words) - 1 and (
            words[cut].lower() in _TITLE_TAILS or words[cut].lower() in _ORG_PLACE
        ):
            cut += 1
    name = words[cut:]
    if name:
        name[-1] = _strip_possessive(name[-1])
    run_start = spans[0][0]
    name_start = spans[cut][0] if cut < len(spans) else spans[-1][1]
    return _Run(tokens=name, title=words[:cut], start=run_start, name_start=name_start, end=spans[-1][1])


def _looks_like_person(tokens: Sequence[str]) -> bool:
    """Whether a multi-word run reads as a person's name rather than a place or organisation."""
    if len(tokens) < 2 or len(tokens) > 5:
        return False
    if tokens[0].lower() in _PARTICLES:
        return False
    for t in tokens:
        low = t.lower()
        if low in _ORG_PLACE or low in _WEEKDAYS_MONTHS or low in _GENERIC or low in _LEADING_STOP:
            return False
        if not _name_like(t):
            return False
    return True


def _surnames(tokens: Sequence[str]) -> list[str]:
    """Keys a later mention may use for this person: the last name, with its particles too."""
    core = [t for t in tokens if t.rstrip(".").lower() not in {"jr", "sr", "ii", "iii", "iv"}] or list(tokens)
    keys = [_fold(core[-1])]
    for i in range(1, len(core) - 1):
        if core[i].lower() in _PARTICLES:
            keys.append(_fold(" ".join(core[i:])))
            break
    return keys


@dataclass
class _Person:
    name: str
    description: str = ""


@dataclass
class _Registry:
    """The people introduced in one article: full names, surnames and descriptions."""

    people: dict[str, _Person] = field(default_factory=dict)  # folded full name -> person
    surname: dict[str, str] = field(default_factory=dict)  # folded surname -> folded full name

    def add(self, tokens: Sequence[str], description: str) -> str:
        key = _fold(" ".join(tokens))
        person = self.people.get(key)
        if person is None:
            person = self.people[key] = _Person(" ".join(tokens))
            if len(tokens) >= 2:
                for s in _surnames(tokens):
                    self.surname.setdefault(s, key)
        description = " ".join(w for w in description.split() if w.lower().rstrip(".") not in _HONORIFICS)
        if description and not person.description:
            person.description = description
        return key

    def lookup(self, tokens: Sequence[str]) -> str | None:
        key = _fold(" ".join(tokens))
        if key in self.people and len(tokens) >= 2:
            return key
        return self.surname.get(key) or (key if key in self.people else None)


def _description_before(text: str, run: _Run) -> str:
    """Title words before a name: 'EU foreign policy chief', 'White House Press Secretary'."""
    if not run.title:
        near = text[max(0, run.start - 40) : run.start].split()
        if not near or near[-1].lower() not in _ROLE_SET:
            return ""
    line_start = max(text.rfind("\n", 0, run.start) + 1, run.start - 160)
    left = text[line_start : run.start]
    breaks = list(_RX_DESC_BREAK.finditer(left))
    if breaks:
        left = left[breaks[-1].end() :]
    words = left.split()
    if not run.title and not (words and words[-1].lower() in _ROLE_SET):
        return ""
    taken: list[str] = []
    for w in reversed(words):
        low = w.lower()
        if len(taken) >= 8 or low in _LEADING_STOP and w[:1].isupper():
            break
        if low in ("of", "for"):
            if taken and taken[0][:1].isupper():
                taken.insert(0, w)
                continue
            break
        if low in _DESC_WORDS or (w[:1].isupper() and low not in _GENERIC) or w.endswith(("'s", "’s")):
            taken.insert(0, w)
            continue
        break
    while taken and taken[0].lower() in ("of", "for"):
        taken.pop(0)
    return " ".join([*taken, *run.title]).strip()


def _description_after(text: str, end: int) -> str:
    """An appositive after a name: ', an associate professor at X who ...' -> 'associate professor at X'."""
    if text[end : end + 1] != ",":
        return ""
    m = _RX_APPOSITIVE.match(text, end, end + 240)
    if not m:
        return ""
    phrase = m.group(1)
    cut = _RX_SENT_END.search(phrase)
    if cut:
        phrase = phrase[: cut.start()]
    phrase = _RELATIVE_CUT.sub("", phrase).strip().rstrip(".")
    words = phrase.split()
    if not words or len(words) > 14 or words[0].lower() in _LEADING_STOP and words[0].lower() != "former":
        return ""
    if not any(w.lower().strip("'’s") in _ROLE_SET or w.lower() in _ROLE_SET for w in words[:6]):
        return ""
    return phrase


# --- attribution ------------------------------------------------------------------------------------------


@dataclass
class _Mention:
    pos: int
    key: str  # folded full name in the registry


@dataclass
class _Found:
    """Who a sentence's own words name as speaker, before back-references are resolved."""

    key: str | None = None  # a person in the registry
    org: str | None = None  # an organisation or an unknown single word
    backref: str | None = None  # "he"/"she" or a role noun ("minister")
    subordinate: bool = False  # in a clause like "After Trump said ..., Kallas responded"


def _scan_people(masked: str, registry: _Registry) -> list[_Mention]:
    """Register everyone introduced in the text and list person mentions (outside quotes) in order."""
    pending: list[tuple[int, list[str]]] = []
    mentions: list[_Mention] = []
    for m in _RX_NAME.finditer(masked):
        word = m.group()
        if " " not in word and word.lower() in _LEADING_STOP:
            continue
        run = _split_run(masked, m.start(), m.end())
        if run is None or not run.tokens:
            continue
        desc = _description_before(masked, run) or _description_after(masked, run.end)
        person = (desc or _looks_like_person(run.tokens)) and (len(run.tokens) >= 2 or desc)
        if person and all(t.lower() not in _ORG_PLACE and _name_like(t) for t in run.tokens):
            mentions.append(_Mention(run.name_start, registry.add(run.tokens, desc)))
            continue
        pending.append((run.name_start, run.tokens))
    # a surname alone ("Kallas") counts once a full name has introduced it (before or after)
    for pos, tokens in pending:
        key = registry.lookup(tokens)
        if key is not None:
            mentions.append(_Mention(pos, key))
    mentions.sort(key=lambda x: x.pos)
    return mentions


def _prev_word(masked: str, pos: int) -> tuple[str, int]:
    """The word just before pos on the same line (lower-cased) and where it starts; ("", pos) at a break."""
    line_start = masked.rfind("\n", 0, pos) + 1
    m = _RX_PREV_WORD.search(masked, max(line_start, pos - 80), pos)
    if not m or re.search(r"[,;:.!?" + _Q + "]", masked[m.end(1) : pos]):
        return "", pos
    return m.group(1).lower(), m.start(1)


def _subject(masked: str, m: re.Match[str], registry: _Registry, check_prev: bool = True) -> _Found | None:
    """Interpret a matched subject: a person, an organisation, a pronoun or a role; None to reject it."""
    subj = m.group("subj")
    start = m.start("subj")
    low = subj.lower()
    head = _RX_ROLE_HEAD.search(subj) if low.startswith("the ") else None
    if low in _PRONOUNS or head is not None:
        found = _Found(backref=low if head is None else head.group().lower())
        found.subordinate = _prev_word(masked, start)[0] in _SUBORDINATORS
        return found
    run = _split_run(masked, start, m.end("subj"))
    if run is None:
        return None
    if not run.tokens:  # a title alone: "the President said"
        if run.title and all(_strip_possessive(w).lower() in _TITLES for w in run.title):
            return _Found(backref=run.title[-1].lower())
        return None
    # part of a longer phrase: "officials in Kyiv said", "Japan and the EU have said"
    prev, at = _prev_word(masked, run.start)
    if prev == "the":
        prev, at = _prev_word(masked, at)
    if check_prev and prev in _BLOCKING_PREV:
        return None
    named = _person_or_org(masked, run, registry)
    if named is not None and prev in _SUBORDINATORS:
        named.subordinate = True
    return named


def _person_or_org(masked: str, run: _Run, registry: _Registry) -> _Found | None:
    """The registry key for a person, or the name of an organisation."""
    tokens = run.tokens
    if len(tokens) == 1 and (tokens[0].lower() in _GENERIC or tokens[0].lower() in _WEEKDAYS_MONTHS):
        return None
    key = registry.lookup(tokens)
    if key is not None:
        return _Found(key=key)
    if _looks_like_person(tokens):
        desc = _description_before(masked, run) or _description_after(masked, run.end)
        return _Found(key=registry.add(tokens, desc))
    if len(tokens) == 1 and _name_like(tokens[0]) and tokens[0].lower() not in _ORG_PLACE:
        # "President Trump said", "Trump said": most likely a person known by one name
        return _Found(key=registry.add(tokens, " ".join(run.title)))
    return _Found(org=" ".join(tokens))


def _find_speaker(masked: str, start: int, end: int, registry: _Registry) -> _Found | None:
    """The earliest statement pattern in the unquoted words of one sentence."""
    best: tuple[int, _Found] | None = None
    fallback: tuple[int, _Found] | None = None  # a subject inside a subordinate clause
    patterns: list[re.Pattern[str]] = []
    if not _VERB_SET.isdisjoint(_RX_LOWER_WORD.findall(masked, start, end)):
        patterns += [_RX_INVERTED, _RX_QUOTE_WEAK, _RX_SUBJ_VERB]
    if "ccording" in masked[start:end]:
        patterns.append(_RX_ACCORDING)
    for rx in patterns:
        pos = start
        while True:
            m = rx.search(masked, pos, end)
            if m is None or (best is not None and m.start() >= best[0]):
                break
            found = _subject(masked, m, registry, check_prev=rx is not _RX_ACCORDING)
            if found is not None and found.subordinate:
                if fallback is None or m.start() < fallback[0]:
                    fallback = (m.start(), found)
            elif found is not None:
                best = (m.start(), found)
                break
            pos = m.end()  # the verb has no other subject
    chosen = best or fallback
    return chosen[1] if chosen else None


def _fully_quoted(masked: str, start: int, end: int) -> bool:
    frame = masked[start:end]
    return _Q in frame and not frame.replace(_Q, "").strip(" \t\n.,;:!?…-—–|()[]")


def attribute(text: str, sentences: Sequence[tuple[int, int]]) -> list[Speaker | None]:
    """The speaker of each sentence span of text (paragraphs separated by newlines), or None."""
    masked = _mask_quotes(text)
    registry = _Registry()
    mentions = _scan_people(masked, registry)
    mention_pos = [x.pos for x in mentions]
    line_starts = [0] + [m.end() for m in _RX_NEWLINE.finditer(text)]

    spans = [(s, max(s, min(e, len(text)))) for s, e in sentences]
    paragraph = [bisect.bisect_right(line_starts, s) - 1 for s, _ in spans]
    quoted = [_fully_quoted(masked, s, e) for s, e in spans]
    own: dict[int, _Found | None] = {}
    result: dict[int, tuple[str | None, str | None]] = {}  # index -> (person key, org)

    def found_in(i: int) -> _Found | None:
        if i not in own:
            own[i] = None if quoted[i] else _find_speaker(masked, spans[i][0], spans[i][1], registry)
        return own[i]

    def people_in(i: int) -> list[str]:
        s, e = spans[i]
        lo, hi = bisect.bisect_left(mention_pos, s), bisect.bisect_left(mention_pos, e)
        return [x.key for x in mentions[lo:hi]]

    def focus(j: int) -> list[str]:
        key, _ = resolve(j)
        people = people_in(j)
        return [key, *[p for p in people if p != key]] if key else people

    def antecedent(i: int, role: str | None) -> str | None:
        window: list[list[str]] = []
        j = i - 1
        while j >= 0 and (paragraph[j] == paragraph[i] or i - j <= _LOOKBACK):
            window.append(focus(j))
            j -= 1
        if role and role not in _PRONOUNS:
            for people in window:
                for p in people:
                    if role in registry.people[p].description.lower().split():
                        return p
        for people in window:
            if people:
                return people[0]
        return None

    def owner_ahead(i: int) -> int | None:
        """The later sentence of the paragraph where the quotation covering sentence i closes, if any."""
        k = i + 1
        while k < len(spans) and paragraph[k] == paragraph[i]:
            if not quoted[k]:
                return k if masked[spans[k][0] : spans[k][1]].lstrip()[:1] == _Q else None
            k += 1
        return None

    def resolve(i: int) -> tuple[str | None, str | None]:
        if i in result:
            return result[i]
        result[i] = (None, None)  # guards against cycles
        answer: tuple[str | None, str | None] = (None, None)
        if quoted[i]:
            k = owner_ahead(i)
            if k is not None:
                answer = resolve(k)
            if (
                answer == (None, None)
                and i > 0
                and (
                    paragraph[i - 1] == paragraph[i]
                    or (quoted[i] and _Q in masked[spans[i - 1][0] : spans[i - 1][1]])
                )
            ):
                answer = resolve(i - 1)
        else:
            found = found_in(i)
            if found is not None:
                if found.key:
                    answer = (found.key, None)
                elif found.backref:
                    answer = (antecedent(i, found.backref), None)
                elif found.org:
                    key = registry.lookup([found.org])
                    answer = (key, None) if key else (None, found.org)
        result[i] = answer
        return answer

    speakers: list[Speaker | None] = []
    for i in range(len(spans)):
        key, org = resolve(i)
        if key is not None:
            person = registry.people[key]
            speakers.append(Speaker(person.name, person.description))
        elif org is not None:
            speakers.append(Speaker(org))
        else:
            speakers.append(None)
    return speakers


_LOOKBACK = 4  # sentences a back-reference may reach into earlier paragraphs


# --- questions --------------------------------------------------------------------------------------------

_Q_VERBS = _words(
    "say said saying tell told telling write wrote writing post posted tweet tweeted think thought thinking "
    "mean meant claim claimed announce announced describe described describing call called react reacted "
    "respond responded comment commented argue argued warn warned explain explained characterise "
    "characterised characterize characterized view see feel make reply replied promise promised suggest "
    "suggested predict predicted propose proposed mention mentioned believe believed talk talked speak spoke "
    "state stated"
)
_Q_NOUNS = _words(
    "comments comment remarks remark views view statement statements stance position reaction response words "
    "quote quotes take thoughts opinion claims claim warning warnings message speech position"
)
_QV = "|".join(sorted(_Q_VERBS, key=len, reverse=True))
_QN = "|".join(sorted(_Q_NOUNS, key=len, reverse=True))
_QNAME = r"(?P<n>[^\s?!,;:]+(?:\s+[^\s?!,;:]+){0,5}?)"
_RX_QUESTIONS = [
    re.compile(
        rf"\b(?:what|how|why|when|where)\s+(?:did|does|do|has|have|had|was|is|were|will|would)\s+"
        rf"{_QNAME}\s+(?:{_QV})\b",
        re.I,
    ),
    re.compile(rf"^\s*(?:did|does|do|has|have|had|was|is)\s+{_QNAME}\s+(?:{_QV})\b", re.I),
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
    re.compile(
        rf"^\s*(?P<n>[{_UP}][\w’'\-]*(?:\s+(?:(?:{_PART})\s+)*[{_UP}][\w’'\-]*){{0,4}})\s+(?:on|about)\s+\w"
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
}
_Q_LEAD = set(
    _words(
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


def question_speaker(question: str) -> str | None:
    """The person or body a question asks the words of ("what did Kallas say ..." -> "Kallas"), or None."""
    for rx in _RX_QUESTIONS:
        m = rx.search(question)
        if not m:
            continue
        name = _clean_question_name(m.group("n"), question)
        if name:
            return name
    return None


def _clean_question_name(raw: str, question: str) -> str | None:
    words = raw.split()
    while words and words[0].lower() in _Q_LEAD:
        words.pop(0)
    had_article = bool(words) and words[0].lower() in ("the", "a", "an")
    while words and (words[0].lower() in ("the", "a", "an") or words[0].lower() in _TITLES):
        words.pop(0)
    words = [_strip_possessive(w) for w in words]
    if words and words[-1].endswith(".") and words[-1].lower() not in _TITLES and len(words[-1]) > 2:
        words[-1] = words[-1].rstrip(".")
    if not words or len(words) > 5:
        return None
    lows = [w.lower() for w in words]
    if any(w in _Q_INNER_STOP for w in lows[1:]) or any(w in _ROLE_SET for w in lows):
        return None
    if len(words) == 1 and (lows[0] in _Q_REJECT or lows[0] in _ROLE_SET or lows[0] in _GENERIC):
        return None
    if lows[0] in _Q_REJECT or lows[0] in _LEADING_STOP - _WEEKDAYS_MONTHS:
        return None
    # a lower-case name counts only in an all lower-case question ("what did kallas say")
    lower_case = not any(w[:1].isupper() for w in words)
    if lower_case and (
        had_article or any(c.isupper() for c in question[1:]) or any(w in _ROLE_SET for w in lows)
    ):
        return None
    return " ".join(words)


def speaker_matches(speaker: Speaker, name: str) -> bool:
    """Whether a name from a question ("Kallas", "von der Leyen") names this speaker (case-insensitive)."""
    have = {_fold(t) for t in re.findall(r"[\w’'\-.]+", speaker.name)}
    have |= {_strip_possessive(t).rstrip(".") for t in have}
    want = [_fold(_strip_possessive(t)).rstrip(".") for t in re.findall(r"[\w’'\-.]+", name)]
    want = [t for t in want if t and t not in _TITLES]
    return bool(want) and all(t in have for t in want)
