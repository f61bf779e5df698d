"""Articles -> chunks -> vectors -> Chroma + SQLite + BM25: incremental, idempotent, and rebuildable."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from index.embedding import Embedder, describe_id, embedder_id
from index.errors import EmbedderMismatch, RebuildInProgress, StoreError
from index.models import Article, Chunk, IngestError, IngestReport, RebuildProgress, RebuildReport
from index.store.cache import EmbeddingCache, cache_key
from index.store.corpus import Corpus
from index.store.documents import Speaking, content_hash
from index.text.chunking import chunk_article
from index.text.speakers import attribute

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (done, total) in chunks or articles
BATCH_CHUNKS = 1024  # chunks per encode call: the model sorts a batch by length, so bigger pads less


@dataclass
class _Pending:
    article: Article
    chunks: list[Chunk]
    update: bool


# --- streaming batches --------------------------------------------------------------------------------
# Chunks go to the embedder BATCH_CHUNKS at a time whatever the articles' lengths: a long article is streamed
# over several batches, so memory is bounded by the batch (the model keeps every token vector of a call).


@dataclass
class _Part:
    """A run of one article's chunks inside one batch."""

    pending: _Pending
    chunks: list[Chunk]
    first: bool  # holds the article's first chunk
    last: bool  # holds its last chunk: the article is complete once this part is written

    @property
    def article_id(self) -> str:
        return self.pending.article.id


def _batches(pending: Iterable[_Pending], size: int | None = None) -> Iterator[list[_Part]]:
    """Batches of at most `size` chunks (BATCH_CHUNKS), an article split over as many as it needs."""
    size = size or BATCH_CHUNKS
    batch: list[_Part] = []
    room = size
    for p in pending:
        start = 0
        while start < len(p.chunks):
            run = p.chunks[start : start + room]
            end = start + len(run)
            batch.append(_Part(p, run, first=start == 0, last=end == len(p.chunks)))
            start, room = end, room - len(run)
            if room == 0:
                yield batch
                batch, room = [], size
    if batch:
        yield batch


def _speakers(parts: Sequence[_Part]) -> list[list[Speaking]]:
    """Who speaks each sentence of each chunk, attributed over the whole article for back-references."""
    out: list[list[Speaking]] = []
    for part in parts:
        spans = sorted({s for c in part.chunks for s in c.sentences})
        found = attribute(part.pending.article.text, spans)
        by_span: dict[tuple[int, int], Speaking] = {
            s: (sp.name, sp.description) if sp else None for s, sp in zip(spans, found, strict=True)
        }
        out += [[by_span[s] for s in c.sentences] for c in part.chunks]
    return out


@dataclass
class _Embedded:
    vecs: np.ndarray
    sent_vecs: list[np.ndarray]
    computed: int  # chunks the model embedded; the others came from the cache


def _embed(embedder: Embedder, chunks: Sequence[Chunk], cache: EmbeddingCache | None) -> _Embedded:
    """Chunk vectors, and sentence vectors pooled inside each chunk; each unique chunk embedded once."""
    texts = [c.embed_text for c in chunks]
    spans = []
    for ch in chunks:
        shift = len(ch.embed_text) - len(ch.text) - ch.start  # the title prefix, if any
        spans.append([(s + shift, e + shift) for s, e in ch.sentences])
    if cache is None:
        vecs, sent_vecs = embedder.embed_with_spans(texts, spans)
        return _Embedded(vecs, sent_vecs, len(chunks))
    ident = embedder_id(embedder)
    keys = [cache_key(ident, t, sp) for t, sp in zip(texts, spans, strict=True)]
    found = cache.get(ident, keys)
    todo: dict[bytes, int] = {}  # key -> the first chunk with it (a syndicated copy is embedded once)
    for i, k in enumerate(keys):
        if k not in found:
            todo.setdefault(k, i)
    if todo:
        idx = list(todo.values())
        vecs, sent_vecs = embedder.embed_with_spans([texts[i] for i in idx], [spans[i] for i in idx])
        new = {keys[i]: (vecs[j], sent_vecs[j]) for j, i in enumerate(idx)}
        cache.put(ident, new)
        found.update(new)
    return _Embedded(np.stack([found[k][0] for k in keys]).astype(np.float32), [found[k][1] for k in keys], len(todo))


def mismatch(corpus: Corpus, embedder: Embedder) -> str | None:
    """Why this embedder may not add vectors to the corpus (vectors of two encoders never mix), or None."""
    ours = embedder_id(embedder)
    theirs = corpus.embedded_with(legacy=f"{embedder.name}|torch")  # indexes from before backends: torch
    if theirs is None or theirs == ours:
        return None
    return (
        f"the index {corpus.name!r} was built with {describe_id(theirs)} and the encoder is now {describe_id(ours)}; "
        "their vectors can't be mixed in one index. Rebuild it with `newsbot index rebuild` (in Discord, `/reindex`); "
        "until then it answers from the vectors it has and takes no new articles."
    )


def _write_batch(
    corpus: Corpus,
    embedder: Embedder,
    cache: EmbeddingCache | None,
    gen: int,
    batch: list[_Part],
    now: float,
    *,
    first_seen: Mapping[str, float] | None = None,
) -> _Embedded:
    """Embed a batch's chunks in one call (those in the cache aside) and store them (see Corpus.write).

    An article is written (its row, which carries its content hash) with its last part only; earlier parts store
    chunks alone, so an ingest stopped halfway leaves the article to be read again, never marked complete.
    """
    chunks = [c for part in batch for c in part.chunks]
    got = _embed(embedder, chunks, cache)
    speakers = _speakers(batch)
    rows: dict[bool, list[int]] = {True: [], False: []}  # complete article (or a rebuild) -> chunk positions
    at = 0
    for part in batch:
        rows[part.last or first_seen is not None].extend(range(at, at + len(part.chunks)))
        at += len(part.chunks)
    for complete in (False, True):
        idx = rows[complete]
        if not idx:
            continue
        parts = [p for p in batch if (p.last or first_seen is not None) == complete]
        articles = list({p.article_id: p.pending.article for p in parts}.values())
        # Old chunks go with an article's first part: an update's, and a long article's leftovers of a stopped run.
        replaced = [p.article_id for p in parts if p.first and (p.pending.update or not p.last)]
        seen = first_seen
        if seen is None and not complete:
            stored = corpus.first_seen([a.id for a in articles])
            seen = {a.id: stored.get(a.id, now) for a in articles}
        corpus.write(
            gen, articles, [chunks[i] for i in idx], got.vecs[idx], [got.sent_vecs[i] for i in idx],
            [speakers[i] for i in idx], now=now, replaced=[] if first_seen is not None else replaced,
            first_seen=seen,
        )
    return got


def _where(a: Article) -> str:
    """The input an article came from, for an error line: its URL, file path (with item) or feed entry."""
    if a.url:
        return a.url
    if not a.locator or not a.origin or "://" in a.locator or a.locator.startswith(a.origin):
        return a.locator or a.origin or a.id
    if a.locator.startswith("#"):
        return a.origin + a.locator
    base = a.locator.split("#")[0]
    if a.origin == base or a.origin.endswith("/" + base):  # read_path(file): the origin is that file
        return a.origin + a.locator[len(base) :]
    return f"{a.origin.rstrip('/')}/{a.locator}"


def _too_long(article: Article, max_chars: int | None) -> str | None:
    """Why an article is over the size limit, or None."""
    if not max_chars or len(article.text) <= max_chars:
        return None
    return (f"article too long to index ({len(article.text) / 2**20:.1f} MB of text; the limit is "
            f"{max_chars / 2**20:g} MB, NEWSBOT_MAX_ARTICLE_MB)")


def ingest_articles(
    corpus: Corpus,
    embedder: Embedder,
    articles: Sequence[Article],
    *,
    chunk_tokens: int,
    cache: EmbeddingCache | None = None,
    report: IngestReport | None = None,
    progress: Progress | None = None,
    now: float | None = None,
    max_chars: int | None = None,
) -> IngestReport:
    """Add new articles, replace changed ones, skip unchanged ones; errors go in the report.

    now (a timestamp, default the current time) is when new articles are first seen: undated ones count from it.
    Raises EmbedderMismatch, storing nothing, when the index's vectors came from another model or backend.
    An article longer than max_chars characters is reported and left out (one already stored stays).
    """
    report = report or IngestReport()
    seen: dict[str, Article] = {}
    for a in articles:
        where = a.url or a.locator or a.origin or a.id
        if not a.text.strip():
            report.errors.append(IngestError(where, "empty article: no text after cleaning"))
        elif a.id in seen:
            report.errors.append(IngestError(where, f"duplicate of an article already read ({seen[a.id].locator or seen[a.id].origin}); kept the first"))
        else:
            seen[a.id] = a
    with corpus.write_lock:
        stored = corpus.hashes(seen)
        gen = corpus.gen
        pending: list[_Pending] = []
        for a in seen.values():
            old = stored.get(a.id)
            if old == content_hash(a):
                report.articles_unchanged += 1
                continue
            if reason := _too_long(a, max_chars):
                report.errors.append(IngestError(_where(a), reason))
                continue
            chunks = chunk_article(a, embedder.count_tokens, embedder.max_tokens, chunk_tokens)
            if not chunks:
                report.errors.append(IngestError(a.url or a.locator or a.id, "empty article: no sentences"))
                continue
            pending.append(_Pending(a, chunks, update=old is not None))
        if pending and (why := mismatch(corpus, embedder)):
            raise EmbedderMismatch(why)
        total = sum(len(p.chunks) for p in pending)
        done = 0
        now = time.time() if now is None else now
        if progress:
            progress(0, total)
        failed: set[str] = set()
        for batch in _batches(pending):
            batch = [p for p in batch if p.article_id not in failed]  # the rest of a long article that failed
            if not batch:
                continue
            try:
                got = _write_batch(corpus, embedder, cache, gen, batch, now)
            except StoreError as exc:
                for part in batch:
                    if part.article_id not in failed:
                        failed.add(part.article_id)
                        a = part.pending.article
                        report.errors.append(IngestError(a.url or a.locator or a.id, str(exc)))
                continue
            corpus.record_embedder(embedder_id(embedder))
            done += len(got.sent_vecs)
            for part in batch:
                if not part.last:
                    continue
                if part.pending.update:
                    report.articles_updated += 1
                else:
                    report.articles_added += 1
            report.chunks_embedded += got.computed
            report.chunks_cached += len(got.sent_vecs) - got.computed
            if progress:
                progress(done, total)
        if pending:
            corpus.build_side(gen)
            corpus.touch()
    return report


def remove_articles(corpus: Corpus, ids: Sequence[str]) -> int:
    """Remove articles from every part of the index; returns how many there were."""
    if not ids:
        return 0
    with corpus.write_lock:
        corpus.delete_articles(ids)
        corpus.build_side(corpus.gen)
        corpus.touch()
    return len(ids)


def rebuild(
    corpus: Corpus,
    embedder: Embedder,
    *,
    chunk_tokens: int,
    cache: EmbeddingCache | None = None,
    progress: Callable[[RebuildProgress], None] | None = None,
) -> RebuildReport:
    """Re-embed every article into a fresh generation; switch to it only once it is complete and answers.

    The new generation's vectors come from this embedder, whatever the old one's came from: a rebuild is how an
    index moves to another model or backend. Chunks in the cache are not embedded again.
    """
    if not corpus.rebuild_lock.acquire(blocking=False):
        raise RebuildInProgress("a rebuild of this index is already running")
    t0 = time.perf_counter()
    try:
        with corpus.write_lock:
            new = corpus.new_generation()
            stored = list(corpus.iter_articles())
            total_articles = len(stored)
            done_articles = 0
            total_chunks = computed = 0
            first_seen = {s.article.id: s.first_seen.timestamp() for s in stored}
            pending = (
                _Pending(s.article, chunk_article(s.article, embedder.count_tokens, embedder.max_tokens, chunk_tokens),
                         update=False)
                for s in stored
            )
            if progress:
                progress(RebuildProgress(0, total_articles, 0))
            for batch in _batches(pending):
                got = _write_batch(corpus, embedder, cache, new, batch, time.time(), first_seen=first_seen)
                total_chunks += len(got.sent_vecs)
                computed += got.computed
                done_articles += sum(part.last for part in batch)
                if progress and done_articles < total_articles:
                    progress(RebuildProgress(done_articles, total_articles, total_chunks))
            probe = stored[0].article if stored else None
            corpus.check_generation(
                new, total_chunks, embedder.embed_query(probe.title or probe.text[:200]) if probe else None
            )
            corpus.build_side(new)
            corpus.switch_to(new, embedder=embedder_id(embedder))
            if progress:
                progress(RebuildProgress(total_articles, total_articles, total_chunks))
            return RebuildReport(corpus.name, total_articles, total_chunks, time.perf_counter() - t0,
                                 chunks_embedded=computed, chunks_cached=total_chunks - computed)
    finally:
        corpus.rebuild_lock.release()
