"""End to end: the real NewsBot and the real engine (bundled model, embedded Chroma) against the Discord stand-in.

One bot session serves the whole module (guild A holds our saved page, tests/fixtures/sources/alliance_page.txt,
and the sample news; guild B starts empty; DMs answer from a "dmnews" corpus holding the saved page). Assertions
are on what the bot posted.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

import index.store.ingest
from bot.cogs.admin import ALREADY
from bot.cogs.ask import MENTION_ONLY, ONLY_ASKER
from bot.views.text import visible
from index.engine import Engine
from index.settings import Settings
from tests.bot.e2e_helpers import (
    INGESTED,
    ROOT,
    SAMPLE_NEWS,
    LagMonitor,
    MemoEmbedder,
    World,
    quote_texts,
    serve_files,
    start_world,
)
from tests.conftest import SAVED_PAGE
from tests.discord_standin import (
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    OP_RESUME,
    FakeUser,
    InteractionHandle,
    PostedMessage,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

LEINONEN = "what did Leinonen say about drones?"
LEINONEN_WORDS = "plenty of unused potential"
MARS = "what is the capital of Mars?"
WAIT = 60.0  # seconds; generous, the machine may be busy


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(real_embedder: Any, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[World]:
    embedder = MemoEmbedder(real_embedder)
    engine = Engine(Settings(data_dir=tmp_path_factory.mktemp("e2e") / "data"), embedder=embedder, clock=lambda: INGESTED)

    async def ingest(w: World) -> None:
        await engine.aingest([str(SAVED_PAGE), str(SAMPLE_NEWS)], corpus=w.corpus())
        await engine.aingest([str(SAVED_PAGE)], corpus="dmnews")

    try:
        async with start_world(engine, embedder, before_start=ingest) as running:
            yield running
    finally:
        engine.close()


async def ask(world: World, question: str, user: Any = None, **kw: Any) -> tuple[InteractionHandle, PostedMessage]:
    handle = await world.standin.interaction("ask", options={"question": question}, user=user, **kw)
    return handle, await handle.wait_response(timeout=WAIT)


def everything(posted: PostedMessage) -> str:
    """All text of a posted message, as sent."""
    return json.dumps({"content": posted.content, "embeds": posted.embeds})


def leinonen_quote(posted: PostedMessage) -> str | None:
    return next((q for q in quote_texts(posted) if LEINONEN_WORDS in q), None)


async def test_ask_defers_then_quotes_leinonen_exactly_with_the_source(world: World) -> None:
    handle, answer = await ask(world, LEINONEN)

    assert handle.callback_type == DEFERRED_CHANNEL_MESSAGE
    quote = leinonen_quote(answer)
    assert quote is not None and quote in await asyncio.to_thread(SAVED_PAGE.read_text, encoding="utf-8")
    description = answer.embeds[0]["description"]
    assert "**Marta Leinonen, EU foreign policy chief**" in description and "The Hangang Herald" in description
    assert answer.embeds[0]["title"] == LEINONEN
    assert answer.allowed_mentions == {"parse": []}
    assert not answer.ephemeral and [r.kind for r in handle.responses()] == ["edit"]  # the "thinking…" message
    assert answer.id == handle.original_id and world.standin.deprecated_uses == []


async def test_more_quotes_pages_for_the_asker_and_refuses_everyone_else(world: World) -> None:
    s = world.standin
    completed = asyncio.ensure_future(world.bot.wait_for("app_command_completion"))
    handle, answer = await ask(world, LEINONEN)
    await asyncio.wait_for(completed, WAIT)  # the view is registered once the command has returned
    back_id, more_id = answer.custom_ids
    key = more_id.split(":")[2]
    assert (back_id, more_id) == (f"newsbot:back:{key}:0", f"newsbot:more:{key}:1")  # the kept answer's key

    stranger = await s.component_click(answer, more_id, user=s.add_user("bob"))
    refusal = await stranger.wait_response(timeout=WAIT)
    assert stranger.callback_type == DEFERRED_UPDATE_MESSAGE and refusal.kind == "followup"
    assert refusal.ephemeral and refusal.content == ONLY_ASKER and refusal.allowed_mentions == {"parse": []}

    paged = await s.component_click(answer, more_id)
    page2 = await paged.wait_edit(timeout=WAIT)
    assert paged.callback_type == DEFERRED_UPDATE_MESSAGE and page2.id == answer.id
    assert "page 2 of" in page2.embeds[0]["footer"]["text"]
    assert page2.embeds[0]["description"] != answer.embeds[0]["description"]
    assert page2.payload["allowed_mentions"] == {"parse": []}
    back = next(c for c in page2.components[0]["components"] if c["custom_id"] == back_id)
    assert back["disabled"] is False


async def test_a_mention_gets_the_same_answer_as_a_reply(world: World) -> None:
    s = world.standin
    _, slash = await ask(world, LEINONEN, user=s.add_user("carol"))
    mention = await s.message(f"{s.bot_user.mention} {LEINONEN}", author=s.add_user("dan"))

    reply = await mention.wait_reply(timeout=WAIT)
    assert reply.kind == "channel" and reply.channel_id == s.channel.id
    assert reply.embeds[0]["description"] == slash.embeds[0]["description"]
    assert reply.payload["allowed_mentions"]["parse"] == []
    assert not reply.payload["allowed_mentions"].get("replied_user")
    assert reply.pinged_user_ids == set() and not reply.mention_everyone


async def test_a_reply_to_an_answer_asks_a_follow_up_on_the_same_subject(world: World) -> None:
    s = world.standin
    user = s.add_user("erik")
    mention = await s.message(f"{s.bot_user.mention} {LEINONEN}", author=user)
    first = await mention.wait_reply(timeout=WAIT)

    follow = await s.message("and what about China?", author=user, reply_to=first)
    second = await follow.wait_reply(timeout=WAIT)
    assert second.embeds[0]["title"] == "what did Leinonen say about drones: and what about China?"
    assert second.reply_to == follow.id


async def test_an_unknown_question_gets_the_abstention_with_closest_headlines(world: World) -> None:
    _, answer = await ask(world, MARS)
    assert answer.embeds == [] and answer.components == []
    assert answer.content.startswith("The indexed news doesn't answer that")
    assert "Closest headlines:" in answer.content and answer.allowed_mentions == {"parse": []}


async def test_bad_questions_get_short_private_explanations(world: World) -> None:
    s = world.standin
    long = await s.interaction("ask", options={"question": "why " * 130})
    refusal = await long.wait_response(timeout=WAIT)
    assert long.callback_type == CHANNEL_MESSAGE and refusal.ephemeral
    assert refusal.content == "Questions can be at most 500 characters; yours has 519. Try a shorter one."

    fay = s.add_user("fay")
    await s.message(s.bot_user.mention, author=fay)
    note = await s.wait_for_message(lambda p: p.channel_id == s.dm_channel(fay).id, timeout=WAIT)
    assert note.content == MENTION_ONLY


async def test_a_non_admin_cannot_reindex(world: World) -> None:
    s = world.standin
    with pytest.raises(PermissionError):  # Discord does not show /reindex to members without Manage Server
        await s.interaction("reindex")
    s.allow_command("reindex", s.guild, s.user)  # unless a server admin allows them; the bot still says no
    refused = await s.interaction("reindex")
    reply = await refused.wait_response(timeout=WAIT)
    assert refused.callback_type == CHANNEL_MESSAGE and reply.ephemeral
    assert reply.content == "Only members with the Manage Server permission or the Newsbot Admins role can do this."
    assert not world.engine.is_rebuilding(corpus=world.corpus())


async def test_an_admin_reindex_reports_progress_while_questions_keep_being_answered(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    s, engine = world.standin, world.engine
    monkeypatch.setattr(index.store.ingest, "BATCH_CHUNKS", 16)  # several batches, so progress shows in between
    held, release = threading.Event(), threading.Event()
    batches: list[int] = []

    def pace(_: int) -> None:  # hold the rebuild mid-way (in its worker thread) until the asks are answered
        if not engine.is_rebuilding(corpus=world.corpus()):
            return
        batches.append(1)
        if len(batches) >= 2 and not release.is_set():
            held.set()
            release.wait(timeout=120)

    monkeypatch.setattr(engine, "embed_cache", None)  # no vectors from the embedding cache either
    world.embedder.live, world.embedder.before_batch = True, pace  # the model does the rebuild's full work
    try:
        async with LagMonitor() as lag:
            reindex = await s.interaction("reindex", user=world.manager)
            started = await reindex.wait_response(timeout=WAIT)
            assert started.content == "Rebuilding this server's index…" and not started.ephemeral

            progress = await reindex.wait_edit(lambda p: 0 < _percent(p) < 100, timeout=WAIT)
            assert re.search(r"\d+/\d+ articles, \d+ chunks \(\d+%\)", progress.content)
            await asyncio.to_thread(held.wait, WAIT)
            assert engine.is_rebuilding(corpus=world.corpus())

            s.allow_command("reindex", s.guild, world.role_admin)  # the admin role, allowed in Integrations
            again = await s.interaction("reindex", user=world.role_admin)
            assert (await again.wait_response(timeout=WAIT)).content == ALREADY

            users = [s.add_user(f"reader{i}") for i in range(3)]
            asks = [await s.interaction("ask", options={"question": LEINONEN}, user=u) for u in users]
            answers = [await a.wait_response(timeout=WAIT) for a in asks]
            assert engine.is_rebuilding(corpus=world.corpus())  # all answered while the rebuild still runs
            release.set()

            done = await reindex.wait_edit(lambda p: p.content.startswith("Rebuilt"), timeout=120)
        assert all(leinonen_quote(a) for a in answers)
        assert all(a.time < done.time for a in answers)
        stats = await engine.astats(corpus=world.corpus())
        assert re.fullmatch(
            rf"Rebuilt this server's index: {stats.articles} articles, {stats.chunks} chunks in \d+\.\d s\. "
            r"Answers now come from the new index\.",
            done.content,
        )
        assert lag.samples and lag.worst < 1.0, f"the event loop stalled for {lag.worst:.2f}s"
        _, after = await ask(world, LEINONEN)  # and the new index answers too
        assert leinonen_quote(after)
    finally:
        release.set()
        world.embedder.live, world.embedder.before_batch = False, None


def _percent(p: PostedMessage) -> int:
    m = re.search(r"\((\d+)%\)", p.content)
    return int(m.group(1)) if m else -1


async def test_everyone_and_mentions_in_article_text_ping_no_one(world: World) -> None:
    s = world.standin
    question = "What did the raw text of the Niigata post open with?"
    _, answer = await ask(world, question)
    mention = await s.message(f"{s.bot_user.mention} {question}", author=s.add_user("gil"))
    reply = await mention.wait_reply(timeout=WAIT)

    for posted in (answer, reply):
        shown = " ".join(quote_texts(posted))
        assert "@everyone URGENT" in shown and "<@123456789012345678>" in shown and "<@&987654321098765432>" in shown
        assert posted.payload["allowed_mentions"]["parse"] == []
        assert "users" not in posted.payload["allowed_mentions"] and "roles" not in posted.payload["allowed_mentions"]
        assert posted.pinged_user_ids == set() and posted.pinged_role_ids == set() and not posted.mention_everyone
        assert "@everyone" not in everything(posted)  # the raw text carries an invisible break as well


async def test_a_dropped_gateway_connection_resumes_and_the_bot_still_answers(world: World) -> None:
    s = world.standin
    identified = s.identify_count
    async with s.disconnected():
        missed = await s.interaction("ask", options={"question": LEINONEN})
        assert not s.connected
    await s.wait_resumed(timeout=WAIT)
    assert leinonen_quote(await missed.wait_response(timeout=WAIT))

    await s.drop_connection(abrupt=True)
    await s.wait_resumed(timeout=WAIT)
    _, after = await ask(world, LEINONEN)
    assert leinonen_quote(after)
    assert s.identify_count == identified and s.frames("in", op=OP_RESUME)


async def test_a_rate_limited_answer_is_retried_and_posted_exactly_once(world: World) -> None:
    s = world.standin
    limited_before = len(s.rate_limited)
    s.rate_limit_next("PATCH", r"^/webhooks/\d+/[^/]+/messages/@original$", retry_after=0.3)

    handle, answer = await ask(world, LEINONEN)
    await asyncio.sleep(0.5)  # room for a (wrong) second post to show up
    assert len(s.rate_limited) == limited_before + 1
    edits = [c.status for c in handle.calls() if c.method == "PATCH" and c.path.startswith("/webhooks/")]
    assert edits == [429, 200]
    assert len(handle.responses()) == 1 and leinonen_quote(answer)


async def test_one_guilds_sources_are_never_quoted_in_another(world: World) -> None:
    s, other = world.standin, world.other
    # a feed none of the guilds has yet (sample_news/feeds/demo.xml is part of the sample folder guild A holds)
    feed = (ROOT / "tests" / "fixtures" / "sources" / "lighthouse_feed.rss").read_bytes()
    hirano = "What did Maren Holt say about the lighthouse lamps?"
    async with serve_files({"feed.xml": (feed, "application/rss+xml")}) as server:
        url = server.url("feed.xml")
        s.allow_command("sources", s.guild, s.user)
        refused = await s.interaction("sources", {"url": url}, subcommand="add")
        assert (await refused.wait_response(timeout=WAIT)).content.startswith("Only members with")

        added = await s.interaction("sources", {"url": url}, subcommand="add", user=world.other_manager,
                                    guild_id=other.id)
        note = await added.wait_response(timeout=WAIT)
        assert note.ephemeral and note.content == f"Now following <{url}> (feed): 3 new articles."

        listed = await s.interaction("sources", subcommand="list", guild_id=other.id, user=world.other_manager)
        assert url in (await listed.wait_response(timeout=WAIT)).embeds[0]["description"]

        _, in_b = await ask(world, hirano, user=world.other_manager, guild_id=other.id)
        assert "skerrylantern.example" in everything(in_b)
        _, in_a = await ask(world, hirano)
        assert "skerrylantern.example" not in everything(in_a) and "Holt" not in " ".join(quote_texts(in_a))
        _, leinonen_in_b = await ask(world, LEINONEN, user=world.other_manager, guild_id=other.id)
        assert LEINONEN_WORDS not in everything(leinonen_in_b) and "The Hangang Herald" not in everything(leinonen_in_b)

        server.failing.add("feed.xml")  # the feed breaks: a full reindex polls it and /status says so
        full = await s.interaction("reindex", {"full": True}, user=world.other_manager, guild_id=other.id)
        done = await full.wait_edit(lambda p: "Rebuilt" in p.content, timeout=WAIT)
        assert "1 failed (see /status)" in done.content

        status = await s.interaction("status", guild_id=other.id, user=world.other_manager)
        embed = (await status.wait_response(timeout=WAIT)).embeds[0]
        fields = {f["name"]: f["value"] for f in embed["fields"]}
        assert fields["Articles"] == "3" and fields["Sources"] == "1 followed, 1 failing"
        assert url in fields["Failing feeds"]

        removed = await s.interaction("sources", {"url": url}, subcommand="remove", user=world.other_manager,
                                      guild_id=other.id)
        assert (await removed.wait_response(timeout=WAIT)).content == (
            f"Stopped following <{url}> and removed 3 articles."
        )


async def test_status_shows_the_guilds_counts_and_the_model(world: World) -> None:
    status = await world.standin.interaction("status")
    reply = await status.wait_response(timeout=WAIT)
    stats = await world.engine.astats(corpus=world.corpus())
    fields = {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}
    assert reply.ephemeral and fields["Articles"] == str(stats.articles) and fields["Chunks"] == str(stats.chunks)
    assert fields["Model"] == "all-MiniLM-L6-v2" and fields["Newest article"] == "2026-11-23"


async def test_direct_messages_are_answered_from_the_default_corpus(world: World) -> None:
    s = world.standin
    hal: FakeUser = s.add_user("hal")
    dm = await s.message(LEINONEN, author=hal, dm=True)
    reply = await dm.wait_reply(timeout=WAIT)
    assert reply.channel_id == s.dm_channel(hal).id and leinonen_quote(reply)
    assert visible(reply.embeds[0]["title"]) == LEINONEN
