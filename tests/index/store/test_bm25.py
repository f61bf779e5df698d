"""The BM25 index and its mirror of the chunk vectors: time windows, and one question searching several."""

from __future__ import annotations

import numpy as np

from index.store.bm25 import LexicalIndex

DAY = 86400.0


def _index() -> LexicalIndex:
    rows = [
        ("a:0:0", "a", "ferry fares rise on the island routes", 1 * DAY),
        ("b:0:0", "b", "ferry timetable changes for winter", 2 * DAY),
        ("c:0:0", "c", "bridge repairs close the harbour road", 3 * DAY),
        ("d:0:0", "d", "ferry crews vote on a strike", 4 * DAY),
    ]
    index = LexicalIndex.build(rows)
    index.vecs = np.eye(4, dtype=np.float32)[[0, 1, 2, 3]] * 0.6 + np.float32(0.1)
    return index


def test_bm25_finds_the_chunks_holding_the_words_within_a_time_window() -> None:
    index = _index()
    assert {h.chunk_id for h in index.search("ferry", 10)} == {"a:0:0", "b:0:0", "d:0:0"}
    assert [h.chunk_id for h in index.search("ferry", 10, start=1.5 * DAY, end=3.5 * DAY)] == ["b:0:0"]


def test_one_query_searched_over_several_windows_gets_each_windows_own_nearest() -> None:
    index = _index()
    q = np.array([0.1, 0.2, 0.3, 0.9], dtype=np.float32)  # nearest d, then c, b, a
    assert [r[0] for r in index.search_dense(q, 4) or []] == ["d:0:0", "c:0:0", "b:0:0", "a:0:0"]
    early = index.search_dense(q, 4, end=2.5 * DAY) or []
    assert [r[0] for r in early] == ["b:0:0", "a:0:0"]  # a later window's rows are not let in
    assert [r[0] for r in index.search_dense(q, 1, start=2.5 * DAY) or []] == ["d:0:0"]
    assert [r[0] for r in index.search_dense(q, 4) or []] == ["d:0:0", "c:0:0", "b:0:0", "a:0:0"]  # nor kept out
    assert index.search_dense(q, 4, start=10 * DAY) == []


def test_replaced_vectors_are_the_ones_searched() -> None:
    index = _index()
    q = np.array([0.0, 0.0, 0.0, 1.0], dtype=np.float32)
    assert (index.search_dense(q, 1) or [])[0][0] == "d:0:0"
    index.vecs = np.eye(4, dtype=np.float32)[[3, 1, 2, 0]]  # after a rebuild, a holds what d held
    assert (index.search_dense(q, 1) or [])[0][0] == "a:0:0"
