"""Incremental, idempotent ingest; removal; rebuild beside the live index (fake embedder)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from index.engine import Engine
from index.errors import RebuildInProgress
from index.models import Article

ARTICLES = [
    Article(id="a1", title="Port opens ferry line", source="Harbour Ledger",
            text="The port opened a ferry line to the islands. Tickets cost twelve euros.",
            published=datetime(2026, 11, 20, tzinfo=UTC)),
    Article(id="a2", title="Wind farm approved", source="Northwind Wire",
            text="The council approved an offshore wind farm. Fishermen protested outside the hall.",
            published=datetime(2026, 11, 21, tzinfo=UTC)),
    Article(id="a3", title="Library extends hours", source="Harbour Ledger",
            text="The city library will stay open until midnight during exams. Students welcomed the change."),
]


def test_reingesting_unchanged_articles_embeds_nothing(fake_engine: Engine) -> None:
    first = fake_engine.ingest_articles(ARTICLES)
    assert (first.articles_added, first.chunks_embedded) == (3, 3)
    again = fake_engine.ingest_articles(ARTICLES)
    assert (again.articles_added, again.articles_unchanged, again.chunks_embedded) == (0, 3, 0)
    assert fake_engine.stats().chunks == 3


def test_a_changed_article_has_its_old_chunks_replaced(fake_engine: Engine) -> None:
    fake_engine.ingest_articles(ARTICLES)
    changed = replace(ARTICLES[0], text="The port cancelled the ferry line after a storm damaged the pier.")
    rep = fake_engine.ingest_articles([changed])
    assert rep.articles_updated == 1
    hits = fake_engine.search("ferry pier storm", k=5)
    texts = [h.text for h in hits if h.article_id == "a1"]
    assert texts == [changed.text]  # only the new chunk of a1 is left, in Chroma and in BM25
    assert fake_engine.corpus().vector_count() == 3


def test_duplicates_and_empty_articles_are_reported_and_the_rest_ingested(fake_engine: Engine) -> None:
    dup = replace(ARTICLES[1], title="Copy", locator="other.json#0")
    empty = Article(id="a9", title="Nothing", text="   ", source="X", locator="empty.md")
    rep = fake_engine.ingest_articles([*ARTICLES, dup, empty])
    assert rep.articles_added == 3
    reasons = {e.source: e.error for e in rep.errors}
    assert "duplicate" in reasons["other.json#0"]
    assert "empty article" in reasons["empty.md"]


def test_time_filter_never_returns_articles_published_after_as_of(fake_engine: Engine) -> None:
    fake_engine.ingest_articles(ARTICLES)
    hits = fake_engine.search("wind farm council", as_of=datetime(2026, 11, 20, 12, tzinfo=UTC))
    assert "a2" not in {h.article_id for h in hits}
    hits = fake_engine.search("wind farm council", as_of=datetime(2026, 11, 22, tzinfo=UTC))
    assert hits[0].article_id == "a2"


def test_corpora_are_independent(fake_engine: Engine) -> None:
    fake_engine.ingest_articles(ARTICLES[:1], corpus="guild-a")
    fake_engine.ingest_articles(ARTICLES[1:2], corpus="guild-b")
    assert {h.article_id for h in fake_engine.search("ferry wind", corpus="guild-a")} == {"a1"}
    assert {h.article_id for h in fake_engine.search("ferry wind", corpus="guild-b")} == {"a2"}


def test_rebuild_switches_to_a_complete_new_generation(fake_engine: Engine) -> None:
    fake_engine.ingest_articles(ARTICLES)
    c = fake_engine.corpus()
    old = c.collection()
    seen = []
    rep = fake_engine.rebuild(progress=seen.append)
    assert (rep.articles, rep.chunks) == (3, 3)
    assert c.collection() != old and not fake_engine.store.exists(old)
    assert seen[-1].percent == 100
    assert fake_engine.search("library exams")[0].article_id == "a3"


def test_a_second_rebuild_while_one_runs_is_refused(fake_engine: Engine) -> None:
    fake_engine.ingest_articles(ARTICLES)
    c = fake_engine.corpus()
    with c.rebuild_lock, pytest.raises(RebuildInProgress):
        fake_engine.rebuild()


def test_a_rebuild_killed_halfway_leaves_the_old_index_serving(fake_engine: Engine, tmp_path: Path) -> None:
    many = [replace(ARTICLES[i % 3], id=f"n{i}", text=ARTICLES[i % 3].text + f" Item {i}.") for i in range(600)]
    fake_engine.ingest_articles(many)
    c = fake_engine.corpus()
    live, count = c.collection(), fake_engine.stats().chunks
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(Path(__file__).resolve().parents[3])!r})
        from pathlib import Path
        from index.engine import Engine
        from index.settings import Settings
        from tests.fakes import HashEmbedder
        import index.store.ingest
        index.store.ingest.BATCH_CHUNKS = 100  # several batches, so the kill lands in the middle
        calls = []
        class Dying(HashEmbedder):
            def embed_with_spans(self, texts, spans):
                calls.append(1)
                if len(calls) == 2:
                    os._exit(9)  # killed in the middle of the rebuild
                return super().embed_with_spans(texts, spans)
        # no embedding cache: the rebuild embeds every chunk again, and dies doing it
        settings = Settings(data_dir=Path({str(fake_engine.settings.data_dir)!r}), embed_cache_entries=0)
        Engine(settings, embedder=Dying()).rebuild()
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 9, proc.stderr
    fresh = Engine(fake_engine.settings, embedder=fake_engine.embedder)
    assert fresh.corpus().collection() == live
    assert fresh.stats().chunks == count
    assert fresh.search("wind farm fishermen")[0].title == "Wind farm approved"
    rep = fresh.rebuild()  # the leftovers of the killed run are cleared, and the next rebuild completes
    assert rep.chunks == count


def _write(folder: Path, name: str, title: str, body: str) -> None:
    (folder / name).write_text(f"---\ntitle: {title}\nsource: Test Desk\n---\n{body}\n", encoding="utf-8")


def test_files_removed_from_a_folder_take_their_articles_with_them(fake_engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    _write(folder, "a.md", "Bridge reopens", "The old bridge reopened after repairs.")
    _write(folder, "b.md", "Market moves", "The weekly market moved to the square.")
    assert fake_engine.ingest([str(folder)]).articles_added == 2
    (folder / "b.md").unlink()
    _write(folder, "a.md", "Bridge reopens", "The old bridge reopened after long repairs.")
    rep = fake_engine.ingest([str(folder)])
    assert (rep.articles_updated, rep.articles_removed) == (1, 1)
    assert [h.title for h in fake_engine.search("market square bridge")] == ["Bridge reopens"]


def test_removing_a_source_removes_its_articles(fake_engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    _write(folder, "a.md", "Bridge reopens", "The old bridge reopened after repairs.")
    fake_engine.ingest([str(folder)])
    fake_engine.ingest_articles(ARTICLES[:1])
    assert fake_engine.remove_source(str(folder)) == 1
    assert [h.article_id for h in fake_engine.search("bridge ferry")] == ["a1"]


def test_warm_up_loads_every_corpus_side_index(fake_engine: Engine) -> None:
    fake_engine.ingest_articles(ARTICLES, corpus="guild-a")
    fresh = Engine(fake_engine.settings, embedder=fake_engine.embedder)
    fresh.warm_up()
    assert fresh.corpus("guild-a").loaded  # the first question will not pay for loading it
