"""End to end: /digest and scheduled digests, and what must outlive the bot (subscriptions, pagers), from the
real NewsBot and engine (bundled model, embedded Chroma) against the Discord stand-in, with a clock the tests move.

The guild's index holds our saved page (tests/fixtures/sources/alliance_page.txt) and the sample news. Each test starts its own bot over the same engine and
data dir (so the last one can stop the bot and start a new one, as a restart would); scheduled digests fire when
the clock passes their slot and the scheduler is poked (its own interval is an hour here).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio

from bot.client import NewsBot
from bot.cogs.digest import DigestCog
from bot.config import BotSettings, corpus_for
from bot.pages import FILE_NAME
from index.engine import Engine
from index.settings import Settings
from tests.bot.e2e_helpers import ADMIN_ROLE, AS_OF, SAMPLE_NEWS, MemoEmbedder, quote_texts
from tests.conftest import SAVED_PAGE
from tests.discord_standin import (
    CHANNEL_MESSAGE,
    DEFAULT_MEMBER_PERMISSIONS,
    DEFERRED_CHANNEL_MESSAGE,
    MANAGE_GUILD,
    UPDATE_MESSAGE,
    DiscordStandIn,
    FakeMember,
    PostedMessage,
    run_bot,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

WAIT = 60.0  # seconds; generous, the machine may be busy
LEINONEN_WORDS = "plenty of unused potential"
HEADLINE = re.compile(r"^\*\*(\d+)\. (?:\[(.+?)\]\(\S+\)|(.+))\*\*$", re.MULTILINE)


@dataclass
class Clock:
    now: datetime = AS_OF

    def __call__(self) -> datetime:
        return self.now


@dataclass
class DigestWorld:
    standin: DiscordStandIn
    engine: Engine
    settings: BotSettings
    manager: FakeMember
    clock: Clock = field(default_factory=Clock)

    @property
    def corpus(self) -> str:
        return corpus_for(self.standin.guild.id, self.settings)

    @contextlib.asynccontextmanager
    async def bot(self) -> AsyncIterator[NewsBot]:
        """A fresh NewsBot over the shared engine and data dir (its subscriptions are read from disk)."""
        bot = NewsBot(engine=self.engine, settings=self.settings, clock=self.clock, poll_feeds=False,
                      digest_interval=3600)
        async with run_bot(bot, self.standin.token, timeout=30.0):
            yield bot


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(
    real_embedder: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[DigestWorld]:
    embedder = MemoEmbedder(real_embedder)
    engine = Engine(Settings(data_dir=tmp_path_factory.mktemp("digest-e2e") / "data"), embedder=embedder)
    try:
        async with DiscordStandIn() as standin:
            with standin.patch_discord():
                role = standin.add_role(standin.guild, ADMIN_ROLE)
                settings = BotSettings(token=standin.token, admin_role=ADMIN_ROLE, cooldown_seconds=0,
                                       index=engine.settings)
                w = DigestWorld(standin, engine, settings,
                                standin.member("mia", permissions=DEFAULT_MEMBER_PERMISSIONS | MANAGE_GUILD))
                standin.member("erin", roles=[role])
                await engine.aingest([str(SAVED_PAGE), str(SAMPLE_NEWS)], corpus=w.corpus)
                yield w
    finally:
        engine.close()


def description(posted: PostedMessage) -> str:
    return "\n".join(str(e.get("description") or "") for e in posted.embeds)


def headlines(posted: PostedMessage) -> list[str]:
    return [m.group(2) or m.group(3) for m in HEADLINE.finditer(description(posted))]


def digest_cog(bot: NewsBot) -> DigestCog:
    cog = bot.get_cog("DigestCog")
    assert isinstance(cog, DigestCog)
    return cog


async def scheduled(w: DigestWorld, since: int) -> PostedMessage:
    """The next digest the scheduler posts to the channel (after posted[since])."""
    channel = w.standin.channel.id
    return await w.standin.wait_for_message(lambda p: p.channel_id == channel, kind="channel", since=since,
                                            timeout=WAIT)


async def test_digest_posts_separate_stories_each_with_an_exact_quote(world: DigestWorld) -> None:
    s, engine = world.standin, world.engine
    world.clock.now = max(datetime.now(UTC), AS_OF) + timedelta(minutes=1)  # the saved page is dated by its ingest
    options = {"topic": "drones", "period": "since 2026-11-01"}
    async with world.bot() as bot:
        completed = asyncio.ensure_future(bot.wait_for("app_command_completion"))
        handle = await s.interaction("digest", options)
        posted = await handle.wait_followup(timeout=WAIT)
        await asyncio.wait_for(completed, WAIT)  # every message of the digest is posted
    made = await engine.adigest("drones", corpus=world.corpus, period="since 2026-11-01", as_of=world.clock.now)

    assert handle.callback_type == DEFERRED_CHANNEL_MESSAGE and not posted.ephemeral
    messages = handle.followups()
    assert all(m.allowed_mentions == {"parse": []} and m.pinged_user_ids == set() for m in messages)
    assert posted.embeds[0]["title"] == "Digest: drones"
    text = "\n\n".join(description(m) for m in messages)
    assert text.startswith("**Period:** since 2026-11-01 (2026-11-01 to ")
    assert f"**as of** {world.clock.now:%Y-%m-%d %H:%M} UTC" in text.split("\n")[0]

    shown = [h for m in messages for h in headlines(m)]
    assert len(made.stories) >= 3 and len(shown) == len(made.stories) == len(set(shown))  # separate stories
    quotes = [q for m in messages for q in quote_texts(m)]
    assert len(quotes) == len(made.stories)
    arts = await asyncio.to_thread(world.engine.corpus(world.corpus).articles,
                                   [st.headline.article_id for st in made.stories])
    for story, quote in zip(made.stories, quotes, strict=True):
        stored = arts[story.headline.article_id].article.text
        assert quote in stored and quote == story.quote.text  # verbatim, as stored
        assert stored[story.quote.start : story.quote.end] == quote
    leinonen = next(st for st in made.stories if LEINONEN_WORDS in st.quote.text)  # the page is a story of its own
    assert leinonen.first_seen and leinonen.headline.published is not None
    assert f"first seen {leinonen.headline.published:%Y-%m-%d}" in text
    trials = next(st for st in made.stories if "Drones first" in st.headline.title)  # three copies, one story
    assert {h.source for h in trials.also_reported_by} == {"Northwind Wire", "Harbour Ledger"}
    assert re.search(r"Also reported by: \[Northwind Wire\]\(\S+\), \[Harbour Ledger\]\(\S+\)", text)


async def test_a_member_who_is_not_an_admin_cannot_subscribe(world: DigestWorld) -> None:
    s = world.standin
    async with world.bot() as bot:
        refused = await s.interaction("digests", {"topic": "drones"}, subcommand="subscribe")
        reply = await refused.wait_response(timeout=WAIT)
        listed = await s.interaction("digests", subcommand="list")
        shown = await listed.wait_response(timeout=WAIT)
        assert bot.subscriptions is not None and bot.subscriptions.all() == []
    assert refused.callback_type == CHANNEL_MESSAGE and reply.ephemeral
    assert reply.content == "Only members with the Manage Server permission or the Newsbot Admins role can do this."
    assert shown.ephemeral and shown.embeds[0]["description"].startswith("None yet.")


async def test_a_subscription_posts_on_schedule_never_repeats_stories_and_survives_a_restart(
    world: DigestWorld,
) -> None:
    s, clock = world.standin, world.clock
    clock.now = datetime(2026, 11, 15, 10, 0, tzinfo=UTC)  # a Sunday
    options = {"every": "weekly", "at": "08:00", "day": "monday"}
    async with world.bot() as bot:
        added = await s.interaction("digests", options, subcommand="subscribe", user=world.manager)
        confirmation = await added.wait_followup(timeout=WAIT)
        assert confirmation.ephemeral and confirmation.content.startswith(
            "Scheduled digest #1: top stories, Mondays at 08:00 (UTC), posted in this channel. The first one comes "
            f"<t:{int(datetime(2026, 11, 16, 8, tzinfo=UTC).timestamp())}:f>."
        )
        cog = digest_cog(bot)

        clock.now = datetime(2026, 11, 19, 12, 0, tzinfo=UTC)  # past Monday's slot: it runs (late)
        mark = len(s.posted)
        cog.poke()
        first = await scheduled(world, mark)
        assert await cog.run_due() == []  # done for this slot

        clock.now = datetime(2026, 11, 23, 8, 1, tzinfo=UTC)  # the next Monday: its week overlaps the first
        mark = len(s.posted)
        cog.poke()
        second = await scheduled(world, mark)
        assert await cog.run_due() == []

    for posted in (first, second):
        assert posted.embeds[0]["title"] == "Top stories" and posted.allowed_mentions == {"parse": []}
        assert not posted.mention_everyone and posted.pinged_user_ids == set() and posted.pinged_role_ids == set()
    one, two = headlines(first), headlines(second)
    assert "EU trade chief says Europe will meet rare earth curbs with mines and recycling" in one
    assert one and two and not set(one) & set(two)  # the rare earths story, still in the window, is not repeated
    assert description(second).startswith("**Period:** 168h (2026-11-16 to 2026-11-23)")

    clock.now = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)  # the bot was offline through two Monday slots
    mark = len(s.posted)
    async with world.bot() as bot:
        store = bot.subscriptions
        assert store is not None
        await s.wait_until(lambda: store.get("1") is not None and store.get("1").last_run == clock.now, WAIT,
                           "the missed digest at start-up")
        assert await digest_cog(bot).run_due() == []
        listed = await s.interaction("digests", subcommand="list")
        shown = (await listed.wait_response(timeout=WAIT)).embeds[0]["description"]
    posts = [p for p in s.posted[mark:] if p.kind == "channel" and p.channel_id == s.channel.id]
    assert posts and posts[0].embeds[0]["title"] == "Top stories"
    parts = [p.embeds[0]["footer"]["text"] for p in posts]
    assert len(posts) == 1 or parts[-1].endswith(f"part {len(posts)} of {len(posts)}")  # one digest, once
    assert all(p.allowed_mentions == {"parse": []} for p in posts)
    assert shown.startswith("**#1** top stories in <#") and "Mondays at 08:00 (UTC)" in shown
    next_monday = int(datetime(2026, 12, 14, 8, tzinfo=UTC).timestamp())
    assert f"next <t:{next_monday}:f>" in shown


async def test_more_quotes_still_pages_after_the_bot_restarts(world: DigestWorld) -> None:
    s = world.standin
    world.clock.now = max(datetime.now(UTC), AS_OF) + timedelta(minutes=1)  # the saved page is dated by its ingest
    async with world.bot() as bot:
        completed = asyncio.ensure_future(bot.wait_for("app_command_completion"))
        handle = await s.interaction("ask", {"question": "What did Leinonen say about drones?"})
        answer = await handle.wait_followup(timeout=WAIT)
        await asyncio.wait_for(completed, WAIT)
    more_id = answer.custom_ids[1]
    assert more_id.startswith("newsbot:more:")

    async with world.bot():  # a new process would find the answer in the same data dir
        stranger = await s.component_click(answer, more_id, user=s.add_user("zoe"))
        refusal = await stranger.wait_response(timeout=WAIT)
        paged = await s.component_click(answer, more_id)
        page2 = await paged.wait_edit(timeout=WAIT)
        with sqlite3.connect(world.settings.index.data_dir / FILE_NAME) as db:  # as if evicted as too old
            db.execute("DELETE FROM pages")
        db.close()
        gone = await s.component_click(answer, answer.custom_ids[0])  # Back, enabled on page 2
        expired = await gone.wait_response(timeout=WAIT)

    assert refusal.ephemeral and refusal.content.startswith("Only the person who asked")
    assert paged.callback_type == UPDATE_MESSAGE and "page 2 of" in page2.embeds[0]["footer"]["text"]
    assert page2.embeds[0]["description"] != answer.embeds[0]["description"]
    assert expired.ephemeral and expired.content.startswith("These quotes are no longer kept")
