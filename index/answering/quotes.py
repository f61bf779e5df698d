"""Picking quotes from scored sentences: one copy per story, passages cut in one voice, further quotes paged."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from index.answering.policy import QuotePolicy
from index.answering.sentences import Evidence, ScoredSentence
from index.models import Headline, Quote
from index.store.documents import Speaking, StoredArticle, StoredChunk
from index.text.clutter import after_dateline, is_clutter, is_heading
from index.text.quotation import close_quotation
from index.text.speakers import speaker_display
from index.text.stories import cluster_stories

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Picked:
    """The quotes an answer shows, those it keeps for paging, and the other outlets of the stories shown."""

    shown: tuple[Quote, ...]
    more: tuple[Quote, ...]
    also_reported_by: tuple[Headline, ...]


def headline(s: StoredArticle) -> Headline:
    """An article named without quoting it."""
    a = s.article
    return Headline(a.id, a.title, a.source, a.published, a.url)


def exact_quote(stored: StoredArticle, start: int, end: int, speaker: str | None, score: float) -> Quote | None:
    """The stored article's text at [start, end) as a quote, less a dateline that opens it, or None (logged) when
    that span holds nothing."""
    a = stored.article
    start = min(after_dateline(a.text, start), end)
    if not 0 <= start < end <= len(a.text) or not a.text[start:end].strip():
        log.warning("quote check failed for %s [%d:%d]", a.id, start, end)
        return None
    return Quote(
        text=a.text[start:end], article_id=a.id, title=a.title, source=a.source, published=a.published, url=a.url,
        start=start, end=end, speaker=speaker, score=round(score, 4),
    )


def _breaks_a_quote(line: str) -> bool:
    """Whether a line is a subheading or page furniture, which a quote never starts or ends in, nor runs across."""
    return is_heading(line) or is_clutter(line)


def _names_itself(voice: tuple[str, str], sentence: str) -> bool:
    """Whether a sentence names who speaks in it ("..., said Pete Piringer"), so that it reads right after narration."""
    name = voice[0].split()
    return bool(name) and re.search(rf"(?<!\w){re.escape(name[-1])}(?!\w)", sentence) is not None


def passage(stored: StoredArticle, sc: ScoredSentence, policy: QuotePolicy,
            adjacent: Callable[[StoredChunk, int], StoredChunk | None] | None = None) -> Quote | None:
    """The sentence with its neighbours in the same voice (see QuotePolicy), closing any quotation it opens; with
    adjacent, the neighbours in the chunks before and after it too (a chunk is a few sentences long)."""
    start, end = sc.start, sc.end
    sents, voices = _sentences_of(sc.chunk)
    i = sc.index_in_chunk
    adjacent = adjacent if policy.across_chunks else None
    if adjacent is not None and policy.lead_sentence and i == 0 and (before := adjacent(sc.chunk, -1)) is not None:
        spans, said = _sentences_of(before, end=sents[0][0])
        sents, voices, i = spans + sents, said + voices, i + len(spans)
    if adjacent is not None and len(sents) - 1 - i < policy.quote_sentences and (
            after := adjacent(sc.chunk, 1)) is not None:
        spans, said = _sentences_of(after, start=sents[-1][1])  # past the sentence the two chunks share
        sents, voices = sents + spans, voices + said

    text = stored.article.text

    def joins(j: int) -> bool:  # sentence j is in the quote's voice (so its attribution holds), and not furniture
        # nor a heading: a quote never starts or ends in one, and one in between opens another section
        voice = voices[j]
        sentence = text[sents[j][0] : sents[j][1]]
        # after narration, a sentence that names who speaks in it reads right ("..., said Pete Piringer"); never
        # after someone's words, whose label would then cover another's
        same_voice = voice == sc.speaker or (policy.named_after_narration and j > i and sc.speaker is None
                                             and voice is not None and _names_itself(voice, sentence))
        return same_voice and not _breaks_a_quote(sentence)

    if policy.lead_sentence and i > 0 and joins(i - 1) and end - sents[i - 1][0] <= policy.quote_chars:
        start = sents[i - 1][0]
    last = i
    while last + 1 < len(sents) and joins(last + 1):
        short = end - start < policy.short_sentence and last == i
        if not short and (last - i + 1 >= policy.quote_sentences or sents[last + 1][1] - start > policy.quote_chars):
            break
        last += 1
        end = sents[last][1]
    heads = policy.heading_gives_way
    start, end, core_start, core_end = _within_section(text, start, end, sc.start, sc.end, heads)
    # a quotation is closed within its section: one that seems to open or close across a subheading does not
    start, end, *_ = _within_section(text, *close_quotation(text, start, end, policy.quotation_reach), core_start,
                                     core_end, heads)
    return exact_quote(stored, start, end, speaker_display(sc.speaker), sc.score)


def _within_section(text: str, start: int, end: int, core_start: int, core_end: int,
                    heads: bool = False) -> tuple[int, int, int, int]:
    """[start, end) cut to the section its best sentence [core_start, core_end) stands in: a subheading or a promo
    line that a sentence split left glued to a sentence ("Meet Jo Koy, the comedian hosting the 2024 Golden
    Globes\n\nThose who ...") is never quoted; one before the best sentence's own words moves the start past it, one
    after them the end before it. With heads, a best sentence that is itself such a line gives way to the section it
    heads, or when nothing follows it, to the words before it; it stays when it is all there is. Returns the span and
    the best sentence's within it (where a heading gave way, the line of words next to it)."""
    pos = start
    for line in text[start:end].split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        if not line.strip() or not _breaks_a_quote(line):
            continue
        if line_start <= core_start and line_end >= core_end:  # the best sentence itself ("Final score: Vik 3, Lund 1")
            if heads and text[line_end:end].strip():  # the section it heads
                return _within_section(text, line_end, end, *_first_words(text, line_end, end), heads)
            if heads and text[start:line_start].strip():  # the words before it
                return _within_section(text, start, line_start, *_last_words(text, start, line_start), heads)
            continue
        words_before = text[max(start, core_start) : line_start].strip()
        if line_start >= core_start and words_before:  # after the best sentence's words began: end before it
            end = min(end, line_start)
            break
        start = max(start, line_end)  # before them: start after it
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return core_start, core_end, core_start, core_end
    if not (start <= core_start and core_end <= end):  # cut past a line: the words next to where it was
        core_start, core_end = _first_words(text, start, end) if start >= core_end else _last_words(text, start, end)
    return start, end, core_start, core_end


def _first_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The first line of words in [start, end)."""
    s = start + len(text[start:end]) - len(text[start:end].lstrip())
    e = text.find("\n", s, end)
    return s, end if e < 0 else e


def _last_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The last line of words in [start, end)."""
    e = start + len(text[start:end].rstrip())
    s = text.rfind("\n", start, e)
    return (start if s < 0 else s + 1), e


def _sentences_of(chunk: StoredChunk, *, start: int = 0, end: int | None = None
                  ) -> tuple[list[tuple[int, int]], list[Speaking]]:
    """A chunk's sentence spans between two offsets of its article, with who speaks each."""
    kept = [j for j, (s, e) in enumerate(chunk.sentences) if s >= start and (end is None or e <= end)]
    return ([chunk.sentences[j] for j in kept],
            [chunk.speakers[j] if j < len(chunk.speakers) else None for j in kept])


def pick_quotes(evidence: Evidence, policy: QuotePolicy, *, about_speaker: bool = False) -> Picked | None:
    """The best passages, one copy of each story quoted, up to per_article separate passages of an article;
    None when nothing can be quoted. With about_speaker (asked what someone said, and they are quoted on it),
    every quote is theirs or about them, their own words first."""
    articles = evidence.articles
    everything = evidence.ranked()
    ranked = [sc for sc in everything if not about_speaker or sc.about_speaker]
    if about_speaker:  # their words first, best first, then their acts of speech, then what names them
        ranked.sort(key=lambda sc: 0 if sc.spoken_by and sc.words else 1 if sc.spoken_by else 2)
    stories = cluster_stories([(a, articles[a].article.text) for a in dict.fromkeys(sc.article_id for sc in ranked)])
    story_of = {aid: i for i, group in enumerate(stories) for aid in group}
    picked: list[tuple[Quote, int]] = []
    voice_of: dict[int, str] = {}  # story -> the one copy of it that is quoted
    for sc in ranked:
        story = story_of[sc.article_id]
        if voice_of.setdefault(story, sc.article_id) != sc.article_id:
            continue
        same = [q for q, _ in picked if q.article_id == sc.article_id]
        if len(same) >= policy.per_article:
            continue
        if _overlaps(same, sc.article_id, sc.start, sc.end):
            continue
        quote = _clear_of(same, articles[sc.article_id], sc, passage(articles[sc.article_id], sc, policy,
                                                                           evidence.adjacent), policy)
        if quote is None:
            continue
        joined = _joined(picked, quote, articles[sc.article_id], policy)
        if joined is not None:
            picked[joined[0]] = (joined[1], story)
            continue
        picked.append((quote, story))
        if len(picked) >= policy.quotes + policy.more:
            break
    if not picked:
        return None
    bar = picked[0][0].score - policy.quote_margin
    shown = [p for p in picked if p[0].score >= bar][: policy.quotes]
    more = [p[0] for p in picked if p not in shown]
    if len(more) < policy.more:
        more += _further(evidence, about_speaker, [q for q, _ in picked], bar - policy.quote_margin, policy,
                         policy.more - len(more))
    also = [headline(articles[a]) for story in dict.fromkeys(st for _, st in shown) for a in stories[story]
            if a != voice_of[story]]
    return Picked(tuple(q for q, _ in shown), tuple(more), tuple(also))


def _joined(picked: list[tuple[Quote, int]], quote: Quote, stored: StoredArticle, policy: QuotePolicy
            ) -> tuple[int, Quote] | None:
    """A quote taken that this one's passage runs straight on from or into, in the same voice, joined with it into
    one passage where the two fit join_chars (its place and score the better's): "On one hand, ..." and "On the
    other hand, ..." read as one; apart, the second is quoted first without what it answers."""
    if policy.join_chars <= 0:
        return None
    text = stored.article.text
    for k, (q, _) in enumerate(picked):
        if q.article_id != quote.article_id or q.speaker != quote.speaker:
            continue
        start, end = min(q.start, quote.start), max(q.end, quote.end)
        gap = text[q.end : quote.start] if q.end <= quote.start else text[quote.end : q.start]
        if gap.strip() or end - start > policy.join_chars:
            continue
        if any(_breaks_a_quote(line) for line in text[start:end].split("\n") if line.strip()):
            continue  # a subheading quoted alone ("‘Win-win’", "How to watch") joins nothing
        joined = exact_quote(stored, start, end, q.speaker, max(q.score, quote.score))
        return (k, joined) if joined is not None else None
    return None


def _further(
    evidence: Evidence, about_speaker: bool, picked: list[Quote], floor: float, policy: QuotePolicy, n: int
) -> list[Quote]:
    """Up to n more passages of the articles already quoted (a copy of a story is never quoted beside it), for
    paging: sentences scoring at least floor, not overlapping any quote taken."""
    taken = list(picked)
    quoted_articles = {q.article_id for q in picked}
    out: list[Quote] = []
    for sc in evidence.ranked():
        if len(out) >= n:
            break
        if (about_speaker and not sc.about_speaker) or sc.score < floor:
            continue
        if sc.article_id not in quoted_articles or _overlaps(taken, sc.article_id, sc.start, sc.end):
            continue
        stored = evidence.articles[sc.article_id]
        quote = _clear_of(taken, stored, sc, passage(stored, sc, policy, evidence.adjacent), policy)
        if quote is not None:
            out.append(quote)
            taken.append(quote)
    return out


def _clear_of(taken: list[Quote], stored: StoredArticle, sc: ScoredSentence, quote: Quote | None,
              policy: QuotePolicy) -> Quote | None:
    """The passage of a sentence where no quote taken overlaps it, or None: one that runs into a quote taken is cut
    back to its own sentence on, or to that sentence alone (the answer often sits just beside the passage that
    echoes the question)."""
    if quote is None or not _overlaps(taken, quote.article_id, quote.start, quote.end):
        return quote
    text = stored.article.text
    alone = () if policy.heading_gives_way and is_heading(text[sc.start : sc.end]) else ((sc.start, sc.end),)
    for start, end in ((sc.start, quote.end), *alone):  # a heading whose section is quoted is not quoted alone
        start, end, *_ = _within_section(text, start, end, sc.start, sc.end, policy.heading_gives_way)
        if not _overlaps(taken, quote.article_id, start, end):
            return exact_quote(stored, start, end, quote.speaker, sc.score)
    return None


def _overlaps(quotes: list[Quote], article_id: str, start: int, end: int) -> bool:
    """Whether [start, end) of an article overlaps any of the quotes."""
    return any(q.article_id == article_id and start < q.end and q.start < end for q in quotes)
