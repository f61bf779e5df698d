"""/digest and /digests: a period's distinct stories with one exact quote each, on demand or on a schedule.

`/digest [topic] [period]` answers at once. `/digests subscribe|unsubscribe|list` manage digests posted to a
channel daily or weekly; they live in index.subscriptions.SubscriptionStore (one file in the data dir), and a
scheduler task checks every `interval` seconds (and at start-up, so a slot missed while the bot was offline
runs once) which are due at `clock()`, posts each, and records the stories it posted so the next run skips them.

Before making a scheduled digest the scheduler looks its channel up and checks the bot may post embeds there
(View Channel, Send Messages, Embed Links). A channel that is gone (10003), out of sight (50001) or closed to the
bot (50013) pauses the subscription with that reason, shown in `/digests list`; `/digests resume` starts it again
once the channel allows it. Each process runs the digests of its own shards' servers only.
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

from bot.cogs.admin import MANAGERS, guild_corpus, require_admin
from bot.cogs.ask import Clock, Cooldown
from bot.config import BotSettings
from bot.errors import BadInput, reply, think
from bot.permissions import MISSING_ACCESS, UNKNOWN_CHANNEL, missing, my_permissions, names, refusal
from bot.services import NewsEngine
from bot.views.digests import CHANNEL_DELETED, digest_embeds, subscribed_text, subscriptions_embed
from bot.views.text import NO_PINGS, clip, escape, timestamp
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
OUT_OF_SIGHT = "I can no longer see its channel (I need the View Channel permission there)"

# The channel a scheduled digest goes to, by id: from the cache, else fetched (discord.NotFound / Forbidden
# when it is gone or out of reach).
ChannelLookup = Callable[[int], Awaitable[Any]]


class Unreachable(Exception):
    """A scheduled digest's channel is gone or closed to the bot; the message is the reason people read."""


def cant_post(channel_id: int, perms: discord.Permissions | None, channel: Any = None) -> str | None:
    """Why the bot may not post digests (embeds) in a channel, or None when it may."""
    lacking = missing(perms, channel, embeds=True)
    return f"I need {names(lacking)} in <#{channel_id}>" if lacking else None


def reason_of(error: discord.HTTPException, channel_id: int) -> str:
    """The pause reason for Discord refusing a digest's channel."""
    if error.code == UNKNOWN_CHANNEL:
        return CHANNEL_DELETED
    if error.code == MISSING_ACCESS:
        return OUT_OF_SIGHT
    return f"Discord refused to let me post in <#{channel_id}> (a permission is missing there)"


class DigestCog(commands.Cog):
    """Digests of a guild's index: on demand with /digest, and posted on a schedule with /digests."""

    digests = app_commands.Group(
        name="digests", description="Digests posted to a channel every day or week", guild_only=True,
        default_permissions=MANAGERS,
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
        serves: Callable[[int], bool] = lambda guild_id: True,
    ) -> None:
        self.engine = engine
        self.serves = serves  # whether a guild is this process's (its shard)
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
        await think(interaction)
        found = await self.make(topic, corpus, period, now)
        for embed in digest_embeds(found):  # the first fills the "thinking…" message, the others follow it
            await reply(interaction, embed=embed)

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
        problem = cant_post(interaction.channel_id or 0, interaction.app_permissions, interaction.channel)
        if problem:
            raise BadInput(f"I can't post digests in this channel: {problem}.")
        await think(interaction, ephemeral=True)
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
        await think(interaction, ephemeral=True)
        removed = await asyncio.to_thread(self.store.remove, number, guild_id=interaction.guild_id)
        if not removed:
            raise BadInput(f"There is no scheduled digest #{clip(escape(number), 20)} in this server. "
                           "`/digests list` shows them.")
        log.info("guild %s removed digest #%s", interaction.guild_id, number)
        await reply(interaction, f"Stopped scheduled digest #{number}.", ephemeral=True)

    @digests.command(name="resume")
    @app_commands.rename(sub_id="id")
    @app_commands.describe(sub_id="The number of a paused digest, as /digests list shows it")
    async def resume(self, interaction: discord.Interaction[Any], sub_id: app_commands.Range[str, 1, 20]) -> None:
        """Start a paused scheduled digest again (admins only)."""
        require_admin(interaction, self.settings)
        guild_corpus(interaction, self.settings)
        number = sub_id.strip().lstrip("#")
        await think(interaction, ephemeral=True)
        sub = await asyncio.to_thread(self.store.get, number)
        if sub is None or sub.guild_id != interaction.guild_id:
            raise BadInput(f"There is no scheduled digest #{clip(escape(number), 20)} in this server. "
                           "`/digests list` shows them.")
        if not sub.paused:
            await reply(interaction, f"Scheduled digest #{sub.id} is not paused.", ephemeral=True)
            return
        try:
            await self._reach(sub.channel_id)
        except Unreachable as exc:
            raise BadInput(f"Scheduled digest #{sub.id} stays paused: {exc}.") from None
        resumed = await asyncio.to_thread(self.store.resume, sub.id, guild_id=interaction.guild_id)
        assert resumed is not None
        log.info("guild %s resumed digest #%s", interaction.guild_id, sub.id)
        now = self.now()
        when = "now" if is_due(resumed, now) else timestamp(next_slot(resumed, now), "f")
        await reply(interaction, f"Resumed scheduled digest #{sub.id} in <#{sub.channel_id}>; the next one comes "
                    f"{when}.", ephemeral=True)
        self.poke()

    @digests.command(name="list")
    async def list_digests(self, interaction: discord.Interaction[Any]) -> None:
        """List this server's scheduled digests and when each runs next."""
        guild_corpus(interaction, self.settings)
        await think(interaction, ephemeral=True)
        now = self.now()
        subs = await asyncio.to_thread(self.store.for_guild, interaction.guild_id or 0)
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
            due = await asyncio.to_thread(self.store.due, now)
            for sub in due:
                if self.serves(sub.guild_id) and await self._run(sub, now):
                    posted.append(sub)
            return posted

    async def _reach(self, channel_id: int) -> Any:
        """A digest's channel, if the bot may post embeds there; else Unreachable with the reason."""
        if self.channel is None:
            raise LookupError("no way to look up channels")
        try:
            channel = await self.channel(channel_id)
        except discord.HTTPException as exc:
            if refusal(exc) is None:
                raise
            raise Unreachable(reason_of(exc, channel_id)) from None
        if channel is None:
            raise Unreachable(CHANNEL_DELETED)
        problem = cant_post(channel_id, my_permissions(channel), channel)
        if problem:
            raise Unreachable(problem)
        return channel

    async def _pause(self, sub: Subscription, reason: str) -> None:
        await asyncio.to_thread(self.store.pause, sub.id, reason)
        self.failures.pop(sub.id, None)
        log.warning("paused scheduled digest #%s of guild %s: %s", sub.id, sub.guild_id, reason)

    async def _run(self, sub: Subscription, now: datetime) -> bool:
        """Make, post and record one scheduled digest. A channel that is gone or closed to the bot pauses it; other
        failures are logged and retried at the next check."""
        made: Digest | None = None
        sent = 0
        try:
            try:
                channel = await self._reach(sub.channel_id)
            except Unreachable as exc:
                await self._pause(sub, str(exc))
                return False
            made = await self.make(
                sub.topic, sub.corpus, sub.period(now), now.astimezone(sub.zone), exclude_article_ids=sub.exclude
            )
            for embed in digest_embeds(made):
                await channel.send(embed=embed, allowed_mentions=NO_PINGS)
                sent += 1
        except asyncio.CancelledError:
            raise
        except discord.HTTPException as exc:
            if refusal(exc) is None:
                return await self._failed(sub, now, made, sent, exc)
            await self._pause(sub, reason_of(exc, sub.channel_id))
            if not sent:
                return False
        except Exception as exc:
            return await self._failed(sub, now, made, sent, exc)
        return await self._record(sub, now, made, sent)

    async def _failed(
        self, sub: Subscription, now: datetime, made: Digest | None, sent: int, error: Exception
    ) -> bool:
        """An unexpected failure: logged with its traceback, and retried at the next check (up to MAX_ATTEMPTS)."""
        attempts = self.failures.get(sub.id, 0) + 1
        self.failures[sub.id] = attempts
        log.error("scheduled digest #%s of guild %s failed (attempt %d of %d)",
                  sub.id, sub.guild_id, attempts, MAX_ATTEMPTS, exc_info=error)
        if not sent and attempts < MAX_ATTEMPTS:
            return False  # still due: the next check tries again
        return await self._record(sub, now, made, sent)

    async def _record(self, sub: Subscription, now: datetime, made: Digest | None, sent: int) -> bool:
        self.failures.pop(sub.id, None)  # posted (or given up on until the next slot): recorded as run
        keys = made.article_ids if made is not None and sent else []
        await asyncio.to_thread(self.store.mark_run, sub, now, keys)
        if made is not None and sent:
            log.info("posted scheduled digest #%s to channel %s: %d stories", sub.id, sub.channel_id,
                     len(made.stories))
        return bool(sent)
