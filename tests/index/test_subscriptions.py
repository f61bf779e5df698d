"""Scheduled digests: due times in a timezone, DST, missed runs, no repeats, persistence (clock passed in)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from index.engine import Engine
from index.errors import ConfigError
from index.subscriptions import (
    BadSubscription,
    Subscription,
    SubscriptionStore,
    is_due,
    last_slot,
    next_slot,
)
from tests.index.answering.test_digest import ORDER, articles


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> SubscriptionStore:
    return SubscriptionStore.in_dir(tmp_path)


def daily(store: SubscriptionStore, at: str, tz: str, created: datetime, **kw: object) -> Subscription:
    return store.add(guild_id=1, channel_id=10, topic="harbour", every="daily", at=at, tz=tz, now=created, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("created", "before", "at_slot"),
    [
        (utc(2026, 1, 9, 12), utc(2026, 1, 10, 7, 29), utc(2026, 1, 10, 7, 30)),  # winter: Berlin is UTC+1
        (utc(2026, 7, 9, 12), utc(2026, 7, 10, 6, 29), utc(2026, 7, 10, 6, 30)),  # summer: UTC+2
    ],
)
def test_daily_digest_is_due_at_its_wall_clock_time_in_the_guild_timezone(
    store: SubscriptionStore, created: datetime, before: datetime, at_slot: datetime
) -> None:
    sub = daily(store, "08:30", "Europe/Berlin", created)
    assert store.due(before) == []
    assert store.due(at_slot) == [sub]
    assert next_slot(sub, before) == at_slot


def test_a_new_subscription_waits_for_its_first_slot(store: SubscriptionStore) -> None:
    sub = daily(store, "09:00", "UTC", utc(2026, 5, 1, 10))  # created after today's 09:00
    assert not is_due(sub, utc(2026, 5, 1, 23, 59))
    assert is_due(sub, utc(2026, 5, 2, 9))


def test_weekly_digest_runs_on_its_weekday(store: SubscriptionStore) -> None:
    sub = store.add(guild_id=1, channel_id=10, topic=None, every="weekly", at="7:05", tz="Asia/Tokyo",
                    now=utc(2026, 6, 1), weekday=4)  # Fridays 07:05 in Tokyo (UTC+9)
    assert sub.at == "07:05"
    assert next_slot(sub, utc(2026, 6, 1)) == utc(2026, 6, 4, 22, 5)  # Friday 5 June, 07:05 JST
    assert not is_due(sub, utc(2026, 6, 4, 22, 4))
    assert is_due(sub, utc(2026, 6, 4, 22, 5))
    assert (sub.every, sub.weekday, sub.at) == ("weekly", 4, "07:05")


def test_a_time_skipped_by_the_spring_dst_change_runs_just_after_the_gap(store: SubscriptionStore) -> None:
    # New York springs forward on 8 March 2026: 02:00 EST becomes 03:00 EDT, so 02:30 does not happen.
    sub = daily(store, "02:30", "America/New_York", utc(2026, 3, 6, 12))
    sub = store.mark_run(sub, utc(2026, 3, 7, 7, 30), ["a"])  # 02:30 EST on the 7th
    assert not store.due(utc(2026, 3, 8, 7, 29))
    assert store.due(utc(2026, 3, 8, 7, 30)) == [sub]  # 03:30 EDT, the first moment after the gap
    sub = store.mark_run(sub, utc(2026, 3, 8, 7, 30), ["b"])
    assert next_slot(sub, utc(2026, 3, 8, 7, 30)) == utc(2026, 3, 9, 6, 30)  # 02:30 EDT again on the 9th


def test_a_time_repeated_by_the_autumn_dst_change_runs_once(store: SubscriptionStore) -> None:
    # Berlin falls back on 25 October 2026: 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET).
    sub = daily(store, "02:30", "Europe/Berlin", utc(2026, 10, 23, 12))
    sub = store.mark_run(sub, utc(2026, 10, 24, 0, 30), ["a"])
    assert last_slot(sub, utc(2026, 10, 25, 1, 45)) == utc(2026, 10, 25, 0, 30)
    assert store.due(utc(2026, 10, 25, 0, 30)) == [sub]
    sub = store.mark_run(sub, utc(2026, 10, 25, 0, 30), ["b"])
    assert store.due(utc(2026, 10, 25, 1, 30)) == []  # the second 02:30
    assert store.due(utc(2026, 10, 26, 1, 29)) == []
    assert store.due(utc(2026, 10, 26, 1, 30)) == [sub]  # 02:30 CET


def test_runs_missed_while_offline_run_once_at_start_up(store: SubscriptionStore) -> None:
    sub = daily(store, "09:00", "UTC", utc(2026, 4, 1, 12))
    sub = store.mark_run(sub, utc(2026, 4, 2, 9), ["a"])
    start_up = utc(2026, 4, 6, 11)  # four slots missed
    assert store.due(start_up) == [sub]
    assert sub.period(start_up) == "98h"  # the digest covers the time since the last run
    sub = store.mark_run(sub, start_up, ["b"])
    assert store.due(start_up + timedelta(minutes=1)) == []
    assert store.due(utc(2026, 4, 7, 8, 59)) == []
    assert store.due(utc(2026, 4, 7, 9)) == [sub]
    assert store.next_due(start_up) == utc(2026, 4, 7, 9)


def test_the_period_is_at_least_one_interval_and_at_most_four_weeks(store: SubscriptionStore) -> None:
    sub = daily(store, "09:00", "UTC", utc(2026, 4, 1, 12))
    assert sub.period(utc(2026, 4, 2, 9)) == "24h"
    weekly = store.add(guild_id=1, channel_id=10, topic=None, every="weekly", at="09:00", tz="UTC",
                       now=utc(2026, 1, 1))
    assert weekly.period(utc(2026, 1, 5)) == "168h"
    assert weekly.period(utc(2026, 6, 1)) == "672h"


def test_a_story_posted_in_the_previous_digest_is_not_repeated(fake_engine: Engine, store: SubscriptionStore) -> None:
    fake_engine.ingest_articles(articles())
    sub = store.add(guild_id=1, channel_id=10, topic=None, every="weekly", at="18:00", tz="UTC",
                    now=utc(2026, 2, 27), weekday=4)
    first_at = utc(2026, 3, 6, 18)
    assert store.due(first_at) == [sub]
    first = fake_engine.digest(sub.topic, period=sub.period(first_at), as_of=first_at, exclude_article_ids=sub.exclude)
    assert {a for s in first.stories for a in s.article_ids} == ORDER
    sub = store.mark_run(sub, first_at, first.article_ids)

    second_at = utc(2026, 3, 9, 18)  # a week's window that still holds the first run's story
    second = fake_engine.digest(sub.topic, period=sub.period(second_at), as_of=second_at,
                                exclude_article_ids=sub.exclude)
    shown = {a for s in second.stories for a in s.article_ids}
    assert shown == {"other", "library"}


def test_an_empty_run_keeps_the_previous_digest_keys(store: SubscriptionStore) -> None:
    sub = daily(store, "09:00", "UTC", utc(2026, 4, 1))
    sub = store.mark_run(sub, utc(2026, 4, 1, 9), ["a", "b", "a"])
    assert sub.last_story_keys == ["a", "b"]
    sub = store.mark_run(sub, utc(2026, 4, 2, 9), [])
    assert sub.last_story_keys == ["a", "b"] and sub.last_run == utc(2026, 4, 2, 9)


def test_subscriptions_survive_a_reload(tmp_path: Path, store: SubscriptionStore) -> None:
    a = daily(store, "08:00", "Europe/Paris", utc(2026, 4, 1), corpus="guild-1")
    b = store.add(guild_id=2, channel_id=20, topic=None, every="weekly", at="18:30", tz="America/Chicago",
                  now=utc(2026, 4, 1), weekday=6)
    a = store.mark_run(a, utc(2026, 4, 2, 6), ["x", "y"])
    assert store.remove(b.id, guild_id=1) is False  # another guild's
    again = SubscriptionStore.in_dir(tmp_path)
    assert again.all() == [a, b]
    assert again.for_guild(2) == [b]
    assert again.get(a.id) == a and again.get(a.id).last_run == utc(2026, 4, 2, 6)  # type: ignore[union-attr]
    assert again.remove(a.id) is True
    c = daily(again, "09:00", "UTC", utc(2026, 4, 3))
    assert c.id not in {a.id, b.id}  # ids are never reused
    assert [s.id for s in SubscriptionStore.in_dir(tmp_path).all()] == [b.id, c.id]
    assert json.loads((tmp_path / "subscriptions.json").read_text())["version"] == 1
    # no temporary files left behind (the lock file processes share stays)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["subscriptions.json", "subscriptions.json.lock"]


def test_a_broken_subscriptions_file_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "subscriptions.json").write_text("{not json")
    with pytest.raises(ConfigError, match="subscriptions"):
        SubscriptionStore.in_dir(tmp_path)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"every": "hourly"}, "daily or weekly"),
        ({"at": "25:00"}, "HH:MM"),
        ({"at": "noon"}, "HH:MM"),
        ({"tz": "Mars/Olympus"}, "Unknown timezone"),
        ({"weekday": 7}, "weekday"),
        ({"topic": "x" * 201}, "at most 200"),
    ],
)
def test_invalid_settings_are_refused_with_a_reason(
    store: SubscriptionStore, changes: dict[str, object], message: str
) -> None:
    kw: dict[str, object] = {"guild_id": 1, "channel_id": 10, "topic": "harbour", "every": "daily", "at": "08:00",
                             "tz": "UTC", "now": utc(2026, 1, 1), **changes}
    with pytest.raises(BadSubscription, match=message):
        store.add(**kw)  # type: ignore[arg-type]
    assert store.all() == []


def test_a_guild_has_a_limit_on_subscriptions(store: SubscriptionStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("index.subscriptions.MAX_PER_GUILD", 2)
    daily(store, "08:00", "UTC", utc(2026, 1, 1))
    daily(store, "09:00", "UTC", utc(2026, 1, 1))
    with pytest.raises(BadSubscription, match="at most 2"):
        daily(store, "10:00", "UTC", utc(2026, 1, 1))


def test_times_without_a_timezone_are_refused(store: SubscriptionStore) -> None:
    sub = daily(store, "08:00", "UTC", utc(2026, 1, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        store.due(datetime(2026, 1, 2, 9))
    with pytest.raises(ValueError, match="timezone-aware"):
        store.mark_run(sub, datetime(2026, 1, 2, 9), [])


def test_a_paused_subscription_is_never_due_until_resumed_and_says_why(store: SubscriptionStore) -> None:
    sub = daily(store, "08:00", "UTC", utc(2026, 4, 1))
    late = utc(2026, 4, 3, 9)
    assert store.due(late) == [sub]
    paused = store.pause(sub.id, "the channel was deleted")
    assert paused is not None and paused.paused == "the channel was deleted" and paused.pause_cause == "channel"
    assert store.due(late) == [] and store.next_due(late) is None and not is_due(paused, late)
    assert store.pause("404", "nothing") is None
    resumed = store.resume(sub.id, guild_id=1)
    assert resumed is not None and resumed.paused is None and store.due(late) == [resumed]


def test_a_guild_that_removes_the_bot_pauses_all_its_digests_and_a_return_resumes_only_those(
    store: SubscriptionStore,
) -> None:
    a = daily(store, "08:00", "UTC", utc(2026, 4, 1))
    b = store.add(guild_id=1, channel_id=11, topic=None, every="daily", at="09:00", tz="UTC", now=utc(2026, 4, 1))
    other = store.add(guild_id=2, channel_id=20, topic=None, every="daily", at="09:00", tz="UTC", now=utc(2026, 4, 1))
    assert [s.id for s in store.pause_channel(11, "I can no longer see that channel")] == [b.id]
    assert {s.id for s in store.pause_guild(1, "the server removed the bot")} == {a.id, b.id}
    assert store.get(other.id).paused is None  # type: ignore[union-attr]
    assert [s.id for s in store.resume_guild(1)] == [a.id, b.id]
    assert store.get(a.id).paused is None and store.get(b.id).paused is None  # type: ignore[union-attr]
    assert store.remove_guild(1) == 2 and [s.id for s in store.all()] == [other.id]


def test_two_stores_over_one_file_see_each_others_changes(tmp_path: Path) -> None:
    one, two = SubscriptionStore.in_dir(tmp_path), SubscriptionStore.in_dir(tmp_path)  # as two shard processes
    a = daily(one, "08:00", "UTC", utc(2026, 4, 1))
    b = two.add(guild_id=2, channel_id=20, topic=None, every="daily", at="09:00", tz="UTC", now=utc(2026, 4, 1))
    assert a.id != b.id  # the second store added on top of the first one's change
    one.pause(b.id, "the channel was deleted")
    assert two.get(b.id).paused == "the channel was deleted"  # type: ignore[union-attr]
    two.mark_run(a, utc(2026, 4, 2, 8), ["x"])
    assert [s.id for s in SubscriptionStore.in_dir(tmp_path).all()] == [a.id, b.id]
    assert one.get(a.id).last_story_keys == ["x"]  # type: ignore[union-attr]
