"""Server mode: the same engine code against a real `chroma run` on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from index.engine import Engine
from index.models import Article
from index.settings import Settings
from tests.fakes import HashEmbedder


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    exe = shutil.which("chroma", path=str(Path(sys.executable).parent))
    assert exe, "the chroma command (from the chromadb package) is missing"
    port = _free_port()
    proc = subprocess.Popen(
        [exe, "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, "chroma run exited at start"
            assert time.monotonic() < deadline, "chroma run did not answer its heartbeat"
            time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_ingest_and_search_through_a_chroma_server(chroma_server: int, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", chroma_host="127.0.0.1", chroma_port=chroma_server)
    engine = Engine(settings, embedder=HashEmbedder())
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
