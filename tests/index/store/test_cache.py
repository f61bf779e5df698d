"""The embedding cache: each unique chunk embedded once across corpora and rebuilds; bounded; backends never mix."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from index import EmbedderMismatch, Engine, Settings
from index.store.cache import ChromaCache, SqliteCache, cache_key
from index.store.vectors import VectorStore
from tests.fakes import HashEmbedder
from tests.index.store.test_ingest import ARTICLES


def test_a_second_corpus_with_the_same_articles_embeds_no_chunk(settings: Settings) -> None:
    embedder = HashEmbedder()
    engine = Engine(settings, embedder=embedder)
    first = engine.ingest_articles(ARTICLES, corpus="guild-a")
    assert (first.chunks_embedded, first.chunks_cached) == (3, 0)
    second = engine.ingest_articles(ARTICLES, corpus="guild-b")
    assert (second.articles_added, second.chunks_embedded, second.chunks_cached) == (3, 0, 3)
    assert embedder.calls == 3  # the model saw each chunk once
    a, b = engine.corpus("guild-a"), engine.corpus("guild-b")
    ids = a.chunk_ids()
    assert np.array_equal(a.vectors(ids), b.vectors(ids))  # the cached vectors are the computed ones
    assert [h.article_id for h in engine.search("ferry islands", corpus="guild-b")][:1] == ["a1"]


def test_a_process_on_the_same_data_dir_shares_the_cache(settings: Settings) -> None:
    Engine(settings, embedder=HashEmbedder()).ingest_articles(ARTICLES, corpus="one")
    other = HashEmbedder()
    rep = Engine(settings, embedder=other).ingest_articles(ARTICLES, corpus="two")
    assert (rep.chunks_embedded, rep.chunks_cached, other.calls) == (0, 3, 0)


def test_a_full_rebuild_of_an_unchanged_corpus_embeds_nothing(settings: Settings) -> None:
    embedder = HashEmbedder()
    engine = Engine(settings, embedder=embedder)
    engine.ingest_articles(ARTICLES)
    rep = engine.rebuild()
    assert (rep.chunks, rep.chunks_embedded, rep.chunks_cached, embedder.calls) == (3, 0, 3, 3)
    changed = replace(ARTICLES[0], text="The port cancelled the ferry line after a storm damaged the pier.")
    assert engine.ingest_articles([changed]).chunks_embedded == 1  # new text: a miss


def test_the_cache_is_per_backend(settings: Settings) -> None:
    Engine(settings, embedder=HashEmbedder("torch")).ingest_articles(ARTICLES, corpus="one")
    rep = Engine(settings, embedder=HashEmbedder("onnx-int8")).ingest_articles(ARTICLES, corpus="two")
    assert (rep.chunks_embedded, rep.chunks_cached) == (3, 0)


def test_without_a_cache_every_chunk_is_embedded(settings: Settings) -> None:
    engine = Engine(settings.with_(embed_cache_entries=0), embedder=HashEmbedder())
    assert engine.embed_cache is None
    engine.ingest_articles(ARTICLES, corpus="one")
    assert engine.ingest_articles(ARTICLES, corpus="two").chunks_embedded == 3


def _entries(n: int, start: int = 0) -> dict[bytes, tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(start)
    return {cache_key("m|b", f"text {i}", [(0, 4)]): (rng.normal(size=8).astype(np.float32),
                                                       rng.normal(size=(2, 8)).astype(np.float32))
            for i in range(start, start + n)}


@pytest.mark.parametrize("kind", ["sqlite", "chroma"])
def test_the_cache_is_bounded_and_evicts_the_least_recently_used(kind: str, tmp_path: Path) -> None:
    cache = (SqliteCache(tmp_path / "c.sqlite3", max_entries=10) if kind == "sqlite"
             else ChromaCache(VectorStore(path=tmp_path / "chroma"), max_entries=10))
    first = _entries(6)
    cache.put("m|b", first)
    keep = list(first)[:2]
    assert len(cache.get("m|b", keep)) == 2  # used again: these stay
    cache.put("m|b", _entries(6, start=100))  # 12 > 10: down to 9
    held = cache.get("m|b", [*first, *_entries(6, start=100)])
    assert len(held) == 9
    assert all(k in held for k in keep)
    assert sum(k in held for k in list(first)[2:]) == 1  # three of the four unused old ones went
    vec, spans = held[keep[0]]
    assert np.allclose(vec, first[keep[0]][0], rtol=0, atol=1e-6)  # chunk vectors as float32
    assert np.allclose(spans, first[keep[0]][1], atol=1e-2)  # span vectors as float16, as the corpus keeps them


def test_a_mixed_backend_is_refused_while_the_old_index_keeps_serving(settings: Settings) -> None:
    old = Engine(settings, embedder=HashEmbedder("torch"))
    old.ingest_articles(ARTICLES)
    new = Engine(settings, embedder=HashEmbedder("onnx-int8"))
    more = replace(ARTICLES[0], id="a4", text="The ferry line adds a night crossing in summer.")
    with pytest.raises(EmbedderMismatch) as exc:
        new.ingest_articles([more])
    msg = str(exc.value)
    assert "fake-hash (torch)" in msg and "fake-hash (onnx-int8)" in msg
    assert "`newsbot index rebuild`" in msg and "`/reindex`" in msg
    assert new.stats().chunks == 3 and new.search("wind farm fishermen")[0].article_id == "a2"  # still serving
    assert new.stats().mismatch == msg and new.stats().encoder == "fake-hash (torch)"
    assert new.ingest_articles(ARTICLES).articles_unchanged == 3  # nothing to embed: nothing refused
    polled = new.poll_feeds()  # feeds wait, unpolled, for the rebuild: what they bring now isn't missed later
    assert [e.error for e in polled.errors] == [msg] and polled.articles_added == 0

    rep = new.rebuild()  # the way over: the whole index re-embedded with the new backend
    assert rep.chunks_embedded == 3
    assert new.stats().encoder == "fake-hash (onnx-int8)" and not new.stats().mismatch
    assert new.ingest_articles([more]).articles_added == 1
    with pytest.raises(EmbedderMismatch):
        old.ingest_articles([replace(more, id="a5")])  # now the old encoder is the other one


def test_an_index_from_before_backends_counts_as_torch(settings: Settings) -> None:
    engine = Engine(settings, embedder=HashEmbedder("torch"))
    engine.ingest_articles(ARTICLES)
    engine.corpus()._docs.set_meta("embedder", "")  # as an index built before the embedder was recorded
    assert engine.corpus().embedded_with(legacy="x|torch") == "x|torch"
    assert engine.ingest_articles([replace(ARTICLES[0], id="a4")]).articles_added == 1
    assert engine.stats().encoder == "fake-hash (torch)"
