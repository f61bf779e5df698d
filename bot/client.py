"""The Bot: receives its services, loads the cogs, installs the one error handler and syncs slash commands.

It is an AutoShardedBot: with no shard settings it runs as many shards as Discord recommends (Discord requires
shards past 2,500 servers); NEWSBOT_SHARD_COUNT and NEWSBOT_SHARD_IDS split the shards over several processes,
each serving only its shards' servers. When the application was not granted the Message Content intent, the bot
starts without it and says in its log what that costs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import discord
from discord.ext import commands

from bot.cogs.admin import PROGRESS_INTERVAL, AdminCog
from bot.cogs.ask import AskCog, Clock, PageButton
from bot.cogs.digest import DIGEST_INTERVAL, DigestCog
from bot.cogs.servers import SWEEP_INTERVAL, ServersCog
from bot.config import BotSettings, corpus_for
from bot.departures import Departures
from bot.errors import TOKEN_LIFETIME, on_app_command_error
from bot.pages import PageStore
from bot.services import NewsEngine
from bot.views.text import NO_PINGS
from index import SubscriptionStore

log = logging.getLogger(__name__)

IDENTIFY_PAUSE = 5.0  # seconds between two shards' IDENTIFY (Discord allows one per 5 s by default)
WITHOUT_MESSAGE_CONTENT = (
    "this bot was not granted the Message Content intent (Developer Portal > Bot > Privileged Gateway Intents): "
    "starting without it. Slash commands, mentions and direct messages work; a reply to an answer is read only "
    "when it mentions the bot (replies mention it unless the member turns that off)"
)


class NewsBot(commands.AutoShardedBot):
    """newsbot on Discord: /ask, mentions and DMs answered by quoting the guild's own index; /digest(s)."""

    def __init__(
        self,
        *,
        engine: NewsEngine,
        settings: BotSettings,
        demo_inputs: Sequence[str] = (),
        clock: Clock | None = None,
        progress_interval: float = PROGRESS_INTERVAL,
        sync_commands: bool = True,
        poll_feeds: bool = True,
        subscriptions: SubscriptionStore | None = None,
        digest_interval: float = DIGEST_INTERVAL,
        schedule_digests: bool = True,
        token_lifetime: float = TOKEN_LIFETIME,
        identify_pause: float = IDENTIFY_PAUSE,
        sweep_interval: float = SWEEP_INTERVAL,
        **options: Any,
    ) -> None:
        intents = discord.Intents.default()
        intents.message_content = True  # replies to the bot's answers carry no mention; their text needs it
        if settings.shard_ids is not None:  # else discord.py runs every shard of shard_count (or its recommendation)
            options["shard_ids"] = list(settings.shard_ids)
        super().__init__(
            command_prefix=commands.when_mentioned,  # unused: questions are handled by AskCog, not prefix commands
            intents=intents,
            allowed_mentions=NO_PINGS,
            help_command=None,
            shard_count=settings.shard_count,
            **options,
        )
        self.token_lifetime = token_lifetime  # read by bot.errors.reply: later replies go through the channel
        self.identify_pause = identify_pause
        self.sweep_interval = sweep_interval
        self.engine = engine
        self.settings = settings
        self.demo_inputs = list(demo_inputs)
        self.clock = clock
        self.progress_interval = progress_interval
        self.sync_commands = sync_commands
        self.poll_feeds = poll_feeds
        self.subscriptions = subscriptions  # None: the store in the data dir, opened in setup_hook
        self.digest_interval = digest_interval
        self.schedule_digests = schedule_digests
        self.seeding: dict[str, asyncio.Task[None]] = {}

    async def setup_hook(self) -> None:
        self.tree.on_error = on_app_command_error  # type: ignore[method-assign]
        reads_content = self._check_message_content()
        pages = await asyncio.to_thread(PageStore.in_dir, self.settings.index.data_dir)
        ask = AskCog(self.engine, self.settings, clock=self.clock, pages=pages)
        ask.reads_content = reads_content
        await self.add_cog(ask)
        self.add_dynamic_items(PageButton)  # pagers posted before a restart page on
        await self.add_cog(
            AdminCog(
                self.engine,
                self.settings,
                guild_ids=lambda: [g.id for g in self.guilds],
                progress_interval=self.progress_interval,
                poll=self.poll_feeds,
            )
        )
        if self.subscriptions is None:
            self.subscriptions = await asyncio.to_thread(SubscriptionStore.in_dir, self.settings.index.data_dir)
        await self.add_cog(
            DigestCog(
                self.engine,
                self.settings,
                self.subscriptions,
                clock=self.clock,
                channel=self.digest_channel,
                ready=self.wait_until_ready,
                interval=self.digest_interval,
                schedule=self.schedule_digests,
                serves=self.settings.serves,
            )
        )
        departures = await asyncio.to_thread(Departures.in_dir, self.settings.index.data_dir)
        await self.add_cog(
            ServersCog(
                self.engine,
                self.settings,
                self.subscriptions,
                departures,
                clock=self.clock or (lambda: None),
                interval=self.sweep_interval,
                guild_present=lambda guild_id: self.get_guild(guild_id) is not None,
            )
        )
        if self.demo_inputs and self.settings.allow_dms and self.settings.serves_dms:
            self._seed(self.settings.default_corpus)
        if not self.sync_commands:  # every shard process syncs: the same bulk overwrite, harmless when repeated
            return
        if self.settings.dev_guild is not None:
            guild = discord.Object(self.settings.dev_guild)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to the dev guild %s", len(synced), self.settings.dev_guild)
        else:
            synced = await self.tree.sync()
            log.info("synced %d global commands (Discord may take a while to show them)", len(synced))

    async def on_message(self, message: discord.Message) -> None:
        """Questions in messages are AskCog's; there are no prefix commands to process."""

    def _check_message_content(self) -> bool:
        """Drop the Message Content intent before connecting when the application was not granted it (Discord
        would close the connection with 4014); whether the bot reads message content."""
        app = self.application
        flags = app.flags if app is not None else None
        if flags is None or flags.gateway_message_content or flags.gateway_message_content_limited:
            return True
        self._connection._intents.message_content = False
        log.warning("%s", WITHOUT_MESSAGE_CONTENT)
        return False

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        if not initial:
            await asyncio.sleep(self.identify_pause)

    async def on_ready(self) -> None:
        shards = sorted(self.shards)
        log.info("logged in as %s: shards %s of %s, %d guilds", self.user, shards, self.shard_count, len(self.guilds))

    async def on_guild_available(self, guild: discord.Guild) -> None:
        self._seed(corpus_for(guild.id, self.settings))

    async def on_guild_join(self, guild: discord.Guild) -> None:
        log.info("joined guild %s", guild.id)
        self._seed(corpus_for(guild.id, self.settings))

    async def digest_channel(self, channel_id: int) -> Any:
        """A channel scheduled digests are posted to: from the cache, else fetched (discord.NotFound when it is
        gone, discord.Forbidden when the bot may no longer see it)."""
        channel = self.get_channel(channel_id)
        if channel is None:
            channel = await self.fetch_channel(channel_id)
        return channel if isinstance(channel, discord.abc.Messageable) else None

    def _seed(self, corpus: str) -> None:
        """In demo mode, fill an empty corpus with the bundled sample news (in the background)."""
        if not self.demo_inputs or corpus in self.seeding:
            return
        self.seeding[corpus] = asyncio.create_task(self._seed_corpus(corpus), name=f"newsbot:seed:{corpus}")

    async def _seed_corpus(self, corpus: str) -> None:
        try:
            if (await self.engine.astats(corpus=corpus)).articles:
                return
            report = await self.engine.aingest(self.demo_inputs, corpus=corpus)
            log.info("demo: seeded %s with %d articles", corpus, report.articles_added)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("demo: seeding %s failed", corpus)

    async def close(self) -> None:
        for task in self.seeding.values():
            task.cancel()
        await super().close()
