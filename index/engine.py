"""The answering engine: the one facade the CLI and the Discord bot both call.

The core is synchronous; each public call has an async twin (a-prefixed) that runs it in a worker thread, so
the bot's event loop never blocks on models, disks or networks. The twins use two pools of their own: answering
(questions, digests, searches and quick reads) and jobs (ingests, feed polls, source removals, rebuilds), so
however many long jobs are queued, a question always finds a worker. Corpora open on first use and close again
after `corpus_idle_minutes` unused (`unload_idle`), so memory follows the corpora in use.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

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
from index.errors import NewsbotError, RebuildInProgress, SourceError, reason_about
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
from index.store import ingest as pipeline
from index.store.cache import EmbeddingCache, open_cache
from index.store.corpus import Corpus
from index.store.vectors import VectorStore
from index.text.timeexpr import parse_period

if TYPE_CHECKING:
    from index.sources.web import FetchLimits

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


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
        ticker: Callable[[], float] | None = None,
        reader: Reader | bool = True,
    ) -> None:
        self.settings = settings
        self.clock = clock or (lambda: datetime.now(UTC))  # "now" for answers and first-seen dates
        self.ticker = ticker or time.monotonic  # seconds, for "unused for a while"
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
        self._used: dict[str, float] = {}  # corpus -> ticker() at its last use
        self._corpus_locks: dict[str, tuple[threading.RLock, threading.Lock]] = {}  # outlive unloading
        self._lock = threading.Lock()
        self._qcache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._answering = ThreadPoolExecutor(settings.answer_threads, thread_name_prefix="newsbot-answer")
        self._jobs = ThreadPoolExecutor(settings.job_threads, thread_name_prefix="newsbot-job")

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
        from index.sources.web import FetchLimits  # the fetching stack loads only when something is fetched

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

    def forget_queries(self) -> None:
        """Forget the remembered question vectors (benchmarks time each question's embedding)."""
        with self._lock:
            self._qcache.clear()

    def warm_up(self, corpora: Sequence[str] = ()) -> None:
        """Load the model now rather than on the first question, and the side indexes of the given corpora
        (the others load on first use)."""
        self.embedder.embed_query("warm up")
        for name in corpora:
            try:
                c = self.corpus(name)
                c.warm()
                if why := pipeline.mismatch(c, self.embedder):
                    log.warning("%s", why)
            except NewsbotError as exc:  # a stray folder is no reason not to start
                log.warning("skipped corpus folder %s: %s", name, exc)

    def corpus(self, name: str = "default") -> Corpus:
        """A corpus by name, opened on first use (and again after unload_idle closed it)."""
        with self._lock:
            c = self._corpora.get(name)
            if c is None:
                check_corpus(name)
                write, rebuild = self._corpus_locks.setdefault(name, (threading.RLock(), threading.Lock()))
                c = Corpus(name, self.settings.data_dir / "corpora" / name, self.store, write_lock=write,
                           rebuild_lock=rebuild)
                self._corpora[name] = c
            self._used[name] = self.ticker()
            return c

    def loaded_corpora(self) -> list[str]:
        """The corpora open in this process, by name."""
        with self._lock:
            return sorted(self._corpora)

    def unload_idle(self, idle_seconds: float | None = None) -> list[str]:
        """Close the corpora unused for `idle_seconds` (default: the corpus_idle_minutes setting), so their side
        indexes leave memory; a write or rebuild in progress keeps its corpus. Returns the names closed."""
        limit = self.settings.corpus_idle_minutes * 60.0 if idle_seconds is None else idle_seconds
        now = self.ticker()
        with self._lock:
            idle = [n for n, c in self._corpora.items() if now - self._used.get(n, now) >= limit and not c.busy]
            for name in idle:
                del self._corpora[name]
                self._used.pop(name, None)
        if idle:
            log.info("closed %d corpora unused for %.0f minutes: %s", len(idle), limit / 60, ", ".join(idle))
        return idle

    def drop_corpus(self, name: str) -> bool:
        """Delete a corpus for good (documents, vectors, side indexes); False when there was none.

        A running rebuild of it raises RebuildInProgress; an ingest in progress finishes first.
        """
        check_corpus(name)
        exists = (self.settings.data_dir / "corpora" / name).exists()
        if not exists and name not in self.loaded_corpora():
            return False
        c = self.corpus(name)
        if not c.rebuild_lock.acquire(blocking=False):
            raise RebuildInProgress(f"the index {name} is being rebuilt; try again when it has finished")
        try:
            with c.write_lock:
                c.destroy()
                with self._lock:
                    self._corpora.pop(name, None)
                    self._used.pop(name, None)
        finally:
            c.rebuild_lock.release()
        return True

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
        topic = q.topic_text if self.policy.topic_similarity else None
        return answer_question(self.corpus(corpus), q, self.embed_query(q.query), fusion=self.fusion,
                               policy=self.policy, reader=self.reader,
                               topic_vec=self.embed_query(topic) if topic else None, embed=self.embed_query)

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
    async def _answer(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a quick call on the answering pool."""
        return await self._in(self._answering, fn, *args, **kwargs)

    async def _job(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a long job on the jobs pool (queued behind others when every job worker is busy)."""
        return await self._in(self._jobs, fn, *args, **kwargs)

    @staticmethod
    async def _in(pool: ThreadPoolExecutor, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        loop = asyncio.get_running_loop()
        call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
        return await loop.run_in_executor(pool, call)

    async def aask(
        self, question: str, *, corpus: str = "default", as_of: datetime | None = None, since: str | None = None
    ) -> Answer:
        """ask() on the answering pool."""
        return await self._answer(self.ask, question, corpus=corpus, as_of=as_of, since=since)

    async def asearch(
        self, query: str, *, corpus: str = "default", as_of: datetime | None = None, k: int = 10, mode: Mode = "hybrid"
    ) -> list[SearchResult]:
        """search() on the answering pool."""
        return await self._answer(self.search, query, corpus=corpus, as_of=as_of, k=k, mode=mode)

    async def adigest(
        self,
        topic: str | None,
        *,
        corpus: str = "default",
        period: str | None = None,
        as_of: datetime | None = None,
        exclude_article_ids: frozenset[str] | set[str] = frozenset(),
    ) -> Digest:
        """digest() on the answering pool."""
        return await self._answer(
            self.digest, topic, corpus=corpus, period=period, as_of=as_of, exclude_article_ids=exclude_article_ids
        )

    async def astats(self, *, corpus: str = "default") -> Stats:
        """stats() on the answering pool."""
        return await self._answer(self.stats, corpus=corpus)

    async def asources(self, *, corpus: str = "default") -> list[SourceInfo]:
        """sources() on the answering pool."""
        return await self._answer(self.sources, corpus=corpus)

    async def ais_rebuilding(self, *, corpus: str = "default") -> bool:
        """is_rebuilding() on the answering pool (opening a corpus touches the disk)."""
        return await self._answer(self.is_rebuilding, corpus=corpus)

    async def aunload_idle(self, idle_seconds: float | None = None) -> list[str]:
        """unload_idle() on the answering pool."""
        return await self._answer(self.unload_idle, idle_seconds)

    async def aingest(self, inputs: Sequence[str], *, corpus: str = "default") -> IngestReport:
        """ingest() on the jobs pool."""
        return await self._job(self.ingest, inputs, corpus=corpus)

    async def arebuild(
        self, *, corpus: str = "default", progress: Callable[[RebuildProgress], None] | None = None
    ) -> RebuildReport:
        """rebuild() on the jobs pool."""
        return await self._job(self.rebuild, corpus=corpus, progress=progress)

    async def apoll_feeds(self, *, corpus: str = "default") -> IngestReport:
        """poll_feeds() on the jobs pool."""
        return await self._job(self.poll_feeds, corpus=corpus)

    async def aremove_source(self, url: str, *, corpus: str = "default") -> int:
        """remove_source() on the jobs pool."""
        return await self._job(self.remove_source, url, corpus=corpus)

    async def adrop_corpus(self, name: str) -> bool:
        """drop_corpus() on the jobs pool."""
        return await self._job(self.drop_corpus, name)

    def close(self) -> None:
        """Stop the worker pools (queued calls are cancelled) and release the HTTP client."""
        self._answering.shutdown(wait=False, cancel_futures=True)
        self._jobs.shutdown(wait=False, cancel_futures=True)
        if self._http is not None:
            self._http.close()
