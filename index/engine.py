"""The answering engine: the one facade the CLI and the Discord bot both call.

The core is synchronous; each public call has an async twin (a-prefixed) that runs it in a worker thread, so
the bot's event loop never blocks on models, disks or networks.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import httpx
import numpy as np
from threadpoolctl import threadpool_limits

from index.answering.answer import answer_question
from index.answering.digest import make_digest
from index.answering.policy import QuotePolicy
from index.answering.question import Question, check_question, check_topic, time_span
from index.answering.reader import Reader
from index.answering.search import Candidate, Fusion, Mode, retrieve
from index.embedding import Embedder, describe_id, embedder_id, load_embedder
from index.errors import NewsbotError, SourceError, reason_about
from index.models import (
    Answer,
    Article,
    Digest,
    IngestError,
    IngestReport,
    RebuildProgress,
    RebuildReport,
    SearchResult,
    SourceInfo,
    Stats,
)
from index.settings import Settings, check_corpus
from index.sources.web import FetchLimits
from index.store import ingest as pipeline
from index.store.cache import EmbeddingCache, open_cache
from index.store.corpus import Corpus
from index.store.vectors import VectorStore
from index.text.timeexpr import parse_period

log = logging.getLogger(__name__)


def is_url(value: str) -> bool:
    """Whether an input names a web address rather than a path."""
    return value.startswith(("http://", "https://"))


def _drop_shared_copies(articles: Sequence[Article], report: IngestReport) -> list[Article]:
    """Later copies of a story already read at the same address (its id comes from its URL) in this batch.

    Two feeds or pages carrying one story give it twice; the second copy is already present, not an error.
    Copies without a URL that share an id are left to the ingest, which reports them.
    """
    kept: list[Article] = []
    urls: set[str] = set()
    for a in articles:
        if a.url and a.id.startswith("u:"):
            if a.id in urls:
                report.articles_unchanged += 1
                continue
            urls.add(a.id)
        kept.append(a)
    return kept


@functools.cache
def _one_blas_thread() -> None:
    """Hold numpy's OpenBLAS to one thread, once per process.

    Its threads keep spinning after each product and take the cores from the model's own threads: on 2 cores a
    query embedding right after a search took 3x as long (bench/query.py). numpy's products here are
    matrix-vector ones, for which one thread is enough.
    """
    threadpool_limits(limits=1, user_api="blas")


class Engine:
    """Ingest, search, answer and maintain any number of corpora."""

    def __init__(
        self,
        settings: Settings,
        *,
        embedder: Embedder | None = None,
        store: VectorStore | None = None,
        http: httpx.Client | None = None,
        fusion: Fusion = Fusion(),
        policy: QuotePolicy = QuotePolicy(),
        clock: Callable[[], datetime] | None = None,
        reader: Reader | bool = True,
    ) -> None:
        self.settings = settings
        self.clock = clock or (lambda: datetime.now(UTC))  # "now" for answers and first-seen dates
        _one_blas_thread()
        self.embedder: Embedder = embedder or load_embedder(
            settings.embed_model, settings.embed_device, settings.embed_batch_size,
            backend=settings.backend, cache_dir=settings.models_dir,
        )
        self.store = store or VectorStore(
            path=settings.data_dir / "chroma", host=settings.chroma_host, port=settings.chroma_port
        )
        # chunk vectors shared by every corpus and kept through rebuilds (None: off)
        self.embed_cache: EmbeddingCache | None = open_cache(
            settings.data_dir, self.store, settings.embed_cache_entries, server=settings.chroma_host is not None
        )
        self._http = http
        self.fusion = fusion
        self.policy = policy
        # the trained reader judges which sentences answer (True: the shipped one, when its files are there)
        shipped = Reader() if reader is True else None
        self.reader: Reader | None = reader if isinstance(reader, Reader) else (
            shipped if shipped is not None and shipped.available else None)
        self._corpora: dict[str, Corpus] = {}
        self._lock = threading.Lock()
        self._qcache: OrderedDict[str, np.ndarray] = OrderedDict()

    @property
    def model_name(self) -> str:
        """The embedding model in use."""
        return self.embedder.name.removeprefix("bundled:")

    @property
    def http(self) -> httpx.Client:
        """The HTTP client for pages and feeds (timeouts from the settings)."""
        if self._http is None:
            self._http = httpx.Client(
                timeout=httpx.Timeout(self.settings.http_timeout),
                follow_redirects=True,
                headers={"User-Agent": self.settings.user_agent},
            )
        return self._http

    @property
    def fetch_limits(self) -> FetchLimits:
        """How long and how large one download may be (from the settings)."""
        return FetchLimits(deadline=self.settings.http_deadline, max_bytes=int(self.settings.http_max_mb * 2**20))

    def embed_query(self, text: str) -> np.ndarray:
        """A question's vector; recent ones are remembered (paging and retries ask again)."""
        with self._lock:
            v = self._qcache.get(text)
            if v is not None:
                self._qcache.move_to_end(text)
                return v
        v = self.embedder.embed_query(text)
        with self._lock:
            self._qcache[text] = v
            if len(self._qcache) > 512:
                self._qcache.popitem(last=False)
        return v

    def warm_up(self) -> None:
        """Load the model and every corpus's side index now rather than on the first question."""
        self.embedder.embed_query("warm up")
        for name in self.corpora():
            try:
                c = self.corpus(name)
                c.warm()
                if why := pipeline.mismatch(c, self.embedder):
                    log.warning("%s", why)
            except NewsbotError as exc:  # a stray folder is no reason not to start
                log.warning("skipped corpus folder %s: %s", name, exc)

    def corpus(self, name: str = "default") -> Corpus:
        """A corpus by name, opened once."""
        with self._lock:
            c = self._corpora.get(name)
            if c is None:
                check_corpus(name)
                c = Corpus(name, self.settings.data_dir / "corpora" / name, self.store)
                self._corpora[name] = c
            return c

    def corpora(self) -> list[str]:
        """Names of the corpora on disk."""
        root = self.settings.data_dir / "corpora"
        return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.exists() else []

    # -- ingest --------------------------------------------------------------------------------------
    def ingest(
        self,
        inputs: Sequence[str],
        *,
        corpus: str = "default",
        progress: Callable[[int, int], None] | None = None,
    ) -> IngestReport:
        """Read files, folders and URLs (pages or feeds) into the corpus; failures are reported, not raised."""
        from index import sources

        c = self.corpus(corpus)
        report = IngestReport()
        articles: list[Article] = []
        for raw in inputs:
            if is_url(raw):
                try:
                    kind, found, errors = sources.fetch_source(raw, self.http, limits=self.fetch_limits)
                except SourceError as exc:
                    report.errors.append(IngestError(raw, reason_about(raw, exc)))
                    continue
                c.add_source(raw, kind)
                articles += found
                report.errors += errors
                continue
            path = Path(raw).expanduser()
            if not path.exists():
                report.errors.append(IngestError(raw, "no such file or folder"))
                continue
            origin = str(path.resolve())
            found, errors = sources.read_path(path.resolve())
            report.errors += errors
            articles += found
            c.add_source(origin, "path")
            if path.is_dir():
                # files gone from a folder take their articles with them
                keep = {a.id for a in found} | {e.source for e in errors}
                gone = [aid for aid in c.article_ids_by_origin(origin) if aid not in keep]
                report.articles_removed += pipeline.remove_articles(c, gone) if not errors else 0
        return self.ingest_articles(articles, corpus=corpus, report=report, progress=progress)

    def ingest_articles(
        self,
        articles: Sequence[Article],
        *,
        corpus: str = "default",
        report: IngestReport | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> IngestReport:
        """Store already-read articles; a story read twice at one address (two feeds carrying it) is stored once."""
        report = report or IngestReport()
        articles = _drop_shared_copies(articles, report)
        return pipeline.ingest_articles(
            self.corpus(corpus), self.embedder, articles,
            chunk_tokens=self.settings.chunk_tokens, cache=self.embed_cache, report=report, progress=progress,
            now=self.clock().timestamp(), max_chars=self.settings.max_article_chars,
        )

    def add_source(self, url: str, *, corpus: str = "default", kind: str = "feed") -> bool:
        """Follow a feed or page; False when it was followed already."""
        if not is_url(url):
            raise SourceError("a source must be an http:// or https:// address")
        return self.corpus(corpus).add_source(url, kind)

    def remove_source(self, url: str, *, corpus: str = "default") -> int:
        """Stop following a source and remove its articles; returns how many articles went."""
        c = self.corpus(corpus)
        key = url if is_url(url) or not Path(url).exists() else str(Path(url).resolve())
        ids = list(c.article_ids_by_origin(key))
        known = c.remove_source(key)
        if not known and not ids:
            raise SourceError(f"not a source of this index: {url}")
        return pipeline.remove_articles(c, ids)

    def sources(self, *, corpus: str = "default") -> list[SourceInfo]:
        """Followed sources."""
        return self.corpus(corpus).sources()

    def poll_feeds(self, *, corpus: str = "default") -> IngestReport:
        """Fetch every followed feed (conditional requests) and ingest what is new."""
        from index import sources

        c = self.corpus(corpus)
        report = IngestReport()
        if why := pipeline.mismatch(c, self.embedder):  # not polled, so nothing fetched now is missed later
            report.errors.append(IngestError(corpus, why))
            return report
        articles: list[Article] = []
        for src in c.sources():
            if src.kind not in ("feed", "page"):
                continue
            etag, modified = c.source_state(src.url)
            try:
                if src.kind == "feed":
                    res = sources.fetch_feed(src.url, self.http, etag=etag, modified=modified, limits=self.fetch_limits)
                    report.errors += res.errors
                    articles += res.articles
                    c.mark_polled(src.url, error=None, etag=res.etag, modified=res.modified)
                else:
                    articles += sources.fetch_url(src.url, self.http, limits=self.fetch_limits)
                    c.mark_polled(src.url, error=None)
            except SourceError as exc:
                report.errors.append(IngestError(src.url, reason_about(src.url, exc)))
                c.mark_polled(src.url, error=reason_about(src.url, exc))
        return self.ingest_articles(articles, corpus=corpus, report=report)

    def rebuild(
        self, *, corpus: str = "default", progress: Callable[[RebuildProgress], None] | None = None
    ) -> RebuildReport:
        """Rebuild the corpus's index beside the live one and switch when it is complete."""
        return pipeline.rebuild(
            self.corpus(corpus), self.embedder, chunk_tokens=self.settings.chunk_tokens, cache=self.embed_cache,
            progress=progress,
        )

    def is_rebuilding(self, *, corpus: str = "default") -> bool:
        """Whether a rebuild of the corpus is running."""
        return self.corpus(corpus).rebuild_lock.locked()

    def stats(self, *, corpus: str = "default") -> Stats:
        """Counts and freshness."""
        c = self.corpus(corpus)
        n = c.counts()
        built = c.embedded_with(legacy=f"{self.embedder.name}|torch")
        return Stats(corpus=corpus, articles=n.articles, chunks=n.chunks, newest_published=n.newest_published,
                     last_update=n.last_update, model=self.model_name,
                     encoder=describe_id(built or embedder_id(self.embedder)),
                     mismatch=pipeline.mismatch(c, self.embedder) or "")

    # -- questions -----------------------------------------------------------------------------------
    def _now(self, as_of: datetime | None) -> datetime:
        if as_of is None:
            return self.clock().astimezone(self.settings.tz)
        return as_of if as_of.tzinfo else as_of.replace(tzinfo=self.settings.tz)

    def candidates(
        self,
        query: str,
        *,
        corpus: str = "default",
        as_of: datetime | None = None,
        start: datetime | None = None,
        k: int = 10,
        mode: Mode = "hybrid",
        recency: bool = True,
    ) -> list[Candidate]:
        """Ranked chunks for a query, published no later than as_of (and no earlier than start)."""
        now = self._now(as_of)
        qvec = self.embed_query(query)
        return retrieve(
            self.corpus(corpus), query, qvec, k=k, start=start.timestamp() if start else None,
            end=now.timestamp(), mode=mode, prefer=time_span(None, now)[1] if recency else None, fusion=self.fusion,
        )

    def search(
        self, query: str, *, corpus: str = "default", as_of: datetime | None = None, k: int = 10, mode: Mode = "hybrid"
    ) -> list[SearchResult]:
        """Ranked passages with their articles."""
        query = check_question(query)
        c = self.corpus(corpus)
        cands = self.candidates(query, corpus=corpus, as_of=as_of, k=k, mode=mode)
        arts = c.articles([x.article_id for x in cands])
        chunks = c.chunks([x.chunk_id for x in cands])
        out: list[SearchResult] = []
        for cand in cands:
            a, ch = arts.get(cand.article_id), chunks.get(cand.chunk_id)
            if a is None or ch is None:
                continue
            art = a.article
            out.append(SearchResult(len(out) + 1, round(cand.score, 4), cand.chunk_id, art.id, art.title, art.source,
                                    art.published, art.url, art.text[ch.start : ch.end], ch.start, ch.end))
        return out

    def ask(
        self, question: str, *, corpus: str = "default", as_of: datetime | None = None, since: str | None = None
    ) -> Answer:
        """Answer a question with exact quotes, or abstain with the closest headlines."""
        return self.ask_traced(question, corpus=corpus, as_of=as_of, since=since)[0]

    def ask_traced(
        self, question: str, *, corpus: str = "default", as_of: datetime | None = None, since: str | None = None
    ) -> tuple[Answer, list[Candidate]]:
        """ask(), also returning the ranked chunks the answer was drawn from (for evaluation)."""
        q = Question.parse(question, self._now(as_of), self.settings.tz, since=since)
        return answer_question(self.corpus(corpus), q, self.embed_query(q.query), fusion=self.fusion,
                               policy=self.policy, reader=self.reader)

    def digest(
        self,
        topic: str | None,
        *,
        corpus: str = "default",
        period: str | None = None,
        as_of: datetime | None = None,
        exclude_article_ids: frozenset[str] | set[str] = frozenset(),
    ) -> Digest:
        """The period's distinct stories about a topic (top stories without one), each with one exact quote."""
        topic = check_topic(topic)
        now = self._now(as_of)
        window = parse_period(period or "7d", now, self.settings.tz)
        qvec = self.embed_query(topic) if topic else None
        return make_digest(
            self.corpus(corpus), topic, qvec, window=window, as_of=now, fusion=self.fusion,
            exclude=exclude_article_ids,
        )

    # -- async twins ---------------------------------------------------------------------------------
    async def aask(
        self, question: str, *, corpus: str = "default", as_of: datetime | None = None, since: str | None = None
    ) -> Answer:
        """ask() in a worker thread."""
        return await asyncio.to_thread(self.ask, question, corpus=corpus, as_of=as_of, since=since)

    async def aingest(self, inputs: Sequence[str], *, corpus: str = "default") -> IngestReport:
        """ingest() in a worker thread."""
        return await asyncio.to_thread(self.ingest, inputs, corpus=corpus)

    async def arebuild(
        self, *, corpus: str = "default", progress: Callable[[RebuildProgress], None] | None = None
    ) -> RebuildReport:
        """rebuild() in a worker thread."""
        return await asyncio.to_thread(self.rebuild, corpus=corpus, progress=progress)

    async def astats(self, *, corpus: str = "default") -> Stats:
        """stats() in a worker thread."""
        return await asyncio.to_thread(self.stats, corpus=corpus)

    async def apoll_feeds(self, *, corpus: str = "default") -> IngestReport:
        """poll_feeds() in a worker thread."""
        return await asyncio.to_thread(self.poll_feeds, corpus=corpus)

    async def asources(self, *, corpus: str = "default") -> list[SourceInfo]:
        """sources() in a worker thread."""
        return await asyncio.to_thread(self.sources, corpus=corpus)

    async def aremove_source(self, url: str, *, corpus: str = "default") -> int:
        """remove_source() in a worker thread."""
        return await asyncio.to_thread(self.remove_source, url, corpus=corpus)

    async def adigest(
        self,
        topic: str | None,
        *,
        corpus: str = "default",
        period: str | None = None,
        as_of: datetime | None = None,
        exclude_article_ids: frozenset[str] | set[str] = frozenset(),
    ) -> Digest:
        """digest() in a worker thread."""
        return await asyncio.to_thread(
            self.digest, topic, corpus=corpus, period=period, as_of=as_of, exclude_article_ids=exclude_article_ids
        )

    def close(self) -> None:
        """Release the HTTP client."""
        if self._http is not None:
            self._http.close()
