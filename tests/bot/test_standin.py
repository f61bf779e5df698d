"""The Discord stand-in is good enough for the real discord.py client: proven with a minimal commands.Bot."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import discord
import discord.gateway
import discord.http
import pytest
from discord import app_commands
from discord.ext import commands

from tests.discord_standin import (
    CANNOT_REPLY_WITHOUT_HISTORY,
    CHANNEL_MESSAGE,
    DEFAULT_MEMBER_PERMISSIONS,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    EMBED_LINKS,
    INTENT_MESSAGE_CONTENT,
    INVALID_WEBHOOK_TOKEN,
    LOADING,
    MANAGE_GUILD,
    MISSING_ACCESS,
    MISSING_PERMISSIONS,
    OP_HEARTBEAT_ACK,
    OP_IDENTIFY,
    OP_RESUME,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    UNKNOWN_CHANNEL,
    UPDATE_MESSAGE,
    VIEW_CHANNEL,
    DiscordStandIn,
    run_bot,
)


class AckView(discord.ui.View):
    """One button that thanks whoever clicks it (default 180 s timeout: run_bot cancels it at close)."""

    @discord.ui.button(label="Got it", custom_id="mini:ack")
    async def ack(
        self, interaction: discord.Interaction[MiniBot], button: discord.ui.Button[AckView]
    ) -> None:
        interaction.client.clicks.put_nowait(interaction.user.id)
        await interaction.response.send_message(f"Noted, {interaction.user.name}.", ephemeral=True)


@app_commands.command(name="ask", description="Ask a question")
@app_commands.describe(question="What you want to know")
async def ask(interaction: discord.Interaction, question: str) -> None:
    await interaction.response.defer(thinking=True)
    await interaction.followup.send(
        f"You asked: {question} ({interaction.user.mention})",
        allowed_mentions=discord.AllowedMentions.none(),
        view=AckView(),
    )


class Panel(discord.ui.View):
    """A refresh button that edits the message in place, and a select that defers then edits @original."""

    @discord.ui.button(label="Refresh", custom_id="panel:refresh")
    async def refresh(self, interaction: discord.Interaction, button: discord.ui.Button[Panel]) -> None:
        await interaction.response.edit_message(content="Refreshed.", view=self)

    @discord.ui.select(
        custom_id="panel:pick", options=[discord.SelectOption(label="a"), discord.SelectOption(label="b")]
    )
    async def pick(self, interaction: discord.Interaction, select: discord.ui.Select[Panel]) -> None:
        await interaction.response.defer()
        await interaction.edit_original_response(content=f"Picked {', '.join(select.values)}.")


@app_commands.command(name="panel", description="Show a panel")
async def panel(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("Panel", view=Panel())
    await interaction.edit_original_response(content="Panel ready")
    await interaction.followup.send(
        "Details attached.", file=discord.File(io.BytesIO(b"hello"), "details.txt"), ephemeral=True
    )


@app_commands.command(name="admin", description="Only for server managers")
@app_commands.checks.has_permissions(manage_guild=True)
async def admin(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("Done.", ephemeral=True)


class MiniBot(commands.Bot):
    """A minimal bot: /ask defers then follows up with a button, /admin is guarded, mentions get a reply."""

    def __init__(self, guild_id: int, *, message_content: bool = True) -> None:
        intents = discord.Intents.default()
        intents.message_content = message_content
        super().__init__(command_prefix=commands.when_mentioned, intents=intents)
        self.test_guild = discord.Object(guild_id)
        self.clicks: asyncio.Queue[int] = asyncio.Queue()
        self.seen: list[str] = []

    async def setup_hook(self) -> None:
        self.tree.add_command(ask, guild=self.test_guild)
        self.tree.add_command(admin, guild=self.test_guild)
        self.tree.add_command(panel, guild=self.test_guild)
        self.tree.error(self.on_app_command_error)
        await self.tree.sync(guild=self.test_guild)

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await interaction.response.send_message("You can't do that here.", ephemeral=True)

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or self.user is None:
            return
        self.seen.append(message.content)
        if self.user.mentioned_in(message) or isinstance(message.channel, discord.DMChannel):
            await message.reply("Hello!", mention_author=False)


@pytest.fixture
async def bot(standin: DiscordStandIn) -> AsyncIterator[MiniBot]:
    async with run_bot(MiniBot(standin.guild.id), standin.token) as running:
        yield running


async def test_bot_logs_in_and_is_ready_with_the_guild(standin: DiscordStandIn, bot: MiniBot) -> None:
    assert bot.user is not None and bot.user.id == standin.bot_user.id
    guild = bot.get_guild(standin.guild.id)
    assert guild is not None and guild.name == "Test Guild"
    assert guild.get_channel(standin.channel.id) is not None
    assert guild.me is not None and guild.me.guild_permissions.send_messages
    assert standin.calls("GET", "^/users/@me$") and standin.calls("GET", "^/oauth2/applications/@me$")

    (identify,) = standin.frames("in", op=OP_IDENTIFY)
    assert identify.d["token"] == standin.token and identify.d["intents"] & INTENT_MESSAGE_CONTENT
    (ready,) = standin.frames("out", event="READY")
    assert ready.d["resume_gateway_url"] == standin.gateway_url
    await standin.wait_until(
        lambda: standin.frames("out", op=OP_HEARTBEAT_ACK) or None, 2.0, "a heartbeat ACK"
    )
    sequence = [f.s for f in standin.frames("out", op=0)]
    assert sequence == list(range(1, len(sequence) + 1))
    assert standin.unknown_routes == []


async def test_command_sync_is_stored_with_ids(standin: DiscordStandIn, bot: MiniBot) -> None:
    synced = {c["name"]: c for c in standin.synced_commands(standin.guild.id)}
    assert sorted(synced) == ["admin", "ask", "panel"]
    question = synced["ask"]["options"][0]
    assert (question["name"], question["type"], question["required"]) == ("question", 3, True)
    assert synced["ask"]["guild_id"] == str(standin.guild.id)
    assert standin.synced_commands() == []

    fetched = await bot.tree.fetch_commands(guild=bot.test_guild)
    assert {c.name: c.id for c in fetched} == {name: int(c["id"]) for name, c in synced.items()}


async def test_slash_command_defers_then_follows_up_without_pinging(
    standin: DiscordStandIn, bot: MiniBot
) -> None:
    asked = await standin.interaction("ask", options={"question": "What happened today?"})

    assert (await asked.wait_callback())["type"] == DEFERRED_CHANNEL_MESSAGE
    followup = await asked.wait_followup()
    assert followup.content == f"You asked: What happened today? ({standin.user.mention})"
    assert followup.allowed_mentions == {"parse": []}
    assert followup.pinged_user_ids == set()
    assert followup.custom_ids == ["mini:ack"]
    assert [r.kind for r in asked.responses()] == ["followup"]
    assert followup.id == asked.original_id  # the first followup fills the "thinking" message


async def test_mention_gets_a_reply_that_references_it(standin: DiscordStandIn, bot: MiniBot) -> None:
    plain = await standin.message("nothing for the bot here")
    mention = await standin.message(f"{standin.bot_user.mention} hello", mentions=[standin.bot_user])

    reply = await mention.wait_reply()
    assert reply.kind == "channel" and reply.channel_id == standin.channel.id
    assert reply.content == "Hello!"
    assert int(reply.payload["message_reference"]["message_id"]) == mention.id
    assert reply.message["referenced_message"]["id"] == str(mention.id)
    assert reply.pinged_user_ids == set()  # mention_author=False
    assert plain.dispatched and plain.replies() == []


async def test_dropped_connection_resumes_and_replays_missed_events(
    standin: DiscordStandIn, bot: MiniBot
) -> None:
    last_seq = standin.frames("out", op=0)[-1].s
    assert last_seq is not None

    async with standin.disconnected():
        missed = await standin.interaction("ask", options={"question": "Still there?"})
        assert not standin.connected
    await standin.wait_resumed()

    (resume,) = standin.frames("in", op=OP_RESUME)
    assert resume.d["session_id"] == standin.session_id and resume.d["seq"] == last_seq
    replayed = [f for f in standin.frames("out", op=0) if f.replayed]
    assert [(f.t, f.s) for f in replayed] == [("INTERACTION_CREATE", last_seq + 1)]
    assert standin.frames("out", event="RESUMED")[-1].s == last_seq + 2
    assert "Still there?" in (await missed.wait_followup()).content
    assert standin.identify_count == 1

    await standin.drop_connection()
    await standin.wait_resumed()
    after = await standin.interaction("ask", options={"question": "And now?"})
    assert "And now?" in (await after.wait_followup()).content


async def test_rate_limited_followup_is_retried_and_posted_once(
    standin: DiscordStandIn, bot: MiniBot
) -> None:
    standin.rate_limit_next("POST", r"^/webhooks/\d+/[^/]+$", retry_after=0.05)

    asked = await standin.interaction("ask", options={"question": "Rate limits?"})
    followup = await asked.wait_followup()

    (limited,) = standin.rate_limited
    assert [c.status for c in standin.calls("POST", r"^/webhooks/")] == [429, 200]
    assert followup.time > limited.time
    assert len(asked.followups()) == 1


async def test_button_click_reaches_the_view_callback(standin: DiscordStandIn, bot: MiniBot) -> None:
    # discord.py registers the view only after the followup POST returns: click once /ask has completed.
    completed = asyncio.ensure_future(bot.wait_for("app_command_completion"))
    asked = await standin.interaction("ask", options={"question": "Click?"})
    followup = await asked.wait_followup()
    await asyncio.wait_for(completed, 5.0)
    bob = standin.add_user("bob")

    click = await standin.component_click(followup, "mini:ack", user=bob)

    answer = await click.wait_response()
    assert click.callback_type == CHANNEL_MESSAGE and answer.kind == "callback"
    assert answer.ephemeral and answer.content == "Noted, bob."
    assert await asyncio.wait_for(bot.clicks.get(), 1.0) == bob.id


async def test_member_permissions_and_roles_reach_command_checks(
    standin: DiscordStandIn, bot: MiniBot
) -> None:
    managers = standin.add_role(standin.guild, "Managers", permissions=MANAGE_GUILD)
    carol = standin.member("carol", roles=[managers])

    denied = await standin.interaction("admin", user=standin.user)
    allowed_by_role = await standin.interaction("admin", user=carol)
    allowed_by_bits = await standin.interaction(
        "admin", user=standin.add_user("dave"), permissions=DEFAULT_MEMBER_PERMISSIONS | MANAGE_GUILD
    )

    assert (await denied.wait_response()).content == "You can't do that here."
    assert (await allowed_by_role.wait_response()).content == "Done."
    assert (await allowed_by_bits.wait_response()).content == "Done."


async def test_message_edits_components_and_files_are_recorded(standin: DiscordStandIn, bot: MiniBot) -> None:
    completed = asyncio.ensure_future(bot.wait_for("app_command_completion"))
    shown = await standin.interaction("panel")
    await asyncio.wait_for(completed, 5.0)

    assert shown.callback_type == CHANNEL_MESSAGE
    assert [(r.kind, r.content) for r in shown.responses()] == [
        ("callback", "Panel"),
        ("edit", "Panel ready"),
        ("followup", "Details attached."),
    ]
    (attached,) = shown.followups()
    assert attached.ephemeral and [f["filename"] for f in attached.files] == ["details.txt"]
    original = shown.original()
    assert original is not None and original["content"] == "Panel ready"

    refresh = await standin.component_click(original, "panel:refresh")
    assert (await refresh.wait_edit()).content == "Refreshed."
    assert refresh.callback_type == UPDATE_MESSAGE

    pick = await standin.component_click(original, "panel:pick", values=["b"])
    assert (await pick.wait_edit()).content == "Picked b."
    assert pick.callback_type == DEFERRED_UPDATE_MESSAGE
    now = standin.get_message(int(original["id"]))
    assert now is not None and now["content"] == "Picked b."


async def test_message_content_intent_and_dms_are_honoured(standin: DiscordStandIn) -> None:
    async with run_bot(MiniBot(standin.guild.id, message_content=False), standin.token) as bot:
        hidden = await standin.message("only with the intent")
        mention = await standin.message(f"{standin.bot_user.mention} visible")
        direct = await standin.message("a DM", dm=True)

        reply = await direct.wait_reply()
        assert reply.channel_id == standin.dm_channel(standin.user).id
        await mention.wait_reply()
        assert hidden.dispatched
        assert bot.seen == ["", mention.data["content"], "a DM"]


async def test_wrong_token_fails_the_login(standin: DiscordStandIn) -> None:
    with pytest.raises(discord.LoginFailure):
        async with run_bot(MiniBot(standin.guild.id), "not-the-token"):
            pass


async def test_unknown_routes_answer_404_json_and_are_recorded(standin: DiscordStandIn) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{standin.api_url}/nowhere", headers={"Authorization": f"Bot {standin.token}"}) as resp,
    ):
        assert resp.status == 404
        assert resp.headers["Content-Type"] == "application/json"
        assert (await resp.json())["message"] == "404: Not Found"
    assert [(c.method, c.path) for c in standin.unknown_routes] == [("GET", "/nowhere")]


async def test_patch_discord_points_the_client_here_and_restores_it() -> None:
    def client_urls() -> tuple[str, str]:
        return discord.http.Route.BASE, str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)

    before = client_urls()
    async with DiscordStandIn() as server:
        with server.patch_discord():
            assert client_urls() == (server.api_url, server.gateway_url)
    assert client_urls() == before


# ------------------------------------------------------------------------------- saying no the way Discord does


async def test_channel_overwrites_refuse_with_discords_error_codes_and_the_client_sees_the_same_permissions(
    standin: DiscordStandIn, bot: MiniBot
) -> None:
    s = standin
    hidden, quiet, no_history, no_embeds = [await s.create_channel(s.guild, n) for n in ("hidden", "quiet", "old", "plain")]
    await s.deny_bot(hidden, VIEW_CHANNEL)
    await s.deny_bot(quiet, SEND_MESSAGES)
    await s.deny_bot(no_history, READ_MESSAGE_HISTORY)
    await s.set_permissions(no_embeds, s.guild.everyone, deny=EMBED_LINKS)  # everyone, the bot included
    await s.wait_until(lambda: bot.get_channel(no_embeds.id) and bot.get_channel(no_embeds.id).overwrites or None)

    def client_view(channel: Any) -> discord.Permissions:
        found = bot.get_channel(channel.id)
        assert isinstance(found, discord.TextChannel)
        return found.permissions_for(found.guild.me)

    for channel in (hidden, quiet, no_history, no_embeds):  # discord.py computes what the stand-in computes
        assert client_view(channel).value == s.bot_permissions(channel)
    assert not client_view(quiet).embed_links  # implicit: no Send Messages, no embeds either

    async def code_of(coro: Any) -> int:
        with pytest.raises(discord.HTTPException) as caught:
            await coro
        return caught.value.code

    target = bot.get_channel(s.channel.id)
    assert isinstance(target, discord.TextChannel)
    asked = await s.message("hello")
    assert await code_of(bot.get_partial_messageable(hidden.id).send("x")) == MISSING_ACCESS
    assert await code_of(bot.get_partial_messageable(quiet.id).send("x")) == MISSING_PERMISSIONS
    assert await code_of(bot.http.send_typing(quiet.id)) == MISSING_PERMISSIONS
    ref = discord.MessageReference(message_id=asked.id, channel_id=no_history.id, fail_if_not_exists=False)
    assert await code_of(bot.get_partial_messageable(no_history.id).send("x", reference=ref)) == (
        CANNOT_REPLY_WITHOUT_HISTORY
    )
    embed = discord.Embed(description="quoted")
    assert await code_of(bot.get_partial_messageable(no_embeds.id).send(embed=embed)) == MISSING_PERMISSIONS
    sent = await bot.get_partial_messageable(no_embeds.id).send("text stays", embed=embed)
    assert sent.embeds == [] and sent.content == "text stays"  # embeds dropped alongside content


async def test_deleted_channels_and_a_server_that_removed_the_bot(standin: DiscordStandIn, bot: MiniBot) -> None:
    s = standin
    doomed = await s.create_channel(s.guild, "doomed")
    await s.wait_until(lambda: bot.get_channel(doomed.id))
    deleted = asyncio.ensure_future(bot.wait_for("guild_channel_delete"))
    await s.delete_channel(doomed)
    assert (await asyncio.wait_for(deleted, 5)).id == doomed.id
    with pytest.raises(discord.NotFound) as gone:
        await bot.fetch_channel(doomed.id)
    assert gone.value.code == UNKNOWN_CHANNEL

    removed = asyncio.ensure_future(bot.wait_for("guild_remove"))
    await s.remove_guild(s.guild)
    assert (await asyncio.wait_for(removed, 5)).id == s.guild.id and bot.get_guild(s.guild.id) is None
    with pytest.raises(discord.Forbidden) as refused:
        await bot.get_partial_messageable(s.channel.id).send("still here?")
    assert refused.value.code == MISSING_ACCESS

    joined = asyncio.ensure_future(bot.wait_for("guild_join"))
    await s.readd_guild(s.guild)
    assert (await asyncio.wait_for(joined, 5)).id == s.guild.id


async def test_interaction_tokens_expire_and_webhook_calls_then_answer_401(
    standin: DiscordStandIn, bot: MiniBot
) -> None:
    asked = await standin.interaction("ask", options={"question": "what?"})
    await asked.wait_followup()
    standin.expire_token(asked)
    with pytest.raises(discord.HTTPException) as dead:
        await bot.http.request(
            discord.http.Route("POST", "/webhooks/{a}/{t}", a=standin.application_id, t=asked.token),
            json={"content": "too late"},
        )
    assert dead.value.status == 401 and dead.value.code == INVALID_WEBHOOK_TOKEN


async def test_a_lifetime_setting_lets_tokens_die_without_waiting_15_minutes() -> None:
    async with DiscordStandIn(token_lifetime=0.0) as s:
        with s.patch_discord():
            async with run_bot(MiniBot(s.guild.id), s.token):
                asked = await s.interaction("ask", options={"question": "what?"})
                # the defer, then the error handler's own attempt to answer
                await s.wait_until(lambda: len(s.calls("POST", r"/callback$")) == 2 or None)
    assert asked.expired and asked.callback is None
    assert [c.status for c in s.calls("POST", r"/callback$")] == [404, 404]


async def test_sharded_identify_gets_the_guilds_of_its_shard_and_their_events(standin: DiscordStandIn) -> None:
    s = standin
    g0 = s.add_guild("Even", shard=(0, 2))
    g1 = s.add_guild("Odd", shard=(1, 2))
    s.member(s.user, g1)
    bot = discord.AutoShardedClient(intents=discord.Intents.default(), shard_count=2)
    bot.before_identify_hook = _no_wait  # type: ignore[method-assign]
    async with run_bot(bot, s.token):
        assert {s.shard_of(g.id, 2) for g in (g0, g1)} == {0, 1}
        for shard in (0, 1):
            (identify,) = [f for f in s.frames("in", op=OP_IDENTIFY) if f.shard == shard]
            assert identify.d["shard"] == [shard, 2]
            created = {int(f.d["id"]) for f in s.frames("out", event="GUILD_CREATE") if f.shard == shard}
            assert created == {g.id for g in s.guilds.values() if s.shard_of(g.id, 2) == shard}
        message = await s.message("hi", guild_id=g1.id)
        delivered = [f for f in s.frames("out", event="MESSAGE_CREATE") if int(f.d["id"]) == message.id]
        assert [f.shard for f in delivered] == [s.shard_of(g1.id, 2)]


async def _no_wait(shard_id: int | None, *, initial: bool = False) -> None:
    """The stand-in does not rate-limit IDENTIFY: no 5 s pause between shards."""


async def test_auto_sharding_asks_gateway_bot_for_the_recommended_count() -> None:
    async with DiscordStandIn(recommended_shards=3) as s:
        with s.patch_discord():
            bot = discord.AutoShardedClient(intents=discord.Intents.default())
            bot.before_identify_hook = _no_wait  # type: ignore[method-assign]
            async with run_bot(bot, s.token):
                assert bot.shard_count == 3 and sorted(bot.shards) == [0, 1, 2]
                assert s.calls("GET", "^/gateway/bot$")


async def test_too_many_guilds_on_one_shard_is_refused_with_sharding_required() -> None:
    async with DiscordStandIn(max_guilds_per_shard=1) as s:
        with s.patch_discord():
            s.add_guild("Second")
            with pytest.raises(discord.ConnectionClosed) as refused:
                async with run_bot(MiniBot(s.guild.id), s.token):
                    pass
    assert refused.value.code == 4011 and s.refused_identify == [4011]


async def test_asking_for_message_content_without_the_portal_grant_closes_with_4014() -> None:
    async with DiscordStandIn(message_content_intent=False) as s:
        with s.patch_discord():
            with pytest.raises(discord.PrivilegedIntentsRequired):
                async with run_bot(MiniBot(s.guild.id), s.token):
                    pass
            async with run_bot(MiniBot(s.guild.id, message_content=False), s.token) as bot:
                assert bot.application is not None and not bot.application.flags.gateway_message_content_limited


@pytest.mark.parametrize(
    ("bad", "path"),
    [
        ({"name": "Ask", "description": "Upper case"}, "0.name"),
        ({"name": "ask", "description": "x" * 101}, "0.description"),
        ({"name": "ask", "description": ""}, "0.description"),
        ({"name": "ask", "description": "Many", "options": [
            {"type": 3, "name": f"o{i}", "description": "d"} for i in range(26)]}, "0.options"),
        ({"name": "ask", "description": "Order", "options": [
            {"type": 3, "name": "a", "description": "d"},
            {"type": 3, "name": "b", "description": "d", "required": True}]}, "0.options.1"),
    ],
)
async def test_command_sync_payloads_are_validated_against_discords_limits(
    standin: DiscordStandIn, bad: dict[str, Any], path: str
) -> None:
    async with aiohttp.ClientSession() as session:
        url = f"{standin.api_url}/applications/{standin.application_id}/commands"
        async with session.put(url, json=[bad], headers={"Authorization": f"Bot {standin.token}"}) as resp:
            body = await resp.json()
    assert resp.status == 400 and body["code"] == 50035
    node = body["errors"]
    for part in path.split("."):
        node = node[part]
    assert node["_errors"]
    assert standin.synced_commands() == []


async def test_default_member_permissions_hide_a_command_unless_a_server_admin_allows_it(
    standin: DiscordStandIn,
) -> None:
    @app_commands.command(name="manage", description="For managers")
    @app_commands.default_permissions(manage_guild=True)
    async def manage(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("ok", ephemeral=True)

    class Bot(MiniBot):
        async def setup_hook(self) -> None:
            self.tree.add_command(manage, guild=self.test_guild)
            await self.tree.sync(guild=self.test_guild)

    async with run_bot(Bot(standin.guild.id), standin.token):
        assert standin.command("manage", standin.guild.id)["default_member_permissions"] == str(MANAGE_GUILD)
        with pytest.raises(PermissionError):
            await standin.interaction("manage")
        helpers = standin.add_role(standin.guild, "Helpers")
        standin.allow_command("manage", standin.guild, helpers)
        helper = standin.member("hal", roles=[helpers])
        assert (await (await standin.interaction("manage", user=helper)).wait_response()).content == "ok"
        boss = standin.member("bea", permissions=DEFAULT_MEMBER_PERMISSIONS | MANAGE_GUILD)
        assert (await (await standin.interaction("manage", user=boss)).wait_response()).content == "ok"


async def test_filling_a_deferred_response_with_a_followup_is_recorded_as_deprecated(
    standin: DiscordStandIn, bot: MiniBot
) -> None:
    asked = await standin.interaction("ask", options={"question": "what?"})
    filled = await asked.wait_followup()
    assert filled.id == asked.original_id and len(standin.deprecated_uses) == 1


async def test_without_the_deprecated_fill_a_followup_is_a_new_message_and_the_placeholder_keeps_thinking() -> None:
    async with DiscordStandIn(fill_deferred_with_followup=False) as s:
        with s.patch_discord():
            async with run_bot(MiniBot(s.guild.id), s.token):
                asked = await s.interaction("ask", options={"question": "what?"})
                followup = await asked.wait_followup()
                original = asked.original()
    assert followup.id != asked.original_id and s.deprecated_uses == []
    assert original is not None and int(original["flags"]) & LOADING
