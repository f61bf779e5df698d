"""End to end: what the bot may do in a channel, and who may do what, as a real server decides it.

The real NewsBot and engine (bundled model, embedded Chroma) against the Discord stand-in, whose channels carry
permission overwrites and refuse with Discord's own error codes (50001, 50013, 160002; embeds refused without
Embed Links). Guild A holds our saved page (tests/fixtures/sources/alliance_page.txt) and the sample news.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from bot.views.text import visible
from index.engine import Engine
from index.settings import Settings
from tests.bot.e2e_helpers import INGESTED, SAMPLE_NEWS, MemoEmbedder, World, quote_texts, start_world
from tests.conftest import SAVED_PAGE
from tests.discord_standin import (
    EMBED_LINKS,
    MANAGE_GUILD,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    FakeChannel,
    PostedMessage,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

LEINONEN = "what did Leinonen say about drones?"
LEINONEN_WORDS = "plenty of unused potential"
WAIT = 60.0
ADMIN_COMMANDS = ("digests", "reindex", "sources")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def engine(real_embedder: Any, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Engine]:
    embedder = MemoEmbedder(real_embedder)
    engine = Engine(Settings(data_dir=tmp_path_factory.mktemp("perms") / "data"), embedder=embedder,
                    clock=lambda: INGESTED)
    yield engine
    engine.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(engine: Engine) -> AsyncIterator[World]:
    async def ingest(w: World) -> None:
        await engine.aingest([str(SAVED_PAGE), str(SAMPLE_NEWS)], corpus=w.corpus())

    assert isinstance(engine.embedder, MemoEmbedder)
    async with start_world(engine, engine.embedder, before_start=ingest) as running:
        yield running


async def restricted(world: World, name: str, deny: int) -> FakeChannel:
    """A new channel of guild A where the bot is denied `deny`."""
    s = world.standin
    channel = await s.create_channel(s.guild, name)
    await s.deny_bot(channel, deny)
    await s.wait_until(lambda: getattr(world.bot.get_channel(channel.id), "overwrites", None) or None, WAIT,
                       f"the bot to see #{name}'s overwrite")
    return channel


def in_channel(channel: FakeChannel) -> Any:
    return lambda p: p.channel_id == channel.id and p.kind == "channel"


# ------------------------------------------------------------------------------------- restricted channels


async def test_without_read_message_history_a_mention_is_answered_without_the_reply_reference(world: World) -> None:
    s = world.standin
    channel = await restricted(world, "no-history", READ_MESSAGE_HISTORY)
    await s.message(f"{s.bot_user.mention} {LEINONEN}", channel_id=channel.id, author=s.add_user("ana"))

    answer = await s.wait_for_message(in_channel(channel), timeout=WAIT)
    assert answer.reply_to is None  # a reply would be refused with 160002
    assert any(LEINONEN_WORDS in q for q in quote_texts(answer))
    assert not [c for c in s.calls("POST", rf"^/channels/{channel.id}/messages$") if c.status != 200]


async def test_without_embed_links_the_same_answer_comes_as_plain_text_that_names_the_permission(
    world: World,
) -> None:
    s = world.standin
    channel = await restricted(world, "no-embeds", EMBED_LINKS)
    await s.message(f"{s.bot_user.mention} {LEINONEN}", channel_id=channel.id, author=s.add_user("ben"))

    answer = await s.wait_for_message(in_channel(channel), timeout=WAIT)
    assert answer.embeds == [] and 0 < len(answer.content) <= 2000
    assert LEINONEN_WORDS in visible(answer.content)  # the quote, word for word
    assert "Marta Leinonen" in answer.content and "The Hangang Herald" in answer.content
    assert "Embed Links" in answer.content
    assert answer.allowed_mentions is not None and answer.allowed_mentions["parse"] == []
    assert not answer.allowed_mentions.get("replied_user") and not answer.pinged_user_ids
    assert not [c for c in s.calls("POST", rf"^/channels/{channel.id}/messages$") if c.status != 200]


async def test_without_send_messages_nothing_is_sent_there_it_is_logged_once_and_the_asker_is_told_privately(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    s = world.standin
    channel = await restricted(world, "read-only", SEND_MESSAGES)
    cy, dee = s.add_user("cy"), s.add_user("dee")
    with caplog.at_level(logging.INFO):
        for who in (cy, dee, cy):
            await s.message(f"{s.bot_user.mention} {LEINONEN}", channel_id=channel.id, author=who)
        notes = [await s.wait_for_message(lambda p, u=u: p.channel_id == s.dm_channel(u).id, timeout=WAIT)
                 for u in (cy, dee)]

    for note in notes:
        assert "Send Messages" in note.content and channel.mention in note.content
    assert not s.calls("POST", rf"^/channels/{channel.id}/(messages|typing)$")  # nothing tried, nothing refused
    about = [r for r in caplog.records if str(channel.id) in r.getMessage()]
    assert len(about) == 1 and about[0].levelno == logging.WARNING and "Send Messages" in about[0].getMessage()
    assert not [r for r in caplog.records if r.exc_info]


# ------------------------------------------------------------------------------------------- who sees what


async def test_admin_commands_are_hidden_from_members_by_default_member_permissions(world: World) -> None:
    s = world.standin
    synced = {c["name"]: c for c in s.synced_commands()}
    for name in ADMIN_COMMANDS:
        assert synced[name]["default_member_permissions"] == str(MANAGE_GUILD), name
    for name in ("ask", "digest", "status"):
        assert synced[name]["default_member_permissions"] is None, name
    with pytest.raises(PermissionError):  # Discord does not even show /reindex to a plain member
        await s.interaction("reindex", user=s.add_user("eve"))


async def test_admin_commands_are_still_checked_on_the_server_when_a_server_admin_overrides_the_default(
    world: World,
) -> None:
    s = world.standin
    helpers = s.add_role(s.guild, "Helpers")
    for name in ADMIN_COMMANDS:
        s.allow_command(name, s.guild, helpers)
    helper = s.member("hugo", roles=[helpers])

    refused = await s.interaction("reindex", user=helper)
    reply = await refused.wait_response(timeout=WAIT)
    assert reply.ephemeral and reply.content.startswith("Only members with the Manage Server permission")
    assert not world.engine.is_rebuilding(corpus=world.corpus())


async def test_the_admin_role_is_matched_by_id_not_by_a_name_anyone_can_copy(world: World) -> None:
    s = world.standin
    assert world.admin_role is not None
    copycat = await s.create_role(s.guild, str(world.admin_role.id))  # the configured text, another role
    await s.wait_until(lambda: world.bot.get_guild(s.guild.id).get_role(copycat.id), WAIT, "the copied role")
    mimic = s.member("mallory", roles=[copycat])
    s.allow_command("sources", s.guild, mimic)
    real = s.member("rita", roles=[world.admin_role])
    s.allow_command("sources", s.guild, world.admin_role)

    refused = await s.interaction("sources", {"url": "https://example.org/feed"}, subcommand="remove", user=mimic)
    assert (await refused.wait_response(timeout=WAIT)).content.startswith("Only members with")
    allowed = await s.interaction("sources", {"url": "https://example.org/feed"}, subcommand="remove", user=real)
    answered = await allowed.wait_response(lambda p: bool(p.content), timeout=WAIT)
    assert not answered.content.startswith("Only members with")


async def test_without_the_message_content_intent_the_bot_starts_and_serves_slash_commands_and_mentions(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    assert isinstance(engine.embedder, MemoEmbedder)
    with caplog.at_level(logging.INFO):
        async with start_world(engine, engine.embedder,
                               standin_options={"message_content_intent": False}) as world:
            s = world.standin
            await engine.aingest([str(SAMPLE_NEWS)], corpus=world.corpus())
            asked = await s.interaction("ask", {"question": "What did Morioka say about drones?"})
            answer: PostedMessage = await asked.wait_response(lambda p: bool(p.embeds), timeout=WAIT)
            mention = await s.message(f"{s.bot_user.mention} What did Morioka say about drones?")
            reply = await mention.wait_reply(timeout=WAIT)
            assert not s.intents & (1 << 15)
    assert quote_texts(answer) and quote_texts(reply)
    said = " ".join(r.getMessage() for r in caplog.records if r.name.startswith("bot."))
    assert "Message Content" in said and "mention" in said
