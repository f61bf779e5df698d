"""One corpus: its document store, its live generation of vectors and side indexes, and its locks.

Callers read and write a corpus through its methods; the SQLite documents, the Chroma collections and the
BM25 index and vector mirror beside them are its own business.
"""

from __future__ import annotations

import logging
import re
import shutil
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from index.errors import StoreError
from index.models import Article, Chunk, SourceInfo
from index.store.bm25 import BM25Index, LexicalHit
from index.store.documents import DocStore, Speaking, StoredArticle, StoredChunk
from index.store.mirror import DenseHit, VectorMirror
from index.store.rows import ChunkRows
from index.store.vectors import VectorStore
from index.text.chunking import parse_chunk_id
from index.text.tokens import TOKENIZER_VERSION

log = logging.getLogger(__name__)

T = TypeVar("T")
_MAX_FACTS = 100_000  # facts kept per generation: a bound on memory, whatever is asked


@dataclass(frozen=True)
class _Side:
    """A generation's side indexes, as loaded for one version of the corpus."""

    gen: int
    version: str
    rows: ChunkRows
    bm25: BM25Index
    mirror: VectorMirror | None  # None when the vector store lacked some vectors: Chroma answers instead
    facts: dict[Hashable, Any] = field(default_factory=dict)  # what Corpus.known worked out about this text


@dataclass(frozen=True)
class Counts:
    """How much a corpus holds and how fresh it is."""

    articles: int
    chunks: int
    newest_published: datetime | None
    last_update: datetime | None


def _where(start: float | None, end: float | None) -> dict[str, Any] | None:
    """A Chroma metadata filter on the effective timestamp."""
    conds: list[dict[str, Any]] = []
    if start is not None:
        conds.append({"ts": {"$gte": start}})
    if end is not None:
        conds.append({"ts": {"$lte": end}})
    if not conds:
        return None
    return conds[0] if len(conds) == 1 else {"$and": conds}


def chunk_meta(a: Article, ch: Chunk, first_seen: float) -> dict[str, object]:
    """What the vector store keeps beside a chunk's vector."""
    ts = a.published.timestamp() if a.published else first_seen
    return {"article_id": a.id, "ts": ts, "dated": a.published is not None, "source": a.source,
            "start": ch.start, "end": ch.end}


class Corpus:
    """A named, independent index (the bot keeps one per Discord guild)."""

    def __init__(
        self,
        name: str,
        root: Path,
        store: VectorStore,
        *,
        write_lock: threading.RLock | None = None,
        rebuild_lock: threading.Lock | None = None,
    ) -> None:
        """Open (or create) a corpus; pass the locks when the owner may reopen it after unloading it, so a reopened
        corpus and one still in use by a long job exclude each other."""
        self.name = name
        self.root = root
        self._store = store
        self._docs = DocStore(root / "docs.sqlite3")
        self.write_lock = write_lock or threading.RLock()  # ingest, removal and rebuild take turns
        self.rebuild_lock = rebuild_lock or threading.Lock()
        self._side: _Side | None = None
        self._side_lock = threading.Lock()

    # -- generations ---------------------------------------------------------------------------------
    @property
    def gen(self) -> int:
        """The live generation."""
        return int(self._docs.get_meta("gen", "1") or 1)

    def collection(self, gen: int | None = None) -> str:
        """The Chroma collection of a generation (the live one by default)."""
        return f"nb-{self.name}-g{self.gen if gen is None else gen}"

    def _side_dir(self, gen: int) -> Path:
        return self.root / f"bm25-g{gen}"

    def new_generation(self) -> int:
        """A fresh generation number for a rebuild, cleared of what a killed rebuild may have left."""
        new = max([self.gen, *self._docs.generations()]) + 1
        self.drop_generation(new)
        return new

    def switch_to(self, gen: int, *, embedder: str | None = None) -> None:
        """Make a complete generation live, with the embedder its vectors came from, then drop the old one."""
        old = self.gen
        if embedder is not None:
            self._docs.set_meta("embedder", embedder)
        self._docs.set_meta("gen", str(gen))
        self._docs.set_meta("lex_version", str(time.time_ns()))
        self.touch()
        log.info("corpus %s switched from generation %d to %d", self.name, old, gen)
        self.drop_generation(old)

    def drop_generation(self, gen: int) -> None:
        """Delete everything of a generation that is not live."""
        self._store.drop(self.collection(gen))
        self._docs.drop_generation(gen)
        shutil.rmtree(self._side_dir(gen), ignore_errors=True)

    def check_generation(self, gen: int, expected: int, probe: np.ndarray | None) -> None:
        """A generation must hold every chunk, in both stores, and answer a probe query before it goes live."""
        in_store = self._store.count(self.collection(gen))
        in_docs = self._docs.count_chunks(gen)
        if not in_store == in_docs == expected:
            raise StoreError(f"rebuild check failed: {in_store} vectors, {in_docs} chunks, {expected} expected")
        if probe is not None and not self._store.query(self.collection(gen), probe, 10):
            raise StoreError("rebuild check failed: the probe query found nothing")

    @property
    def busy(self) -> bool:
        """Whether a write or a rebuild holds the corpus now."""
        if self.rebuild_lock.locked():
            return True
        if not self.write_lock.acquire(blocking=False):
            return True
        self.write_lock.release()
        return False

    def destroy(self) -> None:
        """Delete the whole corpus: every generation's vectors, its documents and its side indexes.

        The caller holds the write lock and forgets this object afterwards.
        """
        generation = re.compile(rf"^{re.escape(f'nb-{self.name}-g')}\d+$")
        for name in self._store.list_names():
            if generation.match(name):
                self._store.drop(name)
        self._side = None
        shutil.rmtree(self.root, ignore_errors=True)
        log.info("corpus %s deleted", self.name)

    def embedded_with(self, *, legacy: str) -> str | None:
        """The embedder (model|backend) the live vectors came from; None when there are none.

        legacy is what an index from before this was recorded was built with.
        """
        if not self._docs.count_chunks(self.gen):
            return None
        return self._docs.get_meta("embedder") or legacy

    def record_embedder(self, embedder: str) -> None:
        """Record the embedder of the live vectors (after the first write into an empty index)."""
        if self._docs.get_meta("embedder") != embedder:
            self._docs.set_meta("embedder", embedder)

    def vector_count(self) -> int:
        """Vectors in the live generation."""
        return self._store.count(self.collection())

    def touch(self) -> None:
        """Record that the corpus changed now."""
        self._docs.set_meta("last_update", str(time.time()))

    # -- reading -------------------------------------------------------------------------------------
    def articles(self, ids: Sequence[str] | set[str] | Mapping[str, Any]) -> dict[str, StoredArticle]:
        """The given articles, by id (missing ones are left out)."""
        return self._docs.articles(ids)

    def iter_articles(self) -> Iterator[StoredArticle]:
        """Every article, oldest first."""
        return self._docs.iter_articles()

    def chunks(self, ids: Sequence[str]) -> dict[str, StoredChunk]:
        """The given chunks of the live generation, by id, with their sentences, vectors and speakers."""
        return self._docs.chunks(self.gen, ids)

    def adjacent_chunk(self, chunk: StoredChunk, step: int) -> StoredChunk | None:
        """The chunk just before (step -1) or after (step 1) a chunk of the live generation, in its article."""
        return self._docs.chunk_at(self.gen, chunk.article_id, chunk.index + step) if chunk.index + step >= 0 else None

    def hashes(self, ids: Sequence[str] | Mapping[str, Any]) -> dict[str, str]:
        """Stored content hashes of the given articles."""
        return self._docs.hashes(ids)

    def counts(self) -> Counts:
        """Articles, chunks and freshness."""
        last = self._docs.get_meta("last_update")
        return Counts(
            articles=self._docs.count_articles(),
            chunks=self._docs.count_chunks(self.gen),
            newest_published=self._docs.newest_published(),
            last_update=datetime.fromtimestamp(float(last), UTC) if last else None,
        )

    # -- sources -------------------------------------------------------------------------------------
    def sources(self) -> list[SourceInfo]:
        """Followed sources, with their article counts."""
        return self._docs.sources()

    def add_source(self, url: str, kind: str) -> bool:
        """Follow a source; False when it was followed already."""
        return self._docs.add_source(url, kind)

    def remove_source(self, url: str) -> bool:
        """Stop following a source; False when it was not followed."""
        return self._docs.remove_source(url)

    def source_state(self, url: str) -> tuple[str | None, str | None]:
        """(etag, last-modified) of a source."""
        return self._docs.source_state(url)

    def mark_polled(self, url: str, *, error: str | None, etag: str | None = None, modified: str | None = None) -> None:
        """Record a poll's outcome (keeping validators when the poll brought none)."""
        self._docs.mark_polled(url, error=error, etag=etag, modified=modified)

    def article_ids_by_origin(self, origin: str) -> dict[str, str]:
        """Article id -> locator, for one origin (a file, folder, page or feed)."""
        return self._docs.article_ids_by_origin(origin)

    # -- searching -----------------------------------------------------------------------------------
    def _side_index(self) -> _Side:
        """The live side indexes, loaded once and reloaded only when an ingest changed them."""
        gen = self.gen
        version = self._docs.get_meta("lex_version", "0") or "0"
        side = self._side
        if side and side.gen == gen and side.version == version:
            return side
        with self._side_lock:
            side = self._side
            if side and side.gen == gen and side.version == version:
                return side
            side = self._load_side(gen, version) or self.build_side(gen)
            self._side = side
            return side

    def warm(self) -> None:
        """Load the side indexes now rather than on the first question."""
        self._side_index()

    @property
    def loaded(self) -> bool:
        """Whether the side indexes are in memory."""
        return self._side is not None

    def search_dense(
        self, qvec: np.ndarray, k: int, *, start: float | None = None, end: float | None = None
    ) -> list[DenseHit]:
        """The k chunks nearest to a vector, published within [start, end], best first."""
        side = self._side_index()
        if side.mirror is not None:  # exact, and a process that only answers never starts Chroma's client
            return side.mirror.search(qvec, k, start=start, end=end)
        unfiltered = start is None and (end is None or end >= side.rows.max_ts)
        return self.search_vector_store(qvec, k, start=None if unfiltered else start, end=None if unfiltered else end)

    def search_vector_store(
        self, qvec: np.ndarray, k: int, *, start: float | None = None, end: float | None = None
    ) -> list[DenseHit]:
        """The vector store's own time-filtered search, without the mirror (the baseline the mirror beats)."""
        hits = self._store.query(self.collection(), qvec, k, _where(start, end))
        return [DenseHit(h.chunk_id, str(h.metadata.get("article_id", "")), h.score, float(h.metadata.get("ts", 0.0)))
                for h in hits]

    def vectors(self, ids: Sequence[str]) -> np.ndarray | None:
        """The stored vectors of the live generation's chunks, in that order (None if any is missing)."""
        return self._store.vectors(self.collection(), ids)

    def search_bm25(self, query: str, k: int, *, start: float | None = None, end: float | None = None) -> list[LexicalHit]:
        """The k best BM25 matches published within [start, end], best first."""
        return self._side_index().bm25.search(query, k, start=start, end=end)

    def chunk_ids(self) -> list[str]:
        """Every chunk id of the live generation."""
        return list(self._side_index().rows.ids)

    def doc_freqs(self, tokens: Sequence[str]) -> tuple[dict[str, int], int]:
        """How many chunks of the live generation hold each tokenized term, and how many chunks there are."""
        side = self._side_index()
        return side.bm25.doc_freqs(tokens), len(side.rows)

    def known(self, key: Hashable, work_out: Callable[[], T]) -> T:
        """work_out()'s value for key, kept until the indexed text changes: a fact about the text, asked of many
        questions (how the news writes a word), is worked out once."""
        facts = self._side_index().facts
        if key not in facts:
            if len(facts) >= _MAX_FACTS:
                facts.clear()
            facts[key] = work_out()
        value: T = facts[key]
        return value

    def terms_held(self, chunk_ids: Sequence[str], tokens: Iterable[str]) -> list[set[str]]:
        """Per chunk of the live generation, which of the tokenized terms its text holds (from BM25's postings, no
        text read)."""
        side = self._side_index()
        row_of: dict[str, int] = self.known("row of each chunk", lambda: {c: i for i, c in enumerate(side.rows.ids)})
        rows = [row_of.get(c, -1) for c in chunk_ids]
        held: list[set[str]] = [set() for _ in rows]
        for token in tokens:
            holding = set(side.bm25.rows_holding(token).tolist())
            for i, row in enumerate(rows):
                if row in holding:
                    held[i].add(token)
        return held

    def passages_holding(self, token: str, limit: int = 50) -> list[str]:
        """The text of up to limit chunks that hold a tokenized term."""
        ids = self._side_index().bm25.holding(token, limit)
        chunks = self.chunks(ids)
        arts = self.articles(list({c.article_id for c in chunks.values()}))
        return [arts[c.article_id].article.text[c.start : c.end] for c in chunks.values() if c.article_id in arts]

    def newest_holding(self, tokens: Sequence[str], end: float) -> str | None:
        """The newest article published at or before end that holds every tokenized term (each in any of its chunks),
        or None."""
        side = self._side_index()
        rows = side.rows
        found = [side.bm25.rows_holding(t) for t in dict.fromkeys(tokens)]
        if not found or any(not len(f) for f in found):
            return None
        common = set.intersection(*({rows.article_ids[int(r)] for r in f} for f in found))
        dated = [(float(rows.ts[int(r)]), rows.article_ids[int(r)]) for r in found[0]
                 if rows.article_ids[int(r)] in common and rows.ts[int(r)] <= end]
        return max(dated)[1] if dated else None

    def window_chunks(self, start: float | None, end: float) -> dict[str, list[str]]:
        """Chunk ids of each article whose effective date is in [start, end], in article order."""
        rows = self._side_index().rows
        if not len(rows):
            return {}
        ok = rows.ts <= end if start is None else (rows.ts >= start) & (rows.ts <= end)
        found: dict[str, list[tuple[int, str]]] = {}
        for i in np.flatnonzero(ok).tolist():
            cid = rows.ids[i]
            aid, idx = parse_chunk_id(cid)
            found.setdefault(aid, []).append((idx, cid))
        return {aid: [c for _, c in sorted(pairs)] for aid, pairs in found.items()}

    def newest_article_before(self, ts: float) -> str | None:
        """The article with the newest chunk published before ts."""
        rows = self._side_index().rows
        older = np.flatnonzero(rows.ts < ts) if len(rows) else np.zeros(0, dtype=np.int64)
        return rows.article_ids[int(older[np.argmax(rows.ts[older])])] if len(older) else None

    def newest_time_before(self, ts: float) -> float | None:
        """The newest effective date (a timestamp) of the live chunks at or before ts."""
        rows = self._side_index().rows
        older = rows.ts[rows.ts <= ts] if len(rows) else rows.ts[:0]
        return float(older.max()) if len(older) else None

    # -- writing -------------------------------------------------------------------------------------
    def first_seen(self, ids: Sequence[str]) -> dict[str, float]:
        """When each stored article was first ingested (timestamps), for those stored."""
        return {a: s.first_seen.timestamp() for a, s in self._docs.articles(ids).items()}

    def write(
        self,
        gen: int,
        articles: Sequence[Article],
        chunks: Sequence[Chunk],
        vecs: np.ndarray,
        sent_vecs: Sequence[np.ndarray],
        speakers: Sequence[Sequence[Speaking]],
        *,
        now: float,
        replaced: Sequence[str] = (),
        first_seen: Mapping[str, float] | None = None,
    ) -> None:
        """Store chunks with their vectors, vectors first, then the documents.

        An ingest (first_seen None) also writes the articles, replacing the chunks of the `replaced` ones; a
        rebuild passes the stored first-seen times and writes chunks only, into its new generation.
        """
        rebuilding = first_seen is not None
        seen = dict(first_seen) if first_seen is not None else self.first_seen([a.id for a in articles])
        by_id = {a.id: a for a in articles}
        metas = [chunk_meta(by_id[c.article_id], c, seen.get(c.article_id, now)) for c in chunks]
        collection = self.collection(gen)
        if replaced:
            self._store.delete(collection, article_ids=list(replaced))
        self._store.add(collection, [c.id for c in chunks], vecs, metas)
        with self._docs.transaction() as c:
            if replaced:
                self._docs.delete_chunks_of(c, gen, list(replaced))
            if not rebuilding:
                for a in articles:
                    self._docs.put_article(c, a, now)
            self._docs.put_chunks(c, gen, chunks, sent_vecs, speakers)

    def delete_articles(self, ids: Sequence[str]) -> None:
        """Remove articles from the live generation's every part (the side indexes are rebuilt by the caller)."""
        self._store.delete(self.collection(), article_ids=list(ids))
        with self._docs.transaction() as c:
            self._docs.delete_articles(c, list(ids))

    # -- side indexes --------------------------------------------------------------------------------
    def _load_side(self, gen: int, version: str) -> _Side | None:
        folder = self._side_dir(gen)
        marker = folder / "version"
        if not marker.exists() or marker.read_text().strip() != str(TOKENIZER_VERSION):
            return None
        rows = ChunkRows.load(folder)
        return _Side(gen, version, rows, BM25Index.load(folder, rows), VectorMirror.load(folder, rows))

    def build_side(self, gen: int) -> _Side:
        """Rebuild a generation's BM25 index and vector mirror from the stored chunks, save them, mark them new."""
        t = time.perf_counter()
        ids: list[str] = []
        aids: list[str] = []
        texts: list[str] = []
        ts: list[float] = []
        for cid, aid, text, when in self._docs.iter_chunk_texts(gen):
            ids.append(cid)
            aids.append(aid)
            texts.append(text)
            ts.append(when)
        rows = ChunkRows.of(ids, ts, aids)
        bm25 = BM25Index.build(rows, texts)
        vecs = self._store.vectors(self.collection(gen), ids)
        mirror = VectorMirror(rows, vecs) if vecs is not None else None
        self._save_side(gen, rows, bm25, mirror)
        version = self._docs.get_meta("lex_version", "0") or "0"
        side = _Side(gen, version, rows, bm25, mirror)
        if gen == self.gen:
            side = _Side(gen, str(time.time_ns()), rows, bm25, mirror)
            self._docs.set_meta("lex_version", side.version)
            self._side = side
        log.info("bm25 for %s g%s: %d chunks in %.2fs", self.name, gen, len(rows), time.perf_counter() - t)
        return side

    def _save_side(self, gen: int, rows: ChunkRows, bm25: BM25Index, mirror: VectorMirror | None) -> None:
        """Write a generation's side indexes into their folder, replacing it atomically."""
        folder = self._side_dir(gen)
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        rows.save(tmp)
        bm25.save(tmp)
        if mirror is not None:
            mirror.save(tmp)
        (tmp / "version").write_text(str(TOKENIZER_VERSION))
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            folder.rename(old)
        tmp.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
