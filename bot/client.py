"""The Bot: receives its services, loads the cogs, installs the one error handler and syncs slash commands."""

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
from bot.config import BotSettings, corpus_for
from bot.errors import on_app_command_error
from bot.pages import PageStore
from bot.services import NewsEngine
from bot.views.text import NO_PINGS
from index import SubscriptionStore

log = logging.getLogger(__name__)


class NewsBot(commands.Bot):
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
        **options: Any,
    ) -> None:
        intents = discord.Intents.default()
        intents.message_content = True  # replies to the bot's answers carry no mention; their text needs it
        super().__init__(
            command_prefix=commands.when_mentioned,  # unused: questions are handled by AskCog, not prefix commands
            intents=intents,
            allowed_mentions=NO_PINGS,
            help_command=None,
            **options,
        )
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
        pages = await asyncio.to_thread(PageStore.in_dir, self.settings.index.data_dir)
        await self.add_cog(AskCog(self.engine, self.settings, clock=self.clock, pages=pages))
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
            )
        )
        if self.demo_inputs and self.settings.allow_dms:
            self._seed(self.settings.default_corpus)
        if not self.sync_commands:
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

    async def on_ready(self) -> None:
        log.info("logged in as %s in %d guilds", self.user, len(self.guilds))

    async def on_guild_available(self, guild: discord.Guild) -> None:
        self._seed(corpus_for(guild.id, self.settings))

    async def on_guild_join(self, guild: discord.Guild) -> None:
        log.info("joined guild %s", guild.id)
        self._seed(corpus_for(guild.id, self.settings))

    async def digest_channel(self, channel_id: int) -> discord.abc.Messageable | None:
        """A channel scheduled digests are posted to (from the cache, else fetched); None when it is gone."""
        channel = self.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.fetch_channel(channel_id)
            except discord.NotFound:
                return None
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
