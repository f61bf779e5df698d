"""bot.pages: answers kept for their pagers come back whole, and old ones are let go."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bot.pages import PageStore
from tests.bot.e2e_helpers import make_abstention, make_answer, make_headline, window


def test_a_kept_answer_comes_back_whole_with_its_asker(tmp_path: Path) -> None:
    answer = make_answer(window=window("this week"), outside_window=True)
    store = PageStore.in_dir(tmp_path)
    key = store.put(answer, 1001)
    assert PageStore.in_dir(tmp_path).get(key) == (answer, 1001)  # read back by a new store, as after a restart
    assert store.get("0123456789abcdef") is None
    abstention = replace(make_abstention(), missing=("kallas",), coverage=make_headline(), coverage_terms=("kallas",),
                         news_until=datetime(2026, 11, 15, tzinfo=UTC))
    assert PageStore.in_dir(tmp_path).get(store.put(abstention, 1002)) == (abstention, 1002)
    abstention = replace(make_abstention(), coverage=make_headline(), expected_on=datetime(2026, 11, 22, tzinfo=UTC))
    assert PageStore.in_dir(tmp_path).get(store.put(abstention, 1002)) == (abstention, 1002)


def test_only_the_most_recent_and_recent_enough_answers_are_kept(tmp_path: Path) -> None:
    now = [1000.0]
    store = PageStore(tmp_path / "pages.sqlite3", keep=2, max_age_days=1, clock=lambda: now[0])
    first = store.put(make_answer("one?"), 1)
    now[0] += 1
    second, third = store.put(make_answer("two?"), 1), store.put(make_answer("three?"), 1)
    assert store.get(first) is None  # the oldest of three, with room for two
    assert store.get(second) is not None and store.get(third) is not None
    now[0] += 2 * 86400
    assert store.get(third) is None  # older than a day


def test_a_damaged_store_is_set_aside_and_a_new_one_started(tmp_path: Path) -> None:
    path = tmp_path / "bot-pages.sqlite3"
    path.write_bytes(b"not a database at all, just bytes" * 100)
    store = PageStore(path)
    key = store.put(make_answer(), 7)
    assert store.get(key) == (make_answer(), 7)
    assert (tmp_path / "bot-pages.sqlite3.broken").read_bytes().startswith(b"not a database")
