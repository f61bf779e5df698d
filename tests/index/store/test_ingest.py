"""Incremental, idempotent ingest; removal; rebuild beside the live index (fake embedder)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

import index.store.ingest
from index.engine import Engine
from index.errors import RebuildInProgress
from index.models import Article
from index.settings import Settings
from index.text.tokens import tokenize
from tests.fakes import HashEmbedder

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


def test_warm_up_loads_the_corpora_it_is_given_and_leaves_the_others_to_their_first_use(fake_engine: Engine) -> None:
    fake_engine.ingest_articles(ARTICLES, corpus="guild-a")
    fake_engine.ingest_articles(ARTICLES, corpus="guild-b")
    fresh = Engine(fake_engine.settings, embedder=fake_engine.embedder)
    fresh.warm_up(["guild-a"])
    assert fresh.loaded_corpora() == ["guild-a"]  # memory follows the corpora in use, not all on disk
    assert fresh.corpus("guild-a").loaded  # the first question will not pay for loading it


@pytest.mark.parametrize("text", ["년", "It is what it is."])
def test_a_first_article_without_a_usable_word_is_stored_and_the_corpus_keeps_working(
    fake_engine: Engine, text: str
) -> None:
    odd = Article(id="odd", title="", text=text, source="Feed")
    first = fake_engine.ingest_articles([odd])
    assert (first.articles_added, first.errors) == (1, [])
    assert [h.article_id for h in fake_engine.search("ferry islands", k=3)] in ([], ["odd"])
    fake_engine.ingest_articles(ARTICLES)
    assert fake_engine.search("ferry islands tickets", k=3)[0].article_id == "a1"


# --- long articles: bounded batches, progress, a size limit ------------------------------------------------


class _CountingEmbedder(HashEmbedder):
    """The fake embedder, remembering how many texts each encode call got."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def embed_with_spans(self, texts, spans):  # type: ignore[no-untyped-def]
        self.sizes.append(len(texts))
        return super().embed_with_spans(texts, spans)


def _long_text(paragraphs: int) -> str:
    words = ["harbour", "council", "ferry", "quay", "breakwater", "storm", "island", "school", "roof", "winter", "fishing", "board", "crew", "bridge"]
    out = []
    for p in range(paragraphs):
        sentence = " ".join(words[(p + i) % len(words)] for i in range(12))
        out.append(f"{sentence.capitalize()} number {p}. The board met again on day {p} to talk it over.")
    return "\n".join(out)


def test_a_long_article_is_streamed_to_the_embedder_in_bounded_batches_with_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index.store.ingest, "BATCH_CHUNKS", 8)
    embedder = _CountingEmbedder()
    engine = Engine(Settings(data_dir=tmp_path / "data"), embedder=embedder)
    try:
        long = Article(id="long", title="The long harbour record", source="Quay", text=_long_text(60))
        seen: list[tuple[int, int]] = []
        report = engine.ingest_articles([long, *ARTICLES], progress=lambda done, total: seen.append((done, total)))
        total = report.chunks_embedded
        assert total > 2 * 8 and (report.articles_added, report.errors) == (4, [])
        assert max(embedder.sizes) <= 8 and sum(embedder.sizes) == total  # never the whole article at once
        assert engine.stats().chunks == total
        assert [d for d, _ in seen] == sorted(d for d, _ in seen) and seen[-1] == (total, total) and len(seen) > 4
        last = engine.search("board met again on day 59", k=3)
        assert last[0].article_id == "long" and "day 59" in last[0].text
        again = engine.ingest_articles([long])
        assert (again.articles_unchanged, again.chunks_embedded) == (1, 0)
    finally:
        engine.close()


def test_an_article_over_the_size_limit_is_reported_and_the_rest_of_the_folder_goes_in(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    big = folder / "a-huge-dump.txt"
    with big.open("w", encoding="utf-8") as f:
        f.write("An enormous harbour dump\n")
        n = 0
        while f.tell() < 3 * 2**20:  # a generated 3 MB text file, no two paragraphs alike
            n += 1
            f.write(f"Entry {n} of the log: the harbour board met on the quay and talked about the ferry.\n")
    _write(folder, "b-story.txt", "Port opens ferry line", ARTICLES[0].text)
    settings = Settings(data_dir=tmp_path / "data", max_article_mb=1)
    engine = Engine(settings, embedder=_CountingEmbedder())
    try:
        report = engine.ingest([str(folder)])
        assert report.articles_added == 1
        [error] = report.errors
        assert error.source == str(folder.resolve() / "a-huge-dump.txt")
        assert error.error == "article too long to index (3.0 MB of text; the limit is 1 MB, NEWSBOT_MAX_ARTICLE_MB)"
        assert engine.stats().articles == 1
    finally:
        engine.close()


def test_what_is_worked_out_about_the_indexed_text_is_worked_out_again_once_it_changes(fake_engine: Engine) -> None:
    fake_engine.ingest_articles(ARTICLES[:1])
    corpus = fake_engine.corpus()
    calls: list[int] = []

    def work_out() -> int:
        calls.append(1)
        return len(calls)

    assert corpus.known("a fact", work_out) == 1 and corpus.known("a fact", work_out) == 1  # once
    fake_engine.ingest_articles(ARTICLES[1:2])
    assert fake_engine.corpus().known("a fact", work_out) == 2  # the text changed: worked out again


def test_the_terms_each_chunk_holds_are_read_from_the_index(fake_engine: Engine) -> None:
    fake_engine.ingest_articles(ARTICLES[:2])
    corpus = fake_engine.corpus()
    ferry, wind = tokenize(["ferry wind"])[0]
    ids = sorted(corpus.chunk_ids())  # one chunk each: a1's, then a2's
    assert corpus.terms_held([*ids, "a9:0:none"], [ferry, wind]) == [{ferry}, {wind}, set()]
