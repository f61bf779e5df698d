"""Scoring the sentences of a question's best chunks: how well each one answers it, and in whose voice."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from index.answering.policy import QuotePolicy
from index.answering.question import Question, Wants
from index.answering.reader import Candidate as ReaderCandidate
from index.answering.reader import Reader
from index.answering.search import Candidate, time_prior
from index.models import Article
from index.store.corpus import Corpus
from index.store.documents import Speaking, StoredArticle, StoredChunk
from index.text.clutter import is_clutter
from index.text.names import (
    another_generation,
    asks_someone_of,
    described_as,
    described_by_its_noun,
    fold,
    initials_in,
    is_role,
    names_a_person,
    names_match,
    names_whose,
    relative_named,
    role_fully,
    role_matches,
    role_words,
    short_for_the_named,
    speaks_for_the_named,
    surname_at_body,
    surname_of_the_named,
    voice_of_the_story,
    written_as,
)
from index.text.quotation import quoted_share
from index.text.speakers import holds_words, named_speakers, speaker_display
from index.text.timeexpr import MONTHS, days_named
from index.text.tokens import stopwords, tokenize


@dataclass
class ScoredSentence:
    """One sentence of a candidate chunk, scored against the question."""

    score: float
    article_id: str
    start: int
    end: int
    speaker: Speaking
    index_in_chunk: int
    chunk: StoredChunk
    about_speaker: bool = False  # spoken by, or naming, the person the question asks about
    spoken_by: bool = False  # spoken by the person the question asks about
    topic_cover: float = 1.0  # the share of the question's topic words its article's title, lede and candidate
    # passages hold (1 when it names none)
    topic_similarity: float = 0.0  # its cosine to what a question about someone asks them about (0 when none is asked)
    reader: float | None = None  # the reader's probability that it answers, when it was read
    words: bool = True  # it gives someone's words, not only an act of speech ("Cheney denounced the statement")


@dataclass(frozen=True)
class Evidence:
    """The scored sentences of a question's candidates, with what abstention needs to know of them."""

    articles: dict[str, StoredArticle]
    sentences: dict[tuple[str, int, int], ScoredSentence]  # (article, start, end) -> its best scoring
    best_cover: float  # the largest share of the question's words one sentence holds
    speaker_found: bool  # some sentence is spoken by, or names, the asked speaker
    asked_person: bool = False  # the asked speaker is a person the articles name (not a body or a role)
    # the chunk just before or after one in its article, for a quote that runs across a chunk's edge
    adjacent: Callable[[StoredChunk, int], StoredChunk | None] | None = None

    def ranked(self) -> list[ScoredSentence]:
        """The sentences, best first."""
        return sorted(self.sentences.values(), key=lambda x: -x.score)


_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?\b")
# a figure: digits, or a count written out ("five people", "a dozen homes"); "one" is too often no count
_NUMBER = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half)\b", re.I)
_AM_PM = r"\d{1,2}(?::\d\d)?\s*[ap]\.?m\b"  # "2:18 a.m.", "7 pm"
_CLOCK = re.compile(rf"\b{_AM_PM}|\b\d{{1,2}}:\d\d\b|\b(?:noon|midnight)\b", re.I)
# when: a day, a date, a month (capitalised: "may" and "march" are verbs too), a year or a clock time
_TIME = re.compile(
    r"\b(?:(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|tomorrow|yesterday|spring|"
    r"summer|autumn|winter)|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|January|February|March|April|June|"
    rf"July|August|September|October|November|December|(?:19|20)\d\d|{_AM_PM})\b")


# "told reporters in November", "said in 2021", "back in March": a time the words are dated to (a month
# capitalised: "in may" is no date)
_RX_DATED = re.compile(
    rf"\b(?:in|since|last|back in|earlier this)\s+({'|'.join(m.capitalize() for m in MONTHS)}|(?:19|20)\d\d)\b")
_RX_BEFORE = re.compile(r"\b(?:last (?:year|month)|(?:years|months) ago|at the time|previously|earlier this year)\b",
                        re.IGNORECASE)


# a year a sentence names ("in 2005"), not a sum, a figure or a season's span ("$2017", "2,017", "2016-17")
_RX_A_YEAR = re.compile(r"(?<![\w$.,-])((?:19|20)\d\d)(?![\w%-])")


def dated_before(sentence: str, published: datetime) -> bool:
    """Whether a sentence says it reports something from before its article's day: an earlier year, one of the
    eight months before ("in November" in a February report; the months just ahead are plans), "at the time",
    "last year"."""
    if _RX_BEFORE.search(sentence):
        return True
    for m in _RX_DATED.finditer(sentence):
        when = m.group(1)
        if when.isdigit():
            if int(when) < published.year:
                return True
        elif 1 <= (published.month - 1 - MONTHS.index(when.lower())) % 12 <= 8:
            return True
    return False


# a figure's digits from where it starts ("1,050", "7.1", not the full stop after it); what makes them no answer's:
# a model's letter and hyphen before them ("F-150"), an ordinal's ending after them, a year
_RX_FIGURE = re.compile(r"\d[\d,.]*(?<![.,])")
_RX_MODEL = re.compile(r"[A-Za-z]-$")
_RX_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b")
_RX_YEAR = re.compile(r"(?:19|20)\d\d")


def _new_figure(sentence: str, question_words: frozenset[str]) -> bool:
    """Whether the sentence holds a figure the question does not name: not the question's own ("Delta Flight
    191"), a year, an ordinal ("its 30th anniversary") or a model's number ("F-150")."""
    for m in _NUMBER.finditer(sentence):
        start, token = m.start(), m.group(0)
        if not token.isdigit():  # a count written out
            if token.lower() not in question_words:
                return True
            continue
        if start and (sentence[start - 1].isalnum() or sentence[start - 1] in ".,"):
            continue  # inside a figure already read, or a word ("U2")
        figure = _RX_FIGURE.match(sentence, start)
        assert figure is not None  # a digit starts it
        digits = figure.group(0)
        if (_RX_MODEL.search(sentence, 0, start) or _RX_ORDINAL.match(sentence, figure.end())
                or _RX_YEAR.fullmatch(digits) or digits in question_words):
            continue
        return True
    return False


# what gives a reason or a cause: asked why, the sentence that answers says "because", "due to", "blamed"
_RX_CAUSE = re.compile(
    r"\b(?:because|due\s+to|caus(?:ed|ing|es)|cause\s+of|stem(?:s|med)?\s+from|blam(?:ed|es|ing)|trigger(?:ed|ing)|"
    r"led\s+to|leading\s+to|result(?:ed)?\s+(?:of|from|in)|as\s+a\s+result|owing\s+to|amid|reasons?|so\s+that|"
    r"in\s+order\s+to)\b", re.I)


def answer_shape(sentence: str, wants: Wants, question_words: frozenset[str], unit: re.Pattern[str] | None = None,
                 other_figure: float = 1.0) -> float:
    """0..1: how much the sentence looks like it holds the asked-for thing that the question does not name; asked
    for a kind of figure (unit), a figure of another kind counts other_figure."""
    if wants == "number":
        if unit is not None and unit.search(sentence):
            return 1.0
        return (1.0 if unit is None else other_figure) if _new_figure(sentence, question_words) else 0.0
    if wants == "time":
        return 1.0 if any(m.group(0).lower() not in question_words for m in _TIME.finditer(sentence)) else 0.0
    if wants == "clock":
        return 1.0 if _CLOCK.search(sentence) else 0.0
    novel = {w for w in _NAME.findall(sentence) if w.lower() not in question_words}
    return min(len(novel), 2) / 2


def _share_held(wanted: frozenset[str], held: set[str]) -> float:
    """The share of the wanted tokens among those held (1 when none is wanted), a token also held by a longer one
    that begins with it ("burn": "burnout", "shut": "shutdown")."""
    if not wanted:
        return 1.0
    found = sum(t in held or (len(t) >= 4 and any(h.startswith(t) for h in held)) for t in wanted)
    return found / len(wanted)


# a body's own words given by its kind: "the company said", "the aircraft company says:", "the nonprofit added"
_RX_BODY_TAG = re.compile(
    r"\b(?:[Tt]he|[Aa]n?)(?:[ \t]+[\w-]+)?[ \t]+(?:(?:company|airline|carrier|automaker|carmaker|retailer|chain|bank|"
    r"firm|broadcaster|manufacturer|insurer|utility|startup|studio|brand|lender|grocer|railroad|nonprofit|charity|"
    r"group|organi[sz]ation|union|association|coalition|agency)(?:[ \t]+spokes(?:person|man|woman))?|"
    r"spokes(?:person|man|woman))[ \t]+(?:said|says|wrote|"
    r"writes|added|adds|stated|states|noted|notes|confirmed|confirms|explained|acknowledged|told|tells)\b")


def _lede(article: Article, chars: int) -> str:
    """A story's title and its first chars characters: where it names what it is about."""
    return f"{article.title}\n{article.text[:chars]}"


def _by_name(name: str, asked: str, article: str) -> bool:
    """Whether a speaker's name is who is asked: as written, by the surname of the one the article names in full, or
    as the relative asked for ("his wife Louise")."""
    if another_generation(name, asked, article):  # "trump" is not "Donald Trump Jr." where his father is named
        return False
    return names_match(name, asked) or surname_of_the_named(name, asked, article) or relative_named(name, asked, article)


def _speaking_as(sentence: str, asked: str, article: str) -> Speaking | None:
    """The asked person as one of the speakers a sentence names, when the index gave it to another."""
    return next(((name, title) for name, title in named_speakers(sentence) if _by_name(name, asked, article)), None)


def _rarity_in_articles(places: Sequence[tuple[int, Candidate, StoredChunk, int]], tokens: Sequence[Sequence[str]],
                        wanted: frozenset[str]) -> dict[str, dict[str, float]]:
    """Per article, each wanted word's weight in a sentence's word cover: how few of the article's candidate
    sentences hold it ("delaware" tells its sentence of a story on every state's minimum wage apart; "wage" does not),
    a word the article lacks weighing most."""
    held_in: dict[str, list[set[str]]] = {}
    for (_, cand, _, _), toks in zip(places, tokens, strict=True):
        held_in.setdefault(cand.article_id, []).append(set(toks))
    return {a: {t: math.log((len(held) + 1) / (sum(t in h for h in held) + 0.5)) for t in wanted}
            for a, held in held_in.items()}


def _beside_held(text: str, typed: dict[str, str], unheld: set[str], held: Set[str]) -> set[str]:
    """The unheld question words (tokens) an article writes, as typed, right beside a held one: one name or phrase
    with it ("Barry Jenkins" named once in a subheading, only "Jenkins" in the passages found); typed, each
    word the user typed with its token."""
    lower = text.lower()
    near = [re.escape(w.lower()) for w, t in typed.items() if t in held]
    if not near:
        return set()
    held_rx = "|".join(near)
    found = set()
    for w, t in typed.items():
        if t in unheld and t not in found:
            word = re.escape(w.lower())
            if re.search(rf"\b{word}\W{{1,3}}(?:{held_rx})\b|\b(?:{held_rx})\W{{1,3}}{word}\b", lower):
                found.add(t)
    return found


def score_sentences(
    corpus: Corpus,
    question: Question,
    qvec: np.ndarray,
    candidates: Sequence[Candidate],
    *,
    policy: QuotePolicy,
    half_life_days: float,
    topic_vec: np.ndarray | None = None,
    embed: Callable[[str], np.ndarray] | None = None,
) -> Evidence:
    """Every sentence of the candidate chunks, scored (see QuotePolicy for the weights); topic_vec, the vector of
    the question's topic_text, when it asks about someone; embed, to read what a question about no one asks of its
    story (Question.point_text)."""
    articles = corpus.articles([c.article_id for c in candidates])
    chunks = corpus.chunks([c.chunk_id for c in candidates])
    name_tokens = question.name_tokens
    topic_tokens = question.topic_tokens
    wanted = len(topic_tokens) + len(name_tokens)
    texts: list[str] = []
    places: list[tuple[int, Candidate, StoredChunk, int]] = []
    for rank, cand in enumerate(candidates):
        ch = chunks.get(cand.chunk_id)
        art = articles.get(cand.article_id)
        if ch is None or art is None:
            continue
        for i, (s, e) in enumerate(ch.sentences):
            text = art.article.text[s:e]
            if is_clutter(text):  # furniture is never an answer
                continue
            texts.append(text)
            places.append((rank, cand, ch, i))
    best_cover = 0.0
    speaker_found = False
    scored: dict[tuple[str, int, int], ScoredSentence] = {}
    tokens = tokenize(texts) if texts else []
    rarity = (_rarity_in_articles(places, tokens, topic_tokens | name_tokens)
              if policy.cover_by_rarity and wanted else {})
    ids = list(dict.fromkeys(cand.article_id for _, cand, _, _ in places))
    # a story's title and lede name what it is about, which a passage of someone's words further on may not repeat
    heads = tokenize([_lede(articles[a].article, policy.lead_chars) for a in ids]) if ids else []
    in_article: dict[str, set[str]] = {a: set(t) for a, t in zip(ids, heads, strict=True)}
    for (_, cand, _, _), toks in zip(places, tokens, strict=True):
        in_article[cand.article_id].update(toks)
    asked_topic = question.asked_topic_tokens
    topic_of = {a: _share_held(asked_topic, held) for a, held in in_article.items()}
    for a, share in topic_of.items():
        unheld = {t for t in asked_topic if t not in in_article[a]} if share < 1.0 else set()
        also: set[str] = set()
        if any(2 <= len(t) <= 5 and t.isalpha() for t in unheld):  # "nyc" held by "New York City"
            where = [articles[a].article.title] + [t for (_, c, _, _), t in zip(places, texts, strict=True)
                                                  if c.article_id == a]
            also = {t for t in unheld if 2 <= len(t) <= 5 and any(initials_in(t, w) for w in where)}
        if question.speaker and (rest := unheld - also):  # only what someone is asked about needs it
            also |= _beside_held(articles[a].article.text, question.key_words, rest,
                                 (topic_tokens | name_tokens) & in_article[a])
        if also:
            topic_of[a] = _share_held(asked_topic, in_article[a] | also)
    focus, focus_weight = topic_vec, policy.topic_similarity
    if focus is None and embed is not None and policy.point_similarity:
        point = question.point_text([articles[a].article.title for a in ids[: policy.point_titles]])
        if point:
            focus, focus_weight = embed(point), policy.point_similarity
    # an article's best chunk score and rank: the asked person's statements in it compete on what they say, not on
    # which of its chunks matched the question best (the one naming them and the occasion, often not the answer)
    article_best: dict[str, tuple[float, int]] = {}
    for rank, cand in enumerate(candidates):
        best, first = article_best.get(cand.article_id, (cand.score, rank))
        article_best[cand.article_id] = (max(best, cand.score), first)
    asked = question.speaker
    tz = question.as_of.tzinfo
    someone_of = asks_someone_of(asked or "")
    asked_last = fold(asked.split()[-1]) if asked else ""
    # one described anywhere as the asked person's or body's ("Kelly's attorney") over one described by the role alone,
    # whom the story may name for another side ("attorney Gloria Allred, who represented three victims")
    named_for = {sp[0] for (_, cand, ch, i) in places for sp in ch.speakers[i : i + 1]
                 if sp and asked and names_whose(sp[1], asked)
                 and speaks_for_the_named(sp[0], sp[1], asked, articles[cand.article_id].article.text)}
    # a role asked that some speaker holds in full ("vice foreign minister"): one holding part of it is another
    holds_fully = {sp for _, _, ch, i in places for sp in ch.speakers[i : i + 1]
                   if sp and asked and role_fully(sp[0], sp[1], asked)}
    for (rank, cand, ch, i), text, toks in zip(places, texts, tokens, strict=True):
        s, e = ch.sentences[i]
        sem = float(ch.sent_vecs[i] @ qvec) if ch.sent_vecs is not None and i < len(ch.sent_vecs) else cand.dense
        on_topic = 0.0
        if focus is not None and ch.sent_vecs is not None and i < len(ch.sent_vecs):
            focused = float(ch.sent_vecs[i] @ focus)
            sem = (1 - focus_weight) * sem + focus_weight * focused
            on_topic = focused if topic_vec is not None else 0.0
        sp = ch.speakers[i] if i < len(ch.speakers) else None
        article_text = articles[cand.article_id].article.text
        in_role = bool(asked and sp and (role_matches(sp[0], sp[1], asked) or surname_at_body(sp[0], sp[1], asked)
                                         or (speaks_for_the_named(sp[0], sp[1], asked, article_text)
                                             and (not named_for or sp[0] in named_for)))
                       and (not holds_fully or sp in holds_fully))
        spoken_by = in_role or bool(asked and sp and (
            _by_name(sp[0], asked, article_text) or short_for_the_named(sp[0], asked, article_text)))
        if asked and not spoken_by and asked_last in fold(text):
            # the index holds one speaker a sentence; the asked one may be its second ("..., while Modi said ...")
            second = _speaking_as(text, asked, article_text)
            if second is not None:
                sp, spoken_by = second, True
        mentioned = spoken_by or bool(name_tokens and name_tokens <= set(toks))
        speaker_found = speaker_found or mentioned
        hits = len(topic_tokens & set(toks)) + (len(name_tokens) if mentioned else 0)
        cover = hits / wanted if wanted else 0.0
        score_cover = cover
        if weight := rarity.get(cand.article_id):
            held = sum(weight[t] for t in topic_tokens & set(toks)) + (
                sum(weight[t] for t in name_tokens) if mentioned else 0.0)
            score_cover = held / sum(weight.values())
        best_cover = max(best_cover, cover)
        chunk_score, chunk_rank = article_best[cand.article_id] if spoken_by else (cand.score, rank)
        score = policy.semantic_weight * sem + policy.lexical_weight * score_cover + policy.chunk_weight * chunk_score
        score += policy.rank_weight / (1 + chunk_rank)
        if policy.time_weight:
            score += policy.time_weight * time_prior(cand.ts, question.prefer, half_life_days)
        shape = (answer_shape(text, question.wants, question.words, question.unit, policy.other_figure)
                 if question.wants is not None else 1.0)
        if question.wants is not None:
            score += (policy.answer_bonus if question.wants == "name" else policy.figure_bonus) * shape
        if question.asks_why and policy.reason_bonus and _RX_CAUSE.search(text):
            score += policy.reason_bonus
        if s < policy.lead_chars and not question.asks_words and (shape or question.wants == "name"):
            # a lede reports its event, but one without a figure or a time does not say how many or when
            score += policy.window_lead_bonus if question.window is not None else policy.lead_bonus
        if question.event_days:
            published = articles[cand.article_id].effective.astimezone(tz).date()
            if days_named(text, published) & question.event_days:
                score += policy.day_bonus
        if question.years and (named := set(_RX_A_YEAR.findall(text))) and named.isdisjoint(question.years):
            # asked about 2017, a sentence on 2005 ("paid $38 million in taxes in 2005") is about another year
            score -= policy.other_year_penalty
        words = holds_words(text) if question.speaker else True  # only who is asked about needs it
        if spoken_by:
            # asked for "alaska airlines ceo", the airline's own words rank below its CEO's
            score += policy.speaker_bonus / 2 if someone_of and not in_role else policy.speaker_bonus
            score += policy.direct_bonus * min(1.0, quoted_share(text) / policy.direct_share)
            if s < policy.lead_chars:  # what a story's lede says they said is the statement it reports
                score += policy.lead_bonus
            if question.window is None and dated_before(text, articles[cand.article_id].effective):
                # asked what they say, their words from an earlier time are background to what they say now
                score -= policy.background_penalty
        elif mentioned:
            score += policy.mention_bonus
        topic = topic_of[cand.article_id]
        key = (cand.article_id, s, e)
        if key not in scored or scored[key].score < score:
            scored[key] = ScoredSentence(score, cand.article_id, s, e, sp, i, ch, mentioned, spoken_by, topic_cover=topic,
                                         topic_similarity=on_topic, words=words)
    texts_of = [a.article.text for a in articles.values()]
    a_person = question.speaker is not None and names_a_person(question.speaker, texts_of)
    if question.speaker and (not a_person or (
            question.weak_speaker and not any(sc.spoken_by and sc.words for sc in scored.values()))):
        # a body ("the pentagon", "desantis's campaign") speaks through the people the articles describe as its own
        # ("Pentagon press secretary", "DeSantis' campaign communications director"), also where it speaks itself
        # on something else; failing that, a role asked at a place the article names otherwise ("the kc mayor":
        # "Kansas City Mayor"), or someone asked loosely ("X on Y") whom no sentence has speak.
        # Never for a person ("what did Biden say", named in full somewhere: "Joe Biden"): an official of his
        # administration does not speak his words.
        # a role as users shorten it counts as the words it stands for ("the nassau county da": "District Attorney")
        role = role_words(question.speaker.split()[-1].lower())
        asked = question.speaker
        place = _place_written(asked, role, texts_of)
        # a body at a place by its name and office ("the nws in shreveport": "National Weather Service office in
        # Shreveport") or whoever the article describes as its own ("Pentagon press secretary")
        for test in (lambda sc: described_as(f"{sc.speaker[0]} {sc.speaker[1]}", asked),
                     # "the society's chief medical officer", in an article naming the society asked for
                     lambda sc: described_by_its_noun(sc.speaker[1], asked, articles[sc.article_id].article.text),
                     # "spokesperson" alone, in a story about the body asked for
                     lambda sc: voice_of_the_story(sc.speaker[1], asked, _lede(articles[sc.article_id].article,
                                                                               policy.lead_chars)),
                     lambda sc: is_role(role[-1]) and all(w in sc.speaker[1].lower().split() for w in role)
                     and all(_written(w, articles[sc.article_id].article.text) for w in place)):
            found = [sc for sc in scored.values() if sc.speaker and not sc.spoken_by and test(sc)]
            for sc in found:
                sc.score += policy.speaker_bonus - (policy.mention_bonus if sc.about_speaker else 0.0)
                sc.spoken_by = sc.about_speaker = speaker_found = True
            if found:
                break
        if not a_person:
            # '..., the company said': the words of the body the story is about, named in its title or lede
            for sc in scored.values():
                report = articles[sc.article_id].article
                if sc.speaker or sc.spoken_by or not _RX_BODY_TAG.search(report.text, sc.start, sc.end):
                    continue
                # named in the story's lede, or in the sentences just before ("nonprofits ... such as the Kino Border
                # Initiative. ... ,” the nonprofit said")
                name = (written_as(asked, _lede(report, policy.lead_chars))
                        or written_as(asked, report.text[max(0, sc.start - policy.lead_chars) : sc.start]))
                if name:
                    sc.score += policy.speaker_bonus - (policy.mention_bonus if sc.about_speaker else 0.0)
                    sc.speaker, sc.spoken_by, sc.about_speaker, speaker_found = (name, ""), True, True, True
    if question.weak_speaker and policy.voice_bonus and not any(sc.spoken_by for sc in scored.values()):
        story = max(scored.values(), key=lambda sc: sc.score).article_id if scored else ""
        for sc in scored.values():  # in the story that answers best: the voice in it, not another story's
            if sc.speaker and sc.words and sc.article_id == story:
                sc.score += policy.voice_bonus
    return Evidence(articles, scored, best_cover, speaker_found, asked_person=a_person, adjacent=corpus.adjacent_chunk)


def _place_written(asked: str, role: list[str], texts: list[str]) -> list[str]:
    """The words of the place or body a role is asked at ("fiji" in "fiji's defense minister") that a story found
    writes: a story lacking one is not where the role is asked at (Israel's Prime Minister is not Fiji's); a place no
    story writes as typed ("the uconn entomologist") rules nothing out."""
    rest = [w for w in asked.lower().split() if w not in role and w not in stopwords()]
    return [w for w in rest if any(_written(w, t) for t in texts)]


def _written(word: str, text: str) -> bool:
    """Whether a text holds a word, or a word it begins ("fiji": "Fiji's"), in any case."""
    return re.search(rf"(?<!\w){re.escape(word)}", text, re.I) is not None


def read(evidence: Evidence, question: Question, reader: Reader, policy: QuotePolicy) -> None:
    """Let the reader judge the best-scoring sentences: each one's score becomes the reader's probability that it
    answers, plus a small share of its score so far; the sentences it did not read rank below those it did."""
    top = evidence.ranked()[: policy.reader_candidates]
    cands = []
    for sc in top:
        text = evidence.articles[sc.article_id].article
        i = sc.index_in_chunk
        before = text.text[sc.chunk.sentences[i - 1][0] : sc.chunk.sentences[i - 1][1]] if i else ""
        cands.append(ReaderCandidate(text.text[sc.start : sc.end], speaker_display(sc.speaker), text.title, before))
    probs = reader.score(question.text, cands)
    read_keys = set()
    for sc, p in zip(top, probs, strict=True):
        sc.reader = float(p)
        sc.score = float(p) + policy.reader_share * sc.score
        read_keys.add(id(sc))
    for sc in evidence.sentences.values():
        if id(sc) not in read_keys:
            sc.score = policy.reader_share * sc.score - 1.0
