"""The BM25 index and the mirror of the chunk vectors: time windows, and one question searching several."""

from __future__ import annotations

import numpy as np

from index.store.bm25 import BM25Index
from index.store.mirror import VectorMirror
from index.store.rows import ChunkRows

DAY = 86400.0
ROWS = [
    ("a:0:0", "ferry fares rise on the island routes", 1 * DAY),
    ("b:0:0", "ferry timetable changes for winter", 2 * DAY),
    ("c:0:0", "bridge repairs close the harbour road", 3 * DAY),
    ("d:0:0", "ferry crews vote on a strike", 4 * DAY),
]


def _rows() -> ChunkRows:
    return ChunkRows.of([r[0] for r in ROWS], [r[2] for r in ROWS])


def _mirror(vecs: np.ndarray | None = None) -> VectorMirror:
    if vecs is None:
        vecs = np.eye(4, dtype=np.float32)[[0, 1, 2, 3]] * 0.6 + np.float32(0.1)
    return VectorMirror(_rows(), vecs)


def test_bm25_finds_the_chunks_holding_the_words_within_a_time_window() -> None:
    index = BM25Index.build(_rows(), [r[1] for r in ROWS])
    assert {h.chunk_id for h in index.search("ferry", 10)} == {"a:0:0", "b:0:0", "d:0:0"}
    assert [h.chunk_id for h in index.search("ferry", 10, start=1.5 * DAY, end=3.5 * DAY)] == ["b:0:0"]


def test_rows_read_their_articles_from_the_chunk_ids() -> None:
    assert _rows().article_ids == ["a", "b", "c", "d"]


def test_one_query_searched_over_several_windows_gets_each_windows_own_nearest() -> None:
    mirror = _mirror()
    q = np.array([0.1, 0.2, 0.3, 0.9], dtype=np.float32)  # nearest d, then c, b, a
    assert [h.chunk_id for h in mirror.search(q, 4)] == ["d:0:0", "c:0:0", "b:0:0", "a:0:0"]
    early = mirror.search(q, 4, end=2.5 * DAY)
    assert [h.chunk_id for h in early] == ["b:0:0", "a:0:0"]  # a later window's rows are not let in
    assert [h.chunk_id for h in mirror.search(q, 1, start=2.5 * DAY)] == ["d:0:0"]
    assert [h.chunk_id for h in mirror.search(q, 4)] == ["d:0:0", "c:0:0", "b:0:0", "a:0:0"]  # nor kept out
    assert mirror.search(q, 4, start=10 * DAY) == []


def test_replaced_vectors_are_the_ones_searched() -> None:
    q = np.array([0.0, 0.0, 0.0, 1.0], dtype=np.float32)
    assert _mirror(np.eye(4, dtype=np.float32)).search(q, 1)[0].chunk_id == "d:0:0"
    rebuilt = _mirror(np.eye(4, dtype=np.float32)[[3, 1, 2, 0]])  # after a rebuild, a holds what d held
    assert rebuilt.search(q, 1)[0].chunk_id == "a:0:0"


def test_chunks_without_a_usable_word_give_an_empty_index_that_saves_loads_and_finds_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = ChunkRows.of(["a:0:0", "b:0:0"], [DAY, 2 * DAY])
    index = BM25Index.build(rows, ["년", "It is what it is."])  # one has no word at all, one only stopwords
    assert index.search("what is it", 5) == []
    index.save(tmp_path)
    assert BM25Index.load(tmp_path, rows).search("ferry", 5) == []


def test_the_chunks_holding_a_term_are_found_from_its_postings() -> None:
    rows = ChunkRows.of(["a:0:0", "b:0:0", "c:0:0"], [1.0, 2.0, 3.0])
    bm = BM25Index.build(rows, ["Floods in Libya", "The ferry fares rise", "Libya's coast guard"])
    assert sorted(bm.holding("libya", 10)) == ["a:0:0", "c:0:0"]
    assert len(bm.holding("libya", 1)) == 1 and bm.holding("mars", 10) == []
