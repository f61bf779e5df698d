"""The engine's worker pools, corpora that open on first use and close when idle, and deleting a corpus."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from index.answering.reader import Candidate
from index.engine import Engine
from index.errors import RebuildInProgress
from index.models import Article
from index.settings import Settings
from tests.fakes import FakeReader, HashEmbedder

ARTICLES = [
    Article(id="t1", title="Tram strike ends", source="Test", text="Tram drivers ended their strike on Friday."),
    Article(id="b1", title="New bakery", source="Test", text="A bakery opened near the old mill."),
]


@dataclass
class Ticker:
    now: float = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def ticker() -> Ticker:
    return Ticker()


@pytest.fixture
def engine(tmp_path: Path, ticker: Ticker) -> Iterator[Engine]:
    settings = Settings(data_dir=tmp_path / "data", job_threads=1, answer_threads=2, corpus_idle_minutes=10)
    engine = Engine(settings, embedder=HashEmbedder(), ticker=ticker, reader=False)
    yield engine
    engine.close()


async def test_questions_are_answered_while_long_jobs_hold_every_job_worker(engine: Engine) -> None:
    engine.ingest_articles(ARTICLES)
    release = threading.Event()
    started = threading.Event()

    def slow_poll(*, corpus: str = "default") -> object:
        started.set()
        release.wait(timeout=30)
        return None

    engine.poll_feeds = slow_poll  # type: ignore[method-assign]
    jobs = [asyncio.ensure_future(engine.apoll_feeds()) for _ in range(3)]  # one runs, two wait their turn
    try:
        await asyncio.to_thread(started.wait, 10)
        answer = await asyncio.wait_for(engine.aask("Did the tram drivers end their strike?"), 30)
        found = await asyncio.wait_for(engine.asearch("bakery mill"), 30)
        assert answer.quotes and found[0].article_id == "b1"
        assert not any(job.done() for job in jobs)
    finally:
        release.set()
        await asyncio.gather(*jobs)


class ThreadNoting(FakeReader):
    """A fake reader that notes the thread each question is read on."""

    def __init__(self, *phrases: str) -> None:
        super().__init__(*phrases)
        self.threads: list[str] = []

    def score(self, question: str, candidates: Sequence[Candidate]) -> np.ndarray:
        self.threads.append(threading.current_thread().name)
        return super().score(question, candidates)


async def test_a_question_is_read_by_the_reader_on_the_answering_pool(tmp_path: Path) -> None:
    reader = ThreadNoting("tram drivers")
    engine = Engine(Settings(data_dir=tmp_path / "data", answer_threads=1, job_threads=1),
                    embedder=HashEmbedder(), reader=reader)
    try:
        engine.ingest_articles(ARTICLES)
        answer = await asyncio.wait_for(engine.aask("Did the tram drivers end their strike?"), 30)
    finally:
        engine.close()
    assert answer.quotes and "Tram drivers ended their strike" in answer.quotes[0].text
    assert reader.threads and all(name.startswith("newsbot-answer") for name in reader.threads)


def test_a_corpus_unused_for_the_idle_setting_closes_and_reopens_on_its_next_use(
    engine: Engine, ticker: Ticker
) -> None:
    engine.ingest_articles(ARTICLES, corpus="quiet")
    engine.ingest_articles(ARTICLES, corpus="busy")
    assert engine.search("bakery", corpus="quiet") and engine.corpus("quiet").loaded
    ticker.now += 6 * 60
    engine.search("tram", corpus="busy")
    ticker.now += 5 * 60  # quiet: 11 minutes unused, busy: 5
    assert engine.unload_idle() == ["quiet"]
    assert engine.loaded_corpora() == ["busy"]
    assert engine.search("bakery", corpus="quiet")[0].article_id == "b1"  # opened again, from disk
    assert engine.loaded_corpora() == ["busy", "quiet"]


def test_a_corpus_held_by_a_write_stays_open_and_a_reopened_corpus_shares_its_locks(
    engine: Engine, ticker: Ticker
) -> None:
    engine.ingest_articles(ARTICLES, corpus="held")
    first = engine.corpus("held")
    with first.write_lock:
        ticker.now += 3600
        done = threading.Event()
        threading.Thread(target=lambda: (engine.unload_idle(), done.set())).start()
        assert done.wait(10)
        assert "held" in engine.loaded_corpora()  # a write in progress keeps it
    ticker.now += 3600
    assert engine.unload_idle() == ["held"]
    again = engine.corpus("held")
    assert again is not first and again.write_lock is first.write_lock and again.rebuild_lock is first.rebuild_lock


def test_dropping_a_corpus_deletes_its_documents_vectors_and_side_indexes(engine: Engine) -> None:
    engine.ingest_articles(ARTICLES, corpus="gone")
    engine.ingest_articles(ARTICLES, corpus="gone-2")  # a name that starts the same is left alone
    engine.rebuild(corpus="gone")
    folder = engine.settings.data_dir / "corpora" / "gone"
    assert folder.exists() and [n for n in engine.store.list_names() if n.startswith("nb-gone-g")]
    assert engine.drop_corpus("gone") is True
    assert not folder.exists() and "gone" not in engine.loaded_corpora()
    assert not [n for n in engine.store.list_names() if n.startswith("nb-gone-g")]
    assert engine.stats(corpus="gone-2").articles == 2
    assert engine.drop_corpus("gone") is False
    assert engine.drop_corpus("never") is False and not (engine.settings.data_dir / "corpora" / "never").exists()


def test_a_corpus_being_rebuilt_is_not_dropped(engine: Engine) -> None:
    engine.ingest_articles(ARTICLES, corpus="busy")
    lock = engine.corpus("busy").rebuild_lock
    with lock, pytest.raises(RebuildInProgress):
        engine.drop_corpus("busy")
    assert engine.stats(corpus="busy").articles == 2


def test_the_pools_and_the_idle_time_come_from_the_environment() -> None:
    s = Settings.from_env({"NEWSBOT_ANSWER_THREADS": "6", "NEWSBOT_JOB_THREADS": "3",
                           "NEWSBOT_CORPUS_IDLE_MINUTES": "15"})
    assert (s.answer_threads, s.job_threads, s.corpus_idle_minutes) == (6, 3, 15.0)
