"""End to end: a bot for many servers. Sharding (automatic, or split over processes by NEWSBOT_SHARD_COUNT and
NEWSBOT_SHARD_IDS) and corpora that leave memory when their server goes quiet.

The stand-in gives each shard the guilds Discord's formula gives it, `(guild_id >> 22) % num_shards`, and
refuses an unsharded IDENTIFY beyond `max_guilds_per_shard` guilds (Discord: 2,500) with 4011. The last test
runs two real bot processes, one shard each, against one real `chroma run` server.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.client import NewsBot
from bot.config import BotSettings, corpus_for
from index.engine import Engine
from index.settings import Settings
from tests.bot.e2e_helpers import AS_OF, INGESTED, ROOT, SAMPLE_NEWS, MemoEmbedder, quote_texts
from tests.conftest import SAVED_PAGE
from tests.discord_standin import DiscordStandIn, FakeGuild, InteractionHandle, PostedMessage, run_bot

pytestmark = pytest.mark.asyncio(loop_scope="module")

WAIT = 60.0
MORIOKA = "What did Morioka say about drones?"
LEINONEN = "What did Leinonen say about drones?"
LEINONEN_WORDS = "plenty of unused potential"


@dataclass
class Ticker:
    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def engine(real_embedder: Any, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Engine]:
    data = tmp_path_factory.mktemp("shards") / "data"
    settings = Settings.from_env({"NEWSBOT_DATA_DIR": str(data), "NEWSBOT_CORPUS_IDLE_MINUTES": "30"})
    engine = Engine(settings, embedder=MemoEmbedder(real_embedder), clock=lambda: INGESTED)
    yield engine
    engine.close()


def two_shard_guilds(s: DiscordStandIn) -> tuple[FakeGuild, FakeGuild]:
    """The stand-in's guild and a second one that Discord's formula puts on the other of two shards."""
    other = s.add_guild("Other Guild", shard=(1 - s.shard_of(s.guild.id, 2), 2))
    s.member(s.user, other)
    return s.guild, other


def bot_settings(s: DiscordStandIn, engine: Engine, **env: str) -> BotSettings:
    return BotSettings.from_env(
        {"DISCORD_TOKEN": s.token, "NEWSBOT_COOLDOWN_SECONDS": "0",
         "NEWSBOT_DATA_DIR": str(engine.settings.data_dir), **env},
        dotenv_path=None,
    )


def newsbot(engine: Engine, settings: BotSettings, **options: Any) -> NewsBot:
    return NewsBot(engine=engine, settings=settings, clock=lambda: AS_OF, poll_feeds=False, schedule_digests=False,
                   identify_pause=0.0, **options)


async def ask(s: DiscordStandIn, question: str, guild: FakeGuild) -> tuple[InteractionHandle, PostedMessage]:
    handle = await s.interaction("ask", {"question": question}, guild_id=guild.id)
    return handle, await handle.wait_response(lambda p: bool(p.embeds or p.content), timeout=WAIT)


async def test_past_the_guilds_one_connection_may_hold_the_bot_shards_as_discord_recommends(engine: Engine) -> None:
    async with DiscordStandIn(recommended_shards=2, max_guilds_per_shard=1) as s:
        with s.patch_discord():
            a, b = two_shard_guilds(s)
            for guild in (a, b):
                await engine.aingest([str(SAMPLE_NEWS)], corpus=corpus_for(guild.id, BotSettings()))
            async with run_bot(newsbot(engine, bot_settings(s, engine)), s.token, timeout=30.0) as bot:
                assert bot.shard_count == 2 and {g.id for g in bot.guilds} == {a.id, b.id}
                asked = [await ask(s, MORIOKA, g) for g in (a, b)]
    assert s.refused_identify == []
    for guild, (handle, answer) in zip((a, b), asked, strict=True):
        assert handle.shard == s.shard_of(guild.id, 2) and quote_texts(answer)


async def test_with_shard_settings_a_process_serves_only_its_shards_servers(engine: Engine) -> None:
    async with DiscordStandIn(max_guilds_per_shard=1) as s:
        with s.patch_discord():
            a, b = two_shard_guilds(s)
            mine = s.shard_of(b.id, 2)
            settings = bot_settings(s, engine, NEWSBOT_SHARD_COUNT="2", NEWSBOT_SHARD_IDS=str(mine))
            await engine.aingest([str(SAMPLE_NEWS)], corpus=corpus_for(b.id, settings))
            async with run_bot(newsbot(engine, settings), s.token, timeout=30.0) as bot:
                assert [g.id for g in bot.guilds] == [b.id]
                assert [f.d["shard"] for f in s.frames("in", op=2)] == [[mine, 2]]
                handle, answer = await ask(s, MORIOKA, b)
                with pytest.raises(RuntimeError, match="no bot is connected for shard"):
                    await s.interaction("ask", {"question": MORIOKA}, guild_id=a.id)
    assert quote_texts(answer) and handle.shard == mine


async def test_a_corpus_unused_for_a_while_leaves_memory_and_comes_back_on_its_next_question(
    engine: Engine,
) -> None:
    ticker = Ticker()
    engine.ticker = ticker  # the engine's clock for "unused for a while"
    async with DiscordStandIn() as s:
        with s.patch_discord():
            a, b = s.guild, s.add_guild("Quiet Guild")
            s.member(s.user, b)
            settings = bot_settings(s, engine)
            ca, cb = corpus_for(a.id, settings), corpus_for(b.id, settings)
            for corpus in (ca, cb):
                await engine.aingest([str(SAMPLE_NEWS)], corpus=corpus)
            async with run_bot(newsbot(engine, settings, sweep_interval=0.05), s.token):
                await ask(s, MORIOKA, a)
                await ask(s, MORIOKA, b)
                assert {ca, cb} <= set(engine.loaded_corpora())
                ticker.now += 20 * 60
                await ask(s, MORIOKA, a)  # a stays busy; b has been quiet for 20 minutes
                ticker.now += 15 * 60  # b: 35 minutes, past the 30 of NEWSBOT_CORPUS_IDLE_MINUTES; a: 15
                await s.wait_until(lambda: cb not in engine.loaded_corpora() or None, WAIT, "b to be unloaded")
                assert ca in engine.loaded_corpora()
                _, again = await ask(s, MORIOKA, b)
                assert quote_texts(again) and cb in engine.loaded_corpora()


# ------------------------------------------------------------------------------ two processes, one Chroma


@dataclass
class Process:
    shard: int
    proc: asyncio.subprocess.Process
    log: Path

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextlib.asynccontextmanager
async def bot_process(shard: int, env: dict[str, str], log: Path) -> AsyncIterator[Process]:
    """`python -m tests.bot.shard_process` (the real bot.__main__.main) with NEWSBOT_SHARD_IDS=shard."""
    with log.open("wb") as out:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.bot.shard_process", cwd=ROOT, env={**env, "NEWSBOT_SHARD_IDS": str(shard)},
            stdout=out, stderr=asyncio.subprocess.STDOUT,
        )
    try:
        yield Process(shard, proc, log)
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(proc.wait(), 30)
            except TimeoutError:
                proc.kill()
                await proc.wait()


async def test_two_processes_with_different_shard_ids_serve_different_servers_against_one_chroma_server(
    chroma_server: int, real_embedder: Any, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shared = {"NEWSBOT_DATA_DIR": str(data), "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_server)}
    async with DiscordStandIn(max_guilds_per_shard=1) as s:
        a, b = two_shard_guilds(s)
        settings = BotSettings()
        loader = Engine(Settings.from_env(shared), embedder=MemoEmbedder(real_embedder), clock=lambda: INGESTED)
        try:  # a's index: the sample news; b's: our saved page; both in the one Chroma server
            await loader.aingest([str(SAMPLE_NEWS)], corpus=corpus_for(a.id, settings))
            await loader.aingest([str(SAVED_PAGE)], corpus=corpus_for(b.id, settings))
        finally:
            loader.close()
        env = {**os.environ, **shared, "DISCORD_TOKEN": s.token, "NEWSBOT_SHARD_COUNT": "2",
               "NEWSBOT_TEST_STANDIN": s.base_url, "NEWSBOT_COOLDOWN_SECONDS": "0", "HF_HUB_OFFLINE": "1",
               "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false", "ANONYMIZED_TELEMETRY": "False"}
        async with (
            bot_process(0, env, tmp_path / "shard0.log") as p0,
            bot_process(1, env, tmp_path / "shard1.log") as p1,
        ):
            try:
                await s.wait_identified(120, shards=2)
                for guild in (a, b):
                    await s.wait_until(lambda g=guild: s.command("ask") or None, 120, "command sync")
                asked_a = await s.interaction("ask", {"question": MORIOKA}, guild_id=a.id)
                asked_b = await s.interaction("ask", {"question": LEINONEN}, guild_id=b.id)
                answer_a = await asked_a.wait_response(lambda p: bool(p.embeds), timeout=120)
                answer_b = await asked_b.wait_response(lambda p: bool(p.embeds), timeout=120)
                for p in (p0, p1):  # on_ready may come after the first answers on a loaded machine
                    await s.wait_until(lambda p=p: "logged in as" in p.text() or None, 120, "on_ready")
            except BaseException:
                print("shard 0 log:\n" + p0.text() + "\nshard 1 log:\n" + p1.text())
                raise
            processes = {p.shard: p for p in (p0, p1)}

    for shard in (0, 1):
        (identify,) = [f for f in s.frames("in", op=2) if f.shard == shard]
        assert identify.d["shard"] == [shard, 2]
        created = [int(f.d["id"]) for f in s.frames("out", event="GUILD_CREATE") if f.shard == shard]
        assert created == [g.id for g in (a, b) if s.shard_of(g.id, 2) == shard]  # one server each
    assert asked_a.shard == s.shard_of(a.id, 2) != asked_b.shard == s.shard_of(b.id, 2)
    assert "Morioka" in " ".join(quote_texts(answer_a)) and LEINONEN_WORDS not in str(answer_a.embeds)
    assert any(LEINONEN_WORDS in q for q in quote_texts(answer_b))  # b answers from its own index only
    for shard, process in processes.items():
        log = process.text()
        assert f"shards [{shard}] of 2" in log and "Traceback" not in log, log
