"""Scheduled digests: when each subscription is due, and their persistence (no Discord, no hidden clock).

Every function takes ``now`` (a timezone-aware datetime) from its caller, so tests and the bot drive the clock.
A subscription runs daily or weekly at a wall-clock time in its guild's timezone. It is due when the latest
scheduled time at or before ``now`` is later than its last run (or, never run, than its creation), so a bot
that was offline through several slots runs it once at start-up, not once per missed slot. A wall-clock time
skipped by a DST change runs at the first moment after the gap; one repeated by a DST change runs once, at
its first occurrence. Times are compared in UTC, never by wall clock.

A subscription can be paused, with a reason people can read (its channel was deleted, the bot may no longer post
there, the server removed the bot): a paused one is never due until it is resumed.

The store is one JSON file in the data dir, written atomically (temporary file, fsync, os.replace). Several
processes may share it (a bot split into shard processes over one data dir): each change is made under an
exclusive lock on a file beside it, on the latest contents, and each read picks up changes others made.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

try:  # POSIX: an advisory lock shared with other processes; elsewhere the thread lock alone
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

from index.errors import ConfigError, NewsbotError

__all__ = [
    "FILE_NAME",
    "MAX_PER_GUILD",
    "BadSubscription",
    "Every",
    "PauseCause",
    "Subscription",
    "SubscriptionStore",
    "is_due",
    "last_slot",
    "next_slot",
]

Every = Literal["daily", "weekly"]
PauseCause = Literal["channel", "guild"]  # the channel is gone or out of reach; the server removed the bot
FILE_NAME = "subscriptions.json"
MAX_PER_GUILD = 25
MAX_TOPIC = 200
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class BadSubscription(NewsbotError):
    """A subscription's settings are invalid; the message says which and how to fix it."""


@dataclass(frozen=True)
class Subscription:
    """One scheduled digest: a topic (None for top stories) posted to a channel daily or weekly."""

    id: str
    guild_id: int
    channel_id: int
    topic: str | None
    every: Every
    at: str  # "HH:MM", wall-clock time in tz
    tz: str  # IANA zone name, e.g. "Europe/Berlin"
    last_run: datetime | None = None
    last_story_keys: list[str] = field(default_factory=list)  # article ids of the last digest posted
    weekday: int = 0  # weekly runs: 0 = Monday ... 6 = Sunday
    created: datetime | None = None
    corpus: str = "default"
    paused: str | None = None  # why it does not run, as people may read it; None while it runs
    pause_cause: PauseCause | None = None

    @property
    def zone(self) -> ZoneInfo:
        """The subscription's timezone."""
        return ZoneInfo(self.tz)

    @property
    def exclude(self) -> frozenset[str]:
        """Article ids not to repeat: those of the previous digest (pass as Engine.digest's exclude_article_ids)."""
        return frozenset(self.last_story_keys)

    def period(self, now: datetime) -> str:
        """The digest period for a run now: since the last run, at least a day (a week when weekly), at most 4 weeks."""
        floor = 24 if self.every == "daily" else 7 * 24
        since = self.last_run or self.created
        hours = floor if since is None else math.ceil((_utc(now) - _utc(since)).total_seconds() / 3600)
        return f"{min(max(hours, floor), 28 * 24)}h"



# -- scheduling ---------------------------------------------------------------------------------------------
def _utc(d: datetime) -> datetime:
    if d.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return d.astimezone(UTC)


def _slot(day: date, at: str, tz: ZoneInfo) -> datetime:
    """The wall-clock time on a day as a UTC instant (a time in a DST gap moves forward, a repeated one is first)."""
    m = _HHMM.match(at)
    if not m:
        raise BadSubscription(f"The time must be HH:MM, like 08:30, not {at!r}.")
    local = datetime.combine(day, time(int(m.group(1)), int(m.group(2))), tzinfo=tz)  # fold=0: the first one
    return local.astimezone(UTC)


def last_slot(sub: Subscription, now: datetime) -> datetime:
    """The latest scheduled time at or before now, in UTC."""
    now_utc = _utc(now)
    tz = sub.zone
    today = now_utc.astimezone(tz).date()
    if sub.every == "daily":
        for back in range(0, 3):  # a slot shifted by DST can sit on either side of midnight UTC
            slot = _slot(today - timedelta(days=back), sub.at, tz)
            if slot <= now_utc:
                return slot
    else:
        day = today - timedelta(days=(today.weekday() - sub.weekday) % 7)
        for back in range(0, 3):
            slot = _slot(day - timedelta(weeks=back), sub.at, tz)
            if slot <= now_utc:
                return slot
    raise AssertionError("unreachable: a slot lies within three periods")


def next_slot(sub: Subscription, now: datetime) -> datetime:
    """The first scheduled time after now, in UTC."""
    step = timedelta(days=1 if sub.every == "daily" else 7)
    last = last_slot(sub, now)
    day = last.astimezone(sub.zone).date()
    for k in range(1, 4):  # re-anchored on the wall clock so the time of day survives DST changes
        slot = _slot(day + k * step, sub.at, sub.zone)
        if slot > _utc(now):
            return slot
    raise AssertionError("unreachable: a slot lies within three periods")


def is_due(sub: Subscription, now: datetime) -> bool:
    """Whether a run is owed: not paused, and a scheduled time has passed since the last run (or creation)."""
    if sub.paused:
        return False
    since = sub.last_run or sub.created
    return since is None or last_slot(sub, now) > _utc(since)


# -- validation ---------------------------------------------------------------------------------------------
def _check(every: str, at: str, tz: str, weekday: int, topic: str | None) -> tuple[Every, str, str | None]:
    if every not in ("daily", "weekly"):
        raise BadSubscription(f"A digest runs daily or weekly, not {every!r}.")
    m = _HHMM.match(at.strip())
    if not m:
        raise BadSubscription(f"The time must be HH:MM on a 24-hour clock, like 08:30, not {at!r}.")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadSubscription(f"Unknown timezone {tz!r}: use a name like Europe/Berlin or America/New_York.") from None
    if not 0 <= weekday <= 6:
        raise BadSubscription("The weekday must be 0 (Monday) to 6 (Sunday).")
    topic = " ".join((topic or "").split()) or None
    if topic and len(topic) > MAX_TOPIC:
        raise BadSubscription(f"Topics can be at most {MAX_TOPIC} characters; this one has {len(topic)}.")
    return cast(Every, every), f"{int(m.group(1)):02d}:{m.group(2)}", topic


# -- persistence --------------------------------------------------------------------------------------------
def _to_json(sub: Subscription) -> dict[str, Any]:
    d = asdict(sub)
    d["last_run"] = sub.last_run.isoformat() if sub.last_run else None
    d["created"] = sub.created.isoformat() if sub.created else None
    return d


def _from_json(d: dict[str, Any]) -> Subscription:
    def when(v: Any) -> datetime | None:
        return datetime.fromisoformat(v) if v else None

    return Subscription(
        id=str(d["id"]), guild_id=int(d["guild_id"]), channel_id=int(d["channel_id"]), topic=d.get("topic"),
        every=cast(Every, d["every"]), at=str(d["at"]), tz=str(d["tz"]), last_run=when(d.get("last_run")),
        last_story_keys=[str(k) for k in d.get("last_story_keys") or []], weekday=int(d.get("weekday", 0)),
        created=when(d.get("created")), corpus=str(d.get("corpus") or "default"),
        paused=d.get("paused") or None, pause_cause=cast("PauseCause | None", d.get("pause_cause") or None),
    )


class SubscriptionStore:
    """Every guild's scheduled digests, in one JSON file; safe to share between threads and processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._subs: dict[str, Subscription] = {}
        self._next_id = 1
        self._seen: tuple[int, int, int] | None = None  # (inode, mtime_ns, size): every save is a new file
        with self._lock:
            self._refresh()

    @classmethod
    def in_dir(cls, data_dir: Path) -> SubscriptionStore:
        """The store kept in a data dir."""
        return cls(data_dir / FILE_NAME)

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_mtime_ns, st.st_size

    def _refresh(self) -> None:
        """Read the file again when another process changed it since we last read or wrote it."""
        stamp = self._stamp()
        if stamp is None or stamp == self._seen:
            return
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            subs = [_from_json(d) for d in raw.get("subscriptions", [])]
            next_id = int(raw.get("next_id", 1))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"the subscriptions file {self.path.name} cannot be read ({type(exc).__name__})") from exc
        self._subs = {s.id: s for s in subs}
        self._next_id = max([next_id, *(int(s.id) + 1 for s in subs if s.id.isdigit())])
        self._seen = stamp

    @contextlib.contextmanager
    def _changing(self) -> Iterator[None]:
        """One change: under the thread lock and the file lock, on the latest contents, saved at the end."""
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path.with_name(self.path.name + ".lock"), "a+b") as lock:
                if fcntl is not None:
                    fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
                try:
                    self._refresh()
                    yield
                finally:
                    if fcntl is not None:
                        fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def _save(self) -> None:
        """Write every subscription atomically: a crash leaves the old file or the new one, never half of one."""
        data = {"version": 1, "next_id": self._next_id, "subscriptions": [_to_json(s) for s in self._subs.values()]}
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=2)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._seen = self._stamp()

    def all(self) -> list[Subscription]:
        """Every subscription, oldest first."""
        with self._lock:
            self._refresh()
            return list(self._subs.values())

    def for_guild(self, guild_id: int) -> list[Subscription]:
        """One guild's subscriptions, oldest first."""
        return [s for s in self.all() if s.guild_id == guild_id]

    def get(self, sub_id: str) -> Subscription | None:
        """A subscription by id."""
        with self._lock:
            self._refresh()
            return self._subs.get(str(sub_id))

    def add(
        self,
        *,
        guild_id: int,
        channel_id: int,
        topic: str | None,
        every: str,
        at: str,
        tz: str,
        now: datetime,
        weekday: int = 0,
        corpus: str = "default",
    ) -> Subscription:
        """Subscribe a channel; the first run is the next scheduled time after now."""
        kind, at, topic = _check(every, at, tz, weekday, topic)
        _utc(now)
        with self._changing():
            if sum(s.guild_id == guild_id for s in self._subs.values()) >= MAX_PER_GUILD:
                raise BadSubscription(f"A server can have at most {MAX_PER_GUILD} scheduled digests; remove one first.")
            sub = Subscription(
                id=str(self._next_id), guild_id=guild_id, channel_id=channel_id, topic=topic, every=kind, at=at,
                tz=tz, weekday=weekday, created=now, corpus=corpus,
            )
            self._next_id += 1
            self._subs[sub.id] = sub
            self._save()
            return sub

    def remove(self, sub_id: str, *, guild_id: int | None = None) -> bool:
        """Unsubscribe; False when there is no such subscription (in that guild, when one is given)."""
        with self._changing():
            sub = self._subs.get(str(sub_id))
            if sub is None or (guild_id is not None and sub.guild_id != guild_id):
                return False
            del self._subs[sub.id]
            self._save()
            return True

    def due(self, now: datetime) -> list[Subscription]:
        """The subscriptions owed a run now, each once however many slots were missed (paused ones never)."""
        return [s for s in self.all() if is_due(s, now)]

    def next_due(self, now: datetime) -> datetime | None:
        """When the next run falls due (now, if one is due already); None without running subscriptions."""
        subs = [s for s in self.all() if not s.paused]
        if not subs:
            return None
        return min(_utc(now) if is_due(s, now) else next_slot(s, now) for s in subs)

    def mark_run(self, sub: Subscription, now: datetime, story_keys: Iterable[str]) -> Subscription:
        """Record a run at now and the article ids it posted (an empty run keeps the previous digest's ids)."""
        _utc(now)
        keys = list(dict.fromkeys(story_keys))
        with self._changing():
            current = self._subs.get(sub.id)
            if current is None:  # removed while its digest was being made
                return replace(sub, last_run=now, last_story_keys=keys or sub.last_story_keys)
            updated = replace(current, last_run=now, last_story_keys=keys or current.last_story_keys)
            self._subs[sub.id] = updated
            self._save()
            return updated

    # -- pausing -----------------------------------------------------------------------------------------
    def _update(self, pick: Callable[[Subscription], bool], **changes: Any) -> list[Subscription]:
        with self._changing():
            changed = [replace(s, **changes) for s in self._subs.values() if pick(s)]
            for sub in changed:
                self._subs[sub.id] = sub
            if changed:
                self._save()
            return changed

    def pause(self, sub_id: str, reason: str, *, cause: PauseCause = "channel") -> Subscription | None:
        """Pause one subscription with a reason people can read; None when there is no such subscription."""
        found = self._update(lambda s: s.id == str(sub_id), paused=reason, pause_cause=cause)
        return found[0] if found else None

    def pause_channel(self, channel_id: int, reason: str) -> list[Subscription]:
        """Pause every running subscription of a channel; the ones paused."""
        return self._update(lambda s: s.channel_id == channel_id and not s.paused, paused=reason,
                            pause_cause="channel")

    def pause_guild(self, guild_id: int, reason: str) -> list[Subscription]:
        """Pause every subscription of a guild (those paused for their channel keep that reason underneath)."""
        return self._update(lambda s: s.guild_id == guild_id and s.pause_cause != "guild", paused=reason,
                            pause_cause="guild")

    def resume(self, sub_id: str, *, guild_id: int | None = None) -> Subscription | None:
        """Resume a paused subscription (in that guild, when one is given); None when there is no such one."""
        found = self._update(
            lambda s: s.id == str(sub_id) and (guild_id is None or s.guild_id == guild_id), paused=None,
            pause_cause=None,
        )
        return found[0] if found else None

    def resume_guild(self, guild_id: int) -> list[Subscription]:
        """Resume the subscriptions paused because the guild had removed the bot; the ones resumed."""
        return self._update(lambda s: s.guild_id == guild_id and s.pause_cause == "guild", paused=None,
                            pause_cause=None)

    def remove_guild(self, guild_id: int) -> int:
        """Remove every subscription of a guild; how many there were."""
        with self._changing():
            gone = [k for k, s in self._subs.items() if s.guild_id == guild_id]
            for key in gone:
                del self._subs[key]
            if gone:
                self._save()
            return len(gone)
