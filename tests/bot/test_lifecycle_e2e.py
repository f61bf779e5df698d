"""End to end: channels that are deleted or hidden, and servers that remove the bot.

The real NewsBot and engine against the Discord stand-in, with a clock the tests move: scheduled digests whose
channel is gone or out of reach are paused with their reason (shown in /digests list, resumable), and a server
that removes the bot loses its digests at once and its index after the grace period, unless it adds the bot back.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio

from bot.cogs.admin import AdminCog
from bot.cogs.digest import DigestCog
from index.engine import Engine
from index.settings import Settings
from tests.bot.e2e_helpers import INGESTED, SAMPLE_NEWS, MemoEmbedder, World, start_world
from tests.discord_standin import FakeChannel, FakeGuild, PostedMessage

pytestmark = pytest.mark.asyncio(loop_scope="module")

WAIT = 60.0
START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # a Wednesday


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now


CLOCK = Clock()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(real_embedder: Any, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[World]:
    embedder = MemoEmbedder(real_embedder)
    engine = Engine(Settings(data_dir=tmp_path_factory.mktemp("lifecycle") / "data"), embedder=embedder,
                    clock=lambda: INGESTED)

    async def ingest(w: World) -> None:
        w.standin.add_guild("Third Guild")
        for guild in w.standin.guilds.values():
            await engine.aingest([str(SAMPLE_NEWS)], corpus=w.corpus(guild))

    try:
        async with start_world(engine, embedder, before_start=ingest, clock=CLOCK,
                               bot_options={"digest_interval": 3600, "sweep_interval": 0.05}) as running:
            yield running
    finally:
        engine.close()


def digests(world: World) -> DigestCog:
    cog = world.bot.get_cog("DigestCog")
    assert isinstance(cog, DigestCog)
    return cog


async def subscribe(world: World, channel: FakeChannel, guild: FakeGuild | None = None) -> str:
    """Subscribe a channel to a daily digest at 10:00 as the guild's manager; the subscription's number."""
    s = world.standin
    guild = guild or s.guild
    manager = s.member("mgr-" + guild.name.split()[0].lower(), guild, permissions=world.manager.permissions)
    handle = await s.interaction("digests", {"at": "10:00"}, subcommand="subscribe", user=manager,
                                 channel_id=channel.id)
    confirmation = await handle.wait_response(lambda p: p.content.startswith("Scheduled digest #"), timeout=WAIT)
    return confirmation.content.split("#", 1)[1].split(":", 1)[0]


async def listed(world: World, user: Any = None) -> str:
    handle = await world.standin.interaction("digests", subcommand="list", user=user or world.manager)
    shown: PostedMessage = await handle.wait_response(lambda p: bool(p.embeds), timeout=WAIT)
    return str(shown.embeds[0].get("description") or "")


def line_of(text: str, sub_id: str) -> str:
    return next(line for line in text.split("\n") if line.startswith(f"**#{sub_id}**"))


async def test_a_deleted_digest_channel_pauses_its_digest_with_the_reason(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    s = world.standin
    CLOCK.now = START
    channel = await s.create_channel(s.guild, "gone-soon")
    await s.wait_until(lambda: world.bot.get_channel(channel.id), WAIT, "the new channel")
    sub = await subscribe(world, channel)

    await s.delete_channel(channel)
    with caplog.at_level(logging.INFO):
        text = await _wait_listed(world, sub, "paused")
        CLOCK.now = START + timedelta(hours=2)  # past the 10:00 slot
        posted_before = len(s.posted)
        await digests(world).run_due()
    assert "channel was deleted" in line_of(text, sub)
    assert not [p for p in s.posted[posted_before:] if p.kind == "channel"]
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


async def _wait_listed(world: World, sub_id: str, word: str) -> str:
    """/digests list, asked until the subscription's line says `word` (the bot reacts to events on its own time)."""
    deadline = asyncio.get_running_loop().time() + WAIT
    while True:
        text = await listed(world)
        if word in line_of(text, sub_id).lower() or asyncio.get_running_loop().time() > deadline:
            return text
        await asyncio.sleep(0.1)


async def test_a_channel_the_bot_can_no_longer_see_pauses_its_digest_until_an_admin_resumes_it(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    s = world.standin
    CLOCK.now = START + timedelta(days=1)
    channel = await s.create_channel(s.guild, "briefing")
    await s.wait_until(lambda: world.bot.get_channel(channel.id), WAIT, "the new channel")
    sub = await subscribe(world, channel)
    await s.deny_bot(channel, 1 << 10)  # View Channel
    await s.wait_until(lambda: getattr(world.bot.get_channel(channel.id), "overwrites", None) or None, WAIT, "overwrite")

    CLOCK.now = START + timedelta(days=1, hours=2)
    with caplog.at_level(logging.INFO):
        posted = await digests(world).run_due()
        again = await digests(world).run_due()  # paused: not retried
    assert posted == [] and again == []
    assert not [c for c in s.rest_calls if f"/channels/{channel.id}/messages" in c.path]
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    line = line_of(await listed(world), sub)
    assert "paused" in line.lower() and "View Channel" in line and "/digests resume" in line

    refused = await s.interaction("digests", {"id": sub}, subcommand="resume", user=world.manager)
    still = await refused.wait_response(lambda p: bool(p.content), timeout=WAIT)
    assert "View Channel" in still.content  # resuming checks the channel first

    await s.set_permissions(channel, s.bot_user)  # the overwrite is lifted
    await s.wait_until(lambda: _can_see(world, channel), WAIT, "the lifted overwrite")
    resumed = await s.interaction("digests", {"id": sub}, subcommand="resume", user=world.manager)
    ok = await resumed.wait_response(lambda p: bool(p.content), timeout=WAIT)
    assert ok.content.startswith(f"Resumed scheduled digest #{sub}")
    mark = len(s.posted)
    digests(world).poke()
    first = await s.wait_for_message(lambda p: p.channel_id == channel.id, kind="channel", since=mark,
                                     timeout=WAIT)
    assert first.embeds and first.embeds[0]["title"] == "Top stories"


def _can_see(world: World, channel: FakeChannel) -> bool | None:
    found = world.bot.get_channel(channel.id)
    guild = world.bot.get_guild(world.guild.id)
    if found is None or guild is None or not hasattr(found, "permissions_for"):
        return None
    return True if found.permissions_for(guild.me).view_channel else None


async def test_a_server_that_removes_the_bot_loses_its_digests_and_feed_polls_and_its_index_after_the_grace(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    s, engine = world.standin, world.engine
    third = next(g for g in s.guilds.values() if g.name == "Third Guild")
    CLOCK.now = START + timedelta(days=3)
    sub_b = await subscribe(world, world.other.default_channel, world.other)
    sub_c = await subscribe(world, third.default_channel, third)
    folder_b = engine.settings.data_dir / "corpora" / world.corpus(world.other)
    folder_c = engine.settings.data_dir / "corpora" / world.corpus(third)
    assert folder_b.exists() and folder_c.exists()

    await s.remove_guild(world.other)
    await s.remove_guild(third)
    await s.wait_until(lambda: world.bot.get_guild(third.id) is None or None, WAIT, "GUILD_DELETE")
    admin = world.bot.get_cog("AdminCog")
    assert isinstance(admin, AdminCog)
    assert world.corpus(world.other) not in admin.corpora()  # no more feed polls for it
    store = world.bot.subscriptions
    assert store is not None
    await s.wait_until(lambda: all(store.get(i) and store.get(i).paused for i in (sub_b, sub_c)) or None, WAIT,
                       "the removed servers' digests to pause")

    CLOCK.now += timedelta(days=2)
    await s.readd_guild(third)  # third adds the bot back within the grace period
    await s.wait_until(lambda: world.bot.get_guild(third.id), WAIT, "GUILD_CREATE")
    # the re-add is handled in its own task: wait for it, not for the gateway event alone
    await s.wait_until(lambda: (store.get(sub_c) and not store.get(sub_c).paused) or None, WAIT,
                       "the returned server's digest to run again")
    CLOCK.now += timedelta(days=29)  # past 30 days since the removal
    with caplog.at_level(logging.INFO):
        await s.wait_until(lambda: (not folder_b.exists()) or None, WAIT, "the removed server's index to go")
        # the sweep says so once the digests and the departure are gone too, a moment after the folder
        await s.wait_until(lambda: any(world.corpus(world.other) in r.getMessage() for r in caplog.records) or None,
                           WAIT, "the deletion to be logged")
    assert folder_c.exists() and await engine.astats(corpus=world.corpus(third))
    assert (await engine.astats(corpus=world.corpus(third))).articles > 0
    assert not [n for n in engine.store.list_names() if n.startswith(f"nb-{world.corpus(world.other)}-")]
    assert store.get(sub_b) is None or store.get(sub_b).paused  # its digests are gone with it
    resumed = store.get(sub_c)
    assert resumed is not None and not resumed.paused  # the server that came back has its digest again
