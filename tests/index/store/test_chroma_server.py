"""Server mode: the same engine code against a real `chroma run` on 127.0.0.1 (the chroma_server fixture)."""

from __future__ import annotations

from pathlib import Path

from index.engine import Engine
from index.models import Article
from index.settings import Settings
from tests.fakes import HashEmbedder


def test_ingest_and_search_through_a_chroma_server(chroma_server: int, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", chroma_host="127.0.0.1", chroma_port=chroma_server)
    engine = Engine(settings, embedder=HashEmbedder(), reader=False)
    assert "server" in engine.store.where
    arts = [
        Article(id="s1", title="Tram strike ends", source="Test", text="Tram drivers ended their strike on Friday."),
        Article(id="s2", title="New bakery", source="Test", text="A bakery opened near the old mill."),
    ]
    rep = engine.ingest_articles(arts)
    assert rep.chunks_embedded == 2
    assert engine.search("tram drivers strike")[0].article_id == "s1"
    assert engine.ingest_articles(arts).chunks_embedded == 0
    assert not (tmp_path / "data" / "chroma").exists()  # nothing embedded on disk: the server holds the vectors
    engine.rebuild()
    assert engine.search("bakery mill")[0].article_id == "s2"


def test_bot_processes_on_one_chroma_server_share_the_embedding_cache(chroma_server: int, tmp_path: Path) -> None:
    arts = [Article(id="s1", title="Tram strike ends", source="Test", text="Tram drivers ended their strike.")]
    for name in ("one", "two"):  # two processes: their own data dirs, one server
        settings = Settings(data_dir=tmp_path / name, chroma_host="127.0.0.1", chroma_port=chroma_server)
        embedder = HashEmbedder()
        rep = Engine(settings, embedder=embedder).ingest_articles(arts, corpus=f"guild-{name}")
        assert (rep.chunks_embedded, rep.chunks_cached) == ((1, 0) if name == "one" else (0, 1))
    assert not list(tmp_path.rglob("embed-cache.sqlite3"))  # on the server, not in a data dir
