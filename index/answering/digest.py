"""Digests: the distinct stories of a period, about a topic or across the corpus, each with one exact quote.

A topic digest keeps the window's articles that the hybrid retrieval finds relevant to the topic; a topic-free
digest keeps every article of the window. Either way the window's articles are grouped into stories with
``index.text.stories.cluster_stories`` (wire copies and light rewrites are one story, shown as "also reported by"),
the most complete copy stands for its story (the earliest of those within 10% of the longest text), and its key
quote is the sentence scoring best on: similarity to the topic (or, without a topic, to the article's own
centre, i.e. the sentence most about what the article is about), a bonus for a named speaker, and a bonus that
halves every ``lede_half_chars`` characters from the top of the article. Sentence vectors are the stored ones,
so no sentence is embedded at digest time, and a topic-free digest loads no model at all.

Ranking. Topic digests: most relevant story first (its best chunk's fused retrieval score). Topic-free digests:

    score = size_weight * size + centrality_weight * centrality + recency_weight * recency

with size = log(1 + articles) / log(1 + articles of the biggest story), centrality = the story's mean cosine
similarity to the period's other stories (copies counted once, as size counts them), as a share of the most
central story's (a story the rest of the period is about is central), and recency = 0.5 ** (age / (period / 2))
of its newest copy. Size comes first because an event carried by several outlets is news by their judgement.
Stories are then taken greedily, each one's score less ``diversity`` times its cosine to the most similar story
already taken (maximal marginal relevance), so one big event with many separate articles does not fill the
digest. Without a topic the key quote is scored against the article's centre and its headline's words.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from datetime import datetime

import numpy as np

from index.answering.quotes import exact_quote
from index.answering.search import Candidate, Fusion, retrieve
from index.models import Digest, DigestStory, Headline, Quote, TimeWindow
from index.store.corpus import Corpus
from index.store.documents import StoredArticle, StoredChunk
from index.text.clutter import is_clutter
from index.text.quotation import close_quotation
from index.text.speakers import speaker_display
from index.text.stories import cluster_stories
from index.text.tokens import tokenize

log = logging.getLogger(__name__)

__all__ = ["DigestPolicy", "make_digest"]


@dataclass(frozen=True)
class DigestPolicy:
    """How a digest chooses, ranks and quotes stories."""

    max_stories: int = 8
    candidates: int = 60  # chunks retrieved for a topic
    min_dense: float = 0.4  # a chunk is about the topic when its cosine reaches this (all-MiniLM-L6-v2)...
    dense_margin: float = 0.3  # ...and is within this of the best chunk's...
    min_cover: float = 0.75  # ...or when its text holds this share of the topic's words
    lede_chunks: int = 3  # chunks from the top of an article its quote and vector come from
    complete_share: float = 0.9  # copies this close to the longest one count as complete
    # sentence scores
    semantic_weight: float = 0.6
    cover_weight: float = 0.3
    headline_weight: float = 0.15  # without a topic, the share of the headline's words a sentence holds counts this
    speaker_bonus: float = 0.2
    lede_bonus: float = 0.15
    lede_half_chars: float = 600.0
    min_chars: int = 40  # shorter or longer sentences are quoted only when nothing else is left
    max_chars: int = 500
    quotation_reach: int = 400  # a quote never leaves a quotation half open (as answers: QuotePolicy)
    # topic-free story scores
    size_weight: float = 0.45
    centrality_weight: float = 0.35
    recency_weight: float = 0.2
    diversity: float = 0.6  # how much likeness to a story already chosen costs (topic-free digests)
    note_margin: float = 0.15  # an empty digest names the newest story scoring within this of the best one


@dataclass
class _Story:
    members: list[str]
    rep: str
    score: float


# -- loading ------------------------------------------------------------------------------------------------
def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n else v


def _article_vec(chunks: Sequence[StoredChunk]) -> np.ndarray | None:
    """An article's direction: the mean of its lede sentences' vectors, normalised."""
    rows = [m for m in (c.sent_vecs for c in chunks) if m is not None and len(m)]
    return _unit(np.concatenate(rows).mean(axis=0)) if rows else None


def _cover(query: set[str], tokens: Iterable[str]) -> float:
    return len(query & set(tokens)) / len(query) if query else 0.0


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


# -- stories ------------------------------------------------------------------------------------------------
def _representative(members: Sequence[str], arts: dict[str, StoredArticle], share: float) -> str:
    """The most complete copy: the earliest of those nearly as long as the longest."""
    longest = max(len(arts[a].article.text) for a in members)
    complete = [a for a in members if len(arts[a].article.text) >= share * longest]
    return min(complete, key=lambda a: (arts[a].effective, a))


def _headline(s: StoredArticle) -> Headline:
    """The article named, dated by its published date or, failing that, when we first ingested it."""
    a = s.article
    return Headline(a.id, a.title, a.source, s.effective, a.url)


def _also(members: Sequence[str], rep: str, arts: dict[str, StoredArticle]) -> tuple[Headline, ...]:
    """The other copies, oldest first, one per address."""
    seen = {arts[rep].article.url} - {""}
    out: list[Headline] = []
    for aid in sorted((m for m in members if m != rep), key=lambda m: (arts[m].effective, m)):
        url = arts[aid].article.url
        if url and url in seen:
            continue
        seen.add(url)
        out.append(_headline(arts[aid]))
    return tuple(out)


def _key_quote(
    stored: StoredArticle,
    chunks: Sequence[StoredChunk],
    target: np.ndarray | None,
    qtokens: set[str],
    cover_weight: float,
    policy: DigestPolicy,
) -> Quote | None:
    """The sentence that best carries the news, verified to be an exact span of the stored text."""
    a = stored.article
    title = _norm(a.title)
    spans: dict[tuple[int, int], tuple[np.ndarray | None, tuple[str, str] | None]] = {}
    for ch in chunks:
        vecs = ch.sent_vecs
        for i, span in enumerate(ch.sentences):
            if span not in spans:
                sp = ch.speakers[i] if i < len(ch.speakers) else None
                spans[span] = (vecs[i] if vecs is not None else None, sp)
    order = sorted(spans)
    texts = [a.text[s:e] for s, e in order]
    toks = tokenize(texts) if qtokens and texts else [[] for _ in texts]
    ranked: list[tuple[bool, float, int, int, tuple[str, str] | None]] = []
    for (s, e), text, tk in zip(order, texts, toks, strict=True):
        if is_clutter(text) or (title and _norm(text) == title):
            continue
        vec, sp = spans[(s, e)]
        sem = float(vec @ target) if vec is not None and target is not None else 0.0
        score = policy.semantic_weight * sem + cover_weight * _cover(qtokens, tk)
        if sp and sp[0]:
            score += policy.speaker_bonus
        score += policy.lede_bonus * 0.5 ** (s / policy.lede_half_chars)
        fits = policy.min_chars <= len(text.strip()) <= policy.max_chars
        # the sentence is chosen as it is, then completed: judging the completed span's length instead would
        # trade sentences that hold the news for shorter ones (news-dev digests: 22 -> 20 of 135 answers)
        s, e = close_quotation(a.text, s, e, policy.quotation_reach)
        ranked.append((fits, score, s, e, sp))
    ranked.sort(key=lambda r: (not r[0], -r[1], r[2]))
    for _fits, score, s, e, sp in ranked:
        quote = exact_quote(stored, s, e, speaker_display(sp), score)
        if quote is not None:  # dated as the headline is: published, or first seen
            return replace(quote, published=stored.effective)
    return None


# -- the digest ---------------------------------------------------------------------------------------------
def _relevant(
    corpus: Corpus, cands: Sequence[Candidate], topic: str, policy: DigestPolicy
) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Best score per article among the chunks about the topic, and those chunks per article."""
    qtokens = set(tokenize([topic])[0])
    arts = corpus.articles({c.article_id for c in cands})
    chunks = corpus.chunks([c.chunk_id for c in cands])
    texts: list[str] = []
    kept: list[Candidate] = []
    for c in cands:
        ch, art = chunks.get(c.chunk_id), arts.get(c.article_id)
        if ch is not None and art is not None:
            texts.append(f"{art.article.title}\n{art.article.text[ch.start : ch.end]}")
            kept.append(c)
    toks = tokenize(texts) if texts else []
    best: dict[str, float] = {}
    hits: dict[str, list[str]] = {}
    floor = max(policy.min_dense, max((c.dense for c in kept), default=0.0) - policy.dense_margin)
    for c, tk in zip(kept, toks, strict=True):
        if c.dense >= floor or (qtokens and _cover(qtokens, tk) >= policy.min_cover):
            best[c.article_id] = max(best.get(c.article_id, -math.inf), c.score)
            hits.setdefault(c.article_id, []).append(c.chunk_id)
    return best, hits


def _story_sims(vecs: dict[str, np.ndarray], stories: Sequence[_Story]) -> np.ndarray:
    """Cosine similarity between the stories' representatives (0 where one has no vector; 0 on the diagonal)."""
    dim = next((len(v) for v in vecs.values()), 1)
    m = np.stack([vecs.get(st.rep, np.zeros(dim, dtype=np.float32)) for st in stories]) if stories else None
    if m is None:
        return np.zeros((0, 0), dtype=np.float32)
    sims = m @ m.T
    np.fill_diagonal(sims, 0.0)
    return sims


def _centrality(sims: np.ndarray) -> list[float]:
    """Each story's mean cosine to the period's other stories, as a share of the most central story's."""
    n = len(sims)
    if n < 2:
        return [0.0] * n
    raw = np.clip(sims.sum(axis=1) / (n - 1), 0.0, None)
    top = float(raw.max())
    return [float(r) / top if top > 0 else 0.0 for r in raw]


def _diversify(stories: list[_Story], sims: np.ndarray, penalty: float, n: int) -> list[_Story]:
    """Stories in greedy order of score less penalty x likeness to those already chosen (MMR), n of them first."""
    scores = np.array([s.score for s in stories], dtype=np.float64)
    closest = np.zeros(len(stories))
    free = np.ones(len(stories), dtype=bool)
    order: list[int] = []
    for _ in range(min(n, len(stories))):
        gain = np.where(free, scores - penalty * closest, -np.inf)
        i = int(np.argmax(gain))  # ties go to the earlier story, which the caller sorted first
        order.append(i)
        free[i] = False
        closest = np.maximum(closest, sims[i])
    order += [i for i in range(len(stories)) if free[i]]
    return [stories[i] for i in order]


def _empty_note(
    corpus: Corpus, topic: str | None, qvec: np.ndarray | None, before: float, fusion: Fusion, policy: DigestPolicy
) -> Headline | None:
    """The newest article before the window among those nearly as relevant as the best, or None."""
    if topic and qvec is not None:
        cands = retrieve(
            corpus, topic, qvec, k=policy.candidates, end=before - 1e-3, prefer=(before, before), fusion=fusion
        )
        best, _ = _relevant(corpus, cands, topic, policy)
        top = max(best.values(), default=0.0)  # the newest of the clearly relevant, not of every passing mention
        ids = [a for a, score in best.items() if score >= top - policy.note_margin]
    else:
        newest = corpus.newest_article_before(before)
        ids = [newest] if newest else []
    arts = corpus.articles(ids)
    if not arts:
        return None
    return _headline(max(arts.values(), key=lambda s: (s.effective, s.article.id)))


def make_digest(
    corpus: Corpus,
    topic: str | None,
    qvec: np.ndarray | None,
    *,
    window: TimeWindow,
    as_of: datetime,
    fusion: Fusion = Fusion(),
    policy: DigestPolicy = DigestPolicy(),
    exclude: AbstractSet[str] = frozenset(),
) -> Digest:
    """The digest of a window (topic and qvec given together, or neither for the top stories)."""
    topic = topic or None
    start = window.start.timestamp()
    end = min(window.end.timestamp(), as_of.timestamp())
    by_article = corpus.window_chunks(start, end)
    relevance: dict[str, float] = {}
    hits: dict[str, list[str]] = {}
    if topic and qvec is not None:
        pool = replace(fusion, pool=max(fusion.pool, policy.candidates))
        cands = retrieve(corpus, topic, qvec, k=policy.candidates, start=start, end=end, fusion=pool)
        relevance, hits = _relevant(corpus, cands, topic, policy)
    arts = corpus.articles(by_article)
    groups = cluster_stories([(aid, arts[aid].article.text) for aid in by_article if aid in arts])
    stories: list[_Story] = []
    for members in groups:
        if topic and not any(m in relevance for m in members):
            continue
        if exclude and any(m in exclude for m in members):
            continue
        score = max((relevance.get(m, -math.inf) for m in members), default=0.0) if topic else 0.0
        stories.append(_Story(members, _representative(members, arts, policy.complete_share), score))

    wanted = {s.rep for s in stories}
    lede_ids = [c for a in wanted for c in by_article.get(a, [])[: policy.lede_chunks]]
    chunk_ids = list(dict.fromkeys([*lede_ids, *(c for s in stories for c in hits.get(s.rep, []))]))
    chunks = corpus.chunks(chunk_ids)
    ledes: dict[str, list[StoredChunk]] = {}
    for cid in lede_ids:
        if cid in chunks:
            ledes.setdefault(chunks[cid].article_id, []).append(chunks[cid])

    if not topic:
        stories.sort(key=lambda s: (-arts[s.rep].effective.timestamp(), s.rep))
        vecs = {a: v for a in wanted if (v := _article_vec(ledes.get(a, []))) is not None}
        sims = _story_sims(vecs, stories)
        central = _centrality(sims)
        biggest = max((len(s.members) for s in stories), default=1)
        half = max((end - start) / 2, 3600.0)
        for st, cen in zip(stories, central, strict=True):
            size = math.log1p(len(st.members)) / math.log1p(biggest)
            age = max(0.0, end - max(arts[m].effective.timestamp() for m in st.members))
            recency = 0.5 ** (age / half)
            st.score = policy.size_weight * size + policy.centrality_weight * cen + policy.recency_weight * recency
        stories = _diversify(stories, sims, policy.diversity, policy.max_stories + 8)
    else:
        stories.sort(key=lambda s: (-s.score, -arts[s.rep].effective.timestamp(), s.rep))

    topic_tokens = set(tokenize([topic])[0]) if topic else set()
    out: list[DigestStory] = []
    for st in stories:
        if len(out) >= policy.max_stories:
            break
        mine = {c.id: c for c in ledes.get(st.rep, [])}
        mine.update({cid: chunks[cid] for cid in hits.get(st.rep, []) if cid in chunks})
        ordered = sorted(mine.values(), key=lambda c: c.index)
        target: np.ndarray | None = qvec
        qtokens = topic_tokens
        if not topic:
            # without a topic: the sentence closest to the article's centre that shares its headline's words
            target, qtokens = _article_vec(ledes.get(st.rep, [])), set(tokenize([arts[st.rep].article.title])[0])
        weight = policy.cover_weight if topic else policy.headline_weight
        quote = _key_quote(arts[st.rep], ordered, target, qtokens, weight, policy)
        if quote is None:
            continue
        rep = arts[st.rep]
        others = sorted((m for m in st.members if m != st.rep), key=lambda m: (arts[m].effective, m))
        out.append(DigestStory(
            headline=_headline(rep), quote=quote, also_reported_by=_also(st.members, st.rep, arts),
            first_seen=rep.article.published is None, article_ids=(st.rep, *others),
        ))
    note = None if out else _empty_note(corpus, topic, qvec, start, fusion, policy)
    return Digest(topic, as_of, window, tuple(out), note)
