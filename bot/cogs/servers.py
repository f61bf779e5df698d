"""Servers and channels coming and going, and memory following the servers in use.

A deleted channel pauses its scheduled digests. A server that removes the bot has its digests paused at once (its
feed polls stop with it, as polls follow the servers the bot is in) and its index deleted after
`delete_after_days` unless it adds the bot back, which resumes them. Every `interval` seconds the sweep deletes
the indexes whose grace has run out (of this process's shards only) and asks the engine to close the corpora that
have been unused for a while.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import discord
from discord.ext import commands

from bot.config import BotSettings, corpus_for
from bot.departures import Departures
from bot.services import NewsEngine
from bot.views.digests import CHANNEL_DELETED, SERVER_REMOVED_BOT
from index import NewsbotError, SubscriptionStore

log = logging.getLogger(__name__)

SWEEP_INTERVAL = 300.0  # seconds between two sweeps


class ServersCog(commands.Cog):
    """Reacts to servers removing or re-adding the bot and to deleted channels; sweeps departed servers' indexes
    and idle corpora."""

    def __init__(
        self,
        engine: NewsEngine,
        settings: BotSettings,
        subscriptions: SubscriptionStore,
        departures: Departures,
        *,
        clock: Callable[[], datetime | None] = lambda: None,
        interval: float = SWEEP_INTERVAL,
        guild_present: Callable[[int], bool] = lambda guild_id: False,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.subscriptions = subscriptions
        self.departures = departures
        self.clock = clock
        self.interval = interval
        self.guild_present = guild_present  # whether the bot is in a guild now (a departure is then stale)
        self._task: asyncio.Task[None] | None = None
        # a removal and a re-add of one server are handled one after the other, in the order Discord sent them
        self._membership = asyncio.Lock()

    def now(self) -> datetime:
        now = self.clock() or datetime.now(UTC)
        return now if now.tzinfo else now.replace(tzinfo=UTC)

    @property
    def grace(self) -> timedelta:
        return timedelta(days=self.settings.delete_after_days)

    async def cog_load(self) -> None:
        self._task = asyncio.create_task(self._sweep_forever(), name="newsbot:sweep")

    async def cog_unload(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.wait([self._task], timeout=5)

    # ------------------------------------------------------------------------------------------- events

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        left_at = self.now()  # when Discord said so, not when a busy thread got to it
        async with self._membership:
            await asyncio.to_thread(self.departures.left, guild.id, left_at)
            paused = await asyncio.to_thread(self.subscriptions.pause_guild, guild.id, SERVER_REMOVED_BOT)
        log.info("guild %s removed the bot: %d scheduled digests paused; its index %s is deleted in %g days unless "
                 "the bot is added back", guild.id, len(paused), corpus_for(guild.id, self.settings),
                 self.settings.delete_after_days)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self._returned(guild.id)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Servers that added the bot back while it was offline keep their index."""
        for guild_id in await asyncio.to_thread(self.departures.guilds):
            if self.guild_present(guild_id):
                await self._returned(guild_id)

    async def _returned(self, guild_id: int) -> None:
        async with self._membership:
            if not await asyncio.to_thread(self.departures.forget, guild_id):
                return
            resumed = await asyncio.to_thread(self.subscriptions.resume_guild, guild_id)
            log.info("guild %s added the bot back: its index stays and %d scheduled digests run again",
                     guild_id, len(resumed))

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        paused = await asyncio.to_thread(self.subscriptions.pause_channel, channel.id, CHANNEL_DELETED)
        for sub in paused:
            log.info("paused scheduled digest #%s of guild %s: %s", sub.id, sub.guild_id, CHANNEL_DELETED)

    # -------------------------------------------------------------------------------------------- sweep

    async def sweep(self) -> None:
        """Delete the indexes of servers gone for longer than the grace period; close idle corpora."""
        for guild_id, left_at in await asyncio.to_thread(self.departures.since, self.now() - self.grace):
            if not self.settings.serves(guild_id) or self.guild_present(guild_id):
                continue  # another shard process's server, or back already
            corpus = corpus_for(guild_id, self.settings)
            try:
                await self.engine.adrop_corpus(corpus)
            except NewsbotError as exc:  # e.g. being rebuilt: the next sweep tries again
                log.info("could not delete the index %s yet: %s", corpus, exc)
                continue
            removed = await asyncio.to_thread(self.subscriptions.remove_guild, guild_id)
            await asyncio.to_thread(self.departures.forget, guild_id)
            log.info("deleted the index %s and %d scheduled digests of guild %s, which removed the bot on %s",
                     corpus, removed, guild_id, left_at.date().isoformat())
        await self.engine.aunload_idle()

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.sweep()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("the sweep of departed servers and idle corpora failed")
