"""/digest and /digests: a period's distinct stories with one exact quote each, on demand or on a schedule.

`/digest [topic] [period]` answers at once. `/digests subscribe|unsubscribe|list` manage digests posted to a
channel daily or weekly; they live in index.subscriptions.SubscriptionStore (one file in the data dir), and a
scheduler task checks every `interval` seconds (and at start-up, so a slot missed while the bot was offline
runs once) which are due at `clock()`, posts each, and records the stories it posted so the next run skips them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.admin import guild_corpus, require_admin
from bot.cogs.ask import Clock, Cooldown
from bot.config import BotSettings
from bot.errors import BadInput, reply
from bot.services import NewsEngine
from bot.views.digests import digest_embeds, subscribed_text, subscriptions_embed
from bot.views.text import NO_PINGS, clip, escape
from index import (
    MAX_TOPIC,
    WEEKDAYS,
    Digest,
    Subscription,
    SubscriptionStore,
    check_topic,
    is_due,
    next_slot,
    parse_period,
)

log = logging.getLogger(__name__)

DIGEST_INTERVAL = 60.0  # seconds between two checks for due scheduled digests
DIGEST_TIMEOUT = 120.0  # seconds one digest may take to make
DEFAULT_PERIOD = "7d"
DEFAULT_AT = "08:00"
MAX_PERIOD = 40
MAX_ATTEMPTS = 3  # a scheduled digest that fails this many checks in a row waits for its next slot
CANT_POST = "I can't post digests in this channel: I need the Send Messages and Embed Links permissions here."

ChannelLookup = Callable[[int], Awaitable[discord.abc.Messageable | None]]


def can_post(interaction: discord.Interaction[Any]) -> bool:
    """Whether the bot may post embeds in the channel the command was used in."""
    perms = interaction.app_permissions
    in_thread = isinstance(interaction.channel, discord.Thread)
    return (perms.send_messages_in_threads if in_thread else perms.send_messages) and perms.embed_links


class DigestCog(commands.Cog):
    """Digests of a guild's index: on demand with /digest, and posted on a schedule with /digests."""

    digests = app_commands.Group(
        name="digests", description="Digests posted to a channel every day or week", guild_only=True
    )

    def __init__(
        self,
        engine: NewsEngine,
        settings: BotSettings,
        store: SubscriptionStore,
        *,
        clock: Clock | None = None,
        channel: ChannelLookup | None = None,
        ready: Callable[[], Awaitable[Any]] | None = None,
        interval: float = DIGEST_INTERVAL,
        schedule: bool = True,
        cooldown: Cooldown | None = None,
        timeout: float = DIGEST_TIMEOUT,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.store = store
        self.clock: Clock = clock or (lambda: None)
        self.channel = channel
        self.ready = ready
        self.interval = interval
        self.schedule_enabled = schedule
        self.cooldown = cooldown or Cooldown(settings.cooldown_seconds)
        self.timeout = timeout
        self.failures: dict[str, int] = {}
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        self._scheduler: asyncio.Task[None] | None = None

    def now(self) -> datetime:
        """The bot's clock (UTC when it has none), timezone-aware."""
        now = self.clock() or datetime.now(UTC)
        return now if now.tzinfo else now.replace(tzinfo=UTC)

    async def cog_load(self) -> None:
        if self.schedule_enabled:
            self._scheduler = asyncio.create_task(self._schedule_forever(), name="newsbot:digests")

    async def cog_unload(self) -> None:
        task = self._scheduler
        if task is not None and not task.done():
            task.cancel()
            await asyncio.wait([task], timeout=5)

    async def make(self, topic: str | None, corpus: str, period: str, now: datetime, **kw: Any) -> Digest:
        """The engine's digest (made in a worker thread), bounded in time."""
        call = self.engine.adigest(topic, corpus=corpus, period=period, as_of=now, **kw)
        return await asyncio.wait_for(call, self.timeout)

    # --------------------------------------------------------------------------------------- /digest

    @app_commands.command(name="digest")
    @app_commands.guild_only()
    @app_commands.describe(
        topic="What about, e.g. drones; leave it out for the top stories",
        period="How far back, e.g. 24h, 7d, since 2026-11-01 (default 7d)",
    )
    async def digest(
        self,
        interaction: discord.Interaction[Any],
        topic: app_commands.Range[str, 1, MAX_TOPIC] | None = None,
        period: app_commands.Range[str, 1, MAX_PERIOD] | None = None,
    ) -> None:
        """The period's distinct stories, each with one exact quote."""
        corpus = guild_corpus(interaction, self.settings)
        topic = check_topic(topic)
        now = self.now().astimezone(self.settings.tz)
        period = " ".join((period or "").split()) or DEFAULT_PERIOD
        parse_period(period, now, self.settings.tz)  # a period we cannot read is said before anything is posted
        self.cooldown.hit(interaction.user.id)
        await interaction.response.defer(thinking=True)
        found = await self.make(topic, corpus, period, now)
        for embed in digest_embeds(found):
            await reply(interaction, embed=embed)
            interaction.extras["answered"] = True

    # ------------------------------------------------------------------------------------- /digests

    @digests.command(name="subscribe")
    @app_commands.describe(
        topic="What about, e.g. drones; leave it out for the top stories",
        every="How often (default daily)",
        at="Time of day, HH:MM on a 24-hour clock (default 08:00)",
        day="The day of weekly digests (default Monday)",
    )
    @app_commands.choices(day=[app_commands.Choice(name=d.title(), value=d) for d in WEEKDAYS])
    async def subscribe(
        self,
        interaction: discord.Interaction[Any],
        topic: app_commands.Range[str, 1, MAX_TOPIC] | None = None,
        every: Literal["daily", "weekly"] = "daily",
        at: app_commands.Range[str, 1, 5] = DEFAULT_AT,
        day: str | None = None,
    ) -> None:
        """Post a digest to this channel every day or week (admins only)."""
        require_admin(interaction, self.settings)
        corpus = guild_corpus(interaction, self.settings)
        topic = check_topic(topic)
        if day is not None and every != "weekly":
            raise BadInput("Pick a day only for weekly digests (every: weekly).")
        if day is not None and day not in WEEKDAYS:
            raise BadInput(f"The day must be one of {', '.join(WEEKDAYS)}.")
        if not can_post(interaction):
            raise BadInput(CANT_POST)
        await interaction.response.defer(ephemeral=True, thinking=True)
        now = self.now()
        sub = await asyncio.to_thread(
            self.store.add,
            guild_id=interaction.guild_id or 0, channel_id=interaction.channel_id or 0, topic=topic, every=every,
            at=at, tz=self.settings.index.timezone, now=now, weekday=WEEKDAYS.index(day or "monday"), corpus=corpus,
        )
        log.info("guild %s subscribed channel %s to digest #%s", sub.guild_id, sub.channel_id, sub.id)
        await reply(interaction, subscribed_text(sub, next_slot(sub, now)), ephemeral=True)

    @digests.command(name="unsubscribe")
    @app_commands.rename(sub_id="id")
    @app_commands.describe(sub_id="The number /digests list shows, e.g. 3")
    async def unsubscribe(self, interaction: discord.Interaction[Any], sub_id: app_commands.Range[str, 1, 20]) -> None:
        """Stop a scheduled digest (admins only)."""
        require_admin(interaction, self.settings)
        guild_corpus(interaction, self.settings)
        number = sub_id.strip().lstrip("#")
        await interaction.response.defer(ephemeral=True, thinking=True)
        removed = await asyncio.to_thread(self.store.remove, number, guild_id=interaction.guild_id)
        if not removed:
            raise BadInput(f"There is no scheduled digest #{clip(escape(number), 20)} in this server. "
                           "`/digests list` shows them.")
        log.info("guild %s removed digest #%s", interaction.guild_id, number)
        await reply(interaction, f"Stopped scheduled digest #{number}.", ephemeral=True)

    @digests.command(name="list")
    async def list_digests(self, interaction: discord.Interaction[Any]) -> None:
        """List this server's scheduled digests and when each runs next."""
        guild_corpus(interaction, self.settings)
        now = self.now()
        subs = self.store.for_guild(interaction.guild_id or 0)
        shown = [(s, now if is_due(s, now) else next_slot(s, now)) for s in subs]
        await reply(interaction, embed=subscriptions_embed(shown), ephemeral=True)

    # ------------------------------------------------------------------------------------- scheduler

    def poke(self) -> None:
        """Check for due digests now rather than at the next tick."""
        self._wake.set()

    async def _schedule_forever(self) -> None:
        if self.ready is not None:
            await self.ready()  # channels are known once the bot is ready; then check at once
        while True:
            try:
                await self.run_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("checking the scheduled digests failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval)
            self._wake.clear()

    async def run_due(self) -> list[Subscription]:
        """Post every digest due at clock(), each once however many slots were missed; the ones posted."""
        async with self._lock:  # one check at a time, so a digest is never posted twice for one slot
            now = self.now()
            posted = []
            for sub in self.store.due(now):
                if await self._run(sub, now):
                    posted.append(sub)
            return posted

    async def _run(self, sub: Subscription, now: datetime) -> bool:
        """Make, post and record one scheduled digest; failures are logged and retried at the next check."""
        made: Digest | None = None
        sent = 0
        try:
            if self.channel is None:
                raise LookupError("no way to look up channels")
            made = await self.make(
                sub.topic, sub.corpus, sub.period(now), now.astimezone(sub.zone), exclude_article_ids=sub.exclude
            )
            channel = await self.channel(sub.channel_id)
            if channel is None:
                raise LookupError(f"channel {sub.channel_id} is gone or out of reach")
            for embed in digest_embeds(made):
                await channel.send(embed=embed, allowed_mentions=NO_PINGS)
                sent += 1
        except asyncio.CancelledError:
            raise
        except Exception:
            attempts = self.failures.get(sub.id, 0) + 1
            self.failures[sub.id] = attempts
            log.exception("scheduled digest #%s of guild %s failed (attempt %d of %d)",
                          sub.id, sub.guild_id, attempts, MAX_ATTEMPTS)
            if not sent and attempts < MAX_ATTEMPTS:
                return False  # still due: the next check tries again
        self.failures.pop(sub.id, None)  # posted (or given up on until the next slot): recorded as run
        keys = made.article_ids if made is not None and sent else []
        await asyncio.to_thread(self.store.mark_run, sub, now, keys)
        if made is not None and sent:
            log.info("posted scheduled digest #%s to channel %s: %d stories", sub.id, sub.channel_id,
                     len(made.stories))
        return bool(sent)
