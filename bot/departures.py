"""Servers that removed the bot, and when: their indexes are deleted after a grace period unless they add it back.

One SQLite file in the data dir (the standard library's sqlite3), so every shard process sharing the data dir
sees the same record and a restart keeps it.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

FILE_NAME = "bot-departures.sqlite3"


class Departures:
    """Guild id -> when the guild removed the bot (thread-safe; call it from a worker thread in the bot)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS departures (guild INTEGER PRIMARY KEY, left_at REAL NOT NULL)")

    @classmethod
    def in_dir(cls, data_dir: Path) -> Departures:
        """The record kept in a data dir."""
        return cls(Path(data_dir) / FILE_NAME)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:
                yield db
        finally:
            db.close()

    def left(self, guild_id: int, when: datetime) -> None:
        """Record that a guild removed the bot (the first time counts when it is told twice)."""
        with self._lock, self._connect() as db:
            db.execute("INSERT OR IGNORE INTO departures VALUES (?, ?)", (guild_id, when.timestamp()))

    def forget(self, guild_id: int) -> bool:
        """Forget a guild's departure (it added the bot back, or its index is gone); whether there was one."""
        with self._lock, self._connect() as db:
            return db.execute("DELETE FROM departures WHERE guild = ?", (guild_id,)).rowcount > 0

    def since(self, before: datetime) -> list[tuple[int, datetime]]:
        """The guilds that removed the bot before a moment, with when."""
        with self._lock, self._connect() as db:
            rows = db.execute("SELECT guild, left_at FROM departures WHERE left_at <= ? ORDER BY left_at",
                              (before.timestamp(),)).fetchall()
        return [(int(g), datetime.fromtimestamp(t, UTC)) for g, t in rows]

    def guilds(self) -> list[int]:
        """Every guild with a recorded departure."""
        with self._lock, self._connect() as db:
            return [int(g) for (g,) in db.execute("SELECT guild FROM departures")]
