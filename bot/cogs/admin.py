"""/reindex, /sources and /status for each guild's own index, and the scheduled feed polls.

/reindex and /sources carry default_member_permissions (Manage Server), so Discord shows them to server managers
only (an admin may allow other roles in Server Settings > Integrations); every admin command is still checked
here. Each interaction is acknowledged before the first hop to a worker thread, and a source change while the
index is being rebuilt is refused at once rather than left waiting behind the rebuild.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.config import BotSettings, corpus_for
from bot.errors import BadInput, NotAllowed, dead_token, reply, reply_late, think, token_lifetime
from bot.services import NewsEngine
from bot.views.admin import progress_text, rebuild_done_text, sources_embed, status_embed
from bot.views.text import CONTENT_LIMIT, NO_PINGS, clip, escape, neutralise
from index import IngestReport, NewsbotError, RebuildInProgress, RebuildProgress

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 2.0  # seconds between two progress edits of the /reindex message
MAX_URL = 500
ALREADY = "A rebuild of this server's index is already running. It keeps answering from the current index meanwhile."
REBUILDING = (
    "A rebuild of this server's index is running: add or remove sources once it has finished "
    "(/status shows when it is done)."
)
MANAGERS = discord.Permissions(manage_guild=True)  # who Discord shows the admin commands to by default


def is_admin(interaction: discord.Interaction[Any], settings: BotSettings) -> bool:
    """Members with Manage Server (or Administrator), or with the configured admin role (matched by id)."""
    perms = interaction.permissions
    if perms.manage_guild or perms.administrator:
        return True
    role = settings.admin_role
    roles = getattr(interaction.user, "roles", [])
    return role is not None and any(r.id == role for r in roles)


def require_admin(interaction: discord.Interaction[Any], settings: BotSettings) -> None:
    """Raise NotAllowed unless the user is an admin of this guild."""
    if not is_admin(interaction, settings):
        who = "Manage Server permission"
        if settings.admin_role is not None:
            guild = getattr(interaction, "guild", None)
            role = guild.get_role(settings.admin_role) if guild is not None else None
            who += f" or the {clip(escape(role.name), 100)} role" if role else " or the configured admin role"
        raise NotAllowed(f"Only members with the {who} can do this.")


def guild_corpus(interaction: discord.Interaction[Any], settings: BotSettings) -> str:
    """The corpus of the guild a command was used in (these commands work in servers only)."""
    if interaction.guild_id is None:
        raise BadInput("This command works in servers only.")
    return corpus_for(interaction.guild_id, settings)


def _web_address(url: str) -> str:
    url = url.strip()
    if not url.startswith(("http://", "https://")) or len(url) > MAX_URL or any(c.isspace() for c in url):
        raise BadInput(f"Give a web address starting with http:// or https:// (at most {MAX_URL} characters).")
    return url


class Throttle:
    """Sends the latest of a stream of texts, at most one every `interval` seconds (the last one may be dropped).

    It stops for good at the first 401, 403 or 404: the message or its token is gone, and no retry brings it back.
    """

    def __init__(
        self, send: Callable[[str], Awaitable[None]], interval: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._send = send
        self._interval = interval
        self._clock = clock
        self._pending: str | None = None
        self._last = -float("inf")
        self._task: asyncio.Task[None] | None = None
        self._sending = False
        self.stopped = False

    def push(self, text: str) -> None:
        """Queue a text (call on the event loop); an older queued one is replaced."""
        if self.stopped:
            return
        self._pending = text
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while self._pending is not None:
            wait = self._last + self._interval - self._clock()
            if wait > 0:
                await asyncio.sleep(wait)
            text, self._pending = self._pending, None
            if text is None:
                break
            self._last = self._clock()
            self._sending = True
            try:
                await self._send(text)
            except discord.HTTPException as exc:
                if exc.status in (401, 403, 404):
                    self.stopped, self._pending = True, None
                    log.warning("stopped showing progress: Discord refused the edit (%s %s)", exc.status, exc.code)
                    return
                log.warning("could not show progress: %s", exc)
            except Exception as exc:  # progress is best effort; the final message is what matters
                log.warning("could not show progress: %s", exc)
            finally:
                self._sending = False

    async def close(self, wait: float = 10.0) -> None:
        """Drop what is queued; let an edit already sent finish (up to `wait` seconds), so that a refusal of it is
        known before the final message picks its way; a wait for the next interval is cancelled."""
        self._pending = None
        task = self._task
        if task is None or task.done():
            return
        if self._sending:
            await asyncio.wait({task}, timeout=wait)
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


class StatusMessage:
    """The public message a command edits as it goes: by interaction token while it lives, then via the channel.

    A token Discord refuses (401, or 404 for an unknown webhook) counts as dead from then on.
    """

    def __init__(self, interaction: discord.Interaction[Any], clock: Callable[[], float] = time.monotonic) -> None:
        self.interaction = interaction
        self.started = clock()
        self._clock = clock
        self._message: discord.Message | None = None
        self.token_dead = False

    async def start(self, text: str) -> None:
        await self.interaction.response.send_message(text, allowed_mentions=NO_PINGS)
        with contextlib.suppress(discord.HTTPException):
            self._message = await self.interaction.original_response()

    @property
    def late(self) -> bool:
        return self.token_dead or self._clock() - self.started >= token_lifetime(self.interaction)

    def _channel(self) -> Any:
        client = self.interaction.client
        channel_id = self.interaction.channel_id
        return (client.get_channel(channel_id) if channel_id else None) or self.interaction.channel

    async def edit(self, text: str) -> None:
        """Show new text: through the token while it lives, else by editing the message through the channel."""
        if not self.late:
            try:
                await self.interaction.edit_original_response(content=text, allowed_mentions=NO_PINGS)
                return
            except discord.HTTPException as exc:
                if dead_token(exc):
                    self.token_dead = True
                raise
        channel = self._channel()
        if self._message is None or not hasattr(channel, "get_partial_message"):
            raise LookupError("the message can only be edited through its interaction, which has expired")
        await channel.get_partial_message(self._message.id).edit(content=text, allowed_mentions=NO_PINGS)

    async def finish(self, text: str) -> None:
        """Show the final text however Discord still allows: an edit through the token, else through the channel,
        else a new message in the channel, else one log line."""
        if not self.late:
            try:
                await self.interaction.edit_original_response(content=text, allowed_mentions=NO_PINGS)
                return
            except discord.HTTPException as exc:
                if not dead_token(exc):
                    raise
                self.token_dead = True
        channel = self._channel()
        if self._message is not None and hasattr(channel, "get_partial_message"):
            try:
                await channel.get_partial_message(self._message.id).edit(content=text, allowed_mentions=NO_PINGS)
                return
            except discord.HTTPException as exc:
                log.info("could not edit message %s through its channel: %s", self._message.id, exc)
        await reply_late(self.interaction, {"content": text, "allowed_mentions": NO_PINGS})


class AdminCog(commands.Cog):
    """Per-guild index maintenance: rebuilds, followed sources, status, and scheduled feed polls."""

    sources = app_commands.Group(
        name="sources", description="The feeds and pages this server's index follows", guild_only=True,
        default_permissions=MANAGERS,
    )

    def __init__(
        self,
        engine: NewsEngine,
        settings: BotSettings,
        *,
        guild_ids: Callable[[], Iterable[int]] = tuple,
        progress_interval: float = PROGRESS_INTERVAL,
        poll: bool = True,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.guild_ids = guild_ids  # the guilds this process serves (its shards' guilds)
        self.progress_interval = progress_interval
        self.poll_enabled = poll
        self.rebuilding: set[str] = set()
        self.tasks: set[asyncio.Task[Any]] = set()
        self._poller: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        if self.poll_enabled:
            self._poller = asyncio.create_task(self._poll_forever(), name="newsbot:poll-feeds")

    async def cog_unload(self) -> None:
        pending = [t for t in [self._poller, *self.tasks] if t is not None and not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=5)

    def _spawn(self, coro: Awaitable[Any], name: str) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        task.set_name(name)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    # -------------------------------------------------------------------------------------- /reindex

    @app_commands.command(name="reindex")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.describe(full="Also fetch the followed feeds and pages first")
    async def reindex(self, interaction: discord.Interaction[Any], full: bool = False) -> None:
        """Rebuild this server's index (admins only)."""
        require_admin(interaction, self.settings)
        corpus = guild_corpus(interaction, self.settings)
        if corpus in self.rebuilding:
            raise BadInput(ALREADY)
        self.rebuilding.add(corpus)  # before any await, so a second /reindex sees it
        try:
            status = StatusMessage(interaction)
            first = "Fetching the followed feeds, then rebuilding…" if full else "Rebuilding this server's index…"
            await status.start(first)  # the acknowledgement: before any hop to a worker thread
        except BaseException:
            self.rebuilding.discard(corpus)
            raise
        self._spawn(self._rebuild(status, corpus, full), f"newsbot:rebuild:{corpus}")

    async def _rebuild(self, status: StatusMessage, corpus: str, full: bool) -> None:
        loop = asyncio.get_running_loop()
        throttle = Throttle(status.edit, self.progress_interval)

        def on_progress(p: RebuildProgress) -> None:  # runs in the engine's worker thread
            with contextlib.suppress(RuntimeError):  # the loop closed: the bot is shutting down
                loop.call_soon_threadsafe(throttle.push, progress_text(p))

        poll: IngestReport | None = None
        try:
            if await self.engine.ais_rebuilding(corpus=corpus):  # e.g. `newsbot index rebuild` on this machine
                raise RebuildInProgress(ALREADY)
            if full:
                poll = await self.engine.apoll_feeds(corpus=corpus)
            report = await self.engine.arebuild(corpus=corpus, progress=on_progress)
            text = rebuild_done_text(report, poll)
        except RebuildInProgress:
            text = ALREADY
        except NewsbotError as exc:
            text = f"The rebuild stopped: {exc} The current index is still in use."
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("the rebuild of %s failed", corpus)
            text = "The rebuild failed. The current index is still in use."
        finally:
            await throttle.close()
            self.rebuilding.discard(corpus)
        try:
            await status.finish(text)
        except Exception as exc:  # e.g. the message was deleted, or the bot is closing
            log.warning("could not report the end of a rebuild of %s: %s", corpus, exc)

    # -------------------------------------------------------------------------------------- /sources

    async def _refuse_during_rebuild(self, interaction: discord.Interaction[Any], corpus: str) -> None:
        """Acknowledge a source change, refusing it at once while this server's index is being rebuilt."""
        if corpus in self.rebuilding:
            raise BadInput(REBUILDING)
        await think(interaction, ephemeral=True)
        if await self.engine.ais_rebuilding(corpus=corpus):
            raise BadInput(REBUILDING)

    @sources.command(name="list")
    async def sources_list(self, interaction: discord.Interaction[Any]) -> None:
        """List the feeds and pages this server's index follows."""
        corpus = guild_corpus(interaction, self.settings)
        await think(interaction, ephemeral=True)
        found = await self.engine.asources(corpus=corpus)
        await reply(interaction, embed=sources_embed(found), ephemeral=True)

    @sources.command(name="add")
    @app_commands.describe(url="A feed (RSS/Atom) or page address, starting with https://")
    async def sources_add(self, interaction: discord.Interaction[Any], url: str) -> None:
        """Follow a feed or page and add its articles (admins only)."""
        require_admin(interaction, self.settings)
        url = _web_address(url)
        corpus = guild_corpus(interaction, self.settings)
        await self._refuse_during_rebuild(interaction, corpus)
        report = await self.engine.aingest([url], corpus=corpus)
        failed = [e for e in report.errors if e.source == url]
        if failed:
            text = f"I couldn't read <{url}>: {failed[0].error} I am not following it."
        else:
            kind = next((s.kind for s in await self.engine.asources(corpus=corpus) if s.url == url), "source")
            new = report.articles_added + report.articles_updated
            text = f"Now following <{url}> ({kind}): {new} new article{'s' if new != 1 else ''}."
            if report.errors:
                text += f" {len(report.errors)} item{'s' if len(report.errors) != 1 else ''} could not be read."
        await reply(interaction, clip(neutralise(text), CONTENT_LIMIT), ephemeral=True)

    @sources.command(name="remove")
    @app_commands.describe(url="The address to stop following, as /sources list shows it")
    async def sources_remove(self, interaction: discord.Interaction[Any], url: str) -> None:
        """Stop following a feed or page and remove its articles (admins only)."""
        require_admin(interaction, self.settings)
        url = _web_address(url)
        corpus = guild_corpus(interaction, self.settings)
        await self._refuse_during_rebuild(interaction, corpus)
        removed = await self.engine.aremove_source(url, corpus=corpus)
        text = f"Stopped following <{url}> and removed {removed} article{'s' if removed != 1 else ''}."
        await reply(interaction, clip(neutralise(text), CONTENT_LIMIT), ephemeral=True)

    # --------------------------------------------------------------------------------------- /status

    @app_commands.command(name="status")
    @app_commands.guild_only()
    async def status(self, interaction: discord.Interaction[Any]) -> None:
        """Show the size and freshness of this server's index."""
        corpus = guild_corpus(interaction, self.settings)
        await think(interaction, ephemeral=True)
        stats, found = await asyncio.gather(self.engine.astats(corpus=corpus), self.engine.asources(corpus=corpus))
        rebuilding = corpus in self.rebuilding or await self.engine.ais_rebuilding(corpus=corpus)
        await reply(interaction, embed=status_embed(stats, found, rebuilding=rebuilding), ephemeral=True)

    # ---------------------------------------------------------------------------------- feed polling

    def corpora(self) -> list[str]:
        """Every corpus this process answers from: one per guild of its shards, and the default one when DMs are
        answered (by the process that runs shard 0, which Discord sends DMs to)."""
        names = [corpus_for(g, self.settings) for g in self.guild_ids()]
        if self.settings.allow_dms and self.settings.serves_dms:
            names.append(self.settings.default_corpus)
        return list(dict.fromkeys(names))

    async def poll_once(self) -> dict[str, IngestReport]:
        """Poll every corpus's followed feeds (conditional requests); failures are logged, never raised."""
        reports: dict[str, IngestReport] = {}
        for corpus in self.corpora():
            if corpus in self.rebuilding:
                continue  # the rebuild holds the corpus; the next round polls it
            try:
                report = await self.engine.apoll_feeds(corpus=corpus)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("polling the feeds of %s failed", corpus)
                continue
            reports[corpus] = report
            if report.articles_added or report.articles_updated or report.errors:
                log.info(
                    "polled %s: %d new, %d updated, %d errors",
                    corpus, report.articles_added, report.articles_updated, len(report.errors),
                )
        return reports

    async def _poll_forever(self) -> None:
        while True:
            await asyncio.sleep(self.settings.poll_seconds)
            await self.poll_once()
