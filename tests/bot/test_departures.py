"""bot.departures: servers that removed the bot, kept on disk so a restart or another shard process knows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.departures import Departures

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def test_departures_are_kept_on_disk_and_due_after_the_grace(tmp_path: Path) -> None:
    one = Departures.in_dir(tmp_path)
    one.left(11, T0)
    one.left(22, T0 + timedelta(days=5))
    one.left(11, T0 + timedelta(days=9))  # told twice: the first departure counts
    other = Departures.in_dir(tmp_path)  # another process over the same data dir, or after a restart
    assert sorted(other.guilds()) == [11, 22]
    assert other.since(T0 + timedelta(days=1)) == [(11, T0)]
    assert [g for g, _ in other.since(T0 + timedelta(days=30))] == [11, 22]


def test_a_server_that_comes_back_is_forgotten(tmp_path: Path) -> None:
    store = Departures.in_dir(tmp_path)
    store.left(11, T0)
    assert store.forget(11) is True and store.forget(11) is False
    assert store.guilds() == [] and store.since(T0 + timedelta(days=365)) == []
