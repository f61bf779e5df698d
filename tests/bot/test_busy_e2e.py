"""End to end: a busy engine, interaction tokens that die, and the deferred "thinking…" message.

The real NewsBot and engine (bundled model, embedded Chroma) against the Discord stand-in, which enforces
Discord's 3-second acknowledgement deadline, lets interaction tokens die (after a lifetime the tests shrink) and
records the deprecated way of filling a deferred response. Slow jobs are real: source fetches that a local HTTP
server holds open, and rebuilds held between batches.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import re
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web

import index.store.cache
import index.store.ingest
from index.engine import Engine
from index.settings import Settings
from tests.bot.e2e_helpers import INGESTED, SAMPLE_NEWS, MemoEmbedder, World, quote_texts, start_world
from tests.conftest import SAVED_PAGE
from tests.discord_standin import (
    DEFERRED_CHANNEL_MESSAGE,
    INVALID_WEBHOOK_TOKEN,
    LOADING,
    InteractionHandle,
    PostedMessage,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

LEINONEN = "what did Leinonen say about drones?"
WAIT = 60.0
ACK = 10.0  # seconds to wait for an acknowledgement; the stand-in refuses any after its 3 s deadline
FEED = (SAMPLE_NEWS / "feeds" / "demo.xml").read_bytes()
DEFAULT_POOL = min(32, (os.cpu_count() or 1) + 4)  # asyncio's default executor


@dataclass
class Stall:
    """A local HTTP server that holds each request open until `release` (or a per-request condition) is set."""

    release: asyncio.Event = field(default_factory=asyncio.Event)
    hits: list[str] = field(default_factory=list)
    base: str = ""
    serve: dict[str, bytes] = field(default_factory=dict)
    hold_until: Callable[[], bool] | None = None

    async def handle(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        self.hits.append(name)
        while not self.release.is_set() and not (self.hold_until is not None and self.hold_until()):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.release.wait(), 0.05)
        if name in self.serve:
            return web.Response(body=self.serve[name], headers={"Content-Type": "application/rss+xml"})
        return web.Response(status=404, text="not found")

    def url(self, name: str) -> str:
        return f"{self.base}/{name}"


@contextlib.asynccontextmanager
async def stalling() -> AsyncIterator[Stall]:
    stall = Stall()
    app = web.Application()
    app.router.add_get("/{name:.*}", stall.handle)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    await web.SockSite(runner, sock).start()
    stall.base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        yield stall
    finally:
        stall.release.set()
        await runner.cleanup()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def engine(real_embedder: Any, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Engine]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("busy") / "data", http_timeout=120.0)
    engine = Engine(settings, embedder=MemoEmbedder(real_embedder), clock=lambda: INGESTED)
    yield engine
    engine.close()


@contextlib.asynccontextmanager
async def world_of(engine: Engine, **kw: Any) -> AsyncIterator[World]:
    async def ingest(w: World) -> None:
        await engine.aingest([str(SAVED_PAGE), str(SAMPLE_NEWS)], corpus=w.corpus())

    assert isinstance(engine.embedder, MemoEmbedder)
    async with start_world(engine, engine.embedder, before_start=ingest, **kw) as running:
        yield running


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(engine: Engine) -> AsyncIterator[World]:
    async with world_of(engine, progress_interval=0.05) as running:
        yield running


async def acknowledged(world: World, handle: InteractionHandle) -> dict[str, Any]:
    """The interaction's acknowledgement, which the stand-in accepts only within its deadline."""
    s = world.standin
    await s.wait_until(lambda: handle.callback or (True if handle in s.late_acks else None), ACK,
                       f"an acknowledgement of {handle!r}")
    assert handle not in s.late_acks, f"{handle!r} was acknowledged after the deadline (Discord: 10062)"
    assert handle.callback is not None
    return handle.callback


@contextlib.contextmanager
def held_rebuild(world: World, monkeypatch: pytest.MonkeyPatch, hold: Callable[[int], bool]) -> Any:
    """Rebuilds of guild A's index run in small batches; before the rebuild's n-th (from 1), `hold(n)` says whether
    to wait for `release` (called in the engine's worker thread)."""
    monkeypatch.setattr(index.store.ingest, "BATCH_CHUNKS", 16)
    # every batch is embedded again, not taken from the embedding cache, so the rebuild can be held between batches
    monkeypatch.setattr(index.store.cache.SqliteCache, "get", lambda self, embedder, keys: {})
    release = threading.Event()
    started = threading.Event()
    batch = itertools.count(1)  # the rebuild's own batches: the embedder's count runs on from earlier ingests

    def pace(_: int) -> None:
        if not world.engine.is_rebuilding(corpus=world.corpus()):
            return
        started.set()
        if hold(next(batch)):
            release.wait(timeout=120)

    world.embedder.live, world.embedder.before_batch = True, pace
    try:
        yield started, release
    finally:
        release.set()
        world.embedder.live, world.embedder.before_batch = False, None


# ------------------------------------------------------------------------------------------ a busy pool


async def test_slow_jobs_filling_every_worker_leave_clicks_and_commands_acknowledged_and_questions_answered(
    world: World,
) -> None:
    s = world.standin
    first = await s.interaction("ask", {"question": LEINONEN})
    answer = await first.wait_response(lambda p: bool(p.embeds), timeout=WAIT)
    await s.wait_until(lambda: answer.custom_ids or None, WAIT, "the pager")
    more_id = answer.custom_ids[1]

    async with stalling() as stall:
        jobs = [await s.interaction("sources", {"url": stall.url(f"feed{i}.xml")}, subcommand="add",
                                    user=world.manager) for i in range(DEFAULT_POOL + 1)]
        for job in jobs:
            await acknowledged(world, job)
        await s.wait_until(lambda: len(stall.hits) >= 2 or None, WAIT, "the slow fetches to start")
        await asyncio.sleep(0.5)  # every worker the jobs can take is now stuck in a fetch

        click = await s.component_click(answer, more_id)
        reindex = await s.interaction("reindex", user=world.manager)
        asked = await s.interaction("ask", {"question": LEINONEN}, user=s.add_user("ivy"))
        await acknowledged(world, click)
        await acknowledged(world, reindex)
        assert (await acknowledged(world, asked))["type"] == DEFERRED_CHANNEL_MESSAGE
        paged = await click.wait_edit(timeout=WAIT)
        reply = await asked.wait_response(lambda p: bool(p.embeds), timeout=WAIT)
        assert not stall.release.is_set()  # all this while every slow job still hangs
        assert "page 2 of" in paged.embeds[0]["footer"]["text"] and quote_texts(reply)

        change = await s.interaction("sources", {"url": stall.url("late.xml")}, subcommand="add",
                                     user=world.manager)
        refusal = await change.wait_response(lambda p: bool(p.content), timeout=ACK)
        assert refusal.ephemeral and "rebuild" in refusal.content.lower()
        assert "late.xml" not in stall.hits
        stall.release.set()
        done = await reindex.wait_response(lambda p: p.content.startswith("Rebuilt"), timeout=120)
    assert done.content.startswith("Rebuilt this server's index")
    for job in jobs:
        await job.wait_response(lambda p: "couldn't read" in p.content, timeout=WAIT)


async def test_a_source_change_while_a_rebuild_runs_is_refused_at_once_with_a_clear_message(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = world.standin
    with held_rebuild(world, monkeypatch, lambda n: n >= 2) as (started, release):
        reindex = await s.interaction("reindex", user=world.manager)
        await acknowledged(world, reindex)
        await asyncio.to_thread(started.wait, WAIT)
        for command, url in (("add", "https://example.org/new.xml"), ("remove", "https://example.org/old.xml")):
            change = await s.interaction("sources", {"url": url}, subcommand=command, user=world.manager)
            refusal = await change.wait_response(lambda p: bool(p.content), timeout=ACK)
            assert refusal.ephemeral and re.search(r"rebuild .*running", refusal.content), refusal.content
            assert "/status" in refusal.content or "finished" in refusal.content
        assert world.engine.is_rebuilding(corpus=world.corpus())  # refused while it still runs, not after
        release.set()
        await reindex.wait_response(lambda p: p.content.startswith("Rebuilt"), timeout=120)


# ------------------------------------------------------------------------------------- expiring tokens


async def test_a_reply_that_would_land_after_the_token_died_goes_to_the_channel(
    engine: Engine
) -> None:
    async with (
        world_of(engine, standin_options={"token_lifetime": 2.0},
                 bot_options={"token_lifetime": 0.5}) as w,
        stalling() as stall,
    ):
        s = w.standin
        stall.serve["slow.xml"] = FEED
        added = await s.interaction("sources", {"url": stall.url("slow.xml")}, subcommand="add", user=w.manager)
        stall.hold_until = lambda: added.expired  # the fetch ends once Discord has let the token die
        late: PostedMessage = await s.wait_for_message(
            lambda p: p.kind == "channel" and "Now following" in p.content, timeout=WAIT
        )
    assert late.channel_id == s.channel.id and w.manager.user.mention in late.content
    assert late.allowed_mentions == {"parse": []} and not late.pinged_user_ids
    assert not [c for c in added.calls() if c.status == 401]  # the bot knew better than to use the dead token


async def test_progress_edits_stop_at_the_first_refusal_and_the_result_still_reaches_the_channel(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with world_of(engine, progress_interval=0.05, standin_options={"token_lifetime": 2.0}) as w:
        s = w.standin
        holder: dict[str, InteractionHandle] = {}

        def hold(n: int) -> bool:  # the first batch waits for the token to die; the rest go slowly
            if n == 1:
                while "reindex" not in holder or not holder["reindex"].expired:
                    time.sleep(0.02)
            else:
                time.sleep(0.15)
            return False

        with held_rebuild(w, monkeypatch, hold):
            reindex = await s.interaction("reindex", user=w.manager)
            holder["reindex"] = reindex
            done = await s.wait_for_message(lambda p: p.content.startswith("Rebuilt"), timeout=120)
        await asyncio.sleep(0.3)  # room for a (wrong) further edit attempt to show up
    refused = [c for c in reindex.calls() if c.method == "PATCH" and c.status == 401]
    assert len(refused) == 1 and refused[0].response["code"] == INVALID_WEBHOOK_TOKEN
    assert done.interaction_id is None and done.id == reindex.original_id  # edited through the channel


# --------------------------------------------------------------------------------- the deferred message


async def test_deferred_responses_are_filled_by_editing_them_not_by_the_deprecated_first_followup(
    world: World,
) -> None:
    s = world.standin
    before = len(s.deprecated_uses)
    asked = await s.interaction("ask", {"question": LEINONEN}, user=s.add_user("jo"))
    answer = await asked.wait_response(lambda p: bool(p.embeds), timeout=WAIT)
    digest = await s.interaction("digest", {"period": "since 2026-11-01"}, user=s.add_user("kim"))
    await digest.wait_response(lambda p: bool(p.embeds), timeout=WAIT)
    failed = await s.interaction("sources", {"url": "https://example.org/never-followed.xml"},
                                 subcommand="remove", user=world.manager)
    error = await failed.wait_response(lambda p: bool(p.content), timeout=WAIT)

    assert s.deprecated_uses[before:] == []
    assert answer.kind == "edit" and answer.id == asked.original_id
    original = asked.original()
    assert original is not None and not int(original["flags"]) & LOADING and original["embeds"]
    assert error.ephemeral and "not a source" in error.content
