"""From a question to an answer: retrieve, score sentences, pick quotes, or abstain (evidence not about it, its
key terms missing, the asked person not quoted on it, only far older reports, or nothing in its time window)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, time
from typing import Any

import numpy as np

from index.answering.policy import QuotePolicy
from index.answering.question import Question
from index.answering.quotes import Picked, headline, pick_quotes
from index.answering.reader import Reader
from index.answering.search import Candidate, Fusion, retrieve
from index.answering.sentences import Evidence, ScoredSentence, answer_shape, read, score_sentences
from index.models import Answer, Headline, Quote
from index.store.corpus import Corpus
from index.store.documents import StoredArticle, StoredChunk
from index.text.chunking import chunk_article_id
from index.text.names import (
    body_initials_in,
    described_as,
    initials_in,
    is_role,
    names_a_body,
    state_in,
    states_named,
    strip_possessive,
)
from index.text.quotation import quoted_share
from index.text.roundups import story_at
from index.text.timeexpr import MONTH_WORDS, looking_ahead
from index.text.tokens import fold, is_common_word, stopwords, tokenize


def answer_question(
    corpus: Corpus,
    question: Question,
    qvec: np.ndarray,
    *,
    fusion: Fusion,
    policy: QuotePolicy,
    reader: Reader | None = None,
    topic_vec: np.ndarray | None = None,
    embed: Callable[[str], np.ndarray] | None = None,
) -> tuple[Answer, list[Candidate]]:
    """The answer, and the ranked chunks it was drawn from (for evaluation); topic_vec, the vector of the question's
    topic_text when it asks about someone; embed, the query encoder (to read what a question asks of its story).
    When the newest news held is over stale_days older than the question, the answer says how old it is."""
    newest = corpus.newest_time_before(question.end)
    answer, cands = _answered(corpus, question, qvec, newest, fusion, policy, reader, topic_vec, embed)
    answer = _overtaken(corpus, question, answer, policy)
    if newest is not None and question.end - newest > policy.stale_days * 86400:
        answer = replace(answer, news_until=datetime.fromtimestamp(newest, UTC))
    return answer, cands


def _answered(
    corpus: Corpus,
    question: Question,
    qvec: np.ndarray,
    newest: float | None,
    fusion: Fusion,
    policy: QuotePolicy,
    reader: Reader | None,
    topic_vec: np.ndarray | None,
    embed: Callable[[str], np.ndarray] | None,
) -> tuple[Answer, list[Candidate]]:
    answer, cands = _answer_from(corpus, question, qvec, question.start, fusion, policy, reader, topic_vec, embed)
    if question.window is None or question.filter_only:
        return _current(corpus, question, answer, newest, policy, cands[0].article_id if cands else None), cands
    # the question's time holds nothing that answers it, or only weak matches and something reported before it is
    # far closer: what was reported up to policy.earlier_days before it too (0: nothing), its own days still
    # preferred, said to be so when a quote comes from before it
    best = max((x.dense for x in cands), default=0.0)
    weak = best < policy.window_weak

    def far_closer(cosine: float) -> bool:  # a match before the window, against the window's weak best
        return weak and cosine - best > policy.window_margin

    nearest = corpus.search_dense(qvec, 1, end=question.end) if weak else []  # (unbounded, as the test has been)
    if answer.abstained or (nearest and far_closer(nearest[0].cosine)):
        # not what is years old: a question about yesterday is not answered by an outage of 2015 (one asked at length
        # may be, said so)
        since = (None if policy.earlier_days is None or _at_length_older(question, policy)
                 else question.window.start.timestamp() - policy.earlier_days * 86400)
        # (kept to the window's own days, the wider search would be the one just made)
        wider, wider_cands = (answer, cands) if since == question.start else _answer_from(
            corpus, question, qvec, since, fusion, policy, reader, topic_vec, embed)
        closer = answer.abstained or far_closer(max((x.dense for x in wider_cands), default=0.0))
        earlier = any(q.published is None or q.published < question.window.start for q in wider.quotes)
        if closer and not wider.abstained and earlier:
            return replace(wider, outside_window=True), wider_cands
        if answer.abstained:  # nothing in the window answers: name the closest reports of any time instead
            before, before_cands = (wider, wider_cands) if since is None else _answer_from(
                corpus, question, qvec, None, fusion, policy, reader, topic_vec, embed)
            return replace(answer, closest=before.closest), before_cands  # the ranking its headlines come from
    return answer, cands


def _current(corpus: Corpus, question: Question, answer: Answer, newest: float | None, policy: QuotePolicy,
             top: str | None = None) -> Answer:
    """The answer, or an abstention when its first quote is far older than newest, the newest news the question could
    see (the latest news, not the clock: an index that stopped a while ago still answers about its own latest days,
    but not a question asked over current_days after it: "did the senate end up passing ...", five months on),
    unless the story ranked first (top) is recent and names all of it: then its quotes come first."""
    if answer.abstained or not answer.quotes or policy.current_days is None or question.window is not None:
        return answer
    if newest is not None and question.end - newest > policy.current_days * 86400:
        newest = question.end
    if not question.as_typed(policy.typed_words) and not question.asks_what_happened:
        # described at length and asking how things are, not what took place ("What is the name of the NFL team
        # that Jason Kelce's brother Travis plays for?"): no later event of the same kind answers it instead
        return answer
    first = answer.quotes[0].published
    if first is None or newest is None or newest - first.timestamp() <= policy.current_days * 86400:
        return answer
    recent = [q for q in answer.quotes if q.article_id == top and q.published is not None
              and newest - q.published.timestamp() <= policy.current_days * 86400]
    if recent and _holds_key_terms(corpus, question, key_terms(corpus, question, policy), recent[0].article_id):
        # the story ranked first is recent and on all of it: its quotes go first, the older reports after, dated
        return replace(answer, quotes=tuple(recent) + tuple(q for q in answer.quotes if q not in recent))
    # the quotes were about it, only too old: the newest of them dates the latest coverage when no name does
    newest_quote = max(answer.quotes, key=lambda q: q.published.timestamp() if q.published else 0.0)
    on_it = {"coverage": Headline(newest_quote.article_id, newest_quote.title, newest_quote.source,
                                  newest_quote.published, newest_quote.url)}
    return Answer(question.text, question.as_of, question.window, True, closest=answer.closest, older_only=True,
                  **(_coverage(corpus, question, policy) or on_it))


def _at_length_older(question: Question, policy: QuotePolicy) -> bool:
    """Whether reports of any time before the question's window may answer it, said to be from before it: asked at
    length about days or weeks, not a year ("... memorial day weekend this year": an earlier year's is another); a
    long question typed as chat asks about those days, not an event it describes."""
    return (policy.at_length_older_days is not None and question.window_within(policy.at_length_older_days)
            and not question.chatted(policy.typed_words))


def _holds_key_terms(corpus: Corpus, question: Question, key: set[str], article_id: str) -> bool:
    """Whether one article holds every key term of the question (key, as key_terms gives them), in its title or
    text."""
    stored = corpus.articles([article_id]).get(article_id)
    if stored is None:
        return False
    raw = [f"{stored.article.title}\n{stored.article.text}"]
    folded = [fold(raw[0])]
    return all(_written_in(w, stem, raw, folded) for w, stem in question.key_words.items() if stem in key)


def _overtaken(corpus: Corpus, question: Question, answer: Answer, policy: QuotePolicy) -> Answer:
    """The answer, or an abstention when asked what happened and the story quoted first only looked ahead to it: a
    sentence of it on the question's words expects it on a day before the question and after every quote ("the
    primary is on Feb. 24", asked on the 25th who won): nothing it found on it is from that day on."""
    if answer.abstained or not answer.quotes or not question.asks_past or policy.anticipation_overlap is None:
        return answer
    first = answer.quotes[0]
    dates = [q.published.date() for q in answer.quotes if q.published is not None]
    if first.published is None or len(dates) < len(answer.quotes):
        return answer
    asked, newest = question.as_of.date(), max(dates)
    if (asked - newest).days < 2:  # nothing it looks ahead to lies between
        return answer
    stored = corpus.articles([first.article_id]).get(first.article_id)
    if stored is None:
        return answer
    text, wanted = stored.article.text, question.topic_tokens | question.name_tokens
    for days, sentence, before in looking_ahead(text, first.published.date()):
        # on the question itself, and with the sentence before it on enough of it: "Trump is bracing for a judge's
        # decision in a fraud lawsuit. Trump said he expects that decision on Friday."
        if not (passed := [d for d in days if newest < d < asked]):
            continue
        own, near = (wanted & set(toks) for toks in tokenize([sentence, before]))
        if own and len(own | near) >= policy.anticipation_overlap:
            return Answer(question.text, question.as_of, question.window, True, closest=answer.closest,
                          coverage=headline(stored), expected_on=datetime.combine(min(passed), time(), UTC))
    return answer


def _answer_from(
    corpus: Corpus,
    question: Question,
    qvec: np.ndarray,
    start: float | None,
    fusion: Fusion,
    policy: QuotePolicy,
    reader: Reader | None,
    topic_vec: np.ndarray | None = None,
    embed: Callable[[str], np.ndarray] | None = None,
) -> tuple[Answer, list[Candidate]]:
    """The answer from articles published between start and as_of."""
    cands = retrieve(
        corpus, question.query, qvec, k=policy.retrieve_k, start=start, end=question.end, prefer=question.prefer,
        fusion=fusion,
    )
    best_dense = max((x.dense for x in cands), default=0.0)
    composed = _with_described_speaker(corpus, question, _with_key_terms(corpus, question, cands, policy, start),
                                       policy)
    return compose(corpus, question, qvec, composed, best_dense=best_dense, policy=policy,
                   half_life_days=fusion.recency_half_life_days, reader=reader, topic_vec=topic_vec, embed=embed), cands


def _with_key_terms(corpus: Corpus, question: Question, cands: Sequence[Candidate],
                    policy: QuotePolicy, start: float | None) -> list[Candidate]:
    """The best compose_k chunks, and after them up to key_term_reach further ones, of the rest or found by BM25 on
    those words alone, that hold a key term of the question none of the best holds: "aboulafia on ..." answered
    from ten chunks on the story that never name him would be refused for lacking him."""
    picked = list(cands[: policy.compose_k])
    if not policy.key_term_reach or not picked:
        return picked
    key = key_terms(corpus, question, policy)
    lacking = key - set().union(*corpus.terms_held([c.chunk_id for c in picked], key)) if key else set()
    if not lacking:
        return picked
    words = {stem: w for w, stem in question.key_words.items()}
    found = corpus.search_bm25(" ".join(words.get(k, k) for k in lacking), policy.key_term_reach * 2, start=start,
                               end=question.end)
    seen = {c.chunk_id for c in cands}
    floor = picked[-1].score  # ranked as the last of the best: BM25 found them on those words alone
    rest = list(cands[policy.compose_k :]) + [Candidate(h.chunk_id, chunk_article_id(h.chunk_id), floor, 0.0, 0.0, h.ts)
                                              for h in found if h.chunk_id not in seen]
    held = corpus.terms_held([c.chunk_id for c in rest], lacking)
    return picked + [c for c, h in zip(rest, held, strict=True) if h][: policy.key_term_reach]


def _with_described_speaker(corpus: Corpus, question: Question, picked: list[Candidate],
                            policy: QuotePolicy) -> list[Candidate]:
    """The chunks, and after them up to speaker_reach further chunks of the best article where someone it describes
    as the asked role or body speaks, when none of those chunks has them speak: asked "what did the trooper association
    president say about ...", the president's words sit paragraphs away from what echoes the question."""
    if not policy.speaker_reach or not picked or not question.described_speaker or question.speaker is None:
        # (a named person: the search finds their name; reaching for their chunks too answered traps)
        return picked
    asked = question.speaker
    chunks = corpus.chunks([c.chunk_id for c in picked])

    def theirs(chunk: StoredChunk) -> bool:
        return any(sp is not None and described_as(f"{sp[0]} {sp[1]}", asked) for sp in chunk.speakers)

    if any(theirs(c) for c in chunks.values()):
        return picked
    top = picked[0]
    first = chunks.get(top.chunk_id)
    if first is None:
        return picked
    found: list[Candidate] = []
    for step in (-1, 1):  # the whole article, outwards from its best chunk
        chunk = corpus.adjacent_chunk(first, step)
        while chunk is not None and len(found) < policy.speaker_reach:
            if chunk.id not in chunks and theirs(chunk):
                found.append(Candidate(chunk.id, top.article_id, picked[-1].score, 0.0, 0.0, top.ts))
            chunk = corpus.adjacent_chunk(chunk, step)
    return picked + found


def compose(
    corpus: Corpus,
    question: Question,
    qvec: np.ndarray,
    candidates: Sequence[Candidate],
    *,
    best_dense: float,
    policy: QuotePolicy,
    half_life_days: float,
    reader: Reader | None = None,
    topic_vec: np.ndarray | None = None,
    embed: Callable[[str], np.ndarray] | None = None,
) -> Answer:
    """Quotes from the candidates, or an abstention; best_dense is the best cosine of the whole retrieval."""
    evidence = score_sentences(corpus, question, qvec, candidates, policy=policy, half_life_days=half_life_days,
                               topic_vec=topic_vec, embed=embed)
    closest = _closest(candidates, evidence.articles)

    def abstain(missing: tuple[str, ...] | None = None) -> Answer:
        if missing is None:
            missing = missing_terms(corpus, question, evidence, policy)
        return Answer(question.text, question.as_of, question.window, True, closest=closest, missing=missing,
                      **_coverage(corpus, question, policy, missing))

    if not evidence.sentences or not _relevant(evidence, question, best_dense, policy):
        return abstain()
    spoken = any(sc.spoken_by for sc in evidence.sentences.values())
    # what someone announced is news the story tells in its own words ("..., the companies announced Monday"), not only
    # quoted: its account answers it as a fact, their quotes ranking no higher than it
    about_speaker = not question.asks_announcement and (question.asks_statement or (question.weak_speaker and spoken))
    # "danica roem reaction to winning": a person the news names but never quotes here is not quoted on it (asked in
    # one sentence: a quiz's stem, "President Biden on Wednesday announced ... . How much ...?", is no "X on Y")
    speaker = question.speaker or ""
    not_quoted = (speaker if question.weak_speaker and not spoken and question.one_sentence
                  and (evidence.asked_person or (len(speaker.split()) >= 2 and not names_a_body(speaker)))
                  and _named_in_full(speaker, evidence) and not _may_speak(evidence) else None)
    if reader is not None:
        read(evidence, question, reader, policy)
        best = max((sc.reader or 0.0 for sc in evidence.sentences.values()), default=0.0)
        if best < policy.min_answer:
            return abstain()
        missing = missing_terms(corpus, question, evidence, policy)
        if missing and best < policy.sure_answer:
            return abstain(missing)
        quoted_on_it = not about_speaker or any(sc.spoken_by and (sc.reader or 0.0) >= policy.min_speaker_answer
                                                for sc in evidence.sentences.values())
    else:  # the same two tests on the lexical evidence alone
        missing = missing_terms(corpus, question, evidence, policy)
        if missing:
            return abstain(missing)
        quoted_on_it = not about_speaker or _quoted_on_it(evidence, question, policy)
    if not quoted_on_it:  # they are not quoted on it: what the news says on what they were asked about
        about_speaker, not_quoted = False, question.speaker
        evidence = _by_topic(evidence, policy)
    picked = pick_quotes(evidence, policy, about_speaker=about_speaker)
    if picked is None:
        return abstain()
    if not_quoted:  # no answer to what they said; what the news does say, as context
        return Answer(question.text, question.as_of, question.window, True, closest=closest,
                      speaker_not_quoted=_as_written(not_quoted, evidence), context=picked.shown)
    if about_speaker:
        picked = _in_their_own_words_first(picked, policy)
    else:
        if not _in_its_story(evidence, question, picked.shown[0], policy):
            return abstain()
        picked = _asked_kind_first(picked, question, policy)
    picked = _naming_it_first(corpus, question, policy, picked)
    if not about_speaker and not (_holds_its_words(corpus, evidence, question, picked.shown[0], policy)
                                  and _names_its_states(evidence, question, picked.shown[0], policy)):
        return abstain()
    return Answer(
        question.text, question.as_of, question.window, False, quotes=picked.shown,
        also_reported_by=picked.also_reported_by, closest=closest, more=picked.more,
    )


def _in_its_story(evidence: Evidence, question: Question, quote: Quote, policy: QuotePolicy) -> bool:
    """Whether a quote from a roundup comes from a story on the question: its story holds some of what is asked
    ("who won the chicago marathon" is not answered by the Baltimore story beside the one datelined "Chicago:")."""
    text = evidence.articles[quote.article_id].article.text
    span = story_at(text, quote.start)
    asked = question.event_tokens
    if span is None or not asked:
        return True
    held = set(tokenize([text[span[0] : span[1]]])[0])
    return len(asked & held) / len(asked) >= policy.story_cover


def _holds_its_words(corpus: Corpus, evidence: Evidence, question: Question, quote: Quote,
                     policy: QuotePolicy) -> bool:
    """Whether the first quote's story holds enough of the words a question typed as chat names its event by, the
    ones few chunks hold ("how many people got sick from the rose acre farms eggs": not a story on a flight)."""
    if policy.rarer_word_share is None or not question.chatted(policy.typed_words) or question.asks_which_kind:
        return True
    tokens = sorted(t for t in question.topic_tokens if not t.isdigit())
    freqs, chunks = corpus.doc_freqs(tokens)
    rarer = [t for t in tokens if 0 < freqs.get(t, 0) <= policy.rarer_word_share * chunks]
    if not rarer:
        return True
    article = evidence.articles[quote.article_id].article
    held = set(tokenize([f"{article.title}\n{article.text}"])[0])
    return sum(t in held for t in rarer) / len(rarer) > policy.rarer_words_held


def _names_its_states(evidence: Evidence, question: Question, quote: Quote, policy: QuotePolicy) -> bool:
    """Whether the first quote's article names every US state a question typed as chat names: a state the news
    names too often to be a key term still places the event ("when is bubbakoos opening in delaware": not the
    opening in New Jersey). Not for a question with its names capitalised, whose editor may leave the state to a
    short passage's context."""
    if not question.chatted(policy.typed_words) or question.names_capitalised:
        return True
    asked = states_named(question.query)
    if not asked:
        return True
    article = evidence.articles[quote.article_id].article
    return asked <= states_named(f"{article.title}\n{article.text}")


def _in_their_own_words_first(picked: Picked, policy: QuotePolicy) -> Picked:
    """Asked what someone said, the first quote of theirs (or of the body's own people) that is mostly their own
    words in quotation marks when the best-scoring one only tells of them ("The cuts are small, the governor noted."
    before "These are modest cuts," Carney said); not for what they announced, which the story tells in its own
    words."""
    share = policy.own_words_share
    if share is None or len(picked.shown) < 2 or quoted_share(picked.shown[0].text) > 0:
        return picked
    first = picked.shown[0]
    for i, quote in enumerate(picked.shown[1:], 1):
        if _speaks_for(quote.speaker, first.speaker) and quoted_share(quote.text) >= share:
            return _put_first(picked, i)
    return picked


def _speaks_for(speaker: str | None, first: str | None) -> bool:
    """Whether a quote's speaker is the first quote's, or one of the body it names bare ("According to Inrix, ...":
    "Graham Cookson, chief economist at Inrix")."""
    if speaker == first:
        return True
    if not speaker or not first or "," in first or "," not in speaker:
        return False
    return re.search(rf"(?<!\w){re.escape(first)}(?!\w)", speaker.split(",", 1)[1], re.I) is not None


def _put_first(picked: Picked, first: int) -> Picked:
    """The quotes with the one at index first moved to the front, the rest in their order."""
    return replace(picked, shown=(picked.shown[first], *picked.shown[:first], *picked.shown[first + 1 :]))


def _naming_it_first(corpus: Corpus, question: Question, policy: QuotePolicy, picked: Picked) -> Picked:
    """The first of the quotes shown whose story names every key term of the question, when the first one's does not:
    asked how long Ghislaine Maxwell got, R. Kelly's sentencing does not come before the story on her (which then
    dates the newest coverage of her, when it is old). Not for a question with its names capitalised, as an editor
    writes one story's facts in other words ("pulled out of Wimbledon": the day's story on Nadal never names it)."""
    if len(picked.shown) < 2 or question.names_capitalised:
        return picked
    key = key_terms(corpus, question, policy)
    if not key:
        return picked
    holds = [_holds_key_terms(corpus, question, key, q.article_id) for q in picked.shown]
    if holds[0] or not any(holds):
        return picked
    return _put_first(picked, holds.index(True))


def _asked_kind_first(picked: Picked, question: Question, policy: QuotePolicy) -> Picked:
    """Asked how many, how much or when: the first of the quotes shown whose passage holds a figure or a time of the
    kind asked, when the best-scoring one does not (its best sentence echoes the question; the figure is in another)."""
    if not policy.asked_kind_first or question.wants not in ("number", "time", "clock") or len(picked.shown) < 2:
        return picked
    holds = [answer_shape(q.text, question.wants, question.words, question.unit, policy.other_figure) >= 1.0
             for q in picked.shown]
    if holds[0] or not any(holds):
        return picked
    return _put_first(picked, holds.index(True))


def _quoted_on_it(evidence: Evidence, question: Question, policy: QuotePolicy) -> bool:
    """Whether the asked person's words are on the question's topic: they cover its words or its sense; asked a fact
    by its source, no sentence of the evidence is nearer to it than theirs ("The Bank of England has predicted that
    inflation will climb ...")."""
    theirs = [sc for sc in evidence.sentences.values() if sc.spoken_by]
    # asked by role or body, or by what the story only ever describes them as ("sinn fein": "Alex Maskey, a member of
    # Sinn Fein"), not by their name
    asked = set(fold(question.speaker or "").split())
    by_description = bool(theirs) and all(
        sc.speaker is not None and not asked <= set(fold(sc.speaker[0]).split()) for sc in theirs)
    described = question.described_speaker or by_description
    cover = policy.speaker_topic_cover_described if described else policy.speaker_topic_cover
    if not described and theirs and _on_another_point(evidence, theirs, policy):
        return False
    if any(sc.topic_cover >= cover or sc.topic_similarity >= policy.speaker_topic_similarity
           for sc in theirs):
        return True
    if not question.by_source:
        return False
    top = max(evidence.sentences.values(), key=lambda sc: (sc.topic_cover, sc.topic_similarity))
    return top.spoken_by and top.topic_cover > 0 and top.topic_similarity >= max(
        sc.topic_similarity for sc in evidence.sentences.values())


def _by_topic(evidence: Evidence, policy: QuotePolicy) -> Evidence:
    """The evidence ranked by closeness to what the person was asked about, their score a tie-break: the person is
    not quoted on it, so their own words (which the score favours) are no better than the story's on it."""
    if not any(sc.topic_similarity for sc in evidence.sentences.values()):
        return evidence
    share = policy.off_topic_score_share
    return replace(evidence, sentences={k: replace(sc, score=sc.topic_similarity + share * sc.score)
                                        for k, sc in evidence.sentences.items()})


def _on_another_point(evidence: Evidence, theirs: Sequence[ScoredSentence], policy: QuotePolicy) -> bool:
    """Whether a named person's words are on another point of a story that covers the one asked: none of theirs comes
    near the topic while the story's own sentences do ("what did bagwell say about tim raines making the hall": his
    words are on Bonds, the narration on Raines)."""
    if policy.speaker_off_topic is None:
        return False
    own = max(_in_its_paragraph(evidence, sc) for sc in theirs)
    others = max((sc.topic_similarity for sc in evidence.sentences.values() if not sc.spoken_by), default=0.0)
    return own < policy.speaker_off_topic and others - own >= policy.speaker_off_topic_margin


def _in_its_paragraph(evidence: Evidence, sc: ScoredSentence) -> float:
    """A sentence's closeness to the topic read with the sentence before it in its paragraph, which often names what
    the words that follow are on ("Commuters asked why the bridge tolls must rise. “Nobody wants to ...,” Haugen
    said.")."""
    prev = max((o for o in evidence.sentences.values() if o.article_id == sc.article_id and o.end <= sc.start),
               key=lambda o: o.end, default=None)
    if prev is None:
        return sc.topic_similarity
    gap = evidence.articles[sc.article_id].article.text[prev.end : sc.start]
    # right before it, in its paragraph: only spaces between (an earlier sentence's gap holds this one's too)
    return sc.topic_similarity if gap.strip() or "\n" in gap else max(sc.topic_similarity, prev.topic_similarity)


def _named_in_full(name: str, evidence: Evidence) -> bool:
    """Whether every word of an asked name is a name in the articles, written capitalised wherever they hold it
    ("danica roem", "mcvay"; not "the grid regulator", "oz campaign", nor a body's initials: "the NWS")."""
    texts = [a.article.text for a in evidence.articles.values()]
    for word in name.split():
        found = [m.group(0) for t in texts for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", t, re.I)]
        if not found or not all(w[:1].isupper() and not (len(w) > 1 and w.isupper()) for w in found):
            return False
    return True


def _may_speak(evidence: Evidence) -> bool:
    """Whether a sentence naming the asked person, and given to no other speaker, quotes or reports speech ("Rep.
    Ronny Jackson of Texas, who tweeted: “...”"), words attribution may have missed; another's words about them
    (“Michael Cohen submitted a lot,” Davis said) are not theirs."""
    return any(sc.about_speaker and sc.speaker is None
               and _RX_SPEECH.search(evidence.articles[sc.article_id].article.text[sc.start : sc.end])
               for sc in evidence.sentences.values())


# speech, or a finding or forecast given as theirs ("The American Red Cross found that ...")
_RX_SPEECH = re.compile(r"[“”\"]|\b(?:said|says|told|tells|tweeted|wrote|writes|added|posted|stated|found|finds|"
                        r"predicted|predicts|estimated|estimates|warned|warns|reported|reports|according to)\b")


def _as_written(name: str, evidence: Evidence) -> str:
    """A name typed in lower case ("travis kelce") as the evidence writes it ("Travis Kelce"), else as typed."""
    if name != name.lower():
        return name
    typed = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
    for stored in evidence.articles.values():
        for m in typed.finditer(stored.article.text):
            if m.group(0)[:1].isupper():
                return m.group(0)
    return name


_MONTH_WORDS = frozenset(tokenize([" ".join(MONTH_WORDS)])[0])


def key_terms(corpus: Corpus, question: Question, policy: QuotePolicy, *, at_least: int = 0) -> set[str]:
    """The tokens of the question's key terms: words at most key_term_share of the chunks (or at_least chunks) hold,
    which the news writes as names (names, events, places), and words it never holds that are no common word."""
    words = question.key_words
    stems = list(dict.fromkeys(words.values()))
    if not stems:
        return set()
    freqs, chunks = corpus.doc_freqs(stems)
    # rare in the news; a word it never holds counts only when it is no common English word (a name, a coinage),
    # since a common one is most likely the user's own phrasing
    common = {stem for w, stem in words.items() if is_common_word(w)}
    typed = question.as_typed(policy.typed_words)
    share = policy.key_term_share_asked if typed else policy.key_term_share
    rare = {s for s in stems if 0 < freqs.get(s, 0) <= max(share * chunks, at_least)}
    if (typed and question.window_within(policy.close_window_days) and not question.filter_only
            and not question.asks_which_kind):
        # asked about a day or a week, a name the news often holds is still one its story must name; not a number,
        # nor the words of a kind asked for ("which European island": Stromboli)
        rare |= {s for s in stems if 0 < freqs.get(s, 0) <= policy.key_term_share_window * chunks and not s.isdigit()}
    # a stem written as an editor writes ("Which pharmaceutical company ... FDA ...?") means no name by a word in lower
    # case, however often the news capitalises it ("Teva Pharmaceutical"); a short question typed with one name
    # capitalised ("Did Messi play vs paraguay") may leave the others in lower case
    edited = question.names_capitalised and not typed
    typed_common = {stem for w, stem in words.items() if w.islower()} if edited else set()
    # a rare word is key when the news writes it as a name or a number ("Libya", "AWACS", "1282"), not when it is
    # the asker's own wording ("quit", "blowout")
    # ...also where a quotation mark opens before it in the news, for a word the asker writes as a name is written
    # (title case past the first word: "Sesame", not a sentence's first word or "DOC")
    inside = question.text.split(maxsplit=1)[-1]
    titled = {stem for w, stem in words.items()
              if w[:1].isupper() and not w.isupper() and re.search(rf"(?<!\w){re.escape(w)}", inside)}
    key = {s for s in rare - typed_common if _written_as_name(corpus, s, quoted=s in titled)}
    key |= {s for s in stems if freqs.get(s, 0) == 0 and s not in common}
    # a month is a date, written "Jan." or "January"; a rank or title before the asked name is theirs, written
    # "Capt." or "Captain" ("capt andrews")
    return key - question.figures_told - _MONTH_WORDS - question.title_tokens


def _coverage(corpus: Corpus, question: Question, policy: QuotePolicy, missing: Sequence[str] = ()) -> dict[str, Any]:
    """For an abstention: the words it lacks that no story up to as_of mentions at all, or else the newest story that
    mentions all of them (without any lacking, all of its key terms)."""
    words = question.key_words
    if missing:
        alone = {w: corpus.newest_holding([words.get(w, w)], question.end) for w in missing}
        if unmentioned := tuple(w for w, found in alone.items() if found is None):
            return {"unmentioned": unmentioned}
        terms = tuple(missing)
        aid = (alone[terms[0]] if len(terms) == 1
               else corpus.newest_holding([words.get(w, w) for w in terms], question.end))
    else:
        key = key_terms(corpus, question, policy, at_least=policy.coverage_chunks)
        terms = tuple(w for w, stem in words.items() if stem in key)
        aid = corpus.newest_holding([words[w] for w in terms], question.end) if terms else None
    if aid is None:
        return {}
    return {"coverage": headline(corpus.articles([aid])[aid]), "coverage_terms": _phrases(terms, question.text)}


def _phrases(words: Sequence[str], text: str) -> tuple[str, ...]:
    """Words that stand side by side in the text joined up again: "Kenji", "Morioka": "Kenji Morioka"."""
    out: list[str] = []
    for w in words:
        if out and re.search(rf"(?<!\w){re.escape(out[-1])}\s+{re.escape(w)}(?!\w)", text, re.IGNORECASE):
            out[-1] = f"{out[-1]} {w}"
        else:
            out.append(w)
    return tuple(out)


def missing_terms(corpus: Corpus, question: Question, evidence: Evidence, policy: QuotePolicy) -> tuple[str, ...]:
    """The question's key terms that none of the articles the reader rates best holds in its title or text."""
    words = question.key_words
    best = evidence.ranked()[: policy.quotes]
    articles = {sc.article_id for sc in best}
    years = _years_absent(question, evidence, best[0].article_id) if best else ()
    key = key_terms(corpus, question, policy)
    if not key:
        return years
    texts = [evidence.articles[a].article.title for a in articles]
    texts += [evidence.articles[sc.article_id].article.text[sc.start : sc.end]
              for sc in evidence.sentences.values() if sc.article_id in articles]
    held = {fold(t) for toks in tokenize(texts) for t in toks} if texts else set()  # "Ciarán" holds "ciaran"
    missing = [w for w, stem in words.items() if stem in key and fold(stem) not in held]
    if missing and question.speaker and any(sc.spoken_by for sc in evidence.sentences.values()):
        # the asked person speaks here by a name their words were matched to ("ken griffin": Kenneth Griffin)
        asked = {fold(w) for w in question.speaker.split()}
        missing = [w for w in missing if fold(strip_possessive(w)) not in asked]  # "ceo's"
    if not missing:
        return years
    # the rest of those articles: "flight 1282" may be named paragraphs away from what answers
    raw = [f"{evidence.articles[a].article.title}\n{evidence.articles[a].article.text}" for a in articles]
    whole = [fold(t) for t in raw]
    missing = [w for w in missing if not _written_in(w, words[w], raw, whole)]
    # a first name the story leaves out is no missing name, unless it writes another before that surname
    others = {w: None if (f := _first_names_written(w, question, corpus, raw)) is None else f - {fold(w)}
              for w in missing}
    missing = [w for w in missing if others[w] != set()]
    named = [w for w, stem in words.items() if stem in key]
    missing = _asked_after_background(missing, question, named)
    held = {words[w] for w in named} - {words[w] for w in missing}
    if len(missing) == 1 and len(held) >= policy.key_terms_to_spare_one and others.get(missing[0]) is None:
        return years  # one name of many: a detail of the question the story leaves out ("Gotabaya", "Tottenham")
    return tuple(missing) + years


def _asked_after_background(missing: list[str], question: Question, key: list[str]) -> list[str]:
    """A quiz's stem tells background before it asks ("Vin Scully died this week at the age of 94. Which team did he
    call games for?"): a key term only the background names counts as missing when the stories hold none of them."""
    if not question.background or not missing:
        return missing
    asked = question.text[len(question.background) :]

    def only_in_background(w: str) -> bool:
        word = re.compile(rf"(?<!\w){re.escape(w)}(?!\w)")
        return bool(word.search(question.background)) and not word.search(asked)

    told = [w for w in key if only_in_background(w)]
    lacked = [w for w in missing if w in told]
    if lacked and len(lacked) < len(told):
        return [w for w in missing if w not in lacked]
    return missing


def _first_names_written(word: str, question: Question, corpus: Corpus, raw: Sequence[str]) -> set[str] | None:
    """When a word the articles lack stands before a surname they hold ("nancy pelosi": "House Speaker Pelosi"), the
    first names they write before that surname, folded ("Joe Biden" for "jill biden": {"joe"}); else None."""
    m = re.search(rf"(?<!\w){re.escape(word)}\s+([^\W\d_][\w'’\-]*)", question.text)
    if m is None:
        return None
    surname = m.group(1)
    token = tokenize([surname])[0]
    if len(token) != 1 or not _written_as_name(corpus, token[0]):
        return None
    written = re.compile(rf"(?<!\w){re.escape(surname)}(?!\w)", re.IGNORECASE)
    if not any(w.group(0)[:1].isupper() and not w.group(0).isupper() for text in raw for w in written.finditer(text)):
        return None  # held only as a common word ("max out the hours"), so no one's surname
    before = re.compile(rf"(?<![\w.])([A-Z][a-z]+)\s+{re.escape(surname)}(?!\w)", re.IGNORECASE)
    skip = stopwords()
    return {fold(f.group(1)) for text in raw for f in before.finditer(text)
            if f.group(1)[:1].isupper() and fold(f.group(1)) not in skip and not is_role(fold(f.group(1)))}


def _written_in(word: str, stem: str, raw: Sequence[str], folded: Sequence[str]) -> bool:
    """Whether whole articles (raw, and the same folded) hold a word the user typed, as _held_in reads it or as a
    body's initials ("doj")."""
    return _held_in(word, stem, list(folded)) or any(body_initials_in(word, t) for t in raw)


def _years_absent(question: Question, evidence: Evidence, article_id: str) -> tuple[str, ...]:
    """The year a question names when the article that answers best came out after it without naming it: "who won
    kenya's presidential election in 2017" is not answered by a report of the 2022 election (a report from before
    may look ahead to it as "next year", one from the year after look back to it as "last year")."""
    stored = evidence.articles[article_id]
    text, year = stored.article.text, stored.effective.year
    if not question.years or any(y in stored.article.title or y in text or year <= int(y)
                                 or (year == int(y) + 1 and _RX_LAST_YEAR.search(text)) for y in question.years):
        return ()
    return question.years[:1]


_RX_LAST_YEAR = re.compile(r"\b(?:last|past) year\b", re.I)


def _held_in(word: str, stem: str, texts: list[str]) -> bool:
    """Whether folded texts hold a word the user typed: as written (give or take an ending), or written out in full:
    "intel" (intelligence), "amlo" (Andrés Manuel López Obrador), "pm" (prime minister), "va" (Virginia)."""
    w, st = fold(word), fold(stem)
    ending = r"\w*" if len(w) >= 5 else r"(?:s|es|'s|’s)?\b"  # a short word's longer relatives are other words
    found = re.compile(rf"\b(?:{re.escape(w)}|{re.escape(st)}){ending}")
    stop = stopwords()
    code = re.fullmatch(r"([a-z]+)(\d+)", w)  # "sb4": "SB 4", "SB-4"
    if code and any(re.search(rf"\b{code.group(1)}[\s\-]?{code.group(2)}\b", t) for t in texts):
        return True
    return (any(found.search(t) for t in texts)
            # typed without its marks ("noreaster", "obrien"): the texts are joined up only when it is not found
            or any(found.search(_RX_INNER_MARK.sub("", t)) for t in texts)
            or any(initials_in(w, t, stop=stop, names=False) or state_in(w, t) for t in texts)
            or (len(w) >= 5 and w.isalpha() and any(_run_together(w).search(t) for t in texts)))


def _run_together(word: str) -> re.Pattern[str]:
    """A word typed run together as the news writes it apart ("jcpenney": J.C. Penney, "walmart": Wal-Mart)."""
    return re.compile(r"\b" + r"[.\s'’\-]{0,2}".join(map(re.escape, word)) + r"\b")


_RX_INNER_MARK = re.compile(r"(?<=\w)['’\-](?=\w)")


def _written_as_name(corpus: Corpus, token: str, quoted: bool = False) -> bool:
    """Whether the news mostly capitalises the words this token stands for, inside sentences; quoted: also where a
    quotation mark opens before it (a show's or a film's name: on "Sesame Street"), which title case capitalises
    whatever the word ("Killer", "Doc"), so only for a word the question capitalises too."""
    def work_out() -> bool:
        opened = "[\"“‘']?" if quoted else ""
        word = re.compile(rf"(?<=[\w,;:] ){opened}(({re.escape(token[:1])})\w*)", re.IGNORECASE)
        # the words it starts, or whose token it is where stemming changed its end ("McCarthy": mccarthi)
        found = [m.group(2) for text in corpus.passages_holding(token) for m in word.finditer(text)
                 if fold(m.group(1)).startswith(fold(token))
                 or (fold(m.group(1)).startswith(fold(token)[:-1]) and tokenize([m.group(1)])[0] == [token])]
        return bool(found) and sum(c.isupper() or c.isdigit() for c in found) > len(found) / 2

    return corpus.known(("written as a name", token, quoted), work_out)


def _relevant(evidence: Evidence, question: Question, best_dense: float, policy: QuotePolicy) -> bool:
    """Whether the evidence is about the question at all: a close enough chunk, or a sentence holding most of the
    question's words; asked what someone said, somebody by that name must be in it."""
    wanted = len(question.topic_tokens) + len(question.name_tokens)
    if question.asks_statement and not evidence.speaker_found:
        return False
    # ...asked about something it names, in a day or a week: not which thing did it ("which chain filed for bankruptcy
    # this week" is far from the story that names the chain)
    least = (policy.min_relevance_window if question.window_within(policy.close_window_days)
             and not question.filter_only and question.as_typed(policy.typed_words) and not question.asks_which_thing
             else policy.min_relevance)
    return best_dense >= least or (evidence.best_cover >= policy.min_lexical_cover and wanted >= 2)


def _closest(candidates: Sequence[Candidate], articles: dict[str, StoredArticle]) -> tuple[Headline, ...]:
    """The first three articles of the ranking, named."""
    ids = list(dict.fromkeys(c.article_id for c in candidates if c.article_id in articles))
    return tuple(headline(articles[a]) for a in ids[:3])
