"""NewsBot wiring against the Discord stand-in with a fake engine (fast): command sync, demo seeding, no pings,
and the one error handler reached through discord.py's real command tree."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.client import NewsBot
from bot.config import BotSettings, corpus_for
from bot.errors import CALM
from tests.bot.e2e_helpers import AS_OF, FakeEngine
from tests.discord_standin import CHANNEL_MESSAGE, DiscordStandIn, run_bot


def make_bot(engine: FakeEngine, **settings: Any) -> NewsBot:
    base: dict[str, Any] = {"cooldown_seconds": 0}
    base.update(settings)
    options = {k: base.pop(k) for k in ("demo_inputs",) if k in base}
    return NewsBot(engine=engine, settings=BotSettings(**base), clock=lambda: AS_OF, poll_feeds=False,
                   schedule_digests=False, **options)


async def test_commands_sync_globally_with_short_plain_descriptions(standin: DiscordStandIn) -> None:
    async with run_bot(make_bot(FakeEngine()), standin.token) as bot:
        commands = {c["name"]: c for c in standin.synced_commands()}
        assert sorted(commands) == ["ask", "digest", "digests", "reindex", "sources", "status"]
        assert standin.synced_commands(standin.guild.id) == []
        for command in commands.values():
            assert 0 < len(command["description"]) <= 100 and "\n" not in command["description"]
        ask = {o["name"]: o for o in commands["ask"]["options"]}
        assert ask["question"]["required"] and ask["question"]["max_length"] == 500
        assert [o["name"] for o in commands["sources"]["options"]] == ["list", "add", "remove"]
        assert [o["name"] for o in commands["digests"]["options"]] == ["subscribe", "unsubscribe", "resume", "list"]
        assert [o["name"] for o in commands["digest"]["options"]] == ["topic", "period"]
        assert bot.allowed_mentions is not None and bot.allowed_mentions.to_dict() == {"parse": []}
        assert bot.intents.message_content


async def test_commands_sync_to_the_dev_guild_when_configured(standin: DiscordStandIn) -> None:
    async with run_bot(make_bot(FakeEngine(), dev_guild=standin.guild.id), standin.token):
        assert sorted(c["name"] for c in standin.synced_commands(standin.guild.id)) == [
            "ask", "digest", "digests", "reindex", "sources", "status",
        ]
        assert standin.synced_commands() == []


async def test_demo_mode_seeds_only_empty_guild_indexes(standin: DiscordStandIn) -> None:
    other = standin.add_guild("Other Guild")
    engine = FakeEngine()
    settings = BotSettings()
    engine.articles[corpus_for(standin.guild.id, settings)] = 5
    async with run_bot(make_bot(engine, demo_inputs=["sample_news"]), standin.token) as bot:
        await asyncio.wait_for(asyncio.gather(*bot.seeding.values()), 10)
    assert engine.called("ingest") == [{"inputs": ["sample_news"], "corpus": corpus_for(other.id, settings)}]


async def test_an_unexpected_engine_failure_reaches_the_user_as_one_calm_private_line(
    standin: DiscordStandIn,
) -> None:
    engine = FakeEngine()
    engine.fail["ask"] = RuntimeError("database at /srv/newsbot/data is locked")
    async with run_bot(make_bot(engine), standin.token):
        asked = await standin.interaction("ask", options={"question": "what happened?"})
        note = await asked.wait_followup()
    assert note.ephemeral and note.content == CALM
    assert any(c.method == "DELETE" for c in asked.calls())  # the public "thinking…" placeholder is removed
    posted = " ".join(str(p.payload) for p in standin.posted)
    assert "/srv" not in posted and "Traceback" not in posted and "RuntimeError" not in posted


async def test_mentions_share_the_per_user_cooldown_and_the_notice_is_private(standin: DiscordStandIn) -> None:
    async with run_bot(make_bot(FakeEngine(), cooldown_seconds=60), standin.token):
        first = await standin.message(f"{standin.bot_user.mention} drones?")
        await first.wait_reply()
        await standin.message(f"{standin.bot_user.mention} drones again?")
        dm = standin.dm_channel(standin.user)
        note = await standin.wait_for_message(lambda p: p.channel_id == dm.id)
        assert note.content.startswith("Slow down a little: you can ask again in")
        slash = await standin.interaction("ask", options={"question": "and now?"})
        refusal = await slash.wait_response()
        assert slash.callback_type == CHANNEL_MESSAGE and refusal.ephemeral
        assert refusal.content.startswith("Slow down a little")


async def test_direct_messages_are_declined_when_disabled(standin: DiscordStandIn) -> None:
    engine = FakeEngine()
    async with run_bot(make_bot(engine), standin.token):
        dm = await standin.message("what about drones?", dm=True)
        reply = await standin.wait_for_message(lambda p: p.channel_id == dm.channel_id)
    assert reply.content.startswith("I answer questions in servers only") and engine.called("ask") == []
