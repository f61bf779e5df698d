"""Rule-based speaker attribution: who said each sentence of a news article (no models, no downloads)."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from index.text.clutter import is_furniture
from index.text.names import (
    BODY_KINDS,
    GENERIC,
    LEADING_STOP,
    NAME_SUFFIXES,
    PARTICLES,
    ROLE_NOUNS,
    ROLE_SET,
    TITLES,
    UPPER,
    WEEKDAYS_MONTHS,
    fold,
    is_role,
    one_in_role,
    strip_possessive,
    words,
)
from index.text.quotation import quote_regions
from index.text.roundups import datelines
from index.text.tokens import is_common_word, stopwords


@dataclass(frozen=True)
class Speaker:
    """The person (or organisation) a sentence is attributed to."""

    name: str
    description: str = ""


def speaker_display(sp: tuple[str, str] | None) -> str | None:
    """"Name, description" of a stored sentence speaker (name, description), or None."""
    if not sp:
        return None
    name, desc = sp
    return f"{name}, {desc}" if desc else name

# --- word lists -------------------------------------------------------------------------------------------


# Verbs that make a sentence a statement wherever the subject stands next to them.
_STRONG_VERBS = words(
    "said says told tells added adds warned warns explained explains argued argues stressed stresses "
    "insisted insists announced announces wrote writes posted stated declared declares remarked commented "
    "claimed asserted asserts acknowledged acknowledges admitted admits replied replies responded responds "
    "urged urges emphasised emphasized emphasises emphasizes noted concluded recalled recalls predicted "
    "predicts cautioned cautions confirmed confirms denied denies tweeted conceded concedes contended "
    "contends countered described describes reiterated reiterates vowed vows pledged pledges promised "
    "suggested suggests mentioned revealed reveals lamented laments complained complains joked jokes "
    "quipped underlined underscored underscores testified alleged alleges maintained maintains disclosed discloses"
)
# Acts of speech reported without their words: "Sununu called Bolduc a ...", "Kennedy also criticized ...", "Smith
# doubts ...", "FedEx declined to say ...": the speaker's, but a summary of what they said
_ACT_VERBS = words(
    "criticized criticised criticizes criticises slammed slams blasted blasts condemned condemns accused accuses "
    "defended defends disputed disputes dismissed dismisses praised praises commended lauded hailed applauded "
    "blamed blames advised apologized apologised dodged disagreed disagrees doubts doubted expects "
    "believes fears questioned demanded demands decried denounced denounces rebuked mocked derided called calls "
    "recommended declined expressed voiced credited"
)
# Verbs that are only statements next to a quotation ('"...," Kallas continued').
_WEAK_VERBS = words("continued continues maintained observed answered asked asks offered recounted went echoed")
_TWO_WORD_VERBS = ("pointed out", "points out", "went on", "put it")  # "As Zuckerberg put it in a memo:"
_ACT_TWO_WORD_VERBS = ("lashed out", "pushed back", "shot back", "fired back", "hit back", "weighed in",
                       "issued a statement", "released a statement")
# Verbs that may come before their subject after a quotation: '"...," said Kallas' (not "told", which
# takes an object: ', told The Japan Times' must not make the newspaper the speaker).
_INVERTED_VERBS = words(
    "said says added adds wrote writes explained explains noted continued continues warned warns argued "
    "argues insisted insists stressed stresses replied replies recalled recalls concluded declared asked asks "
    "observed countered quipped joked admitted conceded acknowledged remarked commented responded answered "
    "cautioned predicted"
)

_ADVERBS = words(
    "also later earlier previously recently repeatedly again reportedly publicly privately then once further "
    "has have had would will just already separately initially subsequently flatly bluntly firmly simply "
    "quickly immediately herself himself themselves itself"
)





# Words that continue a title when they follow one: "Attorney General", "Governor Elect".
_TITLE_SECOND = {"general", "elect"}
# words that begin a title: "Biden and Vice President Harris" are two people, not a body's "and"
_TITLE_FIRST = TITLES | frozenset(words("vice acting former interim senior assistant associate lieutenant first"))

# Words that end a title after "of"/"for": "Secretary of State", "Minister for Foreign Affairs".
_TITLE_TAILS = set(
    words(
        "state foreign affairs defense defence finance treasury interior trade economy health justice home "
        "homeland security energy education transport labor labour agriculture environment commerce culture "
        "digital european union the"
    )
)


# Lower-case words that may stand in a pre-name description ("former Estonian prime minister").
_DESC_WORDS = ROLE_SET | set(
    words(
        "former ex then acting deputy vice interim outgoing incoming current longtime long-time veteran "
        "top senior junior associate assistant adjunct visiting emeritus lead leading managing general "
        "executive political military prime first opposition party government cabinet central bank staff "
        "army navy union foreign defense defence security trade finance financial economy economic interior "
        "home justice health energy climate environment education labor labour transport agriculture "
        "digital competition affairs state press national federal regional international policy "
        "chief-of-staff research principal co-founder founding campaign communications media public relations "
        "company team office department ministry agency"
    )
)

# Capitalised words that mark a run as a place or an organisation rather than a person.
_ORG_PLACE = {
    w.lower()
    for w in words(
        "Union House Times Post Journal News Press Agency Ministry Department Commission Council Parliament "
        "Congress Senate Court Office Bank Fund Group Party University Institute College School Company "
        "Corporation Corp Corp. Inc Inc. Ltd Ltd. Association Organization Organisation Alliance Summit "
        "Dialogue Industry Forum Forces Force Army Navy Guard Committee Board Authority Service Services "
        "Foundation Center Centre Network Airlines Airways Motors Reuters Bloomberg TV Radio Street Wall Society "
        "Square City States Kingdom Republic Nations Federation Korea Korean China Chinese Japan Japanese "
        "Russia Russian Ukraine Ukrainian Europe European America American Asia Asian Africa African "
        "Pacific Atlantic Indo-Pacific Middle East West North South Gulf Sea Ocean River Island Islands "
        "Valley Tokyo Washington Brussels Beijing Moscow Kyiv Kiev London Paris Berlin Manila Stockholm "
        "Estonia Estonian Germany German France French India Indian Israel Israeli Iran Iranian Gaza "
        "Canada Canadian Mexico Brazil Australia Australian Britain British Google Apple Microsoft Amazon "
        "Meta Tesla Boeing Airbus Daily App Features Articles Related Comments Christmas Easter Olympics "
        "Cup League Championship Ministry Embassy Kremlin Pentagon Downing Capitol Hill Street Avenue "
        "Airport Station Hospital Stock Exchange Market Markets Index Program Programme Show Podcast Plan Act Bill "
        "Treaty Agreement Pact Strategy Initiative Project Report Review Economic Security Defense Defence County "
        "Parish Township Borough State Bowl Mall Zoo Museum Library"
    )
}
_PRONOUNS = {"he", "she"}


def _datelines(masked: str, spans: Sequence[tuple[int, int]]) -> set[int]:
    """The sentences that open a roundup's story with its dateline ("Miami: "): a story of its own."""
    opening = datelines(masked, [s for s, _ in spans])
    return {i for i, (s, _) in enumerate(spans) if s in opening}


# roles the news gives people it does not name: "the official said" refers back to no named person but one so
# described
_UNNAMED_ROLES = frozenset(("official", "spokesman", "spokeswoman", "spokesperson", "aide", "representative"))
# a role as a title before a name abbreviates it
_ROLE_ABBREVIATIONS = {
    "governor": ("gov.",), "senator": ("sen.",), "congressman": ("rep.",), "congresswoman": ("rep.",),
    "lawmaker": ("rep.", "sen."), "lieutenant": ("lt.",), "sergeant": ("sgt.",), "professor": ("prof.",),
    "doctor": ("dr.",), "general": ("gen.",), "captain": ("capt.",), "detective": ("det.",),
    "superintendent": ("supt.",), "commander": ("cmdr.",), "colonel": ("col.",), "corporal": ("cpl.",),
    "admiral": ("adm.",),
}
# capitalised words that begin "... officials said" without naming a body ("Federal officials said")
_NO_BODY = set(words("federal local state city county school administration senior top government military health "
                     "public company campaign team police hospital university college district court prison guard "
                     "party election emergency airport transit fire army navy foreign western european republican "
                     "democratic agency office department ministry board commission"))
_SUBORDINATORS = set(
    words("after before when whenever while although though because since if once until unless whereas")
)
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "mx"}
_WHO_AFTER = frozenset(words("like from including with by as"))  # "reactions from X, who said": X said it
_BLOCKING_PREV = set(
    words(
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
_ABBREV = r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gen|Brig|Maj|Col|Lt|Adm|Sgt|Cpl|Pvt|Capt|Cmdr|Det|Supt|Prof|Gov|Jr|Sr|St)\."
_CAPWORD = rf"(?:{_ABBREV}|[{UPPER}][\w\-]*\.(?:com|org|net|gov|edu|us|uk|io|fyi)(?!\w)|(?:[{UPPER}]\.)+|[{UPPER}][\w’'\-]*(?:&[{UPPER}][\w’'\-]*)?\.?(?<!\w\w\.))"  # "P&G"
_PART = "|".join(PARTICLES)
# "Minister of Health and Welfare", "Secretary of Health and Human Services": an office's "and" (not a person's:
# "Ola Berg of Vik and Tomas Lind" are two)
_OFFICE_AND = rf"{_SP}(?:of|for){_SP}(?:{'|'.join(sorted(w.capitalize() for w in _TITLE_TAILS if w != 'the'))}){_SP}and"
_NAME = (  # a unit's ordinal may lead: "the 509th Bomb Wing"
    rf"(?<![\w’'\-.])(?:\d+(?:st|nd|rd|th){_SP}(?=[{UPPER}]))?(?:(?:{_PART}){_SP})*{_CAPWORD}"
    rf"(?:(?:{_OFFICE_AND})?{_SP}(?:(?:of|for|&){_SP})?(?:(?:{_PART}){_SP})*{_CAPWORD})*"
)
# ...and what a story calls someone it has named when it refers back to them ('"...," wrote the star')
_ROLES = "|".join(sorted((*ROLE_NOUNS, *words("star singer actor actress rapper comedian producer")), key=len,
                         reverse=True))
_ROLEREF = rf"(?<![\w’'])[Tt]he{_SP}(?:[\w’'.\-]+{_SP}){{0,5}}?(?:\d+-)?(?i:{_ROLES})(?![\w\-’'])"
_PRON = r"(?<![\w’'])(?:[Hh]e|[Ss]he)(?![\w’'])"
# an appositive set off by commas, or by dashes ("Dan Viets — a defense attorney in Columbia, Missouri — told")
# ... or the body they speak for ("Jane Doe of the Sierra Club said", "with the Division of Wildlife Resources")
_OF_THE_BODY = (rf"[ \t]+(?:of|with)[ \t]+the(?:[ \t]+(?:of|for|and|on|the|&))*"
                rf"(?:[ \t]+[{UPPER}][\w’'\-&]*(?:[ \t]+(?:of|for|and|on|the|&)(?=[ \t]+[{UPPER}]))*)+")
_RX_OF_THE = re.compile(r"[ \t]+(?:of|with)[ \t]+the\b")
_DASH_ASIDE = rf"[ \t]+[–—][ \t]*[^–—{_Q}\n]{{1,150}}?[ \t]*[–—]"  # " – the committee's top conservative –"
_APPOS = rf"(?:(?:[ \t]*,[ \t]*[^,{_Q}\n]{{1,120}}?){{1,3}},|{_DASH_ASIDE}|{_OF_THE_BODY})?"
_ADVS = rf"(?:{_SP}(?:{'|'.join(_ADVERBS)}|on{_SP}[{UPPER}][a-z]+day|at{_SP}first))*"


def _verb_alt(words: Sequence[str]) -> str:
    return "|".join(sorted((w.replace(" ", _SP) for w in words), key=len, reverse=True))


_STRONG = _verb_alt([*_STRONG_VERBS, *_ACT_VERBS, *_TWO_WORD_VERBS, *_ACT_TWO_WORD_VERBS])
_ALL = _verb_alt([*_STRONG_VERBS, *_ACT_VERBS, *_WEAK_VERBS, *_TWO_WORD_VERBS, *_ACT_TWO_WORD_VERBS])
_INV = _verb_alt(_INVERTED_VERBS)
_SUBJ = rf"(?P<subj>{_ROLEREF}|{_PRON}|{_NAME})"

# "Kallas said", "the minister, speaking in Tokyo, warned", "she also told reporters"
# ...though "maintained" is one only before what is maintained ("maintains that", "maintained his innocence",
# "maintained:"), not "the Niners have maintained better odds"
_RX_SUBJ_VERB = re.compile(rf"{_SUBJ}{_APPOS}{_ADVS}{_SP}(?P<verb>{_STRONG})(?![\w’'])"
                           r"(?!(?:(?<=maintained)|(?<=maintains))[ \t]+(?!that\b|(?:his|her|their)[ \t]+innocence)"
                           r"[a-z])")
# "Bronstein continued, “...”": a verb that is only a statement next to a quotation, with the quotation after it
_RX_SUBJ_WEAK_QUOTE = re.compile(
    rf"{_SUBJ}{_APPOS}{_ADVS}{_SP}(?P<verb>{_verb_alt([v for v in _WEAK_VERBS if v not in ('went', 'asked', 'asks')])})"
    rf"(?=[ \t]*[,:][ \t]*{_Q})"
)
# "Sacramento County officials said", "a TikTok spokesperson said", "a senior Border Protection official told CNN": a
# body speaking through people left unnamed
_BODY_VOICES = frozenset(words("officials official spokesperson spokesman spokeswoman spokespeople representative representatives "
                                "analysts researchers"))
# ...of its government or a service of it: "a Qatari government official told CNN"
_VOICE_OF = words("government state military police security health defense defence foreign embassy intelligence "
                  "ministry administration")
_RX_BODY_VOICE = re.compile(
    rf"(?:(?<=[{_Q},.!?][ \t])|(?<=\b[Aa][ \t])|(?<=\b[Aa]n[ \t])|^)(?:(?:senior|top|former|another)[ \t]+)?"
    rf"(?P<subj>{_NAME}){_SP}(?:(?:{'|'.join(_VOICE_OF)}){_SP})?"
    rf"(?:{'|'.join(_BODY_VOICES)}){_ADVS}{_SP}(?P<verb>{_STRONG})(?![\w’'])",
    re.MULTILINE,
)
# "the FAA is advising airlines to ...", "officials are urging residents to ...": a statement still being made
_PROGRESSIVE = words("saying telling warning urging advising cautioning asking encouraging reminding")
_PROGRESSIVE_SET = frozenset(_PROGRESSIVE)
_RX_SUBJ_PROGRESSIVE = re.compile(
    rf"{_SUBJ}{_APPOS}{_ADVS}{_SP}(?:is|are|was|were|has{_SP}been|have{_SP}been){_ADVS}{_SP}"
    rf"(?P<verb>{'|'.join(_PROGRESSIVE)})(?![\w’'])")
# "Kelly's lawyer, Jennifer Bonjean, wrote": a name set off as an appositive, then its verb
_RX_APPOSED = re.compile(rf"(?<=,[ \t])(?P<subj>{_NAME})[ \t]*,{_ADVS}{_SP}(?P<verb>{_STRONG})(?![\w’'])")
# "... prompted confusion from its former CEO, Jack Dorsey, who replied: “Why?”"
_RX_WHO_SAID = re.compile(
    # "Rep. Ronny Jackson of Texas, who tweeted: ...": a place or body after the name
    rf"(?P<subj>{_NAME})(?:{_SP}of{_SP}(?:the{_SP})?[{UPPER}][\w’'\-]*(?:{_SP}[{UPPER}][\w’'\-]*){{0,2}})?"
    rf"[ \t]*,[ \t]*who{_ADVS}{_SP}"
    rf"(?P<verb>{_verb_alt([v for v in _INVERTED_VERBS if v not in ('wrote', 'writes')] + ['told', 'tells', 'tweeted'])})"
    rf"(?![\w’'])"
)
# '"...," Kallas continued'
_RX_QUOTE_WEAK = re.compile(rf"{_Q}[ \t,]*{_SUBJ}{_APPOS}{_ADVS}{_SP}(?P<verb>{_ALL})(?![\w’'])")
# '"...," Nora Pell, director of trails at the Alpine Club told reporters.': an appositive the writer left open,
# the verb ending the sentence (a person named in full only)
_RX_QUOTE_UNCLOSED = re.compile(
    rf"{_Q}[ \t,]*(?P<subj>{_NAME})[ \t]*,[ \t]*[^,{_Q}\n]{{3,150}}?{_SP}(?P<verb>{_ALL})(?![\w’'])"
    rf"(?=[^,;{_Q}\n]{{0,40}}$)"
)
# 'Jeannie Mai, co-host of the show wrote, "...': the same open appositive, the quotation after its verb
_RX_UNCLOSED_QUOTE = re.compile(
    rf"(?P<subj>{_NAME})[ \t]*,[ \t]*(?![ \t]*(?:and|but|or|then|who|which|while|as|before|after)\b)[^,{_Q}\n]{{3,150}}?"
    rf"{_SP}(?P<verb>{_ALL})(?=[ \t]*[,:][ \t]*{_Q})"
)
# '"...," said Sebastian Maslow' / ', said the minister'
_RX_INVERTED = re.compile(rf"(?:{_Q}|,)[ \t,]*(?P<verb>{_INV}){_SP}(?P<subj>{_ROLEREF}|{_PRON}|{_NAME})")
# '"...," said Rams coach Sean McVay', 'said Haley campaign spokesperson Olivia Perez-Cubas', ', said police spokesman
# Luis Agostini', 'says Vik County, Alaska, district attorney Ada Quist': the name after a team's or body's role
_RX_INVERTED_ROLE = re.compile(
    rf"(?:{_Q}|,)[ \t,]*(?P<verb>{_INV}){_SP}"
    rf"(?:(?:{_CAPWORD}{_SP}){{0,3}}{_CAPWORD},{_SP}{_CAPWORD},{_SP}(?=[a-z])|(?:{_CAPWORD}{_SP}){{0,4}})"
    rf"(?:[a-z]+{_SP}){{0,2}}(?i:{_ROLES}){_SP}"
    rf"(?P<subj>{_NAME})"
)
# '"...," said All-Pro tight end Travis Kelce', 'said Democratic state Sen. Ada Lind': a person named in full after
# capitalised words and a role in lower case that the role list lacks (no preposition: "said Biden at the White House")
_RX_INVERTED_MODIFIED = re.compile(
    rf"(?:{_Q}|,)[ \t,]*(?P<verb>{_INV}){_SP}(?:{_CAPWORD}{_SP}){{1,3}}"
    rf"(?:(?!(?:in|at|on|the|to|of|for|with|by|from|during|after|before|as|and|or|but|that|while|when|who|which)"
    rf"(?![\w\-]))[a-z][a-z\-]*{_SP}){{1,3}}(?P<subj>{_NAME})"
)
# '"...," said former Republican campaign guru Rick Wilson': a described person ending the clause (a person only)
_RX_INVERTED_DESCRIBED = re.compile(
    rf"{_Q}[ \t,]*(?P<verb>{_INV}){_SP}(?:[\w’'\-]+{_SP}){{1,6}}?(?P<subj>{_NAME})(?=[ \t]*(?:[,.;]|$))"
)
# '"...," said South African-Israeli billionaire and president of SpaceIL, Morris Kahn.': a description, then the
# person named in full, set off at the sentence's end (or before a closing phrase: ", in a statement.")
_RX_INVERTED_SET_OFF = re.compile(
    rf"{_Q}[ \t,]*(?P<verb>{_INV}){_SP}(?:[\w’'\-.]+{_SP}){{1,10}}?[\w’'\-.]+,[ \t]*(?P<subj>{_NAME})"
    rf"(?=[ \t]*(?:[.;]|$|,[ \t]*[a-z][^,.;{_Q}\n]{{0,60}}[.;]))"  # ", in a statement."
)
# '"...," Showtime and MTV Entertainment Studios CEO and President Chris McCarthy said': a long description, then
# the person (a person only)
_RX_QUOTE_DESCRIBED = re.compile(
    rf"{_Q}[ \t,]*(?:[\w’'\-.]+{_SP}){{1,8}}?(?P<subj>{_NAME}){_ADVS}{_SP}(?P<verb>{_STRONG})(?![\w’'])"
)
# 'A statement from Rite Aid said', 'a statement by the ministry reads'
_RX_STATEMENT_FROM = re.compile(
    rf"\b[Ss]tatement{_SP}(?:from|by){_SP}(?:the{_SP})?(?P<subj>{_NAME}){_SP}(?P<verb>said|says|read|reads|added|stated)\b"
)
# 'the White House statement said': the body's words
_RX_BODY_STATEMENT = re.compile(rf"\b[Tt]he{_SP}(?P<subj>{_NAME}){_SP}statement{_SP}(?P<verb>said|says|read|reads|added|stated)\b")
# finite verbs that are no regular past or present form: "Koy tried ..." is regular, "Smith hit back ..." is not
_PAST = "|".join(words("began got hit met took made gave spoke went came led sent held left stood fought won lost struck "
                       "threw brought sought set put ran kept broke chose drew rose shot spent sat saw wore grew knew "
                       "felt found became"))
# the subject of a sentence that goes on to speak: "Koy tried to brush off the reactions, saying ...", "On Sunday,
# Prime Minister Gabriel Attal visited a farm and said ..." (matched at the sentence's start only)
_SAYING = ("saying", "writing")  # ", saying ..."
_SAYING_THAT = ("adding", "noting", "arguing", "warning", "insisting")  # ", adding that ..."
# "..., with Fiji’s Prime Minister Josaia Bainimarama noting that ...": the words of whom the clause is about (an
# aside may part them: "with Texas Rep. Kevin Brady – the committee’s top conservative – saying ...")
_RX_WITH_SAYING = re.compile(
    rf"\bwith{_SP}(?P<subj>{_NAME})(?:[ \t]*,[ \t]*(?:who|the|a|an|his|her|its|their){_SP}[^,{_Q}\n]{{1,120}}?,"
    rf"|{_DASH_ASIDE})?{_SP}(?P<verb>{'|'.join((*_SAYING, *_SAYING_THAT))})\b")
_SAYING_QUOTED = ("describing", "calling")  # ", describing it as “...”"
_AND_SAID = ("said", "told", "added", "wrote", "warned", "insisted")  # "... and said ...", "... but said ..."
# "X would not comment on Y, but said ...", "X didn't disclose it, but said ..."
_AUX = "would|could|did|does|do|will|can|cannot|may|might|should|must"
_THEN_SAYING_LEAD = rf"(?:(?:And|But|Then|Later|Earlier|(?:On|In|At){_SP}[^,{_Q}\n]{{1,30}}),?{_SP})?"
_RX_SUBJ_THEN_SAYING = re.compile(
    rf"{_THEN_SAYING_LEAD}{_SUBJ}{_APPOS}"
    rf"(?:{_SP}(?:himself|herself))?{_ADVS}{_SP}(?:[a-z]+(?:ed|es|s)|{_PAST}|(?:{_AUX})(?:n[’']t)?)(?![\w’'])[^{_Q}\n;]*?"
    rf"(?:,[ \t]*(?:{'|'.join(_SAYING)})|\bstatement\b[^{_Q}\n;,]{{0,40}}?{_SP}saying|"
    rf",[ \t]*(?:{'|'.join(_SAYING_THAT)}){_SP}that|"
    rf",[ \t]*(?:{'|'.join(_SAYING_QUOTED)})[^{_Q}\n;]*{_Q}|{_SP}(?:and|but){_SP}(?:{'|'.join(_AND_SAID)}))(?![\w’'])"
)
# "Horror novelist Stephen King posted ... and added, ...": a person named in full after a short description
# (not "A lawyer for Ice Castles ...", "Abrams and Fair Fight ...": a description's words hold no function word)
_PREPOSITIONS = frozenset(words("of for from at in with to by on about against behind under over near"))
_FUNCTION_WORDS = "|".join(sorted(_PREPOSITIONS | set(words("and or but the a an its his her their"))))
_RX_DESC_THEN_SAYING = re.compile(_RX_SUBJ_THEN_SAYING.pattern.replace(
    _SUBJ, rf"(?:[{UPPER}][\w’'\-]*{_SP})?(?:(?!(?:{_FUNCTION_WORDS}){_SP})[a-z][\w’'\-]*{_SP}){{1,2}}{_SUBJ}", 1))
_THEN_SAYING = frozenset((*_SAYING, *_SAYING_THAT, *_SAYING_QUOTED, *_AND_SAID))  # words it cannot match without
# '"...," the statement said': the words of whoever the sentences before say issued it
_DOC_NOUNS = "statement|release|letter|post|email|memo|note|advisory|tweet|message|announcement|notice"
_DOC_VERBS = "said|says|read|reads|added|continued|stated|states"
_DOC_SAID = rf"(?P<doc>{_DOC_NOUNS}){_SP}(?:{_DOC_VERBS})(?![\w’'])"
# ...or after it: '"...," states the letter'
_RX_DOCUMENT_SAID = re.compile(rf"(?:{_Q}|,)[ \t,]*(?:the{_SP}{_DOC_SAID}|(?:{_DOC_VERBS}){_SP}the{_SP}"
                               rf"(?P<doc2>{_DOC_NOUNS})(?![\w’']))")
# "The company released a statement", "Rite Aid issued an updated statement": who issued the document
_RX_PUT_OUT = re.compile(rf"(?P<subj>{_NAME}){_SP}(?:released|issued|sent|published|posted|shared|put{_SP}out)"
                         rf"{_SP}(?:a|an|its|their|his|her){_SP}(?:[\w\-]+{_SP}){{0,2}}?(?P<doc>{_DOC_NOUNS})(?![\w’'])")
# "The statement said ..." opening a sentence
_RX_DOCUMENT_FIRST = re.compile(rf"[ \t]*The{_SP}{_DOC_SAID}")
# "the department said": the body of that kind the article last named ("the Minnesota Department of Agriculture")
_BODY_NOUNS = ("department", "agency", "university", "college", "school", "hospital", "airport", "commission",
               "council", "association", "league", "foundation", "institute", "ministry", "authority",
               "bureau", "museum", "district", "court", "palace", "airline")
_RX_BODY_SAID = re.compile(
    rf"(?<![\w’'])[Tt]he{_SP}(?P<noun>{'|'.join(_BODY_NOUNS)}){_ADVS}{_SP}(?:{_STRONG})(?![\w’'])"
    rf"|(?:{_Q}|,)[ \t,]*(?:{_INV}){_SP}the{_SP}(?P<noun2>{'|'.join(_BODY_NOUNS)})(?![\w’'])"
)
# '"...," the group tweeted': the body whose words the sentences before gave ("the company" is left alone: a
# regulator speaks about a company more often than a group's overseer speaks about it)
_GENERIC_BODIES = ("group", "organization", "organisation", "union", "coalition", "nonprofit", "charity")
_RX_GENERIC_BODY_SAID = re.compile(
    rf"(?<![\w’'])[Tt]he{_SP}(?:{'|'.join(_GENERIC_BODIES)}){_ADVS}{_SP}(?:{_STRONG})(?![\w’'])"
    rf"|(?:{_Q}|,)[ \t,]*(?:{_INV}){_SP}the{_SP}(?:{'|'.join(_GENERIC_BODIES)})(?![\w’'])"
)
# "It said Beijing will ...", '"...," it added', '"...," they said' of a body's spokesperson: the body that spoke
# just before, if one did
_RX_IT_SAID = re.compile(rf"(?<![\w’'])(?:[Ii]t|[Tt]hey)(?:{_SP}(?:also|later|further|then))?{_ADVS}{_SP}(?:{_STRONG}|did{_SP}say)"
                         rf"(?![\w’'])")
_IT_REACH = 1  # sentences back the body "it" refers to may have spoken in


def _it_said(masked: str, start: int, end: int) -> bool:
    """Whether "it" speaks in a sentence as a body does: opening it, or after a comma, a quotation or "and" ("In a
    statement, it said"); not as the object of another's words ("the team behind it wrote", "when it went down")."""
    for m in _RX_IT_SAID.finditer(masked, start, end):
        before = masked[start : m.start()].rstrip()
        if not before or before[-1] in f",;:{_Q}”\"" or re.search(r"(?:^|\s)(?:[Aa]nd|[Bb]ut)$", before):
            return True
    return False


# "Murphy's office said", "Gov. Kate Brown’s office said", "The office of Attorney General John Formella said": the
# office speaks for whoever holds it
_RX_OFFICE_SAID = re.compile(
    rf"(?<![\w’'])(?P<owner>{_NAME})['’]s{_SP}office{_ADVS}{_SP}(?:{_STRONG})(?![\w’'])"
    rf"|(?:{_Q}|,)[ \t,]*(?:{_INV}){_SP}(?P<owner2>{_NAME})['’]s{_SP}office(?![\w’'])"
    rf"|(?<![\w’'])[Tt]he{_SP}office{_SP}of{_SP}(?P<owner3>{_NAME}){_ADVS}{_SP}(?:{_STRONG})(?![\w’'])"
)
# "a spokesperson for TikTok said", "a spokeswoman for the American Red Cross said": the body's words
_RX_VOICE_FOR_SAID = re.compile(
    rf"(?<![\w’'])(?:[Aa]n?|[Tt]he){_SP}(?:[a-z]+{_SP})?(?:spokesperson|spokesman|spokeswoman|representative)"
    rf"{_SP}(?:for|with|from|at){_SP}(?:the{_SP})?(?P<body>{_NAME}),?{_ADVS}{_SP}(?:{_STRONG})(?![\w’'])"
)
# "a Trump campaign spokesman said", "a senior US Customs and Border Protection official told CNN": the body's words
_RX_BODY_VOICE_SAID = re.compile(
    rf"(?<![\w’'])[Aa]n?{_SP}(?:(?:senior|top|chief){_SP})?(?P<body>{_NAME}(?:{_SP}and{_SP}{_NAME})?)"
    rf"(?P<kind>{_SP}(?:campaign|government))?"
    rf"{_SP}(?:spokesperson|spokesman|spokeswoman|representative|official){_ADVS}{_SP}(?:{_STRONG})(?![\w’'])"
)
# "the weather service said", "the hurricane center warned", "the weather service office in Shreveport said": a
# body the article named in full before ("the National Weather Service"), by a word of its name and its kind
_MOD_BODY_NOUNS = ("service", "center", "centre", "agency", "department", "office", "administration", "commission",
                   "bureau", "authority")
_MOD_BODY = (rf"[Tt]he{_SP}(?P<mod>[a-z]+){_SP}(?P<noun>{'|'.join(_MOD_BODY_NOUNS)})(?P<office>{_SP}office)?"
             rf"(?:{_SP}in{_SP}(?P<place>[{UPPER}][\w’'\-]+(?:{_SP}[{UPPER}][\w’'\-]+)?))?")
_RX_MOD_BODY_SAID = re.compile(rf"(?<![\w’']){_MOD_BODY},?{_ADVS}{_SP}(?:{_STRONG})(?![\w’'])")
_RX_MOD_BODY_INVERTED = re.compile(rf"(?:{_Q}|,)[ \t,]*(?:{_INV}){_SP}{_MOD_BODY}(?![\w’'])")
# "the office of emergency services said": the body the article named with those words capitalised before
_OF_BODY_NOUNS = ("office", "department", "ministry", "bureau", "division", "board", "commission", "council")
_RX_OF_BODY_SAID = re.compile(
    rf"(?<![\w’'])[Tt]he{_SP}(?P<noun>{'|'.join(_OF_BODY_NOUNS)}){_SP}(?:of|for){_SP}"
    rf"(?P<what>[a-z]+(?:{_SP}(?:and{_SP})?[a-z]+){{0,3}}),?{_ADVS}{_SP}(?:{_STRONG})(?![\w’'])"
)
# kinds of body whose word before them says nothing of the name ("the federal agency", "the state department")
_PLAIN_MODS = frozenset(words("federal state city county local national public space health fire police"))
# a full stop that ends a clause, not one inside an abbreviation ("U.S. Customs": not "U")
_CLAUSE_STOP = r"\.(?![A-Za-z])"
# 'according to Kallas' (the name must end the clause, so 'according to Nikkei calculations' is not one)
_RX_ACCORDING = re.compile(
    rf"\b[Aa]ccording{_SP}to{_SP}(?P<subj>{_ROLEREF}|{_NAME})(?=[ \t]*(?:[,;:!?{_Q}]|{_CLAUSE_STOP}|$))"
)
# 'according to National Weather Service meteorologist James Tomasini': the person after a body's role
_RX_ACCORDING_ROLE = re.compile(
    rf"\b[Aa]ccording{_SP}to{_SP}(?:the{_SP})?(?:{_CAPWORD}{_SP}){{0,5}}(?:[a-z]+{_SP}){{0,2}}(?i:{_ROLES}){_SP}"
    rf"(?P<subj>{_NAME})(?=[ \t]*(?:[,;:!?{_Q}]|{_CLAUSE_STOP}|$))"
)
# 'Said Pichai: "..."', 'Added NASCAR president Steve Phelps in a statement: ...' (at a sentence's start)
_RX_SAID_FIRST = re.compile(
    rf"(?P<verb>Said|Says|Added|Adds|Wrote|Writes){_SP}(?:(?:{_CAPWORD}{_SP}){{0,4}}(?:[a-z]+{_SP}){{0,2}}"
    rf"(?i:{_ROLES}){_SP})?(?P<subj>{_NAME})"
)
# "called" speaks when it calls for, on or out, or calls something a quoted name ("called the ruling “a ...”");
# "declined" when it declines to say
_RX_CALLED_WHAT = re.compile(rf"{_SP}(?:on|for|out)(?![\w’'])|[^{_Q}\n.;]{{0,80}}{_Q}")
_RX_DECLINED_WHAT = re.compile(
    rf"{_SP}(?:to{_SP}(?:comment|say|answer|respond|discuss|elaborate|specify|confirm|clarify|disclose|detail|"
    rf"speculate|address|provide|share|name|identify|explain)|(?:a{_SP})?(?:comment|interview|request))(?![\w’'])"
)
_ACT_OBJECT = {"called": _RX_CALLED_WHAT, "calls": _RX_CALLED_WHAT, "declined": _RX_DECLINED_WHAT}
_RX_NAME = re.compile(_NAME)
_RX_APPOSITIVE = re.compile(rf"[ \t]*,[ \t]*(?:(?:an?|the)[ \t]+)?([^,;:{_Q}\n]{{3,200}})")
_ONE_WORD_VERBS = frozenset([*_STRONG_VERBS, *_ACT_VERBS, *_WEAK_VERBS])
_VERB_SET = _ONE_WORD_VERBS | {v.split()[0] for v in (*_TWO_WORD_VERBS, *_ACT_TWO_WORD_VERBS)}
_WORDS_SET = frozenset([*_STRONG_VERBS, *_INVERTED_VERBS, *_WEAK_VERBS])
_ACT_SET = frozenset([*_ACT_VERBS, *(v.split()[0] for v in _ACT_TWO_WORD_VERBS)])
_RX_LOWER_WORD = re.compile(r"[a-z]+")
_RX_ROLE_HEAD = re.compile(rf"(?i:{_ROLES})$")
# the person just named, by state and party ("the Georgia Republican said") or party alone ("the Democrat told CNN");
# not "The Independent", a newspaper
_RX_PARTY_REF = re.compile(r"[Tt]he[ \t]+(?:(?:[A-Z][\w.’'\-]*[ \t]+){1,3}(?=(?:Republican|Democrat|Independent)\b)"
                           r"|(?=(?:Republican|Democrat)\b))(\w+)")
# "The first-term Democrat said": the party's word after lower-case words
_RX_PARTY_LEAD = re.compile(r"[Tt]he[ \t]+(?:[a-z][\w’'\-]*[ \t]+){1,2}$")
_RX_PREV_WORD = re.compile(r"([\w’'\-]+)[^\w\n]*$")
_RX_TOKEN = re.compile(r"\S+")
_RX_NEWLINE = re.compile(r"\n")
_RX_DASH_CREDIT = re.compile(r"[ \t]*[–—][ \t]*(?=[^\W\d_])")  # a line of credit: "– Twitter CEO Parag Agrawal, on ..."
_RX_CREDIT_ON = re.compile(r",[ \t]+(?:on|about)\b")
_RX_LEAD_PRONOUN = re.compile(r"(?:And|But|Then|Later)?[ \t,]*(He|She)(?![\w’'])")
# words that leave an appositive open ("author of “The Book”"), and those that make it a clause ("has become")
_DANGLING = frozenset(words("of for to at with and the a an in on by"))
_AUXILIARIES = frozenset(words("has have had is was were are will would can could may might must should"))
# a sentence's end: a full stop after a small letter or a digit (not an abbreviation's: "Mount St. Joseph"), or
# after a closing bracket or a name in capitals where a capitalised word follows ("firm BTIG. Next year",
# "(Cepi). Set up in 2017"; not "U.S. Attorney")
_NOT_ENDS = ("St", "Mt", "Ft", "Jr", "Sr", "Dr", "Inc", "Co", "Corp", "Ltd", "Ave", "No", "vs")
_RX_SENT_END = re.compile(r"(?<=[a-z0-9])" + "".join(rf"(?<!\b{a})" for a in _NOT_ENDS) + r"\.(?=\s|$)"
                          r"|(?:(?<=\))|(?<=[A-Z]{2}))\.(?=\s+[A-Z])")
_RX_DESC_BREAK = re.compile(rf"[,;:(){_Q}\"“”—–\n]|\.(?=\s)")


def _mask_quotes(text: str) -> str:
    """The text with every quoted character replaced by _Q (same length, same offsets)."""
    out: list[str] = []
    for line in text.split("\n"):
        last = 0
        for s, e in quote_regions(line):
            out.append(line[last:s])
            out.append(_Q * (e - s))
            last = e
        out.append(line[last:])
        out.append("\n")
    return "".join(out)[: len(text)]


# --- names ------------------------------------------------------------------------------------------------


# two capitals that are places or bodies, not a person's initials used as a first name ("CJ Karamargin", "MJ Thim")
_NOT_INITIALS = frozenset(words("US UK EU UN NY LA DC NJ TV AP AI PM GM DO OT TJ"))  # "TJ Maxx"


def _initials_first(tokens: Sequence[str], i: int) -> bool:
    """Whether tokens[i] is a first name written as two initials ("CJ" in "CJ Karamargin")."""
    t = tokens[i]
    return (i == 0 and len(tokens) in (2, 3) and len(t) == 2 and t.isalpha() and t.isupper()
            and t not in _NOT_INITIALS and all(_name_like(x) for x in tokens[1:]))


def _name_like(token: str) -> bool:
    """A capitalised word with lower-case letters (not an acronym like NATO), or an initial like 'J.'."""
    if len(token) == 2 and token[1] == "." and token[0].isupper():
        return True
    if token.lower() in PARTICLES:
        return True
    return token[:1].isupper() and any(c.islower() for c in token[1:]) and not any(c.isdigit() for c in token)


# a name made an adjective is no name: "Trump-backed Republican", "Saudi-led coalition", "Biden-era rule"
_RX_NAMED_AFTER = re.compile(r"-(?:backed|led|allied|aligned|appointed|endorsed|era|style|linked|funded|owned|based|"
                             r"controlled|run|made|born|like|affiliated|leaning|supporting)$", re.I)


_PARTIES = frozenset(("republican", "democrat", "democratic", "independent", "libertarian", "gop"))
_PARTY_BODIES = frozenset(words("national convention committee caucus conference party governors leadership"))


def _weak(description: str) -> bool:
    """Whether a description says no more than a party or where someone is from ("Republican", "Chicago-based")."""
    return all(w.lower() in _PARTIES or _RX_NAMED_AFTER.search(w) for w in description.split())


@dataclass
class _Run:
    """A capitalised run split into a leading title and the name proper."""

    tokens: list[str]  # the name's tokens
    title: list[str]  # title words that stood before it in the same run
    start: int  # offset of the run (title included) in the text
    name_start: int
    end: int


_RX_INITIAL = re.compile(r"[A-Z]\.")
_RX_ROLE_TO = re.compile(r"(?i:ambassador|envoy|adviser|advisor|representative|delegate)[ \t]+to[ \t]+(?:the[ \t]+)?$")


def _office_word(word: str) -> bool:
    """Whether a capitalised word names an office or a trade ("Climatologist", "Forester", "Veterinarian")."""
    low = word.lower()
    return word[:1].isupper() and (is_role(low) or low.endswith(("ist", "ian", "er", "or")))


def _before_the_name(words: Sequence[str], i: int) -> bool:
    """Whether words[i] of a capitalised run stands before the name in it: a title, a name made an adjective
    ("Chicago-based"; not "X of Chicago-based Y"), or a party before a person ("South Dakota Republican John Thune";
    not "Republican National Convention")."""
    w = words[i]
    if strip_possessive(w).lower() in TITLES:
        return not _surname_title(words, i)
    if i == 0 and len(words) >= 3 and one_in_role(w.lower()) and _looks_like_person(words[1:]):
        return True  # a trade opening a sentence: "Neurologist Kenneth Nudleman said"
    if _RX_NAMED_AFTER.search(w):
        return not {"of", "for", "at"} & set(words[:i])
    rest = words[i + 1 :]
    return w.lower() in _PARTIES and _looks_like_person(rest) and _PARTY_BODIES.isdisjoint(x.lower() for x in rest)


# a compound that describes someone; a name's second part after a hyphen ("Ing-wen", "Yeon-chul") is never so
_RX_DESCRIBING = re.compile(r"(?:Ex|Former)-\w+|\w[\w-]*-(?:[a-z]{2,}(?:ed|er|ing)|elect|old)")


def _split_run(text: str, start: int, end: int) -> _Run | None:
    """Drop leading function words and split off title words ("White House Press Secretary")."""
    spans = [(m.start() + start, m.end() + start, m.group()) for m in _RX_TOKEN.finditer(text[start:end])]
    the_before = text[max(0, start - 4) : start].lower() == "the " or (bool(spans) and spans[0][2].lower() == "the")
    while spans and spans[0][2].lower() in LEADING_STOP:
        spans.pop(0)
    if not spans:
        return None
    words = [w for _, _, w in spans]
    role_to = _RX_ROLE_TO.search(text, max(0, start - 40), start) if len(words) >= 3 else None
    if role_to:  # "Ambassador to the United Nations Linda Thomas-Greenfield": the role and its place are the title
        # the place may be several capitalised words; the name is a first name (or initials) and a surname
        k = len(words) - 1
        while k > 1 and words[k - 1].lower() in PARTICLES:  # "Ursula von der Leyen"
            k -= 1
        k -= 1
        if k > 1 and (_RX_INITIAL.fullmatch(words[k]) or _RX_INITIAL.fullmatch(words[k - 1])):
            k -= 1  # "Linda K. Smith", "K. Joseph Shekarchi"
        if k >= 1 and _looks_like_person(words[k:]):
            title = [m.group() for m in _RX_TOKEN.finditer(text, role_to.start(), start)] + words[:k]
            return _Run(tokens=words[k:], title=title, start=role_to.start(), name_start=spans[k][0],
                        end=spans[-1][1])
    cut = described = 0
    for i in range(len(words)):
        if _before_the_name(words, i):
            cut = i + 1
        # a word describing who follows ("Congressman-elect", "Emmy Award-winner"), not where a body after "of" is
        elif i < len(words) - 1 and _RX_DESCRIBING.fullmatch(words[i]) and not {"of", "for"} & set(words[:i]):
            cut = described = i + 1
    if described and described == cut and len(words) - cut < 2:
        return None  # "Storm-battered California": a place described, no one's name
    # a title's own second word: "Attorney General Ken Paxton", "Surgeon General ...", "President-elect" spelt apart
    while 0 < cut < len(words) - 1 and words[cut].lower() in _TITLE_SECOND:
        cut += 1
    # a nationality or place before a name: "Estonian Kaja Kallas"
    place_cut = (cut == 0 and len(words) >= 3 and words[0].lower() in _ORG_PLACE and words[1] not in ("of", "for")
                 and not (words[0].lower() in _FIRST_NAMES_TOO and _looks_like_person(words)))
    if place_cut:
        cut = 1
        # ...and the office held there: "State Climatologist Daniel Leathers", "State Forester Tom Claeys"
        if len(words) >= 4 and _office_word(words[1]) and _looks_like_person(words[2:]):
            cut = 2
    # "Secretary of State Marco Rubio", "Minister for Foreign Affairs Jane Doe", "President of France ..."
    while cut and cut + 1 < len(words) and words[cut] in ("of", "for"):
        cut += 1
        while cut < len(words) - 1 and (
            words[cut].lower() in _TITLE_TAILS or words[cut].lower() in _ORG_PLACE
        ):
            cut += 1
        if cut + 3 < len(words) and words[cut] == "and":  # "Minister of Health and Welfare Cho Kyu-hong"
            cut = len(words) - 2
            while cut > 1 and words[cut - 1].lower() in PARTICLES:
                cut -= 1
            continue
        # one word of the office more while a full name stays after it: "Registrar of Voters Cari Burgess"
        rest = [w for w in words[cut + 1 :] if w.rstrip(".").lower() not in NAME_SUFFIXES]
        if words[cut - 1] in ("of", "for") and len(rest) >= 2 and not _RX_INITIAL.fullmatch(words[cut]):
            cut += 1
    name = words[cut:]
    # a body's own name: "Department of Homeland Security", "Sheriff's Office"; an office and whose it is, no
    # person: "(Katrina Spade, founder and) CEO of Recompose", "President of Visit Knoxville"
    if ((place_cut and not _looks_like_person(name)) or (name and all(w.lower() in _ORG_PLACE for w in name))
            or (cut and words[cut - 1] in ("of", "for"))):
        cut, name = 0, list(words)
    end = spans[-1][1]
    # "Ronny Jackson of Texas": a person, then where they are from (not "the Real Housewives of New York")
    if "of" in name[2:4] and not the_before:
        k = name.index("of", 2)
        if _looks_like_person(name[:k]) and name[k - 1].lower() not in _NAMED_OF:
            name, end = name[:k], spans[cut + k - 1][1]
    if name:
        name[-1] = strip_possessive(name[-1])
    run_start = spans[0][0]
    name_start = spans[cut][0] if cut < len(spans) else spans[-1][1]
    return _Run(tokens=name, title=words[:cut], start=run_start, name_start=name_start, end=end)


# title words that are also surnames: "Sen. Angus King", "Mary Bishop", "Tom Judge"
_SURNAME_TITLES = frozenset(("king", "bishop", "judge", "prince", "pope"))


def _surname_title(words: Sequence[str], i: int) -> bool:
    """Whether words[i], a title word, is the surname that ends a name ("Angus King", "Martin Luther King Jr.", "Angus
    King of Maine"), not the title of what follows it or of a place ("Britain's King", "District Judge")."""
    end = len(words)
    while end > 1 and words[end - 1].rstrip(".").lower() in NAME_SUFFIXES:
        end -= 1
    if i == 0 or not (i == end - 1 or words[i + 1] == "of") or strip_possessive(words[i]).lower() not in _SURNAME_TITLES:
        return False
    before = words[i - 1]
    low = before.lower()
    return (_name_like(before) and strip_possessive(before) == before and low not in TITLES and low not in _ORG_PLACE
            and low not in GENERIC and low not in LEADING_STOP and low not in _COURTS)


_COURTS = frozenset(words("district federal circuit superior county appeals appellate supreme chief presiding high "
                          "crown administrative magistrate immigration bankruptcy state municipal tax family catholic "
                          "anglican episcopal methodist lutheran orthodox auxiliary"))


# the last word of a body's or place's name that goes on with "of" ("Pro Football Hall of Fame", "State Bureau of
# Investigation", "Bay of Pigs"): no person's name ends there
_NAMED_OF = BODY_KINDS | frozenset(words(
    "hall house bank club church party chamber league academy office school college university museum court city "
    "town county state states republic kingdom bay isle island islands cape lake gulf sea port mount fort duke "
    "duchess earl prince princess secretary minister director chief head president chair chairman subcommittee "
    "schools diocese"))


_FIRST_NAMES_TOO = frozenset(("bill",))  # a body's word that leads a person's name: "Bill Gates", not "Farm Bill"


# the first words of places' names, never of a person's ("Los Angeles", "San Diego", "New Castle", "Fort Myers")
_PLACE_FIRST = frozenset(("los", "las", "san", "santa", "new", "north", "south", "east", "west", "northern", "southern",
                          "eastern", "western", "fort", "port", "mount", "lake", "puerto", "costa"))
# a state no one is named after opens a place's name ("Wisconsin Dells"), not a person's
_STATE_FIRST = frozenset(words("alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii "
                               "idaho illinois iowa kansas kentucky louisiana maryland massachusetts michigan minnesota "
                               "mississippi missouri nebraska ohio oklahoma oregon pennsylvania tennessee texas utah "
                               "vermont wisconsin wyoming"))
# ...though a party's members there speak as one ("Florida Republicans said")
_PARTY_MEMBERS = frozenset(("republican", "republicans", "democrat", "democrats"))


def _looks_like_person(tokens: Sequence[str]) -> bool:
    """Whether a multi-word run reads as a person's name rather than a place or organisation."""
    if len(tokens) < 2 or len(tokens) > 5:
        return False
    if tokens[0].lower() in PARTICLES or tokens[0].lower() in _PLACE_FIRST:
        return False
    if tokens[0].lower() in _STATE_FIRST and tokens[-1].lower() not in _PARTY_MEMBERS:
        return False
    if tokens[-1].lower() == tokens[-2].lower():  # "Most Oreo Oreo cookies", "Walla Walla": a brand's, a place's
        return False
    for i, t in enumerate(tokens):
        low = t.lower()
        if low in WEEKDAYS_MONTHS or low in GENERIC or low in LEADING_STOP or not _person_word(tokens, i):
            return False
    return True


def _person_word(tokens: Sequence[str], i: int) -> bool:
    """Whether tokens[i] may be a word of a person's name: written as one (or as two initials leading it), and no
    body's or place's word, unless it is one that also leads a name ("Bill")."""
    low = tokens[i].lower()
    return ((low not in _ORG_PLACE or (i == 0 and low in _FIRST_NAMES_TOO))
            and (_name_like(tokens[i]) or _initials_first(tokens, i)))


def _surnames(tokens: Sequence[str]) -> list[str]:
    """Keys a later mention may use for this person: the last name, with its particles too."""
    core = [t for t in tokens if t.rstrip(".").lower() not in NAME_SUFFIXES] or list(tokens)
    keys = [fold(core[-1])]
    for i in range(1, len(core) - 1):
        if core[i].lower() in PARTICLES:
            keys.append(fold(" ".join(core[i:])))
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
    first: dict[str, set[str]] = field(default_factory=dict)  # folded first word -> the full names it opens
    sharing: dict[str, list[str]] = field(default_factory=dict)  # folded surname -> every full name it ends

    def add(self, tokens: Sequence[str], description: str) -> str:
        key = fold(" ".join(tokens))
        person = self.people.get(key)
        if person is None:
            person = self.people[key] = _Person(" ".join(tokens))
            if len(tokens) >= 2:
                for s in _surnames(tokens):
                    self.surname.setdefault(s, key)
                    self.sharing.setdefault(s, []).append(key)
                self.first.setdefault(fold(tokens[0]), set()).add(key)
        description = " ".join(w for w in description.split() if w.lower().rstrip(".") not in _HONORIFICS)
        if description and (not person.description or (_weak(person.description) and not _weak(description))
                            or _more_of(description, person.description)):
            # a party or a home town alone gives way to what they are; a role to where it is held ("Pennsylvania
            # Secretary of State" after "Secretary of State")
            person.description = description
        return key

    def lookup(self, tokens: Sequence[str]) -> str | None:
        key = fold(" ".join(tokens))
        if key in self.people and len(tokens) >= 2:
            return key
        return self.surname.get(key) or (key if key in self.people else None)

    def titled(self, tokens: Sequence[str], title: Sequence[str]) -> str | None:
        """A surname with the title written before it: of two people it ends, the one so described ("Judge Lee"
        where a juror Erin Reilly Lee and Judge William Swain Lee are both named)."""
        key = self.lookup(tokens)
        if key is None or len(tokens) != 1 or not title or len(self.sharing.get(fold(tokens[0]), ())) < 2:
            return key
        said = {w.lower() for w in title}
        said |= {role for role, short in _ROLE_ABBREVIATIONS.items() if said & set(short)}
        held = [k for k in self.sharing[fold(tokens[0])]
                if said & {w.strip(",.").lower() for w in self.people[k].description.split()}]
        return held[0] if len(held) == 1 else key

    def in_full(self, key: str) -> str | None:
        """The one person named in full whose name opens with this one-word name: "Jason" after "Jason Kelce" and
        "Travis Kelce"; "Tsai" after "Tsai Ing-wen", whose family name comes first."""
        opened = self.first.get(key, set()) if " " not in key else set()
        return next(iter(opened)) if len(opened) == 1 else None


def _more_of(description: str, known: str) -> bool:
    """Whether a description says all a known one does, and more before it ("Pennsylvania Secretary of State")."""
    if len(description) <= len(known) or not description.endswith(" " + known):
        return False
    more = description[: -len(known)].split()  # a place, a body or a word of the role, not a caption's credits
    return len(more) <= 3 and all(re.fullmatch(r"[\w.’'-]+", w) and w.lower() not in stopwords() for w in more)


# words after which a single capitalised word is a place ("in Qatar,"), never a person a description follows
_PLACE_BEFORE = frozenset(("in", "across", "throughout", "near", "outside", "inside"))
# a first name alone given an age is a person's: "Hari, 27,", "Hari, a 27-year-old ...", "Hari is 27 years old"
_RX_AGED = re.compile(r"(?:,[ \t]+(?:an?[ \t]+)?\d{1,3}(?:-year-old\b|,)|[ \t]+is[ \t]+\d{1,3}[ \t]+years[ \t]+old\b)")
_RX_TITLE_COMMA = re.compile(rf"([^,;:.!?\n{_Q}“”\"]{{3,100}}),[ \t]*$")


def _title_set_off_before(text: str, run: _Run) -> str:
    """A title set off by a comma before the name: "NATO’s Secretary General, Jens Stoltenberg" -> "NATO’s Secretary
    General"; "" for any other phrase ("Speaking on Monday, Jens Stoltenberg")."""
    m = _RX_TITLE_COMMA.search(text, max(0, run.start - 120), run.start)
    if m is None:
        return ""
    words = m.group(1).split()
    verb = next((i for i in range(len(words) - 1, -1, -1) if words[i] in _INVERTED_VERBS), None)
    if verb is not None:  # '"...," added Kelly's new defense lawyer, Michael Leonard': who he is follows the verb
        words = words[verb + 1 :]
    while words and words[0] in ("The", "A", "An", "And", "But", "a", "an"):
        words.pop(0)
    # after other words, the role a body's possessive opens: "... a letter to TikTok’s CEO, Shou Zi Chew"
    owner = next((i for i in range(len(words) - 1, 0, -1) if words[i].endswith(("'s", "’s")) and words[i][:1].isupper()
                  and words[i - 1].islower()), None)
    if owner is not None and not all(w[:1].isupper() or w.lower() in _DESC_WORDS for w in words[:owner]):
        words = words[owner:]
    lows = [strip_possessive(w).rstrip(".").lower() for w in words]
    # the role may go on to where it is held: "China’s ambassador to Australia, Xiao Qian"
    r = len(lows) - 1
    if len(lows) >= 3 and lows[-2] in _ROLE_LINKS and words[-1][:1].isupper():
        r = len(lows) - 3
    last = lows[r] if r >= 0 else ""
    if not 1 <= len(words) <= 6 or (last not in TITLES and last not in ROLE_SET):
        return ""
    # lower-case words may say what the role is of ("defense lawyer", "the show's host"), two at most
    plain = [w for w in words[: r + 1] if not (w[:1].isupper() or w.lower() in _DESC_WORDS or w in ("of", "for", "the"))]
    if len(plain) > 2 or not all(_noun_before_role(strip_possessive(w), lows[r : r + 1]) for w in plain):
        return ""
    return " ".join(words)


_ROLE_LINKS = frozenset(("to", "of", "for", "at"))


_RX_CONTRACTION = re.compile(r"[a-z]['’](?:ll|re|ve|d|m|t)$", re.I)
# verbs that take the person as their object ("let", "meet", "ask" owner Paul Altero): no part of a description
_BEFORE_AN_OBJECT = frozenset(words("let lets meet meets ask asks hear hears join joins thank thanks tell tells"))


def _noun_before_role(word: str, taken: Sequence[str]) -> bool:
    """Whether a lower-case word before a role in lower case names what the role is of ("fire" of "fire chief",
    "programme" of "programme head"): no function word, verb or adverb, at most two of them."""
    low = word.lower()
    return (word.isalpha() and word.islower() and bool(taken) and all(t.islower() for t in taken)
            and taken[-1] in ROLE_SET and len(taken) <= 2 and low not in stopwords() and low not in _VERB_SET
            and low not in _INVERTED_VERBS and not low.endswith(("ly", "ed", "ing")))


def _description_before(text: str, run: _Run) -> str:
    """Title words before a name: 'EU foreign policy chief', 'White House Press Secretary', 'NATO’s Secretary
    General, ' set off by a comma."""
    if not run.title:
        near = text[max(0, run.start - 40) : run.start].split()
        if not near or not one_in_role(near[-1].lower()):  # "said neurologist Kenneth Nudleman"
            return _title_set_off_before(text, run)
    line_start = max(text.rfind("\n", 0, run.start) + 1, run.start - 160)
    left = text[line_start : run.start]
    breaks = list(_RX_DESC_BREAK.finditer(left))
    if breaks:
        left = left[breaks[-1].end() :]
    words = left.split()
    if not run.title and not (words and one_in_role(words[-1].lower())):
        return ""
    taken: list[str] = []
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        low = w.lower()
        if len(taken) >= 8 or (low in LEADING_STOP or low in _INVERTED_VERBS) and w[:1].isupper() and not (
                len(w) > 1 and w.isupper()):
            # "Added NASCAR president Steve Phelps": the verb is no part of who he is ("WHO", in capitals, is a body)
            break
        right = taken[0] if taken else run.title[0] if run.title else ""
        if (low == "and" and (right[:1].isupper() or right.lower() in ROLE_SET) and k
                and words[k - 1].lower() in ROLE_SET):
            # "Hall of Fame spokesman and Vice President Jon Shestakofsky", "Celestis CEO and co-founder Charles
            # Chafer": both roles
            taken.insert(0, w)
            continue
        if low in ("of", "for"):
            if taken and taken[0][:1].isupper():
                taken.insert(0, w)
                continue
            break
        if _RX_CONTRACTION.search(w) or low in _BEFORE_AN_OBJECT:
            break  # "I'll let co-owner Paul Altero explain": the writer speaking, not who he is
        if (low in _DESC_WORDS or (w[:1].isupper() and low not in GENERIC) or w.endswith(("'s", "’s"))
                or (not taken and not run.title and one_in_role(low))):
            taken.insert(0, w)
            continue
        if _noun_before_role(w, taken):  # "county fire chief", "programme head": what the role is of
            taken.insert(0, w)
            continue
        break
    while taken and taken[0].lower() in ("of", "for"):
        taken.pop(0)
    return " ".join([*taken, *run.title]).strip()


def _description(text: str, run: _Run) -> str:
    """What the text says a person is, before the name or, failing that (or only "Dr."), after it; a rank alone
    before it says less than what follows ("Master Sgt. Ana Lind, a spokesperson for the 509th Bomb Wing")."""
    before = " ".join(w for w in _description_before(text, run).split() if w.lower().rstrip(".") not in _HONORIFICS)
    if before and all(w.lower().rstrip(".") in _RANKS for w in before.split()):
        after = _description_after(text, run.end)
        return f"{before}, {after}" if after else before
    if before and _weak(before):  # "Republican Adam Laxalt, the former Nevada attorney general,": what he is
        return (_description_after(text, run.end) or _body_after(text, run) or _title_set_off_before(text, run)
                or before)
    if before and (after := _description_after(text, run.end)) and strip_possessive(after.split()[0]) in BODY_KINDS:
        return f"{before}, {after}"  # "clinical psychologist Norman Anderson, the association's CEO": both
    return before or _description_after(text, run.end) or _body_after(text, run)


_RANKS = frozenset(words("master staff first chief command sgt sergeant lt lieutenant capt captain col colonel maj major "
                         "cpl corporal pvt private det detective officer trooper deputy petty ensign adm admiral gen "
                         "general brig"))


# "Pete Perry of the Hinds County Republican Party", "Jane Doe with the Sierra Club": the body a person speaks for
_RX_OF_THE_BODY = re.compile(
    rf"[ \t]+(?:of|with)[ \t]+the[ \t]+(?P<body>[{UPPER}][\w’'\-&]*(?:[ \t]+(?:(?:of|for|and|on|the)[ \t]+)*"
    rf"[{UPPER}][\w’'\-&]*)+)(?![\w’'])"
)


def _body_after(text: str, run: _Run) -> str:
    """The body after a person's full name ("of the Hinds County Republican Party"), or ""."""
    m = _RX_OF_THE_BODY.match(text, run.end) if _looks_like_person(run.tokens) else None
    return "" if m is None or m.group("body").endswith(("'s", "’s", "'", "’")) else m.group("body")


# who someone is to another, in an appositive only ("one of Melenchon's most senior allies"): as a role, "the US and
# its allies said" would refer back to a person
_CLOSE_TO = frozenset(("ally", "allies", "confidant", "confidante"))


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
    if words and words[-1] in _ONE_WORD_VERBS:  # "co-host of the show wrote, ...": the appositive left open
        words = words[:-1]
        phrase = " ".join(words)
    if verb_at := next((i for i, w in enumerate(words[1:], 1) if w in _WORDS_SET), None):
        words = words[:verb_at]  # "president of the EU Chamber of Commerce (EUCCC) wrote in a September report"
        phrase = " ".join(words)
    if words and words[-1].lower() in _DANGLING:
        # "author of “The Book”": what the title in quotes completed is left open; the role without it, and without
        # the second role it belongs to ("professor of law at Vik University and author of")
        while words and words[-1].lower() in _DANGLING:
            words.pop()
        if "and" in words[1:]:
            words = words[: len(words) - 1 - words[::-1].index("and")]
        phrase = " ".join(words)
    if not words or len(words) > 18 or words[0].lower() in LEADING_STOP and words[0].lower() != "former":
        return ""
    if any(w.lower() in _AUXILIARIES for w in words):  # "Mehmet Oz, has formally become a candidate": what he
        return ""  # did, not who he is; "Kent County, residents will have the chance to choose representatives"
    if not any(w.lower().strip("'’s") in ROLE_SET or w.lower() in ROLE_SET or w.lower() in _CLOSE_TO for w in words[:6]) \
            and not _for_a_body_then_said(text, m, phrase):
        return ""
    # "In Arizona, Maricopa County Supervisor Bill Gates said": another person, titled, not a description of Arizona
    if all(w[:1].isupper() for w in words) and any(w.lower() in TITLES for w in words[:-2]):
        return ""
    return phrase


# what someone does for a body they are named with, set off before their words: ", the federal clean vehicles advocate
# for the Natural Resources Defense Council, said"
_RX_FOR_A_BODY = re.compile(rf"^[a-z][\w\-]*(?:[ \t]+[a-z][\w\-]*){{0,4}}[ \t]+(?:for|of|at|with)[ \t]+(?:the[ \t]+)?[{UPPER}]")
_RX_THEN_SAID = re.compile(rf",[ \t]*(?:{'|'.join(_STRONG_VERBS)})\b")


def _for_a_body_then_said(text: str, m: re.Match[str], phrase: str) -> bool:
    """Whether an appositive with no role word in it says what someone does for a capitalised body and is closed by
    a verb of speech: who they speak as, though the news calls it a task ("advocate", "organizer")."""
    return bool(_RX_FOR_A_BODY.match(phrase)) and phrase == m.group(1).strip().rstrip(".") and bool(
        _RX_THEN_SAID.match(text, m.end()))


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


def _byline(masked: str, start: int, end: int) -> bool:
    """Whether a name stands alone on one of the text's first lines ("Oren Dorell" over "USA TODAY")."""
    return (start < _BYLINE_CHARS and (start == 0 or masked[start - 1] == "\n")
            and (end == len(masked) or masked[end] == "\n"))


def _scan_people(masked: str, registry: _Registry) -> list[_Mention]:
    """Register everyone introduced in the text and list person mentions (outside quotes) in order."""
    pending: list[tuple[int, list[str]]] = []
    mentions: list[_Mention] = []
    for m in _RX_NAME.finditer(masked):
        word = m.group()
        if " " not in word and word.lower() in LEADING_STOP:
            continue
        run = _split_run(masked, m.start(), m.end())
        if run is None or not run.tokens:
            continue
        if _byline(masked, m.start(), m.end()):
            continue  # the reporter's name above the story, whom no later "he said" means
        # "During his time in Qatar, government regulations ...": a place, not who the words after it describe
        in_place = len(run.tokens) == 1 and _prev_word(masked, run.name_start)[0] in _PLACE_BEFORE
        desc = "" if in_place else _description(masked, run)
        aged = len(run.tokens) == 1 and bool(_RX_AGED.match(masked, run.end))  # "Hari is 27 years old"
        person = (desc or aged or _looks_like_person(run.tokens)) and (len(run.tokens) >= 2 or desc or aged)
        if person and all(_person_word(run.tokens, i) for i in range(len(run.tokens))):
            # "DeVos, one of Trump's Cabinet members," after "Betsy DeVos": the surname of someone named in full
            known = (registry.titled(run.tokens, run.title)
                     if len(run.tokens) == 1 and fold(run.tokens[0]) in registry.surname else None)
            mentions.append(_Mention(run.name_start, registry.add(known.split(), desc) if known else
                                     registry.add(run.tokens, desc)))
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


def _prev_word_past_the(masked: str, pos: int) -> tuple[str, int]:
    """The word before pos, past a "the" before a name ("the mayor of the Vik Club": "of"), and where it starts."""
    prev, at = _prev_word(masked, pos)
    return _prev_word(masked, at) if prev == "the" else (prev, at)


# a university named with its campus after a comma ("University of California, Los Angeles")
_RX_CAMPUS_BEFORE = re.compile(r"\bUniversity[ \t]+of[ \t]+[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*){0,2},[ \t]*$")


def _subject(masked: str, m: re.Match[str], registry: _Registry, check_prev: bool = True) -> _Found | None:
    """Interpret a matched subject: a person, an organisation, a pronoun or a role; None to reject it."""
    subj = m.group("subj")
    start = m.start("subj")
    low = subj.lower()
    head = _RX_ROLE_HEAD.search(subj) if low.startswith("the ") else None
    party = _RX_PARTY_REF.fullmatch(subj)  # "The Georgia Republican said": the person just named, by state and party
    if party is None and masked[max(0, start - 4) : start] == "the ":  # '"...," the Georgia Republican wrote'
        party = _RX_PARTY_REF.fullmatch(f"the {subj}")
    if party is None and subj in ("Republican", "Democrat", "Independent") and _RX_PARTY_LEAD.search(
            masked, max(0, start - 40), start):
        party = re.fullmatch(r"(\w+)", subj)
    if head is not None and head.group().lower().startswith("spokes"):
        # '"...," the Twitter spokesperson said': the body's words; a person's spokesman speaks none of the person's
        body = subj[4 : head.start()].strip()
        key = registry.lookup(body.split())
        if body[:1].isupper() and body.lower() not in LEADING_STOP and (
                key is None or (len(body.split()) == 1 and _as_likely_a_body(registry.people[key]))):
            return _Found(org=body)
    if low in _PRONOUNS or head is not None or party is not None:
        role = party.group(1) if party is not None else head.group() if head is not None else low
        found = _Found(backref=role.lower())
        found.subordinate = _prev_word(masked, start)[0] in _SUBORDINATORS
        return found
    run = _split_run(masked, start, m.end("subj"))
    if run is None:
        return None
    if not run.tokens:  # a title alone: "the President said"
        word = strip_possessive(run.title[-1]) if len(run.title) == 1 else ""
        if word.lower() in _SURNAME_TITLES and masked[max(0, run.start - 4) : run.start].lower() != "the ":
            key = registry.lookup([word])  # "King said": Angus King, named before, not a king
            if key is not None:
                return _Found(key=key)
        if run.title and all(strip_possessive(w).lower() in TITLES for w in run.title):
            return _Found(backref=run.title[-1].lower())
        return None
    # part of a longer phrase: "officials in Kyiv said", "Japan and the EU have said"
    if _RX_CAMPUS_BEFORE.search(masked, max(0, run.start - 80), run.start):
        return None  # "... at the University of California, Los Angeles said": the campus, not who spoke
    prev, at = _prev_word_past_the(masked, run.start)
    # (a sentence opening "And DDOE says ..." joins no two subjects)
    if check_prev and prev in _BLOCKING_PREV and not (prev == "and" and (
            masked[at].isupper() or _inside_body_name(masked, at, run, registry))):
        if prev == "and" and (body := _body_holding_and(masked, at, run, registry)) is not None:
            return _Found(org=body)
        return None
    named = _person_or_org(masked, run, registry)
    if named is not None and prev in _SUBORDINATORS:
        named.subordinate = True
    return named


def _inside_body_name(masked: str, and_at: int, run: _Run, registry: _Registry) -> bool:
    """Whether the "and" at and_at joins words of a body's name before a title ("Health and Human Services Secretary
    Xavier Becerra said"), not two subjects ("Japan and the EU have said", "Biden and Vice President Harris",
    "Gov. Ron DeSantis and South Carolina Sen. Tim Scott have condemned")."""
    before = masked[max(0, and_at - 60) : and_at].split()[-2:]
    if not before or not before[-1][:1].isupper() or not run.title:
        return False
    if strip_possessive(run.title[0]).lower() in _TITLE_FIRST:
        return False
    # a person just named ends there: "Chuck Schumer and", "Ron DeSantis and" (a registered surname that is also a
    # common word, "Health", is taken for a body's word)
    last = before[-1]
    return registry.lookup(before) is None and (is_common_word(last) or registry.lookup([last]) is None)


# words of the bodies whose names hold "and": "Disease Control and Prevention", "Parks and Wildlife", "Food and Drug
# Administration", "Health and Human Services"
_AND_BODY_WORDS = frozenset(w.lower() for w in words(
    "Administration Prevention Wildlife Parks Game Fish Fisheries Commission Company Co Services Service Security "
    "Development Affairs Conservation Forestry Health Welfare Environment Protection Research Technology Science "
    "Sciences Department Agency Bureau Board Council Committee Institute Association Museum Arts Recreation Tourism "
    "Planning Commerce Trade Transportation Education Energy Resources Agriculture Labor Housing Safety Management "
    "Emergency Preparedness Customs Immigration Enforcement Revenue Finance Industry Media Communications"))


def _office_of(masked: str, m: re.Match[str], registry: _Registry) -> tuple[str, str] | None:
    """ "Phil Murphy’s office" for "Murphy's office said", the holder named as the story names them in full, and
    what the story says the holder is ("Nebraska Attorney General Doug Peterson’s office said"), or "" """
    group = next(g for g in ("owner", "owner2", "owner3") if m.group(g))
    if masked[max(0, m.start(group) - 4) : m.start(group)].lower() == "the ":  # "the Secretary of State's office"
        return None
    run = _split_run(masked, m.start(group), m.end(group))
    words = list(itertools.dropwhile(lambda w: w.lower() in LEADING_STOP, run.tokens)) if run is not None else []
    if not words:
        return None
    key = registry.lookup(words)
    if key is None and group == "owner3":  # "the office of Emergency Services" is a body's name, no holder's office
        return None
    holder = registry.people[key] if key is not None else None
    said = holder.description if holder else ""
    if all(w.endswith(".") for w in said.split()):  # "Gov." alone says no more than the office does
        said = ""
    return f"{holder.name if holder else ' '.join(words)}’s office", said


def _body_of_voice(masked: str, m: re.Match[str], registry: _Registry) -> str | None:
    """The body an unnamed spokesperson or official speaks for ("a spokesperson for TikTok", "a Pentagon official");
    None for a person's (whose words are not the person's), but a person's campaign or government, by the person's
    name as the story gives it ("a Trump campaign spokesman")."""
    run = _split_run(masked, m.start("body"), m.end("body"))
    if run is None or not run.tokens or run.title:
        return None
    found = _person_or_org(masked, run, registry)
    if kind := m.groupdict().get("kind"):
        name = registry.people[found.key].name if found is not None and found.key else " ".join(run.tokens)
        return f"{name} {kind.strip()}"
    if found is not None and found.key is not None:  # "a spokesperson for TikTok"
        person = registry.people[found.key]
        return person.name if _as_likely_a_body(person) else None
    return found.org if found is not None else None


def _as_likely_a_body(person: _Person) -> bool:
    """Whether someone the article knows by a single word only, with no title or description, is as likely a body
    as a person ("Twitter also said", "a spokesperson for TikTok"; not "President Biden")."""
    return " " not in person.name and not person.description


# the words before a name that make it the last of a list: "Agriculture, Conservation", "Safety and Health"
_RX_LIST_BEFORE = re.compile(rf"(?:[{UPPER}][\w’'.\-]*,|\band)[ \t]*$")


def _body_holding_and(masked: str, and_at: int, run: _Run, registry: _Registry) -> str | None:
    """The name of a body with "and" inside, run ending it ("Centers for Disease Control and Prevention", "US Food and
    Drug Administration", "Colorado Parks and Wildlife"): capitalised words on both sides of the "and" at and_at, a
    word among them saying what a body does, and neither side a person (not "Pelosi and Schumer", "Donald and Melania
    Trump")."""
    head = next((m for m in _RX_NAME.finditer(masked, max(0, and_at - 120), and_at)
                 if not masked[m.end() : and_at].strip()), None)
    if head is None or run.title or not run.tokens or masked[and_at + 3 : run.start].strip():  # "Japan and the EU"
        return None
    if _RX_LIST_BEFORE.search(masked, max(0, head.start() - 40), head.start()):
        return None  # the last of a list ("Agriculture, Conservation and Forestry"): its start is not found here
    left = list(itertools.dropwhile(lambda w: w.lower() in LEADING_STOP, _without_article(head.group()).split()))
    right = list(run.tokens)

    def kind(side: list[str]) -> bool:
        return any(strip_possessive(w).rstrip(".").lower() in _AND_BODY_WORDS for w in side)

    # a side the registry holds as a person is one unless a word of it says what a body does ("Colorado Parks")
    if not left or not (kind(left) or kind(right)) or any(
            (registry.lookup(side) is not None or registry.lookup(side[-1:]) is not None) and not kind(side)
            for side in (left, right)):
        return None
    return f"{' '.join(left)} and {' '.join(right)}"


def _person_or_org(masked: str, run: _Run, registry: _Registry) -> _Found | None:
    """The registry key for a person, or the name of an organisation."""
    tokens = run.tokens
    if len(tokens) == 1 and (tokens[0].lower() in GENERIC or tokens[0].lower() in LEADING_STOP):
        return None  # "Sources said"; "He's added more money": a pronoun (LEADING_STOP holds the months too)
    key = registry.titled(tokens, run.title)
    if key is not None:
        return _Found(key=key)
    if _looks_like_person(tokens):
        desc = _description(masked, run)
        return _Found(key=registry.add(tokens, desc))
    if len(tokens) == 1 and _name_like(tokens[0]) and tokens[0].lower() not in _ORG_PLACE | _SHORT_BODIES:
        # "President Trump said", "Trump said": most likely a person known by one name
        return _Found(key=registry.add(tokens, " ".join(run.title)))
    return _Found(org=" ".join(tokens))


# a body's kind alone, capitalised as the news shortens a body's name once named ("The Guild", "the Union")
_SHORT_BODIES = BODY_KINDS | frozenset(words("guild ministry party court"))
# what follows whom someone asked, never an inverted "asked Smith": "asked COTA to", "asked God for forgiveness"
_RX_ASKED_TO = re.compile(r"[ \t]+(?:to|whether|if|why|how|about|for)\b")


def _after_the_verb(inverted: re.Match[str], m: re.Match[str]) -> bool:
    """Whether an inverted match names the person right after the verb a set-off subject leads to, the sentence
    ending there (", said Careaga."), so that the words before the verb are what was said, not who said it."""
    if "verb" not in inverted.groupdict() or inverted.start("verb") != m.start("verb"):
        return False
    rest = inverted.string[inverted.end("subj") : inverted.end("subj") + 8].lstrip(" \t")
    if re.match(r"\.?[ \t]*\d", rest) or inverted.group("subj").lower() in WEEKDAYS_MONTHS:
        return False  # "wrote Sept. 27 that": a date, not a person
    return rest[:1] in ("", ".", ",", ";")


def _find_speaker(masked: str, start: int, end: int, registry: _Registry) -> _Found | None:
    """The earliest statement pattern in the unquoted words of one sentence."""
    best: tuple[int, _Found] | None = None
    best_match: re.Match[str] | None = None
    fallback: tuple[int, _Found] | None = None  # a subject inside a subordinate clause
    patterns: list[re.Pattern[str]] = []
    lower = set(_RX_LOWER_WORD.findall(masked, start, end))
    if not _VERB_SET.isdisjoint(lower):
        patterns += [_RX_INVERTED_SET_OFF, _RX_INVERTED_ROLE, _RX_INVERTED_MODIFIED, _RX_INVERTED, _RX_QUOTE_WEAK,
                     _RX_SUBJ_VERB,
                     _RX_SUBJ_WEAK_QUOTE, _RX_APPOSED, _RX_WHO_SAID, _RX_INVERTED_DESCRIBED, _RX_QUOTE_DESCRIBED,
                     _RX_STATEMENT_FROM, _RX_BODY_STATEMENT, _RX_QUOTE_UNCLOSED, _RX_UNCLOSED_QUOTE]
    if not _PROGRESSIVE_SET.isdisjoint(lower):
        patterns.append(_RX_SUBJ_PROGRESSIVE)
    frame = masked[start:end]
    if "ccording" in frame:
        patterns += [_RX_ACCORDING, _RX_ACCORDING_ROLE]
    if "tatement" in frame and _RX_STATEMENT_FROM not in patterns:  # "..., a statement from the Navy reads"
        patterns += [_RX_STATEMENT_FROM, _RX_BODY_STATEMENT]
    if "with" in frame:
        patterns.append(_RX_WITH_SAYING)
    first = _RX_SAID_FIRST.match(masked, start + len(frame) - len(frame.lstrip()), end)
    found = _subject(masked, first, registry, check_prev=False) if first else None
    if found is not None and not found.subordinate:
        return found
    for rx in patterns:
        pos = start
        retry = False
        while True:
            m = rx.search(masked, pos, end)
            if m is None or (best is not None and m.start() >= best[0]):
                break
            if retry and masked[max(m.start("subj") - 2, 0) : m.start("subj")].rstrip(" \t") != ",":
                break  # past a rejected subject, only a name set off by a comma may have the verb
            verb = m.groupdict().get("verb")
            if verb in _ACT_OBJECT and not _ACT_OBJECT[verb].match(masked, m.end(), end):
                pos = m.end()  # "called 911", "declined to reverse the decision": no words of theirs
                continue
            if rx is _RX_INVERTED and verb in ("asked", "asks") and _RX_ASKED_TO.match(masked, m.end("subj"), end):
                pos = m.end()  # "..., asked COTA to begin a pilot": whom they asked, not who spoke
                continue
            # a subject set off from its verb by commas: "Parts of Maine ..., while ..., said", "the minister, ..., warned"
            set_off = rx is _RX_SUBJ_VERB and "," in masked[m.end("subj") : m.start("verb")]
            loose = rx in (_RX_INVERTED_DESCRIBED, _RX_QUOTE_DESCRIBED, _RX_ACCORDING_ROLE)
            found = _subject(masked, m, registry,
                             check_prev=not loose and rx not in (_RX_ACCORDING, _RX_STATEMENT_FROM, _RX_BODY_STATEMENT,
                                                                 _RX_WITH_SAYING)
                             # "like Rep. Ronny Jackson, who tweeted": a who-clause makes its name the speaker
                             and not (rx is _RX_WHO_SAID
                                      and _prev_word_past_the(masked, m.start("subj"))[0] in _WHO_AFTER))
            if loose and found is not None and not _described_person(masked, m, found):
                found = None  # only a person's name ends such a clause; "in a statement to USA TODAY" is no speaker
            if (rx in (_RX_APPOSED, _RX_WHO_SAID, _RX_QUOTE_UNCLOSED, _RX_UNCLOSED_QUOTE, _RX_INVERTED_SET_OFF,
                       _RX_INVERTED_MODIFIED) or retry) and not _in_full(m, found):
                found = None  # a person named in full; "in Anchorage, Alaska, said" is a place
            if (rx is _RX_SUBJ_VERB and found is not None and _RX_OF_THE.match(masked, m.end("subj"), m.start("verb"))
                    and not _in_full(m, found)):
                found = None  # "Jane Doe of the Sierra Club said": a person named in full; not "Members of the ..."
            if rx is _RX_INVERTED_SET_OFF and _person_within(masked, m.end("verb"), m.start("subj")):
                found = None  # '"...," said Kim Bumpas, President of Visit Knoxville.': the person comes first
            if set_off and found is not None and found.key is None and best is not None and best[1].key is not None:
                found = None  # "Parts of Maine ..., while ..., said Bob Larson": the person named, not the words
            if (set_off and found is not None and best is not None and best[1].key is not None
                    and best_match is not None and _after_the_verb(best_match, m)):
                found = None  # "But Starlight, Byte and Dreamworld's flavors stay in the vault, said Careaga."
            if (rx in (_RX_SUBJ_VERB, _RX_QUOTE_WEAK) and found is not None and found.backref
                    and found.backref not in _PRONOUNS):
                # "The group's president, Miami Mayor Francis Suarez, told ...", '"...," the attorney, Lee Gelernt,
                # told': the person named, not the role
                named = _RX_APPOSED.search(masked, m.end("subj"), m.end())
                person = _subject(masked, named, registry, check_prev=False) if named else None
                if named and _in_full(named, person):
                    found = person
            if found is not None and found.subordinate:
                if (fallback is None or m.start() < fallback[0]) and not _ahead(masked, m):
                    fallback = (m.start(), found)
            elif found is not None:
                best = (m.start(), found)
                best_match = m
                break
            # the verb has no other subject, unless one stands in the appositive between them ("In a call with CNN,
            # Ana Lind, press secretary to the countess, said")
            retry = set_off
            pos = m.end("subj") if retry else m.end()
    if best is not None and best[1].backref in _PRONOUNS and fallback is not None and fallback[1].key:
        # "While Tygart acknowledged the ruling, he said ...": he is the person the sentence has just named
        fallback[1].subordinate = False
        return fallback[1]
    if best is not None and best[1].backref in _PRONOUNS and not _THEN_SAYING.isdisjoint(lower):
        # "Wang, the foreign minister, has been quick to deny ..., saying ... where he said ...": he is the person
        # the sentence opens with
        opening = _then_saying(masked, start, end, registry)
        if opening is not None and opening.key:
            return opening
    if best is not None and best[1].backref is None and "with" in frame:
        # "Other Republicans also criticized ..., with Texas Rep. Kevin Brady saying ...": the person's words
        named = _RX_WITH_SAYING.search(masked, best[0], end)
        person = _subject(masked, named, registry, check_prev=False) if named else None
        if person is not None and person.key and person.key != best[1].key and not person.subordinate:
            return person
    chosen = best or fallback
    if chosen is None and not _BODY_VOICES.isdisjoint(lower):  # "Sacramento County officials said": a body, when
        body = _RX_BODY_VOICE.search(masked, start, end)  # nobody else speaks in the sentence
        subj = body.group("subj") if body is not None else ""
        lead, _, after = subj.partition(" ")
        if lead in ("A", "An", "The") and after:  # "A Rite Aid spokesperson said" opening a sentence
            subj = after.lstrip()
        if (subj and subj.split()[0].lower() not in LEADING_STOP | GENERIC | _NO_BODY
                and not _possessive(subj)  # "Lewis' aides": his, not a body's
                and fold(subj) not in registry.surname):  # "a Dahl spokesman": not the words of Ola Dahl
            return _Found(org=subj)
    if chosen is None and not _THEN_SAYING.isdisjoint(lower):
        return _then_saying(masked, start, end, registry)
    return chosen[1] if chosen else None


# a clause that puts its statement ahead or makes it a condition: "before he announces whether he'll retire",
# "if she says no", "until they tell us"
_AHEAD_SUBORDINATORS = frozenset(("before", "until", "unless", "if", "once", "whenever"))


def _ahead(masked: str, m: re.Match[str]) -> bool:
    """Whether a subordinate subject's statement is still to come or only a condition: a present-tense verb after
    "before", "until", "if" ("before he announces"), not a past one ("before he said")."""
    verb = m.group("verb").split()[0].lower()
    return (_prev_word(masked, m.start("subj"))[0] in _AHEAD_SUBORDINATORS
            and (verb.endswith("s") or verb in ("say", "tell", "announce")) and not verb.endswith("ss"))


def _person_within(masked: str, start: int, end: int) -> bool:
    """Whether a person's name (two words or more, after any title) stands between start and end; not a body's
    after a preposition ("chair of the Vik Space Club")."""
    for m in _RX_NAME.finditer(masked, start, end):
        run = _split_run(masked, m.start(), m.end())
        prev, _ = _prev_word_past_the(masked, m.start())
        if run is not None and _looks_like_person(run.tokens) and prev not in _BLOCKING_PREV:
            return True
    return False


def _then_saying(masked: str, start: int, end: int, registry: _Registry) -> _Found | None:
    """The subject a sentence opens with, when it goes on to say something ("X ... , saying", "X ... and added")."""
    for rx in (_RX_SUBJ_THEN_SAYING, _RX_DESC_THEN_SAYING):
        m = rx.match(masked, start, end)
        possessive = m is not None and _possessive(m.group("subj"))  # "Smith's lawyer"
        found = _subject(masked, m, registry, check_prev=False) if m and not possessive else None
        if m is not None and rx is _RX_DESC_THEN_SAYING and not _in_full(m, found):
            found = None  # after a description, only a person named in full
        if found is not None:
            return None if found.subordinate else found
    return None


def holds_words(sentence: str) -> bool:
    """Whether a sentence gives someone's words, not only reports an act of speech ("Cheney denounced the
    statement"): an act of speech counts as words when quoted or said as well."""
    lower = set(_RX_LOWER_WORD.findall(sentence))
    return (_ACT_SET.isdisjoint(lower) or any(c in sentence for c in "\"“”")
            or not _WORDS_SET.isdisjoint(lower))


def _in_full(m: re.Match[str], found: _Found | None) -> bool:
    """Whether a matched subject is a person named in full (two words or more), not a place or a lone name."""
    return found is not None and found.key is not None and len(m.group("subj").split()) >= 2


def _possessive(words: str) -> bool:
    """Whether a run of words ends in a possessive ("Smith's", "Lewis'")."""
    return strip_possessive(words) != words


def _described_person(masked: str, m: re.Match[str], found: _Found) -> bool:
    """Whether a loosely matched subject is a person named in full, not the object of a preposition ("a spokesman
    for Ana Lind", "the mayor of Vik")."""
    prev, _ = _prev_word_past_the(masked, m.start("subj"))
    return found.key is not None and len(m.group("subj").split()) >= 2 and prev.lower() not in _PREPOSITIONS


def _fully_quoted(masked: str, start: int, end: int) -> bool:
    frame = masked[start:end]
    return _Q in frame and not frame.replace(_Q, "").strip(" \t\n.,;:!?…-—–|()[]")


_RX_PRON = re.compile(_PRON)
# a clause of the sentence's own subject ("Greer winced as he recalled"), not a tag ("Without Roosevelt, he said,")
_RX_CLAUSE_BEFORE = re.compile(r"\b(?:when|after|as|though|although|while|because|where|which|that|and|but|before|"
                               r"until|since|whom)[ \t]+$")
_OPENING = 40  # characters into a sentence its subject's name starts within ("His brother Mahinda Rajapaksa")
_BYLINE_CHARS = 200  # how far into a text a name alone on its line is a byline
_LOOKBACK = 4  # sentences a back-reference may reach into earlier paragraphs
# a sentence that is a speech tag alone, closing a quotation a question or exclamation mark ended as a sentence:
# '"Why now?" / Bowers said.', '"..." / said Ada Brisk.'; by name only ("he said." may be resolved to the wrong man)
_TAG_VERBS = "said|says|asked|asks|wrote|writes|added|adds|tweeted|posted|noted|recalled|explained|continued"
_RX_TAG_ONLY = re.compile(
    rf"[ \t]*(?:[{UPPER}][\w’'.\-]*[ \t]+){{0,3}}[{UPPER}][\w’'\-]*[ \t]+(?:{_TAG_VERBS})"
    rf"|[ \t]*(?:{_TAG_VERBS})[ \t]+(?:[{UPPER}][\w’'.\-]*[ \t]*){{1,4}}")
_RX_TAG_END = re.compile(r"[ \t]*(?:(?:on[ \t]+)?[A-Z][a-z]+day)?[ \t]*[.!]?[ \t]*")  # "Bishop said Monday."
_RX_HE = re.compile(r"\b(?:he|him|his|himself)\b", re.IGNORECASE)
_RX_SHE = re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE)
_RX_SENTENCE_GAP = re.compile(r"[.!?]\s+[A-Z\"“]|\n")  # a pronoun counts for a name in its own sentence only


def _genders(masked: str, mentions: Sequence[_Mention]) -> dict[str, str]:
    """The pronoun the article uses for each person, where it is plain: each he/his or she/her outside quotations
    counts for the person named last before it in its sentence, and one kind must outnumber the other three to one
    ("X, who worked with Y when he ..., described her ...": her is X's)."""
    pos = [m.pos for m in mentions]
    he: dict[str, int] = {}
    she: dict[str, int] = {}
    for rx, counts in ((_RX_HE, he), (_RX_SHE, she)):
        for m in rx.finditer(masked):
            k = bisect.bisect_left(pos, m.start()) - 1
            if k < 0 or _RX_SENTENCE_GAP.search(masked, mentions[k].pos, m.start()):
                continue
            counts[mentions[k].key] = counts.get(mentions[k].key, 0) + 1
    out = {}
    for key in he.keys() | she.keys():
        n_he, n_she = he.get(key, 0), she.get(key, 0)
        if n_he >= max(2, 3 * n_she):
            out[key] = "he"
        elif n_she >= max(2, 3 * n_he):
            out[key] = "she"
    return out


_RX_INITIALS_NAME = re.compile(r"(?<![\w’'.-])[A-Z]{2,}(?:-[A-Z]{2,})*(?![\w’'-])")


def _union_by_initials(masked: str, start: int, said: re.Match[str]) -> str | None:
    """A union the sentence names by its initials before "the union said" ("while SAG-AFTRA remains on strike, the
    union said"), the last one named: unions go by their initials more than by the word "Union"."""
    if "union" not in said.group(0).lower():
        return None
    named = [m.group(0) for m in _RX_INITIALS_NAME.finditer(masked, start, said.start()) if len(m.group(0)) >= 3]
    return named[-1] if named else None


def _body_named_before(masked: str, pos: int, noun: str, sentence: int | None = None) -> str | None:
    """The nearest name before pos, outside quotations, of a body of that kind: "Department" in "the Minnesota
    Department of Agriculture" (two words at least: "the Department" alone names nobody); looked for up to 4,000
    characters before pos, or before the sentence pos stands in when it starts there."""
    word = re.compile(rf"\b{noun.capitalize()}s?\b")  # "the airline": "Alaska Airlines"
    hits = [(m.start(), m.end()) for m in word.finditer(masked, max(0, (pos if sentence is None else sentence) - 4000),
                                                          pos)]
    for at, to in reversed(hits):
        run = _name_run_at(masked, at, pos)
        if run is None:
            continue
        head, rest = masked[run.start() : to], masked[to : run.end()].split()
        if rest and rest[0] in ("of", "for"):  # "Department of Agriculture", up to a title ("... Secretary X")
            tail = list(itertools.takewhile(lambda w: strip_possessive(w).lower() not in TITLES, rest))
            head = " ".join([head, *tail])
        elif rest:  # another body ("Hospital Association", "University Police Department") or a title
            continue
        name = _without_article(head)
        if len(name.split()) >= 2:
            return strip_possessive(name)
    return None


def _body_named_with(masked: str, pos: int, m: re.Match[str]) -> str | None:
    """The body "the office of emergency services" means: the nearest name before pos holding those words
    capitalised ("the Sacramento County Office of Emergency Services")."""
    what = re.split(r"\s+", m.group("what"))
    phrase = _SP.join([m.group("noun").capitalize(), "(?:of|for)",
                       *[w if w == "and" else w.capitalize() for w in what]])
    for hit in reversed(list(re.compile(rf"\b{phrase}\b").finditer(masked, max(0, pos - 4000), pos))):
        run = _name_run_at(masked, hit.start(), pos)
        if run is not None:  # up to the end of those words at least ("... of Health and Welfare")
            return _without_article(masked[run.start() : max(run.end(), hit.end())])
    return None


def _name_run_at(masked: str, at: int, pos: int) -> re.Match[str] | None:
    """The capitalised run (before pos) that holds offset at: the whole name a word of it was found in."""
    return next((m for m in _RX_NAME.finditer(masked, max(0, at - 80), min(pos, at + 80)) if m.start() <= at < m.end()),
                None)


def _without_article(name: str) -> str:
    """"The National Weather Service" -> "National Weather Service"."""
    return re.sub(r"^(?:The|A|An)\s+", "", name)


def _body_by_word_and_kind(masked: str, pos: int, m: re.Match[str]) -> str | None:
    """The body a "the weather service said" means: the nearest name before pos holding "Weather Service" (or, for
    "the federal agency", any "... Agency"), with the office and place the sentence gives ("... office in Shreveport")."""
    mod, noun = m.group("mod"), m.group("noun")
    if mod in _PLAIN_MODS:
        name = _body_named_before(masked, pos, noun)
    else:
        name = None
        pair = re.compile(rf"\b{mod.capitalize()}{_SP}{noun.capitalize()}\b")
        for hit in reversed(list(pair.finditer(masked, max(0, pos - 4000), pos))):
            run = _name_run_at(masked, hit.start(), pos)
            if run is not None:
                rest = masked[hit.end() : run.end()].split()
                # the body's name ends with its kind, not with who heads it: "National Hurricane Center Director
                # Michael Brennan" (but "Center for Disease Control")
                end = run.end() if rest and rest[0] in ("of", "for", "and", "on") else hit.end()
                name = _without_article(masked[run.start() : end])
                break
    if name is None or len(name.split()) < 2:
        return None
    where = f" in {m.group('place')}" if m.group("place") else ""
    return f"{name}{' office' if m.group('office') else ''}{where}"


_RX_NAME_BEFORE_AND = re.compile(rf"(?P<subj>{_NAME}){_SP}$")


def _person_part(tokens: Sequence[str]) -> list[str]:
    """A run's person, without the place after it ("Ruben Gallego of Arizona"); [] when it is no person's name."""
    name = list(tokens[: tokens.index("of")] if "of" in tokens else tokens)
    if _looks_like_person(name) or (len(name) == 1 and _name_like(name[0]) and name[0].lower() not in _ORG_PLACE):
        return name
    return []


def named_speakers(sentence: str) -> list[tuple[str, str]]:
    """Everyone a sentence names as speaking, as written: (name, title before it). A sentence holds one speaker in
    the index, but may quote two ("Johnson said ..., while Modi said ...")."""
    masked = _mask_quotes(sentence)
    if _VERB_SET.isdisjoint(_RX_LOWER_WORD.findall(masked)):
        return []
    found: list[tuple[str, str]] = []
    for rx in (_RX_SUBJ_VERB, _RX_INVERTED):
        for m in rx.finditer(masked):
            verb = " ".join(m.group("verb").split())
            if verb not in _WORDS_SET and verb not in _TWO_WORD_VERBS:
                continue  # an act ("criticized"), not their words
            run = _split_run(masked, m.start("subj"), m.end("subj"))
            if run is None or not run.tokens or not _name_like(run.tokens[-1]) or run.tokens[0] in ("He", "She"):
                continue
            prev, at = _prev_word_past_the(masked, run.start)
            if rx is _RX_SUBJ_VERB and prev == "and":  # a joint statement: "Ruben Gallego of Arizona and Raul Ruiz said"
                first = _RX_NAME_BEFORE_AND.search(masked, max(0, at - 80), at)
                before = _split_run(masked, first.start("subj"), first.end("subj")) if first else None
                pair = [_person_part(r.tokens) for r in (before, run) if r is not None]
                if len(pair) == 2 and all(pair):
                    found += [(" ".join(p), " ".join(r.title)) for p, r in zip(pair, (before, run), strict=True) if r]
                continue
            # part of a phrase ("Hamid from Amnesty noted"), or words another reports ("the aide said Trump told")
            if rx is _RX_SUBJ_VERB and (prev in _BLOCKING_PREV or prev in _VERB_SET or prev == "that"):
                continue
            if rx is _RX_INVERTED and masked[m.end("subj") :].lstrip(" \t")[:1] not in ("", ".", ",", ";", ":", "!", "?"):
                continue  # ", said Trump told him": the subject of what follows, not of "said"
            found.append((" ".join(run.tokens), " ".join(run.title)))
    return found


def attribute(text: str, sentences: Sequence[tuple[int, int]]) -> list[Speaker | None]:
    """The speaker of each sentence span of text (paragraphs separated by newlines), or None."""
    masked = _mask_quotes(text)
    furniture = {(s, e) for s, e in sentences if is_furniture(text[s:e])}
    if furniture:  # "Video Ad Feedback Reporter who broke ...": nobody who speaks, nobody "he" refers back to
        chars = list(masked)
        for s, e in furniture:
            chars[s:e] = " " * (e - s)
        masked = "".join(chars)
    registry = _Registry()
    mentions = _scan_people(masked, registry)
    mention_pos = [x.pos for x in mentions]
    line_starts = [0] + [m.end() for m in _RX_NEWLINE.finditer(text)]

    spans = [(s, max(s, min(e, len(text)))) for s, e in sentences]
    paragraph = [bisect.bisect_right(line_starts, s) - 1 for s, _ in spans]
    quoted = [_fully_quoted(masked, s, e) for s, e in spans]
    story_opens = _datelines(masked, spans)
    own: dict[int, _Found | None] = {}
    result: dict[int, tuple[str | None, str | None]] = {}  # index -> (person key, org)
    org_description: dict[str, str] = {}  # an office's: what its holder is

    def found_in(i: int) -> _Found | None:
        if i not in own:
            own[i] = None if quoted[i] else _find_speaker(masked, spans[i][0], spans[i][1], registry)
        return own[i]

    def people_in(i: int) -> list[str]:
        s, e = spans[i]
        lo, hi = bisect.bisect_left(mention_pos, s), bisect.bisect_left(mention_pos, e)
        return [x.key for x in mentions[lo:hi]]

    def focus(j: int, pronoun: str | None = None) -> list[str]:
        key, _ = resolve(j)
        if key is None and pronoun:  # "She criticized Trump for ...": she is still whoever she was, not Trump
            lead = _RX_LEAD_PRONOUN.match(masked, spans[j][0], spans[j][1])
            key = antecedent(j, pronoun) if lead and lead.group(1).lower() == pronoun else None
        people = people_in(j)
        return [key, *[p for p in people if p != key]] if key else people

    antecedents: dict[tuple[int, str | None], str | None] = {}

    def antecedent(i: int, role: str | None) -> str | None:
        if (i, role) not in antecedents:
            antecedents[(i, role)] = None  # guards against cycles
            antecedents[(i, role)] = nearest(i, role)
        return antecedents[(i, role)]

    genders: dict[str, str] | None = None

    def gender(key: str) -> str | None:
        nonlocal genders
        if genders is None:
            genders = _genders(masked, mentions)
        return genders.get(key)

    def nearest(i: int, role: str | None) -> str | None:
        window: list[list[str]] = []
        j = i - 1
        # a roundup's dateline ("Miami: The state's surgeon general said") opens another story: no one before it
        while j >= 0 and (paragraph[j] == paragraph[i] or i - j <= _LOOKBACK) and j + 1 not in story_opens:
            window.append(focus(j, role if role in _PRONOUNS else None))
            j -= 1
        if role in _PRONOUNS:  # "she said" is not the man named just before
            flat = [p for people in window for p in people]
            if flat and gender(flat[0]) not in (None, role):
                for p in flat[1:]:
                    if gender(p) == role:  # one whose pronoun is unknown may be a place the registry took for a name
                        return p
                # else who spoke last, of no known pronoun; never one the article calls by the other
                spoke = (resolve(k)[0] for k in range(i - 1, i - 1 - len(window), -1))
                return next((p for p in spoke if p is not None and gender(p) is None), None)
        if role and role not in _PRONOUNS:
            titles = {role, *_ROLE_ABBREVIATIONS.get(role, ())}  # "the governor": "Gov. Kay Ivey"
            for people in window:
                for p in people:
                    if not titles.isdisjoint(registry.people[p].description.lower().split()):
                        return p
            if role in _UNNAMED_ROLES:  # "a White House official said ... the official said": nobody named
                return None
            if not any(window) and i + 1 < len(spans):
                # a lede's "..., the Baltic country's foreign minister said" before anyone is named: the one the
                # next sentence names and gives words to ("..., Edgars Rinkevics said in an interview")
                return resolve(i + 1)[0]
        for people in window:
            if people:
                return people[0]
        return None

    def opening_person(i: int, pronoun: str) -> str | None:
        """The person a sentence opens with when its speaking he or she comes later: "His brother Mahinda
        Rajapaksa, who ..., was elected in 2005 and ... when he declared": he is the brother."""
        s, e = spans[i]
        lo = bisect.bisect_left(mention_pos, s)
        said = _RX_PRON.search(masked, s, e)
        if (lo >= len(mentions) or said is None or mentions[lo].pos >= min(said.start(), s + _OPENING)
                or not _RX_CLAUSE_BEFORE.search(masked, max(s, said.start() - 12), said.start())):
            return None
        key = mentions[lo].key
        return key if gender(key) == pronoun else None  # a place the registry took for a name has no pronoun

    def issuer(i: int, doc: str) -> tuple[str | None, str | None]:
        """Who issued the document ("statement") sentence i quotes: the speaker of the nearest sentence before it
        that names such a document ("confirmed in a statement", "A statement from Rite Aid said"), else the body
        that spoke last."""
        j = i - 1
        while j >= 0 and (paragraph[j] == paragraph[i] or i - j <= _LOOKBACK):
            if doc in masked[spans[j][0] : spans[j][1]].lower():
                if resolve(j) != (None, None):
                    return resolve(j)
                # "the Republican Governors Association released a letter": its subject issued it
                put = _RX_PUT_OUT.search(masked, spans[j][0], spans[j][1])
                run = _split_run(masked, put.start("subj"), put.end("subj")) if put and put["doc"] == doc else None
                named = _person_or_org(masked, run, registry) if run is not None and run.tokens else None
                if named is not None and (named.key or named.org):
                    return (named.key, None) if named.key else (None, named.org)
            j -= 1
        # none names it: a body that has just spoken ("The weather service warned ..." just before "the advisory said")
        return None, body_before(i, reach=2)

    def body_before(i: int, reach: int | None = None) -> str | None:
        """The body that speaks in the nearest sentence before i (reach sentences back at most) that a body
        speaks in."""
        j = i - 1
        while j >= 0 and (reach is None or i - j <= reach) and (paragraph[j] == paragraph[i] or i - j <= _LOOKBACK):
            if resolve(j)[1] is not None:
                return resolve(j)[1]
            j -= 1
        return None

    def owner_ahead(i: int) -> int | None:
        """The later sentence of the paragraph where the quotation covering sentence i closes, if any, or a speech
        tag standing alone right after it (the next paragraph's "King said.")."""
        k = i + 1
        while k < len(spans) and (paragraph[k] == paragraph[i] or (k == i + 1 and tag_only(k))):
            if not quoted[k]:
                return k if masked[spans[k][0] : spans[k][1]].lstrip()[:1] == _Q or tag_only(k) else None
            k += 1
        return None

    def credited(k: int) -> str | None:
        """The person a line of credit under a quotation names ("– Twitter CEO Parag Agrawal, on Elon Musk's
        decision"): by their role, or with what they spoke on; a reporter's byline ("– Maureen Groppe") is none."""
        s, e = spans[k]
        dash = _RX_DASH_CREDIT.match(masked, s, e)
        lo = bisect.bisect_left(mention_pos, dash.end()) if dash else len(mentions)
        if dash is None or lo >= len(mentions) or mentions[lo].pos > dash.end() + 60 or mentions[lo].pos >= e:
            return None
        before = masked[dash.end() : mentions[lo].pos].split()
        on_what = _RX_CREDIT_ON.search(masked, mentions[lo].pos, e)
        return mentions[lo].key if on_what or any(one_in_role(strip_possessive(w).lower()) for w in before) else None

    def tag_only(k: int) -> bool:
        tag = _RX_TAG_ONLY.match(masked, spans[k][0], spans[k][1])
        return tag is not None and _RX_TAG_END.fullmatch(masked, tag.end(), spans[k][1]) is not None

    def resolve(i: int) -> tuple[str | None, str | None]:
        if i in result:
            return result[i]
        result[i] = (None, None)  # guards against cycles
        answer: tuple[str | None, str | None] = (None, None)
        if quoted[i]:
            k = owner_ahead(i)
            if k is not None:
                answer = resolve(k)
            if answer == (None, None) and i + 1 < len(spans) and (key := credited(i + 1)) is not None:
                answer = (key, None)  # a quotation set off, its speaker credited on the line under it
            p = i - 1
            while p >= 0 and spans[p] in furniture:  # "More: ..." between a letter's paragraphs
                p -= 1
            if (
                answer == (None, None)
                and p >= 0
                and (paragraph[p] == paragraph[i] or (quoted[i] and _Q in masked[spans[p][0] : spans[p][1]]))
            ):
                answer = resolve(p)
        else:
            found = found_in(i)
            doc = None if found is not None else (_RX_DOCUMENT_SAID.search(masked, spans[i][0], spans[i][1])
                                                  or _RX_DOCUMENT_FIRST.match(masked, spans[i][0], spans[i][1]))
            if doc is not None:
                answer = issuer(i, doc.groupdict().get("doc") or doc["doc2"])
            body = None if found is not None or doc else _RX_BODY_SAID.search(masked, spans[i][0], spans[i][1])
            if body is not None:
                # named before, in this sentence too: "... at Buckingham Palace, the palace said"
                answer = (None, _body_named_before(masked, body.start(), body.group("noun") or body.group("noun2"),
                                                   spans[i][0]))
            elif found is None and not doc:
                by_kind = (_RX_MOD_BODY_SAID.search(masked, spans[i][0], spans[i][1])
                           or _RX_MOD_BODY_INVERTED.search(masked, spans[i][0], spans[i][1]))
                if by_kind is not None:
                    answer = (None, _body_by_word_and_kind(masked, spans[i][0], by_kind))
                elif (of_body := _RX_OF_BODY_SAID.search(masked, spans[i][0], spans[i][1])) is not None:
                    answer = (None, _body_named_with(masked, spans[i][0], of_body))
                elif (office := _RX_OFFICE_SAID.search(masked, spans[i][0], spans[i][1])) is not None:
                    org, holder_is = _office_of(masked, office, registry) or (None, "")
                    if org and holder_is:
                        org_description[org] = holder_is
                    answer = (None, org)
                elif (voice := _RX_VOICE_FOR_SAID.search(masked, spans[i][0], spans[i][1])
                       or _RX_BODY_VOICE_SAID.search(masked, spans[i][0], spans[i][1])) is not None:
                    answer = (None, _body_of_voice(masked, voice, registry))
                elif (generic := _RX_GENERIC_BODY_SAID.search(masked, spans[i][0], spans[i][1])) is not None:
                    answer = (None, body_before(i) or _union_by_initials(masked, spans[i][0], generic))
                elif _it_said(masked, spans[i][0], spans[i][1]):
                    answer = (None, body_before(i, _IT_REACH))
            if found is None and not doc and (key := credited(i)) is not None:
                answer = (key, None)
            if found is not None:
                if found.key:
                    answer = (found.key, None)
                elif found.backref in _PRONOUNS and (subject := opening_person(i, found.backref)) is not None:
                    answer = (subject, None)
                elif found.backref:
                    answer = (antecedent(i, found.backref), None)
                elif found.org:
                    key, org = registry.lookup([found.org]), found.org
                    if key is None and fold(org) in _SHORT_BODIES:
                        # "The Guild blasted ...": the body of that kind the article named in full before
                        org = _body_named_before(masked, spans[i][0], org) or org
                    answer = (key, None) if key else (None, org)
        result[i] = answer
        return answer

    speakers: list[Speaker | None] = []
    for i in range(len(spans)):
        key, org = resolve(i)
        if key is not None:
            # one called by a word of their name the article gives in full, as a person (a pronoun tells one; "Toyota"
            # and "Toyota Tundra" have none)
            full = registry.in_full(key)
            if full is not None and _looks_like_person(names := registry.people[full].name.split()) and (
                    gender(full) or gender(key) or (registry.people[full].description and len(names) <= 3)):
                key = full
            person = registry.people[key]
            speakers.append(Speaker(person.name, person.description))
        elif org is not None:
            speakers.append(Speaker(org, org_description.get(org, "")))
        else:
            speakers.append(None)
    return speakers

