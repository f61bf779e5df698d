"""bot.cogs.servers: a server removing the bot and adding it back, handled in the order Discord sent them."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from bot.cogs.servers import ServersCog
from bot.config import BotSettings
from bot.departures import Departures
from index import SubscriptionStore
from tests.bot.e2e_helpers import FakeEngine

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
GUILD = 1576795051005050883


class SlowDepartures(Departures):
    """Departures whose recording waits until the test lets it (a busy worker thread)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.go = threading.Event()

    def left(self, guild_id: int, when: datetime) -> None:
        assert self.go.wait(10)
        super().left(guild_id, when)


async def test_a_server_added_back_while_its_removal_is_still_being_recorded_gets_its_digests_back(
    tmp_path: Path,
) -> None:
    subs = SubscriptionStore.in_dir(tmp_path)
    sub = subs.add(guild_id=GUILD, channel_id=7, topic=None, every="daily", at="10:00", tz="UTC", now=T0,
                   corpus="g1")
    departures = SlowDepartures(tmp_path / "departures.sqlite3")
    now = {"at": T0}
    cog = ServersCog(FakeEngine(), BotSettings(), subs, departures, clock=lambda: now["at"])  # type: ignore[arg-type]
    guild: Any = SimpleNamespace(id=GUILD)

    removed = asyncio.ensure_future(cog.on_guild_remove(guild))
    await asyncio.sleep(0)  # the removal has begun: Discord then sends the re-add
    now["at"] = T0.replace(day=3)
    joined = asyncio.ensure_future(cog.on_guild_join(guild))
    await asyncio.sleep(0.05)
    departures.go.set()
    await asyncio.wait_for(asyncio.gather(removed, joined), 10)

    back = subs.get(sub.id)
    assert back is not None and back.paused is None  # paused by the removal, resumed by the re-add
    assert departures.guilds() == []  # its index is not deleted later


async def test_a_removal_is_dated_when_discord_said_so_not_when_a_busy_thread_recorded_it(tmp_path: Path) -> None:
    departures = SlowDepartures(tmp_path / "departures.sqlite3")
    now = {"at": T0}
    cog = ServersCog(FakeEngine(), BotSettings(), SubscriptionStore.in_dir(tmp_path), departures,  # type: ignore[arg-type]
                     clock=lambda: now["at"])
    removed = asyncio.ensure_future(cog.on_guild_remove(SimpleNamespace(id=GUILD)))  # type: ignore[arg-type]
    await asyncio.sleep(0)
    now["at"] = T0.replace(day=3)
    departures.go.set()
    await asyncio.wait_for(removed, 10)
    assert departures.since(T0) == [(GUILD, T0)]
