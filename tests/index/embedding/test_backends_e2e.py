"""End to end on the int8 encoder: the real bundled model exported to ONNX, a real Chroma, the sample news."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from index import EmbedderMismatch, Engine, Settings
from tests.conftest import ROOT, SAMPLE_NEWS

MORIOKA = "what did Morioka say about drones?"


def _exact(engine: Engine, answer: Any) -> bool:
    arts = engine.corpus().articles([q.article_id for q in answer.quotes])
    return all(arts[q.article_id].article.text[q.start : q.end] == q.text for q in answer.quotes)


def test_a_torch_index_keeps_answering_under_int8_refuses_new_vectors_and_moves_over_by_rebuild(
    tmp_path: Path, real_embedder: Any, int8_embedder: Any
) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    built = Engine(settings, embedder=real_embedder).ingest([str(SAMPLE_NEWS)])
    assert built.errors == [] and built.chunks_embedded > 0

    engine = Engine(settings, embedder=int8_embedder)
    before = engine.ask(MORIOKA)  # the old index keeps serving
    assert not before.abstained and "Morioka" in (before.quotes[0].speaker or "") and _exact(engine, before)
    assert "rebuild" in engine.stats().mismatch

    article = engine.corpus().articles([before.quotes[0].article_id])[before.quotes[0].article_id].article
    with pytest.raises(EmbedderMismatch, match=r"all-MiniLM-L6-v2 \(torch\).*all-MiniLM-L6-v2 \(onnx-int8\)"):
        engine.ingest_articles([replace(article, id="copy", text=article.text + " More to come.")])
    assert engine.stats().chunks == built.chunks_embedded  # nothing of the refused ingest was stored

    rebuilt = engine.rebuild()
    assert rebuilt.chunks_embedded == rebuilt.chunks == built.chunks_embedded  # torch's cached vectors don't count
    assert engine.stats().encoder == "all-MiniLM-L6-v2 (onnx-int8)" and not engine.stats().mismatch
    after = engine.ask(MORIOKA)
    assert not after.abstained and after.quotes[0].article_id == before.quotes[0].article_id and _exact(engine, after)

    again = engine.ingest([str(SAMPLE_NEWS)], corpus="second-guild")  # the same articles: all from the cache
    assert (again.chunks_embedded, again.chunks_cached) == (0, built.chunks_embedded)
    assert engine.ask(MORIOKA, corpus="second-guild").quotes[0].text == after.quotes[0].text


HEAVY = ("torch", "sentence_transformers", "transformers", "spacy", "thinc", "chromadb", "trafilatura")


def test_asking_over_an_int8_index_from_the_cli_imports_neither_torch_nor_transformers_nor_chroma(
    tmp_path: Path, int8_embedder: Any, models_dir: Path
) -> None:
    """A cold `newsbot ask` (issue 13: an answer in under 3 s) loads the int8 export, not the torch stack."""
    data = tmp_path / "data"
    engine = Engine(Settings(data_dir=data), embedder=int8_embedder, reader=False)
    try:
        assert engine.ingest([str(SAMPLE_NEWS / "2026-11-21-meridian-drone-trials-explained.md")]).errors == []
    finally:
        engine.close()
    (data / "models").symlink_to(models_dir, target_is_directory=True)  # the session's export, as `ingest` leaves it
    code = (
        "import json, sys\n"
        "from index.cli import main\n"
        f"code = main(['--data-dir', {str(data)!r}, 'ask', {MORIOKA!r}, '--json'])\n"
        f"print(json.dumps({{'code': code, 'imported': sorted(m for m in {HEAVY!r} if m in sys.modules)}}))"
    )
    env = {**os.environ, "EMBED_BACKEND": "onnx-int8", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    answer = json.loads(out.stdout[: out.stdout.rindex("\n{")])
    report = json.loads(out.stdout.splitlines()[-1])
    assert report == {"code": 0, "imported": []}
    assert not answer["abstained"] and "Morioka" in answer["quotes"][0]["text"]
    assert "exporting" not in out.stderr  # the index's own export, loaded as it was made
