"""Names of people and their titles: the vocabulary that speaker attribution and question parsing share."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable

from index.text.timeexpr import MONTHS, WEEKDAYS


def words(s: str) -> list[str]:
    """The whitespace-separated words of a word list."""
    return s.split()


WEEKDAYS_MONTHS = frozenset((*WEEKDAYS, *MONTHS))
UPPER = "A-ZÀ-ÖØ-Þ"  # capital letters, for character classes

PARTICLES = words("von van der den de du da di del della des la le bin binti ibn ter ten dos das zu")

# Capitalised words that begin a capitalised run without being part of a name.
LEADING_STOP = {
    w.lower()
    for w in words(
        "The A An But And Yet So Or Nor Meanwhile However Still Then Also When While After Before As If "
        "Although Though Asked Speaking In On At For From With By To Of Since Until During Earlier Later "
        "Now Today Yesterday Tonight This That These Those Separately Instead Indeed Here There Both "
        "Neither Either Last Next Every Each Some Many Most Several Such Other Another Its Their His Her "
        "Our My Your It They We I You He She Who Whom Whose What Which Where Why How Why Under Over "
        "Despite Amid Among Between Without Within Against About Across Through Like Unlike Because "
        "Once Upon Even Only Just Not No Yes Dear Thanks Please According Following Given Including "
        "Take Meet Consider Imagine "  # "Take Vikki Tully, 65, who lives in Alkol"
        "Said Says Added Adds Wrote Writes "  # 'Said Miller, "..."': the verb before a speaker put first
        # a question or a clause a sentence opens with ("Whether Paula remembered it", "Has Usher played", "That's
        # Malik following his rule")
        "Whether Is Are Was Were Has Have Had Does Did Should Can Could Would That's That’s It's It’s Here's Here’s "
        "There's There’s What's What’s"
    )
} | WEEKDAYS_MONTHS

# Capitalised plural or generic nouns that are never a named speaker ("Sources said").
GENERIC = {
    w.lower()
    for w in words(
        "Sources Source Officials Official Analysts Analyst Experts Critics Observers Diplomats Residents "
        "Witnesses Reports Report Researchers Scientists People Others Insiders Investors Economists "
        "Traders Police Authorities Lawmakers Leaders Ministers Aides Spokespeople Organisers Organizers "
        "Protesters Voters Officers Staff Employees Workers Doctors Teachers Students Parents Users Fans "
        "Everyone Everybody Nobody Someone Somebody Anyone Data Figures Polls Statistics Studies Documents"
    )
}

# Title words inside a capitalised run: everything up to the last of them is a description, not the name.
TITLES = {
    w.lower()
    for w in words(
        "President Vice-President President-elect Minister Secretary Secretary-General Chancellor Chief "
        "Director Director-General Governor Gov. Senator Sen. Rep. Representative Commissioner Spokesman "
        "Spokeswoman Spokesperson Ambassador Mayor King Queen Prince Princess Pope Chairman Chairwoman "
        "Chair Chairperson CEO CFO COO Premier Speaker Judge Dr. Dr Professor Prof. Prof Gen. Col. Lt. "
        "Adm. Sgt. Capt. Brig. Maj. Cpl. Pvt. Cmdr. Det. Supt. Sir Dame Lord Lady Mr. Mrs. Ms. Mr Mrs Ms Deputy "
        "Envoy Commander Admiral Colonel "
        "Captain Sheikh Emperor Empress Executive Officer Leader Cardinal Bishop Archbishop Rabbi Imam "
        "Pastor Attorney Prosecutor Coach Manager Founder Editor Economist Analyst Solicitor Surgeon Inspector "
        "Sheriff Superintendent Commandant Administrator Auditor Comptroller Treasurer Registrar Trooper Chef "
        "Coordinator Supervisor Councilman Councilwoman Councilmember Alderman Meteorologist Forecaster "
        "Owner Co-founder Cofounder Senators Sens. Reps. Engineer Planner Clerk Historian Architect Curator "
        "Principal Librarian Counsel Controller Assessor Magistrate Warden Chaplain Provost Coroner Researcher "
        "Adviser Advisor Member Congressman Congresswoman Assemblyman Assemblywoman Assemblymember Trustee "
        # ranks as users type them, without the stop ("capt andrews", "sgt smith")
        "Capt Sgt Lt Cmdr Cpl Pvt Brig Adm Supt Insp"
    )
}


def _shared(roles: Iterable[str]) -> set[str]:
    """The roles held jointly, by their "co-" form ("Co-owner Chris MacDonald", "co-chairman"): roles as well."""
    return {f"co-{r}" for r in roles if r.isalpha() and not r.startswith("co")}


TITLES |= _shared(TITLES)

# Lower-case nouns naming a person's role: "the minister said", "policy chief Kaja Kallas".
ROLE_NOUNS = words(
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
    "ceo-designate lawmaker-elect year-old curator meteorologist climatologist epidemiologist virologist "
    "psychologist sociologist seismologist entomologist pharmacist sheriff coroner superintendent commandant "
    "treasurer publisher member coordinator supervisor councilman councilwoman councilmember alderman forecaster "
    "co-founder cofounder co-chair operative pollster organizer organiser "
    "administrator architect assessor auditor cfo coo chaplain chef clerk comptroller inspector librarian "
    "magistrate planner provost registrar solicitor warden congressman congresswoman congressmember assemblyman "
    "assemblywoman assemblymember trustee"
)
ROLE_SET = set(ROLE_NOUNS) | _shared(ROLE_NOUNS)


# roles as users shorten them ("the santa clara da", "unlv prof")
ROLE_SHORT = {"da": "district attorney", "ag": "attorney general", "prof": "professor", "gov": "governor",
              "sen": "senator", "rep": "representative", "spox": "spokesperson", "dir": "director",
              "supt": "superintendent", "gm": "general manager", "vp": "vice president", "cfo": "chief financial officer"}


# a chief's role as a story writes it out ("the company's founder and chief executive": its CEO)
_ROLE_SPELLED = {"ceo": ("chief", "executive"), "cfo": ("chief", "financial"), "coo": ("chief", "operating")}


def role_words(word: str) -> list[str]:
    """The words a role stands for, as users shorten it ("da": district attorney), or the word itself."""
    return ROLE_SHORT.get(word, word).split()


NAME_SUFFIXES = frozenset(("jr", "sr", "ii", "iii", "iv"))  # "Jr.", "III": no part of a name's own words


def is_role(word: str) -> bool:
    """Whether a lower-case word names a person's role: a listed one or its plural, a profession by its ending
    ("climatologist", "pharmacists", "pediatrician"; not a surname such as "Lindqvist"), or a shortening."""
    one = word.removesuffix("s")  # one of them, asked in the plural
    return (word in ROLE_SET or one in ROLE_SET or word in ROLE_SHORT
            or (len(word) >= 7 and one.endswith(("ist", "ician")) and not one.endswith(("qvist", "quist"))))


def one_in_role(word: str) -> bool:
    """Whether a lower-case word is one person's role or trade ("neurologist"), not many people's ("residents",
    "chiefs")."""
    return word in ROLE_SET or (is_role(word) and not word.endswith("s"))


def role_run(words: list[str]) -> int:
    """Where the role words that end a lower-case phrase begin ("nh attorney general": 1); len(words) if none."""
    k = len(words)
    while k > 0 and is_role(words[k - 1]):
        k -= 1
        # one word between two role words is part of the role ("chief medical officer", "deputy city manager")
        if k >= 2 and not is_role(words[k - 1]) and is_role(words[k - 2]):
            k -= 1
    return k


def strip_possessive(token: str) -> str:
    """"Kallas's" -> "Kallas", "Jones'" -> "Jones"."""
    if token[-1:] not in ("s", "'", "’"):
        return token
    for suffix in ("'s", "’s", "'", "’"):
        if token.endswith(suffix) and len(token) > len(suffix):
            return token[: -len(suffix)]
    return token


@functools.lru_cache(maxsize=4096)
def fold(s: str) -> str:
    """Casefolded, without accents: "António" and "antonio" fold alike."""
    decomposed = unicodedata.normalize("NFKD", s)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_CAPITALISED_RUN = re.compile(rf"[{UPPER}][\w’'\-]*(?:(?<=\b[{UPPER}])\.)?(?:\s+[{UPPER}][\w’'\-]*(?:(?<=\b[{UPPER}])\.)?)+")
_WORD_RUN = re.compile(r"[^\W\d_]+(?:(?<=\b[^\W\d_])\.)?(?:[ ]+[^\W\d_]+(?:(?<=\b[^\W\d_])\.)?)+")  # "robert f. kennedy"


def initials_in(acronym: str, text: str, *, stop: frozenset[str] | set[str] = frozenset(), names: bool = True,
                parts: bool = True) -> bool:
    """Whether text writes out an acronym a user typed ("amlo": "Andrés Manuel López Obrador"; with names=False,
    also "pm": "prime minister") as consecutive words: capitalised ones, or any words but stop words; with parts, also
    by each part of a hyphened word and each letter of a dotted one ("usada": "U.S. Anti-Doping Agency")."""
    want = fold(strip_possessive(acronym))
    n = len(want)
    if not 2 <= n <= 5 or not want.isalpha():
        return False
    rx = _CAPITALISED_RUN if names else _WORD_RUN
    for m in rx.finditer(text):
        if want in "".join("." if fold(w) in stop else fold(w[0]) for w in m.group(0).split()):
            return True
    if not parts:
        return False
    spelt = _spelt_out(text)
    if any(want in "".join("." if fold(w) in stop else _heads(w) for w in m.group(0).split())
           for m in rx.finditer(spelt)):
        return True
    # one word of hyphened parts, its small words counted: "abv" (alcohol-by-volume), "wfh" (work-from-home)
    return any(_heads(m.group(0)) == want and (not names or m.group(0)[0].isupper()) for m in _RX_HYPHENED.finditer(text))


_RX_HYPHENED = re.compile(r"\b[^\W\d_]+(?:[-‐‑][^\W\d_]+){1,4}\b")
_RX_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}")  # "U.S.", "D.C."


def _spelt_out(text: str) -> str:
    """The text with each dotted abbreviation's letters as words: "U.S. Anti-Doping" -> "U S Anti-Doping"."""
    return _RX_DOTTED.sub(lambda d: " ".join(d.group(0).replace(".", "")), text)


def _heads(word: str) -> str:
    """A word's initials as an acronym spells them, folded: each part of a hyphened word ("Anti-Doping": "ad")."""
    return "".join(fold(p[0]) for p in re.split(r"[-‐‑]", word) if p)


# US states typed by their postal codes; those of two words are their initials ("nh": "New Hampshire")
_STATES = {
    "al": "alabama", "ak": "alaska", "az": "arizona", "ar": "arkansas", "ca": "california", "co": "colorado",
    "ct": "connecticut", "de": "delaware", "fl": "florida", "ga": "georgia", "hi": "hawaii", "id": "idaho",
    "il": "illinois", "in": "indiana", "ia": "iowa", "ks": "kansas", "ky": "kentucky", "la": "louisiana",
    "me": "maine", "md": "maryland", "ma": "massachusetts", "mi": "michigan", "mn": "minnesota", "ms": "mississippi",
    "mo": "missouri", "mt": "montana", "ne": "nebraska", "nv": "nevada", "oh": "ohio", "ok": "oklahoma",
    "or": "oregon", "pa": "pennsylvania", "tn": "tennessee", "tx": "texas", "ut": "utah", "vt": "vermont",
    "va": "virginia", "wa": "washington", "wi": "wisconsin", "wy": "wyoming",
}


_STATE_NAMES = sorted({*_STATES.values(), "new hampshire", "new jersey", "new mexico", "new york", "north carolina",
                       "north dakota", "rhode island", "south carolina", "south dakota", "west virginia"},
                      key=len, reverse=True)
_STATES_IN_FULL = re.compile(r"\b(?:" + "|".join(n.replace(" ", r"\s+") for n in _STATE_NAMES) + r")\b", re.I)


def states_named(text: str) -> set[str]:
    """The US states a text names in full, folded ("Delaware", "new jersey")."""
    return {" ".join(m.group(0).lower().split()) for m in _STATES_IN_FULL.finditer(text)}


def state_in(code: str, text: str) -> bool:
    """Whether a folded text names the US state a user typed by its postal code ("va": "Virginia")."""
    state = _STATES.get(fold(code))
    return state is not None and re.search(rf"\b{state}\b", text) is not None


_BODY_RUN = re.compile(rf"[{UPPER}][\w’'\-]*(?:[ ]+(?:(?:of|and|for|on|the)[ ]+)*[{UPPER}][\w’'\-]*)+")


def body_initials_in(acronym: str, text: str) -> bool:
    """Whether text writes out an acronym a user typed as the name of a body, its small words counted or not: "doj"
    ("Department of Justice"), "cbp" ("Customs and Border Protection")."""
    want = _acronym(acronym)
    return want is not None and any(_spells(want, m.group(0).split()) for m in _BODY_RUN.finditer(text))


def _acronym(word: str) -> str | None:
    """A word a user typed, folded, when it could be a body's initials (two to six letters: "aashto")."""
    want = fold(strip_possessive(word))  # "the apa's ceo": "APA"
    return want if 2 <= len(want) <= 6 and want.isalpha() else None


def _spells(acronym: str, run: list[str]) -> bool:
    """Whether the words of a body's name spell a folded acronym by their initials, small words counted or not."""
    return (acronym in "".join(fold(w[0]) for w in run)
            or acronym in "".join(fold(w[0]) for w in run if w[0].isupper())
            or acronym in "".join(_heads(w) for w in run if w[0].isupper()))  # "wada": "World Anti-Doping Agency"


# the common nouns a report calls a body by once it has named it ("the society's chief medical officer")
BODY_KINDS = frozenset(words(
    "society association agency department company union group council institute organization organisation "
    "foundation commission committee center centre network alliance coalition federation board authority bureau"))


def described_by_its_noun(description: str, wanted: str, text: str) -> bool:
    """Whether a speaker's description names the body asked for by its common noun ("society's chief medical
    officer"), the article naming that body in full with the noun in it ("American Society of Clinical Oncology",
    asked as "asco" or "the american society of clinical oncology")."""
    # the noun as a common noun: in "Texas Department of Public Safety spokesman" it names another body
    nouns = {w for t, w in zip(re.findall(r"[\w’'\-.]+", description), _name_words(description), strict=True)
             if w in BODY_KINDS and t[:1].islower()}
    want = [t for t in _asked_words(wanted) if t not in _SOMEONE_OF]
    if not nouns or not want:
        return False
    initials = _acronym(want[0]) if len(want) == 1 else None
    for m in _BODY_RUN.finditer(text):
        have = set(_name_words(m.group(0)))
        if nouns & have and (all(_held(t, have) for t in want)
                             or (initials is not None and _spells(initials, m.group(0).split()))):
            return True
    return False


def _name_words(text: str) -> list[str]:
    """The words of a name or description, folded, without possessives or a closing full stop."""
    return [fold(strip_possessive(t)).rstrip(".") for t in re.findall(r"[\w’'\-.]+", text)]


_LINKS = frozenset(("of", "for", "at", "with", "the", "and", "in", "to", "on", "from", "by"))


def _with_parts(have: set[str]) -> set[str]:
    """A name's words with the parts of its hyphenated ones: "SAG-AFTRA" is "sag aftra" as users type it."""
    return have | {part for t in have if "-" in t for part in t.split("-") if part}


# a country or union as users type it, and a body's word as they shorten it, against what a name or description
# writes ("eu commission": "European Commission", "us ambassador": "American ambassador", "desantis camp":
# "DeSantis' campaign spokesperson")
_TYPED_AS = {"eu": frozenset(("european", "e.u")), "us": frozenset(("american", "u.s")),
             "uk": frozenset(("british", "u.k", "britain")), "camp": frozenset(("campaign",)),
             "dept": frozenset(("department",)), "admin": frozenset(("administration",)),
             "govt": frozenset(("government",)), "assn": frozenset(("association",)),
             "old": frozenset(("former",)), "ex": frozenset(("former",))}


# how a place's people are written after its name, less a closing vowel: "Qatari", "Russian", "Ukrainian",
# "Chinese", "Kenyan", "Mexican"
_PEOPLE_ENDS = ("i", "n", "an", "ian", "ese")


def _people_of(word: str, have: set[str]) -> bool:
    """Whether a place typed by its name ("qatar") is among a name's words as its people's adjective ("Qatari")."""
    if len(word) < 4:
        return False
    stems = {word, word[:-1]} if word[-1] in "aeoy" else {word}
    return any(h[: len(st)] == st and h[len(st):] in _PEOPLE_ENDS for h in have for st in stems)


def _held(word: str, have: set[str]) -> bool:
    """Whether a word a user typed is among a name's words, its possessive typed without the apostrophe too
    ("bidens reaction": "Biden"), in the singular ("trooper": "Troopers"), a country or a body's word as typed ("eu",
    "camp") and as written ("European", "campaign"), a US state by its postal code, or a name typed without its inner
    apostrophe ("obrien": "O’Brien")."""
    return (word in have or (len(word) > 4 and word.endswith("s") and word[:-1] in have)
            or (len(word) > 3 and word + "s" in have)  # "trooper association": "Troopers Association"
            or not _TYPED_AS.get(word, frozenset()).isdisjoint(have) or _people_of(word, have)
            or _STATES.get(word, "") in have
            or any(h.replace("’", "").replace("'", "") == word for h in have if "’" in h or "'" in h))  # "obrien"


# the roles of whoever heads a body or a place, which users and reports name differently
_HEADS = frozenset(words("chief head ceo president administrator director chairman chairwoman chair chairperson leader "
                         "commissioner secretary boss executive founder mayor governor"))


def role_matches(name: str, description: str, wanted: str) -> bool:
    """Whether a role asked at a body or place ("tsa chief", "nh attorney general") describes this speaker: the
    words before the role are in their name or description (their role there, told by the article), or their
    initials are ("nh": "New Hampshire")."""
    want = _name_words(wanted)
    k = role_run(want)
    if not 0 < k < len(want) or not description:
        return False
    desc = _name_words(description)
    # the words of a hyphenated body named right before a role ("Anheuser-Busch CEO", "Vik-Norland Ferries CEO":
    # "anheuser busch ceo"), not of one in a body named after it ("director of the Australia-China Relations
    # Institute")
    parts: set[str] = set()
    for i, t in enumerate(desc):
        if "-" in t and any(w in TITLES or w in ROLE_SET for w in
                            itertools.takewhile(lambda w: w not in _LINKS, desc[i + 1 :])):
            parts.update(p for p in t.split("-") if p)
    have = set(_name_words(name)) | set(desc) | parts
    found = sum(_held(t, have) or initials_in(t, description) for t in want[:k])
    if found == k and not any(_held(t, set(desc) | parts) or initials_in(t, description) for t in want[:k]):
        # the body asked is the speaker's own name: "beau biden's spokesman" is not Beau Biden ("stephen king" is)
        return all(_held(w, set(desc)) for t in want[k:] for w in role_words(t)) or all(
            _held(t, set(_name_words(name))) for t in want)
    # every word of the body, or half of them with the same role ("alaska airlines ceo": "Alaska CEO")
    roles = [w for t in want[k:] for w in role_words(t)]
    same_role = all(_held(t, have) for t in roles)
    if found == k and not same_role and any(t in _HEADS for t in roles):
        # its head asked for, under another name ("tsa chief": "TSA Administrator"); not its "777 captain"
        return not _HEADS.isdisjoint(have)
    return found == k or (2 * found >= k and same_role)


def role_fully(name: str, description: str, wanted: str) -> bool:
    """Whether a speaker's description holds every word of a role asked at a body or place, the role too
    ("chinese vice foreign minister": "Chinese Vice Foreign Minister", not "Chinese Foreign Minister")."""
    want = _name_words(wanted)
    k = role_run(want)
    have = set(_name_words(name)) | set(_name_words(description))
    return 0 < k < len(want) and all(_held(t, have) or initials_in(t, description) for t in want[:k]) and all(
        _held(w, have) for t in want[k:] for w in role_words(t))


def _asked_words(wanted: str) -> list[str]:
    """The words of who a question asks for, less titles ("President Biden": "biden")."""
    return [t for t in _name_words(wanted) if t and t not in TITLES]


def names_a_person(wanted: str, texts: list[str]) -> bool:
    """Whether the texts name who is asked as a person: somewhere with a first name before the name ("Marta
    Olsen"), as news names people when it first mentions them; a company or agency ("TikTok", "General Mills") has
    none."""
    want = _asked_words(wanted)
    if not want or (len(want) >= 2 and names_a_body(wanted)):  # "Eisenhower Medical Center" is no person
        return False
    first = re.compile(rf"\b([{UPPER}][a-z]+)[ \t]+(?i:{re.escape(want[0])})\b")  # one line: "Reuters\nTikTok" is none
    skip = LEADING_STOP | TITLES | GENERIC | ROLE_SET
    return any(m.group(1).lower() not in skip for t in texts for m in first.finditer(t))


def names_a_body(wanted: str) -> bool:
    """Whether an asked name ends in a body's word ("justice department", "eu commission", "eisenhower medical
    center")."""
    want = _asked_words(wanted)
    return bool(want) and want[-1] in _INSTITUTIONS


# the last word of a body's name, whatever word leads it
_INSTITUTIONS = frozenset(words(
    "center centre hospital clinic university college school institute foundation department ministry office agency "
    "council committee association society museum library church company corporation corp inc group bank airlines "
    "airline commission authority board service services network party union fund"))
# the words users put after a body for someone of it: "the 46brooklyn guy", "desantis office", "the cloning team"
_SOMEONE_OF = frozenset(words("guy guys person people folks lady woman man office team side camp"))


def described_as(description: str, wanted: str) -> bool:
    """Whether a speaker's description names every word of who is asked ("Pentagon press secretary": "pentagon";
    "CEO of 46brooklyn Research": "the 46brooklyn guy"), a body perhaps by its initials."""
    have = set(_name_words(description))
    want = [t for t in _asked_words(wanted) if t not in _SOMEONE_OF]
    last = _name_words(wanted)[-1:]
    if last and last[0] in _HEADS and _HEADS.isdisjoint(have):
        return False  # who heads a place or body ("rehoboth mayor"), not anyone there ("Rehoboth Beach police spokesperson")
    # a body typed by its initials: "the dlcc", "aha" ("American Hospital Association’s vice president")
    if want and all(_held(t, have) or body_initials_in(t, description) for t in want):
        return True
    # "group" is the word users add to a body they cannot name: "the std directors group" ("National Coalition of STD
    # Directors")
    if len(want) >= 3 and want[-1] == "group" and all(_held(t, have) for t in want[:-1]):
        return True
    # its voice by the first word of its name, as the news shortens it ("Mack spokesman": "mack trucks")
    core = list(want)
    while len(core) > 1 and core[-1] in _BODY_TAILS:
        core.pop()
    return len(core) < len(want) and not _VOICES.isdisjoint(have) and all(_held(t, have) for t in core)


def surname_at_body(name: str, description: str, wanted: str) -> bool:
    """Whether a surname asked with the body the person speaks for ("nato's stoltenberg") names this speaker: the
    surname in their name, the rest in their description ("NATO’s Secretary General"), a body perhaps by initials."""
    want = _asked_words(wanted)
    if len(want) < 2 or not description:
        return False
    have = set(_name_words(description))
    return (_held(want[-1], set(_name_words(name)))
            and all(_held(t, have) or body_initials_in(t, description) for t in want[:-1]))


def asks_someone_of(wanted: str) -> bool:
    """Whether who is asked is someone of a body or person, by a role after its name ("alaska airlines ceo", "biden
    spokesman"): the body's own words are not theirs."""
    asked = _name_words(wanted)
    return len(asked) >= 2 and (asked[-1] in TITLES or asked[-1] in ROLE_SET or asked[-1] in _SOMEONE_OF
                                or asked[-1] == "campaign")


def _written_in_full(want: list[str], text: str) -> bool:
    """Whether a text writes out the words asked for, in order ("bill maher", "american airlines")."""
    return re.search(r"\b" + r"\s+".join(re.escape(t) for t in want) + r"\b", fold(text)) is not None


def written_as(wanted: str, text: str) -> str | None:
    """The words asked for ("general mills") as the text writes them ("General Mills"), or None."""
    want = _asked_words(wanted)
    if not want:
        return None
    m = re.search(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in want) + r"(?!\w)", text, re.I)
    return m.group(0) if m else None


# what a body's own voice is called, with nothing of another body in it: "spokesperson", "Director of News Services"
_VOICE_WORDS = frozenset(words("spokesperson spokesman spokeswoman spokespeople representative press secretary "
                               "communications director of for and news services media relations public affairs "
                               "information officer senior deputy chief a an the"))


def voice_of_the_story(description: str, wanted: str, story: str) -> bool:
    """Whether a speaker described by a voice alone ("spokesperson", "Director of News Services") speaks for the body
    asked for, which the story is about (story: its title and lede, where it names "Impossible Foods", "Delaware
    State University")."""
    have = _name_words(description)
    if not have or not any(w.startswith("spokes") or w in ("communications", "news", "press") for w in have):
        return False
    if not all(w in _VOICE_WORDS for w in have):
        return False
    return written_as(wanted, story) is not None


_RELATIVES = frozenset(words("wife husband daughter son mother father mom dad brother sister widow widower fiancee "
                             "fiance girlfriend boyfriend grandmother grandfather"))


def relative_named(name: str, wanted: str, text: str) -> bool:
    """Whether a speaker is the relative asked for ("trooper ballards wife", "igor kurayan's daughter") as a story
    about that person introduces them: "his wife Louise", "Kurayan's daughter, Karyna"."""
    want = _asked_words(wanted)
    if len(want) < 2 or want[-1] not in _RELATIVES or not name:
        return False
    family = want[-2]
    if not any(re.search(rf"\b{re.escape(f)}\b", fold(text)) for f in (family, family.removesuffix("s")) if f):
        return False
    first = re.escape(name.split()[0])
    kin = rf"(?:{_KIN_WRITTEN.get(want[-1], want[-1])})s?"
    if re.search(rf"\b(?i:{kin}),?[ \t]+{first}\b|\b{first}\b,?[ \t]+(?:\w+[’']s[ \t]+)?(?i:{kin})\b", text):
        return True
    # a spouse as a profile introduces them: "Jason married Kylie McDevitt in 2018"
    fam = "|".join(re.escape(f) for f in {family, family.removesuffix("s")} if f)
    return want[-1] in _SPOUSES and re.search(
        rf"\b(?i:{fam})\b[^.\n]{{0,40}}?\bmarried[ \t]+{first}\b|\b{first}\b[^.\n]{{0,40}}?\bmarried[ \t]+(?i:{fam})\b",
        text) is not None


_SPOUSES = frozenset(("wife", "husband"))
# a relative typed as users say it, written as the news does: "deland's mom": "his mother, Carol Laws"
_KIN_WRITTEN = {"mom": "mom|mum|mother", "dad": "dad|father"}


def surname_of_the_named(name: str, wanted: str, text: str) -> bool:
    """Whether a speaker the article gives by surname alone ("Maher said") is the person asked by full name ("bill
    maher"), which the article writes out somewhere: not another of that surname ("jill biden" is no "Biden" in a
    story that never names her). Of a two-word name the first will do too: a family name written first ("Wang
    said": "wang yi"), or a first name the story uses once it has named them ("Karyna said": "karyna kurayan")."""
    want = _asked_words(wanted)
    if len(want) < 2 or len(name.split()) != 1:
        return False
    word = fold(strip_possessive(name)).rstrip(".")
    if word != want[-1] and not (len(want) == 2 and word == want[0]):
        return False
    return _written_in_full(want, text) and not (word == want[-1] and _another_of_that_name(want, text))


def _another_of_that_name(want: list[str], text: str) -> bool:
    """Whether the text names someone else of the asked surname ("Elon Musk" beside "Kimbal Musk"): the surname alone
    is then either's."""
    rx = re.compile(rf"\b([{UPPER}][\w’'\-]+)[ \t]+{re.escape(want[-1])}\b", re.I)
    return any(m.group(1)[:1].isupper() and fold(m.group(1)) not in want[:-1]
               and fold(m.group(1)).rstrip(".") not in TITLES | ROLE_SET and fold(m.group(1)) not in LEADING_STOP
               for m in rx.finditer(text))


# the generations as names are written with them: "Jr", "Sr", "II", "III", "IV"
_GENERATIONS = "|".join(sorted(s.upper() if set(s) <= set("ivx") else s.capitalize() for s in NAME_SUFFIXES))


def another_generation(name: str, wanted: str, text: str) -> bool:
    """Whether a speaker named with a generation ("Donald Trump Jr.") is someone else than the one asked without it
    ("trump"), the text naming that name without it too ("former President Donald Trump")."""
    parts = name.split()
    if len(parts) < 3 or fold(parts[-1]).rstrip(".") not in NAME_SUFFIXES:
        return False
    if any(w in NAME_SUFFIXES for w in _asked_words(wanted)):
        return False
    base = " ".join(parts[:-1]).rstrip(",")
    return re.search(rf"\b{re.escape(base)}\b(?!,?[ \t]*(?:{_GENERATIONS})\b)", text) is not None


# the last word of a body's name, which the news drops once the body is named ("American Airlines": "American said")
_BODY_TAILS = frozenset(words("airlines airline airways air lines motor motors bank foods company co corp corporation "
                              "group inc holdings industries technologies trucks"))
_VOICES = frozenset(words("spokesman spokeswoman spokesperson representative"))


def short_for_the_named(name: str, wanted: str, text: str) -> bool:
    """Whether a speaker the article gives by the first word of a body's name ("American said") is the body asked for
    by its full name ("american airlines"), which the article writes out somewhere."""
    want = _asked_words(wanted)
    if len(want) < 2 or want[-1] not in _BODY_TAILS or len(name.split()) != 1:
        return False
    if fold(strip_possessive(name)).rstrip(".") != want[0]:
        return False
    return _written_in_full(want, text)


def _department_initials(words: list[str]) -> tuple[str, ...]:
    """The initials a department goes by, its small words counted: "Department of Justice" ("doj"), and as the news
    writes it the other way round, "Justice Department" ("doj", "dj"), "Homeland Security Department" ("dhs")."""
    if len(words) < 2:
        return ()
    if fold(words[0]) in _DEPARTMENTS and fold(words[1]) == "of":
        return ("".join(fold(w[0]) for w in words),)
    if fold(words[-1]) not in _DEPARTMENTS or not all(w[:1].isupper() for w in words):
        return ()
    head, rest = fold(words[-1])[0], "".join(fold(w[0]) for w in words[:-1])
    return (head + rest, head + "o" + rest)


_DEPARTMENTS = frozenset(("department", "ministry"))


def names_match(name: str, wanted: str) -> bool:
    """Whether a name from a question ("Kallas", "von der Leyen") names this speaker (case- and accent-blind)."""
    have = {fold(t) for t in re.findall(r"[\w’'\-.]+", name)}
    have |= {strip_possessive(t).rstrip(".") for t in have}
    have = _with_parts(have)
    want = _asked_words(wanted)
    core = [w for w in name.split() if w.rstrip(".").lower() not in NAME_SUFFIXES]
    if len(want) == 1 and initials_in(want[0], name, parts=False) and len(core) == len(want[0]):  # "amlo", "rfk"
        return True
    if len(want) == 1 and want[0] == "".join(_heads(w) for w in _spelt_out(" ".join(core)).split() if w[:1].isupper()):
        # "wada": "World Anti-Doping Agency", "usada": "U.S. Anti-Doping Agency"
        return True
    if len(want) == 1 and want[0] in _department_initials(core):  # "doj": "Justice Department"
        return True
    if len(want) >= 2 and re.fullmatch(rf"[{UPPER}]{{2,5}}", name.strip()):  # "the ROC said": "russian olympic committee"
        heads = [w[0] for w in want if w]
        small = [w[0] for w in want if w and w not in ("of", "and", "for", "on", "the")]
        if fold(name.strip()) in ("".join(heads), "".join(small)):
            return True
    # "nasa's lori glaze": who they work for, then the name; not a body's own words ("taiwan defense ministry" is not
    # "China’s Ministry of Defense")
    if len(want) >= 3 and want[-1] not in _INSTITUTIONS and all(_held(t, have) for t in want[-2:]):
        return True
    # a word typed as a name's initials beside its other words: "rfk jr" (Robert F. Kennedy Jr.)
    held = [_held(t, have) or (len(want) > 1 and len(t) >= 3 and initials_in(t, name)) for t in want]
    if not want or all(held):
        return bool(want)
    # a first name as users shorten it, beside a name held whole: "ken griffin" (Kenneth Griffin); a word alone
    # must be whole ("kall" is not Kallas)
    return any(held) and all(ok or (len(t) >= 3 and any(h.startswith(t) and len(h) > len(t) for h in have))
                             for t, ok in zip(want, held, strict=True))


# who speaks for a person, as users ask for them ("r kelly's lawyer", "leahy's office"), and the words a report
# describes them by
_SPEAKS_FOR = {
    **dict.fromkeys(("lawyer", "lawyers", "attorney", "attorneys", "counsel"), frozenset(("lawyer", "attorney", "counsel"))),
    **dict.fromkeys(("spokesman", "spokeswoman", "spokesperson", "spokespeople", "office", "rep", "representative",
                     "publicist"),
                    frozenset(("spokesman", "spokeswoman", "spokesperson", "representative", "publicist"))),
}


def names_whose(description: str, wanted: str) -> bool:
    """Whether a description names whose role it is, as asked ("Kelly’s attorney" for "r kelly's lawyer")."""
    whose = [w for w in _name_words(wanted)[:-1] if len(w) > 1 and w not in ROLE_SET and w != "family"]
    desc = set(_name_words(description))
    return any(w in desc or w.removesuffix("s") in desc for w in whose)


def speaks_for_the_named(name: str, description: str, wanted: str, text: str) -> bool:
    """Whether a speaker described only by a role ("attorney", "spokesperson for the family", "the hospital's chief
    medical officer") is the one asked for as a named person's or body's ("r kelly's lawyer", "alkonis family
    spokesman", "leahy's office", "holy names chief medical officer"), the article naming that person or body: the
    report leaves whose role it is to the story it tells."""
    want = [w for w in _name_words(wanted) if len(w) > 1]
    if len(want) < 2:
        return False
    desc = _name_words(description)
    if (voices := _SPEAKS_FOR.get(want[-1])) is not None:  # a lawyer or spokesperson: any word for one describes them
        k, roles, described = len(want) - 1, voices, not voices.isdisjoint(desc)
    elif want[-1] in ROLE_SET:  # any other role: every word of it describes them, or its words written out
        k = role_run(want)
        roles = frozenset(want[k:])
        described = roles <= set(desc) or all(w in desc for t in roles for w in _ROLE_SPELLED.get(t, (t,)))
    else:
        return False
    whose = [w for w in want[:k] if w != "family"]  # _name_words leaves possessives out
    if not whose or not described:
        return False
    # ...and as typed without the apostrophe ("kellys")
    whose += [w[:-1] for w in whose if w.endswith("s") and len(w) > 3]
    # nobody else's: no capitalised word in the description but the asked person's ("Navy spokesperson" is not)
    capitals = {fold(strip_possessive(w)) for w in re.findall(r"[\w’'\-.]+", description) if w[:1].isupper()}
    if not capitals <= {*whose, *roles}:  # "Attorney Lena Holm" too
        return False
    return any(re.search(rf"(?<!\w){re.escape(w)}(?:['’]s)?(?!\w)", text, re.I) for w in whose)
