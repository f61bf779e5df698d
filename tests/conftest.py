"""Shared fixtures: engines over a temporary data dir, with a fake or the real bundled model."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from index import Engine, Settings, load_embedder, use_offline_defaults
from tests.fakes import HashEmbedder

use_offline_defaults()
# engines built from settings alone (the CLI's) use torch: the int8 tests share the session's one export
os.environ.setdefault("EMBED_BACKEND", "torch")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# The third-party reference page the product was specified from: beside the repository in CI, absent from a
# plain clone. NEWSBOT_TEST_SEED points the tests elsewhere (e.g. at a missing path, to run them as a clone would).
SEED = Path(os.environ.get("NEWSBOT_TEST_SEED") or SHARED / "seed" / "000_3fbcc37a8be9263c.txt")
SEED_ABSENT = f"the reference page {SEED} is not beside this clone (../shared/seed; CI has it)"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason=SEED_ABSENT)
SAMPLE_NEWS = ROOT / "sample_news"
# Our own saved page, written for the tests in the shape of the reference page (see tests/fixtures/sources).
SAVED_PAGE = ROOT / "tests" / "fixtures" / "sources" / "alliance_page.txt"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings over an empty temporary data dir."""
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def fake_engine(settings: Settings) -> Iterator[Engine]:
    """An engine with the hashing embedder: fast, for unit tests."""
    engine = Engine(settings, embedder=HashEmbedder(), reader=False)
    # a bag-of-words vector's cosine is word overlap, and people seldom repeat the words they are asked about: the
    # bundled model's bar for words on another point of a story means nothing to it
    engine.policy = replace(engine.policy, speaker_off_topic=None)
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def real_embedder():  # type: ignore[no-untyped-def]
    """The bundled all-MiniLM-L6-v2 on torch (fp32), loaded once per test session."""
    return load_embedder("bundled:all-MiniLM-L6-v2", backend="torch")


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the test session keeps its ONNX exports (made once per session)."""
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def int8_embedder(models_dir: Path):  # type: ignore[no-untyped-def]
    """The bundled model exported to ONNX and quantized to int8, for real: once per test session."""
    embedder = load_embedder("bundled:all-MiniLM-L6-v2", backend="onnx-int8", cache_dir=models_dir)
    assert embedder.backend == "onnx-int8"  # exports now
    return embedder


@pytest.fixture
def real_engine(settings: Settings, real_embedder) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    """An engine with the real model and a real embedded Chroma in a temporary folder."""
    engine = Engine(settings, embedder=real_embedder)
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The reference page the product was specified from (in ../shared, as in CI); skips the test without it."""
    if not SEED.exists():
        pytest.skip(SEED_ABSENT)
    return SEED


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    """A real `chroma run` on a free 127.0.0.1 port (its data in tmp_path); yields the port."""
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
