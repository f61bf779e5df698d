"""End to end on the int8 encoder: the real bundled model exported to ONNX, a real Chroma, the sample news."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from index import EmbedderMismatch, Engine, Settings
from tests.conftest import SAMPLE_NEWS

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
